/// <reference lib="dom" />
// The triage page's script (`online-safety render --format app`): a form built from the
// vocabulary, the policy's action plan beside it, recomputed in the page on every change. It is
// bundled with the package's core (no Node module, no file) into one script inlined in the page:
// nothing is fetched and nothing the user types leaves the page.
import { evaluate, formatDiagnostic, listBundledPolicies, loadBundledPolicy, loadPolicyFromSources, PolicyLoadError, type Decision, type IncidentInput, type Policy, type Vocabulary, type VocabularyTerms } from '../../core.js';
import { formatPlan } from '../../decision/plan-text.js';
import { InvalidIncidentError } from '../../incident/parse.js';
import type { AppData } from './data.js';

type Answer = boolean | undefined;

interface State {
  policy?: Policy;
  activities: string[];
  people: { role: string; involvement: string }[];
  facts: Record<string, boolean>;
}

const state: State = { activities: [], people: [], facts: {} };
const data = JSON.parse(document.getElementById('online-safety-data')!.textContent!) as AppData;
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** An element with attributes and children (text or elements). */
function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | boolean> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false) continue;
    el.setAttribute(name, value === true ? '' : value);
  }
  el.append(...children);
  return el;
}

function vocabulary(): Vocabulary {
  return state.policy!.vocabulary;
}

// ---- the policy -------------------------------------------------------------------------------

function policyChoices(): { value: string; label: string }[] {
  const bundled = listBundledPolicies().map((id) => ({ value: `bundled:${id}`, label: `${id} (bundled)` }));
  return data.given?.files ? [{ value: 'given', label: `${data.given.label} (this page's policy)` }, ...bundled] : bundled;
}

async function choosePolicy(value: string): Promise<void> {
  $('status').textContent = 'Loading the policy…';
  try {
    state.policy = value === 'given' ? await loadPolicyFromSources({ files: data.given!.files!, ...(data.given!.parents && { parents: data.given!.parents }) }) : await loadBundledPolicy(value.slice('bundled:'.length));
  } catch (error) {
    $('status').textContent = error instanceof PolicyLoadError ? error.diagnostics.map(formatDiagnostic).join('\n') : String(error);
    return;
  }
  $('policy-title').textContent = `${state.policy.title} · version ${state.policy.version}`;
  // The terms a policy knows are its vocabulary's: drop what this one does not have.
  const v = vocabulary();
  state.activities = state.activities.filter((a) => a in v.activities);
  state.people = state.people.filter((p) => p.role in v.roles && p.involvement in v.involvement);
  state.facts = Object.fromEntries(Object.entries(state.facts).filter(([f]) => f in v.facts));
  drawForm();
  await update();
}

// ---- what happened: activities searched by their words and aliases ----------------------------

function activityMatches(query: string): { id: string; label: string; alias?: string }[] {
  const v = vocabulary();
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const found: { id: string; label: string; alias?: string; score: number }[] = [];
  for (const [id, label] of Object.entries(v.activities)) {
    if (state.activities.includes(id)) continue;
    const aliases = v.aliases.activities?.[id] ?? [];
    const own = `${id.replace(/-/g, ' ')} ${label}`.toLowerCase();
    if (words.every((w) => own.includes(w))) found.push({ id, label, score: 0 });
    else {
      const alias = aliases.find((a) => words.every((w) => a.toLowerCase().includes(w)));
      if (alias !== undefined) found.push({ id, label, alias, score: 1 });
    }
  }
  return found.sort((a, b) => a.score - b.score || a.label.localeCompare(b.label)).slice(0, 8);
}

function drawActivitySearch(): void {
  const results = $('activity-results');
  const matches = activityMatches(($('activity-search') as HTMLInputElement).value);
  results.replaceChildren(
    ...matches.map((m) => {
      const button = h('button', { type: 'button', class: 'result', 'data-activity': m.id }, h('span', {}, m.label), m.alias ? h('small', {}, `“${m.alias}”`) : '');
      button.addEventListener('click', () => {
        state.activities.push(m.id);
        ($('activity-search') as HTMLInputElement).value = '';
        drawActivities();
        drawActivitySearch();
        void update();
      });
      return button;
    }),
  );
}

function drawActivities(): void {
  const v = vocabulary();
  $('activities').replaceChildren(
    ...state.activities.map((id) => {
      const remove = h('button', { type: 'button', 'aria-label': `remove ${v.activities[id]}` }, '×');
      remove.addEventListener('click', () => {
        state.activities = state.activities.filter((a) => a !== id);
        drawActivities();
        void update();
      });
      return h('li', { class: 'chip', 'data-activity': id }, h('span', {}, v.activities[id] ?? id), remove);
    }),
  );
  $('no-activities').hidden = state.activities.length > 0;
}

// ---- who was involved --------------------------------------------------------------------------

function select(name: string, options: Record<string, string>, value: string, change: (value: string) => void): HTMLSelectElement {
  const el = h('select', { class: name, 'aria-label': name.replace('person-', '') }, ...Object.entries(options).map(([id, description]) => h('option', { value: id, title: description, selected: id === value }, id)));
  el.addEventListener('change', () => change(el.value));
  return el;
}

function drawPeople(): void {
  const v = vocabulary();
  $('people').replaceChildren(
    ...state.people.map((person, i) => {
      const remove = h('button', { type: 'button', 'aria-label': 'remove this person' }, '×');
      remove.addEventListener('click', () => {
        state.people.splice(i, 1);
        drawPeople();
        void update();
      });
      const set = (key: 'role' | 'involvement') => (value: string) => {
        state.people[i] = { ...state.people[i]!, [key]: value };
        void update();
      };
      return h('li', { class: 'person' }, select('person-role', v.roles, person.role, set('role')), select('person-involvement', v.involvement, person.involvement, set('involvement')), remove);
    }),
  );
}

function addPerson(): void {
  const v = vocabulary();
  const roles = Object.keys(v.roles);
  const involvement = Object.keys(v.involvement);
  // The first person is usually the one the incident is about; the next, who it affected.
  const next = state.people.length === 0 ? 'subject' : 'affected';
  state.people.push({ role: roles.includes('pupil') && state.people.length > 0 ? 'pupil' : roles[0]!, involvement: involvement.includes(next) ? next : involvement[0]! });
  drawPeople();
  void update();
}

// ---- the facts: yes, no, or don't know ----------------------------------------------------------

function drawFacts(): void {
  const v = vocabulary();
  $('facts').replaceChildren(
    ...Object.entries(v.facts).map(([id, fact]) => {
      const answer: Answer = state.facts[id];
      const choice = (label: string, value: Answer) => {
        const input = h('input', { type: 'radio', name: `fact-${id}`, value: String(value), checked: answer === value });
        input.addEventListener('change', () => setFact(id, value));
        return h('label', {}, input, label);
      };
      return h('li', { class: 'fact', 'data-fact': id, title: fact.description }, h('span', { class: 'fact-question' }, fact.question ?? fact.description), h('span', { class: 'answers' }, choice('yes', true), choice('no', false), choice('don’t know', undefined)));
    }),
  );
}

function setFact(id: string, value: Answer): void {
  if (value === undefined) delete state.facts[id];
  else state.facts[id] = value;
  drawFacts();
  void update();
}

// ---- the plan -----------------------------------------------------------------------------------

let run = 0;

async function update(): Promise<void> {
  const policy = state.policy;
  if (!policy) return;
  const mine = ++run;
  if (state.activities.length === 0 && state.people.length === 0) {
    $('status').textContent = 'Describe the incident: what happened, who was involved. The plan appears here.';
    $('plan').textContent = '';
    $('questions').replaceChildren();
    $('no-questions').hidden = true;
    return;
  }
  // The terms are the page's policy's (a school's own vocabulary too), checked when evaluated.
  const incident: IncidentInput<VocabularyTerms> = { people: state.people, activities: state.activities, facts: state.facts };
  let decision: Decision;
  try {
    decision = await evaluate<VocabularyTerms>(policy, incident);
  } catch (error) {
    if (mine !== run) return;
    $('status').textContent = error instanceof InvalidIncidentError ? error.message : String(error);
    return;
  }
  if (mine !== run) return;
  $('status').textContent = '';
  $('plan').textContent = formatPlan(decision, policy, { ask: false });
  drawQuestions(decision);
}

/** The plan's questions, most telling first, each answered here with the fact it turns on. */
function drawQuestions(decision: Decision): void {
  const v = vocabulary();
  const asked = decision.plan.ask.slice(0, 6).flatMap((q) => {
    const fact = Object.keys(q.facts).find((f) => !(f in state.facts));
    if (fact === undefined) return [];
    const answer = (label: string, value: boolean) => {
      const button = h('button', { type: 'button', 'data-fact': fact, 'data-value': String(value) }, label);
      button.addEventListener('click', () => setFact(fact, value));
      return button;
    };
    return [
      h(
        'li',
        { class: `question${q.outside ? ' outside' : ''}` },
        h('p', { class: 'ask' }, q.ask),
        h('p', { class: 'adds' }, `If ${q.facts[fact] ? 'yes' : 'no'}: ${q.wouldAdd.join('; ')}`),
        h('p', { class: 'buttons' }, answer('Yes', true), answer('No', false), h('small', {}, v.facts[fact]?.description ?? fact)),
      ),
    ];
  });
  $('questions').replaceChildren(...asked);
  $('no-questions').hidden = asked.length > 0;
}

// ---- start ----------------------------------------------------------------------------------------

function drawForm(): void {
  drawActivities();
  drawActivitySearch();
  drawPeople();
  drawFacts();
}

const policySelect = $('policy') as HTMLSelectElement;
const choices = policyChoices();
const first = data.given ? (data.given.files ? 'given' : `bundled:${data.given.id}`) : choices[0]!.value;
policySelect.replaceChildren(...choices.map((c) => h('option', { value: c.value, selected: c.value === first }, c.label)));
policySelect.addEventListener('change', () => void choosePolicy(policySelect.value));
$('activity-search').addEventListener('input', drawActivitySearch);
$('add-person').addEventListener('click', addPerson);
$('clear').addEventListener('click', () => {
  state.activities = [];
  state.people = [];
  state.facts = {};
  drawForm();
  void update();
});
void choosePolicy(first);

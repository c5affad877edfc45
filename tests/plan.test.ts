// The action plan (src/decision/plan.ts): what a safeguarding lead reads first, and that it is
// the decision's outcomes, all of them, folded and ordered, never something the policy did not say.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/decision/evaluate.js';
import { actionPlan, rankQuestions } from '../src/decision/plan.js';
import { IN_SCHOOL, OUTSIDE_SCHOOL, PROTECTS_A_CHILD } from '../src/decision/plan-terms.js';
import { GROUP_OF_KIND, type Decision, type PlanLine, type Question } from '../src/decision/schema.js';
import { listBundledPolicies, loadBundledPolicy } from '../src/engine/load.js';
import { parseIncidentText } from '../src/incident/parse.js';
import type { Incident } from '../src/incident/schema.js';
import { OUTCOME_KINDS } from '../src/policy/schema.js';
import { readScenarioFile } from '../src/scenario/load.js';
import { bundledVocabulary } from '../src/vocabulary/load.js';

const today = '2026-11-26';

async function decide(policy: string, file: string): Promise<Decision> {
  const path = join('examples/incidents', file);
  return evaluate(await loadBundledPolicy(policy), parseIncidentText(readFileSync(path, 'utf8'), path), { today });
}

const allLines = (d: Decision): PlanLine[] => [...d.plan.doNow, ...d.plan.doNext.flatMap((g) => g.lines), ...d.plan.decide];
const linesFor = (d: Decision, target: string) => allLines(d).filter((l) => l.target === target);

/** Every example incident and every scenario incident, each to be evaluated under both policies. */
function everyIncident(): { name: string; incident: Incident }[] {
  const out: { name: string; incident: Incident }[] = [];
  for (const f of readdirSync('examples/incidents').filter((f) => f.endsWith('.yaml'))) {
    const path = join('examples/incidents', f);
    out.push({ name: path, incident: parseIncidentText(readFileSync(path, 'utf8'), path) });
  }
  for (const policy of listBundledPolicies()) {
    for (const f of readdirSync(join('tests/scenarios', policy))) {
      const loaded = readScenarioFile(join('tests/scenarios', policy, f));
      loaded.incidents.forEach((incident, i) => out.push({ name: `${policy}/${f} #${i + 1}`, incident }));
    }
  }
  return out;
}

describe('a child-abuse-image case: eLiM "Reporting and Response to incidents" (response.child-abuse-images)', () => {
  it('begins with the halt on reviewing, then the police immediately, then the Designated Safeguarding Lead', async () => {
    const d = await decide('elim-school', 'child-abuse-images-found.yaml');
    const [halt, police, dsl] = d.plan.doNow;
    expect(halt).toMatchObject({ kinds: ['prohibition'], target: 'continue-review-of-child-abuse-images', modality: 'must', urgent: 'protects-a-child' });
    expect(halt!.because.map((r) => r.cite)).toEqual(['response.child-abuse-images']);
    expect(police).toMatchObject({ target: 'police', modality: 'must', timing: 'immediately', urgent: 'protects-a-child' });
    expect(dsl).toMatchObject({ target: 'dsl', kinds: ['notification'], modality: 'must' });
  });

  it('names the police once, with both referrals (immediately; by the school) and the notification folded in, and every clause', async () => {
    const d = await decide('elim-school', 'child-abuse-images-found.yaml');
    expect(d.referrals.filter((o) => o.target === 'police')).toHaveLength(2);
    expect(d.notifications.filter((o) => o.target === 'police')).toHaveLength(1);
    const [police, ...more] = linesFor(d, 'police');
    expect(more).toEqual([]);
    expect(police!.kinds).toEqual(['notification', 'referral']);
    expect(police!.says).toBe('Refer to the police');
    expect(police!.because.map((r) => r.cite)).toEqual(['police-list.1', 'response.child-abuse-images', 'response.illegal-activity', 'sanctions-staff.row-01', 'serious-incidents.police']);
  });

  it('names the LADO once: the must referral (grid row 1) and the should notification (serious incidents) as one must, with the contact via Somerset Direct', async () => {
    const d = await decide('elim-school', 'child-abuse-images-found.yaml');
    const lado = linesFor(d, 'lado');
    expect(lado).toHaveLength(1);
    expect(lado[0]).toMatchObject({ modality: 'must', kinds: ['notification', 'referral'], contact: { name: 'Anthony Goble', route: 'via Somerset Direct' } });
    expect(lado[0]!.because.map((r) => r.cite)).toEqual(['sanctions-staff.row-01', 'serious-incidents.lado']);
  });

  it('puts what is immediate after what protects a child: the Online Safety Leader (infrastructure.incidents-to-online-safety-leader), the Headteacher (roles.leaders.act-immediately)', async () => {
    const d = await decide('elim-school', 'child-abuse-images-found.yaml');
    expect(d.plan.doNow.map((l) => [l.target, l.urgent])).toEqual([
      ['continue-review-of-child-abuse-images', 'protects-a-child'],
      ['police', 'protects-a-child'],
      ['dsl', 'protects-a-child'],
      ['lado', 'protects-a-child'],
      ['children-safeguarding-team', 'protects-a-child'],
      ['online-safety-lead', 'immediately'],
      ['deal-with-under-aup', 'immediately'],
      ['appropriate-action', 'immediately'],
    ]);
  });
});

describe('Do next, Decide', () => {
  it('groups what follows by who acts, the people of the school first, then what the policy gives to no one', async () => {
    const d = await decide('elim-school', 'child-abuse-images-found.yaml');
    expect(d.plan.doNext.map((g) => g.actor)).toEqual(['dsl', 'headteacher', 'online-safety-lead', 'school', null]);
    const headteacher = d.plan.doNext.find((g) => g.actor === 'headteacher')!;
    // roles.senior-leaders.inform-local-authority: the local authority is told by the headteacher.
    // (roles.headteacher.allegations-procedure waits on whether an allegation was made: a question.)
    expect(headteacher.lines.map((l) => l.target)).toEqual(['local-authority']);
  });

  it('a referral to a person in the school with no one named to make it is that person\'s work (MAST 8.1: the Online Safety Lead)', async () => {
    const d = await decide('mast-academy-trust', 'child-abuse-images-found.yaml');
    expect(d.plan.doNext.find((g) => g.actor === 'online-safety-lead')?.lines.map((l) => l.target)).toEqual(['online-safety-lead']);
  });

  it('leaves a may to a person, even for the police: eLiM bullying sanctions (the police may help identify the bully) are in Decide, not Do now', async () => {
    const d = await decide('elim-school', 'pupil-bullies-classmate-at-weekend.yaml');
    expect(d.referrals.find((o) => o.target === 'police')?.modality).toBe('may');
    expect(d.plan.doNow.map((l) => l.target)).not.toContain('police');
    expect(d.plan.decide.find((l) => l.target === 'police')).toMatchObject({ modality: 'may' });
    expect(d.plan.decide[0]!.kinds).toEqual(['judgement']);
  });

  it('an incident that needs nothing at once has an empty Do now (MAST bullying at the weekend, 7.11 / 8.0)', async () => {
    const d = await decide('mast-academy-trust', 'pupil-bullies-classmate-at-weekend.yaml');
    expect(d.plan.doNow).toEqual([]);
    expect(d.plan.classified).toContain('MAST 8.2: likely to result in disciplinary action');
  });
});

describe('the plan is the decision, all of it, and nothing else', () => {
  it('every outcome of every example and scenario incident is in exactly one line, with its reasons; every line comes from outcomes', async () => {
    const incidents = everyIncident();
    expect(incidents.length).toBeGreaterThan(300);
    for (const id of listBundledPolicies()) {
      const policy = await loadBundledPolicy(id);
      for (const { name, incident } of incidents) {
        const d = await evaluate(policy, incident, { today });
        const lines = allLines(d);
        for (const kind of OUTCOME_KINDS.filter((k) => k !== 'classification')) {
          for (const o of d[GROUP_OF_KIND[kind]]) {
            const holding = lines.filter((l) => l.kinds.includes(kind) && l.target === o.target && (o.by === undefined || l.by?.includes(o.by)));
            expect(holding, `${id}: ${name}: ${kind} ${o.target}`).toHaveLength(1);
            for (const r of o.because) expect(holding[0]!.because).toContainEqual(r);
          }
        }
        const outcomes = OUTCOME_KINDS.flatMap((k) => d[GROUP_OF_KIND[k]]);
        for (const l of lines) {
          const from = outcomes.filter((o) => l.kinds.includes(o.kind) && o.target === l.target);
          expect(from.length, `${id}: ${name}: ${l.says}`).toBeGreaterThan(0);
          // The strongest force of what it folds, never stronger.
          expect(l.modality).toBe(['must', 'should', 'may'].find((m) => from.some((o) => o.modality === m)));
        }
        expect(d.plan.classified).toEqual(d.classification.map((o) => o.label));
        expect(d.plan.ask).toHaveLength(d.questions.length);
      }
    }
  });

  it('decision.plan is actionPlan(decision): the same words and order from the same outcomes', async () => {
    const policy = await loadBundledPolicy('elim-school');
    const d = await decide('elim-school', 'teacher-texts-pupil.yaml');
    expect(actionPlan(d, policy)).toEqual(d.plan);
  });

  it('without the policy, people are named by their vocabulary ids, and the lines are the same', async () => {
    const d = await decide('elim-school', 'child-abuse-images-found.yaml');
    const bare = actionPlan(d);
    expect(bare.doNow).toEqual(d.plan.doNow);
    expect(bare.doNext.map((g) => g.title)).toEqual(['dsl', 'headteacher', 'online-safety-lead', 'school', 'Whoever responds (the policy names no one)']);
  });
});

describe('the tables of plan-terms.ts', () => {
  const v = bundledVocabulary();

  it('every bundled target is either a person in the school or outside it, never both', () => {
    const both = IN_SCHOOL.filter((t) => OUTSIDE_SCHOOL.includes(t));
    expect(both).toEqual([]);
    expect([...IN_SCHOOL, ...OUTSIDE_SCHOOL].sort()).toEqual(Object.keys(v.targets).sort());
  });

  it('what protects a child names real terms: prohibitions are duties, people are targets', () => {
    for (const p of PROTECTS_A_CHILD) {
      expect(Object.hasOwn(p.kind === 'prohibition' ? v.duties : v.targets, p.term), p.term).toBe(true);
    }
  });
});

describe('rankQuestions', () => {
  const q = (ask: string, wouldAdd: Partial<Question['wouldAdd'][number]>[], facts: Record<string, boolean> = { [ask]: true }): Question => ({
    ask,
    facts,
    wouldAdd: wouldAdd.map((o) => ({ kind: 'obligation', target: 'log-incident', modality: 'must', because: [{ rule: 'r', cite: 'c' }], ...o })),
  });

  it('asks first what would add a must, then a should, then a may', () => {
    const ranked = rankQuestions([q('may', [{ modality: 'may' }]), q('must', [{ modality: 'must' }]), q('should', [{ modality: 'should' }])]);
    expect(ranked.map((x) => x.ask)).toEqual(['must', 'should', 'may']);
  });

  it('among musts, immediately before promptly before no timing', () => {
    const ranked = rankQuestions([q('none', [{}]), q('promptly', [{ timing: 'promptly' }]), q('immediately', [{ timing: 'immediately' }])]);
    expect(ranked.map((x) => x.ask)).toEqual(['immediately', 'promptly', 'none']);
  });

  it('then a referral outside the school before work inside it', () => {
    const ranked = rankQuestions([q('in school', [{ kind: 'referral', target: 'headteacher' }]), q('outside', [{ kind: 'referral', target: 'police' }])]);
    expect(ranked.map((x) => x.ask)).toEqual(['outside', 'in school']);
  });

  it('is pure: a new list, the input untouched, ties in the given order', () => {
    const input = [q('a', [{}]), q('b', [{}]), q('c', [{ modality: 'should' }])];
    const copy = structuredClone(input);
    const ranked = rankQuestions(input);
    expect(ranked).not.toBe(input);
    expect(input).toEqual(copy);
    expect(ranked.map((x) => x.ask)).toEqual(['a', 'b', 'c']);
    expect(ranked[0]).toBe(input[0]);
  });
});

describe('exceptions in the plan ("unless this is part of an investigation", eLiM sanctions-disciplinary.11)', () => {
  const bypass: Incident = { people: [{ role: 'pupil', involvement: 'subject' }], activities: ['subverting-filtering'], technologies: [], facts: {} };

  it('a line that stands unless an exception holds says so, and the question that would remove it says what it removes', async () => {
    const d = await evaluate(await loadBundledPolicy('elim-school'), bypass, { today });
    const sanction = linesFor(d, 'behaviour-or-disciplinary-procedures');
    expect(sanction.map((l) => l.unless)).toEqual([['it was done as part of an authorised investigation']]);
    const q = d.plan.ask.find((x) => x.facts['part-of-authorised-investigation'] === true)!;
    expect(q.wouldAdd).toEqual([]);
    expect(q.wouldRemove).toEqual(["Sanction: dealt with under the school's normal behaviour or disciplinary procedures (may)"]);
  });

  it('known not to be part of an investigation: the line stands outright and nothing is asked about it', async () => {
    const d = await evaluate(await loadBundledPolicy('elim-school'), { ...bypass, facts: { 'part-of-authorised-investigation': false } }, { today });
    expect(linesFor(d, 'behaviour-or-disciplinary-procedures').map((l) => l.unless)).toEqual([undefined]);
    expect(d.plan.ask.some((x) => 'part-of-authorised-investigation' in x.facts)).toBe(false);
  });

  it('a question\'s words name each outcome once (two police referrals read the same)', async () => {
    const d = await evaluate(await loadBundledPolicy('elim-school'), bypass, { today });
    for (const q of d.plan.ask) expect(new Set(q.wouldAdd).size, q.ask).toBe(q.wouldAdd.length);
  });
});

describe('questions not about the incident (issue 11: relevance from the rules, not from a list)', () => {
  const grooming: Incident = {
    people: [{ role: 'volunteer', involvement: 'subject' }, { role: 'pupil', involvement: 'affected' }],
    activities: ['grooming-or-sexual-exploitation-of-children'],
    technologies: [],
    facts: {},
  };

  it('MAST, a volunteer grooming a pupil: network security and lost pupil data are not asked by default', async () => {
    const d = await evaluate(await loadBundledPolicy('mast-academy-trust'), grooming, { today });
    const unrelated = d.questions.filter((q) => q.unrelated).map((q) => Object.keys(q.facts).join('+'));
    expect(unrelated).toEqual(expect.arrayContaining(['security-risk', 'pupil-data-may-be-lost']));
    // Ranked after every question that is about the incident.
    const firstUnrelated = d.plan.ask.findIndex((q) => q.unrelated);
    expect(d.plan.ask.slice(firstUnrelated).every((q) => q.unrelated)).toBe(true);
  });

  it('a question is about the incident when a rule reads its fact with one of the incident\'s activities (MAST 8.3.1: lesson time, planned curriculum)', async () => {
    const phone: Incident = { people: [{ role: 'pupil', involvement: 'subject' }], activities: ['using-personal-mobile-device'], technologies: [], facts: { 'lesson-time': true } };
    const d = await evaluate(await loadBundledPolicy('mast-academy-trust'), phone, { today });
    const q = d.questions.find((x) => 'planned-curriculum-activity' in x.facts)!;
    expect(q.unrelated).toBeUndefined();
  });

  it('a question whose answer would add what protects a child is never left unasked, in any example or scenario incident', async () => {
    for (const id of listBundledPolicies()) {
      const policy = await loadBundledPolicy(id);
      for (const { name, incident } of everyIncident()) {
        const d = await evaluate(policy, incident, { today });
        for (const q of d.questions.filter((x) => x.unrelated)) {
          const protective = q.wouldAdd.filter((o) => o.modality !== 'may' && PROTECTS_A_CHILD.some((p) => p.term === o.target));
          expect(protective, `${id}: ${name}: ${q.ask}`).toEqual([]);
        }
      }
    }
  });
});

// Fourth audit (docs/audit.md): classes in how the plan is built.
describe('the fourth audit: one duty, one line; what protects a child asked first', () => {
  const outcome = (o: Partial<Question['wouldAdd'][number]> & { kind: Question['wouldAdd'][number]['kind']; target: string }) =>
    ({ modality: 'must', because: [{ rule: `r-${o.target}-${o.by ?? ''}`, cite: `c-${o.by ?? 'none'}` }], label: o.target, ...o }) as never;
  const empty = { classification: [], referrals: [], sanctions: [], notifications: [], obligations: [], prohibitions: [], judgements: [], questions: [] };

  it('the same duty given to the school and to one person in it is one line, under that person, with both clauses (eLiM response.record-incident, bullying)', () => {
    const plan = actionPlan({ ...empty, obligations: [outcome({ kind: 'obligation', target: 'log-incident', by: 'online-safety-lead' }), outcome({ kind: 'obligation', target: 'log-incident', by: 'school' })] });
    const lines = plan.doNext.flatMap((g) => g.lines);
    expect(lines).toHaveLength(1);
    expect(plan.doNext[0]!.actor).toBe('online-safety-lead');
    expect(lines[0]!.because.map((r) => r.cite)).toEqual(['c-online-safety-lead', 'c-school']);
  });

  it('the same duty given to two people by name stays a line each: each of them acts', () => {
    const plan = actionPlan({ ...empty, obligations: [outcome({ kind: 'obligation', target: 'log-incident', by: 'online-safety-lead' }), outcome({ kind: 'obligation', target: 'log-incident', by: 'headteacher' })] });
    expect(plan.doNext.map((g) => g.actor).sort()).toEqual(['headteacher', 'online-safety-lead']);
  });

  it('a question whose answer would add what protects a child ranks before one that adds an immediate must that does not', () => {
    const filter = { facts: { 'filter-failed': true }, wouldAdd: [outcome({ kind: 'obligation', target: 'report-filtering-issue', timing: 'immediately' })] } as unknown as Question;
    const cp = { facts: { 'child-protection-concern': true }, wouldAdd: [outcome({ kind: 'notification', target: 'dsl' })] } as unknown as Question;
    expect(rankQuestions([filter, cp])).toEqual([cp, filter]);
  });

  it('eLiM, a teacher texting a pupil: the first question is whether there is a child protection concern (not whether it targeted someone to cause distress)', async () => {
    const d = await decide('elim-school', 'teacher-texts-pupil.yaml');
    expect(d.plan.ask[0]!.ask).toBe('Is there a child protection concern? (yes)');
    expect(d.plan.ask[0]!.wouldAdd[0]).toBe('Tell the Designated Safeguarding Lead (must)');
  });
});

describe('the fourth audit: a question does not repeat a person already in the plan', () => {
  it('eLiM, a pupil threatening a classmate in a game chat (police already referred): "a criminal offence?" adds the children safeguarding team, not the police again', async () => {
    const path = 'examples/audit/20-pupil-threatens-classmate-in-game-chat.yaml';
    const d = await evaluate(await loadBundledPolicy('elim-school'), parseIncidentText(readFileSync(path, 'utf8'), path), { today });
    expect(d.plan.doNow.some((l) => l.target === 'police' && l.kinds.includes('referral') && l.modality === 'must')).toBe(true);
    const q = d.plan.ask.find((x) => x.ask === 'Is a criminal offence suspected? (yes)')!;
    expect(q.wouldAdd).toEqual(["Refer to the local authority's children safeguarding team (must)"]);
  });
});

import { evaluate } from '../decision/evaluate.js';
import { outcomePhrase } from '../decision/phrases.js';
import { GROUP_OF_KIND, type Decision, type Outcome, type Reason } from '../decision/schema.js';
import { compiledOf, type Policy } from '../engine/policy.js';
import type { IncidentInput } from '../incident/schema.js';
import { OUTCOME_KINDS, type Modality } from '../policy/schema.js';
import { incidentSpace } from './space.js';

/** How one outcome's treatment changed for an incident. */
export type ChangeKind = 'no-longer' | 'now' | 'stronger' | 'weaker' | 'timing' | 'exception';

/** A group of incidents that see the same change of one outcome. */
export interface BehaviourChange {
  change: ChangeKind;
  outcome: { kind: Outcome['kind']; target: string; by?: string; says: string };
  /** The outcome's force and timing before and after (absent: not given). */
  old?: { modality: Modality; timing?: string };
  new?: { modality: Modality; timing?: string };
  /** "No longer: Refer to the LADO (was must)". */
  summary: string;
  /** How many incidents of the space see this change. */
  incidents: number;
  /** The activity sets of those incidents ("a + b"), sorted. */
  activities: string[];
  /** One smallest incident that sees it (fewest activities, people, technologies and known facts). */
  example: IncidentInput;
  /** The rules behind the outcome for the example, before and after. */
  because: { old: Reason[]; new: Reason[] };
}

export interface BehaviourDiff {
  /** How many incidents were evaluated under both versions. */
  compared: number;
  /** How many of them got a different decision (outcome, force or timing). */
  changed: number;
  /** What the space is and in what sense the comparison is exhaustive. */
  space: string;
  changes: BehaviourChange[];
}

const STRENGTH: Record<Modality, number> = { must: 3, should: 2, may: 1 };


/**
 * Evaluates every incident of the two versions' joint space under both and groups the incidents
 * whose decision changed by the change they see. Compares outcomes (kind, target, who acts) with
 * their force and timing; reasons, questions and warnings are not behaviour (the structural diff
 * shows the rules and the manifest; a question is an outcome under facts the space also lists).
 */
export async function diffBehaviour(oldPolicy: Policy, newPolicy: Policy): Promise<BehaviourDiff> {
  const space = incidentSpace([oldPolicy, newPolicy]);
  const groups = new Map<string, BehaviourChange & { weight: number }>();
  let compared = 0;
  let changed = 0;
  for (const incident of space.incidents()) {
    compared++;
    const before = outcomes(await evaluate(oldPolicy, describedIn(incident, oldPolicy), { today: '2000-01-01' }));
    const after = outcomes(await evaluate(newPolicy, describedIn(incident, newPolicy), { today: '2000-01-01' }));
    let differs = false;
    for (const key of new Set([...before.keys(), ...after.keys()])) {
      const a = before.get(key);
      const b = after.get(key);
      const kind = changeKind(a, b);
      if (!kind) continue;
      differs = true;
      const o = (b ?? a)!;
      const groupKey = `${kind}\0${key}\0${a?.modality ?? ''}\0${a?.timing ?? ''}\0${b?.modality ?? ''}\0${b?.timing ?? ''}\0${a ? caveats(a) : ''}\0${b ? caveats(b) : ''}`;
      const activities = incident.activities.join(' + ');
      const weight = size(incident);
      const group = groups.get(groupKey);
      if (!group) {
        // Its words from the version that gives it (a term one version adds is not the other's).
        const outcome: BehaviourChange['outcome'] = { kind: o.kind, target: o.target, says: outcomePhrase(o, (b ? newPolicy : oldPolicy).vocabulary) };
        if (o.by !== undefined) outcome.by = o.by;
        const entry: BehaviourChange & { weight: number } = {
          change: kind,
          outcome,
          summary: summaryOf(kind, outcome.says, a, b),
          incidents: 1,
          activities: [activities],
          example: incident,
          because: { old: a?.because ?? [], new: b?.because ?? [] },
          weight,
        };
        if (a) entry.old = force(a);
        if (b) entry.new = force(b);
        groups.set(groupKey, entry);
        continue;
      }
      group.incidents++;
      if (!group.activities.includes(activities)) group.activities.push(activities);
      if (weight < group.weight) {
        group.weight = weight;
        group.example = incident;
        group.because = { old: a?.because ?? [], new: b?.because ?? [] };
      }
    }
    if (differs) changed++;
  }
  const changes = [...groups.values()]
    .map(({ weight: _weight, ...change }) => ({ ...change, activities: change.activities.sort() }))
    .sort((x, y) => y.incidents - x.incidents || compare(x.summary, y.summary));
  return { compared, changed, space: space.description, changes };
}

/**
 * The incident as a policy's vocabulary describes it: terms the policy does not have (another
 * version's own terms) dropped. No rule of the policy can name them, so its decision is the same.
 */
function describedIn(incident: IncidentInput, policy: Policy): IncidentInput {
  const v = policy.vocabulary;
  const people = incident.people?.filter((p) => Object.hasOwn(v.roles, p.role));
  const activities = incident.activities.filter((a) => Object.hasOwn(v.activities, a));
  const technologies = incident.technologies?.filter((t) => Object.hasOwn(v.technologies, t));
  const facts = incident.facts && Object.fromEntries(Object.entries(incident.facts).filter(([f]) => Object.hasOwn(v.facts, f)));
  const same =
    people?.length === incident.people?.length &&
    activities.length === incident.activities.length &&
    technologies?.length === incident.technologies?.length &&
    Object.keys(facts ?? {}).length === Object.keys(incident.facts ?? {}).length;
  if (same) return incident;
  // An incident names an activity: where only other terms were named, one no rule of this
  // policy reads stands for them, as they stood for it (nothing this policy reads changes).
  if (activities.length === 0) activities.push(unreadActivity(policy));
  return { ...incident, ...(people && { people }), activities, ...(technologies && { technologies }), ...(facts && { facts }) };
}

function unreadActivity(policy: Policy): string {
  const read = new Set(compiledOf(policy).atoms.filter((a) => a.kind === 'activity').map((a) => a.term));
  const found = Object.keys(policy.vocabulary.activities).sort().find((a) => !read.has(a));
  if (found === undefined) throw new Error(`diff: every activity of ${policy.id} is read by a rule, so an activity it does not have cannot be described in its terms`);
  return found;
}

function outcomes(decision: Decision): Map<string, Outcome> {
  const out = new Map<string, Outcome>();
  for (const kind of OUTCOME_KINDS) for (const o of decision[GROUP_OF_KIND[kind]]) out.set(`${o.kind}\0${o.target}\0${o.by ?? ''}`, o);
  return out;
}

function changeKind(a: Outcome | undefined, b: Outcome | undefined): ChangeKind | undefined {
  if (!a && !b) return undefined;
  if (!b) return 'no-longer';
  if (!a) return 'now';
  if (a.modality !== b.modality) return STRENGTH[b.modality] > STRENGTH[a.modality] ? 'stronger' : 'weaker';
  if (a.timing !== b.timing) return 'timing';
  if (caveats(a) !== caveats(b)) return 'exception';
  return undefined;
}

/** An outcome's open exceptions, in words: a change of them is a change of behaviour. */
function caveats(o: Outcome): string {
  return (o.unless ?? []).map((c) => c.says).join('; ');
}

function force(o: Outcome): { modality: Modality; timing?: string } {
  return o.timing === undefined ? { modality: o.modality } : { modality: o.modality, timing: o.timing };
}

function summaryOf(kind: ChangeKind, says: string, a: Outcome | undefined, b: Outcome | undefined): string {
  const f = (o: Outcome) => (o.timing ? `${o.modality}, ${o.timing}` : o.modality);
  switch (kind) {
    case 'no-longer':
      return `No longer: ${says} (was ${f(a!)})`;
    case 'now':
      return `Now: ${says} (${f(b!)})`;
    case 'stronger':
      return `Stronger: ${says} (${a!.modality} → ${b!.modality})`;
    case 'weaker':
      return `Weaker: ${says} (${a!.modality} → ${b!.modality})`;
    case 'timing':
      return `Timing: ${says} (${a!.timing ?? 'none'} → ${b!.timing ?? 'none'})`;
    case 'exception':
      return `Exception: ${says} (unless ${caveats(a!) || 'nothing'} → unless ${caveats(b!) || 'nothing'})`;
  }
}

/** How much an incident states: the smaller, the better an example. */
function size(i: IncidentInput): number {
  return i.activities.length + (i.people?.length ?? 0) + (i.technologies?.length ?? 0) + Object.keys(i.facts ?? {}).length;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

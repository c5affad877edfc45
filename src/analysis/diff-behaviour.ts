import { evaluate } from '../decision/evaluate.js';
import { outcomePhrase } from '../decision/phrases.js';
import { GROUP_OF_KIND, type Decision, type Outcome, type Reason } from '../decision/schema.js';
import type { Policy } from '../engine/policy.js';
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
    const before = outcomes(await evaluate(oldPolicy, incident, { today: '2000-01-01' }));
    const after = outcomes(await evaluate(newPolicy, incident, { today: '2000-01-01' }));
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
        const outcome: BehaviourChange['outcome'] = { kind: o.kind, target: o.target, says: outcomePhrase(o, oldPolicy.vocabulary) };
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

import { policyInForce, type PolicyVersions } from '../engine/versions.js';
import type { Policy } from '../engine/policy.js';
import { parseIncident } from '../incident/parse.js';
import { evaluate, evaluateInForce, type EvaluateOptions } from './evaluate.js';
import type { Decision, InForce } from './schema.js';

// Evaluating as of a date: the version of the policy in force then decides, and says so.

export interface EvaluateAsOfOptions extends EvaluateOptions {
  /**
   * The date (YYYY-MM-DD) whose policy decides. Without it, the incident's `date` chooses when
   * the policy keeps earlier versions; otherwise the current version decides, as `evaluate`.
   */
  asOf?: string;
}

/**
 * The version that decides an incident, and why: the one in force on `asOf`, else on the
 * incident's `date` when there are earlier versions to choose from; else the current one (and
 * no `inForce`: the decision is `evaluate`'s). Throws NoVersionInForceError for a date before
 * the first version, InvalidIncidentError when the incident is not valid.
 */
export function versionFor(versions: PolicyVersions, input: unknown, asOf?: string): { policy: Policy; inForce?: InForce } {
  let on = asOf;
  let chosenBy: InForce['chosenBy'] = 'as-of';
  if (on === undefined && versions.versions.length > 1) {
    // The incident's date is read from the incident as the current version reads it.
    on = parseIncident(input, versions.current.vocabulary).date;
    chosenBy = 'incident-date';
  }
  if (on === undefined) return { policy: versions.current };
  const version = policyInForce(versions, on);
  return { policy: version.policy, inForce: { on, chosenBy, approvedOn: version.approvedOn } };
}

/**
 * Evaluates an incident under the version of a policy in force on a date (`asOf`, or the
 * incident's own `date` when the policy keeps earlier versions): the decision's `policy` is that
 * version's, with `inForce` saying the date, whose date it is and when the version was approved;
 * a review warning is as of that date. With neither date, `evaluate` under the current version.
 */
export async function evaluateAsOf(versions: PolicyVersions, input: unknown, options: EvaluateAsOfOptions = {}): Promise<Decision> {
  return (await decideAsOf(versions, input, options)).decision;
}

/** evaluateAsOf, with the version that decided (whose terms and clauses the decision's text uses). Not part of the public API. */
export async function decideAsOf(versions: PolicyVersions, input: unknown, options: EvaluateAsOfOptions = {}): Promise<{ policy: Policy; decision: Decision }> {
  const { asOf, ...rest } = options;
  const { policy, inForce } = versionFor(versions, input, asOf);
  return { policy, decision: await (inForce === undefined ? evaluate(policy, input, rest) : evaluateInForce(policy, input, rest, inForce)) };
}

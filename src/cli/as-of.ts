import { decideAsOf } from '../decision/as-of.js';
import type { Decision } from '../decision/schema.js';
import type { Policy } from '../engine/policy.js';
import { asOfProblem, NoVersionInForceError, type PolicyVersions } from '../engine/versions.js';
import { InvalidIncidentError } from '../incident/parse.js';
import type { Incident } from '../incident/schema.js';
import { parseSource } from '../policy/source.js';
import { UsageError } from './command.js';

// The version of a policy an incident is decided under, for the commands that decide one
// (evaluate, explain, triage): the same choice, the same errors, so that they answer alike.

/** The --as-of and --git-history help lines, shared by the commands that take them. */
export const AS_OF_HELP = `  --as-of <YYYY-MM-DD>   Decide under the version of the policy in force on this date (the latest
                         approved on or before it); its review date is checked as of this date
  --git-history          Read the policy folder's earlier versions from its git history (each
                         version as last committed) rather than from versions/`;

export const asOfOption = { 'as-of': { type: 'string' }, 'git-history': { type: 'boolean' } } as const;

/**
 * --as-of: a real date on which a version of the policy was in force; undefined when not given.
 * Anything else is a usage error (exit 2), before any incident is read.
 */
export function asOfFromOption(value: string | undefined, versions: PolicyVersions): string | undefined {
  const problem = value === undefined ? undefined : asOfProblem(versions, value);
  if (problem === 'not-a-date') throw new UsageError(`--as-of must be a date as YYYY-MM-DD, not "${value}"`);
  if (problem) throw new UsageError(`--as-of ${value}: ${problem.message}`);
  return value;
}

/**
 * The decision under the version in force (decideAsOf), and that version. A version chosen by
 * the incident's own date that did not exist then is an error of the incident, at its `date`
 * line in the file it was read from.
 */
export async function decidedAsOf(
  versions: PolicyVersions,
  incident: Incident,
  file: { text: string; name: string } | undefined,
  options: { today?: string; asOf?: string },
): Promise<{ policy: Policy; decision: Decision }> {
  try {
    return await decideAsOf(versions, incident, options);
  } catch (error) {
    if (!(error instanceof NoVersionInForceError)) throw error;
    const at = file && { file: file.name, ...parseSource(file.name, file.text).locate(['date']) };
    throw new InvalidIncidentError([{ code: error.code, path: ['date'], message: error.message, ...at }]);
  }
}

// Subpath imports: the package root loads every date-fns module at startup.
import { isAfter } from 'date-fns/isAfter';
import { parseISO } from 'date-fns/parseISO';
import { isCalendarDate } from '../policy/dates.js';
import type { Policy } from './policy.js';

// A policy's history is its versions: which one was in force on a date. Pure (no file read):
// loadPolicyVersions (load-versions.ts) reads them from a folder's `versions/`.

/** One version of a policy, and when it was approved (from its manifest). */
export interface PolicyVersion {
  version: string;
  /** Null only for a policy that keeps no earlier versions and records no approval date. */
  approvedOn: string | null;
  policy: Policy;
}

/** A version with its approval date: one that can be in force. */
export type ApprovedVersion = PolicyVersion & { approvedOn: string };

function isApproved(v: PolicyVersion): v is ApprovedVersion {
  return v.approvedOn !== null;
}

/** A policy and the earlier versions it keeps. */
export interface PolicyVersions {
  id: string;
  /** Oldest first, in order of approval; the last is the current one (the folder itself). */
  versions: readonly PolicyVersion[];
  current: Policy;
}

/** The history of a policy that keeps no earlier versions: itself. */
export function policyVersionsOf(policy: Policy): PolicyVersions {
  return { id: policy.id, versions: [{ version: policy.version, approvedOn: policy.manifest.approvedOn, policy }], current: policy };
}

/** No version of the policy was in force on the date asked: it is before the first approval (or none is recorded). */
export class NoVersionInForceError extends Error {
  readonly code = 'no-version-in-force';
  constructor(
    /** The date asked for (YYYY-MM-DD). */
    readonly date: string,
    /** The first version and its approval date (null: the policy records none). */
    readonly first: { version: string; approvedOn: string | null },
    policy: string,
  ) {
    super(
      first.approvedOn === null
        ? `${policy} ${first.version} records no approval date (approvedOn), so which version was in force on ${date} cannot be told`
        : `no version of ${policy} was in force on ${date}: its first version, ${first.version}, was approved on ${first.approvedOn}`,
    );
    this.name = 'NoVersionInForceError';
  }
}

/**
 * The version in force on a date (YYYY-MM-DD): the latest approved on or before it (a version
 * approved that day is in force that day). Throws NoVersionInForceError for a date before the
 * first version, TypeError for a date that is not a real calendar date.
 */
export function policyInForce(versions: PolicyVersions, date: string): ApprovedVersion {
  if (typeof date !== 'string' || !isCalendarDate(date)) throw new TypeError(`policyInForce: "${String(date)}" is not a date as YYYY-MM-DD`);
  const on = parseISO(date);
  let found: ApprovedVersion | undefined;
  for (const v of versions.versions) if (isApproved(v) && !isAfter(parseISO(v.approvedOn), on)) found = v;
  if (found === undefined) {
    const first = versions.versions[0]!;
    throw new NoVersionInForceError(date, { version: first.version, approvedOn: first.approvedOn }, versions.id);
  }
  return found;
}

/**
 * Why a date asked for (an --as-of, a ?asOf=) cannot choose a version: it is not a real date, or
 * it is before the first version; undefined when a version was in force on it.
 */
export function asOfProblem(versions: PolicyVersions, date: string): 'not-a-date' | NoVersionInForceError | undefined {
  if (!isCalendarDate(date)) return 'not-a-date';
  try {
    policyInForce(versions, date);
    return undefined;
  } catch (error) {
    if (error instanceof NoVersionInForceError) return error;
    throw error;
  }
}

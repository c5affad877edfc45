import type { Decision } from '../decision/schema.js';
import type { Policy } from '../engine/policy.js';

/**
 * One line of the decision log, one per request: what was asked and what was decided, never
 * what happened. The incident's own words (summary, names) and the request's query and body
 * are never written; an unknown path is written as null, since a client may put anything in it.
 */
export interface RequestLogEntry {
  time: string;
  event: 'request';
  method: string;
  /** The endpoint, or null for a path that is none. */
  path: string | null;
  status: number;
  /** From the request's arrival to the end of the response, in milliseconds. */
  ms: number;
  /** The error code answered, if any. */
  error?: string;
  /** The policy that decided (decision endpoints). */
  policy?: { id: string; version: string; digest: string };
  /** The incident's own reference (POST /v1/decisions; its first 100 characters), null when it gives none. */
  incident?: string | null;
  /** Each outcome of the decision as "kind:target", in the decision's order. */
  outcomes?: string[];
  /** For a batch: lines read, decisions and error lines written. */
  lines?: number;
  decisions?: number;
  errors?: number;
  /** A batch cut short: "timeout" (its input stalled), "client-gone" or "stopping". */
  stopped?: string;
}

/** Lines about the service itself: started, stopping, stopped, or a fault of the server (its code). */
export interface ServiceLogEntry {
  time: string;
  event: 'listening' | 'stopping' | 'stopped' | 'error';
  error?: string;
  url?: string;
  policies?: { id: string; version: string; digest: string }[];
  requests?: number;
}

export function policyRef(policy: Policy): { id: string; version: string; digest: string } {
  return { id: policy.id, version: policy.version, digest: policy.digest };
}

export function outcomeTargets(decision: Decision): string[] {
  const groups = [decision.classification, decision.referrals, decision.sanctions, decision.notifications, decision.obligations, decision.prohibitions, decision.judgements];
  return groups.flatMap((list) => list.map((o) => `${o.kind}:${o.target}`));
}

export function writeLog(stream: NodeJS.WritableStream | null, entry: RequestLogEntry | ServiceLogEntry): void {
  stream?.write(`${JSON.stringify(entry)}\n`);
}

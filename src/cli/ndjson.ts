import { decideAsOf, versionFor } from '../decision/as-of.js';
import { evaluateToJson, type EvaluateOptions } from '../decision/evaluate.js';
import { NoVersionInForceError, policyVersionsOf, type PolicyVersions } from '../engine/versions.js';
import type { Policy } from '../engine/policy.js';
import { InvalidIncidentError } from '../incident/parse.js';
import { fileLimits } from '../policy/limits.js';
import { csvErrorRow, csvHeader, csvRows } from '../render/case-record.js';
import { write } from './io.js';
import { readLines } from './lines.js';

export interface NdjsonOptions extends EvaluateOptions {
  /** How many lines may be evaluated at once (bounds memory whatever the input's length). */
  window?: number;
  /** Called after each output line (for progress). */
  onLine?: (done: number, errors: number) => void;
  /** Stops reading when aborted; the lines read so far are still answered (see CommandIO.signal). */
  signal?: AbortSignal;
  /** Write CSV (a header, then one row per outcome; an invalid line as an "error" row), not JSON. */
  csv?: { evaluatedOn: string };
  /**
   * The policy's versions (`policy` is the current one): each line is decided under the version
   * in force on `asOf`, or on the incident's `date` (a date before the first version is that
   * line's error).
   */
  versions?: PolicyVersions;
  asOf?: string;
}

export interface NdjsonSummary {
  lines: number;
  decisions: number;
  errors: number;
  /** The first error lines (at most 20: the summary's memory is bounded too). */
  errorLines: number[];
  /** Why the stream stopped before its end, if it did: the signal's reason. */
  stopped?: 'interrupt' | 'broken-pipe';
}

/**
 * Evaluates a stream of incidents, one JSON object per line, writing one line per input line in
 * the same order: the decision, or `{"line": n, "error": {...}}`. Reading pauses while `window`
 * lines are in flight or the output is not draining, so memory stays flat. Lines are split on
 * LF only (lines.ts), and a line longer than the file limit is an error line, not a stall.
 */
export async function evaluateNdjson(policy: Policy, input: NodeJS.ReadableStream, output: NodeJS.WritableStream, options: NdjsonOptions = {}): Promise<NdjsonSummary> {
  const window = options.window ?? 16;
  const { signal } = options;
  const evaluateOptions: EvaluateOptions = options.today === undefined ? {} : { today: options.today };
  const choice: Choice = { versions: options.versions ?? policyVersionsOf(policy), ...(options.asOf === undefined ? {} : { asOf: options.asOf }) };
  const summary: NdjsonSummary = { lines: 0, decisions: 0, errors: 0, errorLines: [] };
  // The reader queues evaluations (at most `window`); the writer writes each as soon as it and
  // every line before it are done, so the first answers come out while input is still arriving.
  const queue: Promise<LineResult>[] = [];
  let wake: (() => void) | undefined;
  const changed = () => new Promise<void>((resolve) => (wake = resolve));
  const notify = () => {
    const s = wake;
    wake = undefined;
    s?.();
  };
  let ended = false;
  // While the stream runs, an abort is handled here (main.ts sees the listener and waits): it
  // wakes the reader if the window is full.
  const onAbort = () => notify();
  signal?.addEventListener('abort', onAbort);
  const writer = (async () => {
    for (;;) {
      if (queue.length === 0) {
        if (ended) return;
        await changed();
        continue;
      }
      const done = await queue[0]!;
      queue.shift();
      notify();
      if (done.error) {
        summary.errors++;
        if (summary.errorLines.length < 20) summary.errorLines.push(done.line);
      } else summary.decisions++;
      // Once the reader of the output has gone, answers are counted but not written.
      if (signal?.reason !== 'broken-pipe') await write(output, options.csv ? done.text : `${done.text}\n`, signal);
      options.onLine?.(summary.decisions + summary.errors, summary.errors);
    }
  })();
  try {
    if (options.csv) await write(output, csvHeader(), signal);
    for await (const line of readLines(input as AsyncIterable<Buffer | string>, fileLimits().maxFileBytes, signal)) {
      summary.lines = line.number;
      queue.push(line.problem ? Promise.resolve(failed(line.number, line.problem, policy, options.csv)) : evaluateLine(choice, line.text, line.number, evaluateOptions, options.csv));
      notify();
      while (queue.length >= window && !signal?.aborted) await changed();
      if (signal?.aborted) break;
    }
  } finally {
    ended = true;
    notify();
    await writer;
    signal?.removeEventListener('abort', onAbort);
  }
  if (signal?.aborted) summary.stopped = signal.reason === 'broken-pipe' ? 'broken-pipe' : 'interrupt';
  return summary;
}

interface LineResult {
  text: string;
  error: boolean;
  line: number;
}

/**
 * Why an incident given as JSON text got no decision: the same codes and issue paths for a line
 * of a stream and for a request to the decision service (src/server/).
 */
export interface IncidentTextError {
  code: string;
  message: string;
  issues?: { path: PropertyKey[]; message: string }[];
}

/** An error line: `{"line": n, "error": {...}}`, or in CSV an "error" row. */
function failed(line: number, error: IncidentTextError, policy: Policy, csv: { evaluatedOn: string } | undefined): LineResult {
  const text = csv
    ? csvErrorRow(line, policy, csv.evaluatedOn, error.code, [error.message, ...(error.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`)].join('; '))
    : JSON.stringify({ line, error });
  return { text, error: true, line };
}

/** The versions a stream's lines are decided under, and the date asked for, if one was. */
interface Choice {
  versions: PolicyVersions;
  asOf?: string;
}

async function evaluateLine(choice: Choice, text: string, line: number, options: EvaluateOptions, csv?: { evaluatedOn: string }): Promise<LineResult> {
  const policy = choice.versions.current;
  if (text.trim() === '') return failed(line, { code: 'empty-line', message: 'the line is empty; each line must be one incident as JSON' }, policy, csv);
  const answer = await decideText(text, (incident) => {
    if (csv) return decideAsOf(choice.versions, incident, { ...options, ...(choice.asOf === undefined ? {} : { asOf: choice.asOf }) }).then(({ decision }) => csvRows(decision, csv.evaluatedOn, line));
    // evaluateToJson is byte-identical to JSON.stringify(await evaluate(...)), written from remembered parts.
    const chosen = versionFor(choice.versions, incident, choice.asOf);
    return evaluateToJson(chosen.policy, incident, options, chosen.inForce);
  });
  return 'error' in answer ? failed(line, answer.error, policy, csv) : { text: answer.value, error: false, line };
}

/**
 * Parses JSON text and hands the value to `decide` (which evaluates it): its result, or the
 * error to report: invalid JSON, an invalid incident (with every issue's path), or an internal
 * error. Never throws.
 */
export async function decideText<T>(text: string, decide: (incident: unknown) => Promise<T>): Promise<{ value: T } | { error: IncidentTextError }> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: { code: 'invalid-json', message: `not valid JSON: ${(error as Error).message}` } };
  }
  try {
    return { value: await decide(value) };
  } catch (error) {
    if (error instanceof InvalidIncidentError) {
      return { error: { code: 'invalid-incident', message: 'the incident is not valid', issues: error.issues.map(({ path, message }) => ({ path, message })) } };
    }
    // Only the incident's own date can be before the first version here (an --as-of date is checked first).
    if (error instanceof NoVersionInForceError) return { error: { code: error.code, message: error.message, issues: [{ path: ['date'], message: error.message }] } };
    return { error: { code: 'internal-error', message: (error as Error).message } };
  }
}

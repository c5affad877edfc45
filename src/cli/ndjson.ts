import { createInterface } from 'node:readline';
import { evaluateToJson, type EvaluateOptions } from '../decision/evaluate.js';
import type { Policy } from '../engine/policy.js';
import { InvalidIncidentError } from '../incident/parse.js';
import { write } from './io.js';

export interface NdjsonOptions extends EvaluateOptions {
  /** How many lines may be evaluated at once (bounds memory whatever the input's length). */
  window?: number;
  /** Called after each output line (for progress). */
  onLine?: (done: number, errors: number) => void;
}

export interface NdjsonSummary {
  lines: number;
  decisions: number;
  errors: number;
  /** The first error lines (at most 20: the summary's memory is bounded too). */
  errorLines: number[];
}

/**
 * Evaluates a stream of incidents, one JSON object per line, writing one line per input line in
 * the same order: the decision, or `{"line": n, "error": {...}}`. Reading pauses while `window`
 * lines are in flight or the output is not draining, so memory stays flat.
 */
export async function evaluateNdjson(policy: Policy, input: NodeJS.ReadableStream, output: NodeJS.WritableStream, options: NdjsonOptions = {}): Promise<NdjsonSummary> {
  const window = options.window ?? 16;
  const evaluateOptions: EvaluateOptions = options.today === undefined ? {} : { today: options.today };
  const summary: NdjsonSummary = { lines: 0, decisions: 0, errors: 0, errorLines: [] };
  // The reader queues evaluations (at most `window`); the writer writes each as soon as it and
  // every line before it are done, so the first answers come out while input is still arriving.
  const queue: Promise<LineResult>[] = [];
  let signal: (() => void) | undefined;
  const changed = () => new Promise<void>((resolve) => (signal = resolve));
  const notify = () => {
    const s = signal;
    signal = undefined;
    s?.();
  };
  let ended = false;
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
      await write(output, `${done.text}\n`);
      options.onLine?.(summary.decisions + summary.errors, summary.errors);
    }
  })();
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const text of lines) {
    const line = ++summary.lines;
    queue.push(evaluateLine(policy, text, line, evaluateOptions));
    notify();
    while (queue.length >= window) await changed();
  }
  ended = true;
  notify();
  await writer;
  return summary;
}

interface LineResult {
  text: string;
  error: boolean;
  line: number;
}

async function evaluateLine(policy: Policy, text: string, line: number, options: EvaluateOptions): Promise<LineResult> {
  const fail = (error: Record<string, unknown>) => ({ text: JSON.stringify({ line, error }), error: true, line });
  if (text.trim() === '') return fail({ code: 'empty-line', message: 'the line is empty; each line must be one incident as JSON' });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return fail({ code: 'invalid-json', message: `not valid JSON: ${(error as Error).message}` });
  }
  try {
    // Byte-identical to JSON.stringify(await evaluate(...)), written from remembered parts.
    return { text: await evaluateToJson(policy, value, options), error: false, line };
  } catch (error) {
    if (error instanceof InvalidIncidentError) {
      return fail({ code: 'invalid-incident', message: 'the incident is not valid', issues: error.issues.map(({ path, message }) => ({ path, message })) });
    }
    return fail({ code: 'internal-error', message: (error as Error).message });
  }
}

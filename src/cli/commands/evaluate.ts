import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import type { PolicyVersions } from '../../engine/versions.js';
import { InvalidIncidentError, parseIncidentText } from '../../incident/parse.js';
import { atMost, isCalendarDate, parseCommandArgs } from '../args.js';
import { AS_OF_HELP, asOfFromOption, asOfOption, decidedAsOf } from '../as-of.js';
import { EXIT, UsageError, type Command, type CommandIO } from '../command.js';
import { CliError, withHint } from '../errors.js';
import { caseRecordHtml, caseRecordMarkdown, csvHeader, csvRows, type CaseRecord as CaseRecordInput } from '../../render/case-record.js';
import { formatDecision } from '../format-decision.js';
import { formatPlan } from '../format-plan.js';
import { openStreamFile, readIncidentText } from '../incident-input.js';
import { evaluateNdjson } from '../ndjson.js';
import { POLICY_HELP, policyOption, policyVersionsFromOption } from '../policy-option.js';

export const evaluateCommand: Command = {
  name: 'evaluate',
  summary: 'Evaluate an incident (YAML or JSON) under a policy; --ndjson for a stream of incidents',
  help: `Usage: online-safety evaluate [options] [file|-]
       online-safety evaluate --ndjson [options] [file|-]

Evaluates one incident (a YAML or JSON file; "-" or no file reads standard input) under a policy
and prints the action plan: Do now (what protects a child, and what is immediate), Do next (by
who acts), Decide (left to a person), Ask (the questions that would change it, most telling
first), each line with its force and its clauses. --full prints every outcome instead: referrals,
sanctions, notifications, duties, must-nots, judgements, classification, questions and warnings.

A policy folder may keep its earlier versions (versions/<version>/, docs/your-school.md): the
incident's "date" then chooses the version in force on that day, and --as-of chooses the version
in force on a date for every incident; the decision says which version and why ("inForce"), and
warns when that version was past its review date then.

--format writes the case record a school files: the incident, the plan, every outcome with its
clauses, the open questions, the policy's id, version and digest, and the date of evaluation.

With --ndjson, reads one incident per line as JSON and writes one line per input line, in the
same order: the decision as JSON, or {"line": N, "error": {...}} for a line that is not a valid
incident (with --format csv: rows of outcomes, an invalid line as a row of kind "error").
Memory stays flat whatever the input's length. A summary goes to standard error.

Options:
${POLICY_HELP}
  --full                 Print every outcome with its clauses, grouped by kind (not the plan)
  --all-questions        Show every question in the plan (default: the five most telling)
  --format <format>      Write the case record: markdown, html (one printable page) or csv
  --json                 Print the decision as JSON (the Decision schema, schemas/decision.schema.json)
  --ndjson               Read a stream of incidents, one JSON object per line
  --progress             With --ndjson: show progress on standard error (default: when it is a terminal)
  --today <YYYY-MM-DD>   The date of the decision, for review-date warnings (default: today)
${AS_OF_HELP}
  -h, --help             Show this help

Exit codes: 0 decided; 1 the incident (or a line of the stream) is not valid or is dated before
the policy's first version, or the policy did not load; 2 usage error (an --as-of date before the
first version too); 130 interrupted (Ctrl-C): with --ndjson, the lines read so far are
answered and the summary printed first. When the output is closed early (e.g. "| head -1"), the
stream stops and exits 1 if an error line was seen, else 0.
`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      ...policyOption,
      json: { type: 'boolean' },
      ndjson: { type: 'boolean' },
      progress: { type: 'boolean' },
      today: { type: 'string' },
      ...asOfOption,
      full: { type: 'boolean' },
      'all-questions': { type: 'boolean' },
      format: { type: 'string' },
    });
    atMost(positionals, 1, 'incident file');
    const today = todayOption(values.today);
    const format = formatOption(values.format);
    if (values.progress && !values.ndjson) throw new UsageError('--progress applies only with --ndjson');
    if (values.ndjson && values.json) throw new UsageError('--json and --ndjson cannot be used together (--ndjson output is JSON already)');
    if (values.ndjson && format !== undefined && format !== 'csv') throw new UsageError(`--ndjson writes JSON, or CSV with --format csv; not ${format}`);
    const shown = [values.json && '--json', values.full && '--full', format && '--format'].filter(Boolean);
    if (shown.length > 1) throw new UsageError(`${shown.join(' and ')} cannot be used together`);
    const versions = await policyVersionsFromOption(values.policy, io.cwd, values['git-history'] === true);
    const asOf = asOfFromOption(values['as-of'], versions);
    if (values.ndjson) return runNdjson(positionals[0], io, versions, { today, asOf }, values.progress === true || io.stderrIsTTY, format === 'csv' ? format : undefined);
    const { text, name } = await readIncidentText(positionals[0], io);
    const incident = withStreamHint(name, () => parseIncidentText(text, name, versions.current.vocabulary));
    const { policy, decision } = await decidedAsOf(versions, incident, { text, name }, { ...(today === undefined ? {} : { today }), ...(asOf === undefined ? {} : { asOf }) });
    if (format !== undefined) {
      io.stdout.write(caseRecord(format, { incident, decision, policy, evaluatedOn: today ?? localToday() }));
    } else if (values.json) io.stdout.write(`${JSON.stringify(decision, null, 2)}\n`);
    else if (values.full) io.stdout.write(formatDecision(decision, policy));
    else io.stdout.write(formatPlan(decision, policy, values['all-questions'] ? { questions: Infinity } : {}));
    return EXIT.ok;
  },
};

/**
 * A file named as a stream of incidents (.ndjson, .jsonl) read as one incident: when it is not
 * one, the error says to use --ndjson (one line of it alone would be read fine).
 */
function withStreamHint<T>(name: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof InvalidIncidentError) || !/\.(ndjson|jsonl)$/i.test(name)) throw error;
    throw withHint(error, `${name} looks like a stream of incidents, one per line: to evaluate each line, add --ndjson`);
  }
}

const FORMATS = ['markdown', 'html', 'csv'] as const;
export type CaseRecordFormat = (typeof FORMATS)[number];

export function formatOption(value: string | undefined): CaseRecordFormat | undefined {
  if (value === undefined) return undefined;
  const format = FORMATS.find((f) => f === value);
  if (format === undefined) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not "${value}"`);
  return format;
}

/** The case record in a format: Markdown, one HTML page, or CSV rows (with their header). */
export function caseRecord(format: CaseRecordFormat, record: CaseRecordInput): string {
  if (format === 'markdown') return caseRecordMarkdown(record);
  if (format === 'html') return caseRecordHtml(record);
  return csvHeader() + csvRows(record.decision, record.evaluatedOn);
}

/** Today's local date as YYYY-MM-DD: the date the record says it was evaluated on. */
export function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function todayOption(value: string | undefined): string | undefined {
  if (value !== undefined && !isCalendarDate(value)) throw new UsageError(`--today must be a date as YYYY-MM-DD, not "${value}"`);
  return value;
}

async function runNdjson(file: string | undefined, io: CommandIO, versions: PolicyVersions, { today, asOf }: { today?: string | undefined; asOf?: string | undefined }, progress: boolean, format: 'csv' | undefined): Promise<number> {
  let input: NodeJS.ReadableStream = io.stdin;
  if (file !== undefined && file !== '-') input = createReadStream('', { fd: openStreamFile(resolve(io.cwd, file), file) });
  const started = Date.now();
  let last = 0;
  const tty = io.stderrIsTTY;
  const summary = await evaluateNdjson(versions.current, input, io.stdout, {
    ...(today === undefined ? {} : { today }),
    ...(asOf === undefined ? {} : { asOf }),
    versions,
    ...(io.signal ? { signal: io.signal } : {}),
    ...(format === 'csv' ? { csv: { evaluatedOn: today ?? localToday() } } : {}),
    onLine: progress
      ? (done, errors) => {
          const now = Date.now();
          if (now - last < 250) return;
          last = now;
          const text = `evaluated ${done} line${done === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${Math.round((done * 1000) / Math.max(1, now - started))} lines/s)`;
          io.stderr.write(tty ? `\r\x1b[K${text}` : `${text}\n`);
        }
      : undefined,
  });
  if (progress && tty) io.stderr.write('\r\x1b[K');
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const where = summary.errors > 0 ? ` (line${summary.errors === 1 ? '' : 's'} ${summary.errorLines.join(', ')}${summary.errors > summary.errorLines.length ? ', ...' : ''})` : '';
  const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
  const stopped = summary.stopped === 'interrupt' ? ', interrupted' : summary.stopped === 'broken-pipe' ? ', output closed' : '';
  io.stderr.write(`${count(summary.lines, 'line')}: ${count(summary.decisions, 'decision')}, ${count(summary.errors, 'error')}${where} in ${seconds}s${stopped}\n`);
  if (summary.stopped === 'interrupt') return EXIT.interrupted;
  return summary.errors > 0 ? EXIT.finding : EXIT.ok;
}

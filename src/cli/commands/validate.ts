import { createReadStream, existsSync, lstatSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { bundledRulesDir } from '../../vocabulary/bundled.js';
import { checkInvariants, invariantDiagnostics, readInvariants } from '../../analysis/invariants.js';
import { listBundledPolicies } from '../../engine/load.js';
import { loadPolicyVersions } from '../../engine/load-versions.js';
import type { PolicyVersions } from '../../engine/versions.js';
import { InvalidIncidentError, parseIncident, parseIncidentText } from '../../incident/parse.js';
import { PolicyLoadError, formatDiagnostic, sortDiagnostics, type Diagnostic } from '../../policy/diagnostics.js';
import { MANIFEST_FILE } from '../../policy/read.js';
import { openRegularFile, readTextFile } from '../../policy/files.js';
import { fileLimits } from '../../policy/limits.js';
import { parseSource } from '../../policy/source.js';
import type { PolicyCache } from '../../scenario/policy-ref.js';
import { loadScenarioFile } from '../../scenario/run.js';
import { formatTextCoverage, textCoverage, TextCoverageError } from '../../analysis/text-coverage.js';
import { loadPolicyRef } from '../../scenario/policy-ref.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, UsageError, type Command, type CommandIO } from '../command.js';
import { CliError } from '../errors.js';
import { readLines } from '../lines.js';
import { policyFromOption, policyOption } from '../policy-option.js';
import { bundledVocabulary } from '../../vocabulary/load.js';
import type { Vocabulary } from '../../vocabulary/schema.js';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'Check policy folders, incident files and scenario files; every problem, positioned',
  help: `Usage: online-safety validate [options] [paths...]

Checks each path and prints every problem at once, as file:line:col: message.
  a policy folder (holding policy.yaml), or a file in one   the manifest, every rule file, the
                                                           clause ledger, a compile and dry run,
                                                           and its invariants.yaml over the whole
                                                           incident space (first counterexample);
                                                           each earlier version it keeps in
                                                           versions/, and the versions together
                                                           (listed on standard error)
  a scenario file (a YAML file with "scenarios:")          its schema, incidents, terms, and its
                                                           policy's clauses
  an incident file (.yaml, .yml or .json)                  the incident schema and vocabulary
  a stream of incidents (.ndjson or .jsonl)                each line as an incident
  any other folder                                         everything of the above below it
With no path, checks the bundled policies.

  validate --text-coverage <policy>   (a bundled policy id or a policy folder) checks the policy,
  then counts the sentences of the incident-related sections of its text (source.txt) that a
  clause quotes or that are set out of scope, and lists the others with their lines; exit 1
  below 100%. See docs/text-coverage.md.

Options:
  -p, --policy <id|dir>  Check incident files and streams in this policy's vocabulary (a school's
                         own terms, vocabulary.yaml); default: the shared vocabulary
  --text-coverage <policy>  Report the policy's text coverage (no other paths with it)
  --json                 Print the problems as JSON ({ file, line, column, code, message }),
                         or with --text-coverage the coverage report
  -h, --help             Show this help

Exit codes: 0 everything is valid; 1 a problem was found; 2 usage error.
`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { ...policyOption, json: { type: 'boolean' }, 'text-coverage': { type: 'string' } });
    if (values['text-coverage'] !== undefined) {
      if (positionals.length > 0) throw new UsageError(`--text-coverage takes one policy and no other paths (got "${positionals.join('" "')}")`);
      return textCoverageRun(values['text-coverage'], values.json === true, io);
    }
    const targets = positionals.length > 0 ? positionals.map((p) => resolve(io.cwd, p)) : listBundledPolicies().map((id) => join(bundledRulesDir(), id));
    const missing = positionals.filter((p) => !existsSync(resolve(io.cwd, p)) && !isLink(resolve(io.cwd, p)));
    if (missing.length > 0) throw new CliError(`no such file or folder: ${missing.join(', ')}`);

    const plan = { policies: new Set<string>(), scenarios: new Set<string>(), incidents: new Set<string>(), streams: new Set<string>() };
    for (const target of targets) classify(target, plan, true);
    const diagnostics: Diagnostic[] = [];
    const histories: string[] = [];
    for (const dir of [...plan.policies].sort()) {
      const checked = await policyDiagnostics(dir);
      diagnostics.push(...checked.diagnostics);
      if (checked.versions && checked.versions.versions.length > 1) histories.push(`${display(dir)}: versions ${versionsText(checked.versions)}\n`);
    }
    const cache: PolicyCache = new Map();
    for (const file of [...plan.scenarios].sort()) {
      diagnostics.push(...(await loadScenarioFile(file, cache)).diagnostics);
    }
    const vocabulary = values.policy === undefined ? bundledVocabulary() : (await policyFromOption(values.policy, io.cwd)).vocabulary;
    for (const file of [...plan.incidents].sort()) diagnostics.push(...incidentDiagnostics(file, vocabulary));
    for (const file of [...plan.streams].sort()) diagnostics.push(...(await streamDiagnostics(file, vocabulary)));

    // A policy named by several scenario files reports its problems once.
    const unique = sortDiagnostics([...new Map(diagnostics.map((d) => [formatDiagnostic(d), d])).values()]);
    const checked = plan.policies.size + plan.scenarios.size + plan.incidents.size + plan.streams.size;
    if (values.json) io.stdout.write(`${JSON.stringify(unique, null, 2)}\n`);
    else for (const d of unique) io.stdout.write(`${formatDiagnostic(d)}\n`);
    const parts = [
      [plan.policies.size, 'polic', 'y', 'ies'],
      [plan.scenarios.size, 'scenario file', '', 's'],
      [plan.incidents.size, 'incident file', '', 's'],
      [plan.streams.size, 'incident stream', '', 's'],
    ]
      .filter(([n]) => (n as number) > 0)
      .map(([n, stem, one, many]) => `${n} ${stem}${n === 1 ? one : many}`);
    const what = parts.length > 0 ? parts.join(', ') : 'nothing';
    if (checked === 0) throw new CliError('found nothing to validate (no policy folders, .yaml, .json or .ndjson files)');
    if (!values.json) for (const line of histories) io.stderr.write(line);
    io.stderr.write(unique.length === 0 ? `valid: ${what}\n` : `${unique.length} problem${unique.length === 1 ? '' : 's'} in ${what}\n`);
    return unique.length > 0 ? EXIT.finding : EXIT.ok;
  },
};

/** validate --text-coverage: the policy must load (its quotes are checked then; the program prints why not), then the report. */
async function textCoverageRun(ref: string, json: boolean, io: CommandIO): Promise<number> {
  let report;
  try {
    report = textCoverage(await loadPolicyRef(ref, io.cwd));
  } catch (error) {
    if (error instanceof PolicyLoadError && error.diagnostics[0]?.code === 'unknown-policy') throw new UsageError(`--text-coverage ${error.diagnostics[0].message}`);
    if (error instanceof TextCoverageError) throw new CliError(error.message);
    throw error;
  }
  io.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : formatTextCoverage(report));
  return report.accounted === report.total ? EXIT.ok : EXIT.finding;
}

interface Plan {
  policies: Set<string>;
  scenarios: Set<string>;
  incidents: Set<string>;
  streams: Set<string>;
}

/**
 * Sorts a path into the plan. Inside a folder, a file that looks like none of these (e.g.
 * package.json) is skipped, and only real folders are entered (a link to a folder is not
 * followed, so a link loop cannot trap the walk). Anything named like a file but not a regular
 * file (a FIFO, a link to /dev/zero) is planned as an incident file, to be reported as such.
 */
function classify(path: string, plan: Plan, named: boolean): void {
  if (isFolder(path)) {
    if (existsSync(join(path, MANIFEST_FILE))) {
      plan.policies.add(path);
      return;
    }
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const child = join(path, entry.name);
      if (entry.isDirectory()) classify(child, plan, false);
      else if (/\.(ya?ml|json|ndjson|jsonl)$/i.test(entry.name)) classifyFile(child, plan, false);
    }
    return;
  }
  classifyFile(path, plan, named);
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // a dangling link or a link loop: reported when it is read
  }
}

function classifyFile(path: string, plan: Plan, named: boolean): void {
  if (/\.(ndjson|jsonl)$/i.test(path)) {
    plan.streams.add(path);
    return;
  }
  if (basename(path) === MANIFEST_FILE || existsSync(join(dirname(path), MANIFEST_FILE))) {
    plan.policies.add(dirname(path));
    return;
  }
  const top = topLevelKeys(path);
  // A file that does not parse (or cannot be read) is reported as an incident file: its problems, positioned.
  if (top === undefined) plan.incidents.add(path);
  else if (top.has('scenarios')) plan.scenarios.add(path);
  else if (top.has('rules') && basename(path) !== 'vocabulary.yaml') plan.policies.add(dirname(path));
  else if (basename(path) === 'vocabulary.yaml' && top.has('activities')) return; // the shared vocabulary is checked with every policy
  else if (named || top.has('activities') || top.has('people')) plan.incidents.add(path);
}

function topLevelKeys(file: string): Set<string> | undefined {
  const read = readTextFile(file, display(file));
  if (read.problem) return undefined;
  const { value, diagnostics } = parseSource(file, read.text);
  if (diagnostics.length > 0) return undefined;
  return new Set(typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.keys(value) : []);
}

/** A policy folder's problems: every version it keeps, and each version's invariants. */
async function policyDiagnostics(dir: string): Promise<{ diagnostics: Diagnostic[]; versions?: PolicyVersions }> {
  try {
    const versions = await loadPolicyVersions(dir);
    const diagnostics: Diagnostic[] = [];
    for (const { policy } of versions.versions) {
      const invariants = readInvariants(policy);
      if (invariants) diagnostics.push(...invariantDiagnostics(invariants.file, await checkInvariants(policy, invariants)));
    }
    return { diagnostics, versions };
  } catch (error) {
    if (error instanceof PolicyLoadError) return { diagnostics: error.diagnostics };
    throw error;
  }
}

/** "0.9 (approved 2025-09-01), 1.0 (approved 2026-09-01, current)". */
function versionsText({ versions, current }: PolicyVersions): string {
  return versions.map((v) => `${v.version} (approved ${v.approvedOn}${v.policy === current ? ', current' : ''})`).join(', ');
}

const display = (file: string) => relative(process.cwd(), file) || file;

function incidentDiagnostics(file: string, vocabulary: Vocabulary): Diagnostic[] {
  const read = readTextFile(file, display(file));
  if (read.problem) return [read.problem];
  try {
    parseIncidentText(read.text, display(file), vocabulary);
    return [];
  } catch (error) {
    if (!(error instanceof InvalidIncidentError)) throw error;
    return error.issues.map((i) => ({ code: i.code, message: i.message.startsWith('unknown') ? i.message : `${pathText(i.path)}${i.message}`, file: display(file), line: i.line ?? 0, column: i.column ?? 0 }));
  }
}

/** Each line of a stream as evaluate --ndjson reads it (lines.ts: split on LF only). */
async function streamDiagnostics(file: string, vocabulary: Vocabulary): Promise<Diagnostic[]> {
  const opened = openRegularFile(file, display(file));
  if (opened.problem) return [opened.problem];
  const out: Diagnostic[] = [];
  for await (const line of readLines(createReadStream('', { fd: opened.fd }), fileLimits().maxFileBytes)) {
    const at = { file: display(file), line: line.number, column: 1 };
    if (line.problem) {
      out.push({ ...line.problem, ...at });
      continue;
    }
    const text = line.text;
    // A blank line is an empty incident, as evaluate --ndjson says.
    if (text.trim() === '') {
      out.push({ code: 'empty-line', message: 'the line is empty; each line must be one incident as JSON', ...at });
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      out.push({ code: 'invalid-json', message: `not valid JSON: ${(error as Error).message}`, ...at });
      continue;
    }
    try {
      parseIncident(value, vocabulary);
    } catch (error) {
      if (!(error instanceof InvalidIncidentError)) throw error;
      for (const issue of error.issues) out.push({ code: issue.code, message: `${pathText(issue.path)}${issue.message}`, ...at });
    }
  }
  return out;
}

function pathText(path: (string | number)[]): string {
  return path.length === 0 ? '' : `${path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${p}`)).join('')}: `;
}

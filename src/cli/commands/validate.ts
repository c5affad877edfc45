import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { bundledRulesDir } from '../../vocabulary/bundled.js';
import { checkInvariants, invariantDiagnostics, readInvariants } from '../../analysis/invariants.js';
import { listBundledPolicies, loadPolicy } from '../../engine/load.js';
import { InvalidIncidentError, parseIncident, parseIncidentText } from '../../incident/parse.js';
import { PolicyLoadError, formatDiagnostic, sortDiagnostics, type Diagnostic } from '../../policy/diagnostics.js';
import { MANIFEST_FILE } from '../../policy/read.js';
import { parseSource } from '../../policy/source.js';
import { readScenarioFile } from '../../scenario/load.js';
import type { PolicyCache } from '../../scenario/policy-ref.js';
import { scenarioPolicy } from '../../scenario/run.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, type Command } from '../command.js';
import { CliError } from '../errors.js';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'Check policy folders, incident files and scenario files; every problem, positioned',
  help: `Usage: online-safety validate [options] [paths...]

Checks each path and prints every problem at once, as file:line:col: message.
  a policy folder (holding policy.yaml), or a file in one   the manifest, every rule file, the
                                                           clause ledger, a compile and dry run,
                                                           and its invariants.yaml over the whole
                                                           incident space (first counterexample)
  a scenario file (a YAML file with "scenarios:")          its schema, incidents, terms, and its
                                                           policy's clauses
  an incident file (.yaml, .yml or .json)                  the incident schema and vocabulary
  a stream of incidents (.ndjson or .jsonl)                each line as an incident
  any other folder                                         everything of the above below it
With no path, checks the bundled policies.

Options:
  --json                 Print the problems as JSON ({ file, line, column, code, message })
  -h, --help             Show this help

Exit codes: 0 everything is valid; 1 a problem was found; 2 usage error.
`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } });
    const targets = positionals.length > 0 ? positionals.map((p) => resolve(io.cwd, p)) : listBundledPolicies().map((id) => join(bundledRulesDir(), id));
    const missing = positionals.filter((p) => !existsSync(resolve(io.cwd, p)));
    if (missing.length > 0) throw new CliError(`no such file or folder: ${missing.join(', ')}`);

    const plan = { policies: new Set<string>(), scenarios: new Set<string>(), incidents: new Set<string>(), streams: new Set<string>() };
    for (const target of targets) classify(target, plan, true);
    const diagnostics: Diagnostic[] = [];
    for (const dir of [...plan.policies].sort()) diagnostics.push(...(await policyDiagnostics(dir)));
    const cache: PolicyCache = new Map();
    for (const file of [...plan.scenarios].sort()) {
      const loaded = readScenarioFile(file);
      if (!loaded.value) diagnostics.push(...loaded.diagnostics);
      else diagnostics.push(...(await scenarioPolicy(loaded, cache)).diagnostics);
    }
    for (const file of [...plan.incidents].sort()) diagnostics.push(...incidentDiagnostics(file));
    for (const file of [...plan.streams].sort()) diagnostics.push(...streamDiagnostics(file));

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
    io.stderr.write(unique.length === 0 ? `valid: ${what}\n` : `${unique.length} problem${unique.length === 1 ? '' : 's'} in ${what}\n`);
    return unique.length > 0 ? EXIT.finding : EXIT.ok;
  },
};

interface Plan {
  policies: Set<string>;
  scenarios: Set<string>;
  incidents: Set<string>;
  streams: Set<string>;
}

/** Sorts a path into the plan. Inside a folder, a file that looks like none of these (e.g. package.json) is skipped. */
function classify(path: string, plan: Plan, named: boolean): void {
  if (statSync(path).isDirectory()) {
    if (existsSync(join(path, MANIFEST_FILE))) {
      plan.policies.add(path);
      return;
    }
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const child = join(path, entry.name);
      if (entry.isDirectory() || /\.(ya?ml|json|ndjson|jsonl)$/.test(entry.name)) classify(child, plan, false);
    }
    return;
  }
  if (/\.(ndjson|jsonl)$/.test(path)) {
    plan.streams.add(path);
    return;
  }
  if (basename(path) === MANIFEST_FILE || existsSync(join(dirname(path), MANIFEST_FILE))) {
    plan.policies.add(dirname(path));
    return;
  }
  const top = topLevelKeys(path);
  // A file that does not parse is reported (as an incident file: its syntax errors, positioned).
  if (top === undefined) plan.incidents.add(path);
  else if (top.has('scenarios')) plan.scenarios.add(path);
  else if (top.has('rules') && basename(path) !== 'vocabulary.yaml') plan.policies.add(dirname(path));
  else if (basename(path) === 'vocabulary.yaml' && top.has('activities')) return; // the shared vocabulary is checked with every policy
  else if (named || top.has('activities') || top.has('people')) plan.incidents.add(path);
}

function topLevelKeys(file: string): Set<string> | undefined {
  const { value, diagnostics } = parseSource(file, readFileSync(file, 'utf8'));
  if (diagnostics.length > 0) return undefined;
  return new Set(typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.keys(value) : []);
}

async function policyDiagnostics(dir: string): Promise<Diagnostic[]> {
  try {
    const policy = await loadPolicy(dir);
    const invariants = readInvariants(policy);
    return invariants ? invariantDiagnostics(invariants.file, await checkInvariants(policy, invariants)) : [];
  } catch (error) {
    if (error instanceof PolicyLoadError) return error.diagnostics;
    throw error;
  }
}

const display = (file: string) => relative(process.cwd(), file) || file;

function incidentDiagnostics(file: string): Diagnostic[] {
  try {
    parseIncidentText(readFileSync(file, 'utf8'), display(file));
    return [];
  } catch (error) {
    if (!(error instanceof InvalidIncidentError)) throw error;
    return error.issues.map((i) => ({ code: i.code, message: i.message.startsWith('unknown') ? i.message : `${pathText(i.path)}${i.message}`, file: display(file), line: i.line ?? 0, column: i.column ?? 0 }));
  }
}

function streamDiagnostics(file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const lines = readFileSync(file, 'utf8').split('\n');
  // A final newline ends the last line; any other blank line is an empty incident, as evaluate --ndjson says.
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((text, i) => {
    const at = { file: display(file), line: i + 1, column: 1 };
    if (text.trim() === '') {
      out.push({ code: 'empty-line', message: 'the line is empty; each line must be one incident as JSON', ...at });
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      out.push({ code: 'invalid-json', message: `not valid JSON: ${(error as Error).message}`, ...at });
      return;
    }
    try {
      parseIncident(value);
    } catch (error) {
      if (!(error instanceof InvalidIncidentError)) throw error;
      for (const issue of error.issues) out.push({ code: issue.code, message: `${pathText(issue.path)}${issue.message}`, ...at });
    }
  });
  return out;
}

function pathText(path: (string | number)[]): string {
  return path.length === 0 ? '' : `${path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${p}`)).join('')}: `;
}

import { InvalidIncidentError, formatIncidentIssue, type IncidentIssue } from '../incident/parse.js';
import { PolicyLoadError, formatDiagnostic, nearest, type Diagnostic } from '../policy/diagnostics.js';
import { DEFAULT_FILE_LIMITS, formatBytes, withFileLimits, type FileLimits } from '../policy/limits.js';
import { packageVersion } from './version.js';
import { parseSize } from './args.js';
import { EXIT, UsageError, type Command, type CommandIO } from './command.js';
import { commands } from './commands/index.js';
import { CliError, hintOf } from './errors.js';

const BIN = 'online-safety';

export function topLevelHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return `${BIN}: a school's online-safety policy as executable, testable rules

Usage: ${BIN} <command> [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Options:
  -h, --help               Show help (also: ${BIN} <command> --help)
  -v, --version            Show the version
  --debug                  Show stack traces for internal errors
  --max-file-size <size>   Refuse any file (or NDJSON line) larger than this (default: ${formatBytes(DEFAULT_FILE_LIMITS.maxFileBytes)})
  --max-policy-size <size> Refuse a policy folder whose files are larger together (default: ${formatBytes(DEFAULT_FILE_LIMITS.maxPolicyBytes)})
                           A size is bytes, or a number with k or m (KiB, MiB), e.g. 8m

Exit codes: 0 success, 1 a finding (invalid input, failed scenario), 2 usage error,
130 interrupted (Ctrl-C). See docs/reliability.md.
`;
}

/** Runs the CLI with arguments (without node and the script); resolves to the exit code. */
export async function runCli(argv: string[], io: CommandIO): Promise<number> {
  const dashdash = argv.indexOf('--');
  const before = dashdash === -1 ? argv : argv.slice(0, dashdash);
  const debug = before.includes('--debug');
  const err = (text: string) => io.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
  let global: { limits: Partial<FileLimits>; rest: string[] };
  try {
    global = globalOptions(before.filter((a) => a !== '--debug'));
  } catch (error) {
    if (error instanceof UsageError) return usage(error.message);
    throw error;
  }
  const args = [...global.rest, ...(dashdash === -1 ? [] : argv.slice(dashdash))];
  const [name, ...rest] = args;

  if (name === undefined) {
    err(topLevelHelp());
    return EXIT.usage;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? rest[0] : undefined;
    const command = topic === undefined ? undefined : commands.find((c) => c.name === topic);
    if (topic !== undefined && !command) return usage(`unknown command "${topic}"${hint(topic)}`);
    io.stdout.write(command ? command.help : topLevelHelp());
    return EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${BIN} ${packageVersion()}\n`);
    return EXIT.ok;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) return usage(name.startsWith('-') ? `unknown option ${name}` : `unknown command "${name}"${hint(name)}`);
  const own = rest.indexOf('--') === -1 ? rest : rest.slice(0, rest.indexOf('--'));
  if (own.includes('--help') || own.includes('-h')) {
    io.stdout.write(command.help);
    return EXIT.ok;
  }

  // A run asking for JSON (--json) gets its errors as JSON on standard output too, so that a
  // program reading it never has to parse the text on stderr. (--ndjson keeps its own contract:
  // a JSON line per input line, run-level errors and the summary on stderr.)
  const asJson = wantsJson(command, own);
  try {
    return await withFileLimits(global.limits, () => command.run(rest, io));
  } catch (error) {
    if (asJson) return reportJson(error, command);
    const code = report(error, command);
    const hint = hintOf(error);
    if (hint !== undefined) err(`hint: ${hint}`);
    return code;
  }

  function usage(message: string, command?: Command): number {
    err(`${BIN}${command ? ` ${command.name}` : ''}: ${message}${/[.!?]$/.test(message) ? '' : '.'}`);
    err(`Run "${BIN}${command ? ` ${command.name}` : ''} --help" for usage.`);
    return EXIT.usage;
  }

  function reportJson(error: unknown, command: Command): number {
    const { exit, ...body } = jsonError(error, command.name);
    io.stdout.write(`${JSON.stringify({ error: body }, null, 2)}\n`);
    if (body.code === 'internal' && debug && error instanceof Error && error.stack) err(error.stack);
    return exit;
  }

  function report(error: unknown, command: Command): number {
    if (error instanceof UsageError) return usage(error.message, command);
    if (error instanceof PolicyLoadError) {
      for (const d of error.diagnostics) err(formatDiagnostic(d));
      const n = error.diagnostics.length;
      err(`${BIN} ${command.name}: the policy did not load (${n} problem${n === 1 ? '' : 's'}).`);
      return EXIT.finding;
    }
    if (error instanceof InvalidIncidentError) {
      for (const issue of error.issues) err(formatIncidentIssue(issue));
      err(`${BIN} ${command.name}: the incident is not valid (${error.issues.length} problem${error.issues.length === 1 ? '' : 's'}).`);
      return EXIT.finding;
    }
    if (error instanceof CliError) {
      for (const line of error.details) err(line);
      err(`${BIN} ${command.name}: ${error.message}`);
      if (debug && error.stack) err(error.stack);
      return EXIT.finding;
    }
    const e = error instanceof Error ? error : new Error(String(error));
    err(`${BIN} ${command.name}: internal error: ${e.message}${debug ? '' : ' (run with --debug for the stack trace)'}`);
    if (debug && e.stack) err(e.stack);
    return EXIT.finding;
  }
}

/** Whether a command documents --json in its help and this run asks for it (or for `--reporter json`). */
function wantsJson(command: Command, args: string[]): boolean {
  const reporter = args.some((a, i) => a === '--reporter=json' || (a === '--reporter' && args[i + 1] === 'json'));
  return (args.includes('--json') || reporter) && /^\s+--json\b/m.test(command.help);
}

/** An error as a `--json` run prints it: `{ "error": JsonError }` on standard output. */
export interface JsonError {
  /** usage, policy-not-loaded, invalid-incident, failed (a finding, e.g. a missing file) or internal. */
  code: 'usage' | 'policy-not-loaded' | 'invalid-incident' | 'failed' | 'internal';
  /** The sentence the text output ends with. */
  message: string;
  /** Each problem with its position: the policy's diagnostics, or the incident's issues (with their path). */
  problems?: (Diagnostic | IncidentIssue)[];
  /** Further lines the text output prints before the sentence. */
  details?: string[];
  /** What would probably help (the text output's "hint:" line). */
  hint?: string;
}

/** The JSON form of an error, with the exit code the text form has. */
export function jsonError(error: unknown, command: string): JsonError & { exit: number } {
  const hint = hintOf(error);
  return hint === undefined ? errorBody(error, command) : { ...errorBody(error, command), hint };
}

function errorBody(error: unknown, command: string): JsonError & { exit: number } {
  if (error instanceof UsageError) return { exit: EXIT.usage, code: 'usage', message: `${error.message}; run "${BIN} ${command} --help" for usage` };
  if (error instanceof PolicyLoadError) {
    const n = error.diagnostics.length;
    return { exit: EXIT.finding, code: 'policy-not-loaded', message: `the policy did not load (${n} problem${n === 1 ? '' : 's'})`, problems: error.diagnostics };
  }
  if (error instanceof InvalidIncidentError) {
    const n = error.issues.length;
    return { exit: EXIT.finding, code: 'invalid-incident', message: `the incident is not valid (${n} problem${n === 1 ? '' : 's'})`, problems: error.issues };
  }
  if (error instanceof CliError) return { exit: EXIT.finding, code: 'failed', message: error.message, ...(error.details.length > 0 ? { details: error.details } : {}) };
  const e = error instanceof Error ? error : new Error(String(error));
  return { exit: EXIT.finding, code: 'internal', message: `internal error: ${e.message}` };
}

const SIZE_OPTIONS = { '--max-file-size': 'maxFileBytes', '--max-policy-size': 'maxPolicyBytes' } as const;

/** Takes the options every command accepts (the size limits) out of the arguments. */
function globalOptions(args: string[]): { limits: Partial<FileLimits>; rest: string[] } {
  const limits: Partial<FileLimits> = {};
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i]!.split(/=(.*)/s, 2) as [string, string | undefined];
    if (!Object.hasOwn(SIZE_OPTIONS, flag)) {
      rest.push(args[i]!);
      continue;
    }
    const value = inline ?? args[++i];
    if (value === undefined) throw new UsageError(`option ${flag} needs a value`);
    limits[SIZE_OPTIONS[flag as keyof typeof SIZE_OPTIONS]] = parseSize(value, flag);
  }
  return { limits, rest };
}

function hint(name: string): string {
  const near = nearest(name, commands.map((c) => c.name));
  return near ? ` (did you mean "${near}"?)` : '';
}

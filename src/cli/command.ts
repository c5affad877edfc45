/** What a command may write to and read from; tests pass fakes, main.ts passes the process's. */
export interface CommandIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  /** Whether stderr is a terminal (for progress lines). */
  stderrIsTTY: boolean;
  cwd: string;
  /**
   * Aborted when the run should stop early: its reason is "interrupt" (Ctrl-C) or "broken-pipe"
   * (whoever read standard output has gone, e.g. `| head -1`). A command that listens stops,
   * says what it did, and returns; main.ts ends any other at once.
   */
  signal?: AbortSignal;
}

/**
 * Exit codes: 0 success, 1 a finding (invalid input, failed scenario, changed behaviour), 2 usage
 * error, 130 interrupted (Ctrl-C, as a shell reports SIGINT). docs/reliability.md lists them.
 */
export const EXIT = { ok: 0, finding: 1, usage: 2, interrupted: 130 } as const;

/** One CLI command: thin over the library. Each lives in src/cli/commands/<name>.ts. */
export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** The full --help text. */
  help: string;
  run(args: string[], io: CommandIO): Promise<number>;
}

/** A usage error: printed as one sentence with a pointer to --help; exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

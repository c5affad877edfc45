import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { runCli } from '../../src/cli/program.js';

export const root = join(import.meta.dirname, '..', '..');
export const cliPath = join(root, 'dist', 'cli.js');
export const fixtures = 'tests/fixtures/cli';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A stream that keeps what is written to it, as text. */
export function collector(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
      done();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

/**
 * Runs the CLI's commands in this process (what the built `online-safety` runs, through the same
 * `runCli`), from the repository root. A process costs half a second to start here, and a hundred
 * of them were most of `npm test`; `tests/cli/bin.test.ts` runs the built binary itself. With
 * another working directory (commands resolve some paths against the process's), a process is
 * started instead.
 */
export async function cli(args: string[], options: { input?: string; cwd?: string } = {}): Promise<CliResult> {
  if (options.cwd !== undefined && resolve(options.cwd) !== resolve(process.cwd())) return cliProcess(args, options);
  const stdout = collector();
  const stderr = collector();
  const code = await runCli(args, {
    stdout: stdout.stream,
    stderr: stderr.stream,
    stdin: Readable.from(options.input === undefined || options.input === '' ? [] : [Buffer.from(options.input)]),
    stderrIsTTY: false,
    cwd: process.cwd(),
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** Runs the built CLI as a process. */
export function cliProcess(args: string[], options: { input?: string; cwd?: string } = {}): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd: options.cwd ?? root, env: { ...process.env, NO_COLOR: '1' } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    child.stdin.end(options.input ?? '');
  });
}

/** Starts the built CLI with a writable stdin, for streaming tests. */
export function startCli(args: string[]) {
  return spawn(process.execPath, [cliPath, ...args], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
}

#!/usr/bin/env node
// The online-safety CLI: thin commands over the library (see src/cli/commands/).
import { getEventListeners } from 'node:events';
import { EXIT } from './command.js';
import { runCli } from './program.js';

// Ctrl-C and a closed pipe (e.g. `| head -1`) abort the run. A command that listens (the NDJSON
// stream) stops, says what it did and returns its own code. Otherwise Ctrl-C ends the run here
// with 130, and after a closed pipe the command finishes without output and its code stands:
// 1 when it found a problem, whether or not the reader saw it.
const stop = new AbortController();

process.on('SIGINT', () => {
  if (stop.signal.aborted || getEventListeners(stop.signal, 'abort').length === 0) process.exit(EXIT.interrupted);
  stop.abort('interrupt');
});

let pipeClosed = false;
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (pipeClosed) return; // later writes to the closed pipe fail too: nobody is reading them
  if (error.code !== 'EPIPE') throw error;
  pipeClosed = true;
  stop.abort('broken-pipe');
});

// No top-level await: the same entry is also built as CommonJS.
void runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  stderrIsTTY: Boolean(process.stderr.isTTY),
  cwd: process.cwd(),
  signal: stop.signal,
}).then((code) => {
  process.exitCode = code;
  // An aborted run may leave standard input open (a producer still writing): end now.
  if (stop.signal.aborted) process.exit(code);
});

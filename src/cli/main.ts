#!/usr/bin/env node
// The online-safety CLI: thin commands over the library (see src/cli/commands/).
import { runCli } from './program.js';

// A closed pipe (e.g. `| head`) ends the output quietly rather than with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

// No top-level await: the same entry is also built as CommonJS.
void runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  stderrIsTTY: Boolean(process.stderr.isTTY),
  cwd: process.cwd(),
}).then((code) => {
  process.exitCode = code;
});

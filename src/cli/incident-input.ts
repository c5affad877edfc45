import { isUtf8 } from 'node:buffer';
import { resolve } from 'node:path';
import { formatDiagnostic } from '../policy/diagnostics.js';
import { openRegularFile, readTextFile } from '../policy/files.js';
import { fileLimits, formatBytes } from '../policy/limits.js';
import { UsageError, type CommandIO } from './command.js';
import { CliError } from './errors.js';
import { readAll } from './io.js';

/**
 * The text of an incident file, or of standard input for "-" (or no file when input is piped).
 * A file must be a regular UTF-8 file within --max-file-size; standard input is held to the
 * same size.
 */
export async function readIncidentText(file: string | undefined, io: CommandIO): Promise<{ text: string; name: string }> {
  if (file === undefined || file === '-') {
    if (file === undefined && (io.stdin as { isTTY?: boolean }).isTTY) {
      throw new UsageError('give an incident file, or "-" to read one from standard input');
    }
    const max = fileLimits().maxFileBytes;
    const bytes = await readAll(io.stdin, max);
    if (bytes === undefined) throw new CliError(`<stdin>: the incident is more than ${formatBytes(max)}, over the limit per file (--max-file-size)`);
    if (!isUtf8(bytes)) throw new CliError('<stdin>: the incident is not valid UTF-8');
    return { text: bytes.toString('utf8'), name: '<stdin>' };
  }
  const read = readTextFile(resolve(io.cwd, file), file);
  if (read.problem?.code === 'not-found' && read.problem.message === 'no such file') throw new CliError(`no such file: ${file}`);
  if (read.problem) throw new CliError(`cannot use ${file} as an incident file`, [formatDiagnostic(read.problem)]);
  return { text: read.text, name: file };
}

/**
 * Opens a named NDJSON stream: a regular file (a FIFO or device is refused, as are folders;
 * pipe those to standard input instead). Returns the open file descriptor.
 */
export function openStreamFile(path: string, file: string): number {
  const opened = openRegularFile(path, file);
  if (!opened.problem) return opened.fd;
  const { code, message } = opened.problem;
  if (code === 'not-found') throw new CliError(`no such file: ${file}`);
  if (message.startsWith('is a folder')) throw new CliError(`${file} is a folder, not a file of incidents`);
  throw new CliError(`cannot read ${file} as a stream of incidents (pipe it to standard input with "-" instead)`, [formatDiagnostic(opened.problem)]);
}

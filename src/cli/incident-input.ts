import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UsageError, type CommandIO } from './command.js';
import { CliError } from './errors.js';
import { readAll } from './io.js';

/** The text of an incident file, or of standard input for "-" (or no file when input is piped). */
export async function readIncidentText(file: string | undefined, io: CommandIO): Promise<{ text: string; name: string }> {
  if (file === undefined || file === '-') {
    if (file === undefined && (io.stdin as { isTTY?: boolean }).isTTY) {
      throw new UsageError('give an incident file, or "-" to read one from standard input');
    }
    return { text: await readAll(io.stdin), name: '<stdin>' };
  }
  try {
    return { text: await readFile(resolve(io.cwd, file), 'utf8'), name: file };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(code === 'ENOENT' ? `no such file: ${file}` : code === 'EISDIR' ? `${file} is a folder, not an incident file` : `cannot read ${file}: ${(error as Error).message}`);
  }
}

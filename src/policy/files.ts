import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, type Stats } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import type { Diagnostic } from './diagnostics.js';
import { tooLarge } from './limit-values.js';
import { fileLimits } from './limits.js';
import type { FileText } from './sources.js';

export type { FileText };

/**
 * Reads a text file the loaders can trust: a regular file (a link is followed to one), at most
 * `maxBytes` long, valid UTF-8. Anything else (a folder, a FIFO, a device such as /dev/zero, a
 * link loop or a dangling link, an unreadable or oversized file, bytes that are not UTF-8) is a
 * diagnostic, never a hang, a raw error or a silently replaced character. `file` is the path
 * as diagnostics show it.
 */
export function readTextFile(path: string, file: string, maxBytes: number = fileLimits().maxFileBytes): FileText {
  const problem = (code: string, message: string, line = 0, column = 0): FileText => ({ problem: { code, message, file, line, column } });
  const opened = openRegularFile(path, file);
  if (opened.problem) return { problem: opened.problem };
  const { fd, stats } = opened;
  try {
    if (stats.size > maxBytes) return problem('too-large', tooLarge(stats.size, maxBytes));
    // Read to the end whatever the size says (files in /proc say 0), but never past the limit.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(64 * 1024, maxBytes + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > maxBytes) return problem('too-large', tooLarge(total, maxBytes, true));
    }
    const buffer = Buffer.concat(chunks, total);
    if (!isUtf8(buffer)) {
      const at = invalidUtf8At(buffer);
      return problem('invalid-utf8', `is not valid UTF-8 (byte 0x${buffer[at.offset]!.toString(16).padStart(2, '0')}); save it as UTF-8`, at.line, at.column);
    }
    return { text: buffer.toString('utf8'), bytes: total };
  } catch (error) {
    return problem('unreadable', `cannot be read: ${errnoText(error as NodeJS.ErrnoException)}`);
  } finally {
    closeSync(fd);
  }
}

/**
 * Opens a regular file for reading (following links), or says why not: missing, a dangling
 * link or a link loop, unreadable, a folder, a FIFO, a device or a socket. Never waits (a FIFO
 * is opened without blocking, then refused). The caller closes the descriptor.
 */
export function openRegularFile(path: string, file: string): { fd: number; stats: Stats; problem?: undefined } | { problem: Diagnostic } {
  const problem = (code: string, message: string) => ({ problem: { code, message, file, line: 0, column: 0 } });
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return problem(...openProblem(path, error as NodeJS.ErrnoException));
  }
  let stats: Stats;
  try {
    stats = fstatSync(fd);
  } catch (error) {
    closeSync(fd);
    return problem('unreadable', `cannot be read: ${errnoText(error as NodeJS.ErrnoException)}`);
  }
  if (!stats.isFile()) {
    closeSync(fd);
    return problem('not-a-file', `is ${kindOf(stats)}, not a regular file`);
  }
  return { fd, stats };
}

function openProblem(path: string, error: NodeJS.ErrnoException): [code: string, message: string] {
  switch (error.code) {
    case 'ENOENT':
      return isLink(path) ? ['not-found', 'is a symbolic link to a file that does not exist'] : ['not-found', 'no such file'];
    case 'ELOOP':
      return ['unreadable', 'is a symbolic link loop'];
    case 'EACCES':
    case 'EPERM':
      return ['unreadable', 'cannot be read: permission denied'];
    case 'ENOTDIR':
      return ['not-found', 'no such file (a part of its path is not a folder)'];
    default:
      return ['unreadable', `cannot be read: ${errnoText(error)}`];
  }
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

function errnoText(error: NodeJS.ErrnoException): string {
  return error.code ?? (error instanceof Error ? error.message : 'unknown error');
}

/** What a non-regular file is, in words. */
export function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** The first byte that is not part of valid UTF-8, with its line and column (1-based, in characters). */
export function invalidUtf8At(buffer: Buffer): { offset: number; line: number; column: number } {
  let offset = 0;
  while (offset < buffer.length) {
    const b = buffer[offset]!;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0 || offset + need >= buffer.length) break;
    if (need > 0 && !isUtf8(buffer.subarray(offset, offset + need + 1))) break;
    offset += need + 1;
  }
  const before = buffer.subarray(0, offset);
  const lineStart = before.lastIndexOf(0x0a) + 1;
  let line = 1;
  for (let i = before.indexOf(0x0a); i !== -1; i = before.indexOf(0x0a, i + 1)) line++;
  return { offset, line, column: [...before.subarray(lineStart).toString('utf8')].length + 1 };
}

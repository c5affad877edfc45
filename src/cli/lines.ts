import { isUtf8 } from 'node:buffer';
import { formatBytes } from '../policy/limits.js';

/** One line of a stream: its text, or why it cannot be used (too long, not UTF-8). */
export type StreamLine = { number: number; text: string; problem?: undefined } | { number: number; text?: undefined; problem: { code: string; message: string } };

/**
 * The lines of a byte stream, split on LF only: a CR inside a line is data (JSON takes it as
 * whitespace), one CR before the LF is dropped, so line numbers are those of any editor.
 * A line longer than `maxBytes` is reported (and skipped without being held in memory), as is one
 * that is not UTF-8. Stops early, without error, when `signal` is aborted.
 */
export async function* readLines(input: AsyncIterable<Buffer | string>, maxBytes: number, signal?: AbortSignal): AsyncGenerator<StreamLine> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let tooLong = false;
  let number = 0;
  const take = (piece: Buffer) => {
    if (tooLong) return;
    pendingBytes += piece.length;
    if (pendingBytes > maxBytes + 1) {
      // One byte of slack for the CR of a CRLF line that is exactly maxBytes long.
      tooLong = true;
      pending = [];
    } else pending.push(piece);
  };
  const end = (): StreamLine => {
    number++;
    const line = finish(number, pending, pendingBytes, tooLong, maxBytes);
    pending = [];
    pendingBytes = 0;
    tooLong = false;
    return line;
  };
  for await (const chunk of abortable(input, signal)) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    let start = 0;
    for (let lf = bytes.indexOf(0x0a, start); lf !== -1; lf = bytes.indexOf(0x0a, start)) {
      take(bytes.subarray(start, lf));
      yield end();
      if (signal?.aborted) return;
      start = lf + 1;
    }
    if (start < bytes.length) take(bytes.subarray(start));
  }
  if (!signal?.aborted && (pendingBytes > 0 || tooLong)) yield end();
}

function finish(number: number, pieces: Buffer[], bytes: number, tooLong: boolean, maxBytes: number): StreamLine {
  if (tooLong) return { number, problem: { code: 'line-too-long', message: `the line is longer than ${formatBytes(maxBytes)}, the limit for one incident (--max-file-size)` } };
  let line = Buffer.concat(pieces, bytes);
  if (line[line.length - 1] === 0x0d) line = line.subarray(0, -1);
  if (line.length > maxBytes) return finish(number, [], 0, true, maxBytes);
  if (!isUtf8(line)) return { number, problem: { code: 'invalid-utf8', message: 'the line is not valid UTF-8' } };
  return { number, text: line.toString('utf8') };
}

/** The chunks of a stream until it ends or `signal` is aborted (even while waiting for one). */
async function* abortable<T>(input: AsyncIterable<T>, signal?: AbortSignal): AsyncGenerator<T> {
  const iterator = input[Symbol.asyncIterator]();
  if (!signal) {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    return;
  }
  try {
    while (!signal.aborted) {
      // A fresh listener per chunk: one promise raced for the whole stream would hold a
      // reaction per chunk until the end.
      let onAbort!: () => void;
      const aborted = new Promise<'aborted'>((resolve) => (onAbort = () => resolve('aborted')));
      signal.addEventListener('abort', onAbort, { once: true });
      let next: IteratorResult<T> | 'aborted';
      try {
        next = await Promise.race([iterator.next(), aborted]);
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
      if (next === 'aborted' || next.done) return;
      yield next.value;
    }
  } finally {
    // Stop the source too (e.g. close the file); a stream that cannot be stopped is left as it is.
    void Promise.resolve(iterator.return?.()).catch(() => undefined);
  }
}

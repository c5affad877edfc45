import { once } from 'node:events';

/**
 * Writes text, waiting for the stream to drain when its buffer is full (back-pressure), but
 * not once `signal` is aborted (a closed pipe never drains).
 */
export async function write(stream: NodeJS.WritableStream, text: string, signal?: AbortSignal): Promise<void> {
  if (stream.write(text) || signal?.aborted) return;
  await once(stream, 'drain', signal ? { signal } : {}).catch((error: unknown) => {
    if ((error as Error).name !== 'AbortError') throw error;
  });
}

/** Reads a whole stream; undefined (and reading stops) once it is over `maxBytes`. */
export async function readAll(stream: NodeJS.ReadableStream, maxBytes = Infinity): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    total += bytes.length;
    if (total > maxBytes) return undefined;
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}

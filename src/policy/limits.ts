import { AsyncLocalStorage } from 'node:async_hooks';
import { changedLimits, DEFAULT_FILE_LIMITS, type FileLimits } from './limit-values.js';

// The values need no Node module (policies built from texts in memory are held to them too);
// the scope that changes them for a piece of work is Node's.
export { DEFAULT_FILE_LIMITS, formatBytes, type FileLimits } from './limit-values.js';

const scoped = new AsyncLocalStorage<FileLimits>();

/**
 * Runs `work` with other file limits (unset ones keep their current value): every policy,
 * scenario and incident file read inside it, synchronously or not, is held to them.
 */
export function withFileLimits<T>(limits: Partial<FileLimits>, work: () => T): T {
  return scoped.run(changedLimits(fileLimits(), limits), work);
}

/** The limits in effect here. */
export function fileLimits(): Readonly<FileLimits> {
  return scoped.getStore() ?? DEFAULT_FILE_LIMITS;
}

/**
 * How much the loaders read before they refuse, so that a hostile or mistaken file (a 50 MB rule
 * file, a link to /dev/zero) is a diagnostic rather than an exhausted heap. docs/reliability.md
 * lists them; `withFileLimits` and the CLI's --max-file-size / --max-policy-size change them.
 */
export interface FileLimits {
  /** The largest single file: a manifest, rule file, vocabulary, scenario or incident file, or one NDJSON line (bytes). */
  maxFileBytes: number;
  /** The largest policy folder: its manifest and rule files together (bytes). */
  maxPolicyBytes: number;
}

/** 1 MiB per file is thirty times the largest bundled file; 4 MiB per policy, about fifty times the largest policy. */
export const DEFAULT_FILE_LIMITS: Readonly<FileLimits> = Object.freeze({ maxFileBytes: 1024 * 1024, maxPolicyBytes: 4 * 1024 * 1024 });

/** `base` with the limits `changes` gives (unset ones kept); a RangeError for a value that is not a byte count. */
export function changedLimits(base: Readonly<FileLimits>, changes: Partial<FileLimits>): FileLimits {
  const merged = { ...base };
  for (const key of Object.keys(DEFAULT_FILE_LIMITS) as (keyof FileLimits)[]) {
    const value = changes[key];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${key} must be a whole number of bytes above 0, not ${String(value)}`);
    merged[key] = value;
  }
  return merged;
}

/** A byte count as people read it (e.g. "1 MiB", "600 KiB", "12 bytes"). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} byte${bytes === 1 ? '' : 's'}`;
}

/** The message for a file over the per-file limit (`atLeast`: read up to the limit, its size unknown). */
export function tooLarge(size: number, max: number, atLeast = false): string {
  return `is ${atLeast ? 'more than ' : ''}${formatBytes(atLeast ? max : size)}${atLeast ? '' : ' long'}, over the limit of ${formatBytes(max)} per file (--max-file-size)`;
}

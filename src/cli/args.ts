import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './command.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses a command's arguments with node:util's parseArgs (strict), turning its errors into
 * one-sentence usage errors.
 */
export function parseCommandArgs<O extends Options>(
  args: string[],
  options: O,
): ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>> {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const name = /'([^']+)'/.exec(e.message)?.[1] ?? e.message;
      throw new UsageError(`unknown option ${name}`);
    }
    if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const name = /'(-[^' ]+)/.exec(e.message)?.[1];
      throw new UsageError(name ? `option ${name} needs a value` : e.message);
    }
    if (e.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') throw new UsageError(e.message);
    throw error;
  }
}

/** At most `max` positional arguments. */
export function atMost(positionals: string[], max: number, what: string): void {
  if (positionals.length > max) throw new UsageError(`too many arguments: expected at most ${max} ${what}, got "${positionals.join('" "')}"`);
}

export function numberOption(value: string | undefined, name: string, { min, max }: { min: number; max: number }): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) throw new UsageError(`--${name} must be a number from ${min} to ${max}, not "${value}"`);
  return n;
}

export { isCalendarDate } from '../policy/dates.js';

/** "1048576", "512k", "8m" (KiB and MiB) → bytes. */
export function parseSize(value: string, flag: string): number {
  const match = /^(\d{1,12})([km]?)(?:i?b)?$/i.exec(value.trim());
  const bytes = match ? Number(match[1]) * (match[2]!.toLowerCase() === 'k' ? 1024 : match[2]!.toLowerCase() === 'm' ? 1024 * 1024 : 1) : NaN;
  if (!Number.isSafeInteger(bytes) || bytes < 1) throw new UsageError(`${flag} must be a size such as 1048576, 512k or 8m, not "${value}"`);
  return bytes;
}

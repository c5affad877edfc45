/** A finding the command reports and exits 1 for (bad input, missing file): one sentence. */
export class CliError extends Error {
  /** Extra lines printed before the sentence (e.g. diagnostics). */
  readonly details: string[];
  constructor(message: string, details: string[] = []) {
    super(message);
    this.name = 'CliError';
    this.details = details;
  }
}

const hints = new WeakMap<object, string>();

/** Adds a hint to an error on its way out: printed after its sentence ("hint: ..."), and in --json output. */
export function withHint<E extends Error>(error: E, hint: string): E {
  hints.set(error, hint);
  return error;
}

export function hintOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? hints.get(error) : undefined;
}

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

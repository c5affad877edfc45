/** One problem found while loading a policy, a rule file or an incident: data before text. */
export interface Diagnostic {
  /** A stable code, e.g. `yaml-syntax`, `unknown-key`, `unknown-term`. */
  code: string;
  message: string;
  file: string;
  /** 1-based; 0 when the problem has no position (e.g. a missing file). */
  line: number;
  column: number;
}

export function formatDiagnostic(d: Diagnostic): string {
  return d.line > 0 ? `${d.file}:${d.line}:${d.column}: ${d.message}` : `${d.file}: ${d.message}`;
}

export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.message.localeCompare(b.message),
  );
}

/** Thrown when a policy folder does not load; nothing of it is used. Carries every problem found. */
export class PolicyLoadError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    const sorted = sortDiagnostics(diagnostics);
    super(
      `policy did not load (${sorted.length} problem${sorted.length === 1 ? '' : 's'}):\n` +
        sorted.map(formatDiagnostic).join('\n'),
    );
    this.name = 'PolicyLoadError';
    this.diagnostics = sorted;
  }
}

/**
 * The bounds of "did you mean ...?" hints, so that a hint never costs more than the mistake is
 * worth: no hint for a name longer than `maxLength` (no real term is that long), and at most
 * `maxPerInput` hints per incident, rule folder or scenario file (see `hints`). The edit distance
 * skips candidates whose length alone rules them out and stops a comparison once it is too far.
 */
export const DID_YOU_MEAN_LIMITS = { maxLength: 64, maxPerInput: 20 } as const;

/** The closest known name to an unknown one, for "did you mean ...?" hints. */
export function nearest(name: string, known: Iterable<string>): string | undefined {
  if (name.length === 0 || name.length > DID_YOU_MEAN_LIMITS.maxLength) return undefined;
  const allowed = Math.max(2, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = allowed + 1;
  for (const candidate of known) {
    // A length difference is a lower bound of the distance: most candidates stop here.
    if (Math.abs(candidate.length - name.length) >= bestDistance) continue;
    const d = editDistance(name, candidate, bestDistance - 1);
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return best;
}

export function didYouMean(name: string, known: Iterable<string>): string {
  const hint = nearest(name, known);
  return hint ? ` (did you mean "${hint}"?)` : '';
}

/**
 * A budget of hints for one input (an incident, a policy, a scenario file): at most `max` are
 * given, so that thousands of unknown names cost no more than `max` look-ups. `make` is only
 * called while hints are still given.
 */
export function hintBudget(max: number = DID_YOU_MEAN_LIMITS.maxPerInput): (name: string, make: () => string) => string {
  let left = max;
  return (name, make) => {
    if (left <= 0 || name.length > DID_YOU_MEAN_LIMITS.maxLength) return '';
    left--;
    return make();
  };
}

/** A `didYouMean` for one input, within a hint budget; `known` is only read while hints are given. */
export function hints(max: number = DID_YOU_MEAN_LIMITS.maxPerInput): (name: string, known: () => Iterable<string>) => string {
  const budget = hintBudget(max);
  return (name, known) => budget(name, () => didYouMean(name, known()));
}

/** Levenshtein distance, or any number above `bound` once it is certain to exceed it. */
function editDistance(a: string, b: string, bound: number): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
      if (row[j]! < rowMin) rowMin = row[j]!;
    }
    if (rowMin > bound) return bound + 1;
  }
  return row[b.length]!;
}

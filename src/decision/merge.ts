import type { Modality, Timing } from '../policy/schema.js';
import type { Outcome, Reason } from './schema.js';

const STRENGTH: Record<Modality, number> = { must: 3, should: 2, may: 1 };
const URGENCY: Record<Timing, number> = { immediately: 2, promptly: 1 };

export function strongerModality(a: Modality, b: Modality): Modality {
  return STRENGTH[a] >= STRENGTH[b] ? a : b;
}

/** Outcomes are the same when kind, target and actor agree; the merge keeps the strongest force. */
export function outcomeKey(o: Pick<Outcome, 'kind' | 'target' | 'by'>): string {
  return `${o.kind}\0${o.target}\0${o.by ?? ''}`;
}

/**
 * Merges outcomes produced by several rules: one entry per outcome, with the strongest
 * modality, the most urgent timing and every reason; then a deterministic order.
 */
export function mergeOutcomes<T extends Omit<Outcome, 'label' | 'contact'>>(outcomes: T[]): T[] {
  const merged = new Map<string, T>();
  for (const o of outcomes) {
    const key = outcomeKey(o);
    const seen = merged.get(key);
    if (!seen) {
      merged.set(key, { ...o, because: [...o.because] });
      continue;
    }
    seen.modality = strongerModality(seen.modality, o.modality);
    const timing = [seen.timing, o.timing].filter((t): t is Timing => t !== undefined).sort((a, b) => URGENCY[b] - URGENCY[a])[0];
    if (timing) seen.timing = timing;
    seen.because.push(...o.because);
  }
  for (const o of merged.values()) o.because = uniqueReasons(o.because);
  return [...merged.values()].sort(compareOutcomes);
}

export function compareOutcomes(a: Omit<Outcome, 'label' | 'contact'>, b: Omit<Outcome, 'label' | 'contact'>): number {
  return (
    STRENGTH[b.modality] - STRENGTH[a.modality] ||
    compareText(a.kind, b.kind) ||
    compareText(a.target, b.target) ||
    compareText(a.by ?? '', b.by ?? '')
  );
}

function uniqueReasons(reasons: Reason[]): Reason[] {
  const byKey = new Map(reasons.map((r) => [`${r.rule}\0${r.cite}`, r]));
  return [...byKey.values()].sort((a, b) => compareText(a.rule, b.rule) || compareText(a.cite, b.cite));
}

/** Locale-independent ordering, so output is identical on every machine. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

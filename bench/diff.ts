import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadPolicy } from '../src/engine/load.js';
import type { Policy } from '../src/index.js';
import { round } from './stats.js';

export interface DiffFigure {
  available: true;
  /** Incidents of the space evaluated under both versions. */
  incidents: number;
  seconds: number;
}

/**
 * The behavioural diff (src/analysis/diff.ts, `diffPolicies`) of a policy against a second copy
 * of itself, loaded separately so that nothing is remembered between the two: every incident of
 * the space is evaluated under both, which is the diff's whole cost whatever changed. The time
 * includes loading both versions, as `online-safety diff` does. Says so when the diff is not there.
 */
export async function diffOverSpace(root: string, policy: Policy): Promise<DiffFigure | { available: false; reason: string }> {
  const diffFile = join(root, 'src', 'analysis', 'diff.ts');
  if (!existsSync(diffFile)) return { available: false, reason: 'not available yet: src/analysis/diff.ts is absent' };
  const { diffPolicies } = (await import(pathToFileURL(diffFile).href)) as { diffPolicies?: DiffPolicies };
  if (typeof diffPolicies !== 'function') return { available: false, reason: 'not available yet: src/analysis/diff.ts has no diffPolicies' };
  const started = performance.now();
  const [before, after] = await Promise.all([loadPolicy(policy.dir), loadPolicy(policy.dir)]);
  const diff = await diffPolicies(before, after);
  const seconds = (performance.now() - started) / 1000;
  if (diff.behaviour.changed !== 0) throw new Error(`bench: ${policy.id} differs from itself on ${diff.behaviour.changed} incidents`);
  return { available: true, incidents: diff.behaviour.compared, seconds: round(seconds) };
}

type DiffPolicies = (a: Policy, b: Policy) => Promise<{ behaviour: { compared: number; changed: number } }>;

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { evaluate } from '../src/decision/evaluate.js';
import { loadPolicy } from '../src/engine/load.js';
import type { Policy } from '../src/index.js';
import { round } from './stats.js';

export interface DiffFigure {
  available: true;
  incidents: number;
  seconds: number;
  note?: string;
}

const today = '2026-11-26';
/** Past this, walking the space would take hours: the figure is reported as unavailable. */
const MAX_SPACE = 20_000_000;

/**
 * The behavioural diff over the whole incident space of a policy (the policy against itself:
 * both versions loaded, every incident of the space evaluated under each and compared, which is the diff's
 * whole cost whatever changed). Uses src/analysis/space.ts; says so when it is not there yet.
 */
export async function diffOverSpace(root: string, policy: Policy): Promise<DiffFigure | { available: false; reason: string }> {
  const spaceFile = join(root, 'src', 'analysis', 'space.ts');
  if (!existsSync(spaceFile)) return { available: false, reason: 'not available yet: src/analysis/space.ts is absent' };
  const { incidentSpace } = (await import(pathToFileURL(spaceFile).href)) as typeof import('../src/analysis/space.js');
  const started = performance.now();
  // Two versions are two policies loaded from their folders (each with its own caches).
  const [before, after] = await Promise.all([loadPolicy(policy.dir), loadPolicy(policy.dir)]);
  const space = incidentSpace([before, after]);
  if (space.size > MAX_SPACE) {
    return { available: false, reason: `the incident space has ${space.size.toExponential(2)} incidents, too many to enumerate (limit ${MAX_SPACE.toLocaleString('en')})` };
  }
  let incidents = 0;
  for (const incident of space.incidents()) {
    const old = JSON.stringify(await evaluate(before, incident, { today }));
    const now = JSON.stringify(await evaluate(after, incident, { today }));
    if (old !== now) throw new Error('bench: a policy differs from itself');
    incidents++;
  }
  return {
    available: true,
    incidents,
    seconds: round((performance.now() - started) / 1000),
    note: 'space enumeration + evaluate() under both versions + comparison (the diff command itself is not there yet)',
  };
}

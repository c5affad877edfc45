// The fuzz runs' size and seed. `npm test` runs a few, from a fixed seed (the same inputs every
// time); FUZZ_RUNS and FUZZ_SEED make a longer run from a fresh seed (.ci/run does), e.g.
//   FUZZ_RUNS=2000 FUZZ_SEED=$RANDOM npx vitest run tests/fuzz
// A failure prints the seed and the path that reproduces it (fast-check's own report).
export const FIXED_SEED = 1_414_2026;

/** A test's time limit: vitest's default for the few cases of `npm test`, ten minutes for a long run. */
export const FUZZ_TIMEOUT = process.env.FUZZ_RUNS ? 600_000 : 30_000;

export function fuzzSettings(defaultRuns: number, scale = 1): { numRuns: number; seed: number } {
  const runs = Number(process.env.FUZZ_RUNS);
  const seed = Number(process.env.FUZZ_SEED);
  return {
    numRuns: Number.isSafeInteger(runs) && runs > 0 ? Math.max(1, Math.round(runs * scale)) : defaultRuns,
    seed: Number.isSafeInteger(seed) ? seed : FIXED_SEED,
  };
}

/** In a long run (FUZZ_RUNS set), one line for the log: what ran, from which seed, with what result. */
export function report(what: string, counts: Record<string, number>): void {
  if (!process.env.FUZZ_RUNS) return;
  const { seed } = fuzzSettings(1);
  console.info(`fuzz ${what}: seed ${seed}, ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')}`);
}

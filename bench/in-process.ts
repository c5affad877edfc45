import { Engine } from 'json-rules-engine';
import { compiledOf } from '../src/engine/policy.js';
import { engineFacts, engineRules } from '../src/engine/reference.js';
import { evaluate, forgetDecisions } from '../src/decision/evaluate.js';
import { parseIncident, type IncidentInput, type VocabularyTerms, type Policy } from '../src/index.js';
import { latency, round, type Latency } from './stats.js';

export interface Throughput extends Latency {
  incidents: number;
  /** Incidents per second of wall time. */
  perSecond: number;
  /** Incidents per second of this process's CPU time (steadier on a shared machine). */
  perCpuSecond: number;
}

/** Runs `work`, returning its wall time and this process's CPU time, both in ms. */
async function timed(work: () => Promise<void>): Promise<{ wallMs: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await work();
  const used = process.cpuUsage(cpu);
  return { wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
}

const rate = (count: number, ms: number) => round((count / ms) * 1000);

const today = '2026-11-26';

/**
 * What a developer gets from json-rules-engine alone: every compiled rule of the policy in one
 * Engine, one run() per incident, one after another. It is given the incidents already parsed
 * and turned into engine facts, and it only finds the rules that fire (no questions, no merged
 * decision): it does less work than evaluate(), so the ratio against it is conservative.
 */
export async function naive(policy: Policy, incidents: IncidentInput<VocabularyTerms>[], budgetMs: number): Promise<Throughput> {
  const ir = compiledOf(policy);
  const engine = new Engine(engineRules(ir));
  const facts = incidents.map((i) => engineFacts(ir, parseIncident(i, policy.vocabulary)));
  for (const f of facts.slice(0, 50)) await engine.run(f); // warm-up
  const samples: number[] = [];
  const started = performance.now();
  const { wallMs, cpuMs } = await timed(async () => {
    for (const f of facts) {
      const t = performance.now();
      await engine.run(f);
      samples.push((performance.now() - t) * 1000);
      if (performance.now() - started > budgetMs) break;
    }
  });
  return { incidents: samples.length, perSecond: rate(samples.length, wallMs), perCpuSecond: rate(samples.length, cpuMs), ...latency(samples) };
}

/**
 * evaluate() as the library ships it, one incident after another, on raw incidents (validation,
 * questions and the whole decision included). A first pass with nothing remembered; then, after
 * `warm` incidents (another seed, as in a process that has been running for a while), one timed
 * pass for throughput and one timed call by call for the latency figures.
 */
export async function ours(
  policy: Policy,
  warm: IncidentInput<VocabularyTerms>[],
  incidents: IncidentInput<VocabularyTerms>[],
): Promise<Throughput & { firstPassPerSecond: number; firstPassPerCpuSecond: number }> {
  const pass = () =>
    timed(async () => {
      for (const incident of incidents) await evaluate(policy, incident, { today });
    });
  forgetDecisions(policy);
  const firstPass = await pass();
  forgetDecisions(policy);
  for (const incident of warm) await evaluate(policy, incident, { today });
  const batch = await pass();
  const samples = new Float64Array(incidents.length);
  for (let n = 0; n < incidents.length; n++) {
    const t = performance.now();
    await evaluate(policy, incidents[n], { today });
    samples[n] = (performance.now() - t) * 1000;
  }
  return {
    incidents: incidents.length,
    perSecond: rate(incidents.length, batch.wallMs),
    perCpuSecond: rate(incidents.length, batch.cpuMs),
    firstPassPerSecond: rate(incidents.length, firstPass.wallMs),
    firstPassPerCpuSecond: rate(incidents.length, firstPass.cpuMs),
    ...latency(samples),
  };
}

/** evaluate() with nothing remembered: every incident worked out from the rules. */
export async function uncached(policy: Policy, incidents: IncidentInput<VocabularyTerms>[]): Promise<Latency> {
  const samples = new Float64Array(incidents.length);
  for (let n = 0; n < incidents.length; n++) {
    forgetDecisions(policy);
    const t = performance.now();
    await evaluate(policy, incidents[n], { today });
    samples[n] = (performance.now() - t) * 1000;
  }
  forgetDecisions(policy);
  return latency(samples);
}

/**
 * evaluate() on incidents seen before (their projection still remembered: a few hundred, as
 * the caches are small): the latency of a school system re-evaluating recent incidents, or of
 * the many incidents that look alike. Each incident once untimed, then `rounds` timed passes.
 */
export async function seenBefore(policy: Policy, incidents: IncidentInput<VocabularyTerms>[], rounds = 10): Promise<Latency> {
  for (const incident of incidents) await evaluate(policy, incident, { today });
  const samples = new Float64Array(incidents.length * rounds);
  for (let r = 0, n = 0; r < rounds; r++) {
    for (const incident of incidents) {
      const t = performance.now();
      await evaluate(policy, incident, { today });
      samples[n++] = (performance.now() - t) * 1000;
    }
  }
  return latency(samples);
}

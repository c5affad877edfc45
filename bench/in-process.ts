import { Engine } from 'json-rules-engine';
import { compileRule } from '../src/engine/compile.js';
import { engineFacts } from '../src/engine/compiled.js';
import { evaluate, forgetDecisions } from '../src/decision/evaluate.js';
import { parseIncident, type IncidentInput, type Policy } from '../src/index.js';
import { latency, round, type Latency } from './stats.js';

export interface Throughput extends Latency {
  incidents: number;
  perSecond: number;
}

const today = '2026-11-26';

/**
 * What a developer gets from json-rules-engine alone: every compiled rule of the policy in one
 * Engine, one run() per incident, one after another. It is given the incidents already parsed
 * and turned into engine facts, and it only finds the rules that fire (no questions, no merged
 * decision): it does less work than evaluate(), so the ratio against it is conservative.
 */
export async function naive(policy: Policy, incidents: IncidentInput[], budgetMs: number): Promise<Throughput> {
  const engine = new Engine(policy.rules.map((r) => compileRule(r.id, r.when)));
  const facts = incidents.map((i) => engineFacts(parseIncident(i, policy.vocabulary), policy.vocabulary));
  for (const f of facts.slice(0, 50)) await engine.run(f); // warm-up
  const samples: number[] = [];
  const started = performance.now();
  for (const f of facts) {
    const t = performance.now();
    await engine.run(f);
    samples.push((performance.now() - t) * 1000);
    if (performance.now() - started > budgetMs) break;
  }
  const elapsed = performance.now() - started;
  return { incidents: samples.length, perSecond: round((samples.length / elapsed) * 1000), ...latency(samples) };
}

/**
 * evaluate() as the library ships it, one incident after another, on raw incidents (validation,
 * questions and the whole decision included). `warm` incidents (another seed) go first, as in a
 * process that has been running for a while; then one timed pass for throughput and one timed
 * per call for the latency figures.
 */
export async function ours(policy: Policy, warm: IncidentInput[], incidents: IncidentInput[]): Promise<Throughput & { firstPassPerSecond: number }> {
  forgetDecisions(policy);
  let started = performance.now();
  for (const incident of incidents) await evaluate(policy, incident, { today });
  const firstPass = performance.now() - started;
  forgetDecisions(policy);
  for (const incident of warm) await evaluate(policy, incident, { today });
  started = performance.now();
  for (const incident of incidents) await evaluate(policy, incident, { today });
  const batch = performance.now() - started;
  const samples = new Float64Array(incidents.length);
  for (let n = 0; n < incidents.length; n++) {
    const t = performance.now();
    await evaluate(policy, incidents[n], { today });
    samples[n] = (performance.now() - t) * 1000;
  }
  return {
    incidents: incidents.length,
    perSecond: round((incidents.length / batch) * 1000),
    firstPassPerSecond: round((incidents.length / firstPass) * 1000),
    ...latency(samples),
  };
}

/** evaluate() with nothing remembered: every incident worked out from the rules. */
export async function uncached(policy: Policy, incidents: IncidentInput[]): Promise<Latency> {
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

// npm run bench [-- --json] [-- --quick]
// The performance benchmark of issue 7: plain json-rules-engine (naive) against evaluate() and
// the CLI's NDJSON batch path, same machine, same rules, same seeded incidents. Never part of
// `npm test`. `--json` prints every figure as one JSON object on the last line.
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundledVocabulary, listBundledPolicies, loadBundledPolicy } from '../src/index.js';
import { diffOverSpace, type DiffFigure } from './diff.js';
import { naive, ours, seenBefore, uncached } from './in-process.js';
import { realisticIncidents } from './incidents.js';
import { buildPackage, cliHasNdjson, cliNdjson, cliOneIncident, coldStart } from './processes.js';
import { round } from './stats.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const asJson = args.has('--json');
const sizes = quick
  ? { incidents: 20_000, warm: 5_000, uncached: 500, naiveMs: 800, ndjsonLines: 50_000 }
  : { incidents: 30_000, warm: 10_000, uncached: 2_000, naiveMs: 3_000, ndjsonLines: 1_000_000 };

const log = (line: string) => process.stderr.write(`${line}\n`);
const notYet = (what: string) => ({ available: false as const, reason: `not available yet: ${what}` });

const startedAll = performance.now();
const loadBefore = loadavg()[0]!;
const vocabulary = bundledVocabulary();
const ids = listBundledPolicies();
const policies = await Promise.all(ids.map((id) => loadBundledPolicy(id)));
const incidents = realisticIncidents(vocabulary, sizes.incidents, 1);
const warm = realisticIncidents(vocabulary, sizes.warm, 2);

const perPolicy: Record<string, unknown> = {};
for (const policy of policies) {
  log(`${policy.id} (${policy.rules.length} rules): naive json-rules-engine ...`);
  const plain = await naive(policy, incidents, sizes.naiveMs);
  log(`${policy.id}: evaluate() ...`);
  const lib = await ours(policy, warm, incidents);
  const cold = await uncached(policy, incidents.slice(0, sizes.uncached));
  const seen = await seenBefore(policy, incidents.slice(0, 200));
  perPolicy[policy.id] = {
    rules: policy.rules.length,
    naive: plain,
    evaluate: lib,
    evaluateUncached: cold,
    evaluateSeenBefore: seen,
    // Ratios of CPU-time throughput: on a shared machine, wall time also counts other programs.
    ratio: round(lib.perCpuSecond / plain.perCpuSecond),
    ratioFirstPass: round(lib.firstPassPerCpuSecond / plain.perCpuSecond),
    ratioWall: round(lib.perSecond / plain.perSecond),
  };
}

log('building the package (bench copy) ...');
const built = await buildPackage(root);
const sample = incidents.find((i) => (i.people ?? []).length >= 2 && i.activities.length >= 2) ?? incidents[0]!;
log('cold start ...');
const coldStartFigure = coldStart(built.index, sample, root);
log('CLI, one incident ...');
const biggest = [...policies].sort((a, b) => b.rules.length - a.rules.length)[0]!;
// The million-line stream runs under the policy with fewer rules, to keep the benchmark near
// three minutes; the in-process figures above give both policies' throughput.
const streamed = [...policies].sort((a, b) => a.rules.length - b.rules.length)[0]!;
const cliOne = cliOneIncident(built.cli, biggest.id, sample, root);
let ndjson: (Awaited<ReturnType<typeof cliNdjson>> & { policy: string }) | ReturnType<typeof notYet>;
if (cliHasNdjson(built.cli, root)) {
  log(`CLI --ndjson, ${sizes.ndjsonLines.toLocaleString('en')} incidents under ${streamed.id} ...`);
  ndjson = { policy: streamed.id, ...(await cliNdjson(built.cli, streamed.id, incidents, sizes.ndjsonLines, root)) };
} else {
  ndjson = notYet('the built CLI has no `evaluate --ndjson`');
}
log('behavioural diff over the incident space ...');
const diff: Record<string, DiffFigure | ReturnType<typeof notYet>> = {};
for (const policy of policies) diff[policy.id] = await diffOverSpace(root, policy);

const figures = {
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, loadAverage: { before: round(loadBefore), after: round(loadavg()[0]!) } },
  seed: 1,
  incidents: sizes.incidents,
  quick,
  policies: perPolicy,
  coldStart: coldStartFigure,
  cliOneIncidentMs: cliOne,
  cliNdjson: ndjson,
  diff,
  benchSeconds: round((performance.now() - startedAll) / 1000),
};

report(figures);
if (asJson) console.log(JSON.stringify(figures));

function report(f: typeof figures): void {
  const lines: string[] = [];
  const out = (s = '') => lines.push(s);
  out(`online-safety-rules benchmark (${f.machine.cpus} × ${f.machine.cpu}, Node ${f.machine.node}; seed ${f.seed}, ${f.incidents.toLocaleString('en')} incidents per policy${quick ? ', QUICK' : ''})`);
  for (const [id, p] of Object.entries(f.policies) as [string, any][]) {
    out();
    out(`${id} (${p.rules} rules)`);
    out(`  naive json-rules-engine   ${fmt(p.naive.perCpuSecond)} incidents/CPU-s (${fmt(p.naive.perSecond)}/s wall)   median ${p.naive.medianUs} µs   p99 ${p.naive.p99Us} µs   (${p.naive.incidents} incidents)`);
    out(`  evaluate(), batch         ${fmt(p.evaluate.perCpuSecond)} incidents/CPU-s (${fmt(p.evaluate.perSecond)}/s wall)   median ${p.evaluate.medianUs} µs   p99 ${p.evaluate.p99Us} µs   → ${p.ratio}× naive (${p.ratioWall}× wall)`);
    out(`  evaluate(), first pass    ${fmt(p.evaluate.firstPassPerCpuSecond)} incidents/CPU-s (${fmt(p.evaluate.firstPassPerSecond)}/s wall), nothing remembered yet   → ${p.ratioFirstPass}× naive`);
    out(`  evaluate(), seen before   median ${p.evaluateSeenBefore.medianUs} µs   p99 ${p.evaluateSeenBefore.p99Us} µs (200 incidents again and again: projection remembered)`);
    out(`  evaluate(), uncached      median ${p.evaluateUncached.medianUs} µs   p99 ${p.evaluateUncached.p99Us} µs (every cache emptied before each call)`);
  }
  out();
  const c = f.coldStart;
  out(`cold start (spawn → import → load ${ids.length} policies → first decision): ${c.wallMs} ms wall (in process: import ${c.importMs} ms, load ${c.loadMs} ms, first decision at ${c.firstDecisionMs} ms)`);
  out(`CLI, one incident (${biggest.id}): ${f.cliOneIncidentMs} ms wall`);
  const n = f.cliNdjson as any;
  out(n.available === false ? `CLI --ndjson: ${n.reason}` : `CLI --ndjson, ${fmt(n.lines)} incidents (${n.policy}): ${fmt(n.perSecond)} incidents/s, ${n.seconds} s, peak RSS ${n.peakRssMb} MB, ${fmt(n.outputLines)} output lines`);
  for (const [id, d] of Object.entries(f.diff) as [string, any][]) {
    out(d.available === false ? `diff over the space (${id}): ${d.reason}` : `diff over the whole space (${id} against itself): ${d.seconds} s, ${fmt(d.incidents)} incidents under both versions`);
  }
  out(`(benchmark took ${f.benchSeconds} s; 1-minute load average ${f.machine.loadAverage.before} before, ${f.machine.loadAverage.after} after, on ${f.machine.cpus} CPUs)`);
  console.log(lines.join('\n'));
}

function fmt(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en') : String(n);
}

import { spawn, spawnSync } from 'node:child_process';
import { build } from 'esbuild';
import { bundledDataPlugin } from '../scripts/bundled-data.js';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IncidentInput, VocabularyTerms } from '../src/index.js';
import { median, round } from './stats.js';

/**
 * The package as it ships, built for the benchmark into a folder of its own (so the benchmark
 * never races a `npm run build` in dist/). It sits under node_modules/ so that it finds the
 * package's rules/ folder the way dist/ does. Built as `npm run build` builds its ESM entries:
 * with the bundled policies checked once and built in as data (scripts/bundled-data.ts).
 */
export async function buildPackage(root: string): Promise<{ index: string; cli: string }> {
  const out = join(root, 'node_modules', '.cache', 'online-safety-rules-bench');
  rmSync(out, { recursive: true, force: true });
  try {
    await build({
      entryPoints: { index: join(root, 'src/index.ts'), cli: join(root, 'src/cli/main.ts') },
      outdir: out,
      bundle: true,
      splitting: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      plugins: [bundledDataPlugin(join(out, '.bundled'))],
      logLevel: 'silent',
    });
  } catch (error) {
    throw new Error(`bench: building the package failed:\n${error instanceof Error ? error.message : String(error)}`);
  }
  return { index: join(out, 'index.js'), cli: join(out, 'cli.js') };
}

/** Wall time of a child process, in ms, from spawn to exit. */
function wall(args: string[], options: { input?: string; cwd: string }): { ms: number; stdout: string; stderr: string; status: number | null } {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { cwd: options.cwd, input: options.input, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { ms: performance.now() - started, stdout: result.stdout, stderr: result.stderr, status: result.status };
}

export interface ColdStart {
  /** Spawn to exit, median of the runs (what a user waits). */
  wallMs: number;
  /** Inside the process, from process start: import done, both policies loaded, first decision. */
  importMs: number;
  loadMs: number;
  firstDecisionMs: number;
}

/** Process start → import → load both bundled policies → first decision. Median of `runs`. */
export function coldStart(index: string, incident: IncidentInput<VocabularyTerms>, cwd: string, runs = 5): ColdStart {
  const script = `
    const t0 = performance.now();
    const lib = await import(${JSON.stringify(index)});
    const t1 = performance.now();
    const [first] = await Promise.all(lib.listBundledPolicies().map((id) => lib.loadBundledPolicy(id)));
    const t2 = performance.now();
    await lib.evaluate(first, ${JSON.stringify(incident)}, { today: '2026-11-26' });
    const t3 = performance.now();
    console.log(JSON.stringify({ importMs: t1, loadMs: t2 - t1, firstDecisionMs: t3 }));`;
  const seen: { wall: number; importMs: number; loadMs: number; firstDecisionMs: number }[] = [];
  for (let n = 0; n < runs; n++) {
    const r = wall(['--input-type=module', '-e', script], { cwd });
    if (r.status !== 0) throw new Error(`bench: cold start failed:\n${r.stderr}`);
    seen.push({ wall: r.ms, ...JSON.parse(r.stdout.trim().split('\n').pop()!) });
  }
  return {
    wallMs: round(median(seen.map((s) => s.wall))),
    importMs: round(median(seen.map((s) => s.importMs))),
    loadMs: round(median(seen.map((s) => s.loadMs))),
    firstDecisionMs: round(median(seen.map((s) => s.firstDecisionMs))),
  };
}

/** `online-safety evaluate` on one incident file: wall time, median of `runs`. */
export function cliOneIncident(cli: string, policy: string, incident: IncidentInput<VocabularyTerms>, cwd: string, runs = 5): number {
  const dir = mkdtempSync(join(tmpdir(), 'online-safety-bench-'));
  try {
    const file = join(dir, 'incident.json');
    writeFileSync(file, JSON.stringify(incident));
    const times: number[] = [];
    for (let n = 0; n < runs; n++) {
      const r = wall([cli, 'evaluate', '--policy', policy, '--today', '2026-11-26', '--json', file], { cwd });
      if (r.status !== 0) throw new Error(`bench: CLI evaluate failed (${r.status}):\n${r.stderr}`);
      times.push(r.ms);
    }
    return round(median(times));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether the built CLI has `evaluate --ndjson` yet (it is being written alongside). */
export function cliHasNdjson(cli: string, cwd: string): boolean {
  const r = wall([cli, 'evaluate', '--help'], { cwd });
  return r.status === 0 && r.stdout.includes('--ndjson');
}

export interface NdjsonRun {
  lines: number;
  outputLines: number;
  seconds: number;
  perSecond: number;
  peakRssMb: number;
}

/**
 * Streams `lines` incidents through `online-safety evaluate --ndjson` on standard input (written
 * first to a temporary file, so that no generator competes with the CLI for the CPU while it
 * is measured), counts the output lines, and reads the CLI's peak RSS from a preloaded script
 * that records it on exit.
 */
export async function cliNdjson(cli: string, policy: string, incidents: IncidentInput<VocabularyTerms>[], lines: number, cwd: string): Promise<NdjsonRun> {
  const dir = mkdtempSync(join(tmpdir(), 'online-safety-bench-'));
  const rssFile = join(dir, 'peak-rss');
  const preload = join(dir, 'peak-rss.cjs');
  writeFileSync(preload, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));\n`);
  const inputFile = join(dir, 'incidents.ndjson');
  // Distinct lines (the ids differ) from a cycle of realistic incidents.
  const texts = incidents.map((i) => JSON.stringify({ ...i, id: undefined }).slice(1));
  const out = openSync(inputFile, 'w');
  for (let n = 0; n < lines; ) {
    let chunk = '';
    for (let k = 0; k < 4096 && n < lines; k++, n++) chunk += `{"id":"L${n}",${texts[n % texts.length]}\n`;
    writeSync(out, chunk);
  }
  closeSync(out);
  const input = openSync(inputFile, 'r');
  try {
    const started = performance.now();
    const child = spawn(process.execPath, ['--require', preload, cli, 'evaluate', '--ndjson', '--policy', policy, '--today', '2026-11-26'], {
      cwd,
      stdio: [input, 'pipe', 'pipe'],
    });
    let outputLines = 0;
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) outputLines++;
    });
    child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const seconds = (performance.now() - started) / 1000;
    if (status !== 0 && status !== 1) throw new Error(`bench: CLI --ndjson exited with ${status}:\n${stderr}`);
    const peakKb = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) : NaN;
    return { lines, outputLines, seconds: round(seconds), perSecond: round(lines / seconds), peakRssMb: round(peakKb / 1024) };
  } finally {
    closeSync(input);
    rmSync(dir, { recursive: true, force: true });
  }
}

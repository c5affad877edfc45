// The built package as a school's web app and a serverless function use it: bundled with esbuild,
// for a browser (no Node module, no file: run with no require, process or file system) and for
// Node (run from a folder with no package beside it).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { build, type Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { listBundledPolicies, loadBundledPolicy } from '../src/index.js';

// A program that imports the package by its name, loads every bundled policy, evaluates an incident.
const PROGRAM = `
import { evaluate, listBundledPolicies, loadBundledPolicy } from 'online-safety-rules';

async function main() {
  const digests = {};
  for (const id of listBundledPolicies()) digests[id] = (await loadBundledPolicy(id)).digest;
  const policy = await loadBundledPolicy('elim-school');
  const decision = await evaluate(policy, {
    people: [{ role: 'staff', involvement: 'subject' }, { role: 'pupil', involvement: 'affected' }],
    activities: ['sending-offensive-message'],
  }, { today: '2026-11-26' });
  const rule = policy.rules[0];
  return { digests, referrals: decision.referrals.map((r) => r.target), doNow: decision.plan.doNow.length, ruleFile: rule.file, dir: policy.dir };
}
globalThis.done = main();
`;

let consumer: string;
beforeAll(() => {
  consumer = mkdtempSync(join(tmpdir(), 'online-safety-bundle-'));
  mkdirSync(join(consumer, 'node_modules'));
  symlinkSync(resolve('.'), join(consumer, 'node_modules', 'online-safety-rules'), 'dir');
  writeFileSync(join(consumer, 'app.mjs'), PROGRAM.replace('globalThis.done = main();', 'globalThis.done = main();\nif (typeof process !== "undefined") globalThis.done.then((r) => console.log(JSON.stringify(r)));'));
});

async function bundle(platform: 'browser' | 'node') {
  const result = await build({
    entryPoints: [join(consumer, 'app.mjs')],
    absWorkingDir: consumer,
    bundle: true,
    platform,
    // A Node bundle in CommonJS, as serverless functions are commonly bundled (an ES module bundle
    // of CommonJS dependencies needs a require shim: esbuild's own advice).
    format: platform === 'browser' ? 'iife' : 'cjs',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return { code: result.outputFiles[0]!.text, metafile: result.metafile };
}

async function expected() {
  const digests: Record<string, string> = {};
  // From src/, bundled policies are read from rules/ and checked (src/bundled/shipped.ts).
  for (const id of listBundledPolicies()) digests[id] = (await loadBundledPolicy(id)).digest;
  return digests;
}

/** Every import of the bundle's inputs that was left outside it, or that names a Node module. */
function nodeOrExternal(metafile: Metafile): string[] {
  return Object.entries(metafile.inputs).flatMap(([file, input]) =>
    input.imports.filter((i) => i.external || i.path.startsWith('node:')).map((i) => `${file} imports ${i.path}`),
  );
}

describe('bundles of the built package', () => {
  it('for a browser: the evaluation entry imports no Node module, and the bundle runs with no require, process or file system', async () => {
    const { code, metafile } = await bundle('browser');
    expect(nodeOrExternal(metafile)).toEqual([]);
    expect(Object.keys(metafile.inputs).some((f) => f.endsWith('dist/core.js'))).toBe(true);
    // zod is imported as a namespace so that bundlers keep only what is used: not its 40 locales.
    const kept = Object.entries(Object.values(metafile.outputs)[0]!.inputs).filter(([, i]) => i.bytesInOutput > 0).map(([f]) => f);
    expect(kept.filter((f) => /zod\/v4\/locales\/(?!en\.js)/.test(f))).toEqual([]);
    const sandbox: Record<string, unknown> = { console, TextEncoder, TextDecoder, setTimeout, clearTimeout, queueMicrotask };
    runInNewContext(code, sandbox);
    expect(runInNewContext('typeof require + typeof process', sandbox)).toBe('undefinedundefined');
    const out = (await sandbox.done) as { digests: Record<string, string>; referrals: string[]; doNow: number; ruleFile: string; dir: string };
    // The data built in is the checked rules: the same digests as the policy folders.
    expect(out.digests).toEqual(await expected());
    expect(out.referrals).toContain('lado');
    expect(out.doNow).toBeGreaterThan(0);
    expect(out.ruleFile).toMatch(/^rules\/elim-school\/[a-z-]+\.yaml$/);
    expect(out.dir).toBe('rules/elim-school');
  });

  it('for Node: runs from a folder without the package beside it', async () => {
    const { code, metafile } = await bundle('node');
    expect(Object.keys(metafile.inputs).some((f) => f.endsWith('dist/index.js'))).toBe(true);
    const away = mkdtempSync(join(tmpdir(), 'online-safety-node-bundle-'));
    writeFileSync(join(away, 'app.cjs'), code);
    const out = JSON.parse(execFileSync(process.execPath, [join(away, 'app.cjs')], { cwd: away, encoding: 'utf8' })) as { digests: Record<string, string>; referrals: string[] };
    expect(out.digests).toStrictEqual(await expected());
    expect(out.referrals).toContain('lado');
  });
});

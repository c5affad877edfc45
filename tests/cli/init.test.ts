// `online-safety init`: a school's policy folder, minimal and valid, or copied from a policy with
// its identity left to fill in (placeholders that fail the load, each positioned).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { evaluate } from '../../src/decision/evaluate.js';
import { loadBundledPolicy, loadPolicy, PolicyLoadError, runScenarioPaths } from '../../src/index.js';
import { cli } from './run-cli.js';

let root: string | undefined;
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
});
const fresh = () => (root = mkdtempSync(join(tmpdir(), 'online-safety-init-')));

/** Every `$schema=` line of the folder's YAML files points at a file that exists. */
function schemaLinesResolve(dir: string): void {
  const yamls = readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.yaml'));
  expect(yamls.length).toBeGreaterThan(1);
  for (const f of yamls) {
    const line = /^# yaml-language-server: \$schema=(\S+)$/m.exec(readFileSync(join(dir, f), 'utf8'));
    expect(line, f).not.toBeNull();
    expect(existsSync(resolve(dirname(join(dir, f)), line![1]!)), `${f}: ${line![1]}`).toBe(true);
  }
}

describe('online-safety init <dir>', () => {
  it('writes a minimal valid policy whose example scenarios pass', async () => {
    const dir = join(fresh(), 'harbour-primary');
    const r = await cli(['init', dir]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(readdirSync(dir).sort()).toEqual(['README.md', 'policy.yaml', 'rules.yaml', 'scenarios']);
    const policy = await loadPolicy(dir);
    expect(policy.id).toBe('harbour-primary');
    const [result] = await runScenarioPaths([join(dir, 'scenarios')]);
    expect(result!.diagnostics).toEqual([]);
    expect(result!.results.map((s) => s.passed)).toEqual([true, true]);
    schemaLinesResolve(dir);
  });

  it('--from a bundled policy: its rules and ledger, the identity to fill in, each placeholder positioned', async () => {
    const dir = join(fresh(), 'harbour-primary');
    expect((await cli(['init', dir, '--from', 'mast-academy-trust'])).code).toBe(0);
    const error = await loadPolicy(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PolicyLoadError);
    const unfilled = (error as PolicyLoadError).diagnostics.filter((d) => d.code === 'unfilled');
    expect(unfilled.map((d) => d.message.split(' ')[0])).toEqual(['title', 'owner', 'version', 'approvedBy', 'source']);
    expect((error as PolicyLoadError).diagnostics.every((d) => d.code === 'unfilled' && d.file.endsWith('policy.yaml') && d.line > 1 && d.column > 1)).toBe(true);
    schemaLinesResolve(dir);

    // Filled in, it is the trust's policy under the school's name: the same outcomes.
    writeFileSync(join(dir, 'policy.yaml'), readFileSync(join(dir, 'policy.yaml'), 'utf8').replace(/"FILL IN: [^"]*"/g, '"Harbour Primary"'));
    const school = await loadPolicy(dir);
    const trust = await loadBundledPolicy('mast-academy-trust');
    const incident = { people: [{ role: 'staff', involvement: 'subject' }, { role: 'pupil', involvement: 'affected' }], activities: ['sending-offensive-message'] };
    const body = (d: object) => JSON.stringify({ ...d, policy: undefined, warnings: undefined });
    expect(body(await evaluate(school, incident, { today: '2026-11-26' }))).toBe(body(await evaluate(trust, incident, { today: '2026-11-26' })));
  });

  it('--extends a policy: a school of it, identity to fill in, the delegated clauses listed; filled in, it loads and extends', async () => {
    const dir = join(fresh(), 'harbour-primary');
    expect((await cli(['init', dir, '--extends', 'mast-academy-trust'])).code).toBe(0);
    const manifest = readFileSync(join(dir, 'policy.yaml'), 'utf8');
    expect(manifest).toMatch(/^extends: mast-academy-trust$/m);
    expect(manifest).toContain('#   7.7.storage-and-liability: ');
    const error = (await loadPolicy(dir).catch((e: unknown) => e)) as PolicyLoadError;
    expect(error.diagnostics.map((d) => `${d.code} ${d.line}:${d.column} ${d.message.split(' ')[0]}`)).toEqual([
      'unfilled 6:8 title',
      'unfilled 7:8 owner',
      'unfilled 8:10 version',
      'unfilled 11:9 source',
    ]);
    schemaLinesResolve(dir);
    writeFileSync(join(dir, 'policy.yaml'), manifest.replace(/"FILL IN: [^"]*"/g, '"Harbour Primary"'));
    const school = await loadPolicy(dir);
    expect([school.id, school.manifest.extends, school.rules.length]).toEqual(['harbour-primary', 'mast-academy-trust', (await loadBundledPolicy('mast-academy-trust')).rules.length]);
    const [result] = await runScenarioPaths([join(dir, 'scenarios')]);
    expect(result!.results.map((s) => s.passed)).toEqual([true]);

    // A folder parent is written as a path from the new folder.
    const child = join(root!, 'class-one');
    expect((await cli(['init', child, '--extends', dir])).code).toBe(0);
    expect(readFileSync(join(child, 'policy.yaml'), 'utf8')).toMatch(/^extends: \.\.\/harbour-primary$/m);
    expect((await cli(['init', join(root!, 'x'), '--extends', 'elim-school', '--from', 'elim-school'])).code).toBe(2);
  });

  it('refuses a folder that is not empty, and writes nothing', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const r = await cli(['init', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('already exists and is not an empty folder; nothing was written');
    expect(readdirSync(dir)).toEqual(['notes.txt']);
  });

  it('an unknown --from, or a name that cannot be an id, is refused before anything is written', async () => {
    const dir = join(fresh(), 'school');
    const unknown = await cli(['init', dir, '--from', 'no-such-policy']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('--from no-such-policy: not a bundled policy');
    expect(existsSync(dir)).toBe(false);
    mkdirSync(join(root!, 'Ünïcode'));
    expect((await cli(['init', join(root!, 'Ünïcode', 'x'), '--id', 'Not An Id'])).code).toBe(2);
    expect((await cli(['init'])).code).toBe(2);
  });
});

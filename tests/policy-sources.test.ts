import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBundledPolicy, loadPolicy, loadPolicyFromSources, PolicyLoadError, type Diagnostic } from '../src/index.js';
import { tempPolicy } from './hostile/temp-policy.js';

/** Every file of a folder, as texts by name (what a browser app would hold in memory). */
function filesOf(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
}

async function problems(load: Promise<unknown>): Promise<Diagnostic[]> {
  const error = await load.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof PolicyLoadError)) throw new Error(`expected a PolicyLoadError, got ${String(error)}`);
  return error.diagnostics;
}

describe('loadPolicyFromSources (a policy from texts in memory)', () => {
  it('gives the bundled policy from its files: the same digest, manifest and rules as loadPolicy on the folder', async () => {
    const dir = 'rules/elim-school';
    const fromTexts = await loadPolicyFromSources({ files: filesOf(dir), dir });
    const fromFolder = await loadPolicy(dir);
    expect(fromTexts.digest).toBe(fromFolder.digest);
    expect(fromTexts.digest).toBe((await loadBundledPolicy('elim-school')).digest);
    expect(fromTexts.manifest).toStrictEqual(fromFolder.manifest);
    expect(fromTexts.rules).toStrictEqual(fromFolder.rules);
  });

  it('reports the same problems as loadPolicy, with the same files, lines and columns', async () => {
    const policy = tempPolicy();
    try {
      const rules = readdirSync(policy.dir).find((n) => n !== 'policy.yaml' && n.endsWith('.yaml'))!;
      policy.write(rules, `${policy.read(rules)}\n  - id: broken\n    cite: nowhere\n    whenn: {}\n`);
      policy.write('policy.yaml', policy.read('policy.yaml').replace(/^title:/m, 'titel:'));
      policy.write('syntax.yaml', 'rules: [\n');
      const shown = relative(process.cwd(), policy.dir);
      const fromFolder = await problems(loadPolicy(policy.dir));
      expect(fromFolder.length).toBeGreaterThan(2);
      expect(fromFolder.every((d) => d.line > 0)).toBe(true);
      expect(await problems(loadPolicyFromSources({ files: filesOf(policy.dir), dir: shown }))).toStrictEqual(fromFolder);
      // Files that are not read as rule files are refused before anything is parsed, in both.
      policy.write('extra.YAML', 'rules: []\n');
      const misnamed = await problems(loadPolicy(policy.dir));
      expect(misnamed).toMatchObject([{ code: 'misnamed-file', file: join(shown, 'extra.YAML') }]);
      expect(await problems(loadPolicyFromSources({ files: filesOf(policy.dir), dir: shown }))).toStrictEqual(misnamed);
    } finally {
      policy.remove();
    }
  });

  it('names files as given when no dir is given, and holds texts to the size limits', async () => {
    const files = filesOf('tests/fixtures/policies/valid');
    const diagnostics = await problems(loadPolicyFromSources({ files: { ...files, 'policy.yaml': `${files['policy.yaml']}\nbogus: 1\n` } }));
    expect(diagnostics[0]).toMatchObject({ file: 'policy.yaml', line: expect.any(Number) });
    expect(diagnostics[0]!.line).toBeGreaterThan(0);
    expect(await problems(loadPolicyFromSources({ files, limits: { maxFileBytes: 100 } }))).toContainEqual(
      expect.objectContaining({ code: 'too-large', file: 'policy.yaml', message: expect.stringMatching(/^is \d+ bytes long, over the limit of 100 bytes per file/) }),
    );
    expect(await problems(loadPolicyFromSources({ files: { 'rules.yaml': 'rules: []\n' } }))).toEqual([
      { code: 'not-found', message: 'no policy.yaml manifest in this folder', file: '.', line: 0, column: 0 },
    ]);
    expect(await problems(loadPolicyFromSources({ files: { ...files, 'rules.yaml': 42 as unknown as string } }))).toEqual([
      { code: 'not-text', message: "is number, not the file's text (a string)", file: 'rules.yaml', line: 0, column: 0 },
    ]);
  });

  it('says a YAML file in a subfolder is not the policy\'s (not read as a rule file, not dropped); other files there are passed over', async () => {
    const files = filesOf('tests/fixtures/policies/valid');
    expect(await problems(loadPolicyFromSources({ files: { ...files, 'versions/0.9/policy.yaml': 'id: x\n', 'notes/readme.txt': 'hi' } }))).toEqual([
      expect.objectContaining({ code: 'misnamed-file', file: 'versions/0.9/policy.yaml', message: expect.stringContaining('is in a subfolder') }),
    ]);
  });

  it('checks a vocabulary given as text, positioned in vocabulary.yaml', async () => {
    const files = filesOf('tests/fixtures/policies/valid');
    const diagnostics = await problems(loadPolicyFromSources({ files, vocabulary: 'roles: [\n' }));
    expect(diagnostics[0]).toMatchObject({ file: 'vocabulary.yaml', line: expect.any(Number) });
    const vocabulary = readFileSync('rules/vocabulary.yaml', 'utf8');
    const policy = await loadPolicyFromSources({ files, vocabulary });
    expect(policy.digest).toBe((await loadPolicy('tests/fixtures/policies/valid')).digest);
  });
});

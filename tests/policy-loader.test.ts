import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, loadPolicy, PolicyLoadError } from '../src/index.js';

const fixture = (name: string) => join('tests', 'fixtures', 'policies', name);

/** Loads a fixture that must fail, and returns its diagnostics as `file:line:col: message` lines. */
async function loadErrors(name: string): Promise<{ code: string; text: string }[]> {
  try {
    await loadPolicy(fixture(name));
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyLoadError);
    return (error as PolicyLoadError).diagnostics.map((d) => ({ code: d.code, text: formatDiagnostic(d) }));
  }
  throw new Error(`fixture ${name} loaded, but it should not`);
}

describe('loading a policy folder', () => {
  it('loads a valid folder and reports its identity', async () => {
    const policy = await loadPolicy(fixture('valid'));
    expect(policy.id).toBe('fixture-school');
    expect(policy.version).toBe('1');
    expect(policy.rules.map((r) => r.id)).toEqual(['offensive-message-to-pupil']);
    expect(policy.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('gives the same digest for the same files, and another for other files', async () => {
    const a = await loadPolicy(fixture('valid'));
    const b = await loadPolicy(fixture('valid'));
    const c = await loadPolicy('rules/elim-school');
    expect(a.digest).toBe(b.digest);
    expect(a.digest).not.toBe(c.digest);
  });

  it('rejects a folder that does not exist', async () => {
    const errors = await loadErrors('no-such-folder');
    expect(errors).toEqual([{ code: 'not-found', text: `${fixture('no-such-folder')}: no such policy folder` }]);
  });
});

// Each load-error kind: a bad fixture and the exact position of the problem.
const cases: [kind: string, fixture: string, code: string, expected: string][] = [
  ['malformed YAML', 'malformed-yaml', 'yaml-syntax', 'rules.yaml:5:5: Flow sequence in block collection must be sufficiently indented'],
  ['an unknown key', 'unknown-key', 'unknown-key', 'rules.yaml:6:5: unknown key "severity" in rules[0]'],
  ['an unknown vocabulary term', 'unknown-activity', 'unknown-term', 'rules.yaml:9:21: unknown activity "sending-ofensive-message" (did you mean "sending-offensive-message"?)'],
  ['an unknown target', 'unknown-target', 'unknown-term', 'rules.yaml:12:19: unknown target "lado-office"'],
  ['an empty any group', 'empty-group', 'invalid-value', 'rules.yaml:7:12: rules[0].when.any: an "any" group must not be empty'],
  ['a duplicate rule id', 'duplicate-rule', 'duplicate-rule', 'b.yaml:2:9: duplicate rule id "offensive-message-to-pupil"'],
  ['a cite that names no clause', 'unknown-cite', 'unknown-clause', 'rules.yaml:3:11: cite "grid.row-2" names no clause of the manifest (did you mean "grid.row-1"?)'],
  ['a duplicate YAML key', 'duplicate-key', 'duplicate-key', 'rules.yaml:5:5: duplicate key "label" (YAML keys must be unique)'],
  ['a YAML alias', 'alias', 'yaml-alias', 'rules.yaml:16:11: YAML aliases (*staff-to-pupil) are not allowed'],
  ['a clause neither implemented nor explained', 'unimplemented-clause', 'unimplemented-clause', 'policy.yaml:13:9: clause "grid.row-2" is neither implemented by a rule nor marked notExecutable'],
];

describe('load errors, each with file:line:col', () => {
  it.each(cases)('reports %s', async (_kind, name, code, expected) => {
    const errors = await loadErrors(name);
    const match = errors.find((e) => e.code === code);
    expect(match, JSON.stringify(errors, null, 2)).toBeDefined();
    expect(match!.text.startsWith(`${join(fixture(name), expected.split(':')[0]!)}:`)).toBe(true);
    expect(match!.text).toContain(expected.slice(expected.indexOf(':')));
  });

  it('reports every problem of every file in one pass, sorted by file and line', async () => {
    const errors = await loadErrors('many-problems');
    expect(errors.map((e) => e.text)).toEqual([
      `${fixture('many-problems')}/a.yaml:9:21: unknown activity "sending-ofensive-message" (did you mean "sending-offensive-message"?)`,
      `${fixture('many-problems')}/a.yaml:12:19: unknown target "lado-office"`,
      `${fixture('many-problems')}/policy.yaml:1:1: missing required key "version"`,
      `${fixture('many-problems')}/policy.yaml:4:1: unknown key "versoin"`,
    ]);
  });

  it('does not blame the ledger for clauses whose rule file failed to parse', async () => {
    const errors = await loadErrors('malformed-yaml');
    expect(errors.map((e) => e.code)).toEqual(['yaml-syntax']);
  });
});

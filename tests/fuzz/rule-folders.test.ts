// Issue 14: mutated copies of the bundled rule folders either fail to load with PolicyLoadError
// (every problem a diagnostic with a file) or load into a policy whose evaluate never throws
// anything but InvalidIncidentError.
import fc from 'fast-check';
import { cpSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundledVocabulary, evaluate, InvalidIncidentError, loadPolicy, PolicyLoadError, type IncidentInput } from '../../src/index.js';
import { FUZZ_TIMEOUT, fuzzSettings, report } from './settings.js';

const root = mkdtempSync(join(tmpdir(), 'online-safety-fuzz-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const POLICIES = ['elim-school', 'mast-academy-trust'];
const vocabulary = bundledVocabulary();
const PROTOTYPE_NAMES = ['constructor', '__proto__', 'toString', 'valueOf', 'hasownproperty'];

/** Snippets that break YAML, its schema or the vocabulary in a way a person (or an attacker) might. */
const SNIPPETS = [
  '!!js/function "function () {}"', '!custom x', '*alias', '&anchor x', '__proto__: 1', 'constructor', '{', '[', '- ', ': :', '\t',
  '\r', '"', "'", '#', '? [k]\n: v', `${'['.repeat(300)}${']'.repeat(300)}`, 'x'.repeat(100_000), '\u0000', '\ufeff', 'not: {not: {not: {}}}',
];

type Mutation =
  | { kind: 'truncate'; file: number; at: number }
  | { kind: 'insert'; file: number; at: number; snippet: string }
  | { kind: 'bytes'; file: number; at: number; bytes: number[] }
  | { kind: 'replace-value'; file: number; line: number; value: string }
  | { kind: 'delete-line'; file: number; line: number }
  | { kind: 'duplicate-line'; file: number; line: number }
  | { kind: 'delete-file'; file: number }
  | { kind: 'rename-file'; file: number; name: string };

const file = fc.nat(20);
const term = fc.oneof(
  fc.constantFrom(...PROTOTYPE_NAMES),
  fc.constantFrom(...Object.keys(vocabulary.activities), ...Object.keys(vocabulary.targets), ...Object.keys(vocabulary.facts), ...Object.keys(vocabulary.roles)),
  fc.string({ maxLength: 12 }),
  fc.constantFrom('null', '~', '1', 'true', '[]', '{}', '2026-02-30', "''"),
);
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), file, at: fc.nat(100_000) }),
  fc.record({ kind: fc.constant('insert' as const), file, at: fc.nat(100_000), snippet: fc.constantFrom(...SNIPPETS) }),
  fc.record({ kind: fc.constant('bytes' as const), file, at: fc.nat(100_000), bytes: fc.array(fc.nat(255), { minLength: 1, maxLength: 4 }) }),
  fc.record({ kind: fc.constant('replace-value' as const), file, line: fc.nat(2_000), value: term }),
  fc.record({ kind: fc.constant('replace-value' as const), file, line: fc.nat(2_000), value: term }),
  fc.record({ kind: fc.constant('delete-line' as const), file, line: fc.nat(2_000) }),
  fc.record({ kind: fc.constant('duplicate-line' as const), file, line: fc.nat(2_000) }),
  fc.record({ kind: fc.constant('delete-file' as const), file }),
  fc.record({ kind: fc.constant('rename-file' as const), file, name: fc.constantFrom('extra.YAML', 'extra.yml', 'extra.txt', 'policy.yaml') }),
);

let copies = 0;

/** A copy of a bundled policy folder with the mutations applied; returns its path. */
function mutatedCopy(policy: string, mutations: Mutation[]): string {
  const dir = join(root, `${policy}-${copies++}`);
  cpSync(join('rules', policy), dir, { recursive: true });
  for (const m of mutations) {
    const names = readdirSync(dir).sort();
    if (names.length === 0) return dir;
    const name = names[m.file % names.length]!;
    const path = join(dir, name);
    const bytes = readFileSync(path);
    const lines = bytes.toString('utf8').split('\n');
    const offset = 'at' in m ? m.at % (bytes.length + 1) : 0;
    switch (m.kind) {
      case 'truncate':
        writeFileSync(path, bytes.subarray(0, offset));
        break;
      case 'insert':
        writeFileSync(path, Buffer.concat([bytes.subarray(0, offset), Buffer.from(m.snippet), bytes.subarray(offset)]));
        break;
      case 'bytes':
        writeFileSync(path, Buffer.concat([bytes.subarray(0, offset), Buffer.from(m.bytes), bytes.subarray(offset)]));
        break;
      case 'replace-value': {
        // The value of a "key: value" line: most often a vocabulary term or a clause id.
        const i = m.line % lines.length;
        lines[i] = lines[i]!.replace(/^(\s*(?:- )?[A-Za-z]+: ).*$/, `$1${m.value}`);
        writeFileSync(path, lines.join('\n'));
        break;
      }
      case 'delete-line':
        lines.splice(m.line % lines.length, 1);
        writeFileSync(path, lines.join('\n'));
        break;
      case 'duplicate-line': {
        const i = m.line % lines.length;
        lines.splice(i, 0, lines[i]!);
        writeFileSync(path, lines.join('\n'));
        break;
      }
      case 'delete-file':
        rmSync(path);
        break;
      case 'rename-file':
        renameSync(path, join(dir, m.name));
        break;
    }
  }
  return dir;
}

const incidents: unknown[] = [
  { activities: ['sending-offensive-message'], people: [{ role: 'staff', involvement: 'subject' }, { role: 'pupil', involvement: 'affected' }] },
  { activities: Object.keys(vocabulary.activities).slice(0, 20), technologies: Object.keys(vocabulary.technologies), facts: Object.fromEntries(Object.keys(vocabulary.facts).map((f) => [f, true])) },
  { activities: ['constructor'] },
  { activities: [{ toString: 0 }] },
];

describe('fuzzed rule folders: PolicyLoadError, or a policy that evaluates safely', { timeout: FUZZ_TIMEOUT }, () => {
  it('mutated copies of the bundled folders', async () => {
    let loaded = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...POLICIES), fc.array(mutation, { minLength: 1, maxLength: 3 }), async (policy, mutations) => {
        const dir = mutatedCopy(policy, mutations);
        try {
          let result;
          try {
            result = await loadPolicy(dir);
          } catch (error) {
            if (!(error instanceof PolicyLoadError)) throw error;
            expect(error.diagnostics.length).toBeGreaterThan(0);
            for (const d of error.diagnostics) expect(d.file).not.toBe('');
            refused++;
            return;
          }
          loaded++;
          for (const incident of incidents) {
            await evaluate(result, incident as IncidentInput, { today: '2026-01-15' }).catch((error: unknown) => {
              if (!(error instanceof InvalidIncidentError)) throw error;
            });
          }
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      fuzzSettings(12, 0.1),
    );
    expect(loaded + refused).toBeGreaterThan(0);
    report('rule folders', { runs: loaded + refused, 'loaded (then evaluated)': loaded, 'refused with PolicyLoadError': refused, crashes: 0 });
  });
});

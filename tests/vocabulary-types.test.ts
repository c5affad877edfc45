import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledVocabulary } from '../src/vocabulary/load.js';
import { BUNDLED_TERMS_FILE, BUNDLED_TERMS_HEADER, vocabularyTypes } from '../src/vocabulary/types.js';
import { cli } from './cli/run-cli.js';

describe('the vocabulary as types', () => {
  it(`${BUNDLED_TERMS_FILE} is generated from rules/vocabulary.yaml; run \`npm run vocabulary:types\` if not`, () => {
    expect(readFileSync(BUNDLED_TERMS_FILE, 'utf8')).toBe(vocabularyTypes(bundledVocabulary(), BUNDLED_TERMS_HEADER));
  });

  it('has one union per catalogue holding exactly its terms', () => {
    const text = vocabularyTypes(bundledVocabulary(), { source: 's', command: 'c' });
    const union = (name: string) => [...new RegExp(`export type ${name} =\\n((?:  \\| '[^']+'\\n?)+);`).exec(text)![1]!.matchAll(/'([^']+)'/g)].map((m) => m[1]);
    const v = bundledVocabulary();
    expect(union('Role')).toEqual(Object.keys(v.roles).sort());
    expect(union('Fact')).toEqual(Object.keys(v.facts).sort());
    expect(union('Target')).toEqual(Object.keys(v.targets).sort());
    expect(union('Activity')).toContain('sending-offensive-message');
    expect(text).toContain('export interface Terms {\n  role: Role;');
  });

  it('`online-safety types` prints the package vocabulary\'s types; with a policy folder, its vocabulary\'s', async () => {
    const own = await cli(['types']);
    expect(own.code).toBe(0);
    expect(own.stdout.split('\n').slice(1)).toEqual(readFileSync(BUNDLED_TERMS_FILE, 'utf8').split('\n').slice(1));

    // A policy folder: the vocabulary it is read with (today the shared one; a school's
    // extended vocabulary, when policies can have one, prints its own terms here).
    const school = await cli(['types', 'tests/fixtures/cli/policy']);
    expect(school.code).toBe(0);
    expect(school.stdout.split('\n')[0]).toMatch(/^\/\/ Generated from the vocabulary of \S+ \S+ by `online-safety types tests\/fixtures\/cli\/policy`/);
    expect(school.stdout.split('\n').slice(1)).toEqual(own.stdout.split('\n').slice(1));
  });

  it('a policy that does not load prints no types', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'types-'));
    writeFileSync(join(dir, 'policy.yaml'), 'id: x\n');
    const out = await cli(['types', dir]);
    expect(out.code).toBe(1);
    expect(out.stdout).toBe('');
    expect(out.stderr).toContain('the policy did not load');
  });
});

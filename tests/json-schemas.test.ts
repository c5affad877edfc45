import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { jsonSchemaFiles } from '../src/schemas/json-schemas.js';
import { bundledVocabulary } from '../src/vocabulary/load.js';

describe('schemas/ (generated from the zod schemas by `npm run schemas`)', () => {
  const generated = jsonSchemaFiles(bundledVocabulary());

  it.each(Object.keys(generated))('%s matches the zod schemas; run `npm run schemas` if not', (name) => {
    expect(readFileSync(`schemas/${name}`, 'utf8')).toBe(generated[name]);
  });

  it('holds no schema that is not generated', () => {
    expect(readdirSync('schemas').sort()).toEqual(Object.keys(generated).sort());
  });

  it('every rule file and manifest names its JSON Schema for editors', () => {
    const files = ['rules/vocabulary.yaml', ...readdirSync('rules', { recursive: true, encoding: 'utf8' }).filter((f) => f.includes('/') && f.endsWith('.yaml')).map((f) => `rules/${f}`)];
    for (const file of files) {
      expect(readFileSync(file, 'utf8').split('\n')[0], file).toMatch(/^# yaml-language-server: \$schema=(\.\.\/)+schemas\/(manifest|rule-file|vocabulary|invariants)\.schema\.json$/);
    }
  });
});

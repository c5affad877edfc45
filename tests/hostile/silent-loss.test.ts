// Issue 14, class 5: nothing of a policy folder is lost silently. A rule file that is deleted,
// named with the wrong case, or a YAML file holding tags, __proto__ or bytes that are not UTF-8
// is a load error with its position.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadPolicy } from '../../src/index.js';
import { loadProblems, tempPolicy } from './temp-policy.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe('a deleted rule file is a load error, even where a table stands for its clauses', () => {
  it('eLiM without communication-technologies.yaml: each table row with a "not allowed" cell is unimplemented', async () => {
    const p = tempPolicy('rules/elim-school');
    cleanup = p.remove;
    await expect(loadPolicy(p.dir)).resolves.toBeDefined(); // the copy itself loads
    rmSync(join(p.dir, 'communication-technologies.yaml'));
    const problems = await loadProblems(p.dir);
    expect(problems.length).toBeGreaterThan(0);
    expect(new Set(problems.map((d) => d.code))).toEqual(new Set(['unimplemented-clause']));
    expect(problems.map((d) => d.message)).toContain(
      'clause "comms-table.mobile-phones-brought-to-school" is not implemented: its communication-technologies row "mobile-phone" has a "not-allowed" cell, and no rule cites the clause to flag that use',
    );
    for (const d of problems) expect(d.line).toBeGreaterThan(0);
  });
});

describe('files the loader would otherwise skip or misread', () => {
  it.each(['extra.YAML', 'extra.Yml', 'EXTRA.YML'])('a rule file named %s is an error, not ignored', async (name) => {
    const p = tempPolicy();
    cleanup = p.remove;
    writeFileSync(join(p.dir, name), 'rules: []\n');
    const problems = await loadProblems(p.dir);
    expect(problems.map((d) => `${d.code} ${d.file.endsWith(name)}`)).toEqual(['misnamed-file true']);
  });

  it('a .yml rule file is loaded like a .yaml one', async () => {
    const p = tempPolicy();
    cleanup = p.remove;
    const rules = p.read('rules.yaml');
    rmSync(join(p.dir, 'rules.yaml'));
    p.write('rules.yml', rules);
    expect((await loadPolicy(p.dir)).rules.map((r) => r.id)).toEqual(['offensive-message-to-pupil']);
  });

  it.each([
    ['!!js/function', 'label: !!js/function "function () {}"', '4:12 yaml-tag: YAML tag !!js/function is not allowed: write a plain value'],
    ['!custom', 'label: !custom Offensive message', '4:12 yaml-tag: YAML tag !custom is not allowed: write a plain value'],
    ['!!binary', 'label: !!binary aGVsbG8=', '4:12 yaml-tag: YAML tag !!binary is not allowed: write a plain value'],
  ])('a %s tag is an error at the tag, not a string', async (_, label, expected) => {
    const p = tempPolicy();
    cleanup = p.remove;
    p.write('rules.yaml', p.read('rules.yaml').replace('label: Offensive message to a pupil', label));
    expect((await loadProblems(p.dir)).map((d) => `${d.line}:${d.column} ${d.code}: ${d.message}`)).toEqual([expected]);
  });

  it('bytes that are not UTF-8 are an error at their line and column, not U+FFFD', async () => {
    const p = tempPolicy();
    cleanup = p.remove;
    const [before, after] = p.read('rules.yaml').split('Offensive message to');
    writeFileSync(join(p.dir, 'rules.yaml'), Buffer.concat([Buffer.from(`${before}Offensive m`), Buffer.from([0xff]), Buffer.from(`ssage to${after}`)]));
    expect((await loadProblems(p.dir)).map((d) => `${d.line}:${d.column} ${d.code}: ${d.message}`)).toEqual([
      '4:23 invalid-utf8: is not valid UTF-8 (byte 0xff); save it as UTF-8',
    ]);
  });

  it('a key nested deeper than 64 levels is an error, not a stack overflow', async () => {
    const p = tempPolicy();
    cleanup = p.remove;
    p.write('rules.yaml', p.read('rules.yaml').replace('        - affected: pupil', `        - ${'{ not: '.repeat(200)}{ affected: pupil }${' }'.repeat(200)}`));
    const problems = await loadProblems(p.dir);
    expect(problems.map((d) => d.code)).toEqual(['too-deep']);
  });
});

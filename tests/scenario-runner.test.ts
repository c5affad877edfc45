import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readScenarioFile } from '../src/scenario/load.js';
import { runScenarioPaths } from '../src/scenario/run.js';
import { findScenarioFiles } from '../src/scenario/files.js';
import { checkDecision } from '../src/scenario/check.js';
import type { Decision } from '../src/decision/schema.js';

const fixtures = join(import.meta.dirname, 'fixtures', 'cli');

describe('scenario files', () => {
  it('report every problem of a file at once, each with file:line:col', () => {
    const loaded = readScenarioFile(join(fixtures, 'invalid', 'bad-scenario.yaml'));
    expect(loaded.value).toBeUndefined();
    const lines = loaded.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`);
    expect(lines).toEqual([
      '7:20 incident: unknown activity "sending-ofensive-message" (did you mean "sending-offensive-message"?)',
      '9:19 unknown referral target "lad" (did you mean "lado"?)',
      '11:19 scenarios[0].expect[1].modality: Invalid option: expected one of "must"|"should"|"may"',
      '14:9 unknown key "colour" in scenarios[0].forbid[0]',
      '15:12 asks: unknown fact "deliberat" (did you mean "deliberate"?)',
    ]);
  });

  it('reject a cite that names no clause of the policy, and run nothing', async () => {
    const [result] = await runScenarioPaths([join(fixtures, 'invalid', 'bad-cite.yaml')]);
    expect(result!.results).toEqual([]);
    expect(result!.diagnostics.map((d) => [d.line, d.message])).toEqual([[4, 'cite "grid.row-99" names no clause of cli-test-school (did you mean "grid.row-1"?)']]);
  });

  it('resolve a relative policy folder and pass when expect, forbid, exactly and asks hold', async () => {
    const results = await runScenarioPaths([join(fixtures, 'scenarios')]);
    expect(results.map((r) => r.policy?.id)).toEqual(['cli-test-school', 'cli-test-school']);
    expect(results.flatMap((r) => r.results.map((s) => [s.name, s.passed]))).toEqual([
      ['A teacher sends an offensive message to a pupil', true],
      ['A teacher sends an offensive message to a colleague', true],
      ['Not known whether it was deliberate, so the decision asks', true],
    ]);
  });

  it('fail with one sentence per unmet expectation', async () => {
    const [result] = await runScenarioPaths([join(fixtures, 'scenarios-failing')]);
    const [failed, passed] = result!.results;
    expect(passed!.passed).toBe(true);
    expect(failed!.failures).toEqual([
      'expected referral lado (should), but the decision has referral lado (must) [grid.row-1]',
      'forbidden notification parents, but the decision has notification parents (should, by headteacher) [parents.1]',
    ]);
    expect(failed!.line).toBe(4);
  });
});

describe('findScenarioFiles', () => {
  it('expands a folder, a glob with ** and a single file, sorted', () => {
    const names = (list: string[]) => list.map((f) => f.slice(fixtures.length + 1));
    expect(names(findScenarioFiles(join(fixtures, 'scenarios')))).toEqual(['scenarios/message-to-pupil.yaml', 'scenarios/offensive-material.yaml']);
    expect(names(findScenarioFiles('tests/fixtures/cli/**/bad-*.yaml'))).toEqual(['invalid/bad-cite.yaml', 'invalid/bad-scenario.yaml']);
    expect(findScenarioFiles(join(fixtures, 'no-such-folder'))).toEqual([]);
    // Policy folders (holding policy.yaml) are rule files, not scenarios.
    expect(names(findScenarioFiles(fixtures)).filter((f) => f.startsWith('policy/') || f.startsWith('explain-policy/'))).toEqual([]);
    expect(names(findScenarioFiles(fixtures))).toContain('scenarios/message-to-pupil.yaml');
  });

  it('reads globs as picomatch does: braces, classes, ? and **', () => {
    const names = (list: string[]) => list.map((f) => f.slice(resolve(fixtures).length + 1));
    expect(names(findScenarioFiles('tests/fixtures/cli/{invalid,scenarios}/*-{cite,material}.yaml'))).toEqual(['invalid/bad-cite.yaml', 'scenarios/offensive-material.yaml']);
    expect(names(findScenarioFiles('tests/fixtures/cli/scenarios/[mn]*.yaml'))).toEqual(['scenarios/message-to-pupil.yaml']);
    expect(names(findScenarioFiles('tests/fixtures/cli/scenarios/[!m]*.yaml'))).toEqual(['scenarios/offensive-material.yaml']);
    expect(names(findScenarioFiles('tests/fixtures/cli/invalid/bad-????????.yaml'))).toEqual(['invalid/bad-scenario.yaml']);
    expect(names(findScenarioFiles('tests/fixtures/cli/**/*-to-pupil.y{a,}ml'))).toEqual(['incidents/message-to-pupil.yaml', 'scenarios/message-to-pupil.yaml']);
    // An absolute glob, and one whose fixed part does not exist.
    expect(names(findScenarioFiles(join(resolve(fixtures), 'scenarios', '*.yaml')))).toEqual(['scenarios/message-to-pupil.yaml', 'scenarios/offensive-material.yaml']);
    expect(findScenarioFiles('tests/no-such-folder/{a,b}/*.yaml')).toEqual([]);
  });
});

describe('checkDecision', () => {
  const outcome = (kind: 'referral' | 'notification', target: string, modality: 'must' | 'should', cite: string) =>
    ({ kind, target, label: target, modality, because: [{ rule: `r-${cite}`, cite }] }) as const;
  const decision = {
    policy: { id: 'p', version: '1', digest: 'd' },
    incident: { id: null },
    classification: [],
    referrals: [outcome('referral', 'lado', 'must', 'row-9')],
    sanctions: [],
    notifications: [outcome('notification', 'parents', 'should', 'parents-1')],
    obligations: [],
    prohibitions: [],
    judgements: [],
    questions: [{ facts: { deliberate: true }, ask: 'Was it deliberate? (yes)', wouldAdd: [] }],
    warnings: [],
  } as unknown as Decision;
  const none = { expect: [], forbid: [], exactly: false, asks: [] };

  it('checks the cite of an expected outcome', () => {
    expect(checkDecision(decision, { ...none, expect: [{ referral: 'lado', cite: 'row-9' }] })).toEqual([]);
    expect(checkDecision(decision, { ...none, expect: [{ referral: 'lado', cite: 'row-8' }] })).toEqual([
      'expected referral lado citing row-8, but it cites only row-9',
    ]);
  });

  it('forbids with a cite only the outcome given for that clause', () => {
    expect(checkDecision(decision, { ...none, forbid: [{ referral: 'lado', cite: 'row-8' }] })).toEqual([]);
    expect(checkDecision(decision, { ...none, forbid: [{ referral: 'lado', cite: 'row-9' }] })).toHaveLength(1);
  });

  it('with exactly, reports each outcome not listed', () => {
    expect(checkDecision(decision, { ...none, exactly: true, expect: [{ referral: 'lado' }] })).toEqual([
      'unexpected notification parents (should) [parents-1] (the scenario lists its outcomes exactly)',
    ]);
  });

  it('checks that the questions mention the facts', () => {
    expect(checkDecision(decision, { ...none, asks: ['deliberate'] })).toEqual([]);
    expect(checkDecision(decision, { ...none, asks: ['reported'] })).toEqual(['expected the decision to ask about "reported", but it asks about deliberate']);
  });
});

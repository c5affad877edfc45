import { describe, expect, it } from 'vitest';
import { BoundedCache } from '../src/engine/bounded-cache.js';
import { preparePolicy } from '../src/engine/policy.js';
import { bundledVocabulary, evaluate, loadBundledPolicy, PolicyLoadError, type LoadedRule, type VocabularyTerms } from '../src/index.js';

const today = '2026-11-26';

describe('the bounded cache', () => {
  it('never holds more than its capacity, however many keys go through it', () => {
    const cache = new BoundedCache<number, number>(100);
    for (let n = 0; n < 10_000; n++) cache.set(n, n);
    expect(cache.size).toBeLessThanOrEqual(100);
  });

  it('keeps the entries used recently, even when they were added long ago', () => {
    const cache = new BoundedCache<string, number>(10);
    cache.set('kept', 1);
    for (let n = 0; n < 1_000; n++) {
      cache.set(`other-${n}`, n);
      expect(cache.get('kept')).toBe(1);
    }
    expect(cache.get('other-0')).toBeUndefined();
  });
});

describe('decisions handed out by evaluate()', () => {
  const incident = {
    id: 'INC-1',
    people: [
      { role: 'staff', involvement: 'subject' },
      { role: 'pupil', involvement: 'affected' },
    ],
    activities: ['sending-offensive-message'],
    facts: {},
  };

  it('belong to the caller: changing one decision does not change the next one', async () => {
    const policy = await loadBundledPolicy('elim-school');
    const first = await evaluate<VocabularyTerms>(policy, incident, { today });
    const expected = JSON.stringify(first);
    expect(first.referrals.length).toBeGreaterThan(0);
    first.referrals.length = 0;
    first.questions.reverse();
    first.warnings.push({ code: 'mine', message: 'added by the caller' });
    first.incident.id = 'changed';
    expect(JSON.stringify(await evaluate<VocabularyTerms>(policy, incident, { today }))).toBe(expected);
  });

  it("share outcome objects only frozen, so no caller can change another's decision through them", async () => {
    const policy = await loadBundledPolicy('elim-school');
    const decision = await evaluate<VocabularyTerms>(policy, incident, { today });
    const outcome = decision.referrals[0]!;
    expect(Object.isFrozen(outcome)).toBe(true);
    expect(Object.isFrozen(outcome.because)).toBe(true);
    expect(() => {
      'use strict';
      (outcome as { modality: string }).modality = 'may';
    }).toThrow(TypeError);
    for (const question of decision.questions) expect(Object.isFrozen(question.facts)).toBe(true);
  });
});

describe('the dry run at load', () => {
  it('names the rule that fails in json-rules-engine, and only that rule', async () => {
    const policy = await loadBundledPolicy('elim-school');
    const vocabulary = bundledVocabulary();
    // A fact the engine is never given: json-rules-engine fails the run ("Undefined fact").
    const broken: LoadedRule = { ...policy.rules[0]!, id: 'broken-rule', when: { fact: 'not-in-the-vocabulary' }, file: 'broken.yaml', line: 7 };
    const attempt = preparePolicy({ dir: policy.dir, manifest: policy.manifest, digest: policy.digest, rules: [...policy.rules, broken], vocabulary });
    const error = await attempt.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PolicyLoadError);
    const diagnostics = (error as PolicyLoadError).diagnostics;
    expect(new Set(diagnostics.map((d) => `${d.code} ${d.file}:${d.line}`))).toEqual(new Set(['dry-run-failed broken.yaml:7']));
    expect(diagnostics[0]!.message).toContain('broken-rule');
  });

  it('accepts the bundled policies with every rule run', async () => {
    const policy = await loadBundledPolicy('elim-school');
    const again = await preparePolicy({ dir: policy.dir, manifest: policy.manifest, digest: policy.digest, rules: policy.rules, vocabulary: policy.vocabulary });
    expect(again.rules.length).toBe(policy.rules.length);
  });
});

describe('the review-date warning', () => {
  it('starts the day after the review date, whatever the time of day', async () => {
    const policy = await loadBundledPolicy('mast-academy-trust'); // review due 2023-08-31
    const incident = { people: [{ role: 'pupil', involvement: 'subject' }], activities: [Object.keys(bundledVocabulary().activities)[0]!] };
    const codes = async (today: Date | string) => (await evaluate<VocabularyTerms>(policy, incident, { today })).warnings.map((w) => w.code);
    expect(await codes('2023-08-31')).not.toContain('review-overdue');
    expect(await codes(new Date(2023, 7, 31, 23, 59))).not.toContain('review-overdue');
    expect(await codes(new Date(2023, 8, 1, 0, 0))).toContain('review-overdue');
    expect(await codes('2023-09-01')).toContain('review-overdue');
    expect(await codes('2022-12-31')).not.toContain('review-overdue');
    expect(await codes('2024-01-01')).toContain('review-overdue');
  });
});

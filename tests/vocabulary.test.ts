import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../src/index.js';
import { ruleOutcomes } from '../src/decision/evaluate.js';
import { termLabel } from '../src/decision/explain.js';
import { listBundledPolicies, loadBundledPolicy } from '../src/engine/load.js';
import { vocabularyDiagnostics } from '../src/vocabulary/load.js';

describe('the shared vocabulary', () => {
  it('the bundled rules/vocabulary.yaml is valid', () => {
    const { vocabulary, diagnostics } = vocabularyDiagnostics('rules/vocabulary.yaml', readFileSync('rules/vocabulary.yaml', 'utf8'));
    expect(diagnostics).toEqual([]);
    for (const target of ['line-manager', 'headteacher', 'la-hr', 'lado', 'police', 'technical-support', 'dsl', 'online-safety-lead', 'safeguarding-adviser', 'children-safeguarding-team', 'data-protection-officer', 'senior-leader', 'parents']) {
      expect(vocabulary!.targets, target).toHaveProperty(target);
    }
    for (const involvement of ['subject', 'affected', 'reporter', 'witness']) expect(vocabulary!.involvement).toHaveProperty(involvement);
  });

  it('a bad vocabulary is answered with every problem and its position', () => {
    const file = 'tests/fixtures/vocabulary/bad.yaml';
    const { vocabulary, diagnostics } = vocabularyDiagnostics(file, readFileSync(file, 'utf8'));
    expect(vocabulary).toBeUndefined();
    expect(diagnostics.map(formatDiagnostic).sort()).toEqual([
      `${file}:14:1: unknown key "colours"`,
      `${file}:3:3: invalid key "Pupil" in roles: must be a kebab-case id (lower-case letters, digits, "-" or ".")`,
      `${file}:7:15: facts.deliberate: Invalid input: expected object, received string`,
    ]);
  });
});

describe('duty labels read as what is to be done (or not done)', () => {
  // Outcomes are shown as "Do: <label>" and "Do not: <label>" (decision/explain.ts outcomePhrase),
  // so a label written as a rule ("Staff never ...", "... only with permission") would turn a
  // prohibition into its opposite or a double negative.
  it('every duty a bundled rule forbids is named as the act itself, with no negation of its own', async () => {
    const forbidden = new Map<string, string>();
    for (const id of listBundledPolicies()) {
      const policy = await loadBundledPolicy(id);
      for (const rule of policy.rules) {
        for (const o of ruleOutcomes(policy, rule.id)) if (o.kind === 'prohibition') forbidden.set(o.target, termLabel(policy.vocabulary, o.kind, o.target));
      }
    }
    expect(forbidden.size).toBeGreaterThan(0);
    const negated = [...forbidden].filter(([, label]) => /\b(never|not|no|only|forbidden)\b/i.test(label)).map(([duty]) => duty);
    expect(negated).toEqual([]);
  });
});

describe('outcome labels and timings', () => {
  // The timing is printed after the label ("Do: deal with the complaint or breach, promptly").
  it('no outcome a bundled rule gives with a timing repeats the timing in its label', async () => {
    const repeated: string[] = [];
    for (const id of listBundledPolicies()) {
      const policy = await loadBundledPolicy(id);
      for (const rule of policy.rules) {
        for (const o of ruleOutcomes(policy, rule.id)) {
          const label = termLabel(policy.vocabulary, o.kind, o.target);
          if (o.timing !== undefined && label.toLowerCase().includes(o.timing)) repeated.push(`${rule.id}: ${label}, ${o.timing}`);
        }
      }
    }
    expect(repeated).toEqual([]);
  });
});

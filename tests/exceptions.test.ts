import { describe, expect, it } from 'vitest';
import { explain, formatExplanation } from '../src/decision/explain.js';
import { evaluate, evaluateWithEngine } from '../src/decision/evaluate.js';
import { diffPolicies, incidentSpace, loadPolicy, PolicyLoadError, renderMarkdown } from '../src/index.js';

// Exceptions in the rule language (default logic): `unless:` and `override:`, three-valued.
const dir = 'tests/fixtures/policies/exceptions';
const today = '2026-11-26';
const offensive = { people: [{ role: 'pupil', involvement: 'subject' }], activities: ['accessing-offensive-or-pornographic-material'] };
const abuseImages = { people: [{ role: 'pupil', involvement: 'subject' }], activities: ['handling-child-sexual-abuse-images'] };
const outcomeTargets = (d: Awaited<ReturnType<typeof evaluate>>) => [...d.classification, ...d.obligations, ...d.referrals].map((o) => o.target);

describe('unless: an exception to a rule ("normally unacceptable … may be allowed")', () => {
  it('known false: the rule applies without a caveat', async () => {
    const policy = await loadPolicy(dir);
    const d = await evaluate(policy, { ...offensive, facts: { 'planned-curriculum-activity': false, 'system-administrator-problem-solving': false } }, { today });
    expect(d.classification.map((o) => o.target)).toEqual(['mast-normally-unacceptable']);
    expect(d.classification[0]!.unless).toBeUndefined();
  });

  it('known true: the rule does not apply', async () => {
    const policy = await loadPolicy(dir);
    const d = await evaluate(policy, { ...offensive, facts: { 'planned-curriculum-activity': true } }, { today });
    expect(d.classification).toEqual([]);
  });

  it('unknown: the outcome is given with its caveat, and the question that would settle it says what it removes', async () => {
    const policy = await loadPolicy(dir);
    const d = await evaluate(policy, offensive, { today });
    expect(d.classification[0]!.unless).toEqual([{ rule: 'unacceptable', says: 'one of: the activity was a planned curriculum activity; or the activity was system administrator problem solving' }].map((c) => ({ ...c, says: expect.stringContaining('planned curriculum') })));
    const removing = d.questions.filter((q) => q.wouldRemove?.some((o) => o.target === 'mast-normally-unacceptable'));
    expect(removing.map((q) => q.facts)).toEqual([{ 'planned-curriculum-activity': true }, { 'system-administrator-problem-solving': true }]);
  });
});

describe('override: a rule that defeats others where it applies (the child-protection halt)', () => {
  it('the halt defeats the screenshot duty where it applies, and refers to the police', async () => {
    const policy = await loadPolicy(dir);
    const d = await evaluate(policy, abuseImages, { today });
    expect(outcomeTargets(d)).toContain('police');
    expect(outcomeTargets(d)).not.toContain('keep-signed-dated-screenshots');
  });

  it('where the halt may apply (a child-protection concern unknown), the screenshot duty carries its caveat and the question', async () => {
    const policy = await loadPolicy(dir);
    const d = await evaluate(policy, offensive, { today });
    const screenshots = d.obligations.find((o) => o.target === 'keep-signed-dated-screenshots')!;
    expect(screenshots.unless).toEqual([{ rule: 'halt', says: 'images of child abuse halt the monitoring' }]);
    const q = d.questions.find((x) => x.facts['child-protection-concern'] === true)!;
    expect(q.wouldAdd.map((o) => o.target)).toEqual(['police']);
    expect(q.wouldRemove!.map((o) => o.target)).toEqual(['keep-signed-dated-screenshots']);
  });

  it('where the halt is known not to apply, the screenshot duty stands plainly', async () => {
    const policy = await loadPolicy(dir);
    const d = await evaluate(policy, { ...offensive, facts: { 'child-protection-concern': false } }, { today });
    expect(d.obligations.find((o) => o.target === 'keep-signed-dated-screenshots')!.unless).toBeUndefined();
  });
});

describe('exceptions everywhere a rule is read', () => {
  it('json-rules-engine (rules generated from the compiled form) gives the same decisions over the whole incident space', async () => {
    const policy = await loadPolicy(dir);
    const seen = new Set<string>();
    for (const incident of incidentSpace([policy]).incidents()) {
      expect(JSON.stringify(await evaluate(policy, incident, { today }))).toBe(JSON.stringify(await evaluateWithEngine(policy, incident, { today })));
      if (incident.activities.includes('accessing-offensive-or-pornographic-material')) {
        for (const [fact, value] of Object.entries(incident.facts ?? {})) seen.add(`${fact}=${value}`);
      }
    }
    // The space lists the exceptions' facts both ways beside the rules they defeat.
    expect([...seen].sort()).toEqual(expect.arrayContaining(['child-protection-concern=false', 'child-protection-concern=true', 'planned-curriculum-activity=false', 'planned-curriculum-activity=true']));
  });

  it('explain says what defeated a rule and what an outcome stands unless', async () => {
    const policy = await loadPolicy(dir);
    const defeated = formatExplanation(await explain(policy, abuseImages, { today, all: true }));
    expect(defeated).toContain('defeated: overridden by halt: Images of child abuse halt the monitoring');
    const caveated = formatExplanation(await explain(policy, offensive, { today }));
    expect(caveated).toContain('unless images of child abuse halt the monitoring (halt)');
    expect(caveated).toMatch(/would remove: Do: keep screenshots/);
  });

  it('render shows `unless` and `override` beside the rule', async () => {
    const md = renderMarkdown(await loadPolicy(dir));
    expect(md).toContain('Unless one of: it was part of a planned curriculum activity');
    expect(md).toContain('Overrides screenshots');
  });

  it('diff shows a removed exception, structurally and in behaviour', async () => {
    const before = await loadPolicy(dir);
    const after = await loadPolicy('tests/fixtures/policies/exceptions-removed');
    const diff = await diffPolicies(before, after);
    const change = diff.structural.rules.changed.find((r) => r.id === 'unacceptable')!;
    expect(change.unless).toEqual({ field: 'unless', old: expect.stringContaining('planned curriculum'), new: null });
    expect(diff.behaviour.changes.some((c) => c.change === 'now' && c.outcome.target === 'mast-normally-unacceptable')).toBe(true);
  });
});

describe('the validator', () => {
  it('rejects override cycles and overrides of unknown rules, each at its file, line and column', async () => {
    const error = await loadPolicy('tests/fixtures/policies/override-cycle').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PolicyLoadError);
    const lines = (error as PolicyLoadError).diagnostics.map((d) => `${d.code} ${d.file}:${d.line}:${d.column} ${d.message}`);
    expect(lines).toEqual([
      'unknown-rule tests/fixtures/policies/override-cycle/rules.yaml:17:23 override names no rule of this policy: "no-such-rule"',
      'override-cycle tests/fixtures/policies/override-cycle/rules.yaml:26:16 override cycle: first → second → third → first',
    ]);
  });
});

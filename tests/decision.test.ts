import { describe, expect, it } from 'vitest';
import { evaluate, loadPolicy, type VocabularyTerms } from '../src/index.js';

const policy = await loadPolicy('tests/fixtures/policies/merging');
const staffMessage = (facts: Record<string, boolean> = {}) => ({
  id: 'INC-1',
  people: [{ role: 'staff', involvement: 'subject' }],
  activities: ['sending-offensive-message'],
  facts,
});

describe('a decision', () => {
  it('merges the same outcome from several rules: strongest modality, most urgent timing, every reason', async () => {
    const decision = await evaluate<VocabularyTerms>(policy, staffMessage({ deliberate: true }), { today: '2025-06-01' });
    expect(decision.referrals).toEqual([
      {
        kind: 'referral',
        target: 'lado',
        label: 'The Local Authority Designated Officer (LADO)',
        modality: 'must',
        timing: 'immediately',
        contact: { name: 'A. Officer', role: 'Local Authority Designated Officer (LADO)', route: 'via the front door' },
        because: [
          { rule: 'offensive-message-deliberate', cite: 'a.2' },
          { rule: 'offensive-message-should', cite: 'a.1' },
        ],
      },
    ]);
  });

  it('keeps the weaker force when only the weaker clause applies (a.1 should)', async () => {
    const decision = await evaluate<VocabularyTerms>(policy, staffMessage({ deliberate: false }), { today: '2025-06-01' });
    expect(decision.referrals.map((r) => [r.target, r.modality])).toEqual([['lado', 'should']]);
  });

  it('asks about an unknown fact whose answer would strengthen an outcome (a.2)', async () => {
    const decision = await evaluate<VocabularyTerms>(policy, staffMessage(), { today: '2025-06-01' });
    expect(decision.questions).toEqual([
      {
        facts: { deliberate: true },
        ask: 'Was it deliberate? (yes)',
        wouldAdd: [{ kind: 'referral', target: 'lado', modality: 'must', timing: 'immediately', because: [{ rule: 'offensive-message-deliberate', cite: 'a.2' }] }],
      },
    ]);
  });

  it('never reads an unknown fact as false: a "not" needs the fact known false (a.3)', async () => {
    const base = { people: [{ role: 'staff', involvement: 'subject' }], activities: ['accessing-offensive-or-pornographic-material'] };
    const unknown = await evaluate<VocabularyTerms>(policy, base, { today: '2025-06-01' });
    expect(unknown.referrals).toEqual([]);
    expect(unknown.questions.map((q) => q.facts)).toEqual([{ deliberate: false, reported: false }]);
    const known = await evaluate<VocabularyTerms>(policy, { ...base, facts: { deliberate: false, reported: false } }, { today: '2025-06-01' });
    expect(known.referrals.map((r) => [r.target, r.modality])).toEqual([['headteacher', 'may']]);
    const reported = await evaluate<VocabularyTerms>(policy, { ...base, facts: { deliberate: false, reported: true } }, { today: '2025-06-01' });
    expect(reported.referrals).toEqual([]);
    expect(reported.questions).toEqual([]);
  });

  it('warns when the policy is past its review date, and not before', async () => {
    const late = await evaluate<VocabularyTerms>(policy, staffMessage(), { today: '2026-01-02' });
    expect(late.warnings).toContainEqual({
      code: 'review-overdue',
      message: 'Merging School Policy was due for review by 2026-01-01 ("New Year 2026"); check that this is the current version',
    });
    const onTime = await evaluate<VocabularyTerms>(policy, staffMessage(), { today: '2026-01-01' });
    expect(onTime.warnings.map((w) => w.code)).not.toContain('review-overdue');
  });

  it('warns when the incident names no subject', async () => {
    const decision = await evaluate(policy, { activities: ['sending-offensive-message'] }, { today: '2025-06-01' });
    expect(decision.warnings.map((w) => w.code)).toEqual(['no-subject']);
    expect(decision.incident).toEqual({ id: null });
  });

  it('rejects an invalid evaluation date: text, an impossible day, an invalid Date, a number', async () => {
    for (const today of ['someday', '2026-02-30', new Date('x'), 42 as unknown as string]) {
      await expect(evaluate<VocabularyTerms>(policy, staffMessage(), { today }), String(today)).rejects.toThrow(TypeError);
      await expect(evaluate<VocabularyTerms>(policy, staffMessage(), { today }), String(today)).rejects.toThrow(/"today" is not a valid date/);
    }
  });

  it('names the policy version and digest it was made under', async () => {
    const decision = await evaluate<VocabularyTerms>(policy, staffMessage(), { today: '2025-06-01' });
    expect(decision.policy).toEqual({ id: 'merging-school', version: '2', digest: policy.digest });
  });
});

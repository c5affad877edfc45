import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from '../src/decision/evaluate.js';
import type { Decision } from '../src/decision/schema.js';
import { loadPolicy } from '../src/engine/load.js';
import '../src/vitest.js';

let decision: Decision;
beforeAll(async () => {
  const policy = await loadPolicy(join(import.meta.dirname, 'fixtures', 'cli', 'policy'));
  decision = await evaluate(
    policy,
    { people: [{ role: 'staff', involvement: 'subject' }, { role: 'pupil', involvement: 'affected' }], activities: ['sending-offensive-message'] },
    { today: '2026-01-15' },
  );
});

describe('online-safety-rules/vitest matchers', () => {
  it('toRequireReferral and toRequire match kind, target and (if given) modality, by and cite', () => {
    expect(decision).toRequireReferral('lado');
    expect(decision).toRequireReferral('lado', 'must');
    expect(decision).not.toRequireReferral('lado', 'should');
    expect(decision).not.toRequireReferral('police');
    expect(decision).toRequire({ kind: 'notification', target: 'parents', modality: 'should', by: 'headteacher' });
    expect(decision).toRequireNotification('parents');
    expect(decision).toRequire({ kind: 'referral', target: 'lado', cite: 'grid.row-1' });
    expect(decision).not.toRequire({ kind: 'referral', target: 'lado', cite: 'grid.row-2' });
  });

  it('a term not in the vocabulary fails the test, with .not too, saying what was meant', () => {
    // @ts-expect-error -- typed: a misspelt target does not compile
    expect(() => expect(decision).not.toRequireReferral('ladoo')).toThrow('unknown referral target "ladoo" (did you mean "lado"?)');
    // @ts-expect-error -- a target is not a sanction
    expect(() => expect(decision).not.toRequireSanction('lado')).toThrow(/^unknown sanction "lado"/);
    // @ts-expect-error -- nor is an obligation's term
    expect(() => expect(decision).toRequire({ kind: 'obligation', target: 'log-incidnt' })).toThrow('unknown obligation "log-incidnt" (did you mean "log-incident"?)');
    // @ts-expect-error -- by is a target
    expect(() => expect(decision).toRequire({ kind: 'notification', target: 'parents', by: 'headteachr' })).toThrow('unknown referral target "headteachr"');
    // @ts-expect-error -- a fact
    expect(() => expect(decision).not.toAsk('deliberat')).toThrow('unknown fact "deliberat" (did you mean "deliberate"?)');
    // @ts-expect-error -- a word with no near term: no hint
    expect(() => expect(decision).not.toRequireSanction('detention')).toThrow(/^unknown sanction "detention"/);
  });

  it('a term of a school\'s own vocabulary is known when the decision holds it', () => {
    const extended: Decision = { ...decision, referrals: [{ ...decision.referrals[0]!, target: 'trust-safeguarding-lead' }] };
    expect(extended).toRequireReferral('trust-safeguarding-lead' as never);
  });

  it('a failure shows the decision\'s outcomes with their citations', () => {
    expect(() => expect(decision).toRequireReferral('police')).toThrow(
      [
        'expected the decision to require referral police, but its outcomes are:',
        '  referral lado (must) [grid.row-1] ← row-1-offensive-message-to-learner',
        '  notification parents (should, by headteacher) [parents.1] ← parents-told-when-pupil-involved',
      ].join('\n'),
    );
    expect(() => expect(decision).not.toRequireReferral('lado')).toThrow('expected the decision not to require referral lado, but it has:\n  referral lado (must) [grid.row-1]');
  });

  it('toAsk checks the questions; a non-decision fails clearly', () => {
    expect(decision).not.toAsk('deliberate');
    expect(() => expect({ referrals: 'x' }).toRequireReferral('lado')).toThrow(/expected a Decision from evaluate\(\)/);
  });
});

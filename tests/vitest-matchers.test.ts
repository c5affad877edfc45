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
    expect(decision).not.toRequireSanction('lado');
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

import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { explain, formatExplanation } from '../src/decision/explain.js';
import { loadPolicy } from '../src/engine/load.js';
import type { Policy } from '../src/engine/policy.js';

let policy: Policy;
beforeAll(async () => {
  policy = await loadPolicy(join(import.meta.dirname, 'fixtures', 'cli', 'explain-policy'));
});

const staffAccess = (facts: Record<string, boolean>) => ({
  people: [{ role: 'staff', involvement: 'subject' }],
  activities: ['accessing-offensive-or-pornographic-material'],
  facts,
});

describe('explain', () => {
  it('names the rule, the clause and the matched facts, including facts known to be false', async () => {
    const ex = await explain(policy, staffAccess({ deliberate: false, reported: false }), { today: '2026-01-15' });
    expect(ex.outcomes).toHaveLength(1);
    expect(ex.outcomes[0]!.says).toBe('Refer to the Local Authority Designated Officer (LADO)');
    expect(ex.outcomes[0]!.reasons).toEqual([
      {
        rule: 'accidental-access-not-reported',
        cite: 'row-15',
        clause: 'Sanctions: Staff, row-15: Accidentally accessing offensive material and failing to report it (L)',
        matched: [
          'the subject is staff',
          'the activity is "accessing or trying to access offensive or pornographic material"',
          'it is false that the conduct was deliberate',
          'it is false that the person who did it reported the incident themselves',
        ],
      },
    ]);
  });

  it('in an "any" group, names only the alternative that matched', async () => {
    const ex = await explain(policy, staffAccess({ deliberate: true }), { today: '2026-01-15' });
    expect(ex.outcomes[0]!.reasons[0]!.matched).toEqual([
      'the subject is staff',
      'the activity is "accessing or trying to access offensive or pornographic material"',
      'the conduct was deliberate',
    ]);
  });

  it('with all, lists near misses: what is otherwise ("no") and what is not known ("unknown")', async () => {
    const ex = await explain(policy, staffAccess({ deliberate: true }), { today: '2026-01-15', all: true });
    expect(ex.nearMisses).toEqual([
      {
        rule: 'accidental-access-not-reported',
        cite: 'row-15',
        clause: 'Sanctions: Staff, row-15: Accidentally accessing offensive material and failing to report it (L)',
        wouldGive: ['Refer to the Local Authority Designated Officer (LADO) (must)'],
        unmet: [
          { needs: 'it is false that the conduct was deliberate', status: 'no' },
          { needs: 'it is false that the person who did it reported the incident themselves', status: 'unknown' },
        ],
      },
    ]);
    expect(formatExplanation(ex)).toContain('    not so: it is false that the conduct was deliberate\n');
  });

  it('a rule about other activities is not a near miss', async () => {
    const ex = await explain(policy, { people: [{ role: 'staff', involvement: 'subject' }], activities: ['subverting-filtering'] }, { all: true, today: '2026-01-15' });
    expect(ex.outcomes).toEqual([]);
    expect(ex.nearMisses).toEqual([]);
    expect(formatExplanation(ex)).toBe('The policy requires nothing for this incident as described.\n');
  });

  it('says in words what the answer to each question would add (grid rows 2 and 15)', async () => {
    const ex = await explain(policy, staffAccess({}), { today: '2026-01-15' });
    expect(ex.questions).toEqual([
      { ask: 'Was it deliberate? (yes)', wouldAdd: ['Refer to the Local Authority Designated Officer (LADO) (must)'] },
      { ask: 'Was it deliberate? (no) Did they report it themselves? (no)', wouldAdd: ['Refer to the Local Authority Designated Officer (LADO) (must)'] },
    ]);
    expect(formatExplanation(ex)).toContain('  Was it deliberate? (yes) → would add: Refer to the Local Authority Designated Officer (LADO) (must)\n');
  });

  it('without all, lists no near misses', async () => {
    const ex = await explain(policy, staffAccess({}), { today: '2026-01-15' });
    expect(ex.nearMisses).toEqual([]);
  });
});

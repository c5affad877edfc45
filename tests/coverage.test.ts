import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatCoverage, policyCoverage } from '../src/analysis/coverage.js';
import { evaluate } from '../src/decision/evaluate.js';
import { loadPolicy } from '../src/engine/load.js';

const dir = join(import.meta.dirname, 'fixtures', 'cli', 'policy');
const messageToPupil = {
  people: [{ role: 'staff', involvement: 'subject' }, { role: 'pupil', involvement: 'affected' }],
  activities: ['sending-offensive-message'],
};

describe('policy coverage', () => {
  it('with no decisions, no rule and no executable clause is exercised', async () => {
    const policy = await loadPolicy(dir);
    const report = policyCoverage([{ policy, decisions: [] }]);
    expect(report.percent).toBe(0);
    expect(report.policies[0]!.rules.missing.map((r) => r.id)).toEqual(policy.rules.map((r) => r.id));
    // training.1 is notExecutable: not counted.
    expect(report.policies[0]!.clauses.missing.map((c) => c.id)).toEqual(['grid.row-1', 'grid.row-2', 'parents.1']);
  });

  it('a rule is exercised when it fired; its clause with it', async () => {
    const policy = await loadPolicy(dir);
    const decision = await evaluate(policy, messageToPupil, { today: '2026-01-15' });
    const report = policyCoverage([{ policy, decisions: [decision] }]);
    const p = report.policies[0]!;
    expect(p.rules).toMatchObject({ total: 3, exercised: 2, percent: 66.6 });
    expect(p.rules.missing.map((r) => r.id)).toEqual(['row-2-deliberate-access-offensive']);
    expect(p.clauses).toMatchObject({ total: 3, exercised: 2 });
    expect(formatCoverage(report)).toContain('rules 2/3 (66.6%), clauses 2/3 (66.6%)');
  });

  it('an unknown fact that would fire a rule does not count as exercising it', async () => {
    const policy = await loadPolicy(dir);
    const decision = await evaluate(policy, { people: [{ role: 'staff', involvement: 'subject' }], activities: ['accessing-offensive-or-pornographic-material'] });
    expect(decision.questions).toHaveLength(1);
    expect(policyCoverage([{ policy, decisions: [decision] }]).policies[0]!.rules.exercised).toBe(0);
  });
});

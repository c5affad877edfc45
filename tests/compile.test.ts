import { describe, expect, it } from 'vitest';
import { compileCondition } from '../src/engine/compile.js';
import { listBundledPolicies, loadBundledPolicy } from '../src/index.js';

describe('compiling conditions to json-rules-engine', () => {
  it('pushes negation down to the facts (De Morgan), so an unknown fact fails both ways', () => {
    expect(compileCondition({ not: { any: [{ fact: 'deliberate' }, { fact: 'reported' }] } })).toEqual({
      all: [
        { fact: 'fact.deliberate', operator: 'equal', value: false },
        { fact: 'fact.reported', operator: 'equal', value: false },
      ],
    });
  });

  it('turns a negated activity or role into "does not contain", and double negation back', () => {
    expect(compileCondition({ not: { all: [{ activity: 'subverting-filtering' }, { not: { subject: 'staff' } }] } })).toEqual({
      any: [
        { fact: 'activities', operator: 'doesNotContain', value: 'subverting-filtering' },
        { fact: 'role.subject', operator: 'contains', value: 'staff' },
      ],
    });
  });

  it('wraps a single atom in a top-level group, as json-rules-engine requires', () => {
    expect(compileCondition({ involves: 'pupil' })).toEqual({ all: [{ fact: 'role.any', operator: 'contains', value: 'pupil' }] });
  });

  it.each(listBundledPolicies())('never uses a JSONPath in %s (jsonpath-plus stays off the evaluation path)', async (id) => {
    const policy = await loadBundledPolicy(id);
    for (const rule of policy.rules) expect(JSON.stringify(compileCondition(rule.when))).not.toContain('"path"');
  });
});

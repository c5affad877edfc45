import { describe, expect, it } from 'vitest';
import { incidentSpace } from '../src/analysis/space.js';
import { evaluate } from '../src/decision/evaluate.js';
import { GROUP_OF_KIND } from '../src/decision/schema.js';
import { loadBundledPolicy, loadPolicy } from '../src/engine/load.js';
import { parseIncident } from '../src/incident/parse.js';
import { OUTCOME_KINDS } from '../src/policy/schema.js';

const today = '2026-11-26';

describe('the incident space of a policy', () => {
  it('yields exactly `size` incidents, each valid, none twice, in the same order every time', async () => {
    const policy = await loadPolicy('tests/fixtures/diff/old');
    const space = incidentSpace([policy]);
    const first = [...space.incidents()];
    expect(first).toHaveLength(space.size);
    for (const incident of first) expect(() => parseIncident(incident, policy.vocabulary)).not.toThrow();
    expect(new Set(first.map((i) => JSON.stringify(i))).size).toBe(first.length);
    expect([...space.incidents()]).toEqual(first);
  });

  it('lists each activity a rule names, and one activity no rule names for the rules that need none', async () => {
    const policy = await loadPolicy('tests/fixtures/diff/old');
    const space = incidentSpace([policy]);
    const sets = space.activitySets.map((s) => s.join(' + '));
    expect(sets).toEqual(expect.arrayContaining(['sending-offensive-message', 'accessing-offensive-or-pornographic-material', 'subverting-filtering']));
    const unnamed = sets.filter((s) => !['sending-offensive-message', 'accessing-offensive-or-pornographic-material', 'subverting-filtering'].includes(s));
    expect(unnamed).toHaveLength(1);
    // The rule about serious incidents names no activity: it is read under the unnamed one.
    const serious = [...space.incidents()].filter((i) => i.facts?.serious === true);
    expect(serious.map((i) => i.activities)).toEqual(serious.map(() => unnamed[0]!.split(' + ')));
  });

  it('lists every combination of the facts one rule reads, each true, false and unknown', async () => {
    const policy = await loadPolicy('tests/fixtures/diff/old');
    const incidents = [...incidentSpace([policy]).incidents()].filter((i) => i.activities.join() === 'subverting-filtering');
    // unreported-filtering-subversion-sanctioned reads "reported"; deliberate-subversion... reads "deliberate".
    const facts = incidents.map((i) => JSON.stringify(i.facts)).sort();
    expect(facts).toEqual(['{"deliberate":false}', '{"deliberate":true}', '{"reported":false}', '{"reported":true}', '{}']);
  });

  it('gives every rule of both bundled policies an incident on which it fires', async () => {
    for (const id of ['elim-school', 'mast-academy-trust']) {
      const policy = await loadBundledPolicy(id);
      const fired = new Set<string>();
      for (const incident of incidentSpace([policy]).incidents()) {
        const decision = await evaluate(policy, incident, { today });
        for (const kind of OUTCOME_KINDS) for (const o of decision[GROUP_OF_KIND[kind]]) for (const r of o.because) fired.add(r.rule);
      }
      expect(policy.rules.map((r) => r.id).filter((r) => !fired.has(r)), id).toEqual([]);
    }
  });

  it('says how many incidents it holds and what exhaustive means', async () => {
    const policy = await loadPolicy('tests/fixtures/diff/old');
    const space = incidentSpace([policy]);
    expect(space.description).toMatch(new RegExp(`^${space.size} incidents: ${space.activitySets.length} activity sets`));
    expect(space.description).toContain('Exhaustive over this space means');
  });
});

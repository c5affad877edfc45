import { describe, expect, it } from 'vitest';
import { diffPolicies, type PolicyDiff } from '../src/analysis/diff.js';
import { formatDiffMarkdown, formatDiffText } from '../src/analysis/diff-format.js';
import { evaluate } from '../src/decision/evaluate.js';
import { GROUP_OF_KIND, type Decision } from '../src/decision/schema.js';
import { loadPolicy } from '../src/engine/load.js';
import type { Policy } from '../src/engine/policy.js';
import type { IncidentInput } from '../src/incident/schema.js';
import { OUTCOME_KINDS } from '../src/policy/schema.js';

const today = '2026-11-26';
let cached: { old: Policy; new: Policy; diff: PolicyDiff } | undefined;
async function fixture() {
  if (!cached) {
    const [o, n] = await Promise.all([loadPolicy('tests/fixtures/diff/old'), loadPolicy('tests/fixtures/diff/new')]);
    cached = { old: o, new: n, diff: await diffPolicies(o, n) };
  }
  return cached;
}

describe('structural diff', () => {
  it('shows manifest changes: version, dates, contacts and their routes, the clause ledger', async () => {
    const s = (await fixture()).diff.structural;
    expect(s.manifest.map((c) => [c.field, c.old, c.new])).toEqual([
      ['version', '1.0.0', '2.0.0'],
      ['approvedOn', '2025-09-01', '2026-09-01'],
      ['nextReviewDue', '2026-09-01', '2027-09-01'],
      ['source', 'tests/fixtures/diff/old', 'tests/fixtures/diff/new'],
    ]);
    expect(s.contacts.added).toEqual([{ target: 'headteacher', contact: { name: 'Alex Head', role: 'Headteacher' } }]);
    expect(s.contacts.changed).toEqual([
      { target: 'lado', changes: [{ field: 'route', old: 'via the front door service', new: "via the children's services front door" }] },
    ]);
    expect(s.clauses.added.map((c) => c.id)).toEqual(['grid.row-3']);
    expect(s.clauses.removed.map((c) => c.id)).toEqual(['email.1']);
    expect(s.clauses.changed.map((c) => [c.id, c.changes.map((x) => x.field)])).toEqual([
      ['filtering.1', ['label', 'says']],
      ['grid.row-1', ['label']],
    ]);
  });

  it('matches rules by id: added, removed, and a new id with the same content is a rename', async () => {
    const r = (await fixture()).diff.structural.rules;
    expect(r.added.map((x) => x.id)).toEqual(['grid-row-3-continued-infringements']);
    expect(r.removed.map((x) => x.id)).toEqual(['pupil-email-not-allowed']);
    expect(r.renamed).toEqual([
      {
        from: 'deliberate-subversion-to-technical-support',
        to: 'filtering-deliberate-subversion-to-technical-support',
        label: 'A deliberate attempt to subvert the filtering goes to technical support',
      },
    ]);
    expect(r.added[0]!.when).toBe(
      'the subject is staff and the person has had previous warnings or sanctions for such conduct and (one of: the activity is ' +
        '"sending an email, text or instant message regarded as offensive, harassment or bullying"; or the activity is ' +
        '"accessing or trying to access offensive or pornographic material")',
    );
  });

  it('says what changed in a rule: an outcome moved to another target, a force strengthened, a condition in words', async () => {
    const changed = new Map((await fixture()).diff.structural.rules.changed.map((c) => [c.id, c]));
    expect([...changed.keys()]).toEqual([
      'grid-row-1-offensive-message-to-learner',
      'grid-row-2-deliberate-access-offensive',
      'serious-incident-recorded',
      'unreported-filtering-subversion-sanctioned',
    ]);
    const moved = changed.get('grid-row-1-offensive-message-to-learner')!;
    expect(moved.outcomes.removed.map((o) => [o.target, o.modality])).toEqual([['lado', 'must']]);
    expect(moved.outcomes.added.map((o) => [o.target, o.modality])).toEqual([['headteacher', 'must']]);
    expect(changed.get('grid-row-2-deliberate-access-offensive')!.outcomes.changed).toEqual([
      expect.objectContaining({ outcome: expect.objectContaining({ target: 'headteacher' }), modality: { field: 'modality', old: 'should', new: 'must' } }),
    ]);
    // A rule-level modality change reads as a change of the force of its outcomes.
    expect(changed.get('unreported-filtering-subversion-sanctioned')!.outcomes.changed[0]!.modality).toEqual({ field: 'modality', old: 'may', new: 'must' });
    expect(changed.get('serious-incident-recorded')!.when).toEqual({
      field: 'when',
      old: 'the school judges it a serious online safety incident',
      new: 'the school judges it a serious online safety incident and it is false that the person who did it reported the incident themselves',
    });
  });

  it('finds nothing between a policy and itself', async () => {
    const { old } = await fixture();
    const same = await diffPolicies(old, old);
    expect(Object.values(same.structural).flatMap((v) => (Array.isArray(v) ? v : Object.values(v).flat()))).toEqual([]);
    expect(same.behaviour.changed).toBe(0);
    expect(same.behaviour.changes).toEqual([]);
    expect(formatDiffText(same)).toContain('Behaviour: no change.');
  });
});

describe("structural diff: a school's timings and closure days (they change when outcomes are due)", () => {
  it('lists each timing and each closure day added or removed (examples/mast-school 0.9 → 1.0)', async () => {
    const [before, after] = await Promise.all([loadPolicy('examples/mast-school/versions/0.9'), loadPolicy('examples/mast-school')]);
    const d = await diffPolicies(before, after);
    const timing = d.structural.manifest.filter((c) => c.field.startsWith('timings.') || c.field === 'closure day');
    expect(timing.slice(0, 3)).toEqual([
      { field: 'timings.immediately', old: null, new: 'PT1H' },
      { field: 'timings.promptly', old: null, new: '1 working day' },
      { field: 'closure day', old: null, new: '2026-12-25' },
    ]);
    expect(timing).toHaveLength(2 + after.manifest.closureDays!.length);
    expect(formatDiffText(d)).toContain('  timings.promptly: (none) → 1 working day');
    // And back: removed.
    const back = await diffPolicies(after, before);
    expect(back.structural.manifest).toContainEqual({ field: 'closure day', old: '2027-01-04', new: null });
  });
});

describe('behavioural diff', () => {
  it('groups the incidents whose decision changed by the change they see, with a smallest example', async () => {
    const b = (await fixture()).diff.behaviour;
    expect(b.compared).toBe(40);
    expect(b.changes.map((c) => c.summary).sort()).toEqual(
      [
        'No longer: Classified as communication technology not allowed (the school\'s communication table does not allow this use for the person\'s role) (was should)',
        'No longer: Do: record the incident on CPOMS (was must)',
        'No longer: Refer to the Local Authority Designated Officer (LADO) (was must)',
        'Now: Refer to the headteacher (must)',
        'Now: Sanction: disciplinary action (a disciplinary penalty) (must)',
        'Stronger: Refer to the headteacher (should → must)',
        'Stronger: Sanction: disciplinary action (a disciplinary penalty) (may → must)',
      ].sort(),
    );
    const lado = b.changes.find((c) => c.change === 'no-longer' && c.outcome.target === 'lado')!;
    expect(lado.example).toEqual({
      people: [
        { role: 'staff', involvement: 'subject' },
        { role: 'pupil', involvement: 'affected' },
      ],
      activities: ['sending-offensive-message'],
      technologies: [],
      facts: {},
    });
    expect(lado.because.old).toEqual([{ rule: 'grid-row-1-offensive-message-to-learner', cite: 'grid.row-1' }]);
    // A rename changes nothing for anyone.
    expect(b.changes.some((c) => c.outcome.target === 'technical-support')).toBe(false);
  });

  it('counts each group\'s incidents and re-evaluating each example shows its change', async () => {
    const { old, new: next, diff } = await fixture();
    for (const c of diff.behaviour.changes) {
      expect(c.incidents).toBeGreaterThan(0);
      expect(c.incidents).toBeLessThanOrEqual(diff.behaviour.changed);
      const force = (d: Decision) => d[GROUP_OF_KIND[c.outcome.kind]].find((o) => o.target === c.outcome.target && o.by === c.outcome.by)?.modality;
      expect(force(await evaluate(old, c.example, { today }))).toBe(c.old?.modality);
      expect(force(await evaluate(next, c.example, { today }))).toBe(c.new?.modality);
    }
  });

  // The space's claim, checked by brute force: every outcome whose force differs on any incident
  // of a much larger product of terms also differs on an incident of the space.
  it.each([
    ['the fixture versions', 'tests/fixtures/diff/old', 'tests/fixtures/diff/new', ['sending-offensive-message', 'accessing-offensive-or-pornographic-material', 'subverting-filtering', 'bringing-school-into-disrepute']],
    ['rules with "not" on a person and an activity', 'tests/fixtures/diff/negation-old', 'tests/fixtures/diff/negation-new', ['sending-offensive-message', 'subverting-filtering', 'accessing-illegal-material', 'bringing-school-into-disrepute']],
  ])('is exhaustive (%s): a brute-force product of the terms finds no changed outcome the space misses', async (_, oldDir, newDir, activities) => {
    const [old, next] = await Promise.all([loadPolicy(oldDir), loadPolicy(newDir)]);
    const diff = await diffPolicies(old, next);
    const found = new Set(diff.behaviour.changes.map((c) => `${c.outcome.kind}:${c.outcome.target}:${c.outcome.by ?? ''}`));
    // Every activity alone and every pair of them.
    const activitySets = activities.flatMap((a, i) => [[a], ...activities.slice(i + 1).map((b) => [a, b])]);
    const pairs = [
      ['staff', 'subject'],
      ['pupil', 'subject'],
      ['staff', 'affected'],
      ['pupil', 'affected'],
      ['pupil', 'witness'],
    ] as const;
    const facts = ['deliberate', 'reported', 'serious', 'previous-warnings'];
    const missed = new Set<string>();
    let compared = 0;
    // npm test walks every fifth incident of the product (a fifth of a minute's work); a long
    // run (FUZZ_RUNS set, as .ci/run does) walks all of it.
    const stride = process.env.FUZZ_RUNS ? 1 : 5;
    let index = 0;
    for (const activities of activitySets) {
      for (let people = 0; people < 1 << pairs.length; people++) {
        for (const technologies of [[], ['email']]) {
          for (let f = 0; f < 3 ** facts.length; f++) {
            if (index++ % stride !== 0) continue;
            const incident: IncidentInput = {
              activities,
              technologies,
              people: pairs.filter((_, i) => people & (1 << i)).map(([role, involvement]) => ({ role, involvement })),
              facts: Object.fromEntries(facts.flatMap((name, i) => { const v = Math.floor(f / 3 ** i) % 3; return v === 0 ? [] : [[name, v === 1]]; })),
            };
            compared++;
            const [a, b] = [await evaluate(old, incident, { today }), await evaluate(next, incident, { today })];
            const forces = (d: Decision) => new Map(OUTCOME_KINDS.flatMap((k) => d[GROUP_OF_KIND[k]]).map((o) => [`${o.kind}:${o.target}:${o.by ?? ''}`, `${o.modality}/${o.timing ?? ''}`]));
            const [fa, fb] = [forces(a), forces(b)];
            for (const key of new Set([...fa.keys(), ...fb.keys()])) if (fa.get(key) !== fb.get(key) && !found.has(key)) missed.add(key);
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(diff.behaviour.compared * (100 / stride));
    expect([...missed]).toEqual([]);
  }, 120_000); // about ten seconds alone; more on a loaded machine
});

describe('diff output', () => {
  it('as text: structure, then behaviour with the number compared and the meaning of exhaustive', async () => {
    const text = formatDiffText((await fixture()).diff);
    expect(text).toMatch(/^Policy diff-test-school: 1\.0\.0 \(tests\/fixtures\/diff\/old\) → 2\.0\.0 \(tests\/fixtures\/diff\/new\)\n/);
    expect(text).toContain('  + headteacher: Alex Head, Headteacher\n');
    expect(text).toContain('  renamed deliberate-subversion-to-technical-support → filtering-deliberate-subversion-to-technical-support');
    expect(text).toContain('Behaviour: 8 of 40 incidents compared get a different decision.');
    expect(text).toContain('  No longer: Refer to the Local Authority Designated Officer (LADO) (was must): 1 incident\n');
    expect(text).toContain('    smallest example: activity sending-offensive-message; subject staff; affected pupil\n');
  });

  it('as Markdown: tables for a pull-request comment', async () => {
    const md = formatDiffMarkdown((await fixture()).diff);
    expect(md).toContain('## Policy diff: diff-test-school 1.0.0 → 2.0.0');
    expect(md).toContain('| Manifest | version | 1.0.0 | 2.0.0 |');
    expect(md).toContain('- changed `grid-row-1-offensive-message-to-learner`: Sending an offensive message to a learner');
    expect(md).toContain('  - removed: Refer to the Local Authority Designated Officer (LADO) (must)');
    expect(md).toMatch(/\| No longer: Refer to the Local Authority Designated Officer \(LADO\) \(was must\) \| 1 \| sending-offensive-message \|/);
  });
});

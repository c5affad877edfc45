// Deadlines (issue "Every school its own policy"): a school that says what its timings mean
// (manifest `timings`) and when it is closed (`closureDays`) gets `dueBy` on each outcome with a
// timing, counted from the incident's `reportedAt`. Without the school's definitions, nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { evaluate, evaluateToJson } from '../src/decision/evaluate.js';
import { dueBy, parseSpan } from '../src/policy/durations.js';
import { InvalidIncidentError, loadBundledPolicy, loadPolicy } from '../src/index.js';
import { loadProblems, tempPolicy } from './hostile/temp-policy.js';

const dir = 'tests/fixtures/policies/deadlines';
const today = '2026-11-26';
const concern = (reportedAt?: string) => ({
  people: [{ role: 'pupil', involvement: 'affected' }],
  activities: ['sending-offensive-message'],
  facts: { 'child-protection-concern': true },
  ...(reportedAt === undefined ? {} : { reportedAt }),
});

describe('spans a school may give its timings', () => {
  it.each([
    ['PT1H', { unit: 'minutes', count: 60 }],
    ['PT2H30M', { unit: 'minutes', count: 150 }],
    ['PT45M', { unit: 'minutes', count: 45 }],
    ['P1D', { unit: 'days', count: 1 }],
    ['P1DT2H', { unit: 'minutes', count: 26 * 60 }],
    ['1 working day', { unit: 'working-days', count: 1 }],
    ['3 working days', { unit: 'working-days', count: 3 }],
    ['2 days', { unit: 'days', count: 2 }],
  ])('%s', (text, span) => expect(parseSpan(text)).toEqual(span));

  it.each(['1 hour', 'P', 'PT', 'PT0M', '0 working days', 'soon', '', 'P1W', '1 working-day'])('"%s" is not a span', (text) => {
    expect(parseSpan(text)).toBeUndefined();
  });
});

describe('when a span ends', () => {
  const closures = new Set(['2026-12-25', '2026-12-28']);

  it('minutes are on the clock, in the offset of the report', () => {
    expect(dueBy('2026-11-26T09:30:00+01:00', parseSpan('PT1H')!, closures)).toBe('2026-11-26T10:30:00+01:00');
    expect(dueBy('2026-11-26T23:30:00Z', parseSpan('PT1H')!, closures)).toBe('2026-11-27T00:30:00Z');
  });

  it('working days skip the weekend and the closure days (Thursday 24 December → Tuesday 29)', () => {
    expect(dueBy('2026-12-24T15:30:00Z', parseSpan('1 working day')!, closures)).toBe('2026-12-29T15:30:00Z');
    expect(dueBy('2026-11-27T10:00:00Z', parseSpan('1 working day')!, new Set())).toBe('2026-11-30T10:00:00Z'); // Friday → Monday
  });

  it('the school\'s calendar is the offset\'s: late on Friday in +02:00 is still Friday there', () => {
    // 23:30 on Friday 27 November at +02:00 is 21:30 UTC the same day; one working day on is Monday.
    expect(dueBy('2026-11-27T23:30:00+02:00', parseSpan('1 working day')!, new Set())).toBe('2026-11-30T23:30:00+02:00');
  });
});

describe('decisions with due times', () => {
  it('each outcome with a timing the school defines gets dueBy; the plan shows it', async () => {
    const policy = await loadPolicy(dir);
    const d = await evaluate(policy, concern('2026-12-24T15:30:00Z'), { today });
    expect(d.notifications.find((o) => o.target === 'dsl')).toMatchObject({ timing: 'immediately', dueBy: '2026-12-24T16:30:00Z' });
    expect(d.obligations.find((o) => o.target === 'log-incident')).toMatchObject({ timing: 'promptly', dueBy: '2026-12-29T15:30:00Z' });
    expect(d.notifications.find((o) => o.target === 'parents')!.dueBy).toBeUndefined(); // no timing, no due time
    expect(d.plan.doNow.find((l) => l.target === 'dsl')!.dueBy).toBe('2026-12-24T16:30:00Z');
  });

  it('without reportedAt there is no due time, and the decision is what it was', async () => {
    const policy = await loadPolicy(dir);
    const d = await evaluate(policy, concern(), { today });
    expect([...d.notifications, ...d.obligations].map((o) => o.dueBy)).toEqual([undefined, undefined, undefined]);
  });

  it('a policy that defines no timings gives none (the bundled policies do not)', async () => {
    const policy = await loadBundledPolicy('elim-school');
    const d = await evaluate(policy, concern('2026-12-24T15:30:00Z'), { today });
    expect([...d.referrals, ...d.notifications, ...d.obligations, ...d.judgements].some((o) => o.timing !== undefined)).toBe(true);
    expect(JSON.stringify(d)).not.toContain('dueBy');
  });

  it('the JSON is the same whichever way it is written, and from run to run', async () => {
    const policy = await loadPolicy(dir);
    const a = JSON.stringify(await evaluate(policy, concern('2026-12-24T15:30:00+01:00'), { today }));
    expect(await evaluateToJson(policy, concern('2026-12-24T15:30:00+01:00'), { today })).toBe(a);
    expect(JSON.stringify(await evaluate(policy, concern('2026-12-24T15:30:00+01:00'), { today }))).toBe(a);
    expect(a).toContain('"timing":"immediately","dueBy":"2026-12-24T16:30:00+01:00","because"');
  });

  it('an incident whose reportedAt is not a time with an offset is invalid, at its path', async () => {
    const policy = await loadPolicy(dir);
    for (const reportedAt of ['yesterday', '2026-12-24', '2026-12-24T15:30:00', '2026-02-30T10:00:00Z']) {
      const error = await evaluate(policy, concern(reportedAt), { today }).catch((e: unknown) => e);
      expect(error, reportedAt).toBeInstanceOf(InvalidIncidentError);
      expect((error as InvalidIncidentError).issues.map((i) => i.path.join('.'))).toEqual(['reportedAt']);
    }
  });
});

describe('a school\'s timings and closure days are checked at load, positioned', () => {
  let cleanup: (() => void) | undefined;
  afterEach(() => cleanup?.());

  it.each([
    ['a duration that is none', 'promptly: 1 working day', 'promptly: next week', 'timings.promptly', 'not a duration'],
    ['an impossible closure day', '- 2026-12-28', '- 2026-02-30', 'closureDays.1', ''],
    ['an unknown timing', 'promptly: 1 working day', 'promptly: 1 working day\n  eventually: P1D', 'timings', 'eventually'],
  ])('%s', async (_, from, to, path, says) => {
    const p = tempPolicy(dir);
    cleanup = p.remove;
    const text = p.read('policy.yaml');
    expect(text).toContain(from);
    p.write('policy.yaml', text.replace(from, to));
    const problems = await loadProblems(p.dir);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.file).toMatch(/policy\.yaml$/);
    expect(problems[0]!.line).toBeGreaterThan(9);
    expect(problems[0]!.message).toContain(says);
    expect(problems[0]!.message).toContain(path.split('.')[0]!);
  });
});

describe("a school's calendar file (calendar.yaml): its closure days, kept apart from the manifest", () => {
  let cleanup: (() => void) | undefined;
  afterEach(() => cleanup?.());

  it('adds its days to the closure days (here the 29th too: Thursday 24 December → Wednesday 30)', async () => {
    const p = tempPolicy(dir);
    cleanup = p.remove;
    p.write('calendar.yaml', 'closureDays:\n  - 2026-12-25\n  - { date: 2026-12-29, label: INSET day }\n');
    const policy = await loadPolicy(p.dir);
    expect(policy.manifest.closureDays).toEqual(['2026-12-25', '2026-12-28', '2026-12-29']);
    const d = await evaluate(policy, concern('2026-12-24T15:30:00Z'), { today });
    expect(d.obligations.find((o) => o.target === 'log-incident')).toMatchObject({ timing: 'promptly', dueBy: '2026-12-30T15:30:00Z' });
    expect(policy.digest).not.toBe((await loadPolicy(dir)).digest);
  });

  it.each([
    ['an impossible date', '  - 2026-02-30\n', 2, 'closureDays[0]: not a real date written YYYY-MM-DD'],
    ['a label without a date', '  - { label: INSET day }\n', 2, 'closureDays[0]: not a closure day'],
    ['an unknown key', 'closureDays: []\nholidays: []\n', 2, 'holidays'],
  ])('%s is a positioned error in calendar.yaml, and nothing loads', async (_, body, line, says) => {
    const p = tempPolicy(dir);
    cleanup = p.remove;
    p.write('calendar.yaml', body.startsWith('closureDays') ? body : `closureDays:\n${body}`);
    const problems = await loadProblems(p.dir);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: expect.stringMatching(/calendar\.yaml$/), line });
    expect(problems[0]!.message).toContain(says);
  });
});

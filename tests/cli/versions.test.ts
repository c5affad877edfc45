// `evaluate --as-of` and a policy folder's versions/ on the command line (docs/your-school.md,
// Versions): the version in force on a date decides; a date before the first version is a
// usage error for --as-of (exit 2), and an error of the incident at its `date` (exit 1).
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluate, loadPolicy, type IncidentInput } from '../../src/index.js';
import { cli } from './run-cli.js';

const SCHOOL = 'examples/mast-school';
const today = '2026-11-26';
const temp = mkdtempSync(join(tmpdir(), 'online-safety-cli-versions-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const phoneInLesson: IncidentInput = { people: [{ role: 'pupil', involvement: 'subject' }], activities: ['using-personal-mobile-device'], facts: { 'lesson-time': true } };

/** An incident file (YAML, `date` on line 2) in the temp folder, as the CLI is given it. */
function incidentFile(name: string, date?: string): string {
  const path = join(temp, name);
  const lines = ['id: INC-7', ...(date === undefined ? [] : [`date: ${date}`]), 'people: [{ role: pupil, involvement: subject }]', 'activities: [using-personal-mobile-device]', 'facts: { lesson-time: true }'];
  writeFileSync(path, `${lines.join('\n')}\n`);
  return relative(process.cwd(), path);
}

const json = (stdout: string) => JSON.parse(stdout) as { policy: { version: string; inForce?: unknown }; notifications: { target: string; modality: string }[] };

describe('online-safety evaluate --as-of', () => {
  it('decides under the version in force on the date, and says which and why', async () => {
    const r = await cli(['evaluate', '--policy', SCHOOL, '--as-of', '2026-03-15', '--today', today, '--json', incidentFile('a.yaml')]);
    expect(r.code).toBe(0);
    const d = json(r.stdout);
    expect(d.policy).toMatchObject({ version: '0.9', inForce: { on: '2026-03-15', chosenBy: 'as-of', approvedOn: '2025-09-01' } });
    expect(d.notifications.find((o) => o.target === 'parents')?.modality).toBe('should');
    const plan = await cli(['evaluate', '--policy', SCHOOL, '--as-of', '2026-03-15', '--today', today, incidentFile('a.yaml')]);
    expect(plan.stdout.split('\n')[2]).toBe('Version 0.9 (approved 2025-09-01), in force on 2026-03-15, the date asked for');
  });

  it('wins over the incident\'s date', async () => {
    const r = await cli(['evaluate', '--policy', SCHOOL, '--as-of', '2026-09-01', '--today', today, '--json', incidentFile('b.yaml', '2026-01-05')]);
    expect(json(r.stdout).policy).toMatchObject({ version: '1.0', inForce: { on: '2026-09-01', chosenBy: 'as-of', approvedOn: '2026-09-01' } });
  });

  it('before the first version: a usage error naming the first version (exit 2)', async () => {
    const r = await cli(['evaluate', '--policy', SCHOOL, '--as-of', '2025-08-31', incidentFile('c.yaml')]);
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toBe(
      'online-safety evaluate: --as-of 2025-08-31: no version of mast-harbour-primary was in force on 2025-08-31: its first version, 0.9, was approved on 2025-09-01.\nRun "online-safety evaluate --help" for usage.\n',
    );
  });

  it.each(['2026-02-30', '15/03/2026', 'today'])('refuses --as-of %s (exit 2)', async (date) => {
    const r = await cli(['evaluate', '--policy', SCHOOL, '--as-of', date, incidentFile('d.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--as-of must be a date as YYYY-MM-DD, not "${date}"`);
  });

  it('a policy that records no approval date cannot be asked as of a date (eLiM, exit 2)', async () => {
    const r = await cli(['evaluate', '--policy', 'elim-school', '--as-of', '2026-01-01', incidentFile('e.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('elim-school 1.0.0 records no approval date (approvedOn)');
  });
});

describe("a policy folder's versions chosen by the incident's date", () => {
  it("the incident's date chooses the version", async () => {
    const r = await cli(['evaluate', '--policy', SCHOOL, '--today', today, '--json', incidentFile('f.yaml', '2026-01-05')]);
    expect(r.code).toBe(0);
    expect(json(r.stdout).policy).toMatchObject({ version: '0.9', inForce: { on: '2026-01-05', chosenBy: 'incident-date', approvedOn: '2025-09-01' } });
  });

  it('without a date, the decision is byte-identical to a plain evaluate of the folder', async () => {
    const r = await cli(['evaluate', '--policy', SCHOOL, '--today', today, '--json', incidentFile('g.yaml')]);
    const plain = await evaluate(await loadPolicy(SCHOOL), { id: 'INC-7', ...phoneInLesson }, { today });
    expect(r.stdout).toBe(`${JSON.stringify(plain, null, 2)}\n`);
  });

  it('a bundled policy (no versions) is not chosen by the date: no inForce', async () => {
    const r = await cli(['evaluate', '--policy', 'mast-academy-trust', '--today', today, '--json', incidentFile('h.yaml', '2020-01-01')]);
    expect(r.code).toBe(0);
    expect(json(r.stdout).policy.inForce).toBeUndefined();
  });

  it("an incident dated before the first version: an error at the incident's date line and column (exit 1)", async () => {
    const file = incidentFile('i.yaml', '2025-03-01');
    const r = await cli(['evaluate', '--policy', SCHOOL, file]);
    expect([r.code, r.stdout]).toEqual([1, '']);
    expect(r.stderr).toBe(
      `${file}:2:7: date: no version of mast-harbour-primary was in force on 2025-03-01: its first version, 0.9, was approved on 2025-09-01\nonline-safety evaluate: the incident is not valid (1 problem).\n`,
    );
  });

  it('with --ndjson, that line is an error and the stream goes on', async () => {
    const line = (date?: string) => JSON.stringify({ ...(date === undefined ? {} : { date }), ...phoneInLesson });
    const r = await cli(['evaluate', '--ndjson', '--policy', SCHOOL, '--today', today], { input: [line('2026-01-05'), line('2025-03-01'), line()].join('\n') + '\n' });
    expect(r.code).toBe(1);
    const out = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
    expect(out.map((l) => (l.error ? `line ${l.line}: ${l.error.code}` : `${l.policy.version} ${l.policy.inForce?.chosenBy ?? 'current'}`))).toEqual([
      '0.9 incident-date',
      'line 2: no-version-in-force',
      '1.0 current',
    ]);
    expect(out[1]!.error.issues).toEqual([{ path: ['date'], message: 'no version of mast-harbour-primary was in force on 2025-03-01: its first version, 0.9, was approved on 2025-09-01' }]);
    // The current version's line is the plain decision, byte for byte.
    expect(r.stdout.trimEnd().split('\n')[2]).toBe(JSON.stringify(await evaluate(await loadPolicy(SCHOOL), phoneInLesson, { today })));
    expect(r.stderr).toMatch(/^3 lines: 2 decisions, 1 error \(line 2\) in /);
  });

  it('with --ndjson --as-of, every line is decided under the version in force then', async () => {
    const r = await cli(['evaluate', '--ndjson', '--policy', SCHOOL, '--as-of', '2026-02-01', '--today', today], { input: `${JSON.stringify({ date: '2020-01-01', ...phoneInLesson })}\n` });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).policy).toMatchObject({ version: '0.9', inForce: { chosenBy: 'as-of', on: '2026-02-01' } });
  });
});

describe('online-safety validate <folder with versions/>', () => {
  it('checks and lists every version', async () => {
    const r = await cli(['validate', SCHOOL]);
    expect([r.code, r.stdout]).toEqual([0, '']);
    expect(r.stderr).toBe('examples/mast-school: versions 0.9 (approved 2025-09-01), 1.0 (approved 2026-09-01, current)\nvalid: 1 policy\n');
  });

  it('reports a version that does not fit, at its manifest line', async () => {
    const dir = join(temp, 'school');
    cpSync(SCHOOL, dir, { recursive: true });
    cpSync(join(dir, 'versions/0.9'), join(dir, 'versions/0.8'), { recursive: true });
    rmSync(join(dir, 'versions/0.9'), { recursive: true });
    const r = await cli(['validate', relative(process.cwd(), dir)]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^\S+versions\/0\.8\/policy\.yaml:10:10: version "0\.9" is in the folder versions\/0\.8/);
    expect(r.stderr).toBe('1 problem in 1 policy\n');
  });
});

describe('explain and the case record choose the version as evaluate does', () => {
  it("explain: the incident's date, or --as-of, picks the version that explains; a date before the first is the incident's error", async () => {
    const dated = await cli(['explain', '--policy', SCHOOL, '--today', today, '--json', incidentFile('explain-a.yaml', '2026-03-15')]);
    expect(dated.code).toBe(0);
    const explanation = JSON.parse(dated.stdout) as { decision: { policy: { version: string } }; outcomes: { outcome: { target: string; modality: string }; reasons: { clause: string }[] }[] };
    expect(explanation.decision.policy.version).toBe('0.9');
    expect(explanation.outcomes.find((o) => o.outcome.target === 'parents')?.outcome.modality).toBe('should');
    const text = await cli(['explain', '--policy', SCHOOL, '--today', today, '--as-of', '2026-03-15', incidentFile('explain-b.yaml')]);
    expect(text.stdout.split('\n')[0]).toBe('Version 0.9 (approved 2025-09-01), in force on 2026-03-15, the date asked for');
    const early = await cli(['explain', '--policy', SCHOOL, incidentFile('explain-c.yaml', '2020-01-01')]);
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/explain-c\.yaml:2:7: .*no version of mast-harbour-primary was in force on 2020-01-01/);
    expect((await cli(['explain', '--policy', SCHOOL, '--as-of', '2020-01-01', incidentFile('explain-d.yaml')])).code).toBe(2);
  });

  it('the case record says which version was in force and why', async () => {
    const r = await cli(['evaluate', '--policy', SCHOOL, '--today', today, '--format', 'markdown', incidentFile('record.yaml', '2026-03-15')]);
    expect(r.stdout).toContain("| Version in force | Version 0.9 (approved 2025-09-01), in force on 2026-03-15, the incident's date |");
  });
});

describe('triage chooses the version as evaluate does', () => {
  it("prints the plan of the version in force on the incident's date (without a terminal, nothing is asked)", async () => {
    const r = await cli(['triage', '--policy', SCHOOL, '--today', today, incidentFile('triage.yaml', '2026-03-15')]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[2]).toBe("Version 0.9 (approved 2025-09-01), in force on 2026-03-15, the incident's date");
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('tell the parents or carers of the pupils involved (should)');
  });
});

// Versions (issue 12): a policy folder keeps its earlier versions in versions/<version>/; an
// incident is decided under the version in force on a date (--as-of, or the incident's date),
// and the decision says which. docs/your-school.md, Versions.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateToJson } from '../src/decision/evaluate.js';
import { DecisionSchema } from '../src/decision/schema.js';
import {
  evaluate,
  evaluateAsOf,
  loadBundledPolicy,
  loadPolicy,
  loadPolicyVersions,
  NoVersionInForceError,
  PolicyLoadError,
  policyInForce,
  policyVersionsOf,
  type Diagnostic,
  type IncidentInput,
  type PolicyVersions,
} from '../src/index.js';

const SCHOOL = 'examples/mast-school';
const today = '2026-11-26';
const phoneInLesson: IncidentInput = { people: [{ role: 'pupil', involvement: 'subject' }], activities: ['using-personal-mobile-device'], facts: { 'lesson-time': true } };

const temp = mkdtempSync(join(tmpdir(), 'online-safety-versions-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

let copies = 0;
/** A copy of the example school (with its version 0.9) to change one thing in. */
function schoolCopy(): { dir: string; edit(file: string, from: RegExp, to: string): void; write(file: string, text: string): void } {
  const dir = join(temp, `school-${++copies}`);
  cpSync(SCHOOL, dir, { recursive: true });
  return {
    dir,
    edit(file, from, to) {
      const path = join(dir, file);
      const text = readFileSync(path, 'utf8');
      expect(text).toMatch(from);
      writeFileSync(path, text.replace(from, to));
    },
    write(file, text) {
      mkdirSync(join(dir, file, '..'), { recursive: true });
      writeFileSync(join(dir, file), text);
    },
  };
}

async function loadErrors(dir: string): Promise<Diagnostic[]> {
  const error = await loadPolicyVersions(dir).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'the load must fail as a whole').toBeInstanceOf(PolicyLoadError);
  return (error as PolicyLoadError).diagnostics;
}

/** A path as diagnostics show it: relative to the working folder. */
const shown = (path: string) => relative(process.cwd(), path);

/** Where `key:` is written in a file: its value's line and column, as diagnostics give them. */
function at(dir: string, file: string, key: string): { file: string; line: number; column: number } {
  const path = join(dir, file);
  const lines = readFileSync(path, 'utf8').split('\n');
  const line = lines.findIndex((l) => l.startsWith(`${key}:`));
  expect(line, `${file} has ${key}:`).toBeGreaterThanOrEqual(0);
  return { file: shown(path), line: line + 1, column: key.length + 3 };
}

function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected it to throw');
}

let school: Promise<PolicyVersions> | undefined;
const schoolVersions = () => (school ??= loadPolicyVersions(SCHOOL));

describe('a policy folder and the versions it keeps (examples/mast-school)', () => {
  it('loads every version, oldest first; the current one is the folder itself, as loadPolicy loads it', async () => {
    const { versions, current, id } = await schoolVersions();
    expect(versions.map((v) => [v.version, v.approvedOn])).toEqual([
      ['0.9', '2025-09-01'],
      ['1.0', '2026-09-01'],
    ]);
    expect(id).toBe('mast-harbour-primary');
    expect(versions.at(-1)!.policy).toBe(current);
    expect(current.digest).toBe((await loadPolicy(SCHOOL)).digest);
    // The earlier version is its own policy: its own rule file, extending the trust from its own folder.
    expect(versions[0]!.policy.rules.map((r) => r.id)).toContain('harbour-phone-kept-by-class-teacher');
    expect(versions[0]!.policy.rules.map((r) => r.id)).not.toContain('harbour-phone-held-at-office');
  });

  it("the folder's own loader passes over versions/: the same policy and digest without it", async () => {
    const copy = schoolCopy();
    rmSync(join(copy.dir, 'versions'), { recursive: true });
    const [withVersions, without] = await Promise.all([loadPolicy(SCHOOL), loadPolicy(copy.dir)]);
    expect(without.digest).toBe(withVersions.digest);
    expect(without.rules.map((r) => r.id)).toEqual(withVersions.rules.map((r) => r.id));
  });

  it('a folder without versions/ is its only version, whatever its approval date', async () => {
    const copy = schoolCopy();
    rmSync(join(copy.dir, 'versions'), { recursive: true });
    copy.edit('policy.yaml', /^approvedOn: .*$/m, 'approvedOn: null');
    const { versions } = await loadPolicyVersions(copy.dir);
    expect(versions.map((v) => [v.version, v.approvedOn])).toEqual([['1.0', null]]);
  });
});

describe('the version in force on a date (policyInForce)', () => {
  it.each([
    ['2025-09-01', '0.9'], // approved that day: in force that day
    ['2026-03-15', '0.9'], // between the two approvals
    ['2026-08-31', '0.9'], // the day before the next approval
    ['2026-09-01', '1.0'],
    ['2030-01-01', '1.0'],
  ])('on %s: version %s', async (date, version) => {
    expect(policyInForce(await schoolVersions(), date).version).toBe(version);
  });

  it('before the first version: NoVersionInForceError, naming the first version and its approval date', async () => {
    const versions = await schoolVersions();
    expect(() => policyInForce(versions, '2025-08-31')).toThrow(NoVersionInForceError);
    const thrown = thrownBy(() => policyInForce(versions, '2025-08-31')) as NoVersionInForceError;
    expect([thrown.code, thrown.date, thrown.first]).toEqual(['no-version-in-force', '2025-08-31', { version: '0.9', approvedOn: '2025-09-01' }]);
    expect(thrown.message).toBe('no version of mast-harbour-primary was in force on 2025-08-31: its first version, 0.9, was approved on 2025-09-01');
  });

  const versions = { id: 'any', versions: [], current: undefined as never };
  it.each(['2026-02-30', '2026-13-01', '2026-2-01', '20260101', '2026-01-01T10:00', 'yesterday', ''])('refuses "%s": not a date as YYYY-MM-DD', (date) => {
    expect(() => policyInForce(versions, date)).toThrow(TypeError);
  });

  it('a policy that records no approval date cannot say what was in force on a date (eLiM)', async () => {
    const elim = policyVersionsOf(await loadBundledPolicy('elim-school'));
    expect(() => policyInForce(elim, '2026-01-01')).toThrow('elim-school 1.0.0 records no approval date (approvedOn), so which version was in force on 2026-01-01 cannot be told');
  });
});

describe('deciding under the version in force (evaluateAsOf)', () => {
  const parents = (d: { notifications: { target: string; modality: string; because: { rule: string }[] }[] }) => d.notifications.find((o) => o.target === 'parents');

  it('as of a date, the version then in force decides, and the decision says which and why', async () => {
    const d = await evaluateAsOf(await schoolVersions(), phoneInLesson, { asOf: '2026-03-15', today });
    expect(d.policy).toMatchObject({ id: 'mast-harbour-primary', version: '0.9', inForce: { on: '2026-03-15', chosenBy: 'as-of', approvedOn: '2025-09-01' } });
    expect(parents(d)).toMatchObject({ modality: 'should', because: [{ rule: 'harbour-phone-kept-by-class-teacher' }] });
    expect(DecisionSchema.parse(d)).toEqual(d);
    const now = await evaluateAsOf(await schoolVersions(), phoneInLesson, { asOf: '2026-09-01', today });
    expect([now.policy.version, parents(now)?.modality]).toEqual(['1.0', 'must']);
  });

  it("the incident's date chooses the version when none is asked for; an as-of date wins over it", async () => {
    const versions = await schoolVersions();
    const dated = { ...phoneInLesson, date: '2026-02-02' };
    const byDate = await evaluateAsOf(versions, dated, { today });
    expect(byDate.policy).toMatchObject({ version: '0.9', inForce: { on: '2026-02-02', chosenBy: 'incident-date', approvedOn: '2025-09-01' } });
    const asOf = await evaluateAsOf(versions, dated, { asOf: '2026-10-01', today });
    expect(asOf.policy).toMatchObject({ version: '1.0', inForce: { on: '2026-10-01', chosenBy: 'as-of', approvedOn: '2026-09-01' } });
    expect(() => policyInForce(versions, '2025-01-01')).toThrow(NoVersionInForceError);
    await expect(evaluateAsOf(versions, { ...phoneInLesson, date: '2025-01-01' }, { today })).rejects.toThrow(NoVersionInForceError);
  });

  it('without a date to choose by, the decision is byte-identical to a plain evaluate', async () => {
    const versions = await schoolVersions();
    expect(JSON.stringify(await evaluateAsOf(versions, phoneInLesson, { today }))).toBe(JSON.stringify(await evaluate(versions.current, phoneInLesson, { today })));
    // A policy that keeps no versions is not chosen by the incident's date: still evaluate's decision.
    const trust = await loadBundledPolicy('mast-academy-trust');
    const dated = { ...phoneInLesson, date: '2026-02-02' };
    expect(JSON.stringify(await evaluateAsOf(policyVersionsOf(trust), dated, { today }))).toBe(JSON.stringify(await evaluate(trust, dated, { today })));
  });

  it('the review warning is as of the date asked: an old version is not overdue on a day it was current', async () => {
    const trust = policyVersionsOf(await loadBundledPolicy('mast-academy-trust')); // approved 2022-06-14, review due 2023-08-31
    const review = (d: { warnings: { code: string; message: string }[] }) => d.warnings.find((w) => w.code === 'review-overdue')?.message;
    expect(review(await evaluate(trust.current, phoneInLesson, { today }))).toMatch(/was due for review by 2023-08-31/);
    expect(review(await evaluateAsOf(trust, phoneInLesson, { asOf: '2023-01-10', today }))).toBeUndefined();
    expect(review(await evaluateAsOf(trust, phoneInLesson, { asOf: '2023-09-01', today: '2023-01-01' }))).toBe(
      'on 2023-09-01, The MAST Academy Trust Online Safety Policy 1.0 was past its review date (2023-08-31 ("Summer 2023")); check that it was the version in force then',
    );
    // The school's 1.0, due for review on 2027-09-01, as of a later date.
    expect(review(await evaluateAsOf(await schoolVersions(), phoneInLesson, { asOf: '2027-09-02', today }))).toMatch(/^on 2027-09-02, .* 1\.0 was past its review date \(2027-09-01\)/);
  });

  it('a stream writes the same bytes for a decision chosen by date (evaluateToJson)', async () => {
    const versions = await schoolVersions();
    const d = await evaluateAsOf(versions, phoneInLesson, { asOf: '2026-03-15', today });
    const json = await evaluateToJson(versions.versions[0]!.policy, phoneInLesson, { today }, { on: '2026-03-15', chosenBy: 'as-of', approvedOn: '2025-09-01' });
    expect(json).toBe(JSON.stringify(d));
  });
});

describe('a policy whose versions do not fit together does not load (one error, every problem, positioned)', () => {
  it("a version's folder is named by its version", async () => {
    const copy = schoolCopy();
    cpSync(join(copy.dir, 'versions/0.9'), join(copy.dir, 'versions/0.8'), { recursive: true });
    rmSync(join(copy.dir, 'versions/0.9'), { recursive: true });
    const problems = await loadErrors(copy.dir);
    expect(problems).toEqual([expect.objectContaining({ code: 'version-folder-name', ...at(copy.dir, 'versions/0.8/policy.yaml', 'version') })]);
    expect(problems[0]!.message).toBe('version "0.9" is in the folder versions/0.8: a version\'s folder is named by its version (rename one of them)');
  });

  it("every version has the policy's id", async () => {
    const copy = schoolCopy();
    copy.edit('versions/0.9/policy.yaml', /^id: .*$/m, 'id: harbour-primary');
    expect(await loadErrors(copy.dir)).toEqual([expect.objectContaining({ code: 'version-id', ...at(copy.dir, 'versions/0.9/policy.yaml', 'id') })]);
  });

  it('every version, and the current one, says when it was approved', async () => {
    const copy = schoolCopy();
    copy.edit('versions/0.9/policy.yaml', /^approvedOn: .*$/m, 'approvedOn: null');
    copy.edit('policy.yaml', /^approvedOn: .*$/m, 'approvedOn: null');
    expect(await loadErrors(copy.dir)).toEqual([
      expect.objectContaining({ code: 'version-approval-date', ...at(copy.dir, 'policy.yaml', 'approvedOn') }),
      expect.objectContaining({ code: 'version-approval-date', ...at(copy.dir, 'versions/0.9/policy.yaml', 'approvedOn') }),
    ]);
  });

  it('no two versions share an approval date', async () => {
    const copy = schoolCopy();
    copy.edit('versions/0.9/policy.yaml', /^approvedOn: .*$/m, 'approvedOn: 2026-09-01');
    const problems = await loadErrors(copy.dir);
    expect(problems).toEqual([expect.objectContaining({ code: 'duplicate-approval-date', ...at(copy.dir, 'policy.yaml', 'approvedOn') })]);
    expect(problems[0]!.message).toContain('the current version (1.0) was approved on 2026-09-01, as version 0.9 was');
  });

  it('no two versions share a version', async () => {
    const copy = schoolCopy();
    copy.edit('policy.yaml', /^version: .*$/m, "version: '0.9'");
    expect(await loadErrors(copy.dir)).toEqual([expect.objectContaining({ code: 'duplicate-version', ...at(copy.dir, 'policy.yaml', 'version') })]);
  });

  it('the current version (the folder itself) is the latest approved', async () => {
    const copy = schoolCopy();
    copy.edit('versions/0.9/policy.yaml', /^approvedOn: .*$/m, 'approvedOn: 2026-10-01');
    const problems = await loadErrors(copy.dir);
    expect(problems).toEqual([expect.objectContaining({ code: 'version-after-current', ...at(copy.dir, 'versions/0.9/policy.yaml', 'approvedOn') })]);
    expect(problems[0]!.message).toBe('version 0.9 was approved on 2026-10-01, after the current version (1.0, approved on 2026-09-01): the policy folder itself is the latest version');
  });

  it('an entry of versions/ that is not a folder is an error', async () => {
    const copy = schoolCopy();
    copy.write('versions/notes.txt', 'the 2024 draft was never approved\n');
    expect(await loadErrors(copy.dir)).toEqual([
      { code: 'not-a-version-folder', message: 'is not a folder: each entry of versions/ is an earlier version, a policy folder named by its version', file: shown(join(copy.dir, 'versions/notes.txt')), line: 0, column: 0 },
    ]);
  });

  it('a version that does not load fails the whole load, with its own problems', async () => {
    const copy = schoolCopy();
    copy.edit('versions/0.9/phones.yaml', /^ {4}modality: must$/m, '    modality: must\n    severity: high');
    copy.edit('versions/0.9/policy.yaml', /^id: .*$/m, 'id: harbour-primary'); // not checked: the version did not load
    const problems = await loadErrors(copy.dir);
    expect(problems).toEqual([expect.objectContaining({ code: 'unknown-key', file: shown(join(copy.dir, 'versions/0.9/phones.yaml')) })]);
    expect(problems[0]!.line).toBeGreaterThan(0);
  });

  it('every problem at once: of the current folder and of versions/ (versions are compared once all load)', async () => {
    const copy = schoolCopy();
    copy.edit('policy.yaml', /^owner: .*$/m, 'owner: ""');
    copy.write('versions/README', 'earlier versions\n');
    copy.edit('versions/0.9/policy.yaml', /^approvedOn: .*$/m, 'approvedOn: null');
    const codes = (await loadErrors(copy.dir)).map((d) => d.code).sort();
    // The current one did not load, so the versions are not compared with it (0.9's missing approval date is not reported yet).
    expect(codes).toEqual(['invalid-value', 'not-a-version-folder'].sort());
  });
});

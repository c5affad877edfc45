import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluate, formatDiagnostic, loadBundledPolicy, loadPolicy, permission, PermissionLookupError, PolicyLoadError, type VocabularyTerms } from '../src/index.js';
import type { Condition, PermissionMark } from '../src/index.js';

const policy = await loadBundledPolicy('elim-school');
const table = policy.manifest.communicationTechnologies!;
const FLAG = 'not-allowed-communication-technology';

// The eLiM "Communication Technologies" table, copied verbatim (tab-separated) from the policy text:
// two heading lines, a "Communication Technologies" line, then 13 rows of X marks.
const lines = readFileSync('tests/fixtures/elim-communication-technologies.tsv', 'utf8').replace(/\n+$/, '').split('\n').map((l) => l.split('\t'));
const MARK_OF_HEADING: Record<string, PermissionMark> = {
  Allowed: 'allowed',
  'Allowed at certain times': 'certain-times',
  'Allowed for select staff': 'select-staff',
  'Allowed with staff permission': 'staff-permission',
  'Not allowed': 'not-allowed',
};
const headings = lines[1]!;
const textRows = lines.slice(3);
const marksIn = (row: string[], from: number) =>
  [1, 2, 3, 4].map((i) => from + i - 1).filter((i) => (row[i] ?? '').trim() === 'X').map((i) => MARK_OF_HEADING[headings[i]!]!);

describe('eLiM Communication Technologies table, transcribed exactly', () => {
  it('has the columns of the policy (Staff & other adults, Pupils) and 13 rows', () => {
    expect(lines[0]![1]).toBe(table.columns.staff.heading);
    expect(lines[0]![5]).toBe(table.columns.pupil.heading);
    expect(textRows).toHaveLength(13);
    expect(table.rows).toHaveLength(13);
  });

  it.each(textRows.map((row, i) => [row[0]!, i] as const))('"%s": the same marks, and the clause label keeps the table\'s words', (words, i) => {
    const row = table.rows[i]!;
    expect(row.staff).toEqual(marksIn(textRows[i]!, 1));
    expect(row.pupil).toEqual(marksIn(textRows[i]!, 5));
    const clause = policy.manifest.clauses.find((c) => c.id === row.clause)!;
    expect(clause.label.startsWith(`${words} (`)).toBe(true);
  });
});

/** The technologies and subject roles a rule's condition names (its `all` items, one level of `any`). */
function namedIn(c: Condition): { technologies: string[]; subjects: string[] } {
  const items = c.all ?? [c];
  const flat = items.flatMap((x) => x.any ?? [x]);
  return { technologies: flat.flatMap((x) => (x.technology ? [x.technology] : [])), subjects: flat.flatMap((x) => (x.subject ? [x.subject] : [])) };
}

describe('the table and the rules that flag it agree', () => {
  const flagRules = policy.rules.filter((r) => r.then.some((o) => o.classification === FLAG));
  const columnOf = (role: string) => (table.columns.pupil.roles.includes(role) ? 'pupil' : 'staff');

  it('every rule that flags a use cites one row, names its technology, and only roles whose cell is "not allowed"', () => {
    expect(flagRules.length).toBeGreaterThan(0);
    for (const rule of flagRules) {
      const row = table.rows.find((r) => r.clause === rule.cite);
      expect(row, `${rule.id} cites ${rule.cite}, a row of the table`).toBeDefined();
      const { technologies, subjects } = namedIn(rule.when);
      expect(technologies, rule.id).toEqual([row!.technology]);
      expect(subjects.length, rule.id).toBeGreaterThan(0);
      for (const role of subjects) expect(row![columnOf(role)], `${rule.id}: ${role}`).toEqual(['not-allowed']);
    }
  });

  it('every "not allowed" cell has a rule for every role of its column', () => {
    for (const row of table.rows) {
      for (const column of ['staff', 'pupil'] as const) {
        if (!row[column].includes('not-allowed')) continue;
        const covered = flagRules.filter((r) => r.cite === row.clause).flatMap((r) => namedIn(r.when).subjects).filter((role) => columnOf(role) === column);
        expect(covered.sort(), `${row.technology} / ${column}`).toEqual([...table.columns[column].roles].sort());
      }
    }
  });

  // Behaviour, not just shape: each technology used by each role, with every context fact true
  // (e.g. on the school site), is flagged exactly when the table says "not allowed".
  const roles = [...table.columns.staff.roles, ...table.columns.pupil.roles];
  const cases = table.rows.flatMap((row) => roles.map((role) => [row.technology, role, row] as const));
  it.each(cases)('%s used by a %s is flagged exactly when the table says "not allowed"', async (technology, role, row) => {
    const facts = Object.fromEntries(Object.keys(policy.vocabulary.facts).map((f) => [f, true]));
    const incident = { people: [{ role, involvement: 'subject' }], activities: ['excessive-personal-internet-use'], technologies: [technology], facts };
    const decision = await evaluate<VocabularyTerms>(policy, incident, { today: '2026-11-26' });
    const flagged = decision.classification.filter((o) => o.target === FLAG).flatMap((o) => o.because.map((b) => b.cite));
    const notAllowed = row[columnOf(role)].includes('not-allowed');
    expect(flagged).toEqual(notAllowed ? [row.clause] : []);
    expect(permission(policy, technology, role).notAllowed).toBe(notAllowed);
  });

  it('nothing is flagged when the incident names no technology', async () => {
    const incident = { people: roles.map((role) => ({ role, involvement: 'subject' })), activities: ['excessive-personal-internet-use'], facts: { 'on-site': true } };
    const decision = await evaluate<VocabularyTerms>(policy, incident, { today: '2026-11-26' });
    expect(decision.classification.filter((o) => o.target === FLAG)).toEqual([]);
  });
});

describe('permission(policy, technology, role)', () => {
  it('returns the marks of the role\'s column and the row\'s clause', () => {
    expect(permission(policy, 'mobile-phone', 'staff')).toEqual({
      technology: 'mobile-phone',
      role: 'staff',
      column: 'staff',
      heading: 'Staff & other adults',
      marks: ['certain-times', 'select-staff'],
      notAllowed: false,
      clause: 'comms-table.mobile-phones-brought-to-school',
    });
    expect(permission(policy, 'twitter', 'pupil')).toMatchObject({ column: 'pupil', marks: ['not-allowed'], notAllowed: true, clause: 'comms-table.twitter' });
    expect(permission(policy, 'video-broadcasting', 'pupil').marks).toEqual(['allowed']);
  });

  it('reads "Staff & other adults" for every adult role', () => {
    expect(permission(policy, 'social-networking-sites', 'volunteer')).toMatchObject({ column: 'staff', marks: ['allowed'] });
    expect(permission(policy, 'chat-rooms', 'visitor')).toMatchObject({ column: 'staff', marks: ['not-allowed'] });
  });

  it('gives a copy of the marks: changing it does not change the policy', () => {
    permission(policy, 'blogs', 'staff').marks.push('allowed');
    expect(permission(policy, 'blogs', 'staff').marks).toEqual(['not-allowed']);
  });

  it('throws a clear error for an unknown technology, with the nearest row', () => {
    expect(() => permission(policy, 'twiter', 'pupil')).toThrow(PermissionLookupError);
    expect(() => permission(policy, 'twiter', 'pupil')).toThrow(/no row for technology "twiter" \(did you mean "twitter"\?\)/);
    try {
      permission(policy, 'email', 'pupil');
    } catch (error) {
      expect((error as PermissionLookupError).code).toBe('unknown-technology');
    }
  });

  it('throws a clear error for a role the table has no column for', () => {
    expect(() => permission(policy, 'twitter', 'headteacher')).toThrow(/no column for role "headteacher"/);
  });

  it('throws a clear error for a policy without a table', async () => {
    const other = await loadPolicy('tests/fixtures/policies/valid');
    expect(() => permission(other, 'twitter', 'pupil')).toThrow(/policy "fixture-school" has no communication technologies table/);
  });
});

describe('a bad table is a load error with its position', () => {
  async function errors(name: string): Promise<string[]> {
    try {
      await loadPolicy(`tests/fixtures/policies/${name}`);
    } catch (error) {
      expect(error).toBeInstanceOf(PolicyLoadError);
      return (error as PolicyLoadError).diagnostics.map((d) => `${d.code} ${formatDiagnostic(d)}`);
    }
    throw new Error(`${name} loaded, but it should not`);
  }

  it('reports every problem of the table at once', async () => {
    const file = 'tests/fixtures/policies/technologies-table-errors/policy.yaml';
    expect(await errors('technologies-table-errors')).toEqual([
      `unknown-term ${file}:21:22: unknown role "volunter" (did you mean "volunteer"?)`,
      `duplicate-role ${file}:24:22: role "staff" is already in the staff column`,
      `unknown-term ${file}:26:19: unknown technology "twiter" (did you mean "twitter"?)`,
      `unknown-clause ${file}:31:15: clause "comms.blog" names no clause of the manifest (did you mean "comms.blogs"?)`,
      `misplaced-mark ${file}:32:15: mark "staff-permission" belongs in the pupil column, not staff`,
      `contradictory-marks ${file}:33:14: a cell marked "not-allowed" cannot carry other marks (not-allowed, allowed)`,
      `duplicate-row ${file}:34:19: technology "blogs" has more than one row`,
      `duplicate-mark ${file}:36:24: mark "allowed" appears twice in one cell`,
      `misplaced-mark ${file}:37:15: mark "select-staff" belongs in the staff column, not pupil`,
    ]);
  });

  it('reports an unknown mark with the marks it may be', async () => {
    const [problem] = await errors('technologies-table-bad-mark');
    expect(problem).toMatch(/^invalid-value tests\/fixtures\/policies\/technologies-table-bad-mark\/policy\.yaml:20:15: .*"allowed"\|"certain-times"\|"select-staff"\|"staff-permission"\|"not-allowed"/);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluate, loadBundledPolicy } from '../src/index.js';

// The eLiM "Sanctions: Staff" grid, copied verbatim (tab-separated) from the policy text.
const [header, ...rows] = readFileSync('tests/fixtures/elim-staff-sanctions-grid.tsv', 'utf8').trimEnd().split('\n').map((l) => l.split('\t'));
const COLUMNS = ['line-manager', 'headteacher', 'la-hr', 'lado/police', 'technical-support'] as const;

/** The referrals a grid row's marks require: X in a column, or L and/or P in the LADO/Police column. */
function marks(row: string[]): string[] {
  const targets: string[] = [];
  COLUMNS.forEach((column, i) => {
    const mark = (row[i + 1] ?? '').trim();
    if (!mark) return;
    if (column === 'lado/police') {
      for (const letter of mark.split(',').map((m) => m.trim())) targets.push(letter === 'L' ? 'lado' : letter === 'P' ? 'police' : `?${letter}`);
    } else if (mark === 'X') targets.push(column);
    else targets.push(`?${mark}`);
  });
  return targets.sort();
}

const policy = await loadBundledPolicy('elim-school');

describe('eLiM Sanctions: Staff grid, transcribed exactly', () => {
  it('has the five columns of the policy and 18 rows', () => {
    expect(header).toHaveLength(6);
    expect(rows).toHaveLength(18);
  });

  it.each(rows.map((row, i) => [String(i + 1).padStart(2, '0'), row] as const))(
    'row %s: one rule citing the row, with exactly the marked referrals, all "must"',
    (n, row) => {
      const rules = policy.rules.filter((r) => r.cite === `sanctions-staff.row-${n}`);
      expect(rules, `rules citing row ${n}`).toHaveLength(1);
      const rule = rules[0]!;
      const outcomes = rule.then.map((o) => ({ referral: o.referral, modality: o.modality ?? rule.modality }));
      expect(outcomes.map((o) => o.referral).sort()).toEqual(marks(row));
      for (const o of outcomes) expect(o.modality).toBe('must');
    },
  );

  it('a pupil doing what row 9 describes is not referred by the staff grid (the grid is for staff)', async () => {
    const decision = await evaluate(
      policy,
      { people: [{ role: 'pupil', involvement: 'subject' }, { role: 'pupil', involvement: 'affected' }], activities: ['sending-offensive-message'] },
      { today: '2026-11-26' },
    );
    const cites = decision.referrals.flatMap((r) => r.because.map((b) => b.cite));
    expect(cites.filter((c) => c.startsWith('sanctions-staff.'))).toEqual([]);
  });
});

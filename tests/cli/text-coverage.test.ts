// validate --text-coverage <policy> (issue 16, class 6; docs/text-coverage.md), run as a process.
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.js';

describe('online-safety validate --text-coverage', () => {
  for (const id of ['elim-school', 'mast-academy-trust']) {
    it(`${id}: every sentence of the incident-related sections is accounted for; exit 0`, async () => {
      const r = await cli(['validate', '--text-coverage', id]);
      expect(r.stdout).toMatch(/^text coverage: (\d+) of \1 sentences accounted for \(100%\)\n$/);
      expect(r.code).toBe(0);
    });
  }

  it('below 100%: prints N of M (P%) and each unaccounted sentence with its line in source.txt; exit 1', async () => {
    const r = await cli(['validate', '--text-coverage', 'tests/fixtures/policies/text-coverage']);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('text coverage: 6 of 12 sentences accounted for (50%)');
    expect(lines.slice(2)).toEqual([
      '  tests/fixtures/policies/text-coverage/source.txt:5: Pupils are taught about the risks, e.g. Sharing passwords.',
      '  tests/fixtures/policies/text-coverage/source.txt:8: the school will record every incident',
      '  tests/fixtures/policies/text-coverage/source.txt:9: the school may inform parents',
      '  tests/fixtures/policies/text-coverage/source.txt:11: Sanctions Refer to Head teacher',
      '  tests/fixtures/policies/text-coverage/source.txt:17: Staff: Report misuse',
      '  tests/fixtures/policies/text-coverage/source.txt:19: Staff must not share passwords.',
    ]);
    expect(r.code).toBe(1);
  });

  it('--json gives the report as data', async () => {
    const r = await cli(['validate', '--text-coverage', 'tests/fixtures/policies/text-coverage', '--json']);
    const report = JSON.parse(r.stdout);
    expect([report.accounted, report.total, report.percent]).toEqual([6, 12, 50]);
    expect(report.unaccounted[0]).toEqual({ line: 5, text: 'Pupils are taught about the risks, e.g. Sharing passwords.' });
    expect(r.code).toBe(1);
  });

  it('a policy whose quote is not in its text does not load: the problem is printed with its position; exit 1', async () => {
    const r = await cli(['validate', '--text-coverage', 'tests/fixtures/policies/quote-not-found']);
    expect(r.stderr).toContain('tests/fixtures/policies/quote-not-found/policy.yaml:14:12: the quote of clause "grid.row-1" is not in');
    expect(r.stdout).toBe('');
    expect(r.code).toBe(1);
  });

  it('takes one policy and no other paths (usage error, exit 2)', async () => {
    const r = await cli(['validate', '--text-coverage', 'elim-school', 'rules/mast-academy-trust']);
    expect(r.stderr).toContain('--text-coverage takes one policy and no other paths');
    expect(r.code).toBe(2);
  });
});

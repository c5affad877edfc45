import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadBundledPolicy } from '../src/engine/load.js';
import type { Policy } from '../src/engine/policy.js';
import { renderHtml, renderMarkdown, renderMermaid } from '../src/render/view.js';

const policies = {
  elim: await loadBundledPolicy('elim-school'),
  mast: await loadBundledPolicy('mast-academy-trust'),
};
const markdown = { elim: renderMarkdown(policies.elim), mast: renderMarkdown(policies.mast) };

/** The rows of the Markdown table that follows a heading, as cells. */
function table(md: string, heading: string): string[][] {
  const start = md.indexOf(`\n${heading}\n`);
  expect(start, heading).toBeGreaterThan(-1);
  const lines = md.slice(start).split('\n');
  const first = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(first)) {
    if (!line.startsWith('|')) break;
    rows.push(line.slice(2, -2).split(/(?<!\\) \| /).map((c) => c.trim()));
  }
  return rows.filter((_, i) => i !== 1); // the alignment row
}

const linkTarget = (cell: string) => /\]\(#([^)]+)\)/.exec(cell)?.[1];

describe('render: the eLiM Sanctions: Staff grid', () => {
  const [head, ...rows] = table(markdown.elim, '## Sanctions: Staff (grid)');

  it('has the policy\'s five referral columns, in its order', () => {
    expect(head).toEqual([
      'Incidents',
      'Refer to line manager',
      'Refer to Head teacher',
      'Refer to Local Authority / HR',
      'Refer to LADO (L) / Police (P)',
      'Refer to Technical Support Staff for action re filtering etc',
      'Rules',
    ]);
  });

  it('shows every mark of the rule files and nothing else, row by row', () => {
    const column: Record<string, [number, string]> = { 'line-manager': [1, 'X'], headteacher: [2, 'X'], 'la-hr': [3, 'X'], lado: [4, 'L'], police: [4, 'P'], 'technical-support': [5, 'X'] };
    const gridClauses = policies.elim.manifest.clauses.filter((c) => c.id.startsWith('sanctions-staff.row-'));
    expect(rows.map((r) => linkTarget(r[0]!))).toEqual(gridClauses.map((c) => `clause-${c.id.replace(/\./g, '-')}`));
    rows.forEach((row, i) => {
      const expected: string[][] = [[], [], [], [], []];
      for (const rule of policies.elim.rules.filter((r) => r.cite === gridClauses[i]!.id)) {
        for (const o of rule.then) if (o.referral) expected[column[o.referral]![0] - 1]!.push(column[o.referral]![1]);
      }
      expect(row.slice(1, 6).map((c) => (c === '' ? [] : c.split(', '))), gridClauses[i]!.id).toEqual(expected);
    });
  });

  it('matches the grid as printed in the policy (tests/fixtures/elim-staff-sanctions-grid.tsv)', () => {
    const printed = readFileSync('tests/fixtures/elim-staff-sanctions-grid.tsv', 'utf8').trimEnd().split('\n').slice(1).map((l) => l.split('\t'));
    expect(rows.map((r) => r.slice(1, 6).map((c) => c.replace(/, /g, ',')))).toEqual(printed.map((p) => [1, 2, 3, 4, 5].map((i) => (p[i] ?? '').trim())));
  });
});

describe('render: tables and lists against the rule files', () => {
  it('the communication-technologies table has every row of the manifest, in words, with its rules', () => {
    const manifest = policies.elim.manifest.communicationTechnologies!;
    const [head, ...rows] = table(markdown.elim, '## Communication technologies');
    expect(head).toEqual(['Communication technologies', manifest.columns.staff.heading, manifest.columns.pupil.heading, 'Rules']);
    expect(rows).toHaveLength(manifest.rows.length);
    const words = { allowed: 'Allowed', 'certain-times': 'Allowed at certain times', 'select-staff': 'Allowed for selected staff', 'staff-permission': 'Allowed with staff permission', 'not-allowed': 'Not allowed' };
    manifest.rows.forEach((m, i) => {
      expect(rows[i]![1]).toBe(m.staff.map((x) => words[x]).join('; '));
      expect(rows[i]![2]).toBe(m.pupil.map((x) => words[x]).join('; '));
      const rules = policies.elim.rules.filter((r) => r.cite === m.clause).map((r) => r.id);
      for (const id of rules) expect(rows[i]![3]).toContain(`(#rule-${id})`);
    });
  });

  it('the MAST tiers 8.1 / 8.2 / 8.3 list exactly the rules that classify into them, in ledger order', () => {
    for (const tier of ['mast-always-unacceptable', 'mast-likely-disciplinary', 'mast-normally-unacceptable']) {
      const heading = `### ${policies.mast.vocabulary.classifications[tier]}`;
      const start = markdown.mast.indexOf(`\n${heading}\n`);
      expect(start, heading).toBeGreaterThan(-1);
      const items = markdown.mast.slice(start + heading.length + 3).split('\n\n')[0]!.split('\n');
      const listed = items.map((l) => /— \[([^\]]+)\]/.exec(l)?.[1]);
      const expected = policies.mast.rules.filter((r) => r.then.some((o) => o.classification === tier)).map((r) => r.id);
      expect([...listed].sort()).toEqual([...expected].sort());
    }
  });

  it.each(['elim', 'mast'] as const)('%s: every clause of the ledger is listed, and every link has its anchor', (key) => {
    const md = markdown[key];
    const policy: Policy = policies[key];
    for (const c of policy.manifest.clauses) expect(md).toContain(`<a id="clause-${c.id.replace(/[^a-z0-9-]/g, '-')}"></a>`);
    for (const r of policy.rules) expect(md).toContain(`<a id="rule-${r.id}"></a>`);
    const anchors = new Set([...md.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]));
    const links = [...md.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]);
    expect(links.filter((l) => !anchors.has(l))).toEqual([]);
  });
});

describe('render: escalation flowchart and HTML', () => {
  it('the flowchart goes from the incident through conditions to each referral target, with its route and force', () => {
    const chart = renderMermaid(policies.elim);
    expect(chart.startsWith('flowchart LR\n  incident(["An online safety incident"])\n')).toBe(true);
    expect(chart).toContain('t_lado[["The Local Authority Designated Officer (LADO)<br/>Anthony Goble<br/>via Somerset Direct<br/>where staff are involved"]]');
    expect(chart).toContain('t_safeguarding_adviser[["The Safeguarding for Schools Adviser<br/>Jane Weatherill<br/>via Somerset Direct<br/>where a pupil is involved"]]');
    const targets = new Set(policies.elim.rules.flatMap((r) => r.then.map((o) => o.referral)).filter(Boolean));
    for (const t of targets) expect(chart).toMatch(new RegExp(`--> t_${t!.replace(/[^a-z0-9]/g, '_')}\\n`));
    expect(chart).toMatch(/-- "must, immediately" --> t_data_protection_officer/);
  });

  it('the HTML page is self-contained: no script, no external resource, every in-page link resolves', () => {
    for (const policy of Object.values(policies)) {
      const html = renderHtml(policy);
      expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
      expect(html).not.toMatch(/<script|<link|src=|https?:\/\//i);
      const ids = new Set([...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
      const hrefs = [...html.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]);
      expect(hrefs.length).toBeGreaterThan(policy.rules.length);
      expect(hrefs.filter((h) => !ids.has(h))).toEqual([]);
      expect(html).toContain('<pre class="mermaid"><code>flowchart LR');
    }
  });
});

describe('render: HTML ids', () => {
  it('gives every id once', () => {
    for (const policy of Object.values(policies)) {
      const ids = [...renderHtml(policy).matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
      expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    }
  });
});

describe('render: escalation decisions', () => {
  it('shows a judgement about contacting the police as a decision on the path, not as a referral', () => {
    const chart = renderMermaid(policies.mast);
    const rule = policies.mast.rules.find((r) => r.then.some((o) => o.judgement === 'contact-police-or-childrens-services'))!;
    expect(chart).toContain(`["${rule.label} (${rule.cite})"]`);
    expect(chart).toMatch(/ -\.->\|"may: a decision"\| r\d+_j\{\{"Whether the police must be contacted and\/or concerns shared with LA children's services \(safeguarding policy, KCSIE\)"\}\}/);
    expect(chart).not.toContain('t_police');
  });
});

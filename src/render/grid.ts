import { resolvedOutcomes, type Policy } from '../engine/policy.js';
import type { Clause } from '../policy/schema.js';

/**
 * A sanctions grid as the policy lays it out: one row per ledger clause `<grid>.row-NN`, one
 * column per referral heading, each cell the marks of the rules citing that row. The columns
 * are the policy's (eLiM "Sanctions: Staff": line manager, Head teacher, LA / HR,
 * LADO (L) / Police (P), Technical Support); a referral outside them gets an "Other" column, so
 * that nothing a rule says is left out of the table.
 */
export interface Grid {
  /** The ledger section, e.g. "Sanctions: Staff". */
  section: string;
  /** The clause id prefix, e.g. "sanctions-staff". */
  prefix: string;
  columns: GridColumn[];
  rows: GridRow[];
}

export interface GridColumn {
  heading: string;
  /** Target → the letter the policy marks it with ("X" where the column has one target). */
  marks: Record<string, string>;
}

export interface GridRow {
  clause: Clause;
  /** The row as the policy words it (the clause label without its trailing marks). */
  text: string;
  /** The rules citing the row. */
  rules: string[];
  /** Per column, the marks (e.g. ["L", "P"]); a mark whose force is not "must" says so. */
  cells: string[][];
}

/** The referral columns of a staff sanctions grid, in the policy's order. */
const REFERRAL_COLUMNS: GridColumn[] = [
  { heading: 'Refer to line manager', marks: { 'line-manager': 'X' } },
  { heading: 'Refer to Head teacher', marks: { headteacher: 'X' } },
  { heading: 'Refer to Local Authority / HR', marks: { 'la-hr': 'X' } },
  { heading: 'Refer to LADO (L) / Police (P)', marks: { lado: 'L', police: 'P' } },
  { heading: 'Refer to Technical Support Staff for action re filtering etc', marks: { 'technical-support': 'X' } },
];

/** The grids of a policy: ledger clauses with ids `<prefix>.row-NN`, grouped by prefix. */
export function policyGrids(policy: Policy): Grid[] {
  const byPrefix = new Map<string, Clause[]>();
  for (const clause of policy.manifest.clauses) {
    const m = /^(.+)\.row-\d+$/.exec(clause.id);
    if (m) byPrefix.set(m[1]!, [...(byPrefix.get(m[1]!) ?? []), clause]);
  }
  return [...byPrefix].map(([prefix, clauses]) => {
    const rowRules = clauses.map((c) => policy.rules.filter((r) => r.cite === c.id));
    const referrals = rowRules.flat().flatMap((r) => r.then.filter((o) => o.referral !== undefined).map((o) => o.referral!));
    const known = new Set(REFERRAL_COLUMNS.flatMap((c) => Object.keys(c.marks)));
    const others = [...new Set(referrals.filter((t) => !known.has(t)))].sort();
    const columns = [...REFERRAL_COLUMNS, ...(others.length > 0 ? [{ heading: 'Refer to (other)', marks: Object.fromEntries(others.map((t) => [t, t])) }] : [])];
    const rows = clauses.map((clause, i): GridRow => {
      const rules = rowRules[i]!;
      const cells = columns.map((column) =>
        Object.entries(column.marks).flatMap(([target, letter]) =>
          rules.flatMap((rule) =>
            resolvedOutcomes(policy, rule.id)
              .filter((o) => o.kind === 'referral' && o.target === target)
              .map((o) => (o.modality === 'must' ? letter : `${letter} (${o.modality})`)),
          ),
        ),
      );
      return { clause, text: clause.label.replace(/\s*\([^()]*\)\s*$/, ''), rules: rules.map((r) => r.id), cells: cells.map((c) => [...new Set(c)]) };
    });
    return { section: clauses[0]!.section, prefix, columns, rows };
  });
}

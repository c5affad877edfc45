import type { Vocabulary } from '../vocabulary/schema.js';
import { didYouMean, type hints } from './diagnostics.js';
import { TECHNOLOGY_COLUMNS, type Manifest, type PermissionMark, type TechnologyColumn } from './schema.js';
import type { SourceFile } from './source.js';

type At = (source: SourceFile, path: (string | number)[], code: string, message: string, key?: string) => void;

/** Marks that only make sense in one column (the table's own headings). */
const COLUMN_ONLY: Partial<Record<PermissionMark, TechnologyColumn>> = { 'select-staff': 'staff', 'staff-permission': 'pupil' };

/**
 * Checks a manifest's communication-technologies table against the vocabulary and the ledger.
 * Returns the clauses its rows stand for (`permission()` answers from the table, so a row with no
 * "not allowed" cell needs no rule) and, of those, the ones whose row has a "not allowed" cell:
 * such a use is flagged by a rule, which must then cite the row's clause.
 */
export function checkCommunicationTechnologies(
  manifest: { source: SourceFile; value: Manifest },
  clauseIds: Set<string>,
  vocabulary: Vocabulary,
  at: At,
  hint: ReturnType<typeof hints>,
): { standsFor: Set<string>; needsRules: Map<string, string> } {
  const table = manifest.value.communicationTechnologies;
  const rowClauses = new Set<string>();
  const needsRules = new Map<string, string>();
  if (!table) return { standsFor: rowClauses, needsRules };
  const base = ['communicationTechnologies'];

  const columnOfRole = new Map<string, TechnologyColumn>();
  for (const column of TECHNOLOGY_COLUMNS) {
    table.columns[column].roles.forEach((role, i) => {
      const path = [...base, 'columns', column, 'roles', i];
      if (!Object.hasOwn(vocabulary.roles, role)) at(manifest.source, path, 'unknown-term', `unknown role "${role}"${hint(role, () => Object.keys(vocabulary.roles))}`);
      const seen = columnOfRole.get(role);
      if (seen !== undefined) at(manifest.source, path, 'duplicate-role', `role "${role}" is already in the ${seen} column`);
      else columnOfRole.set(role, column);
    });
  }

  const technologies = new Set<string>();
  table.rows.forEach((row, i) => {
    const path = [...base, 'rows', i];
    if (!Object.hasOwn(vocabulary.technologies, row.technology)) {
      at(manifest.source, [...path, 'technology'], 'unknown-term', `unknown technology "${row.technology}"${hint(row.technology, () => Object.keys(vocabulary.technologies))}`);
    }
    if (technologies.has(row.technology)) at(manifest.source, [...path, 'technology'], 'duplicate-row', `technology "${row.technology}" has more than one row`);
    technologies.add(row.technology);
    if (clauseIds.has(row.clause)) rowClauses.add(row.clause);
    else at(manifest.source, [...path, 'clause'], 'unknown-clause', `clause "${row.clause}" names no clause of the manifest${hint(row.clause, () => clauseIds)}`);
    if (TECHNOLOGY_COLUMNS.some((c) => row[c].includes('not-allowed'))) needsRules.set(row.clause, row.technology);
    for (const column of TECHNOLOGY_COLUMNS) {
      const marks = row[column];
      marks.forEach((mark, j) => {
        const only = Object.hasOwn(COLUMN_ONLY, mark) ? COLUMN_ONLY[mark] : undefined;
        if (only !== undefined && only !== column) at(manifest.source, [...path, column, j], 'misplaced-mark', `mark "${mark}" belongs in the ${only} column, not ${column}`);
        if (marks.indexOf(mark) !== j) at(manifest.source, [...path, column, j], 'duplicate-mark', `mark "${mark}" appears twice in one cell`);
      });
      if (marks.includes('not-allowed') && marks.length > 1) {
        at(manifest.source, [...path, column], 'contradictory-marks', `a cell marked "not-allowed" cannot carry other marks (${marks.join(', ')})`);
      }
    }
  });
  return { standsFor: rowClauses, needsRules };
}

/** What the table says about one technology for one role. */
export interface Permission {
  technology: string;
  role: string;
  /** The table column the role falls under, and its heading as written. */
  column: TechnologyColumn;
  heading: string;
  marks: PermissionMark[];
  /** True only when the cell is marked "not allowed". */
  notAllowed: boolean;
  /** The clause of the ledger that is this row. */
  clause: string;
}

/** Thrown by `permission()` when the policy's table cannot answer. */
export class PermissionLookupError extends Error {
  readonly code: 'no-table' | 'unknown-technology' | 'no-column';
  constructor(code: PermissionLookupError['code'], message: string) {
    super(message);
    this.name = 'PermissionLookupError';
    this.code = code;
  }
}

/**
 * Looks up a policy's communication-technologies table: the marks for a technology and a role
 * (e.g. `permission(policy, 'twitter', 'pupil')` → not-allowed, clause `comms-table.twitter`).
 */
export function permission(policy: { id?: string; manifest: Manifest }, technology: string, role: string): Permission {
  const name = policy.id ?? policy.manifest.id;
  const table = policy.manifest.communicationTechnologies;
  if (!table) throw new PermissionLookupError('no-table', `policy "${name}" has no communication technologies table`);
  const row = table.rows.find((r) => r.technology === technology);
  if (!row) {
    const known = table.rows.map((r) => r.technology);
    throw new PermissionLookupError(
      'unknown-technology',
      `policy "${name}" has no row for technology "${technology}"${didYouMean(technology, known)} (rows: ${known.join(', ')})`,
    );
  }
  const column = TECHNOLOGY_COLUMNS.find((c) => table.columns[c].roles.includes(role));
  if (!column) {
    const covered = TECHNOLOGY_COLUMNS.flatMap((c) => table.columns[c].roles);
    throw new PermissionLookupError('no-column', `policy "${name}"'s communication table has no column for role "${role}" (its columns cover: ${covered.join(', ')})`);
  }
  const marks = [...row[column]];
  return { technology, role, column, heading: table.columns[column].heading, marks, notAllowed: marks.includes('not-allowed'), clause: row.clause };
}

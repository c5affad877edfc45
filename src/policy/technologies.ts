import type { Vocabulary } from '../vocabulary/schema.js';
import { didYouMean } from './diagnostics.js';
import { TECHNOLOGY_COLUMNS, type Manifest, type PermissionMark, type TechnologyColumn } from './schema.js';
import type { SourceFile } from './source.js';

type At = (source: SourceFile, path: (string | number)[], code: string, message: string, key?: string) => void;

/** Marks that only make sense in one column (the table's own headings). */
const COLUMN_ONLY: Partial<Record<PermissionMark, TechnologyColumn>> = { 'select-staff': 'staff', 'staff-permission': 'pupil' };

/**
 * Checks a manifest's communication-technologies table against the vocabulary and the ledger.
 * Returns the clauses its rows stand for: the table itself implements them (e.g. a row with no
 * "not allowed" cell has no rule, but `permission()` answers from it).
 */
export function checkCommunicationTechnologies(
  manifest: { source: SourceFile; value: Manifest },
  clauseIds: Set<string>,
  vocabulary: Vocabulary,
  at: At,
): Set<string> {
  const table = manifest.value.communicationTechnologies;
  const rowClauses = new Set<string>();
  if (!table) return rowClauses;
  const base = ['communicationTechnologies'];

  const columnOfRole = new Map<string, TechnologyColumn>();
  for (const column of TECHNOLOGY_COLUMNS) {
    table.columns[column].roles.forEach((role, i) => {
      const path = [...base, 'columns', column, 'roles', i];
      if (!(role in vocabulary.roles)) at(manifest.source, path, 'unknown-term', `unknown role "${role}"${didYouMean(role, Object.keys(vocabulary.roles))}`);
      const seen = columnOfRole.get(role);
      if (seen !== undefined) at(manifest.source, path, 'duplicate-role', `role "${role}" is already in the ${seen} column`);
      else columnOfRole.set(role, column);
    });
  }

  const technologies = new Set<string>();
  table.rows.forEach((row, i) => {
    const path = [...base, 'rows', i];
    if (!(row.technology in vocabulary.technologies)) {
      at(manifest.source, [...path, 'technology'], 'unknown-term', `unknown technology "${row.technology}"${didYouMean(row.technology, Object.keys(vocabulary.technologies))}`);
    }
    if (technologies.has(row.technology)) at(manifest.source, [...path, 'technology'], 'duplicate-row', `technology "${row.technology}" has more than one row`);
    technologies.add(row.technology);
    if (clauseIds.has(row.clause)) rowClauses.add(row.clause);
    else at(manifest.source, [...path, 'clause'], 'unknown-clause', `clause "${row.clause}" names no clause of the manifest${didYouMean(row.clause, clauseIds)}`);
    for (const column of TECHNOLOGY_COLUMNS) {
      const marks = row[column];
      marks.forEach((mark, j) => {
        const only = COLUMN_ONLY[mark];
        if (only !== undefined && only !== column) at(manifest.source, [...path, column, j], 'misplaced-mark', `mark "${mark}" belongs in the ${only} column, not ${column}`);
        if (marks.indexOf(mark) !== j) at(manifest.source, [...path, column, j], 'duplicate-mark', `mark "${mark}" appears twice in one cell`);
      });
      if (marks.includes('not-allowed') && marks.length > 1) {
        at(manifest.source, [...path, column], 'contradictory-marks', `a cell marked "not-allowed" cannot carry other marks (${marks.join(', ')})`);
      }
    }
  });
  return rowClauses;
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

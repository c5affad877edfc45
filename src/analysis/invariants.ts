import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import * as z from 'zod';
import { evaluate } from '../decision/evaluate.js';
import { GROUP_OF_KIND, type Decision, type Outcome } from '../decision/schema.js';
import type { Policy } from '../engine/policy.js';
import { parseIncident } from '../incident/parse.js';
import type { Incident, IncidentInput } from '../incident/schema.js';
import { PolicyLoadError, didYouMean, type Diagnostic } from '../policy/diagnostics.js';
import { INVARIANTS_FILE, displayPath } from '../policy/read.js';
import { ConditionSchema, Modality, OUTCOME_CATALOGUE, OUTCOME_KINDS, ROLE_KEYS, Timing, outcomeKindFields, type Condition, type OutcomeKind } from '../policy/schema.js';
import { parseSource, zodDiagnostics, type SourceFile } from '../policy/source.js';
import { didYouMeanTerm } from '../vocabulary/aliases.js';
import { TermId } from '../vocabulary/schema.js';
import { incidentSpace } from './space.js';

/**
 * Safety properties declared beside a policy's rules (`invariants.yaml`), each drawn from a
 * sentence of the text and checked over the policy's whole incident space: for every incident
 * where `when` holds, each `require`d outcome is in the decision (at least as strong, with the
 * timing given) and no `forbid`den one is. `target: '*'` in a forbid means any target of that kind.
 *
 * `when` is written in the rules' condition language but read as the incident states it: a fact
 * holds when it is given as true, a person or technology when named, and `not` is plain negation
 * (so `not: { fact: x }` holds while x is unknown). Absent, it holds for every incident.
 *
 * `pending` marks a property the rules are known not to meet yet, with the reason (e.g. an
 * exception not yet expressible): it is checked and reported, but fails nothing; once it holds,
 * the check says so, and `pending` must go.
 */
const OutcomePattern = z
  .strictObject({
    ...outcomeKindFields,
    // A forbid may name every target of a kind.
    ...Object.fromEntries(OUTCOME_KINDS.map((k) => [k, z.union([TermId, z.literal('*')]).optional()])),
    /** require: at least this strong; forbid: only this modality is forbidden. */
    modality: Modality.optional(),
    by: TermId.optional(),
    /** require: the outcome must have this timing. */
    timing: Timing.optional(),
  })
  .check((ctx) => {
    const kinds = OUTCOME_KINDS.filter((k) => (ctx.value as Record<string, unknown>)[k] !== undefined);
    if (kinds.length !== 1) ctx.issues.push({ code: 'custom', input: ctx.value, message: `an outcome names exactly one of: ${OUTCOME_KINDS.join(', ')}` });
  });

export const InvariantSchema = z
  .strictObject({
    id: TermId,
    /** The sentence of the policy the property is drawn from, verbatim. */
    quote: z.string().min(1),
    /** The property in plain words. */
    says: z.string().min(1),
    when: ConditionSchema.optional(),
    require: z.array(OutcomePattern).default([]),
    forbid: z.array(OutcomePattern).default([]),
    /** Why the rules do not meet it yet (the property is reported, not enforced). */
    pending: z.string().min(1).optional(),
  })
  .check((ctx) => {
    if (ctx.value.require.length + ctx.value.forbid.length === 0) ctx.issues.push({ code: 'custom', input: ctx.value, message: 'an invariant requires or forbids at least one outcome' });
  });

export const InvariantsFileSchema = z.strictObject({ invariants: z.array(InvariantSchema).min(1) });

export type Invariant = z.infer<typeof InvariantSchema>;
type Pattern = z.infer<typeof OutcomePattern>;

export interface LoadedInvariants {
  file: string;
  source: SourceFile;
  invariants: Invariant[];
}

/** A policy folder's invariants, or undefined if it has none. Throws PolicyLoadError, positioned. */
export function readInvariants(policy: Pick<Policy, 'dir' | 'vocabulary' | 'manifest'>): LoadedInvariants | undefined {
  const path = join(policy.dir, INVARIANTS_FILE);
  if (!existsSync(path)) return undefined;
  const file = displayPath(path);
  const source = parseSource(file, readFileSync(path, 'utf8'));
  if (source.diagnostics.length > 0) throw new PolicyLoadError(source.diagnostics);
  const parsed = InvariantsFileSchema.safeParse(source.value);
  if (!parsed.success) throw new PolicyLoadError(zodDiagnostics(source, parsed.error.issues));
  const problems = termDiagnostics(parsed.data.invariants, source, policy);
  if (problems.length > 0) throw new PolicyLoadError(problems);
  return { file, source, invariants: parsed.data.invariants };
}

function termDiagnostics(invariants: Invariant[], source: SourceFile, policy: Pick<Policy, 'vocabulary'>): Diagnostic[] {
  const v = policy.vocabulary;
  const out: Diagnostic[] = [];
  const at = (path: (string | number)[], message: string) => out.push({ code: 'unknown-term', message, file: source.file, ...source.locate(path) });
  const seen = new Set<string>();
  invariants.forEach((inv, i) => {
    if (seen.has(inv.id)) out.push({ code: 'duplicate-invariant', message: `duplicate invariant id "${inv.id}"`, file: source.file, ...source.locate(['invariants', i, 'id']) });
    seen.add(inv.id);
    const walk = (c: Condition, path: (string | number)[]) => {
      for (const key of ['all', 'any'] as const) c[key]?.forEach((child, j) => walk(child, [...path, key, j]));
      if (c.not) walk(c.not, [...path, 'not']);
      if (c.activity !== undefined && !Object.hasOwn(v.activities, c.activity)) at([...path, 'activity'], `unknown activity "${c.activity}"${didYouMeanTerm(c.activity, v, 'activities')}`);
      if (c.fact !== undefined && !Object.hasOwn(v.facts, c.fact)) at([...path, 'fact'], `unknown fact "${c.fact}"${didYouMeanTerm(c.fact, v, 'facts')}`);
      if (c.technology !== undefined && !Object.hasOwn(v.technologies, c.technology)) at([...path, 'technology'], `unknown technology "${c.technology}"${didYouMeanTerm(c.technology, v, 'technologies')}`);
      for (const key of ROLE_KEYS) {
        const role = c[key];
        if (role !== undefined && !Object.hasOwn(v.roles, role)) at([...path, key], `unknown role "${role}"${didYouMeanTerm(role, v, 'roles')}`);
      }
    };
    if (inv.when) walk(inv.when, ['invariants', i, 'when']);
    for (const group of ['require', 'forbid'] as const) {
      inv[group].forEach((p, j) => {
        const kind = kindOf(p);
        const target = p[kind]!;
        const catalogue = v[OUTCOME_CATALOGUE[kind]];
        if (target === '*' ? group === 'require' : !Object.hasOwn(catalogue, target)) {
          at(['invariants', i, group, j, kind], target === '*' ? 'a required outcome names its target ("*" is for forbid)' : `unknown ${kind} "${target}"${didYouMean(target, Object.keys(catalogue))}`);
        }
        if (p.by !== undefined && !Object.hasOwn(v.targets, p.by)) at(['invariants', i, group, j, 'by'], `unknown target "${p.by}"${didYouMean(p.by, Object.keys(v.targets))}`);
      });
    }
  });
  return out;
}

const kindOf = (p: Pattern): OutcomeKind => OUTCOME_KINDS.find((k) => p[k] !== undefined)!;

/** Whether the incident, as stated, meets a premise (see the module comment for the reading). */
export function premiseHolds(c: Condition, incident: Incident): boolean {
  if (c.all) return c.all.every((x) => premiseHolds(x, incident));
  if (c.any) return c.any.some((x) => premiseHolds(x, incident));
  if (c.not) return !premiseHolds(c.not, incident);
  if (c.activity !== undefined) return incident.activities.includes(c.activity);
  if (c.technology !== undefined) return incident.technologies.includes(c.technology);
  if (c.fact !== undefined) return incident.facts[c.fact] === true;
  if (c.involves !== undefined) return incident.people.some((p) => p.role === c.involves);
  const involvement = (['subject', 'affected', 'reporter', 'witness'] as const).find((k) => c[k] !== undefined)!;
  return incident.people.some((p) => p.involvement === involvement && p.role === c[involvement]);
}

const STRENGTH = { may: 0, should: 1, must: 2 } as const;

/** What the decision lacks or has against an invariant, in words; empty when it holds. */
export function invariantFailures(inv: Invariant, decision: Decision): string[] {
  const outcomes: Outcome[] = OUTCOME_KINDS.flatMap((k) => decision[GROUP_OF_KIND[k]]);
  const failures: string[] = [];
  for (const p of inv.require) {
    const kind = kindOf(p);
    const found = outcomes.filter((o) => o.kind === kind && o.target === p[kind] && (p.by === undefined || o.by === p.by));
    const ok = found.some((o) => (p.modality === undefined || STRENGTH[o.modality] >= STRENGTH[p.modality]) && (p.timing === undefined || o.timing === p.timing));
    if (!ok) failures.push(`requires ${patternText(p)}; the decision has ${found.length === 0 ? 'none' : found.map(outcomeText).join(', ')}`);
  }
  for (const p of inv.forbid) {
    const kind = kindOf(p);
    const hits = outcomes.filter((o) => o.kind === kind && (p[kind] === '*' || o.target === p[kind]) && (p.by === undefined || o.by === p.by) && (p.modality === undefined || o.modality === p.modality));
    for (const o of hits) failures.push(`forbids ${patternText(p)}; the decision has ${outcomeText(o)}`);
  }
  return failures;
}

function patternText(p: Pattern): string {
  const kind = kindOf(p);
  const detail = [p.modality, p.by && `by ${p.by}`, p.timing].filter(Boolean).join(', ');
  return `${kind} ${p[kind] === '*' ? '(any)' : p[kind]}${detail ? ` (${detail})` : ''}`;
}

function outcomeText(o: Outcome): string {
  const detail = [o.modality, o.by && `by ${o.by}`, o.timing].filter(Boolean).join(', ');
  return `${o.kind} ${o.target} (${detail}) [${o.because.map((r) => r.cite).join(', ')}]`;
}

export interface InvariantResult {
  id: string;
  says: string;
  quote: string;
  pending?: string;
  /** Incidents of the space where `when` held. */
  checked: number;
  holds: boolean;
  /** The first incident where it fails (as an incident file) and what was wrong. */
  counterexample?: { incident: IncidentInput; failures: string[]; yaml: string };
  line: number;
  column: number;
}

/**
 * Checks a policy's invariants over its whole incident space (incidentSpace + evaluate, as any
 * caller would), in the space's order, so the first counterexample is the same on every run.
 */
export async function checkInvariants(policy: Policy, loaded: LoadedInvariants, today = '2026-01-01'): Promise<InvariantResult[]> {
  const results: InvariantResult[] = loaded.invariants.map((inv, i) => ({
    id: inv.id,
    says: inv.says,
    quote: inv.quote,
    ...(inv.pending !== undefined ? { pending: inv.pending } : {}),
    checked: 0,
    holds: true,
    ...loaded.source.locate(['invariants', i, 'id']),
  }));
  for (const input of incidentSpace([policy]).incidents()) {
    const incident = parseIncident(input, policy.vocabulary);
    const applicable = loaded.invariants.map((inv) => inv.when === undefined || premiseHolds(inv.when, incident));
    if (!applicable.some(Boolean)) continue;
    const decision = await evaluate(policy, incident, { today });
    loaded.invariants.forEach((inv, i) => {
      if (!applicable[i]) return;
      const result = results[i]!;
      result.checked++;
      if (result.counterexample) return;
      const failures = invariantFailures(inv, decision);
      if (failures.length > 0) {
        result.holds = false;
        result.counterexample = { incident: input, failures, yaml: incidentFile(input, inv.id) };
      }
    });
  }
  return results;
}

/** The counterexample as an incident file a person can run with `evaluate`. */
function incidentFile(input: IncidentInput, id: string): string {
  const { people = [], activities, technologies = [], facts = {} } = input;
  const body: Record<string, unknown> = { id: `counterexample-${id}`, people, activities };
  if (technologies.length > 0) body.technologies = technologies;
  if (Object.keys(facts).length > 0) body.facts = facts;
  return stringify(body);
}

/**
 * The diagnostics of a check, for `validate` and `test`: a failing invariant (with its first
 * counterexample), and a pending one that now holds (its `pending` must go). A pending one that
 * still fails is not a problem.
 */
export function invariantDiagnostics(file: string, results: InvariantResult[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const r of results) {
    const at = { file, line: r.line, column: r.column };
    if (r.checked === 0 && r.pending === undefined) {
      out.push({ code: 'invariant-vacuous', message: `invariant "${r.id}" applies to no incident of the policy's incident space, so it checks nothing (the rules read none of its "when")`, ...at });
    } else if (!r.holds && r.pending === undefined) {
      const c = r.counterexample!;
      out.push({
        code: 'invariant-violated',
        message: `invariant "${r.id}" does not hold (${r.says}): ${c.failures.join('; ')}. First counterexample:\n${indent(c.yaml)}`,
        ...at,
      });
    } else if (r.holds && r.checked > 0 && r.pending !== undefined) {
      out.push({ code: 'invariant-no-longer-pending', message: `invariant "${r.id}" holds now (over ${r.checked} incidents): remove its "pending"`, ...at });
    }
  }
  return out;
}

/** One line per invariant: holds / FAILS / pending, with how many incidents it was checked on. */
export function formatInvariantResults(policyId: string, results: InvariantResult[]): string {
  const lines = results.map((r) => {
    const state = r.holds && r.checked === 0 ? (r.pending ? `pending: ${r.pending}` : 'applies to no incident') : r.holds ? (r.pending ? 'holds (marked pending)' : 'holds') : r.pending ? `pending: ${r.pending}` : 'FAILS';
    return `  ${r.id}: ${state} (${r.checked} incidents)`;
  });
  const held = results.filter((r) => r.holds && r.checked > 0).length;
  const pending = results.filter((r) => r.pending !== undefined && !(r.holds && r.checked > 0)).length;
  return `${policyId}: invariants: ${held} of ${results.length} hold${pending > 0 ? ` (${pending} pending)` : ''}\n${lines.join('\n')}\n`;
}

function indent(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}

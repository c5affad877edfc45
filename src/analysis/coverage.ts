import type { Decision } from '../decision/schema.js';
import type { Policy } from '../engine/policy.js';
import { GROUP_OF_KIND } from '../decision/schema.js';
import { OUTCOME_KINDS } from '../policy/schema.js';

/** How much of one policy a set of decisions (e.g. its scenarios') exercised. */
export interface PolicyCoverage {
  policy: { id: string; version: string; dir: string };
  scenarios: number;
  rules: { total: number; exercised: number; percent: number; missing: { id: string; cite: string; file: string; line: number }[] };
  /** Ledger clauses that rules implement (clauses marked notExecutable are not counted). */
  clauses: { total: number; exercised: number; percent: number; missing: { id: string; section: string; label: string }[] };
}

export interface CoverageReport {
  policies: PolicyCoverage[];
  /** Rules exercised over rules in all policies, as a percentage (100 when there are none). */
  percent: number;
}

/** The rules whose outcomes appear in a decision (the rules that fired). */
export function rulesExercised(decision: Decision): Set<string> {
  return new Set(OUTCOME_KINDS.flatMap((k) => decision[GROUP_OF_KIND[k]]).flatMap((o) => o.because.map((r) => r.rule)));
}

/**
 * Policy coverage: a rule is exercised when it fired in at least one decision; a clause is
 * exercised when a rule citing it was. Lists what no decision exercised.
 */
export function policyCoverage(runs: { policy: Policy; decisions: Decision[] }[]): CoverageReport {
  const byPolicy = new Map<Policy, Decision[]>();
  for (const run of runs) byPolicy.set(run.policy, [...(byPolicy.get(run.policy) ?? []), ...run.decisions]);
  const policies = [...byPolicy]
    .map(([policy, decisions]) => coverageOf(policy, decisions))
    .sort((a, b) => (a.policy.id < b.policy.id ? -1 : a.policy.id > b.policy.id ? 1 : a.policy.dir < b.policy.dir ? -1 : 1));
  const total = policies.reduce((n, p) => n + p.rules.total, 0);
  const exercised = policies.reduce((n, p) => n + p.rules.exercised, 0);
  return { policies, percent: percent(exercised, total) };
}

function coverageOf(policy: Policy, decisions: Decision[]): PolicyCoverage {
  const fired = new Set<string>();
  for (const d of decisions) for (const rule of rulesExercised(d)) fired.add(rule);
  const missingRules = policy.rules.filter((r) => !fired.has(r.id)).map((r) => ({ id: r.id, cite: r.cite, file: r.file, line: r.line }));
  const citedBy = new Set(policy.rules.filter((r) => fired.has(r.id)).map((r) => r.cite));
  const executable = policy.manifest.clauses.filter((c) => c.notExecutable === undefined);
  const missingClauses = executable.filter((c) => !citedBy.has(c.id)).map((c) => ({ id: c.id, section: c.section, label: c.label }));
  const ruleCount = policy.rules.length;
  return {
    policy: { id: policy.id, version: policy.version, dir: policy.dir },
    scenarios: decisions.length,
    rules: { total: ruleCount, exercised: ruleCount - missingRules.length, percent: percent(ruleCount - missingRules.length, ruleCount), missing: missingRules },
    clauses: {
      total: executable.length,
      exercised: executable.length - missingClauses.length,
      percent: percent(executable.length - missingClauses.length, executable.length),
      missing: missingClauses,
    },
  };
}

function percent(part: number, whole: number): number {
  return whole === 0 ? 100 : Math.floor((part / whole) * 1000) / 10;
}

/** The coverage report as text. */
export function formatCoverage(report: CoverageReport): string {
  const lines: string[] = [];
  for (const p of report.policies) {
    lines.push(
      `Coverage of ${p.policy.id} ${p.policy.version} by ${p.scenarios} scenario${p.scenarios === 1 ? '' : 's'}: ` +
        `rules ${p.rules.exercised}/${p.rules.total} (${p.rules.percent}%), clauses ${p.clauses.exercised}/${p.clauses.total} (${p.clauses.percent}%)`,
    );
    if (p.rules.missing.length > 0) {
      lines.push('  rules no scenario exercises:');
      for (const r of p.rules.missing) lines.push(`    ${r.id} [${r.cite}] (${r.file}:${r.line})`);
    }
    if (p.clauses.missing.length > 0) {
      lines.push('  clauses no scenario exercises:');
      for (const c of p.clauses.missing) lines.push(`    ${c.id} — ${c.section}: ${c.label}`);
    }
  }
  lines.push(`Rule coverage: ${report.percent}%`);
  return `${lines.join('\n')}\n`;
}

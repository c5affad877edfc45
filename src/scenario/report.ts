import type { Decision } from '../decision/schema.js';
import { formatDiagnostic } from '../policy/diagnostics.js';
import { decisionOutcomes, describeOutcome } from './check.js';
import type { ScenarioFileResult, ScenarioResult } from './run.js';

/** The decision's outcomes, one per line, with their citations (for failure messages). */
export function outcomeLines(decision: Decision): string[] {
  const outcomes = decisionOutcomes(decision);
  if (outcomes.length === 0) return ['(no outcomes)'];
  return outcomes.map((o) => `${describeOutcome(o)} ← ${o.because.map((r) => r.rule).join(', ')}`);
}

/** A failed scenario as a readable diff: what was expected and not met, then what the decision holds. */
export function formatScenarioFailure(result: ScenarioResult, indent = ''): string {
  const lines = [
    ...result.failures.map((f) => `${indent}- ${f}`),
    `${indent}the decision's outcomes:`,
    ...outcomeLines(result.decision).map((l) => `${indent}  ${l}`),
  ];
  const asked = result.decision.questions.map((q) => `${indent}  ask: ${q.ask}`);
  if (asked.length > 0) lines.push(`${indent}its questions:`, ...asked);
  return lines.join('\n');
}

/** A file's results as the `test` command prints them. */
export function formatScenarioFileResult(r: ScenarioFileResult): string {
  if (r.diagnostics.length > 0) return [`${r.file}: not run`, ...r.diagnostics.map((d) => `  ${formatDiagnostic(d)}`)].join('\n');
  const lines = [`${r.file} (${r.policy!.id} ${r.policy!.version})`];
  for (const s of r.results) {
    const name = `${s.name}${s.cite ? ` [${s.cite}]` : ''}`;
    if (s.passed) lines.push(`  pass  ${name}`);
    else lines.push(`  FAIL  ${name} (${r.file}:${s.line})`, formatScenarioFailure(s, '        '));
  }
  return lines.join('\n');
}

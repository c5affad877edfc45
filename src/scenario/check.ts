import { GROUP_OF_KIND, type Decision, type Outcome } from '../decision/schema.js';
import { OUTCOME_KINDS, type OutcomeKind } from '../policy/schema.js';
import type { Expectation, Scenario } from './schema.js';

/** Every outcome of a decision, in the decision's order. */
export function decisionOutcomes(decision: Decision): Outcome[] {
  return OUTCOME_KINDS.flatMap((kind) => decision[GROUP_OF_KIND[kind]]);
}

export function expectationKind(e: Expectation): OutcomeKind {
  return OUTCOME_KINDS.find((k) => e[k] !== undefined)!;
}

/** Whether an outcome is the one an expectation describes (kind, target, and modality / by if given). */
export function matchesExpectation(o: Pick<Outcome, 'kind' | 'target' | 'modality' | 'by'>, e: Expectation): boolean {
  const kind = expectationKind(e);
  return (
    o.kind === kind &&
    o.target === e[kind] &&
    (e.modality === undefined || o.modality === e.modality) &&
    (e.by === undefined || o.by === e.by)
  );
}

const cites = (o: Outcome, cite: string) => o.because.some((r) => r.cite === cite);

/** "referral lado (must, by headteacher) citing x". */
export function describeExpectation(e: Expectation): string {
  const kind = expectationKind(e);
  const detail = [e.modality, e.by && `by ${e.by}`].filter(Boolean).join(', ');
  return `${kind} ${e[kind]}${detail ? ` (${detail})` : ''}${e.cite ? ` citing ${e.cite}` : ''}`;
}

/** "referral lado (must) [sanctions-staff.row-09: rule-id]". */
export function describeOutcome(o: Pick<Outcome, 'kind' | 'target' | 'modality' | 'by' | 'because'>): string {
  const detail = [o.modality, o.by && `by ${o.by}`].filter(Boolean).join(', ');
  return `${o.kind} ${o.target} (${detail}) [${o.because.map((r) => r.cite).join(', ')}]`;
}

/**
 * Checks a decision against a scenario's expect / forbid / exactly / asks. Returns one sentence
 * per unmet expectation; an empty list means the scenario passes.
 */
export function checkDecision(decision: Decision, scenario: Pick<Scenario, 'expect' | 'forbid' | 'exactly' | 'asks'> & { warns?: string[] }): string[] {
  const outcomes = decisionOutcomes(decision);
  const failures: string[] = [];
  for (const e of scenario.expect) {
    const kind = expectationKind(e);
    const sameTarget = outcomes.filter((o) => o.kind === kind && o.target === e[kind]);
    const matching = sameTarget.filter((o) => matchesExpectation(o, e));
    if (matching.length === 0) {
      const got = sameTarget.length > 0 ? `the decision has ${sameTarget.map(describeOutcome).join('; ')}` : `the decision has no ${kind} ${e[kind]}`;
      failures.push(`expected ${describeExpectation(e)}, but ${got}`);
    } else if (e.cite !== undefined && !matching.some((o) => cites(o, e.cite!))) {
      failures.push(`expected ${describeExpectation(e)}, but it cites only ${[...new Set(matching.flatMap((o) => o.because.map((r) => r.cite)))].join(', ')}`);
    }
  }
  for (const f of scenario.forbid) {
    const hits = outcomes.filter((o) => matchesExpectation(o, f) && (f.cite === undefined || cites(o, f.cite)));
    for (const o of hits) failures.push(`forbidden ${describeExpectation(f)}, but the decision has ${describeOutcome(o)}`);
  }
  if (scenario.exactly) {
    for (const o of outcomes) {
      if (!scenario.expect.some((e) => matchesExpectation(o, e))) failures.push(`unexpected ${describeOutcome(o)} (the scenario lists its outcomes exactly)`);
    }
  }
  const asked = new Set(decision.questions.flatMap((q) => Object.keys(q.facts)));
  for (const fact of scenario.asks) {
    if (!asked.has(fact)) {
      const list = [...asked].sort().join(', ');
      failures.push(`expected the decision to ask about "${fact}", but it asks ${list ? `about ${list}` : 'nothing'}`);
    }
  }
  const warned = decision.warnings.map((w) => w.code);
  for (const code of scenario.warns ?? []) {
    if (!warned.includes(code)) failures.push(`expected the warning "${code}", but the decision warns ${warned.length > 0 ? warned.join(', ') : 'nothing'}`);
  }
  return failures;
}

// online-safety-rules/vitest: matchers for decisions, and runScenarios() to run YAML scenario
// files as vitest tests. Importing this module registers the matchers.
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GROUP_OF_KIND, type Decision, type OutcomeKind } from './decision/schema.js';
import { formatDiagnostic } from './policy/diagnostics.js';
import type { Modality } from './policy/schema.js';
import { decisionOutcomes, describeExpectation, describeOutcome, matchesExpectation } from './scenario/check.js';
import { findScenarioFiles } from './scenario/files.js';
import { readScenarioFile } from './scenario/load.js';
import type { PolicyCache } from './scenario/policy-ref.js';
import { formatScenarioFailure, outcomeLines } from './scenario/report.js';
import { runScenario, scenarioPolicy } from './scenario/run.js';
import type { Expectation } from './scenario/schema.js';

/** An outcome a decision should (or should not) hold; modality, by and cite are checked when given. */
export interface ExpectedOutcome {
  kind: OutcomeKind;
  target: string;
  modality?: Modality;
  by?: string;
  /** A clause id that one of the outcome's reasons must cite. */
  cite?: string;
}

export interface DecisionMatchers<R = unknown> {
  /** The decision holds an outcome of this kind and target (and modality / by / cite, if given). */
  toRequire(expected: ExpectedOutcome): R;
  toRequireReferral(target: string, modality?: Modality): R;
  toRequireNotification(target: string, modality?: Modality): R;
  toRequireSanction(target: string, modality?: Modality): R;
  toRequireObligation(target: string, modality?: Modality): R;
  toRequireProhibition(target: string, modality?: Modality): R;
  toRequireJudgement(target: string, modality?: Modality): R;
  toClassifyAs(target: string): R;
  /** The decision asks about this unknown fact. */
  toAsk(fact: string): R;
}

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Matchers<T = any> extends DecisionMatchers<T> {}
}

function isDecision(value: unknown): value is Decision {
  return typeof value === 'object' && value !== null && Object.values(GROUP_OF_KIND).every((g) => Array.isArray((value as Record<string, unknown>)[g]));
}

function toExpectation(e: ExpectedOutcome): Expectation {
  const out: Expectation = { [e.kind]: e.target };
  if (e.modality !== undefined) out.modality = e.modality;
  if (e.by !== undefined) out.by = e.by;
  if (e.cite !== undefined) out.cite = e.cite;
  return out;
}

function requireOutcome(this: { isNot: boolean }, received: unknown, expected: ExpectedOutcome) {
  if (!isDecision(received)) {
    return { pass: false, message: () => `expected a Decision from evaluate(), got ${typeof received === 'object' ? JSON.stringify(received)?.slice(0, 200) : String(received)}` };
  }
  const e = toExpectation(expected);
  const hits = decisionOutcomes(received).filter((o) => matchesExpectation(o, e) && (e.cite === undefined || o.because.some((r) => r.cite === e.cite)));
  const outcomes = outcomeLines(received).map((l) => `  ${l}`).join('\n');
  return {
    pass: hits.length > 0,
    message: () =>
      this.isNot
        ? `expected the decision not to require ${describeExpectation(e)}, but it has:\n${hits.map((o) => `  ${describeOutcome(o)}`).join('\n')}`
        : `expected the decision to require ${describeExpectation(e)}, but its outcomes are:\n${outcomes}`,
  };
}

const byKind = (kind: OutcomeKind) =>
  function (this: { isNot: boolean }, received: unknown, target: string, modality?: Modality) {
    return requireOutcome.call(this, received, modality === undefined ? { kind, target } : { kind, target, modality });
  };

expect.extend({
  toRequire: requireOutcome,
  toRequireReferral: byKind('referral'),
  toRequireNotification: byKind('notification'),
  toRequireSanction: byKind('sanction'),
  toRequireObligation: byKind('obligation'),
  toRequireProhibition: byKind('prohibition'),
  toRequireJudgement: byKind('judgement'),
  toClassifyAs: byKind('classification'),
  toAsk(received: unknown, fact: string) {
    if (!isDecision(received)) return { pass: false, message: () => 'expected a Decision from evaluate()' };
    const asked = [...new Set(received.questions.flatMap((q) => Object.keys(q.facts)))].sort();
    return {
      pass: asked.includes(fact),
      message: () =>
        this.isNot
          ? `expected the decision not to ask about "${fact}", but it does`
          : `expected the decision to ask about "${fact}", but it asks ${asked.length ? `about ${asked.join(', ')}` : 'nothing'}`,
    };
  },
});

/**
 * Registers the scenario files named by a folder, a file or a glob (relative to the working
 * folder, or a file URL) as vitest tests: one `describe` per file, one `it` per scenario.
 * A file that does not validate, or a policy that does not load, fails with its diagnostics.
 */
export function runScenarios(globOrDir: string | URL): void {
  const files = findScenarioFiles(globOrDir);
  if (files.length === 0) {
    it(`scenario files in ${String(globOrDir)}`, () => {
      throw new Error(`no scenario files (.yaml) found in ${String(globOrDir)}`);
    });
    return;
  }
  const cache: PolicyCache = new Map();
  for (const path of files) {
    const loaded = readScenarioFile(path);
    describe(relative(process.cwd(), path) || path, () => {
      if (!loaded.value) {
        it('is a valid scenario file', () => {
          throw new Error(loaded.diagnostics.map(formatDiagnostic).join('\n'));
        });
        return;
      }
      // Loaded once per file, on first use, so collecting the tests stays cheap.
      let policy: ReturnType<typeof scenarioPolicy> | undefined;
      loaded.value.scenarios.forEach((scenario, index) => {
        it(`${scenario.name}${scenario.cite ? ` [${scenario.cite}]` : ''}`, async () => {
          const loadedPolicy = await (policy ??= scenarioPolicy(loaded, cache));
          if (!loadedPolicy.policy || loadedPolicy.diagnostics.length > 0) {
            throw new Error(loadedPolicy.diagnostics.map(formatDiagnostic).join('\n'));
          }
          const result = await runScenario(loadedPolicy.policy, loaded, index);
          if (!result.passed) throw new Error(`${loaded.file}:${result.line}: scenario "${result.name}" failed\n${formatScenarioFailure(result, '  ')}`);
        });
      });
    });
  }
}

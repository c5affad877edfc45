// online-safety-rules/vitest: matchers for decisions, and runScenarios() to run YAML scenario
// files as vitest tests. Importing this module registers the matchers.
import { describe, expect, it } from 'vitest';
import { GROUP_OF_KIND, type Decision, type OutcomeKind } from './decision/schema.js';
import { formatDiagnostic } from './policy/diagnostics.js';
import { OUTCOME_CATALOGUE, type Modality } from './policy/schema.js';
import { decisionOutcomes, describeExpectation, describeOutcome, matchesExpectation } from './scenario/check.js';
import { findScenarioFiles } from './scenario/files.js';
import { peekScenarioText, readScenarioText } from './scenario/load.js';
import type { PolicyCache } from './scenario/policy-ref.js';
import { formatScenarioFailure, outcomeLines } from './scenario/report.js';
import { loadScenarioFile, runScenario, type ScenarioFileWithPolicy } from './scenario/run.js';
import type { Expectation } from './scenario/schema.js';
import { didYouMeanTerm } from './vocabulary/aliases.js';
import { bundledVocabulary } from './vocabulary/load.js';
import { vocabularyOfDigest } from './engine/policy.js';
import type { Terms } from './vocabulary/terms.js';
import type { VocabularyTerms } from './vocabulary/types.js';

/** The vocabulary term each outcome kind names, in a vocabulary's terms (default: the package's). */
export interface OutcomeTerms<T extends VocabularyTerms = Terms> {
  classification: T['classification'];
  referral: T['target'];
  sanction: T['sanction'];
  notification: T['target'];
  obligation: T['duty'];
  prohibition: T['duty'];
  judgement: T['judgement'];
}

/**
 * An outcome a decision should (or should not) hold; modality, by and cite are checked when
 * given. The target is a term of the kind's catalogue (a referral's a target, a sanction's a
 * sanction ...): a misspelt one fails to compile, and fails the test at run time too. A school
 * with its own terms passes its Terms (online-safety types): ExpectedOutcome<Terms>.
 */
export type ExpectedOutcome<T extends VocabularyTerms = Terms> = {
  [K in OutcomeKind]: {
    kind: K;
    target: OutcomeTerms<T>[K];
    modality?: Modality;
    by?: T['target'];
    /** A clause id that one of the outcome's reasons must cite. */
    cite?: string;
  };
}[OutcomeKind];

/**
 * The matchers. Each takes the terms of the package's vocabulary; a school with its own
 * (vocabulary.yaml) names its Terms, as for evaluate: `expect(d).toRequireObligation<Terms>('confiscate-vape')`.
 * At run time a term is checked against the vocabulary of the decision's policy.
 */
export interface DecisionMatchers<R = unknown> {
  /** The decision holds an outcome of this kind and target (and modality / by / cite, if given). */
  toRequire<T extends VocabularyTerms = Terms>(expected: ExpectedOutcome<T>): R;
  toRequireReferral<T extends VocabularyTerms = Terms>(target: T['target'], modality?: Modality): R;
  toRequireNotification<T extends VocabularyTerms = Terms>(target: T['target'], modality?: Modality): R;
  toRequireSanction<T extends VocabularyTerms = Terms>(target: T['sanction'], modality?: Modality): R;
  toRequireObligation<T extends VocabularyTerms = Terms>(target: T['duty'], modality?: Modality): R;
  toRequireProhibition<T extends VocabularyTerms = Terms>(target: T['duty'], modality?: Modality): R;
  toRequireJudgement<T extends VocabularyTerms = Terms>(target: T['judgement'], modality?: Modality): R;
  toClassifyAs<T extends VocabularyTerms = Terms>(target: T['classification']): R;
  /** The decision asks about this unknown fact. */
  toAsk<T extends VocabularyTerms = Terms>(fact: T['fact']): R;
}

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Matchers<T = any> extends DecisionMatchers<T> {}
}

function isDecision(value: unknown): value is Decision {
  return typeof value === 'object' && value !== null && Object.values(GROUP_OF_KIND).every((g) => Array.isArray((value as Record<string, unknown>)[g]));
}

/**
 * A term the matcher cannot know (misspelt, or of another catalogue) throws, whatever `.not`
 * says: `expect(d).not.toRequireReferral('ladoo')` would otherwise pass for ever. A term of a
 * school's own vocabulary is known when the decision holds it.
 */
function checkTerm(decision: Decision, term: string, kind: OutcomeKind | 'fact'): void {
  const vocabulary = vocabularyOfDigest(decision.policy.digest) ?? bundledVocabulary();
  const catalogue = kind === 'fact' ? 'facts' : OUTCOME_CATALOGUE[kind];
  if (Object.hasOwn(vocabulary[catalogue], term)) return;
  const held = kind === 'fact' ? decision.questions.some((q) => Object.hasOwn(q.facts, term)) : decisionOutcomes(decision).some((o) => o.kind === kind && o.target === term);
  if (held) return;
  const what = kind === 'fact' ? 'fact' : catalogue === 'targets' ? `${kind} target` : kind;
  throw new Error(`unknown ${what} "${term}"${didYouMeanTerm(term, vocabulary, catalogue)}: not a term of the vocabulary's ${catalogue}`);
}

function toExpectation(e: ExpectedOutcome<VocabularyTerms>): Expectation {
  const out: Expectation = { [e.kind]: e.target };
  if (e.modality !== undefined) out.modality = e.modality;
  if (e.by !== undefined) out.by = e.by;
  if (e.cite !== undefined) out.cite = e.cite;
  return out;
}

function requireOutcome(this: { isNot: boolean }, received: unknown, expected: ExpectedOutcome<VocabularyTerms>) {
  if (!isDecision(received)) {
    return { pass: false, message: () => `expected a Decision from evaluate(), got ${typeof received === 'object' ? JSON.stringify(received)?.slice(0, 200) : String(received)}` };
  }
  checkTerm(received, expected.target, expected.kind);
  if (expected.by !== undefined) checkTerm(received, expected.by, 'referral');
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
    // The public signatures type each target; inside, one kind's term is any string.
    const expected = (modality === undefined ? { kind, target } : { kind, target, modality }) as ExpectedOutcome<VocabularyTerms>;
    return requireOutcome.call(this, received, expected);
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
    checkTerm(received, fact, 'fact');
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
    // The scenarios' names are read as written, so that collecting the tests stays cheap; the file
    // is checked, in its policy's vocabulary, once per file on first use.
    const read = readScenarioText(path);
    const names = read.problem ? undefined : peekScenarioText(read.text, read.file).names;
    let pending: Promise<ScenarioFileWithPolicy> | undefined;
    const checked = async () => {
      const file = await (pending ??= loadScenarioFile(path, cache));
      if (!file.policy || file.diagnostics.length > 0) throw new Error(file.diagnostics.map(formatDiagnostic).join('\n'));
      return { policy: file.policy, loaded: file.loaded };
    };
    describe(read.file, () => {
      if (names === undefined) {
        it('is a valid scenario file', async () => {
          await checked();
          throw new Error(`${read.file}: not a scenario file with a name for every scenario`);
        });
        return;
      }
      names.forEach(({ name, cite }, index) => {
        it(`${name}${cite ? ` [${cite}]` : ''}`, async () => {
          const { policy, loaded } = await checked();
          const result = await runScenario(policy, loaded, index);
          if (!result.passed) throw new Error(`${loaded.file}:${result.line}: scenario "${result.name}" failed\n${formatScenarioFailure(result, '  ')}`);
        });
      });
    });
  }
}

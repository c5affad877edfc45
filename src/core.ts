// The part of the public API that runs anywhere: Node, a bundle, a browser, a worker. Nothing
// here (nor anything it imports) reads a file or imports a Node module; tests/bundles.test.ts
// checks the built module graph. src/index.ts, the package's API, adds what needs Node (folders,
// git, scenario files). The package's "browser" and "default" export conditions load this part.
export { loadPolicyFromSources, type PolicySources } from './engine/sources.js';
export { loadBundledPolicy, listBundledPolicies, bundledVocabulary } from './bundled/registry.js';
export type { Policy };
import type { Policy } from './engine/policy.js';
import { evaluate as evaluateAnyTerms, type EvaluateOptions } from './decision/evaluate.js';
import { evaluateAsOf as evaluateAsOfAnyTerms, type EvaluateAsOfOptions } from './decision/as-of.js';
import type { PolicyVersions } from './engine/versions.js';
import { explain as explainAnyTerms, type Explanation, type ExplainOptions } from './decision/explain.js';
import { parseIncident as parseIncidentAnyTerms, parseIncidentText as parseIncidentTextAnyTerms } from './incident/parse.js';
import type { Incident as IncidentOf, IncidentInput as IncidentInputOf } from './incident/schema.js';
import type { Decision } from './decision/schema.js';
import type { Vocabulary } from './vocabulary/schema.js';
import type { Terms } from './vocabulary/terms.js';
import type { VocabularyTerms } from './vocabulary/types.js';
export type { EvaluateOptions, EvaluateAsOfOptions };
export { InvalidIncidentError, type IncidentIssue } from './incident/parse.js';
// The vocabulary's terms as types (generated from rules/vocabulary.yaml; docs/package.md).
export type { Role, Involvement, Activity, Fact, Technology, Target, Sanction, Duty, Classification, Judgement, Terms } from './vocabulary/terms.js';
export type { VocabularyTerms };

/**
 * An incident as written, in the package's vocabulary: `{ role: 'stafff' }` fails to compile.
 * With a school's own vocabulary, `IncidentInput<Terms>` with the `Terms` that
 * `online-safety types <policy>` generates.
 */
export type IncidentInput<T extends VocabularyTerms = Terms> = IncidentInputOf<T>;
/** A parsed incident: facts hold only the known ones. */
export type Incident<T extends VocabularyTerms = Terms> = IncidentOf<T>;

// The library's functions serve any vocabulary (terms are checked at run time against the
// policy's); their public signatures take the typed incident. `evaluate<SchoolTerms>(...)` for a
// school's own vocabulary; input from outside the program goes through parseIncident first.
/** Evaluates an incident under a policy: the decision (throws InvalidIncidentError for an invalid incident). */
export const evaluate: <T extends VocabularyTerms = Terms>(policy: Policy, incident: IncidentInput<NoInfer<T>>, options?: EvaluateOptions) => Promise<Decision> = evaluateAnyTerms;
/** Evaluates an incident under the version of a policy in force on a date (`asOf`, or the incident's `date` when it keeps earlier versions); the decision says which (`policy.inForce`). */
export const evaluateAsOf: <T extends VocabularyTerms = Terms>(versions: PolicyVersions, incident: IncidentInput<NoInfer<T>>, options?: EvaluateAsOfOptions) => Promise<Decision> = evaluateAsOfAnyTerms;
/** Why the decision is what it is: each outcome's rules and conditions, and the near misses. */
export const explain: <T extends VocabularyTerms = Terms>(policy: Policy, incident: IncidentInput<NoInfer<T>>, options?: ExplainOptions) => Promise<Explanation> = explainAnyTerms;
/** Checks any value (parsed JSON, a request body) against the vocabulary: the incident, or InvalidIncidentError with every problem. */
export const parseIncident: <T extends VocabularyTerms = Terms>(input: unknown, vocabulary?: Vocabulary) => Incident<T> = parseIncidentAnyTerms as never;
/** parseIncident for YAML or JSON text (positions in the file for each problem). */
export const parseIncidentText: <T extends VocabularyTerms = Terms>(text: string, file?: string, vocabulary?: Vocabulary) => Incident<T> = parseIncidentTextAnyTerms as never;
export { PolicyLoadError, formatDiagnostic, type Diagnostic } from './policy/diagnostics.js';
export { DEFAULT_FILE_LIMITS, type FileLimits } from './policy/limit-values.js';
export type { Manifest, Clause, Contact, Rule, Condition, OutcomeSpec, Modality, TextCoverageSpec, OutOfScope } from './policy/schema.js';
export { permission, PermissionLookupError, type Permission } from './policy/technologies.js';
export type { CommunicationTechnologies, TechnologyRow, PermissionMark } from './policy/schema.js';
export type { LoadedRule } from './policy/sources.js';
export type { Vocabulary } from './vocabulary/schema.js';
export { policyInForce, policyVersionsOf, NoVersionInForceError, type PolicyVersions, type PolicyVersion, type ApprovedVersion } from './engine/versions.js';
export type { Decision, InForce, Outcome, OutcomeKind, Question, Reason, DecisionWarning, ActionPlan, PlanLine, PlanGroup, PlanQuestion } from './decision/schema.js';
export { actionPlan, rankQuestions } from './decision/plan.js';
export { explainDecision, formatExplanation, type Explanation, type ExplainOptions, type OutcomeExplanation, type RuleReason, type NearMiss, type QuestionExplanation } from './decision/explain.js';
export { checkDecision } from './scenario/check.js';
export { ScenarioFileSchema, type ScenarioFile, type Scenario, type Expectation } from './scenario/schema.js';
export { policyCoverage, formatCoverage, type CoverageReport, type PolicyCoverage } from './analysis/coverage.js';
export { incidentSpace, type IncidentSpace } from './analysis/space.js';
export { diffPolicies, type PolicyDiff, type StructuralDiff, type RuleChange, type RuleSummary, type Change } from './analysis/diff.js';
export type { BehaviourDiff, BehaviourChange } from './analysis/diff-behaviour.js';
export { formatDiffText, formatDiffMarkdown } from './analysis/diff-format.js';
export { renderMarkdown, renderHtml, renderMermaid } from './render/view.js';
export { formatPolicyFile, FormatError } from './policy/format.js';

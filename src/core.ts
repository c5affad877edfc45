// The part of the public API that runs anywhere: Node, a bundle, a browser, a worker. Nothing
// here (nor anything it imports) reads a file or imports a Node module; tests/bundles.test.ts
// checks the built module graph. src/index.ts, the package's API, adds what needs Node (folders,
// git, scenario files). The package's "browser" and "default" export conditions load this part.
export { loadPolicyFromSources, type PolicySources } from './engine/sources.js';
export { loadBundledPolicy, listBundledPolicies, bundledVocabulary } from './bundled/registry.js';
export type { Policy } from './engine/policy.js';
export { evaluate, type EvaluateOptions } from './decision/evaluate.js';
export { parseIncident, parseIncidentText, InvalidIncidentError, type IncidentIssue } from './incident/parse.js';
export type { Incident, IncidentInput } from './incident/schema.js';
export { PolicyLoadError, formatDiagnostic, type Diagnostic } from './policy/diagnostics.js';
export { DEFAULT_FILE_LIMITS, type FileLimits } from './policy/limit-values.js';
export type { Manifest, Clause, Contact, Rule, Condition, OutcomeSpec, Modality, TextCoverageSpec, OutOfScope } from './policy/schema.js';
export { permission, PermissionLookupError, type Permission } from './policy/technologies.js';
export type { CommunicationTechnologies, TechnologyRow, PermissionMark } from './policy/schema.js';
export type { LoadedRule } from './policy/sources.js';
export type { Vocabulary } from './vocabulary/schema.js';
export type { Decision, Outcome, OutcomeKind, Question, Reason, DecisionWarning, ActionPlan, PlanLine, PlanGroup, PlanQuestion } from './decision/schema.js';
export { actionPlan, rankQuestions } from './decision/plan.js';
export { explain, explainDecision, formatExplanation, type Explanation, type ExplainOptions, type OutcomeExplanation, type RuleReason, type NearMiss, type QuestionExplanation } from './decision/explain.js';
export { checkDecision } from './scenario/check.js';
export { ScenarioFileSchema, type ScenarioFile, type Scenario, type Expectation } from './scenario/schema.js';
export { policyCoverage, formatCoverage, type CoverageReport, type PolicyCoverage } from './analysis/coverage.js';
export { incidentSpace, type IncidentSpace } from './analysis/space.js';
export { diffPolicies, type PolicyDiff, type StructuralDiff, type RuleChange, type RuleSummary, type Change } from './analysis/diff.js';
export type { BehaviourDiff, BehaviourChange } from './analysis/diff-behaviour.js';
export { formatDiffText, formatDiffMarkdown } from './analysis/diff-format.js';
export { renderMarkdown, renderHtml, renderMermaid } from './render/view.js';
export { formatPolicyFile, FormatError } from './policy/format.js';

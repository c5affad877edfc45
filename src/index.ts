// The public API of online-safety-rules. Everything else is internal.
export { loadPolicy, loadBundledPolicy, listBundledPolicies } from './engine/load.js';
export type { Policy } from './engine/policy.js';
export { evaluate, type EvaluateOptions } from './decision/evaluate.js';
export { parseIncident, parseIncidentText, InvalidIncidentError, type IncidentIssue } from './incident/parse.js';
export type { Incident, IncidentInput } from './incident/schema.js';
export { PolicyLoadError, formatDiagnostic, type Diagnostic } from './policy/diagnostics.js';
export type { Manifest, Clause, Contact, Rule, Condition, OutcomeSpec, Modality } from './policy/schema.js';
export type { LoadedRule } from './policy/read.js';
export type { Vocabulary } from './vocabulary/schema.js';
export { bundledVocabulary } from './vocabulary/load.js';
export type { Decision, Outcome, OutcomeKind, Question, Reason, DecisionWarning } from './decision/schema.js';
export { explain, explainDecision, formatExplanation, type Explanation, type ExplainOptions, type OutcomeExplanation, type RuleReason, type NearMiss } from './decision/explain.js';
export { runScenarioFile, runScenarioPaths, type ScenarioFileResult, type ScenarioResult } from './scenario/run.js';
export { readScenarioFile, type LoadedScenarioFile } from './scenario/load.js';
export { checkDecision } from './scenario/check.js';
export { ScenarioFileSchema, type ScenarioFile, type Scenario, type Expectation } from './scenario/schema.js';
export { policyCoverage, formatCoverage, type CoverageReport, type PolicyCoverage } from './analysis/coverage.js';

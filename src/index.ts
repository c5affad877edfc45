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

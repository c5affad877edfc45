// The public API of online-safety-rules. Everything else is internal.
// What runs anywhere is in core.ts; what follows needs Node (files, folders, git).
export * from './core.js';
// The Node entry's loadBundledPolicy names the policy's files where the installed package holds them.
export { loadPolicy, loadBundledPolicy } from './engine/load.js';
export { loadPolicyVersions, loadPolicyVersionsFromGit } from './engine/load-versions.js';
export { withFileLimits } from './policy/limits.js';
export { runScenarioFile, runScenarioPaths, type ScenarioFileResult, type ScenarioResult } from './scenario/run.js';
export { readScenarioFile, type LoadedScenarioFile } from './scenario/load.js';
export { textCoverage, formatTextCoverage, TextCoverageError, type TextCoverage, type UnaccountedSentence } from './analysis/text-coverage.js';
export { readInvariants, checkInvariants, InvariantsFileSchema, type Invariant, type InvariantResult, type LoadedInvariants } from './analysis/invariants.js';
export { loadPolicyAtRef, GitRefError } from './engine/load-git.js';

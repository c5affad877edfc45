import { dirname } from 'node:path';
import { evaluate } from '../decision/evaluate.js';
import type { Decision } from '../decision/schema.js';
import type { Policy } from '../engine/policy.js';
import { PolicyLoadError, type Diagnostic } from '../policy/diagnostics.js';
import { checkDecision } from './check.js';
import { findScenarioFiles } from './files.js';
import { bundledVocabulary } from '../vocabulary/load.js';
import { checkScenarioCites, parseScenarioText, peekScenarioText, readScenarioText, type LoadedScenarioFile } from './load.js';
import { loadPolicyRef, type PolicyCache } from './policy-ref.js';

export interface ScenarioResult {
  name: string;
  cite?: string;
  /** Where the scenario starts in its file (1-based). */
  line: number;
  passed: boolean;
  /** One sentence per unmet expectation. */
  failures: string[];
  decision: Decision;
}

export interface ScenarioFileResult {
  file: string;
  /** The policy the file names, when it loaded. */
  policy?: Policy;
  /** Problems with the file or its policy: when any, no scenario ran. */
  diagnostics: Diagnostic[];
  results: ScenarioResult[];
}

/** A scenario file read with the policy it names: every problem of either, or both ready to run. */
export interface ScenarioFileWithPolicy {
  loaded: LoadedScenarioFile;
  /** The policy the file names, when it loaded. */
  policy?: Policy;
  /** Problems with the file or its policy: when any, no scenario runs. */
  diagnostics: Diagnostic[];
}

/**
 * Reads a scenario file with the policy it names (relative to the file). The policy is loaded
 * first, so that the incidents and expectations are read in its vocabulary (a school's own
 * terms too), then the file's cites are checked against its ledger.
 */
export async function loadScenarioFile(path: string, cache?: PolicyCache): Promise<ScenarioFileWithPolicy> {
  const read = readScenarioText(path);
  if (read.problem) return { loaded: { file: read.file, path, incidents: [], diagnostics: [read.problem] }, diagnostics: [read.problem] };
  const ref = peekScenarioText(read.text, read.file).policy;
  let policy: Policy | undefined;
  let notLoaded: PolicyLoadError | undefined;
  if (ref !== undefined) {
    try {
      policy = await loadPolicyRef(ref, dirname(path), cache);
    } catch (error) {
      if (!(error instanceof PolicyLoadError)) throw error;
      notLoaded = error;
    }
  }
  const loaded = parseScenarioText(read.text, read.file, path, policy?.vocabulary ?? bundledVocabulary());
  if (notLoaded) {
    const at = loaded.source?.locate(['policy']) ?? { line: 0, column: 0 };
    // Terms are checked in the policy's vocabulary: without it, "unknown term" would be noise.
    const own = loaded.diagnostics.filter((d) => d.code !== 'unknown-term');
    return { loaded, diagnostics: [{ code: 'policy-not-loaded', message: `policy "${ref}" did not load`, file: loaded.file, ...at }, ...notLoaded.diagnostics, ...own] };
  }
  if (!loaded.value || !policy) return { loaded, diagnostics: loaded.diagnostics };
  const diagnostics = checkScenarioCites(loaded, policy);
  return diagnostics.length > 0 ? { loaded, diagnostics } : { loaded, policy, diagnostics };
}

/** Runs one scenario of a valid file under its loaded policy. */
export async function runScenario(policy: Policy, loaded: LoadedScenarioFile, index: number): Promise<ScenarioResult> {
  const file = loaded.value!;
  const scenario = file.scenarios[index]!;
  const today = scenario.today ?? file.today;
  const decision = await evaluate(policy, loaded.incidents[index], today === undefined ? {} : { today });
  const failures = checkDecision(decision, scenario);
  const result: ScenarioResult = {
    name: scenario.name,
    line: loaded.source!.locate(['scenarios', index]).line,
    passed: failures.length === 0,
    failures,
    decision,
  };
  if (scenario.cite !== undefined) result.cite = scenario.cite;
  return result;
}

/** Reads, checks and runs every scenario of one file. */
export async function runScenarioFile(path: string, cache: PolicyCache = new Map()): Promise<ScenarioFileResult> {
  const { loaded, policy, diagnostics } = await loadScenarioFile(path, cache);
  if (!policy || diagnostics.length > 0) return { file: loaded.file, diagnostics, results: [] };
  const results: ScenarioResult[] = [];
  for (let i = 0; i < loaded.value!.scenarios.length; i++) results.push(await runScenario(policy, loaded, i));
  return { file: loaded.file, policy, diagnostics: [], results };
}

/** Runs every scenario file named by files, folders or globs (relative to `cwd`), in path order. */
export async function runScenarioPaths(paths: (string | URL)[], cwd = process.cwd()): Promise<ScenarioFileResult[]> {
  const files = [...new Set(paths.flatMap((p) => findScenarioFiles(p, cwd)))].sort();
  const cache: PolicyCache = new Map();
  const out: ScenarioFileResult[] = [];
  for (const file of files) out.push(await runScenarioFile(file, cache));
  return out;
}

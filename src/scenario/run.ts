import { dirname } from 'node:path';
import { evaluate } from '../decision/evaluate.js';
import type { Decision } from '../decision/schema.js';
import type { Policy } from '../engine/policy.js';
import { PolicyLoadError, type Diagnostic } from '../policy/diagnostics.js';
import { checkDecision } from './check.js';
import { findScenarioFiles } from './files.js';
import { checkScenarioCites, readScenarioFile, type LoadedScenarioFile } from './load.js';
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

/** Loads the policy a valid scenario file names (relative to the file) and checks its cites. */
export async function scenarioPolicy(loaded: LoadedScenarioFile, cache?: PolicyCache): Promise<{ policy?: Policy; diagnostics: Diagnostic[] }> {
  if (!loaded.value) return { diagnostics: loaded.diagnostics };
  try {
    const policy = await loadPolicyRef(loaded.value.policy, dirname(loaded.path), cache);
    return { policy, diagnostics: checkScenarioCites(loaded, policy) };
  } catch (error) {
    if (!(error instanceof PolicyLoadError)) throw error;
    const at = loaded.source!.locate(['policy']);
    return {
      diagnostics: [
        { code: 'policy-not-loaded', message: `policy "${loaded.value.policy}" did not load`, file: loaded.file, ...at },
        ...error.diagnostics,
      ],
    };
  }
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
  const loaded = readScenarioFile(path);
  if (!loaded.value) return { file: loaded.file, diagnostics: loaded.diagnostics, results: [] };
  const { policy, diagnostics } = await scenarioPolicy(loaded, cache);
  if (!policy || diagnostics.length > 0) return { file: loaded.file, diagnostics, results: [] };
  const results: ScenarioResult[] = [];
  for (let i = 0; i < loaded.value.scenarios.length; i++) results.push(await runScenario(policy, loaded, i));
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

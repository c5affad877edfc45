import { listBundledPolicies, loadBundledPolicy } from '../engine/load.js';
import { loadPolicyVersions, loadPolicyVersionsFromGit } from '../engine/load-versions.js';
import { GitRefError } from '../engine/load-git.js';
import { CliError } from './errors.js';
import { policyVersionsOf, type PolicyVersions } from '../engine/versions.js';
import type { Policy } from '../engine/policy.js';
import { PolicyLoadError } from '../policy/diagnostics.js';
import { loadPolicyRef, resolvePolicyRef } from '../scenario/policy-ref.js';
import { UsageError } from './command.js';

/** The --policy help line, shared by the commands that take it. */
export const POLICY_HELP = `  -p, --policy <id|dir>  The policy: a bundled policy id (see "online-safety list policies") or a
                         policy folder (one holding policy.yaml). Required when more than one
                         policy is bundled; when exactly one is, that one is the default.`;

export const policyOption = { policy: { type: 'string', short: 'p' } } as const;

/** Loads the policy named by --policy, or the only bundled one. */
export function policyFromOption(value: string | undefined, cwd: string): Promise<Policy> {
  return loadPolicyRef(policyRefOption(value), cwd).catch(asUsageError);
}

/**
 * The policy named by --policy with the earlier versions its folder keeps (versions/), or, with
 * `fromGit`, those its folder's git history holds; a bundled policy keeps none.
 */
export async function policyVersionsFromOption(value: string | undefined, cwd: string, fromGit = false): Promise<PolicyVersions> {
  let named: ReturnType<typeof resolvePolicyRef>;
  try {
    named = resolvePolicyRef(policyRefOption(value), cwd);
    if (named.folder === undefined) {
      if (fromGit) throw new UsageError(`--git-history reads a policy folder's history; "${named.bundled}" is a bundled policy`);
      return policyVersionsOf(await loadBundledPolicy(named.bundled));
    }
    if (!fromGit) return await loadPolicyVersions(named.folder);
    return await loadPolicyVersionsFromGit(named.folder, cwd);
  } catch (error) {
    if (error instanceof GitRefError) throw new CliError(`--git-history: ${error.message}`);
    return asUsageError(error);
  }
}

function policyRefOption(value: string | undefined): string {
  if (value !== undefined) return value;
  const bundled = listBundledPolicies();
  if (bundled.length !== 1) throw new UsageError(`--policy is required: name a bundled policy (${bundled.join(', ')}) or a policy folder`);
  return bundled[0]!;
}

/** A name that is neither a folder nor a bundled policy is a usage mistake, not a broken policy. */
function asUsageError(error: unknown): never {
  if (error instanceof PolicyLoadError && error.diagnostics[0]?.code === 'unknown-policy') throw new UsageError(`--policy ${error.diagnostics[0].message}`);
  throw error;
}

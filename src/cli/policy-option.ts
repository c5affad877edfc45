import { listBundledPolicies, loadBundledPolicy } from '../engine/load.js';
import { loadPolicyVersions } from '../engine/load-versions.js';
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

/** The policy named by --policy with the earlier versions its folder keeps (versions/); a bundled policy keeps none. */
export async function policyVersionsFromOption(value: string | undefined, cwd: string): Promise<PolicyVersions> {
  try {
    const named = resolvePolicyRef(policyRefOption(value), cwd);
    return named.folder !== undefined ? await loadPolicyVersions(named.folder) : policyVersionsOf(await loadBundledPolicy(named.bundled));
  } catch (error) {
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

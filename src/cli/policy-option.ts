import { listBundledPolicies } from '../engine/load.js';
import type { Policy } from '../engine/policy.js';
import { PolicyLoadError } from '../policy/diagnostics.js';
import { loadPolicyRef } from '../scenario/policy-ref.js';
import { UsageError } from './command.js';

/** The --policy help line, shared by the commands that take it. */
export const POLICY_HELP = `  -p, --policy <id|dir>  The policy: a bundled policy id (see "online-safety list policies") or a
                         policy folder (one holding policy.yaml). Required when more than one
                         policy is bundled; when exactly one is, that one is the default.`;

export const policyOption = { policy: { type: 'string', short: 'p' } } as const;

/** Loads the policy named by --policy, or the only bundled one. */
export function policyFromOption(value: string | undefined, cwd: string): Promise<Policy> {
  if (value === undefined) {
    const bundled = listBundledPolicies();
    if (bundled.length !== 1) throw new UsageError(`--policy is required: name a bundled policy (${bundled.join(', ')}) or a policy folder`);
    value = bundled[0]!;
  }
  return loadPolicyRef(value, cwd).catch((error: unknown) => {
    // A name that is neither a folder nor a bundled policy is a usage mistake, not a broken policy.
    if (error instanceof PolicyLoadError && error.diagnostics[0]?.code === 'unknown-policy') throw new UsageError(`--policy ${error.diagnostics[0].message}`);
    throw error;
  });
}

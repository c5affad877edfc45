// Issue 4's "Done when": every rule of each bundled policy has a scenario where it fires and a
// near miss where it must not. A rule fires in a scenario when one of the decision's outcomes
// gives it as a reason; a scenario is a near miss for a rule when the rule did not fire and the
// scenario forbids one of the rule's outcomes (same kind and target) citing the rule's clause.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Decision } from '../src/decision/schema.js';
import { listBundledPolicies, loadBundledPolicy } from '../src/engine/load.js';
import type { Policy } from '../src/engine/policy.js';
import { decisionOutcomes, expectationKind } from '../src/scenario/check.js';
import { findScenarioFiles } from '../src/scenario/files.js';
import { readScenarioFile } from '../src/scenario/load.js';
import { runScenario } from '../src/scenario/run.js';
import type { Scenario } from '../src/scenario/schema.js';

const scenariosDir = join(import.meta.dirname, 'scenarios');

/**
 * Rules that cannot have a near miss, per policy, each with its reason. Nothing else may be
 * missing one: a rule listed here that gains a near miss fails the test too, so the list stays exact.
 */
const NO_NEAR_MISS: Record<string, string[]> = {
  'elim-school': [
    // The three "all reported incidents" rules: "The Online Safety Leader will record all reported
    // incidents and actions taken in the School Online Safety incident log" (Reporting and Response
    // to incidents), "log, manage and inform others of Online Safety incidents" (Roles and
    // responsibilities) and "Online Safety incidents are documented and reported immediately to the
    // Online Safety Leader" (Technical Infrastructure). Each fires on every incident, one naming
    // nobody included, so no scenario of a reported incident can show it not firing: forbidding it
    // would contradict the policy. (docs/policies.md, eLiM School: "they have no near miss".)
    'response-online-safety-leader-records-incident', // response.record-incident
    'roles-online-safety-leader-logs-and-manages', // roles.online-safety-leader.log-and-manage
    'infrastructure-incident-to-online-safety-leader', // infrastructure.incidents-to-online-safety-leader
  ],
  'mast-academy-trust': [
    // 5.3: "Report all online safety incidents which occur in the appropriate log and/or to their
    // line manager" fires on every incident, one naming nobody included (issue 16, class 7).
    'staff-report-every-incident', // 5.3.10
  ],
};

interface RanScenario {
  scenario: Scenario;
  decision: Decision;
}

/** Every scenario under tests/scenarios/<policy-id>/, run with the project's own scenario runner. */
async function runPolicyScenarios(policy: Policy): Promise<RanScenario[]> {
  const files = findScenarioFiles(join(scenariosDir, policy.id));
  expect(files.length, `no scenario files under tests/scenarios/${policy.id}/`).toBeGreaterThan(0);
  const ran: RanScenario[] = [];
  for (const path of files) {
    const loaded = readScenarioFile(path);
    expect(loaded.diagnostics, loaded.file).toEqual([]);
    expect(loaded.value!.policy, `${loaded.file} names another policy`).toBe(policy.id);
    for (let i = 0; i < loaded.value!.scenarios.length; i++) {
      const { decision } = await runScenario(policy, loaded, i);
      ran.push({ scenario: loaded.value!.scenarios[i]!, decision });
    }
  }
  return ran;
}

/** The ids of the rules a decision gives as reasons for its outcomes. */
function firedRules(decision: Decision): Set<string> {
  return new Set(decisionOutcomes(decision).flatMap((o) => o.because.map((r) => r.rule)));
}

const list = (policy: Policy, ids: string[]) =>
  ids.map((id) => `  ${id} (cite ${policy.rules.find((r) => r.id === id)?.cite ?? '?'})`).join('\n');

describe.each(listBundledPolicies())('%s: scenario completeness', (policyId) => {
  // Loaded and run once per policy, shared by its tests.
  const ready = (async () => {
    const policy = await loadBundledPolicy(policyId);
    return { policy, ran: await runPolicyScenarios(policy) };
  })();

  it(`${policyId}: every rule fires in some scenario`, async () => {
    const { policy, ran } = await ready;
    const fired = new Set(ran.flatMap(({ decision }) => [...firedRules(decision)]));
    const neverFired = policy.rules.filter((r) => !fired.has(r.id)).map((r) => r.id);
    expect(neverFired, `rules of ${policyId} that fire in no scenario:\n${list(policy, neverFired)}\n`).toEqual([]);
  });

  it(`${policyId}: every rule has a near miss (a scenario forbidding its outcome, citing its clause, where it does not fire), except the allow-listed ones`, async () => {
    const { policy, ran } = await ready;
    const hasNearMiss = (rule: Policy['rules'][number]) =>
      ran.some(
        ({ scenario, decision }) =>
          !firedRules(decision).has(rule.id) &&
          scenario.forbid.some((f) => {
            if (f.cite !== rule.cite) return false;
            const kind = expectationKind(f);
            return rule.then.some((o) => o[kind] === f[kind]);
          }),
      );
    const noNearMiss = policy.rules.filter((r) => !hasNearMiss(r)).map((r) => r.id);
    const allowed = NO_NEAR_MISS[policyId] ?? [];
    const unexpected = noNearMiss.filter((id) => !allowed.includes(id));
    const stale = allowed.filter((id) => !noNearMiss.includes(id));
    const message = [
      unexpected.length > 0 && `rules of ${policyId} with no near miss (and not allow-listed):\n${list(policy, unexpected)}`,
      stale.length > 0 && `allow-listed rules of ${policyId} that have a near miss or no longer exist (take them off NO_NEAR_MISS):\n${list(policy, stale)}`,
    ]
      .filter(Boolean)
      .join('\n');
    expect([...noNearMiss].sort(), message).toEqual([...allowed].sort());
    // The allow-list's reason, checked: those rules fire in every scenario.
    for (const id of allowed) {
      const quiet = ran.filter(({ decision }) => !firedRules(decision).has(id)).map(({ scenario }) => scenario.name);
      expect(quiet, `allow-listed ${id} does not fire in these scenarios, so it can have a near miss`).toEqual([]);
    }
  });
});

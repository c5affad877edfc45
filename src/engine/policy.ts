import type { Incident } from '../incident/schema.js';
import { PolicyLoadError, type Diagnostic } from '../policy/diagnostics.js';
import type { CheckedPolicy, LoadedRule } from '../policy/read.js';
import type { Manifest } from '../policy/schema.js';
import type { Vocabulary } from '../vocabulary/schema.js';
import { applies, knownBits } from './apply.js';
import { compilePolicy, type CompiledPolicy, type ResolvedOutcome } from './ir.js';
import { Reference } from './reference.js';

/** A loaded, checked and compiled policy, ready to evaluate incidents. Immutable. */
export interface Policy {
  id: string;
  version: string;
  title: string;
  /** sha256 of the manifest, rule files and vocabulary as written. */
  digest: string;
  dir: string;
  manifest: Manifest;
  rules: LoadedRule[];
  /** The terms the policy is read with: the shared vocabulary, with its parent's and its own additions. */
  vocabulary: Vocabulary;
}

interface Internals {
  ir: CompiledPolicy;
  reference?: Reference;
}

// The compiled form stays out of the public type: users see the policy, not the engine.
const internals = new WeakMap<Policy, Internals>();

/** The policy's compiled form (engine/ir.ts). */
export function compiledOf(policy: Policy): CompiledPolicy {
  const found = internals.get(policy);
  if (!found) throw new TypeError('not a loaded policy (use loadPolicy or loadBundledPolicy)');
  return found.ir;
}

/** A rule's outcomes as the compiled form resolved them (default modality applied, label and contact looked up). */
export function resolvedOutcomes(policy: Policy, ruleId: string): ResolvedOutcome[] {
  const ir = compiledOf(policy);
  const rank = ir.ruleRank.get(ruleId);
  if (rank === undefined) throw new TypeError(`no rule "${ruleId}" in policy ${policy.id}`);
  return ir.rules[rank]!.outcomes;
}

/** The policy's reference evaluator (json-rules-engine), made when first needed. */
export function referenceOf(policy: Policy): Reference {
  const found = internals.get(policy);
  if (!found) throw new TypeError('not a loaded policy (use loadPolicy or loadBundledPolicy)');
  return (found.reference ??= new Reference(found.ir));
}

/**
 * Compiles a checked policy and runs every generated json-rules-engine rule once (a dry run) on
 * incidents that exercise every term, so that an operator or fact error is a load error, never a
 * run-time one, and the compiled form must agree with the engine on them.
 */
export async function preparePolicy(checked: CheckedPolicy): Promise<Policy> {
  const ir = compilePolicy(checked.rules, checked.vocabulary, checked.manifest);
  const reference = new Reference(ir);
  const problems = await dryRun(ir, reference, checked.rules);
  if (problems.length > 0) throw new PolicyLoadError(problems);
  const m = checked.manifest;
  const policy: Policy = Object.freeze({ id: m.id, version: m.version, title: m.title, ...checked });
  internals.set(policy, { ir, reference });
  vocabularies.set(policy.digest, policy.vocabulary);
  return policy;
}

// The vocabulary of each policy loaded, by digest: what a decision (which names its policy's digest)
// was read in, for the vitest matchers to know a school's own terms. One entry per policy loaded.
const vocabularies = new Map<string, Vocabulary>();

/** The vocabulary of the policy with this digest, when a policy with it was loaded in this process. */
export function vocabularyOfDigest(digest: string): Vocabulary | undefined {
  return vocabularies.get(digest);
}

async function dryRun(ir: CompiledPolicy, reference: Reference, rules: LoadedRule[]): Promise<Diagnostic[]> {
  const problems: Diagnostic[] = [];
  for (const incident of dryRunIncidents(ir.vocabulary)) {
    let fired: Set<string>;
    try {
      fired = await reference.fire(incident);
    } catch (whole) {
      const before = problems.length;
      for (const rule of rules) {
        try {
          await reference.fire(incident, {}, [rule.id]);
        } catch (error) {
          problems.push({
            code: 'dry-run-failed',
            message: `rule "${rule.id}" failed its dry run: ${(error as Error).message}`,
            file: rule.file,
            line: rule.line,
            column: 1,
          });
        }
      }
      // Every rule passed alone, yet not together: not a rule's fault, so not a diagnostic.
      if (problems.length === before) throw whole;
      continue;
    }
    const known = knownBits(ir, incident);
    for (const rule of ir.rules) {
      if (fired.has(rule.id) !== applies(ir, rule, known)) throw new Error(`internal: the compiled form of rule "${rule.id}" disagrees with json-rules-engine`);
    }
  }
  return problems;
}

function dryRunIncidents(vocabulary: Vocabulary): Incident[] {
  const roles = Object.keys(vocabulary.roles);
  const people = Object.keys(vocabulary.involvement).flatMap((involvement) => roles.map((role) => ({ role, involvement })));
  const base = { people, activities: Object.keys(vocabulary.activities), technologies: Object.keys(vocabulary.technologies) };
  const all = (value: boolean) => Object.fromEntries(Object.keys(vocabulary.facts).map((f) => [f, value]));
  return [
    { ...base, facts: {} },
    { ...base, facts: all(true) },
    { people: [], activities: [], technologies: [], facts: all(false) },
  ];
}

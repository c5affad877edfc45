import type { Incident } from '../incident/schema.js';
import { PolicyLoadError, type Diagnostic } from '../policy/diagnostics.js';
import type { CheckedPolicy, LoadedRule } from '../policy/read.js';
import type { Manifest } from '../policy/schema.js';
import type { Vocabulary } from '../vocabulary/schema.js';
import { compileRules, engineFacts, fire, fireByPredicates, type CompiledRules } from './compiled.js';

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
  vocabulary: Vocabulary;
  /** @internal the rules compiled for json-rules-engine. */
  readonly compiled: CompiledRules;
}

/**
 * Compiles a checked policy and runs every compiled rule once (a dry run) on incidents that
 * exercise every term, so that an operator or fact error is a load error, never a run-time one.
 */
export async function preparePolicy(checked: CheckedPolicy, vocabulary: Vocabulary): Promise<Policy> {
  const compiled = compileRules(checked.rules, vocabulary);
  const problems = await dryRun(compiled, checked.rules);
  if (problems.length > 0) throw new PolicyLoadError(problems);
  const m = checked.manifest;
  return Object.freeze({ id: m.id, version: m.version, title: m.title, vocabulary, compiled, ...checked });
}

/**
 * One engine run with every rule per dry-run incident; only when a run fails are the rules run
 * one by one, to say which rule failed. The compiled predicates must agree with the engine on
 * these incidents too (a cheap guard; the differential tests are the real proof).
 */
async function dryRun(compiled: CompiledRules, rules: LoadedRule[]): Promise<Diagnostic[]> {
  const problems: Diagnostic[] = [];
  for (const incident of dryRunIncidents(compiled.vocabulary)) {
    let fired: Set<string>;
    try {
      fired = await fire(compiled, incident, compiled.ruleIds);
    } catch (whole) {
      const before = problems.length;
      for (const rule of rules) {
        try {
          await fire(compiled, incident, [rule.id]);
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
    const predicted = new Set(fireByPredicates(compiled, engineFacts(incident, compiled.vocabulary), compiled.ruleIds));
    for (const id of compiled.ruleIds) {
      if (fired.has(id) !== predicted.has(id)) throw new Error(`internal: the compiled predicate of rule "${id}" disagrees with json-rules-engine`);
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

import type { Condition } from '../policy/schema.js';
import { hasBit, type CompiledPolicy } from './ir.js';

// An exception as an incident leaves it: what a caveat says is still to be found out.

/**
 * What of a condition an incident leaves open: the alternatives it rules out dropped (a person,
 * an activity or a technology absent, a fact stated false), what it makes true kept as the reason
 * the rest matters; true or false where the whole is.
 */
export function residual(ir: CompiledPolicy, c: Condition, known: Int32Array): Condition | boolean {
  if (c.all) {
    const parts = c.all.map((x) => residual(ir, x, known));
    if (parts.includes(false)) return false;
    if (parts.every((x) => x === true)) return true;
    // What holds stays said, as the reason the rest matters ("the subject is a parent and ...").
    const open = parts.map((x, i) => (x === true ? c.all![i]! : (x as Condition)));
    return open.length === 1 ? open[0]! : { all: open };
  }
  if (c.any) {
    const parts = c.any.map((x) => residual(ir, x, known));
    if (parts.includes(true)) return true;
    const open = parts.filter((x): x is Condition => x !== false);
    return open.length === 0 ? false : open.length === 1 ? open[0]! : { any: open };
  }
  if (c.not) {
    const inner = residual(ir, c.not, known);
    return typeof inner === 'boolean' ? !inner : { not: inner };
  }
  const n = atomOf(ir, c);
  if (n === undefined) return c.fact === undefined ? false : c;
  if (hasBit(known, 2 * n)) return true;
  if (hasBit(known, 2 * n + 1)) return false;
  return c;
}

/** The atom of a term of a condition in the compiled form (undefined: no rule names it). */
function atomOf(ir: CompiledPolicy, c: Condition): number | undefined {
  if (c.fact !== undefined) return ir.factAtoms.get(c.fact);
  if (c.activity !== undefined) return ir.activityAtoms.get(c.activity);
  if (c.technology !== undefined) return ir.technologyAtoms.get(c.technology);
  if (c.involves !== undefined) return ir.roleAtoms.get(`any\0${c.involves}`);
  for (const involvement of ['subject', 'affected', 'reporter', 'witness'] as const) {
    const role = c[involvement];
    if (role !== undefined) return ir.roleAtoms.get(`${involvement}\0${role}`);
  }
  return undefined;
}

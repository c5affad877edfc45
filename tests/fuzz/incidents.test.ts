// Issue 14: random and mutated incidents (wrong types, unknown and prototype keys, huge and deep
// values, getters, Proxies, cycles) never make evaluate throw anything but InvalidIncidentError,
// never pollute Object.prototype, and are answered within a bound.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluate, InvalidIncidentError, loadBundledPolicy, type Policy, type IncidentInput } from '../../src/index.js';
import { FUZZ_TIMEOUT, fuzzSettings, report } from './settings.js';

const policies: Policy[] = await Promise.all(['elim-school', 'mast-academy-trust'].map((id) => loadBundledPolicy(id)));
const vocabulary = policies[0]!.vocabulary;
const PER_INPUT_MS = 2_000;

const PROTOTYPE_NAMES = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__defineGetter__', 'prototype'];
const termOf = (catalogue: Record<string, unknown>) => fc.constantFrom(...Object.keys(catalogue));

/** Any value at all, with the awkward ones fast-check knows (BigInt, null prototypes, boxed values, typed arrays, sparse arrays). */
const anyValue = fc.anything({
  maxDepth: 4,
  withBigInt: true,
  withNullPrototype: true,
  withBoxedValues: true,
  withMap: true,
  withSet: true,
  withDate: true,
  withTypedArray: true,
  withSparseArray: true,
  withUnicodeString: true,
  key: fc.oneof(fc.string(), fc.constantFrom(...PROTOTYPE_NAMES, 'activities', 'people', 'facts', 'role', 'involvement', 'technologies', 'id', 'date')),
});

/** A valid incident of the vocabulary. */
const validIncident = fc.record(
  {
    id: fc.string({ minLength: 1 }),
    date: fc.constantFrom('2026-01-15', '2024-02-29'),
    people: fc.array(fc.record({ role: termOf(vocabulary.roles), involvement: termOf(vocabulary.involvement) }), { maxLength: 4 }),
    activities: fc.array(termOf(vocabulary.activities), { minLength: 1, maxLength: 3 }),
    technologies: fc.array(termOf(vocabulary.technologies), { maxLength: 2 }),
    facts: fc.dictionary(termOf(vocabulary.facts), fc.oneof(fc.boolean(), fc.constant(null)), { maxKeys: 6 }),
  },
  { requiredKeys: ['activities'] },
);

type Json = Record<string, unknown>;

function nested(depth: number, leaf: unknown): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

/** Ways to break a valid incident: each takes the incident and a random value. */
const MUTATIONS: Record<string, (incident: Json, value: unknown, key: string) => unknown> = {
  'a field set to any value': (i, v, k) => ({ ...i, [k]: v }),
  'an activity set to any value': (i, v) => ({ ...i, activities: [...(i.activities as unknown[]), v] }),
  'a person set to any value': (i, v) => ({ ...i, people: [v] }),
  'a person field set to any value': (i, v, k) => ({ ...i, people: [{ role: 'staff', involvement: 'subject', [k]: v }] }),
  'a fact set to any value': (i, v, k) => ({ ...i, facts: { [k]: v } }),
  'a prototype name as a term': (i, _, k) => ({ ...i, activities: [k], people: [{ role: k, involvement: k }], technologies: [k] }),
  'an own __proto__ key': (i) => JSON.parse(`{"__proto__":{"polluted":true},"activities":${JSON.stringify(i.activities)},"facts":{"__proto__":true}}`),
  'a huge id': (i) => ({ ...i, activities: ['x'.repeat(1 << 20)] }),
  'a huge unknown key': (i) => ({ ...i, facts: { ['f'.repeat(1 << 20)]: true } }),
  'many unknown activities': (i) => ({ ...i, activities: Array.from({ length: 5_000 }, (_, n) => `no-such-activity-${n}`) }),
  'a deep list': (i, v) => ({ ...i, activities: [nested(5_000, v)] }),
  'a deep incident': (_, v) => nested(5_000, v),
  'a cycle': (i) => {
    const c: Json = { ...i };
    c.people = [c];
    c.facts = c;
    return c;
  },
  'a throwing getter': (i, _, k) => Object.defineProperty({ ...i }, k, { enumerable: true, get: () => { throw new Error('getter'); } }),
  'a Proxy': (i) => new Proxy(i, { get: (t, p) => (p === 'activities' ? (() => { throw new RangeError('proxy'); })() : Reflect.get(t, p)) }),
  'a null-prototype copy': (i) => Object.assign(Object.create(null), i),
};

const counts = { decisions: 0, 'InvalidIncidentError': 0, crashes: 0, slowestMs: 0 };

async function outcome(policy: Policy, input: unknown): Promise<'decision' | 'invalid'> {
  const start = performance.now();
  try {
    const decision = await evaluate(policy, input as IncidentInput, { today: '2026-01-15' });
    expect(decision.policy.id).toBe(policy.id);
    counts.decisions++;
    return 'decision';
  } catch (error) {
    if (!(error instanceof InvalidIncidentError)) {
      counts.crashes++;
      throw error;
    }
    expect(typeof error.message).toBe('string');
    counts.InvalidIncidentError++;
    return 'invalid';
  } finally {
    const ms = performance.now() - start;
    counts.slowestMs = Math.max(counts.slowestMs, Math.round(ms));
    expect(ms).toBeLessThan(PER_INPUT_MS);
  }
}

function untouchedPrototype(): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_KEYS);
  expect(({} as Json).polluted).toBeUndefined();
}
const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype).sort();

describe('fuzzed incidents: a decision or InvalidIncidentError, nothing else', { timeout: FUZZ_TIMEOUT }, () => {
  afterAll(() => report('incidents', counts));

  it('random values', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(1), anyValue, async (p, input) => {
        await outcome(policies[p]!, input);
      }),
      fuzzSettings(300),
    );
    untouchedPrototype();
  });

  it('valid incidents are decided', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(1), validIncident, async (p, input) => {
        expect(await outcome(policies[p]!, input)).toBe('decision');
      }),
      fuzzSettings(100),
    );
  });

  it('mutated valid incidents', async () => {
    const names = Object.keys(MUTATIONS);
    await fc.assert(
      fc.asyncProperty(
        fc.nat(1),
        validIncident,
        fc.constantFrom(...names),
        anyValue,
        fc.oneof(fc.constantFrom(...PROTOTYPE_NAMES), fc.string()),
        async (p, incident, mutation, value, key) => {
          await outcome(policies[p]!, MUTATIONS[mutation]!(incident as Json, value, key));
        },
      ),
      fuzzSettings(200),
    );
    untouchedPrototype();
  });
});

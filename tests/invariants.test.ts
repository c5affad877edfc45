// Issue 16 (F16): safety properties declared beside the rules (invariants.yaml), checked over the
// whole incident space through the public functions (incidentSpace + evaluate).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkInvariants, formatDiagnostic, listBundledPolicies, loadBundledPolicy, loadPolicy, PolicyLoadError, readInvariants } from '../src/index.js';
import { invariantDiagnostics } from '../src/analysis/invariants.js';

const fixture = (name: string) => join(import.meta.dirname, 'fixtures', 'policies', name);

describe.each(listBundledPolicies())('%s: invariants', (id) => {
  it('declares at least ten, each quoting its sentence, and every one not marked pending holds over the whole incident space', async () => {
    const policy = await loadBundledPolicy(id);
    const loaded = readInvariants(policy)!;
    expect(loaded.invariants.length).toBeGreaterThanOrEqual(10);
    const results = await checkInvariants(policy, loaded);
    const failing = results.filter((r) => r.pending === undefined && (!r.holds || r.checked === 0)).map((r) => `${r.id}: ${r.counterexample?.failures.join('; ') ?? 'applies to no incident'}`);
    expect(failing).toEqual([]);
    expect(invariantDiagnostics(loaded.file, results)).toEqual([]);
  });
});

describe('checking invariants', () => {
  it('a property the rules do not meet is reported with its position and its first counterexample as an incident file', async () => {
    const policy = await loadPolicy(fixture('invariants-failing'));
    const loaded = readInvariants(policy)!;
    const results = await checkInvariants(policy, loaded);
    expect(results.map((r) => [r.id, r.holds])).toEqual([
      ['offensive-message-to-learner-to-lado', true],
      ['any-access-to-offensive-material-to-lado', false],
      ['headteacher-never-told', false],
    ]);
    const [problem, ...rest] = invariantDiagnostics(loaded.file, results);
    expect(rest).toEqual([]); // the pending one fails nothing
    expect(formatDiagnostic(problem!)).toBe(
      `${loaded.file}:14:9: invariant "any-access-to-offensive-material-to-lado" does not hold (Any access to offensive material by staff goes to the LADO): requires referral lado (must); the decision has none. First counterexample:
    id: counterexample-any-access-to-offensive-material-to-lado
    people:
      - role: staff
        involvement: subject
    activities:
      - accessing-offensive-or-pornographic-material`,
    );
  });

  it('a pending property that now holds must lose its "pending"; one that applies to nothing is reported', () => {
    const base = { id: 'x', says: 's', quote: 'q', checked: 3, holds: true, line: 2, column: 3 };
    expect(invariantDiagnostics('f.yaml', [{ ...base, pending: 'later' }]).map(formatDiagnostic)).toEqual([
      'f.yaml:2:3: invariant "x" holds now (over 3 incidents): remove its "pending"',
    ]);
    expect(invariantDiagnostics('f.yaml', [{ ...base, checked: 0 }]).map((d) => d.code)).toEqual(['invariant-vacuous']);
    expect(invariantDiagnostics('f.yaml', [{ ...base, checked: 0, pending: 'later' }])).toEqual([]);
  });

  it('an invariants file with unknown terms or keys is a positioned load error, nothing of it used', async () => {
    const policy = await loadPolicy(fixture('invariants-bad'));
    let error: unknown;
    try {
      readInvariants(policy);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PolicyLoadError);
    const file = join('tests', 'fixtures', 'policies', 'invariants-bad', 'invariants.yaml');
    expect((error as PolicyLoadError).diagnostics.map(formatDiagnostic)).toEqual([
      `${file}:6:17: unknown activity "sexting" (did you mean "sharing-nude-images-of-under-18s"?)`,
      `${file}:8:19: unknown referral "ladoo" (did you mean "lado"?)`,
    ]);
  });
});

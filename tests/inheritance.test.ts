import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { identity, loadErrors, policyFolders } from './policy-folders.js';
import { cli } from './cli/run-cli.js';
import { evaluate } from '../src/decision/evaluate.js';
import { loadBundledPolicy, loadPolicy, loadPolicyFromSources, type Decision } from '../src/index.js';
import { MAX_EXTENDS_DEPTH } from '../src/policy/inherit.js';

// Inheritance (`extends:`): a school's policy is its trust's plus its own (docs/your-school.md).

const { temp, folder } = policyFolders('online-safety-inherit-');

const phoneInLesson = { people: [{ role: 'pupil', involvement: 'subject' }], activities: ['using-personal-mobile-device'], facts: { 'lesson-time': true } };
const childProtection = { people: [{ role: 'pupil', involvement: 'affected' }], activities: ['sending-offensive-message'], facts: { 'child-protection-concern': true } };

const outcomes = (d: Decision) => [...d.classification, ...d.referrals, ...d.sanctions, ...d.notifications, ...d.obligations, ...d.prohibitions, ...d.judgements];

describe('a school that extends its trust (examples/mast-school)', () => {
  it("has its own identity, the trust's outcomes plus its own, each citing the policy it came from", async () => {
    const [school, trust] = await Promise.all([loadPolicy('examples/mast-school'), loadBundledPolicy('mast-academy-trust')]);
    expect([school.id, school.version]).toEqual(['mast-harbour-primary', '1.0']);
    expect(school.digest).not.toBe(trust.digest);
    const d = await evaluate(school, phoneInLesson);
    expect(d.policy.id).toBe('mast-harbour-primary');
    expect(d.prohibitions.find((o) => o.target === 'pupil-device-use-in-school')?.because).toEqual([
      { rule: 'pupil-personal-devices-not-used-in-school', cite: '7.7.pupil-devices-not-used', policy: 'mast-academy-trust' },
    ]);
    expect(d.notifications.find((o) => o.target === 'parents')?.because).toEqual([
      { rule: 'harbour-phone-held-at-office', cite: '7.7.storage-and-liability', policy: 'mast-harbour-primary' },
    ]);
    // Every trust outcome is still there.
    const fromTrust = outcomes(await evaluate(trust, phoneInLesson)).map((o) => `${o.kind} ${o.target} ${o.modality}`);
    expect(outcomes(d).map((o) => `${o.kind} ${o.target} ${o.modality}`)).toEqual(expect.arrayContaining(fromTrust));
  });

  it("names the school's contacts where it gives them, the trust's otherwise", async () => {
    const school = await loadPolicy('examples/mast-school');
    const d = await evaluate(school, childProtection);
    expect(d.referrals.find((o) => o.target === 'online-safety-lead')?.contact?.name).toBe('Sam Example');
    expect(school.manifest.contacts['dsl']?.name).toBe('Alex Example');
    // The delegated clause the school implements is no longer "not executable" in its ledger.
    expect(school.manifest.clauses.find((c) => c.id === '7.7.storage-and-liability')?.notExecutable).toBeUndefined();
  });

  it("gives bundled policies' decisions no policy in their reasons", async () => {
    const trust = await loadBundledPolicy('mast-academy-trust');
    const reasons = outcomes(await evaluate(trust, childProtection)).flatMap((o) => o.because);
    expect(reasons.length).toBeGreaterThan(0);
    for (const r of reasons) expect(Object.keys(r)).toEqual(['rule', 'cite']);
  });

  it('loads the same from its texts in memory, with the same digest', async () => {
    const dir = 'examples/mast-school';
    const files = Object.fromEntries(readdirSync(dir).filter((n) => n.endsWith('.yaml')).map((n) => [n, readFileSync(join(dir, n), 'utf8')]));
    const [onDisk, inMemory] = await Promise.all([loadPolicy(dir), loadPolicyFromSources({ files })]);
    expect(inMemory.digest).toBe(onDisk.digest);
    expect(await evaluate(inMemory, phoneInLesson)).toEqual(await evaluate(onDisk, phoneInLesson));
  });
});

const SCHOOL = `extends: mast-academy-trust\n${identity('harbour')}`;
const ruleFile = (rule: string) => `rules:\n${rule}`;

describe("a school may not weaken its trust's locked clauses", () => {
  it("refuses a replacement of a locked clause's rule, at the school's rule, naming the trust's clause", async () => {
    const dir = folder({
      'policy.yaml': SCHOOL,
      'rules.yaml': ruleFile(`  - id: serious-incident-recorded-on-cpoms
    cite: 7.11.record-serious-on-cpoms
    label: Serious incidents are recorded on CPOMS
    modality: must
    when: { fact: serious }
    then:
      - obligation: record-on-cpoms
`),
    });
    const errors = await loadErrors(loadPolicy(dir));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'locked-clause', line: 2, column: 9 });
    expect(errors[0]!.file).toMatch(/rules\.yaml$/);
    expect(errors[0]!.message).toContain('clause "7.11.record-serious-on-cpoms" (7.11: All serious online safety incidents are recorded on CPOMS) of mast-academy-trust');
    expect(errors[0]!.message).not.toContain('weaken');
  });

  it('says how a replacement would weaken the locked outcome (must → should)', async () => {
    const dir = folder({
      'policy.yaml': SCHOOL,
      'rules.yaml': ruleFile(`  - id: serious-incident-recorded-on-cpoms
    cite: 7.11.record-serious-on-cpoms
    label: Serious incidents should be recorded on CPOMS
    modality: should
    when: { fact: serious }
    then:
      - obligation: record-on-cpoms
`),
    });
    const [error] = await loadErrors(loadPolicy(dir));
    expect(error).toMatchObject({ code: 'locked-clause', line: 2, column: 9 });
    expect(error!.message).toContain('would weaken it (obligation record-on-cpoms must → should)');
  });

  it("refuses a rule that overrides (removes) a locked clause's rule, at the override", async () => {
    const dir = folder({
      'policy.yaml': SCHOOL,
      'rules.yaml': ruleFile(`  - id: harbour-no-police
    cite: 7.11.pupil-data-lost
    label: Not the police
    modality: may
    when: { fact: suspected-criminal-offence }
    override: [pupil-breach-police-or-childrens-services]
    then:
      - judgement: inform-parents-of-data-loss
`),
    });
    const [error] = await loadErrors(loadPolicy(dir));
    expect(error).toMatchObject({ code: 'locked-clause', line: 7, column: 16 });
    expect(error!.message).toContain('clause "8.0.5"');
    expect(error!.message).toContain('judgement contact-police-or-childrens-services removed');
  });

  it("lets a school replace the rule of a clause that is not locked", async () => {
    const dir = folder({
      'policy.yaml': SCHOOL,
      'rules.yaml': ruleFile(`  - id: pupil-personal-devices-not-used-in-school
    cite: 7.7.pupil-devices-not-used
    label: Pupils' phones are not used on the premises
    modality: must
    when: { all: [{ subject: pupil }, { activity: using-personal-mobile-device }, { fact: on-site }] }
    then:
      - prohibition: pupil-device-use-in-school
`),
    });
    const policy = await loadPolicy(dir);
    const rule = policy.rules.find((r) => r.id === 'pupil-personal-devices-not-used-in-school')!;
    expect(rule.policy).toBe('harbour');
    expect(policy.rules.filter((r) => r.id === rule.id)).toHaveLength(1);
    expect((await evaluate(policy, phoneInLesson)).prohibitions.map((o) => o.target)).not.toContain('pupil-device-use-in-school');
  });
});

describe("an extends that cannot be followed is a load error at the extends line", () => {
  it('an unknown parent', async () => {
    const dir = folder({ 'policy.yaml': `extends: no-such-trust\n${identity('harbour')}` });
    const errors = await loadErrors(loadPolicy(dir));
    expect(errors).toEqual([expect.objectContaining({ code: 'unknown-parent', line: 1, column: 10 })]);
    expect(errors[0]!.message).toContain('no bundled policy "no-such-trust"');
    expect((await loadErrors(loadPolicyFromSources({ files: { 'policy.yaml': `extends: ../trust\n${identity('harbour')}` } })))[0]).toMatchObject({ code: 'unknown-parent', line: 1 });
  });

  it('a cycle of extends (two folders extending each other)', async () => {
    folder({ 'policy.yaml': `extends: ../cycle-b\n${identity('cycle-a')}` }, 'cycle-a');
    folder({ 'policy.yaml': `extends: ../cycle-a\n${identity('cycle-b')}` }, 'cycle-b');
    const errors = await loadErrors(loadPolicy(join(temp, 'cycle-a')));
    expect(errors.map((e) => [e.code, e.line, e.column, e.file.split(/[\\/]/).slice(-2).join('/')])).toEqual([
      ['parent-failed', 1, 10, 'cycle-a/policy.yaml'],
      ['extends-cycle', 1, 10, 'cycle-b/policy.yaml'],
    ]);
    expect(errors[1]!.message).toMatch(/a cycle of extends: .*cycle-a → .*cycle-b → .*cycle-a$/);
  });

  it('a parent that does not load: its problems too, and nothing loaded', async () => {
    folder({ 'policy.yaml': `${identity('trust')}clauses:\n  - { id: c1, section: '1', label: A clause }\n` }, 'broken-trust');
    const school = folder({ 'policy.yaml': `extends: ../broken-trust\n${identity('school')}` });
    const errors = await loadErrors(loadPolicy(school));
    expect(errors.map((e) => e.code).sort()).toEqual(['parent-failed', 'unimplemented-clause']);
    expect(errors.find((e) => e.code === 'parent-failed')).toMatchObject({ line: 1, column: 10, file: expect.stringMatching(/p\d+[\\/]policy\.yaml$/) });
    expect(errors.find((e) => e.code === 'unimplemented-clause')!.file).toMatch(/broken-trust[\\/]policy\.yaml$/);
  });
});

describe('an extends that could be followed but should not be', () => {
  it('an absolute path: the folders would not move together', async () => {
    folder({ 'policy.yaml': `${identity('abs-trust')}clauses:\n  - { id: c1, section: '1', label: A clause, notExecutable: test }\n` }, 'abs-trust');
    const errors = await loadErrors(loadPolicy(folder({ 'policy.yaml': `extends: ${join(temp, 'abs-trust')}\n${identity('school')}` })));
    expect(errors).toEqual([expect.objectContaining({ code: 'absolute-path', line: 1, column: 10 })]);
    expect(errors[0]!.message).toContain('write the folder relative to this policy\'s folder');
  });

  it(`a chain of extends more than ${MAX_EXTENDS_DEPTH} policies long`, async () => {
    folder({ 'policy.yaml': `${identity('chain-0')}clauses:\n  - { id: c1, section: '1', label: A clause, notExecutable: test }\n` }, 'chain-0');
    for (let i = 1; i <= MAX_EXTENDS_DEPTH; i++) folder({ 'policy.yaml': `extends: ../chain-${i - 1}\n${identity(`chain-${i}`)}` }, `chain-${i}`);
    // Eight policies (chain-7 down to chain-0) load; the ninth does not.
    expect((await loadPolicy(join(temp, `chain-${MAX_EXTENDS_DEPTH - 1}`))).id).toBe(`chain-${MAX_EXTENDS_DEPTH - 1}`);
    const errors = await loadErrors(loadPolicy(join(temp, `chain-${MAX_EXTENDS_DEPTH}`)));
    expect(errors.map((e) => e.code)).toContain('extends-too-long');
  });
});

describe('a folder parent given in memory (loadPolicyFromSources parents, as the triage page holds them)', () => {
  const trustFiles = {
    'policy.yaml': `${identity('memory-trust')}clauses:\n  - { id: c1, section: '1', label: Offensive messages go to the DSL }\n`,
    'rules.yaml': ruleFile(`  - { id: r1, cite: c1, label: To the DSL, modality: must, when: { activity: sending-offensive-message }, then: [{ referral: dsl }] }\n`),
  };
  const schoolFiles = { 'policy.yaml': `extends: ../trust\n${identity('memory-school')}` };

  it('loads as from disk, with the same digest and the parent named in each reason', async () => {
    folder(trustFiles, 'memory/trust');
    const fromDisk = await loadPolicy(folder(schoolFiles, 'memory/school'));
    const inMemory = await loadPolicyFromSources({ files: schoolFiles, parents: { '../trust': { files: trustFiles } } });
    expect(inMemory.digest).toBe(fromDisk.digest);
    const d = await evaluate(inMemory, { people: [{ role: 'pupil', involvement: 'subject' }], activities: ['sending-offensive-message'] });
    expect(d.referrals.map((o) => [o.target, o.because[0]!.policy])).toEqual([['dsl', 'memory-trust']]);
  });

  it('a parent not given is an error naming what was given; a cycle in memory is found', async () => {
    const missing = await loadErrors(loadPolicyFromSources({ files: schoolFiles, parents: { '../other': { files: trustFiles } } }));
    expect(missing).toEqual([expect.objectContaining({ code: 'unknown-parent', line: 1, column: 10 })]);
    expect(missing[0]!.message).toContain('parents given: ../other');
    const a: { files: Record<string, string>; parents: Record<string, unknown> } = { files: { 'policy.yaml': `extends: ../b\n${identity('a')}` }, parents: {} };
    const b = { files: { 'policy.yaml': `extends: ../a\n${identity('b')}` }, parents: { '../a': a } };
    a.parents['../b'] = b;
    const cycle = await loadErrors(loadPolicyFromSources(a as Parameters<typeof loadPolicyFromSources>[0]));
    expect(cycle.map((e) => e.code).sort()).toEqual(['extends-cycle', 'parent-failed']);
  });
});

describe('delegated clauses', () => {
  const trust = (delegated: boolean) => `${identity('trust')}clauses:
  - { id: own, section: '1', label: The trust's own clause }
  - { id: phones, section: '2', label: Each school stores phones its own way${delegated ? ', delegated: true' : ''} }
`;
  const trustRules = ruleFile(`  - id: own-rule
    cite: own
    label: Own
    modality: must
    when: { activity: sending-offensive-message }
    then: [{ referral: dsl }]
`);

  it('need no rule in the policy that delegates them; a clause that is not delegated does', async () => {
    await expect(loadPolicy(folder({ 'policy.yaml': trust(true), 'rules.yaml': trustRules }))).resolves.toBeDefined();
    const errors = await loadErrors(loadPolicy(folder({ 'policy.yaml': trust(false), 'rules.yaml': trustRules })));
    expect(errors.map((e) => e.code)).toEqual(['unimplemented-clause']);
  });

  it("are implemented by a school's rule; a folder parent's rules come with its id", async () => {
    folder({ 'policy.yaml': trust(true), 'rules.yaml': trustRules }, 'delegating-trust');
    const school = await loadPolicy(
      folder({
        'policy.yaml': `extends: ../delegating-trust\n${identity('school')}contacts:\n  dsl: { name: Pat, role: DSL }\n`,
        'phones.yaml': ruleFile(`  - id: phones-held
    cite: phones
    label: Phones held at the office
    modality: must
    when: { activity: using-personal-mobile-device }
    then: [{ notification: parents }]
`),
      }),
    );
    expect(school.rules.map((r) => [r.id, r.policy])).toEqual([
      ['own-rule', 'trust'],
      ['phones-held', 'school'],
    ]);
    const d = await evaluate(school, { people: [], activities: ['sending-offensive-message'], facts: {} });
    expect(d.referrals).toEqual([expect.objectContaining({ target: 'dsl', contact: { name: 'Pat', role: 'DSL' }, because: [{ rule: 'own-rule', cite: 'own', policy: 'trust' }] })]);
  });
});

describe('online-safety diff --against-parent', () => {
  it("lists a school's departures from its trust: contacts, clauses, rules, and the incidents decided differently", async () => {
    const r = await cli(['diff', '--against-parent', 'examples/mast-school']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  + dsl: Alex Example, Designated Safeguarding Lead');
    expect(r.stdout).toContain('  + harbour-phone-held-at-office (7.7.storage-and-liability)');
    expect(r.stdout).toMatch(/Now: Tell the parents or carers of the pupils involved \(must, promptly\): \d+ incidents/);
    const bundled = await cli(['diff', '--against-parent', 'mast-academy-trust']);
    expect([bundled.code, bundled.stderr]).toEqual([1, 'online-safety diff: mast-academy-trust extends no policy (its manifest has no extends:)\n']);
  });
});

describe("the action plan of a school's decision", () => {
  it('says which policy each clause footnote comes from; a bundled policy\'s does not', async () => {
    const incident = join(temp, 'phone.yaml');
    writeFileSync(incident, JSON.stringify(phoneInLesson));
    const school = await cli(['evaluate', '--policy', 'examples/mast-school', incident]);
    expect(school.code).toBe(0);
    expect(school.stdout).toMatch(/\[\d+\] 7\.7, 7\.7\.storage-and-liability: [^\]]*\(from mast-harbour-primary\)/);
    expect(school.stdout).toMatch(/\[\d+\] 8\.0, 8\.0\.1: Complaints or breaches of conduct are dealt with promptly \(from\s+mast-academy-trust\)/);
    const trust = await cli(['evaluate', '--policy', 'mast-academy-trust', incident]);
    expect(trust.stdout).toContain('8.0, 8.0.1: Complaints or breaches of conduct are dealt with promptly\n');
    const d = await evaluate(await loadPolicy('examples/mast-school'), phoneInLesson);
    const parents = [...d.plan.doNow, ...d.plan.doNext.flatMap((g) => g.lines)].find((l) => l.target === 'parents');
    expect(parents?.because).toEqual([{ rule: 'harbour-phone-held-at-office', cite: '7.7.storage-and-liability', policy: 'mast-harbour-primary' }]);
  });
});

import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { identity, loadErrors, policyFolders } from './policy-folders.js';
import { cli } from './cli/run-cli.js';
import { diffPolicies } from '../src/analysis/diff.js';
import { evaluate } from '../src/decision/evaluate.js';
import {
  InvalidIncidentError,
  loadBundledPolicy,
  loadPolicy,
  loadPolicyFromSources,
  parseIncident,
  runScenarioPaths,
  type Decision,
  type Duty,
  type Terms,
} from '../src/index.js';
import '../src/vitest.js';

// A policy's own vocabulary (vocabulary.yaml in its folder; docs/your-school.md, "Your own terms"):
// terms added to the vocabulary it is read with, never redefined (DESIGN.md: "a school may add
// terms, never redefine them"; issue 12: "its own activities and contacts need no fork").

const { temp, folder } = policyFolders('online-safety-vocabulary-');

/** A standalone school policy with its own activity, duty and target, and one rule using them. */
const ownTerms = {
  'policy.yaml': `${identity('riverside')}contacts:
  school-nurse: { name: Robin Example, role: School Nurse }
clauses:
  - { id: r1, section: '1', label: Vaping on site is dealt with by the pastoral team, says: will }
`,
  'vocabulary.yaml': `activities:
  vaping-on-site:
    description: Vaping or using an e-cigarette on the school site
    aliases: [vaping, e-cigarette]
duties:
  confiscate-vape: Confiscate the vape and hand it to the pastoral office
targets:
  school-nurse: The school nurse
`,
  'rules.yaml': `rules:
  - id: vaping
    cite: r1
    label: Vaping on site
    modality: must
    when: { all: [{ subject: pupil }, { activity: vaping-on-site }] }
    then:
      - obligation: confiscate-vape
      - notification: school-nurse
`,
};

const vaping = { people: [{ role: 'pupil', involvement: 'subject' }], activities: ['vaping-on-site'] };
const outcomeKeys = (d: Decision) => [...d.notifications, ...d.obligations].map((o) => `${o.kind} ${o.target} ${o.modality}`).sort();

describe("a school's own terms", () => {
  it('are read with the shared ones: its rules use them, its incidents name them, its decisions give them', async () => {
    const policy = await loadPolicy(folder(ownTerms));
    expect(policy.vocabulary.activities['vaping-on-site']).toBe('Vaping or using an e-cigarette on the school site');
    expect(policy.vocabulary.activities['sending-offensive-message']).toBeDefined(); // the shared terms are there too
    const d = await evaluate(policy, vaping, { today: '2026-06-01' });
    expect(outcomeKeys(d)).toEqual(['notification school-nurse must', 'obligation confiscate-vape must']);
    expect(d.notifications[0]!.contact).toEqual({ name: 'Robin Example', role: 'School Nurse' });
    // Not the shared vocabulary's: a bundled policy does not know the school's activity.
    const elim = await loadBundledPolicy('elim-school');
    expect(() => parseIncident(vaping, elim.vocabulary)).toThrow(InvalidIncidentError);
    expect(Object.hasOwn(elim.vocabulary.activities, 'vaping-on-site')).toBe(false);
  });

  it('are aliases for "did you mean" like the shared ones', async () => {
    const policy = await loadPolicy(folder(ownTerms));
    const error = (() => {
      try {
        parseIncident({ ...vaping, activities: ['vaping'] }, policy.vocabulary);
      } catch (e) {
        return e as InvalidIncidentError;
      }
    })();
    expect(error?.issues[0]?.message).toContain('"vaping-on-site"');
  });

  it('are part of the digest, and the same from texts in memory as from the folder', async () => {
    const fromFolder = await loadPolicy(folder(ownTerms));
    const fromTexts = await loadPolicyFromSources({ files: ownTerms });
    expect(fromTexts.digest).toBe(fromFolder.digest);
    const changed = await loadPolicyFromSources({ files: { ...ownTerms, 'vocabulary.yaml': ownTerms['vocabulary.yaml'].replace('the pastoral office', 'the office') } });
    expect(changed.digest).not.toBe(fromFolder.digest);
  });

  it('without vocabulary.yaml, are unknown terms at the rule that uses them', async () => {
    const { 'vocabulary.yaml': _, ...withoutVocabulary } = ownTerms;
    const errors = await loadErrors(loadPolicy(folder(withoutVocabulary)));
    expect(errors.map((e) => `${basename(e.file)}:${e.line} ${e.code}`).sort()).toEqual([
      'policy.yaml:9 unknown-term', // contacts: school-nurse
      'rules.yaml:6 unknown-term', // activity: vaping-on-site
      'rules.yaml:8 unknown-term', // obligation: confiscate-vape
      'rules.yaml:9 unknown-term', // notification: school-nurse
    ]);
  });
});

describe('a term is added, never redefined: each problem positioned in vocabulary.yaml, nothing loaded', () => {
  const withVocabulary = (text: string) => folder({ ...ownTerms, 'vocabulary.yaml': text });

  it('a term of the shared vocabulary given again (even with the same words) is refused at its key', async () => {
    const errors = await loadErrors(
      loadPolicy(withVocabulary(`${ownTerms['vocabulary.yaml']}roles:\n  pupil: A child at the school\nfacts:\n  deliberate: { description: It was on purpose }\n`)),
    );
    expect(errors.map((e) => [e.code, e.line, e.column, e.file.endsWith('vocabulary.yaml')])).toEqual([
      ['redefined-term', 10, 3, true],
      ['redefined-term', 12, 3, true],
    ]);
    expect(errors[0]!.message).toBe(
      'the role "pupil" is a term of the shared vocabulary already: a policy may add terms, never redefine one (use it as it is, or add a term with a new id)',
    );
  });

  it('involvement cannot be added to', async () => {
    const errors = await loadErrors(loadPolicy(withVocabulary(`involvement:\n  bystander: Someone who saw it\n${ownTerms['vocabulary.yaml']}`)));
    expect(errors).toMatchObject([{ code: 'fixed-catalogue', line: 1, column: 1 }]);
  });

  it('an unknown catalogue, a term id that is not kebab-case, a technology implying an unknown fact', async () => {
    const errors = await loadErrors(
      loadPolicy(
        withVocabulary(`${ownTerms['vocabulary.yaml']}activity:\n  x: X\nsanctions:\n  Detention: After-school detention\ntechnologies:\n  school-tablet:\n    description: A school tablet\n    implies: { facts: { tablet-was-lent: true } }\n`),
      ),
    );
    expect(errors.map((e) => [e.code, e.line])).toEqual([
      ['unknown-key', 9],
      ['invalid-key', 12],
    ]);
    const implied = await loadErrors(
      loadPolicy(withVocabulary(`${ownTerms['vocabulary.yaml']}technologies:\n  school-tablet:\n    description: A school tablet\n    implies: { facts: { tablet-was-lent: true }, technologies: [mobile-phone] }\n`)),
    );
    expect(implied.map((e) => [e.code, e.line, e.message])).toEqual([['unknown-term', 12, 'implies unknown fact "tablet-was-lent"']]);
  });

  it('a vocabulary that does not parse is reported alone (the rules using its terms are not also "unknown")', async () => {
    const errors = await loadErrors(loadPolicy(withVocabulary('activities:\n  vaping-on-site: [unclosed\n')));
    expect(errors.map((e) => e.code)).toEqual(['yaml-syntax']);
    expect(errors[0]!.file).toMatch(/vocabulary\.yaml$/);
  });

  it('vocabulary.yml is refused with the name to use, not read as a rule file', async () => {
    const { 'vocabulary.yaml': text, ...rest } = ownTerms;
    const errors = await loadErrors(loadPolicy(folder({ ...rest, 'vocabulary.yml': text })));
    expect(errors.find((e) => e.code === 'misnamed-file')?.message).toContain('vocabulary.yaml');
  });
});

describe('inherited terms', () => {
  it("a school of a trust with its own terms reads the trust's terms and its own; redefining the trust's is refused, naming the trust", async () => {
    folder(ownTerms, 'vocab-trust');
    const school = folder({
      'policy.yaml': `extends: ../vocab-trust\n${identity('riverside-juniors')}`,
      'vocabulary.yaml': 'duties:\n  call-home: Ring the pupil\'s home the same day\n',
    });
    const policy = await loadPolicy(school);
    expect(Object.keys(policy.vocabulary.duties)).toEqual(expect.arrayContaining(['confiscate-vape', 'call-home', 'log-incident']));
    expect(outcomeKeys(await evaluate(policy, vaping))).toEqual(['notification school-nurse must', 'obligation confiscate-vape must']);

    const redefining = folder({ 'policy.yaml': `extends: ../vocab-trust\n${identity('riverside-infants')}`, 'vocabulary.yaml': 'activities:\n  vaping-on-site: Vaping\n' });
    const errors = await loadErrors(loadPolicy(redefining));
    expect(errors).toMatchObject([{ code: 'redefined-term', line: 2, column: 3, message: expect.stringContaining('a term of the vocabulary of riverside already') }]);
  });

  it('the example school (examples/mast-school) adds a duty the trust does not have', async () => {
    const [school, trust] = await Promise.all([loadPolicy('examples/mast-school'), loadBundledPolicy('mast-academy-trust')]);
    const phone = { people: [{ role: 'pupil', involvement: 'subject' }], activities: ['using-personal-mobile-device'], facts: { 'lesson-time': true } };
    const d = await evaluate(school, phone);
    expect(d.obligations.find((o) => o.target === 'hold-phone-at-office')).toMatchObject({ modality: 'must', label: "Hold the pupil's phone at the school office until a parent collects it" });
    expect(Object.hasOwn(trust.vocabulary.duties, 'hold-phone-at-office')).toBe(false);
  });
});

describe("tools read a school's terms", () => {
  it('scenario files are checked in their policy\'s vocabulary (a misspelt school term is still an error)', async () => {
    const dir = folder({
      ...ownTerms,
      'scenarios/vaping.yaml': `policy: ..\nscenarios:\n  - name: Vaping\n    incident: { people: [{ role: pupil, involvement: subject }], activities: [vaping-on-site] }\n    expect: [{ obligation: confiscate-vape, cite: r1 }]\n    forbid: [{ obligation: confiscate-vapes }]\n`,
    });
    const [result] = await runScenarioPaths([join(dir, 'scenarios')]);
    expect(result!.diagnostics.map((d) => [d.code, d.line, d.message])).toEqual([['unknown-term', 6, 'unknown obligation "confiscate-vapes" (did you mean "confiscate-vape"?)']]);
    writeFileSync(join(dir, 'scenarios/vaping.yaml'), readFileSync(join(dir, 'scenarios/vaping.yaml'), 'utf8').replace('confiscate-vapes', 'log-incident'));
    const [passing] = await runScenarioPaths([join(dir, 'scenarios')]);
    expect(passing!.results.map((r) => r.passed)).toEqual([true]);
  });

  it("the vitest matchers know the school's terms of the decision's policy (with .not too)", async () => {
    const policy = await loadPolicy(folder(ownTerms));
    const d = await evaluate(policy, { people: [{ role: 'pupil', involvement: 'subject' }], activities: ['sending-offensive-message'] });
    // The school's Terms (what `online-safety types` prints for it), as evaluate<Terms> takes them.
    interface Riverside extends Omit<Terms, 'duty'> {
      duty: Duty | 'confiscate-vape';
    }
    expect(d).not.toRequireObligation<Riverside>('confiscate-vape');
    // @ts-expect-error a misspelt term does not compile, and fails at run time too
    expect(() => expect(d).not.toRequireObligation<Riverside>('confiscate-vapes')).toThrow(/unknown obligation "confiscate-vapes"/);
  });

  it('diff: the terms added, and the incidents naming them decided under each version as its vocabulary describes them', async () => {
    const bare = { 'policy.yaml': ownTerms['policy.yaml'].replace(/contacts:\n.*\n/, '') };
    const before = await loadPolicy(folder({ ...bare, 'rules.yaml': 'rules:\n  - { id: other, cite: r1, label: Other, modality: must, when: { activity: sending-offensive-message }, then: [{ referral: dsl }] }\n' }));
    const after = await loadPolicy(folder({ ...ownTerms, 'rules.yaml': `${ownTerms['rules.yaml']}  - { id: other, cite: r1, label: Other, modality: must, when: { activity: sending-offensive-message }, then: [{ referral: dsl }] }\n` }));
    const diff = await diffPolicies(before, after);
    expect(diff.structural.terms.added.map((t) => `${t.catalogue} ${t.id}`)).toEqual(['activities vaping-on-site', 'targets school-nurse', 'duties confiscate-vape'].sort((a, b) => order(a) - order(b)));
    expect(diff.structural.terms.removed).toEqual([]);
    const now = diff.behaviour.changes.map((c) => `${c.change} ${c.outcome.target} ${c.activities.join('|')}`).sort();
    expect(now).toEqual(['now confiscate-vape vaping-on-site', 'now school-nurse vaping-on-site']);
  });

  it('CLI: types, list and validate --policy use the policy\'s terms', async () => {
    const dir = folder(ownTerms);
    const types = await cli(['types', dir]);
    expect(types.code).toBe(0);
    expect(types.stdout).toContain("'vaping-on-site'");
    const list = await cli(['list', 'activities', '--policy', dir, '--search', 'vaping']);
    expect(list.stdout).toMatch(/^vaping-on-site {2}Vaping or using an e-cigarette on the school site \(also: vaping, e-cigarette\)$/m);
    // Beside the policy folder, not in it (a file in a policy folder is part of the policy).
    const incident = join(temp, 'vaping-incident.yaml');
    writeFileSync(incident, 'people: [{ role: pupil, involvement: subject }]\nactivities: [vaping-on-site]\n');
    expect((await cli(['validate', '--policy', dir, incident])).code).toBe(0);
    const shared = await cli(['validate', incident]);
    expect(shared.code).toBe(1);
    expect(shared.stdout).toContain('unknown activity "vaping-on-site"');
  });
});

/** Catalogue order of the structural diff: the vocabulary's (roles, ..., activities, targets, sanctions, duties, ...). */
function order(entry: string): number {
  return ['roles', 'involvement', 'activities', 'targets', 'sanctions', 'duties', 'classifications', 'judgements', 'technologies', 'facts'].indexOf(entry.split(' ')[0]!);
}

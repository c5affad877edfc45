import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../src/index.js';
import { ruleOutcomes } from '../src/decision/evaluate.js';
import { termLabel } from '../src/decision/explain.js';
import { listBundledPolicies, loadBundledPolicy } from '../src/engine/load.js';
import { parseIncident } from '../src/incident/parse.js';
import { didYouMeanTerm, searchTerms } from '../src/vocabulary/aliases.js';
import { bundledVocabulary, vocabularyDiagnostics } from '../src/vocabulary/load.js';

describe('the shared vocabulary', () => {
  it('the bundled rules/vocabulary.yaml is valid', () => {
    const { vocabulary, diagnostics } = vocabularyDiagnostics('rules/vocabulary.yaml', readFileSync('rules/vocabulary.yaml', 'utf8'));
    expect(diagnostics).toEqual([]);
    for (const target of ['line-manager', 'headteacher', 'la-hr', 'lado', 'police', 'technical-support', 'dsl', 'online-safety-lead', 'safeguarding-adviser', 'children-safeguarding-team', 'data-protection-officer', 'senior-leader', 'parents']) {
      expect(vocabulary!.targets, target).toHaveProperty(target);
    }
    for (const involvement of ['subject', 'affected', 'reporter', 'witness']) expect(vocabulary!.involvement).toHaveProperty(involvement);
  });

  it('a bad vocabulary is answered with every problem and its position', () => {
    const file = 'tests/fixtures/vocabulary/bad.yaml';
    const { vocabulary, diagnostics } = vocabularyDiagnostics(file, readFileSync(file, 'utf8'));
    expect(vocabulary).toBeUndefined();
    expect(diagnostics.map(formatDiagnostic).sort()).toEqual([
      `${file}:14:1: unknown key "colours"`,
      `${file}:3:3: invalid key "Pupil" in roles: must be a kebab-case id (lower-case letters, digits, "-" or ".")`,
      `${file}:7:15: facts.deliberate: Invalid input: expected object, received string`,
    ]);
  });
});

describe('duty labels read as what is to be done (or not done)', () => {
  // Outcomes are shown as "Do: <label>" and "Do not: <label>" (decision/explain.ts outcomePhrase),
  // so a label written as a rule ("Staff never ...", "... only with permission") would turn a
  // prohibition into its opposite or a double negative.
  it('every duty a bundled rule forbids is named as the act itself, with no negation of its own', async () => {
    const forbidden = new Map<string, string>();
    for (const id of listBundledPolicies()) {
      const policy = await loadBundledPolicy(id);
      for (const rule of policy.rules) {
        for (const o of ruleOutcomes(policy, rule.id)) if (o.kind === 'prohibition') forbidden.set(o.target, termLabel(policy.vocabulary, o.kind, o.target));
      }
    }
    expect(forbidden.size).toBeGreaterThan(0);
    const negated = [...forbidden].filter(([, label]) => /\b(never|not|no|only|forbidden)\b/i.test(label)).map(([duty]) => duty);
    expect(negated).toEqual([]);
  });
});

describe('outcome labels and timings', () => {
  // The timing is printed after the label ("Do: deal with the complaint or breach, promptly").
  it('no outcome a bundled rule gives with a timing repeats the timing in its label', async () => {
    const repeated: string[] = [];
    for (const id of listBundledPolicies()) {
      const policy = await loadBundledPolicy(id);
      for (const rule of policy.rules) {
        for (const o of ruleOutcomes(policy, rule.id)) {
          const label = termLabel(policy.vocabulary, o.kind, o.target);
          if (o.timing !== undefined && label.toLowerCase().includes(o.timing)) repeated.push(`${rule.id}: ${label}, ${o.timing}`);
        }
      }
    }
    expect(repeated).toEqual([]);
  });
});

describe('aliases and implications (issue 16, class 5: terms a real incident needs)', () => {
  it('a term may be a description or { description, aliases }; both read as the description', () => {
    const v = bundledVocabulary();
    expect(v.activities['sharing-nude-images-of-under-18s']).toMatch(/in law, an image of child abuse/);
    expect(v.aliases.activities?.['sharing-nude-images-of-under-18s']).toContain('sexting');
    expect(v.roles['outside-adult']).toMatch(/stranger in a game chat/);
    expect(v.roles['community-user']).toBe('A community user of the school\'s systems');
  });

  it('an alias is suggested as its term ("did you mean"), whatever its case or spacing', () => {
    const v = bundledVocabulary();
    expect(didYouMeanTerm('sexting', v, 'activities')).toBe(' (did you mean "sharing-nude-images-of-under-18s"?)');
    expect(didYouMeanTerm('Cyber bullying', v, 'activities')).toBe(' (did you mean "posting-offensive-content"?)');
    expect(didYouMeanTerm('stranger', v, 'roles')).toBe(' (did you mean "outside-adult"?)');
    expect(didYouMeanTerm('grooming', v, 'activities')).toBe(' (did you mean "grooming-or-sexual-exploitation-of-children"?)');
    expect(didYouMeanTerm('zzzz', v, 'activities')).toBe('');
  });

  it('an incident naming an unknown word gets the term it stands for as a hint', () => {
    expect(() => parseIncident({ people: [{ role: 'stranger', involvement: 'subject' }], activities: ['hacking'] })).toThrow(
      /people\[0\]\.role: unknown role "stranger" \(did you mean "outside-adult"\?\)[\s\S]*unknown activity "hacking" \(did you mean "using-another-persons-account"\?\)/,
    );
  });

  it('a term search matches every word in the id, the description or an alias', () => {
    const v = bundledVocabulary();
    expect(searchTerms(v, 'activities', ['nudes'])).toEqual(['sharing-nude-images-of-under-18s']);
    expect(searchTerms(v, 'activities', ['radicalisation'])).toEqual(['accessing-radicalising-material']);
    expect(searchTerms(v, 'roles', ['game chat'])).toEqual(['outside-adult']);
    expect(searchTerms(v, 'facts', ['self-harm'])).toEqual(['pupil-at-risk']);
  });

  // Words a DSL types for common online harms find the term that describes them (each alias read
  // against its term's description: secret filming is upskirting; a fake profile is a falsehood).
  it.each([
    ['upskirting', 'recording-without-permission'],
    ['revenge porn', 'revealing-others-personal-information'],
    ['livestream', 'publishing-recordings-online'],
    ['online predator', 'grooming-or-sexual-exploitation-of-children'],
    ['catfishing', 'communicating-known-falsehoods'],
    ['fake account', 'communicating-known-falsehoods'],
    ['misogyny', 'promoting-discrimination-or-hatred'],
    ['cyberstalking', 'sending-offensive-message'],
    ['pro-ana', 'accessing-harmful-content'],
    ['bomb threat', 'threatening-or-abusive-communication'],
    ['dark web', 'accessing-illegal-material'],
  ])('searching "%s" finds %s', (words, term) => {
    expect(searchTerms(bundledVocabulary(), 'activities', [words])).toContain(term);
  });

  it('an app on a personal phone is read as the phone, on a personal device, unless the incident says otherwise', () => {
    const read = parseIncident({ people: [{ role: 'pupil', involvement: 'subject' }], activities: ['posting-offensive-content'], technologies: ['personal-phone-app'] });
    expect(read.technologies).toEqual(['personal-phone-app', 'mobile-phone']);
    expect(read.facts).toEqual({ 'personal-device': true });
    const given = parseIncident({ activities: ['posting-offensive-content'], technologies: ['personal-phone-app', 'mobile-phone'], facts: { 'personal-device': false } });
    expect(given.technologies).toEqual(['personal-phone-app', 'mobile-phone']);
    expect(given.facts).toEqual({ 'personal-device': false });
  });

  it('an implication naming an unknown technology or fact is a positioned load error', () => {
    const file = 'tests/fixtures/vocabulary/bad-implies.yaml';
    const { vocabulary, diagnostics } = vocabularyDiagnostics(file, readFileSync(file, 'utf8'));
    expect(vocabulary).toBeUndefined();
    expect(diagnostics.map(formatDiagnostic).sort()).toEqual([
      `${file}:19:22: technologies.phone-app.implies.technologies[0]: implies unknown technology "mobile-phon"`,
      `${file}:20:33: technologies.phone-app.implies.facts.personal-devise: implies unknown fact "personal-devise"`,
    ]);
  });
});

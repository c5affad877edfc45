// Issue 14, class 1: an Object.prototype name (constructor, __proto__, toString, ...) is an
// unknown term wherever input meets a table: rule files, manifests, incidents, scenario files.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidIncidentError, bundledVocabulary, parseIncident, readScenarioFile } from '../../src/index.js';
import { loadProblems, tempPolicy } from './temp-policy.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

/** The valid fixture with one line of its rule file replaced. */
async function ruleFileProblems(from: string, to: string) {
  const p = tempPolicy();
  cleanup = p.remove;
  const text = p.read('rules.yaml');
  expect(text).toContain(from);
  p.write('rules.yaml', text.replace(from, to));
  return loadProblems(p.dir);
}

// A spelling hint may follow ("constructor" is near the alias "contractor" of visitor); it must
// name a real term, never the prototype name itself. The message without it is what is compared.
function withoutHint(message: string): string {
  const hint = / \(did you mean "([^"]+)"\?\)$/.exec(message);
  if (hint === null) return message;
  expect(Object.hasOwn(Object.prototype, hint[1]!) || hint[1] === '__proto__').toBe(false);
  return message.slice(0, hint.index);
}

const brief = (d: { code: string; message: string; line: number; column: number }) => `${d.line}:${d.column} ${d.code}: ${withoutHint(d.message)}`;

describe('prototype names in a rule file are unknown terms, each once, at the term', () => {
  it.each([
    ['referral', '      - referral: lado', '      - referral: constructor', '12:19 unknown-term: unknown target "constructor"'],
    ['by', '      - referral: lado', '      - referral: lado\n        by: constructor', '13:13 unknown-term: unknown target "constructor"'],
    ['activity', '        - activity: sending-offensive-message', '        - activity: constructor', '9:21 unknown-term: unknown activity "constructor"'],
    ['role (subject)', '        - subject: staff', '        - subject: constructor', '8:20 unknown-term: unknown role "constructor"'],
    ['fact', '        - activity: sending-offensive-message', '        - fact: constructor', '9:17 unknown-term: unknown fact "constructor"'],
    ['technology', '        - activity: sending-offensive-message', '        - technology: constructor', '9:23 unknown-term: unknown technology "constructor"'],
  ])('%s: constructor', async (_, from, to, expected) => {
    const problems = await ruleFileProblems(from, to);
    expect(problems.map(brief)).toEqual([expected]);
  });

  it('toString and __proto__ are not even ids (kebab-case), so the schema rejects them at the term', async () => {
    const problems = await ruleFileProblems('      - referral: lado', '      - referral: toString');
    expect(problems.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual(['12:19 invalid-value']);
  });
});

describe('prototype names in a manifest', () => {
  it('"constructor" under contacts is an unknown target, at its key', async () => {
    const p = tempPolicy();
    cleanup = p.remove;
    p.write('policy.yaml', `${p.read('policy.yaml')}contacts:\n  constructor:\n    role: Someone\n`);
    expect((await loadProblems(p.dir)).map(brief)).toEqual(['14:3 unknown-term: unknown target "constructor" in contacts']);
  });

  it('"__proto__" under contacts is an error at its key, not silently dropped', async () => {
    const p = tempPolicy();
    cleanup = p.remove;
    p.write('policy.yaml', `${p.read('policy.yaml')}contacts:\n  __proto__:\n    role: Someone\n`);
    expect((await loadProblems(p.dir)).map(brief)).toEqual(['14:3 reserved-key: key "__proto__" is not allowed']);
  });
});

describe('prototype names in an incident', () => {
  const vocabulary = bundledVocabulary();
  const issues = (input: unknown) => {
    try {
      parseIncident(input, vocabulary);
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidIncidentError);
      return (error as InvalidIncidentError).issues.map((i) => `${i.path.join('.')}: ${withoutHint(i.message)}`);
    }
    throw new Error('the incident was accepted');
  };

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'])('"%s" is an unknown activity, role, involvement, technology and fact', (name) => {
    const input = JSON.parse(
      JSON.stringify({ activities: [name], technologies: [name], people: [{ role: name, involvement: name }] }).replace(/}$/, `,"facts":{"${name}":true}}`),
    );
    expect(issues(input)).toEqual([
      `people.0.role: unknown role "${name}"`,
      `people.0.involvement: unknown involvement "${name}"`,
      `activities.0: unknown activity "${name}"`,
      `technologies.0: unknown technology "${name}"`,
      `facts.${name}: unknown fact "${name}"`,
    ]);
  });
});

describe('prototype names in a scenario file', () => {
  it('expect, forbid, by and asks naming "constructor" are unknown terms, positioned', () => {
    const loaded = readScenarioFile(join('tests', 'fixtures', 'hostile', 'scenario-prototype-names.yaml'));
    expect(loaded.value).toBeUndefined();
    expect(loaded.diagnostics.map(brief)).toEqual([
      '9:19 unknown-term: unknown referral target "constructor"',
      '11:13 unknown-term: unknown target "constructor"',
      '13:19 unknown-term: unknown sanction "constructor"',
      '14:12 unknown-term: asks: unknown fact "constructor"',
    ]);
  });
});

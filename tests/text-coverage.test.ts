// Issue 16, class 6: "A ledger that can miss clauses without noticing". Each policy ships its text
// (rules/<policy>/source.txt); every clause quotes it, checked at load with the quote's position;
// the incident-related sections are split into sentences and each is quoted by a clause or set
// out of scope with a reason. docs/text-coverage.md is the reference.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, formatTextCoverage, loadBundledPolicy, loadPolicy, PolicyLoadError, textCoverage } from '../src/index.js';
import { textCoverageOf } from '../src/analysis/text-coverage.js';
import type { Manifest } from '../src/policy/schema.js';
import { checkPolicyTexts, readPolicyTexts, ruleFileNames } from '../src/policy/read.js';
import { SourceText } from '../src/policy/source-text.js';
import { bundledVocabularySource } from '../src/vocabulary/load.js';

const fixture = (name: string) => join('tests', 'fixtures', 'policies', name);

async function loadErrors(dir: string): Promise<{ code: string; text: string }[]> {
  try {
    await loadPolicy(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyLoadError);
    return (error as PolicyLoadError).diagnostics.map((d) => ({ code: d.code, text: formatDiagnostic(d) }));
  }
  throw new Error(`${dir} loaded, but it should not`);
}

/** Checks the text-coverage fixture with its manifest edited in memory; returns the diagnostics. */
function checkEdited(edit: (manifest: string) => string): { code: string; text: string }[] {
  const { vocabulary, text } = bundledVocabularySource();
  const dir = fixture('text-coverage');
  const texts = readPolicyTexts(dir, text);
  try {
    checkPolicyTexts(dir, { ...texts, manifest: { ...texts.manifest, text: edit(texts.manifest.text) } }, vocabulary);
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyLoadError);
    return (error as PolicyLoadError).diagnostics.map((d) => ({ code: d.code, text: formatDiagnostic(d) }));
  }
  return [];
}

describe('clause quotes, checked against source.txt at load', () => {
  it('finds a quote across line breaks, typographic quotes and markup (the text-coverage fixture loads)', async () => {
    const policy = await loadPolicy(fixture('text-coverage'));
    expect(policy.manifest.clauses.map((c) => c.quote)).toContain('The Headteacher may search a phone');
  });

  it('reports a clause quote that is not in the text at the quote, file:line:col', async () => {
    const errors = await loadErrors(fixture('quote-not-found'));
    const manifest = join(fixture('quote-not-found'), 'policy.yaml');
    expect(errors).toContainEqual({
      code: 'quote-not-found',
      text: `${manifest}:14:12: the quote of clause "grid.row-1" is not in ${join(fixture('quote-not-found'), 'source.txt')} (quotes are the policy's words exactly as written; whitespace, typographic quotes and markup aside)`,
    });
  });

  it('reports an out-of-scope quote that is not in the text, positioned', async () => {
    const errors = await loadErrors(fixture('quote-not-found'));
    expect(errors.filter((e) => e.code === 'quote-not-found').map((e) => e.text.split(': ')[0])).toEqual([
      `${join(fixture('quote-not-found'), 'policy.yaml')}:14:12`,
      `${join(fixture('quote-not-found'), 'policy.yaml')}:20:14`,
    ]);
    expect(errors.find((e) => e.text.includes(':20:14'))!.text).toContain('the out-of-scope quote is not in');
  });

  it('rejects quotes when the folder has no source.txt', async () => {
    expect(await loadErrors(fixture('quote-without-text'))).toEqual([
      {
        code: 'no-source-text',
        text: `${join(fixture('quote-without-text'), 'policy.yaml')}:14:12: clause "grid.row-1" quotes the policy's text, but there is no source.txt beside the manifest`,
      },
    ]);
  });

  it('requires every clause to quote the text once the folder ships it', () => {
    const errors = checkEdited((m) => m.replace('    quote: Log incidents\n', ''));
    expect(errors).toEqual([expect.objectContaining({ code: 'missing-quote', text: expect.stringMatching(/policy\.yaml:20:9: clause "roles\.leader-logs" has no quote/) })]);
  });

  it('rejects a quote that occurs more than once unless quoteUnder names the heading it is under', () => {
    const ambiguous = checkEdited((m) => m.replace('quote: Log incidents', 'quote: passwords'));
    expect(ambiguous).toEqual([expect.objectContaining({ code: 'ambiguous-quote', text: expect.stringContaining('occurs 3 times in') })]);
    expect(ambiguous[0]!.text).toContain('(lines 6, 19, 23)');
    expect(checkEdited((m) => m.replace('quote: Log incidents', 'quote: passwords\n    quoteUnder: Teaching'))).toEqual([]);
    const badHeading = checkEdited((m) => m.replace('quote: Log incidents', 'quote: passwords\n    quoteUnder: Learning'));
    expect(badHeading).toEqual([expect.objectContaining({ code: 'heading-not-found', text: expect.stringContaining('quoteUnder "Learning" is no line of') })]);
  });

  it('rejects a section heading that is not a line of the text, at the heading', () => {
    const errors = checkEdited((m) => m.replace('until: Teaching', 'until: Learning'));
    expect(errors).toEqual([expect.objectContaining({ code: 'heading-not-found', text: expect.stringMatching(/policy\.yaml:\d+:14: no line after "Responding to incidents" in .* reads "Learning"/) })]);
  });

  it('matches whole phrases only: a quote never starts or ends inside a word', () => {
    const text = new SourceText('The school will inform parents.');
    expect(text.occurrences('inform parent')).toEqual([]);
    expect(text.occurrences('inform parents')).toEqual([{ start: 16, end: 30, line: 1 }]);
  });
});

describe('source.txt is part of the policy, not a rule file', () => {
  it('is never read as a rule file', () => {
    expect(ruleFileNames(fixture('text-coverage'))).toEqual(['rules.yaml']);
  });

  it('is in the digest: the same folder with another text has another digest', () => {
    const { text } = bundledVocabularySource();
    const tmp = mkdtempSync(join(tmpdir(), 'text-coverage-'));
    try {
      cpSync(fixture('text-coverage'), tmp, { recursive: true });
      const before = readPolicyTexts(tmp, text);
      expect(before.sourceText?.text).toBe(readFileSync(join(fixture('text-coverage'), 'source.txt'), 'utf8'));
      expect(readPolicyTexts(tmp, text).digest).toBe(before.digest);
      writeFileSync(join(tmp, 'source.txt'), `${before.sourceText!.text}An added sentence.\n`);
      expect(readPolicyTexts(tmp, text).digest).not.toBe(before.digest);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('text coverage', () => {
  it('splits the sections into sentences and counts those a clause or an out-of-scope entry quotes', async () => {
    const report = textCoverage(await loadPolicy(fixture('text-coverage')));
    expect([report.accounted, report.total, report.percent]).toEqual([6, 12, 50]);
    expect(report.unaccounted).toEqual([
      // "e.g." does not end a sentence, and a line ending mid-sentence joins the next.
      { line: 5, text: 'Pupils are taught about the risks, e.g. Sharing passwords.' },
      // List items are sentences.
      { line: 8, text: 'the school will record every incident' },
      { line: 9, text: 'the school may inform parents' },
      // A table row is one sentence.
      { line: 11, text: 'Sanctions Refer to Head teacher' },
      // Items after "•" are sentences; the row label before the first is not.
      { line: 17, text: 'Staff: Report misuse' },
      // Emphasis is not text.
      { line: 19, text: 'Staff must not share passwords.' },
    ]);
  });

  it('prints the summary line and each unaccounted sentence with its line in source.txt', async () => {
    const text = formatTextCoverage(textCoverage(await loadPolicy(fixture('text-coverage'))));
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('text coverage: 6 of 12 sentences accounted for (50%)');
    expect(lines).toContain(`  ${join(fixture('text-coverage'), 'source.txt')}:17: Staff: Report misuse`);
    expect(lines).toHaveLength(8);
  });

  it('rounds down, so 100% means every sentence', () => {
    const text = 'Policy\n\nA one. A two. A three.\n';
    const manifest = {
      id: 'p',
      clauses: [{ id: 'c', section: 's', label: 'l', quote: 'A one.' }],
      textCoverage: { sections: [{ heading: 'Policy' }], outOfScope: [{ quote: 'A two.', reason: 'r' }] },
    } as unknown as Manifest;
    const report = textCoverageOf(manifest, text);
    expect([report.accounted, report.total, report.percent]).toEqual([2, 3, 66.6]);
    expect(report.unaccounted).toEqual([{ line: 3, text: 'A three.' }]);
  });
});

describe('the bundled policies', () => {
  for (const id of ['elim-school', 'mast-academy-trust']) {
    it(`${id}: every clause quotes source.txt, and its text coverage is 100%`, async () => {
      const policy = await loadBundledPolicy(id);
      expect(policy.manifest.clauses.filter((c) => c.quote === undefined).map((c) => c.id)).toEqual([]);
      const report = textCoverage(policy);
      expect(report.unaccounted).toEqual([]);
      expect(report.accounted).toBe(report.total);
      expect(report.total).toBeGreaterThan(150);
    });
  }

  it('eLiM: the staff-phone lines the issue found in no clause are clauses now, with the policy\'s force', async () => {
    const policy = await loadBundledPolicy('elim-school');
    const clause = (id: string) => policy.manifest.clauses.find((c) => c.id === id);
    // "inform staff that they are not allowed to use personal devices to take photographs or video
    // in school for any purpose without the express permission of the Headteacher"
    expect(clause('communication.staff-personal-device-photographs')?.quote).toContain('without the express permission of the Headteacher');
    expect(clause('communication.staff-personal-device-photographs')?.says).toBe('must');
    expect(policy.rules.some((r) => r.cite === 'communication.staff-personal-device-photographs')).toBe(true);
    // "advise staff not to use their personal mobile phone to contact pupils, parents and carers": should
    const rule = policy.rules.find((r) => r.cite === 'communication.staff-phone-contact-pupils');
    expect(rule?.modality).toBe('should');
    expect(clause('communication.staff-phone-times')?.says).toBe('should');
  });
});

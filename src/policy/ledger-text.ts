import type { Diagnostic } from './diagnostics.js';
import type { Manifest } from './schema.js';
import { SOURCE_TEXT_FILE, SourceText, type QuoteMatch } from './source-text.js';
import type { SourceFile } from './source.js';

type Path = (string | number)[];

/**
 * Checks the ledger against the policy's text (source.txt): every clause quotes it, every quote
 * (of a clause or of an out-of-scope sentence) is found once, every text-coverage section's
 * headings are lines of it. A manifest that quotes a text its folder does not hold is an error.
 */
export function checkLedgerText(manifest: { source: SourceFile; value: Manifest }, text: { file: string; text: string } | undefined): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (path: Path, code: string, message: string) => out.push({ code, message, file: manifest.source.file, ...manifest.source.locate(path) });
  const { clauses, textCoverage } = manifest.value;

  if (text === undefined) {
    const quoted = clauses.findIndex((c) => c.quote !== undefined);
    if (quoted !== -1) at(['clauses', quoted, 'quote'], 'no-source-text', `clause "${clauses[quoted]!.id}" quotes the policy's text, but there is no ${SOURCE_TEXT_FILE} beside the manifest`);
    else if (textCoverage) at(['textCoverage'], 'no-source-text', `textCoverage needs the policy's text: there is no ${SOURCE_TEXT_FILE} beside the manifest`);
    return out;
  }

  const source = new SourceText(text.text);
  const checkQuote = (path: Path, quote: string, under: string | undefined, what: string) => {
    const match = source.findQuote(quote, under);
    if (!match.found) at(under !== undefined && match.reason === 'heading-not-found' ? [...path, 'quoteUnder'] : [...path, 'quote'], quoteCode(match), quoteMessage(match, what, text.file, under));
  };

  clauses.forEach((clause, i) => {
    if (clause.quote === undefined) {
      at(['clauses', i, 'id'], 'missing-quote', `clause "${clause.id}" has no quote: the policy's text is in ${text.file}, so every clause quotes its words`);
      return;
    }
    checkQuote(['clauses', i], clause.quote, clause.quoteUnder, `the quote of clause "${clause.id}"`);
  });
  textCoverage?.sections.forEach((section, i) => {
    const match = source.section(section);
    if (match.found) return;
    const key = match.missing;
    const line = key === 'heading' ? section.heading : section.until;
    const message =
      match.lines && match.lines.length > 1
        ? `the heading "${line}" is a line of ${text.file} ${match.lines.length} times (lines ${match.lines.join(', ')}); a section starts at a heading that occurs once`
        : key === 'until'
          ? `no line after "${section.heading}" in ${text.file} reads "${line}"`
          : `no line of ${text.file} reads "${line}"`;
    at(['textCoverage', 'sections', i, key], 'heading-not-found', message);
  });
  textCoverage?.outOfScope.forEach((entry, i) => {
    checkQuote(['textCoverage', 'outOfScope', i], entry.quote, entry.quoteUnder, 'the out-of-scope quote');
  });
  return out;
}

function quoteCode(match: Extract<QuoteMatch, { found: false }>): string {
  return match.reason === 'ambiguous' ? 'ambiguous-quote' : match.reason === 'heading-not-found' ? 'heading-not-found' : 'quote-not-found';
}

function quoteMessage(match: Extract<QuoteMatch, { found: false }>, what: string, file: string, under: string | undefined): string {
  switch (match.reason) {
    case 'ambiguous':
      return `${what} occurs ${match.lines!.length} times in ${file} (lines ${match.lines!.join(', ')}): quote more of the sentence, or name the heading it is under (quoteUnder)`;
    case 'heading-not-found':
      return match.lines && match.lines.length > 1
        ? `quoteUnder "${under}" is a line of ${file} ${match.lines.length} times (lines ${match.lines.join(', ')})`
        : `quoteUnder "${under}" is no line of ${file}`;
    default:
      return `${what} is not in ${file}${under !== undefined ? ` after "${under}"` : ''} (quotes are the policy's words exactly as written; whitespace, typographic quotes and markup aside)`;
  }
}

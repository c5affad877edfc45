import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Policy } from '../engine/policy.js';
import { displayPath } from '../policy/read.js';
import type { Manifest } from '../policy/schema.js';
import { SOURCE_TEXT_FILE, SourceText, type Sentence, type TextSpan } from '../policy/source-text.js';

/** One sentence of an incident-related section that neither a clause nor an out-of-scope entry quotes. */
export interface UnaccountedSentence {
  /** Its line in source.txt (1-based). */
  line: number;
  text: string;
}

/** How much of the incident-related text the ledger accounts for (docs/text-coverage.md). */
export interface TextCoverage {
  policy: string;
  /** source.txt, as shown (relative to the working folder). */
  file: string;
  sections: { heading: string; firstLine: number; lastLine: number; sentences: number; accounted: number }[];
  /** Sentences of those sections (each counted once where sections overlap). */
  total: number;
  /** Of them, those a clause quotes or that are set out of scope. */
  accounted: number;
  /** accounted / total as a percentage, rounded down to one decimal (100 only when all are). */
  percent: number;
  unaccounted: UnaccountedSentence[];
}

/** Thrown when a policy has no text or no text-coverage sections to measure. */
export class TextCoverageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TextCoverageError';
  }
}

/**
 * Text coverage of a loaded policy: its source.txt split into the sentences of the sections its
 * manifest names (textCoverage.sections); a sentence is accounted for when a clause's quote or
 * an out-of-scope quote lies (at least partly) within it.
 */
export function textCoverage(policy: Policy): TextCoverage {
  const path = join(policy.dir, SOURCE_TEXT_FILE);
  if (!existsSync(path)) throw new TextCoverageError(`policy "${policy.id}" has no ${SOURCE_TEXT_FILE} beside its manifest`);
  return textCoverageOf(policy.manifest, readFileSync(path, 'utf8'), displayPath(path));
}

/** Text coverage of a manifest against its text (see textCoverage). */
export function textCoverageOf(manifest: Manifest, text: string, file: string = SOURCE_TEXT_FILE): TextCoverage {
  const spec = manifest.textCoverage;
  if (!spec) throw new TextCoverageError(`policy "${manifest.id}" names no incident-related sections (textCoverage.sections in its manifest)`);
  const source = new SourceText(text);
  const quotes: TextSpan[] = [];
  const quote = (q: string | undefined, under: string | undefined) => {
    if (q === undefined) return;
    const match = source.findQuote(q, under);
    if (match.found) quotes.push(match.span);
  };
  for (const clause of manifest.clauses) quote(clause.quote, clause.quoteUnder);
  for (const entry of spec.outOfScope) quote(entry.quote, entry.quoteUnder);
  const accountedFor = (s: Sentence) => quotes.some((q) => q.start < s.end && q.end > s.start);

  const seen = new Set<number>();
  const sections: TextCoverage['sections'] = [];
  const unaccounted: UnaccountedSentence[] = [];
  let total = 0;
  let accounted = 0;
  for (const section of spec.sections) {
    const match = source.section(section);
    // The loader has checked every heading; a section it could not find has no sentences.
    if (!match.found) continue;
    let sectionAccounted = 0;
    for (const sentence of match.sentences) {
      const ok = accountedFor(sentence);
      if (ok) sectionAccounted++;
      if (seen.has(sentence.start)) continue;
      seen.add(sentence.start);
      total++;
      if (ok) accounted++;
      else unaccounted.push({ line: sentence.line, text: sentence.text });
    }
    sections.push({ heading: match.heading, firstLine: match.firstLine, lastLine: match.lastLine, sentences: match.sentences.length, accounted: sectionAccounted });
  }
  unaccounted.sort((a, b) => a.line - b.line);
  const percent = total === 0 ? 100 : Math.floor((accounted * 1000) / total) / 10;
  return { policy: manifest.id, file, sections, total, accounted, percent, unaccounted };
}

/** The report as the CLI prints it: the summary line, then each unaccounted sentence with its line. */
export function formatTextCoverage(report: TextCoverage): string {
  const lines = [`text coverage: ${report.accounted} of ${report.total} sentences accounted for (${report.percent}%)`];
  if (report.unaccounted.length > 0) {
    lines.push(`unaccounted sentences (quote them in a clause, or list them under textCoverage.outOfScope with a reason):`);
    for (const s of report.unaccounted) lines.push(`  ${report.file}:${s.line}: ${s.text}`);
  }
  return `${lines.join('\n')}\n`;
}

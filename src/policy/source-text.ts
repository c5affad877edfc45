/**
 * The policy's published text (source.txt) as the ledger reads it: quotes found in it, headings,
 * and the sentences of a section. docs/text-coverage.md is the reference for every rule here.
 *
 * Matching works on a normalised form of the text, each character mapped back to its offset in
 * the file, so that a quote is written as a reader sees the words and is still placed on its line:
 * - every run of whitespace (spaces, tabs, line breaks) is one space;
 * - typographic quotes are plain ones (‘ ’ ‚ ‛ as ', “ ” „ as ");
 * - the markup the text arrived with is not text: HTML tags (<p>, <i>, <ul ...>) read as a space,
 *   and Markdown emphasis (*, **) is dropped.
 */

export const SOURCE_TEXT_FILE = 'source.txt';

const SINGLE_QUOTES = new Set(['‘', '’', '‚', '‛']);
const DOUBLE_QUOTES = new Set(['“', '”', '„']);
const TAG = /^<\/?[A-Za-z][^<>\n]*>/;

/** A text in normalised form, with the file offset of each of its characters. */
interface Normalised {
  text: string;
  /** offsets[i] is the offset in the original text of text[i]; one extra entry for the end. */
  offsets: number[];
}

/** Normalises `original[from, to)` (see the module comment). Leading and trailing spaces are dropped. */
function normalise(original: string, from = 0, to = original.length): Normalised {
  let text = '';
  const offsets: number[] = [];
  let pendingSpace = false;
  let i = from;
  while (i < to) {
    const c = original[i]!;
    if (c === '<') {
      const tag = TAG.exec(original.slice(i, Math.min(to, i + 200)));
      if (tag) {
        pendingSpace = true;
        i += tag[0].length;
        continue;
      }
    }
    if (c === '*') {
      i++;
      continue;
    }
    if (/\s/.test(c)) {
      pendingSpace = true;
      i++;
      continue;
    }
    if (pendingSpace && text.length > 0) {
      text += ' ';
      offsets.push(i);
    }
    pendingSpace = false;
    text += SINGLE_QUOTES.has(c) ? "'" : DOUBLE_QUOTES.has(c) ? '"' : c;
    offsets.push(i);
    i++;
  }
  offsets.push(offsets.length > 0 ? offsets[offsets.length - 1]! + 1 : from);
  return { text, offsets };
}

/** A quote as matched: normalised the same way as the text. */
export function normaliseQuote(quote: string): string {
  return normalise(quote).text;
}

/** A span of the original text, [start, end) offsets, with the line it starts on (1-based). */
export interface TextSpan {
  start: number;
  end: number;
  line: number;
}

/** Where a quote was looked for and what came of it. */
export type QuoteMatch =
  | { found: true; span: TextSpan }
  | { found: false; reason: 'not-found' | 'heading-not-found' | 'ambiguous'; lines?: number[] };

/** One sentence of a section: its span and its words as normalised. */
export interface Sentence extends TextSpan {
  text: string;
}

/** A section as the manifest names it: from the line after `heading` to the line before `until`. */
export interface SectionSpec {
  heading: string;
  until?: string | undefined;
}

export type SectionMatch =
  | { found: true; heading: string; firstLine: number; lastLine: number; sentences: Sentence[] }
  | { found: false; missing: 'heading' | 'until'; lines?: number[] };

/** The policy's text, ready for quotes, headings and sentences. */
export class SourceText {
  readonly text: string;
  private readonly normalised: Normalised;
  /** Offset of the start of each line. */
  private readonly lineStarts: number[];
  private readonly lines: string[];

  constructor(text: string) {
    this.text = text;
    this.normalised = normalise(text);
    this.lines = text.split('\n');
    this.lineStarts = [];
    let offset = 0;
    for (const line of this.lines) {
      this.lineStarts.push(offset);
      offset += line.length + 1;
    }
  }

  /** The 1-based line of an offset. */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /**
   * Every place the quote occurs, as a whole phrase (it neither starts nor ends inside a word).
   * An empty quote (e.g. only markup) occurs nowhere.
   */
  occurrences(quote: string): TextSpan[] {
    const q = normaliseQuote(quote);
    if (q.length === 0) return [];
    const { text, offsets } = this.normalised;
    const out: TextSpan[] = [];
    for (let at = text.indexOf(q); at !== -1; at = text.indexOf(q, at + 1)) {
      if (cutsWord(text, at, q) || cutsWord(text, at + q.length - 1, q, true)) continue;
      const start = offsets[at]!;
      out.push({ start, end: offsets[at + q.length - 1]! + 1, line: this.lineOf(start) });
    }
    return out;
  }

  /** The lines (1-based) that are exactly `heading` once normalised. */
  headingLines(heading: string): number[] {
    const h = normaliseQuote(heading);
    const out: number[] = [];
    this.lines.forEach((line, i) => {
      if (h.length > 0 && normaliseQuote(line) === h) out.push(i + 1);
    });
    return out;
  }

  /**
   * Finds a quote: it must occur exactly once, or, with `under`, the first occurrence after that
   * heading (itself a line occurring exactly once) is taken.
   */
  findQuote(quote: string, under?: string): QuoteMatch {
    let all = this.occurrences(quote);
    if (under !== undefined) {
      const headings = this.headingLines(under);
      if (headings.length !== 1) return { found: false, reason: 'heading-not-found', lines: headings };
      const after = this.lineStarts[headings[0]!]!;
      all = all.filter((span) => span.start >= after).slice(0, 1);
    }
    if (all.length === 0) return { found: false, reason: 'not-found' };
    if (all.length > 1) return { found: false, reason: 'ambiguous', lines: all.map((s) => s.line) };
    return { found: true, span: all[0]! };
  }

  /** A section's lines and sentences. */
  section(spec: SectionSpec): SectionMatch {
    const headings = this.headingLines(spec.heading);
    if (headings.length !== 1) return { found: false, missing: 'heading', lines: headings };
    const firstLine = headings[0]! + 1;
    let lastLine = this.lines.length;
    if (spec.until !== undefined) {
      const until = this.headingLines(spec.until).find((line) => line >= firstLine);
      if (until === undefined) return { found: false, missing: 'until' };
      lastLine = until - 1;
    }
    return { found: true, heading: spec.heading, firstLine, lastLine, sentences: this.sentences(firstLine, lastLine) };
  }

  /** The sentences of lines [first, last] (1-based), in order (see splitUnits and splitSentences). */
  sentences(first: number, last: number): Sentence[] {
    const out: Sentence[] = [];
    for (const unit of this.units(first, last)) {
      const spans = unit.table ? [{ start: unit.start, end: unit.end }] : splitSentences(this.text, unit.start, unit.end);
      for (const { start, end } of spans) {
        const { text, offsets } = normalise(this.text, start, end);
        // A fragment with no letter (a table's X marks, a rule of dashes) is not a sentence.
        if (!/\p{L}/u.test(text)) continue;
        const from = offsets[0]!;
        out.push({ start: from, end: offsets[text.length - 1]! + 1, line: this.lineOf(from), text });
      }
    }
    return out;
  }

  /**
   * The units a section's lines make before sentences are split: a list item ("- " or an item
   * after "•"; the words before a line's first "•" are its row label, not a sentence), a table
   * row (a line with a tab: one sentence), or a paragraph line. A paragraph line that ends without
   * . ! ? : or ; and is followed, past blank lines, by a paragraph line starting in lower case is
   * one sentence broken across lines, and is joined to it.
   */
  private units(first: number, last: number): { start: number; end: number; table: boolean; paragraph: boolean }[] {
    const units: { start: number; end: number; table: boolean; paragraph: boolean }[] = [];
    for (let n = first; n <= last; n++) {
      const line = this.lines[n - 1] ?? '';
      const start = this.lineStarts[n - 1]!;
      const end = start + line.length;
      if (line.trim() === '') continue;
      if (line.includes('•')) {
        const parts = line.split('•');
        let offset = start + parts[0]!.length + 1;
        for (const part of parts.slice(1)) {
          units.push({ start: offset, end: offset + part.length, table: false, paragraph: false });
          offset += part.length + 1;
        }
        continue;
      }
      const item = /^\s*[-–]\s+/.exec(line);
      if (item) {
        units.push({ start: start + item[0].length, end, table: false, paragraph: false });
        continue;
      }
      if (line.includes('\t')) {
        units.push({ start, end, table: true, paragraph: false });
        continue;
      }
      const previous = units[units.length - 1];
      const trimmed = line.trim();
      if (previous?.paragraph && /^\p{Ll}/u.test(trimmed) && !/[.!?:;]\s*$/.test(this.text.slice(previous.start, previous.end))) {
        previous.end = end;
        continue;
      }
      units.push({ start, end, table: false, paragraph: true });
    }
    return units;
  }
}

/** Abbreviations whose full stop does not end a sentence. */
const ABBREVIATIONS = ['e.g.', 'i.e.', 'eg.', 'ie.', 'etc.'];

/**
 * Splits original[start, end) into sentences: a sentence ends at . ! or ? (with any closing
 * bracket, quote or emphasis after it) followed by whitespace and a character that is not a
 * lower-case letter; never after an abbreviation (e.g. i.e. etc.).
 */
function splitSentences(original: string, start: number, end: number): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let from = start;
  for (let i = start; i < end; i++) {
    if (!'.!?'.includes(original[i]!)) continue;
    let close = i + 1;
    while (close < end && /[)\]"'’”*]/.test(original[close]!)) close++;
    if (close >= end || !/\s/.test(original[close]!)) continue;
    let next = close;
    while (next < end && /\s/.test(original[next]!)) next++;
    if (next >= end || /\p{Ll}/u.test(original[next]!)) continue;
    const word = /\S*$/.exec(original.slice(from, i + 1))![0].toLowerCase();
    if (ABBREVIATIONS.some((a) => word.endsWith(a))) continue;
    out.push({ start: from, end: close });
    from = next;
    i = next - 1;
  }
  if (from < end) out.push({ start: from, end });
  return out;
}

/** Whether the match of `q` at `at` (its first, or with `last` its last, character) cuts a word. */
function cutsWord(text: string, at: number, q: string, last = false): boolean {
  const word = /[\p{L}\p{N}]/u;
  if (!last) return word.test(q[0]!) && at > 0 && word.test(text[at - 1]!);
  return word.test(q[q.length - 1]!) && at + 1 < text.length && word.test(text[at + 1]!);
}

import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import type * as z from 'zod';
import type { Diagnostic } from './diagnostics.js';

/** A YAML (or JSON) text parsed with source positions, so that every problem can point at its line. */
export interface SourceFile {
  file: string;
  /** The plain value; undefined when the text did not parse. */
  value: unknown;
  /** Problems of the text itself: syntax, duplicate keys, aliases. */
  diagnostics: Diagnostic[];
  /** Where a path of the value sits in the text (1-based); for `key`, the position of that key. */
  locate(path: readonly PropertyKey[], key?: string): { line: number; column: number };
}

/** How deep a YAML or JSON value may nest: far beyond any rule, scenario or incident, far below the stack. */
export const MAX_DEPTH = 64;

/** At most this many problems are listed per file; the rest are counted in one last diagnostic. */
export const MAX_DIAGNOSTICS_PER_FILE = 100;

/** The only explicit tags a file may carry: the core schema's own, which change nothing. */
const PLAIN_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`));

export function parseSource(file: string, text: string): SourceFile {
  const lineCounter = new LineCounter();
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const diagnostics: Diagnostic[] = [];
  const problem = (code: string, message: string, offset: number) => diagnostics.push({ code, message, file, ...position(offset) });
  let doc: Document;
  try {
    // Duplicate keys are found below, in linear time (the parser's own check is quadratic).
    doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false, strict: true });
  } catch (error) {
    return unparsed(file, [{ code: 'yaml-syntax', message: `cannot be parsed: ${(error as Error).message}`, file, line: 0, column: 0 }]);
  }
  for (const error of doc.errors) problem('yaml-syntax', firstLine(error.message), error.pos[0]);
  // An unknown tag (`!custom`, `!!js/function`) is only a warning to the parser, which then
  // reads the value as a string: here it is an error, like every other tag but the core ones.
  const tagsReported = new Set<number>();
  for (const warning of doc.warnings) {
    if (warning.code === 'TAG_RESOLVE_FAILED') {
      tagsReported.add(warning.pos[0]);
      problem('yaml-tag', `YAML tag ${text.slice(warning.pos[0], warning.pos[1])} is not allowed: write a plain value`, warning.pos[0]);
    } else problem('yaml-syntax', firstLine(warning.message), warning.pos[0]);
  }
  checkNodes(doc, text, tagsReported, problem);
  let value: unknown;
  if (diagnostics.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: 0 });
    } catch (error) {
      problem('yaml-syntax', `cannot be read: ${(error as Error).message}`, 0);
    }
  }
  return {
    file,
    value,
    diagnostics: capped(sortByPosition(diagnostics), file),
    locate(path, key) {
      const found = findNode(doc, path, key);
      return position(found?.range?.[0] ?? 0);
    },
  };
}

function unparsed(file: string, diagnostics: Diagnostic[]): SourceFile {
  return { file, value: undefined, diagnostics, locate: () => ({ line: 0, column: 0 }) };
}

function sortByPosition(list: Diagnostic[]): Diagnostic[] {
  return list.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** The first `MAX_DIAGNOSTICS_PER_FILE` problems, and a count of the others. */
export function capped(list: Diagnostic[], file: string): Diagnostic[] {
  if (list.length <= MAX_DIAGNOSTICS_PER_FILE) return list;
  return [...list.slice(0, MAX_DIAGNOSTICS_PER_FILE), notListed(list.length - MAX_DIAGNOSTICS_PER_FILE, file)];
}

function notListed(more: number, file: string): Diagnostic {
  return { code: 'too-many-problems', message: `${more} more problem${more === 1 ? '' : 's'} in this file not listed (the first ${MAX_DIAGNOSTICS_PER_FILE} are)`, file, line: 0, column: 0 };
}

/**
 * What the YAML parser lets through but a policy, scenario or incident file must not hold, found
 * without recursion: aliases, tags other than the core ones (`!!js/function`, `!custom`),
 * duplicate keys, keys that are not plain names or are `__proto__` (a plain object would drop
 * it), and nesting deeper than MAX_DEPTH.
 */
function checkNodes(doc: Document, text: string, tagsReported: Set<number>, problem: (code: string, message: string, offset: number) => void): void {
  const stack: { node: unknown; depth: number }[] = [{ node: doc.contents, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (node === null || node === undefined) continue;
    const at = (node as Node).range?.[0] ?? 0;
    if (isAlias(node)) {
      problem('yaml-alias', `YAML aliases (*${node.source}) are not allowed: write the value out`, at);
      continue;
    }
    const tag = (node as Node).tag;
    if (tag !== undefined && !PLAIN_TAGS.has(tag)) {
      const start = tagStart(text, at);
      if (start === undefined || !tagsReported.has(start)) {
        const written = start === undefined ? tag : /^!\S*/.exec(text.slice(start, start + 200))![0];
        problem('yaml-tag', `YAML tag ${written} is not allowed: write a plain value`, start ?? at);
      }
    }
    if (depth > MAX_DEPTH) {
      problem('too-deep', `nested more than ${MAX_DEPTH} levels deep`, at);
      continue;
    }
    if (isMap(node)) {
      const keys = new Set<string>();
      for (const pair of node.items) {
        const key = pair.key as Node | null;
        const keyAt = key?.range?.[0] ?? at;
        if (key !== null && !isScalar(key)) {
          problem('invalid-key', 'a key must be a plain name, not a list or a map', keyAt);
          continue;
        }
        const name = String(key?.value ?? '');
        if (name === '__proto__') problem('reserved-key', 'key "__proto__" is not allowed', keyAt);
        else if (keys.has(name)) problem('duplicate-key', `duplicate key "${name}" (YAML keys must be unique)`, keyAt);
        keys.add(name);
        if (key !== null && key.tag !== undefined) stack.push({ node: key, depth: depth + 1 });
        stack.push({ node: pair.value, depth: depth + 1 });
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push({ node: item, depth: depth + 1 });
    }
  }
}

/** Where a node's tag starts: the "!" just before the node, past spaces and line breaks, if there is one. */
function tagStart(text: string, nodeStart: number): number | undefined {
  let bang = text.lastIndexOf('!', nodeStart - 1);
  while (bang > 0 && text[bang - 1] === '!') bang--; // "!!binary" starts at its first "!"
  return bang !== -1 && /^!\S*\s+$/.test(text.slice(bang, nodeStart)) ? bang : undefined;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

/** The deepest node along `path` that exists (a problem in a missing key points at its parent). */
function findNode(doc: Document, path: readonly PropertyKey[], key?: string): Node | undefined {
  let node: unknown = doc.contents;
  for (const step of path) {
    const next = child(node, step);
    if (next === undefined) return node as Node | undefined;
    node = next.value ?? next.key;
  }
  if (key !== undefined && isMap(node)) {
    const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
    if (pair && isScalar(pair.key)) return pair.key;
  }
  return node as Node | undefined;
}

function child(node: unknown, step: PropertyKey): { key?: Node; value?: Node } | undefined {
  if (isMap(node)) {
    const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(step));
    if (!pair) return undefined;
    return { key: pair.key as Node, value: (pair.value ?? pair.key) as Node };
  }
  if (isSeq(node) && typeof step === 'number') {
    const item = node.items[step];
    return item ? { value: item as Node } : undefined;
  }
  if (isAlias(node)) return undefined;
  return undefined;
}

/** Turns zod issues into positioned diagnostics against the source they came from. */
export function zodDiagnostics(source: SourceFile, issues: readonly z.core.$ZodIssue[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  // Locating is linear in a map's size: past the cap, problems are only counted.
  const count = issues.reduce((n, issue) => n + (issue.code === 'unrecognized_keys' ? issue.keys.length : 1), 0);
  if (count > MAX_DIAGNOSTICS_PER_FILE) issues = issues.slice(0, MAX_DIAGNOSTICS_PER_FILE);
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys.slice(0, MAX_DIAGNOSTICS_PER_FILE)) {
        out.push({
          code: 'unknown-key',
          message: `unknown key "${key}"${pathSuffix(issue.path)}`,
          file: source.file,
          ...source.locate(issue.path, key),
        });
      }
      continue;
    }
    if (issue.code === 'invalid_key') {
      const key = String(issue.path[issue.path.length - 1]);
      const parent = issue.path.slice(0, -1);
      out.push({
        code: 'invalid-key',
        message: `invalid key "${key}"${pathSuffix(parent)}: ${issue.issues[0]?.message ?? issue.message}`,
        file: source.file,
        ...source.locate(parent, key),
      });
      continue;
    }
    if (issue.code === 'invalid_type' && issue.path.length > 0 && isMissing(source.value, issue.path)) {
      const key = String(issue.path[issue.path.length - 1]);
      const parent = issue.path.slice(0, -1);
      out.push({
        code: 'missing-key',
        message: `missing required key "${key}"${pathSuffix(parent)}`,
        file: source.file,
        ...source.locate(parent),
      });
      continue;
    }
    out.push({
      code: 'invalid-value',
      message: `${describePath(issue.path)}: ${issue.message}`,
      file: source.file,
      ...source.locate(issue.path),
    });
  }
  if (count <= MAX_DIAGNOSTICS_PER_FILE) return out;
  const listed = out.slice(0, MAX_DIAGNOSTICS_PER_FILE);
  return [...listed, notListed(count - listed.length, source.file)];
}

/** Whether the key at the end of `path` is absent from its (present) parent object. */
function isMissing(value: unknown, path: readonly PropertyKey[]): boolean {
  let node: unknown = value;
  for (const step of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return false;
    node = (node as Record<PropertyKey, unknown>)[step];
  }
  return node !== null && typeof node === 'object' && !Array.isArray(node) && !Object.hasOwn(node, path[path.length - 1]!);
}

export function describePath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  // A key is data: a hostile one can be a megabyte long, so it is cut short.
  const name = (p: PropertyKey) => {
    const text = String(p);
    return text.length > 80 ? `${text.slice(0, 80)}…` : text;
  };
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${name(p)}`)).join('');
}

function pathSuffix(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '' : ` in ${describePath(path)}`;
}

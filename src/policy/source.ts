import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, visit, type Document, type Node } from 'yaml';
import type { z } from 'zod';
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

export function parseSource(file: string, text: string): SourceFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const diagnostics: Diagnostic[] = [];
  for (const error of doc.errors) {
    const duplicate = error.code === 'DUPLICATE_KEY';
    const message = duplicate
      ? `duplicate key "${/^[^:\n]*/.exec(text.slice(error.pos[0]))![0].trim()}" (YAML keys must be unique)`
      : firstLine(error.message);
    diagnostics.push({ code: duplicate ? 'duplicate-key' : 'yaml-syntax', message, file, ...position(error.pos[0]) });
  }
  visit(doc, {
    Alias(_, node) {
      diagnostics.push({
        code: 'yaml-alias',
        message: `YAML aliases (*${node.source}) are not allowed in policy files: write the value out`,
        file,
        ...position(node.range?.[0] ?? 0),
      });
    },
  });
  const value = diagnostics.length === 0 ? doc.toJS({ maxAliasCount: 0 }) : undefined;
  return {
    file,
    value,
    diagnostics,
    locate(path, key) {
      const found = findNode(doc, path, key);
      return position(found?.range?.[0] ?? 0);
    },
  };
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
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
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
  return out;
}

/** Whether the key at the end of `path` is absent from its (present) parent object. */
function isMissing(value: unknown, path: readonly PropertyKey[]): boolean {
  let node: unknown = value;
  for (const step of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return false;
    node = (node as Record<PropertyKey, unknown>)[step];
  }
  return node !== null && typeof node === 'object' && !Array.isArray(node) && !(path[path.length - 1]! in node);
}

export function describePath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

function pathSuffix(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '' : ` in ${describePath(path)}`;
}

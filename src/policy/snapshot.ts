import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Vocabulary } from '../vocabulary/schema.js';
import { displayPath, readPolicy, type CheckedPolicy, type LoadedRule, type PolicyTexts } from './read.js';
import type { Manifest } from './schema.js';

/**
 * The bundled policies as checked at build time, so that a process does not parse and check
 * the same YAML again on every start (most of a cold start). Written by `npm run build` next to
 * the built code; from src/ there is none and every policy is read from its YAML. A snapshot
 * entry is used only when the files on disk are exactly those it was made from (the same
 * digest, which covers the manifest, the rule files and the vocabulary); otherwise the folder
 * is read and checked as usual.
 */
export interface Snapshot {
  vocabulary: { sha256: string; value: Vocabulary };
  policies: Record<string, { digest: string; manifest: Manifest; rules: LoadedRule[] }>;
}

const SNAPSHOT_FILE = 'bundled-policies.json';

let shipped: Snapshot | null | undefined;

/** The snapshot beside the running code (dist/), or null (running from src/, or not built). */
function shippedSnapshot(): Snapshot | null {
  if (shipped === undefined) shipped = readSnapshotFile(join(dirname(fileURLToPath(import.meta.url)), SNAPSHOT_FILE));
  return shipped;
}

export function readSnapshotFile(file: string): Snapshot | null {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Snapshot) : null;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The bundled vocabulary from the snapshot, if it was made from this very text. */
export function snapshotVocabulary(text: string, from = shippedSnapshot()): Vocabulary | undefined {
  const vocabulary = from?.vocabulary;
  return vocabulary && vocabulary.sha256 === sha256(text) ? vocabulary.value : undefined;
}

/** The checked policy of a bundled folder from the snapshot, if its files (`texts`) are unchanged. */
export function snapshotPolicy(id: string, dir: string, texts: PolicyTexts, from = shippedSnapshot()): CheckedPolicy | undefined {
  const entry = from?.policies[id];
  if (!entry || entry.digest !== texts.digest) return undefined;
  // Rule files are stored relative to their folder and shown relative to the working folder.
  const rules = entry.rules.map((rule) => ({ ...rule, file: displayPath(join(dir, rule.file)) }));
  return { dir, manifest: entry.manifest, rules, digest: entry.digest };
}

/** Reads and checks every bundled policy from its YAML and writes the snapshot into `outDir`. */
export function writeSnapshot(outDir: string, rulesDir: string, ids: string[], vocabulary: Vocabulary, vocabularyText: string): string {
  const policies: Snapshot['policies'] = {};
  for (const id of ids) {
    const dir = join(rulesDir, id);
    const checked = readPolicy(dir, vocabulary, vocabularyText);
    const rules = checked.rules.map((rule) => ({ ...rule, file: relative(dir, resolve(rule.file)) }));
    policies[id] = { digest: checked.digest, manifest: checked.manifest, rules };
  }
  const file = join(outDir, SNAPSHOT_FILE);
  writeFileSync(file, `${JSON.stringify({ vocabulary: { sha256: sha256(vocabularyText), value: vocabulary }, policies } satisfies Snapshot)}\n`);
  return file;
}

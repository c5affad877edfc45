// The build's snapshot of the bundled policies (src/policy/snapshot.ts) must give exactly what
// reading the YAML gives, and must never be used for files it was not made from.
import { cpSync, appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listBundledPolicies } from '../src/engine/load.js';
import { readPolicy, readPolicyTexts } from '../src/policy/read.js';
import { readSnapshotFile, snapshotPolicy, snapshotVocabulary, writeSnapshot } from '../src/policy/snapshot.js';
import { bundledRulesDir } from '../src/vocabulary/bundled.js';
import { loadVocabularyFile } from '../src/vocabulary/load.js';

const { vocabulary, text } = loadVocabularyFile(join(bundledRulesDir(), 'vocabulary.yaml'));

function snapshotOf(rulesDir: string, ids: string[]) {
  const file = writeSnapshot(mkdtempSync(join(tmpdir(), 'online-safety-snapshot-')), rulesDir, ids, vocabulary, text);
  return readSnapshotFile(file)!;
}

describe('the bundled-policy snapshot', () => {
  it('gives each bundled policy and the vocabulary exactly as reading their YAML does', () => {
    const ids = listBundledPolicies();
    const snapshot = snapshotOf(bundledRulesDir(), ids);
    expect(snapshotVocabulary(text, snapshot)).toStrictEqual(vocabulary);
    for (const id of ids) {
      const dir = join(bundledRulesDir(), id);
      expect(snapshotPolicy(id, dir, readPolicyTexts(dir, text), snapshot)).toStrictEqual(readPolicy(dir, vocabulary, text));
    }
  });

  it('is not used once a rule file, the manifest or the vocabulary differs from what it was made from', () => {
    const rulesDir = mkdtempSync(join(tmpdir(), 'online-safety-rules-'));
    cpSync(join(bundledRulesDir(), 'elim-school'), join(rulesDir, 'elim-school'), { recursive: true });
    const dir = join(rulesDir, 'elim-school');
    const snapshot = snapshotOf(rulesDir, ['elim-school']);
    expect(snapshotPolicy('elim-school', dir, readPolicyTexts(dir, text), snapshot)?.rules.length).toBeGreaterThan(0);
    expect(snapshotPolicy('elim-school', dir, readPolicyTexts(dir, `${text}\n# edited\n`), snapshot)).toBeUndefined();
    expect(snapshotVocabulary(`${text}\n# edited\n`, snapshot)).toBeUndefined();
    appendFileSync(join(dir, 'police.yaml'), '# edited\n');
    expect(snapshotPolicy('elim-school', dir, readPolicyTexts(dir, text), snapshot)).toBeUndefined();
  });

  it('is written by the build beside the built code, for every bundled policy', () => {
    const built = JSON.parse(readFileSync('dist/bundled-policies.json', 'utf8')) as { policies: Record<string, { digest: string }> };
    for (const id of listBundledPolicies()) {
      expect(built.policies[id]?.digest).toBe(readPolicy(join(bundledRulesDir(), id), vocabulary, text).digest);
    }
  });
});

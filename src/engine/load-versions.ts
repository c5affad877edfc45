// Subpath imports: the package root loads every date-fns module at startup.
import { compareAsc } from 'date-fns/compareAsc';
import { parseISO } from 'date-fns/parseISO';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PolicyLoadError, type Diagnostic } from '../policy/diagnostics.js';
import { readTextFile } from '../policy/files.js';
import { displayPath, MANIFEST_FILE } from '../policy/read.js';
import { parseSource } from '../policy/source.js';
import { checkVersions, VERSIONS_FOLDER, type VersionManifest } from '../policy/versions.js';
import { loadPolicy } from './load.js';
import type { Policy } from './policy.js';
import { policyVersionsOf, type PolicyVersions } from './versions.js';

/**
 * Loads a policy folder with the earlier versions it keeps in `versions/<version>/`, each a
 * complete policy folder loaded as loadPolicy loads one (its `extends:` relative to its own
 * folder). Every problem of every version, and of the versions together (checks in
 * policy/versions.ts), is thrown as one PolicyLoadError: nothing is returned unless all load.
 * A folder without `versions/` is its own only version.
 */
export async function loadPolicyVersions(dir: string): Promise<PolicyVersions> {
  const problems: Diagnostic[] = [];
  const load = (folder: string) =>
    loadPolicy(folder).catch((error: unknown) => {
      if (!(error instanceof PolicyLoadError)) throw error;
      problems.push(...error.diagnostics);
      return undefined;
    });
  const current = await load(dir);
  const folders = versionFolders(dir, problems);
  if (folders.length === 0) {
    if (problems.length > 0 || !current) throw new PolicyLoadError(problems);
    return policyVersionsOf(current);
  }
  const earlier: { folder: string; policy: Policy | undefined }[] = [];
  for (const folder of folders) earlier.push({ folder, policy: await load(join(dir, VERSIONS_FOLDER, folder)) });
  if (current) {
    const loaded = earlier.flatMap(({ folder, policy }) => (policy ? [manifestOf(policy, folder)] : []));
    problems.push(...checkVersions(manifestOf(current), loaded));
  }
  if (problems.length > 0 || !current) throw new PolicyLoadError(problems);
  // Checked: every version has an approval date of its own, the current one the latest.
  const versions = [...earlier.map(({ policy }) => policy!), current]
    .map((policy) => ({ version: policy.version, approvedOn: policy.manifest.approvedOn, policy }))
    .sort((a, b) => compareAsc(parseISO(a.approvedOn!), parseISO(b.approvedOn!)));
  return { id: current.id, versions, current };
}

/** The names of the folders in `versions/` (sorted; none when there is no `versions/`). Anything else there is a problem. */
function versionFolders(dir: string, problems: Diagnostic[]): string[] {
  const path = join(dir, VERSIONS_FOLDER);
  const problem = (file: string, message: string) => problems.push({ code: 'not-a-version-folder', message, file: displayPath(file), line: 0, column: 0 });
  let entries: string[];
  try {
    if (!statSync(path).isDirectory()) {
      problem(path, `is not a folder: ${VERSIONS_FOLDER}/ holds the policy's earlier versions, a folder each`);
      return [];
    }
    entries = readdirSync(path).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    problem(path, `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`);
    return [];
  }
  return entries.filter((name) => {
    let folder = false;
    try {
      folder = statSync(join(path, name)).isDirectory();
    } catch {
      // a dangling link or a link loop: not a folder
    }
    if (!folder) problem(join(path, name), `is not a folder: each entry of ${VERSIONS_FOLDER}/ is an earlier version, a policy folder named by its version`);
    return folder;
  });
}

/** A loaded version's manifest with its text parsed again, for the positions of its fields. */
function manifestOf(policy: Policy, folder?: string): VersionManifest {
  const path = join(resolve(policy.dir), MANIFEST_FILE);
  const read = readTextFile(path, displayPath(path));
  // It was read and parsed a moment ago; should it have gone since, the checks point at line 0.
  const source = parseSource(displayPath(path), read.text ?? '');
  return { ...(folder === undefined ? {} : { folder }), manifest: policy.manifest, source };
}

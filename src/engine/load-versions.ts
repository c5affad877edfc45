// Subpath imports: the package root loads every date-fns module at startup.
import { compareAsc } from 'date-fns/compareAsc';
import { parseISO } from 'date-fns/parseISO';
import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { gitIn, GitRefError, loadPolicyAtRef } from './load-git.js';
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
  const load = (folder: string) => collecting(problems, loadPolicy(folder));
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
  return historyOf(current, earlier.map(({ policy }) => policy!));
}

/** The versions, checked (every one has an approval date of its own, the current the latest), oldest first. */
function historyOf(current: Policy, earlier: Policy[]): PolicyVersions {
  const versions = [...earlier, current]
    .map((policy) => ({ version: policy.version, approvedOn: policy.manifest.approvedOn, policy }))
    .sort((a, b) => compareAsc(parseISO(a.approvedOn!), parseISO(b.approvedOn!)));
  return { id: current.id, versions, current };
}

/**
 * loadPolicyVersions with the earlier versions read from git rather than `versions/`: every
 * `version` the folder's policy.yaml has had in the commits that changed the folder (git run in
 * `cwd`), each as the folder was in the last commit with that version, and the folder as it is now as the current version. The same checks
 * (one id, an approval date each, none shared, the current the latest) and one PolicyLoadError
 * for every problem; files of a version are named `<commit>:<path>`. A version whose manifest
 * did not parse in a commit is not a version. Throws GitRefError when `cwd` is not in a git
 * repository or git cannot be run. An `extends:` of a folder is read as the folder is now.
 */
export async function loadPolicyVersionsFromGit(dir: string, cwd: string = process.cwd()): Promise<PolicyVersions> {
  const abs = isAbsolute(dir) ? dir : resolve(cwd, dir);
  const folder = relative(cwd, abs) || '.';
  const manifestPath = relative(cwd, join(abs, MANIFEST_FILE)) || MANIFEST_FILE;
  const git = gitIn(cwd);
  let commits: string[];
  try {
    // Every commit that changed the folder: a version's last commit may change only a rule file.
    commits = git(['log', '--format=%H', '--', folder]).split('\n').filter(Boolean);
  } catch (error) {
    throw new GitRefError(`the history of ${manifestPath} cannot be read from git here (${firstLine((error as { stderr?: string }).stderr) || (error as Error).message})`);
  }
  const problems: Diagnostic[] = [];
  const current = await collecting(problems, loadPolicy(abs));
  // Newest first: the first commit seen with a version is that version as last committed.
  const lastOf = new Map<string, { commit: string; source: ReturnType<typeof parseSource> }>();
  for (const commit of commits) {
    const short = commit.slice(0, 12);
    let text: string;
    try {
      text = git(['show', `${commit}:./${manifestPath}`]);
    } catch {
      continue; // the folder had no manifest then: no version
    }
    const source = parseSource(`${short}:${manifestPath}`, text);
    const version = (source.value as { version?: unknown } | null | undefined)?.version;
    if (typeof version === 'string' && !lastOf.has(version)) lastOf.set(version, { commit, source });
  }
  if (current) lastOf.delete(current.version);
  const earlier: { policy: Policy; source: ReturnType<typeof parseSource> }[] = [];
  for (const { commit, source } of [...lastOf.values()].reverse()) {
    const policy = await collecting(problems, loadPolicyAtRef(abs, commit, cwd));
    if (policy) earlier.push({ policy, source });
  }
  if (current) problems.push(...checkVersions(manifestOf(current), earlier.map(({ policy, source }) => ({ manifest: policy.manifest, source }))));
  if (problems.length > 0 || !current) throw new PolicyLoadError(problems);
  return historyOf(current, earlier.map(({ policy }) => policy));
}

/** A version's policy, or undefined with its problems added to `problems` (every version's are reported together). */
function collecting(problems: Diagnostic[], load: Promise<Policy>): Promise<Policy | undefined> {
  return load.catch((error: unknown) => {
    if (!(error instanceof PolicyLoadError)) throw error;
    problems.push(...error.diagnostics);
    return undefined;
  });
}

function firstLine(text: string | undefined): string {
  return (text ?? '').trim().split('\n')[0] ?? '';
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

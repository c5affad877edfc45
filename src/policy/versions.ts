// Subpath imports: the package root loads every date-fns module at startup.
import { isAfter } from 'date-fns/isAfter';
import { parseISO } from 'date-fns/parseISO';
import type { Diagnostic } from './diagnostics.js';
import type { Manifest } from './schema.js';
import type { SourceFile } from './source.js';

// The checks that make a folder's `versions/` one policy's history (docs/your-school.md,
// Versions): each version names itself as its folder does, is the same policy, says when it was
// approved, on a day of its own; and the current version (the folder itself) is the latest.

/** The folder that holds a policy's earlier versions, one folder each, named by version. */
export const VERSIONS_FOLDER = 'versions';

/** One version's manifest as loaded, with its text for positions. */
export interface VersionManifest {
  /** Its folder's name in versions/; undefined for the current version, and for a version read from git. */
  folder?: string;
  manifest: Manifest;
  source: SourceFile;
}

/** Every problem with a policy's versions, each at the manifest line that causes it. */
export function checkVersions(current: VersionManifest, earlier: readonly VersionManifest[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (v: VersionManifest, key: keyof Manifest, code: string, message: string) =>
    out.push({ code, message, file: v.source.file, ...v.source.locate([key]) });
  const name = (v: VersionManifest) => (v === current ? `the current version (${v.manifest.version})` : `version ${v.manifest.version}`);

  for (const v of earlier) {
    if (v.folder !== undefined && v.manifest.version !== v.folder) {
      at(v, 'version', 'version-folder-name', `version "${v.manifest.version}" is in the folder ${VERSIONS_FOLDER}/${v.folder}: a version's folder is named by its version (rename one of them)`);
    }
    if (v.manifest.id !== current.manifest.id) {
      at(v, 'id', 'version-id', `id "${v.manifest.id}" is not the policy's ("${current.manifest.id}"): every earlier version is a version of the same policy`);
    }
  }
  const all = [...earlier, current];
  const byVersion = new Map<string, VersionManifest>();
  const byApproval = new Map<string, VersionManifest>();
  for (const v of all) {
    const same = byVersion.get(v.manifest.version);
    if (same) at(v, 'version', 'duplicate-version', `version "${v.manifest.version}" is also ${name(same)}'s (${same.source.file}): each version has its own`);
    else byVersion.set(v.manifest.version, v);
    const approved = v.manifest.approvedOn;
    if (approved === null) {
      at(v, 'approvedOn', 'version-approval-date', `${name(v)} records no approval date: a policy that keeps versions says when each was approved, to tell which was in force on a date`);
      continue;
    }
    const sameDay = byApproval.get(approved);
    if (sameDay) at(v, 'approvedOn', 'duplicate-approval-date', `${name(v)} was approved on ${approved}, as ${name(sameDay)} was (${sameDay.source.file}): which was in force that day cannot be told`);
    else byApproval.set(approved, v);
  }
  const latest = current.manifest.approvedOn;
  if (latest !== null) {
    for (const v of earlier) {
      const approved = v.manifest.approvedOn;
      if (approved !== null && isAfter(parseISO(approved), parseISO(latest))) {
        at(v, 'approvedOn', 'version-after-current', `${name(v)} was approved on ${approved}, after the current version (${current.manifest.version}, approved on ${latest}): the policy folder itself is the latest version`);
      }
    }
  }
  return out;
}

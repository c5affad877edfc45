// Policy folders written from texts into a temporary folder, for tests of loading (inheritance,
// a school's own vocabulary): each test writes the few files it is about.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import { PolicyLoadError, type Diagnostic } from '../src/index.js';

/** A temporary folder (removed after the file's tests) and a way to write policy folders in it. */
export function policyFolders(prefix: string): { temp: string; folder(files: Record<string, string>, name?: string): string } {
  const temp = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(temp, { recursive: true, force: true }));
  let folders = 0;
  return {
    temp,
    /** A folder in the temp folder from file texts by name (a name may hold a subfolder); returns its path. */
    folder(files, name = `p${++folders}`) {
      const dir = join(temp, name);
      mkdirSync(dir, { recursive: true });
      for (const [file, text] of Object.entries(files)) {
        mkdirSync(join(dir, file, '..'), { recursive: true });
        writeFileSync(join(dir, file), text);
      }
      return dir;
    },
  };
}

/** A manifest's identity lines: id, title, owner, version, dates, source. */
export const identity = (id: string) => `id: ${id}
title: ${id} policy
owner: ${id}
version: '1'
approvedOn: 2026-01-01
nextReviewDue: 2027-01-01
source: test
`;

/** The diagnostics a load fails with (it must fail with PolicyLoadError). */
export async function loadErrors(load: Promise<unknown>): Promise<Diagnostic[]> {
  const error = await load.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PolicyLoadError);
  return (error as PolicyLoadError).diagnostics;
}

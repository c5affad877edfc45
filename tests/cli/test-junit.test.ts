import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, fixtures } from './run-cli.js';

interface Suite {
  attrs: Record<string, string>;
  cases: { attrs: Record<string, string>; failure?: { message: string; text: string }; error?: { message: string; text: string }; skipped?: string }[];
}

/** Parsed by a real XML parser (Python's ElementTree), so that malformed XML fails here. */
function parseJunit(xml: string): { attrs: Record<string, string>; suites: Suite[] } {
  const script = `
import json, sys, xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.buffer.read())
def outcome(c, tag):
    e = c.find(tag)
    return None if e is None else {'message': e.get('message'), 'text': e.text or ''}
print(json.dumps({'tag': root.tag, 'attrs': root.attrib, 'suites': [
  {'attrs': s.attrib, 'cases': [dict(attrs=c.attrib, **{k: v for k, v in (('failure', outcome(c, 'failure')), ('error', outcome(c, 'error')), ('skipped', c.find('skipped').get('message') if c.find('skipped') is not None else None)) if v is not None}) for c in s.findall('testcase')]}
  for s in root.findall('testsuite')]}))
`;
  const parsed = JSON.parse(execFileSync('python3', ['-c', script], { input: xml, encoding: 'utf8' })) as { tag: string; attrs: Record<string, string>; suites: Suite[] };
  expect(parsed.tag).toBe('testsuites');
  return parsed;
}

describe('online-safety test --reporter junit', () => {
  it('writes JUnit XML to --output: a suite per file, failures with the unmet expectations, a file that did not load as an error; the text still on stdout', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'junit-')), 'junit.xml');
    const r = await cli(['test', '--reporter', 'junit', '--output', out, `${fixtures}/scenarios-failing`, `${fixtures}/invalid/bad-cite.yaml`, `${fixtures}/scenarios`, '--min-coverage', '90']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL  Expects the wrong force');
    expect(r.stdout).toMatch(/\n\d+ passed, 1 failed \(1 file not run/);
    const xml = readFileSync(out, 'utf8');
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')).toBe(true);
    const report = parseJunit(xml);
    const names = report.suites.map((s) => s.attrs.name);
    expect(names).toEqual([
      `${fixtures}/invalid/bad-cite.yaml`,
      `${fixtures}/scenarios-failing/wrong-expectations.yaml`,
      `${fixtures}/scenarios/message-to-pupil.yaml`,
      `${fixtures}/scenarios/offensive-material.yaml`,
      'coverage',
    ]);
    const failing = report.suites[1]!;
    expect(failing.attrs).toMatchObject({ tests: '2', failures: '1', errors: '0' });
    expect(failing.cases[0]!.attrs).toMatchObject({ name: 'Expects the wrong force and forbids what the policy requires', line: '4' });
    expect(failing.cases[0]!.failure!.message).toBe('expected referral lado (should), but the decision has referral lado (must) [grid.row-1]');
    expect(failing.cases[0]!.failure!.text).toContain("the decision's outcomes:\n  referral lado (must) [grid.row-1]");
    expect(failing.cases[1]!.failure).toBeUndefined();
    expect(report.suites[0]!.cases[0]!.error!.text).toContain('cite "grid.row-99" names no clause');
    expect(report.suites[4]!.cases[0]!.failure!.message).toMatch(/^rule coverage [\d.]+% is below the minimum of 90%$/);
    // The totals are the suites' sums.
    const sum = (k: string) => report.suites.reduce((n, s) => n + Number(s.attrs[k]), 0);
    expect(report.attrs).toMatchObject({ tests: String(sum('tests')), failures: String(sum('failures')), errors: '1' });
    expect(Number(report.attrs.failures)).toBe(2);
  });

  it('prints the XML on stdout without --output; invariants are a suite (holds, fails, pending as skipped); names are escaped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'junit-'));
    writeFileSync(
      join(dir, 'odd.yaml'),
      [
        `policy: ${resolve('tests/fixtures/policies/invariants-failing')}`,
        'today: 2026-01-15',
        'scenarios:',
        '  - name: "Quotes \\" and <tags> & \'apostrophes\' and a bell \\a"',
        '    incident:',
        '      people: [{ role: staff, involvement: subject }]',
        '      activities: [sending-offensive-message]',
        '',
      ].join('\n'),
    );
    const r = await cli(['test', '--reporter', 'junit', dir]);
    expect(r.code).toBe(1); // the failing invariant
    expect(r.stdout.startsWith('<?xml')).toBe(true);
    const report = parseJunit(r.stdout);
    expect(report.suites[0]!.cases[0]!.attrs.name).toBe('Quotes " and <tags> & \'apostrophes\' and a bell ');
    const invariants = report.suites[1]!;
    expect(invariants.attrs.name).toMatch(/^invariants of /);
    expect(invariants.cases.map((c) => [c.attrs.name!.split(':')[0], c.failure ? 'failure' : c.skipped !== undefined ? 'skipped' : 'pass'])).toEqual([
      ['offensive-message-to-learner-to-lado', 'pass'],
      ['any-access-to-offensive-material-to-lado', 'failure'],
      ['headteacher-never-told', 'skipped'],
    ]);
    expect(invariants.cases[1]!.failure!.text).toContain('First counterexample:');
    expect(invariants.attrs).toMatchObject({ tests: '3', failures: '1', skipped: '1' });
  });

  it('a passing run exits 0 with no failures; --reporter is checked', async () => {
    const r = await cli(['test', '--reporter', 'junit', `${fixtures}/scenarios`]);
    expect(r.code).toBe(0);
    expect(parseJunit(r.stdout).attrs).toMatchObject({ failures: '0', errors: '0' });
    expect((await cli(['test', '--reporter', 'tap', `${fixtures}/scenarios`])).stderr).toContain('--reporter must be one of text, json, junit, not "tap"');
    expect((await cli(['test', '--json', '--reporter', 'junit', `${fixtures}/scenarios`])).code).toBe(2);
  });
});

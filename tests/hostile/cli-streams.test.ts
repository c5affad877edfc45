// Issue 14, classes 6-9: NDJSON lines split on LF only; dates are calendar dates; Ctrl-C and a
// closed pipe end a stream with its summary and an exit code that says so; messages name the
// right thing.
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPolicy } from '../../src/index.js';
import { evaluateNdjson } from '../../src/cli/ndjson.js';
import { isCalendarDate } from '../../src/cli/args.js';
import { cli, cliPath, fixtures, root } from '../cli/run-cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'online-safety-streams-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const policyDir = `${fixtures}/policy`;
const policyArgs = ['--policy', policyDir, '--today', '2026-01-15'];
const incident = (id: string) => JSON.stringify({ id, people: [{ role: 'staff', involvement: 'subject' }], activities: ['sending-offensive-message'] });

describe('NDJSON lines are split on LF only', () => {
  // Line 2 holds a bare CR inside it (JSON whitespace); line 3 ends CRLF; line 4 is not JSON.
  const text = `${incident('a')}\n{"id":"b",\r"activities":["sending-offensive-message"]}\n${incident('c')}\r\n{oops\n`;

  it('evaluate --ndjson: a CR inside a line is whitespace, one CR before LF is dropped, line numbers stay right', async () => {
    const r = await cli(['evaluate', '--ndjson', ...policyArgs], { input: text });
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { incident?: { id: string }; line?: number; error?: { code: string } });
    expect(lines.map((l) => l.incident?.id ?? `line ${l.line}: ${l.error?.code}`)).toEqual(['a', 'b', 'c', 'line 4: invalid-json']);
    expect(r.stderr).toMatch(/^4 lines: 3 decisions, 1 error \(line 4\) in /);
  });

  it('validate reads the same file the same way', async () => {
    const file = join(tmp, 'cr.ndjson');
    writeFileSync(file, text);
    const r = await cli(['validate', file]);
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toMatch(/cr\.ndjson:4:1: not valid JSON/);
  });

  it('a line over the size limit is an error line, and the stream goes on', async () => {
    const policy = await loadPolicy(policyDir);
    let out = '';
    const output = new Writable({ write: (chunk, _, done) => ((out += chunk.toString()), done()) });
    const long = `{"id":"${'x'.repeat(3000)}","activities":["sending-offensive-message"]}`;
    const { withFileLimits } = await import('../../src/index.js');
    const summary = await withFileLimits({ maxFileBytes: 1024 }, () => evaluateNdjson(policy, Readable.from([`${incident('a')}\n${long}\n`, `${incident('c')}\n`]), output, { today: '2026-01-15' }));
    expect(summary).toMatchObject({ lines: 3, decisions: 2, errors: 1, errorLines: [2] });
    expect(JSON.parse(out.split('\n')[1]!)).toEqual({ line: 2, error: { code: 'line-too-long', message: 'the line is longer than 1 KiB, the limit for one incident (--max-file-size)' } });
  });
});

describe('dates are calendar dates', () => {
  it.each(['2026-02-30', '2025-02-29', '2026-13-01', '2026-04-31', '2026-1-1', 'tomorrow'])('--today %s is a usage error (exit 2), for evaluate and explain', async (date) => {
    for (const command of ['evaluate', 'explain']) {
      const r = await cli([command, '--policy', policyDir, '--today', date, `${fixtures}/incidents/message-to-pupil.yaml`]);
      expect(r.code, command).toBe(2);
      expect(r.stderr, command).toBe(`online-safety ${command}: --today must be a date as YYYY-MM-DD, not "${date}".\nRun "online-safety ${command} --help" for usage.\n`);
    }
  });

  it('leap days and early years are dates', () => {
    expect(['2024-02-29', '2000-02-29', '0050-01-01', '2026-12-31'].map(isCalendarDate)).toEqual([true, true, true, true]);
    expect(['1900-02-29', '2026-02-30', '2026-00-10', '2026-06-00'].map(isCalendarDate)).toEqual([false, false, false, false]);
  });

  it('an incident date, a scenario today and a manifest date of 2026-02-30 are refused where they are written', async () => {
    const file = join(tmp, 'dates.yaml');
    writeFileSync(file, `date: 2026-02-30\n${'activities: [sending-offensive-message]\n'}`);
    expect((await cli(['validate', file])).stdout).toMatch(/dates\.yaml:1:7: date: Invalid ISO date/);
    const scenario = join(tmp, 'scenario-dates.yaml');
    writeFileSync(scenario, `policy: elim-school\ntoday: 2026-02-30\nscenarios:\n  - name: x\n    incident: { activities: [sending-offensive-message] }\n`);
    expect((await cli(['validate', scenario])).stdout).toMatch(/scenario-dates\.yaml:2:8: today: Invalid ISO date/);
    const policy = join(tmp, 'dated-policy');
    cpSync('tests/fixtures/policies/valid', policy, { recursive: true });
    writeFileSync(join(policy, 'policy.yaml'), readFileSync(join(policy, 'policy.yaml'), 'utf8').replace('approvedOn: 2026-01-01', 'approvedOn: 2026-02-30'));
    expect((await cli(['validate', policy])).stdout).toMatch(/dated-policy\/policy\.yaml:5:13: approvedOn: not a real date written YYYY-MM-DD/);
  });
});

/** Starts evaluate --ndjson on a pipe, waits for `n` output lines. */
async function streamUntil(n: number, args: string[] = []) {
  const child = spawn(process.execPath, [cliPath, 'evaluate', '--ndjson', ...policyArgs, ...args], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.on('error', () => undefined);
  child.stdin.write(`${incident('a')}\n{bad\n${incident('c')}\n`);
  while (stdout.split('\n').length <= n) await once(child.stdout, 'data');
  return { child, out: () => stdout, err: () => stderr };
}

describe('Ctrl-C and a closed pipe', () => {
  it('SIGINT during --ndjson: the lines read are answered, the summary says "interrupted", exit 130', async () => {
    const { child, out, err } = await streamUntil(3);
    child.kill('SIGINT');
    const [code] = (await once(child, 'close')) as [number];
    expect(code).toBe(130);
    expect(out().trimEnd().split('\n')).toHaveLength(3);
    expect(err()).toMatch(/^3 lines: 2 decisions, 1 error \(line 2\) in \d+\.\ds, interrupted\n$/);
  });

  it('a closed output pipe after an error line: the stream stops, exit 1', async () => {
    const { child, err } = await streamUntil(3);
    child.stdout.destroy();
    child.stdin.write(`${incident('d')}\n`.repeat(2000));
    const [code] = (await once(child, 'close')) as [number];
    expect(code).toBe(1);
    expect(err()).toMatch(/, output closed\n$/);
  });

  it('| head -1 on a stream whose every line is fine exits 0; with an error line seen, 1', () => {
    const good = join(tmp, 'good.ndjson');
    writeFileSync(good, `${incident('a')}\n`.repeat(5000));
    const bad = join(tmp, 'bad.ndjson');
    writeFileSync(bad, `{bad\n${incident('a')}\n`.repeat(2500));
    const status = (file: string) => {
      const r = spawnShell(`node ${JSON.stringify(cliPath)} evaluate --ndjson --policy ${policyDir} --today 2026-01-15 ${JSON.stringify(file)} 2>/dev/null | head -1 >/dev/null; echo "\${PIPESTATUS[0]}"`);
      return Number(r.trim());
    };
    expect(status(good)).toBe(0);
    expect(status(bad)).toBe(1);
  });

  it('validate | head -1 with problems exits 1', () => {
    const r = spawnShell(`node ${JSON.stringify(cliPath)} validate tests/fixtures/policies/many-problems 2>/dev/null | head -1 >/dev/null; echo "\${PIPESTATUS[0]}"`);
    expect(Number(r.trim())).toBe(1);
  });
});

describe('messages name the right thing', () => {
  it('fmt on an empty file: an error, nothing written', async () => {
    const file = join(tmp, 'empty.yaml');
    writeFileSync(file, '');
    const r = await cli(['fmt', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/empty\.yaml:1:1: the file is empty \(a policy YAML file holds a mapping\); nothing to format\nonline-safety fmt: 1 file could not be formatted; nothing was changed\n$/);
    expect((await cli(['fmt', '--check', file])).code).toBe(1);
  });

  it('an alias in an incident file is refused without speaking of policy files', async () => {
    const file = join(tmp, 'alias.yaml');
    writeFileSync(file, 'a: &x [sending-offensive-message]\nactivities: *x\n');
    const r = await cli(['evaluate', '--policy', policyDir, file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('alias.yaml:2:13: (top level): YAML aliases (*x) are not allowed: write the value out');
    expect(r.stderr).not.toContain('policy files');
  });
});

function spawnShell(script: string): string {
  return execFileSync('bash', ['-c', script], { cwd: root, encoding: 'utf8' });
}

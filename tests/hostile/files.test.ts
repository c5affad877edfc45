// Issue 14, classes 4 and 5: a file that is not a regular UTF-8 file within the size limits (a
// FIFO, a link to /dev/zero, a folder, a link loop, a dangling link, an oversized file), or
// that holds a YAML tag or bytes that are not UTF-8, is a positioned problem for every command
// that reads it: exit 1, no hang, no "internal error".
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, cpSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, cliPath } from '../cli/run-cli.js';

const root = mkdtempSync(join(tmpdir(), 'online-safety-files-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const VALID = 'tests/fixtures/policies/valid';
const incident = JSON.stringify({ people: [{ role: 'staff', involvement: 'subject' }], activities: ['sending-offensive-message'] });
const MIB = 1024 * 1024;

/** Each hostile kind: how to plant it as `name` in a folder, and what the problem says. */
const KINDS: Record<string, { plant(path: string): void; says: string }> = {
  fifo: { plant: (p) => execFileSync('mkfifo', [p]), says: 'is a named pipe (FIFO), not a regular file' },
  'dev-zero': { plant: (p) => symlinkSync('/dev/zero', p), says: 'is a device, not a regular file' },
  folder: { plant: (p) => mkdirSync(p), says: 'is a folder, not a regular file' },
  loop: { plant: (p) => symlinkSync(p, p), says: 'is a symbolic link loop' },
  dangling: { plant: (p) => symlinkSync(`${p}.missing`, p), says: 'is a symbolic link to a file that does not exist' },
  oversize: { plant: (p) => writeFileSync(p, `rules:\n${'# padding\n'.repeat(MIB / 10 + 10)}`), says: 'is 1048677 bytes long, over the limit of 1 MiB per file (--max-file-size)' },
  tag: { plant: (p) => writeFileSync(p, 'rules:\n  - !!js/function "function () {}"\n'), says: ':2:5: YAML tag !!js/function is not allowed: write a plain value' },
  'bad-utf8': { plant: (p) => writeFileSync(p, Buffer.concat([Buffer.from('rules:\n  - id: caf'), Buffer.from([0xe9]), Buffer.from('\n')])), says: ':2:12: is not valid UTF-8 (byte 0xe9); save it as UTF-8' },
};

/** A policy folder (the valid fixture) with one hostile rule file, and a scenario file naming it. */
function plantPolicy(kind: string): { dir: string; scenario: string; incident: string } {
  const base = join(root, `policy-${kind}`);
  const dir = join(base, 'policy');
  cpSync(VALID, dir, { recursive: true });
  KINDS[kind]!.plant(join(dir, 'hostile.yaml'));
  const scenario = join(base, 'scenario.yaml');
  writeFileSync(scenario, `policy: ./policy\nscenarios:\n  - name: a message\n    incident: ${incident}\n    expect: [{ referral: lado }]\n`);
  writeFileSync(join(base, 'incident.json'), incident);
  return { dir, scenario, incident: join(base, 'incident.json') };
}

interface Run {
  code: number | null;
  output: string;
  ms: number;
}

/**
 * Runs the CLI's commands in this process, one run at a time (the size limits are per run). A
 * process starts in half a second here, and this file ran over fifty; the kinds that could block
 * a reading thread for ever (a FIFO, a device) still run in a process of their own.
 */
let queue: Promise<unknown> = Promise.resolve();
function run(args: string[]): Promise<Run> {
  const next = queue.then(async () => {
    const r = await cli(args);
    return { code: r.code, output: `${r.stdout}${r.stderr}`, ms: 0 };
  });
  queue = next.catch(() => undefined);
  return next;
}

/** The kinds a reading thread could block on: run in a process of their own. */
const BLOCKING = new Set(['fifo', 'dev-zero']);
const runFor = (kind: string) => (BLOCKING.has(kind) ? runProcess : run);

/** Runs the built CLI, killed after 20 s (a hang shows as code null). */
function runProcess(args: string[], cwd = root): Promise<Run> {
  const start = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => resolve({ code, output, ms: Date.now() - start }));
  });
}

const COMMANDS: Record<string, (p: ReturnType<typeof plantPolicy>) => string[]> = {
  validate: (p) => ['validate', p.dir],
  evaluate: (p) => ['evaluate', '--policy', p.dir, p.incident],
  test: (p) => ['test', p.scenario],
  fmt: (p) => ['fmt', '--check', p.dir],
  diff: (p) => ['diff', p.dir, join(process.cwd(), VALID)],
  render: (p) => ['render', p.dir],
  list: (p) => ['list', 'rules', '--policy', p.dir],
};

// fmt lays out YAML without loading the policy: a folder named x.yaml holds no file to lay out,
// so there is nothing to refuse. Every other cell: exit 1.
const EXPECTED_EXIT: Record<string, Partial<Record<string, number>>> = { folder: { fmt: 0 } };

describe.each(Object.keys(KINDS))('a rule file that is %s', (kind) => {
  it('every command exits 1 with the positioned problem (fmt: see EXPECTED_EXIT), no hang, no internal error', async () => {
    const planted = plantPolicy(kind);
    const names = Object.keys(COMMANDS);
    const runs = await Promise.all(names.map((name) => runFor(kind)(COMMANDS[name]!(planted))));
    const codes = Object.fromEntries(names.map((name, i) => [name, runs[i]!.code]));
    expect(codes).toEqual(Object.fromEntries(names.map((name) => [name, EXPECTED_EXIT[kind]?.[name] ?? 1])));
    runs.forEach((r, i) => {
      expect(r.output, names[i]).not.toMatch(/internal error/);
      if (codes[names[i]!] === 1) expect(r.output, names[i]).toContain(`hostile.yaml${KINDS[kind]!.says.startsWith(':') ? '' : ': '}${KINDS[kind]!.says}`);
    });
  });
});

describe('incident files and streams', () => {
  const cases = Object.keys(KINDS).filter((k) => k !== 'tag');
  it.each(cases)('an incident file that is %s: evaluate and validate exit 1 with the problem', async (kind) => {
    const dir = join(root, `incident-${kind}`);
    mkdirSync(dir);
    const file = join(dir, 'incident.yaml');
    if (kind === 'oversize') writeFileSync(file, `${incident}\n${'# padding\n'.repeat(MIB / 10 + 10)}`);
    else if (kind === 'bad-utf8') writeFileSync(file, Buffer.concat([Buffer.from('activities: [caf'), Buffer.from([0xe9]), Buffer.from(']\n')]));
    else KINDS[kind]!.plant(file);
    const [evaluated, validated] = await Promise.all([runFor(kind)(['evaluate', '--policy', join(process.cwd(), VALID), file]), runFor(kind)(['validate', file])]);
    expect([evaluated.code, validated.code]).toEqual([1, 1]);
    for (const r of [evaluated, validated]) expect(r.output).not.toMatch(/internal error/);
    const says = kind === 'bad-utf8' ? ':1:17: is not valid UTF-8 (byte 0xe9); save it as UTF-8' : kind === 'oversize' ? ': is 1048767 bytes long, over the limit of 1 MiB per file (--max-file-size)' : `: ${KINDS[kind]!.says}`;
    // validate takes a folder as a folder to search: this one holds nothing to check.
    if (kind === 'folder') expect(validated.output).toBe('online-safety validate: found nothing to validate (no policy folders, .yaml, .json or .ndjson files)\n');
    else expect(validated.output).toContain(`incident.yaml${says}`);
    if (kind !== 'dangling' && kind !== 'loop') expect(evaluated.output).toContain(`incident.yaml${says}`);
  });

  it('an incident YAML with an unknown tag is an error at the tag', async () => {
    const file = join(root, 'tagged-incident.yaml');
    writeFileSync(file, 'activities: [!custom sending-offensive-message]\n');
    const r = await run(['evaluate', '--policy', join(process.cwd(), VALID), file]);
    expect(r.code).toBe(1);
    expect(r.output).toContain('tagged-incident.yaml:1:14: (top level): YAML tag !custom is not allowed: write a plain value');
  });

  it('evaluate --ndjson on a folder says it is a folder; on a FIFO, that it is one (pipe it instead)', async () => {
    const fifo = join(root, 'stream.ndjson');
    execFileSync('mkfifo', [fifo]);
    const policy = ['--policy', join(process.cwd(), VALID)];
    const [folder, pipe, validated] = await Promise.all([run(['evaluate', '--ndjson', ...policy, root]), runProcess(['evaluate', '--ndjson', ...policy, fifo]), runProcess(['validate', fifo])]);
    expect(folder.code).toBe(1);
    expect(folder.output).toBe(`online-safety evaluate: ${root} is a folder, not a file of incidents\n`);
    expect(pipe.code).toBe(1);
    expect(pipe.output).toContain('is a named pipe (FIFO), not a regular file');
    expect(validated.code).toBe(1);
    expect(validated.output).toContain('stream.ndjson: is a named pipe (FIFO), not a regular file');
  });

  it('an oversized incident on standard input is refused at the limit', async () => {
    const r = await new Promise<Run>((resolve) => {
      const child = spawn(process.execPath, [cliPath, '--max-file-size', '1k', 'evaluate', '--policy', join(process.cwd(), VALID), '-'], { cwd: root, timeout: 20_000 });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      child.on('close', (code) => resolve({ code, output, ms: 0 }));
      child.stdin.on('error', () => undefined);
      child.stdin.end(`${incident}\n${'#'.repeat(4096)}\n`);
    });
    expect(r.code).toBe(1);
    expect(r.output).toBe('online-safety evaluate: <stdin>: the incident is more than 1 KiB, over the limit per file (--max-file-size)\n');
  });
});

describe('size limits are options', () => {
  it('--max-file-size and --max-policy-size change the limits; a bad size is a usage error', async () => {
    const policy = join(process.cwd(), VALID);
    const [small, tiny, fine, bad] = await Promise.all([
      run(['--max-file-size', '100', 'validate', policy]),
      run(['validate', '--max-policy-size=300', policy]),
      run(['--max-file-size', '8m', 'validate', policy]),
      run(['--max-file-size', 'lots', 'validate', policy]),
    ]);
    expect(small.code).toBe(1);
    expect(small.output).toContain('policy.yaml: is 279 bytes long, over the limit of 100 bytes per file (--max-file-size)');
    expect(tiny.code).toBe(1);
    expect(tiny.output).toContain("valid: the policy's files are more than 300 bytes together, over the limit per policy (--max-policy-size)");
    expect(fine.code).toBe(0);
    expect(bad.code).toBe(2);
    expect(bad.output).toMatch(/^online-safety: --max-file-size must be a size such as 1048576, 512k or 8m, not "lots"\./);
  });

  it('the oversize fixture is over 1 MiB, so the default limit is what refused it', () => {
    const planted = plantPolicy('oversize');
    expect(readFileSync(join(planted.dir, 'hostile.yaml')).length).toBeGreaterThan(MIB);
  });
});

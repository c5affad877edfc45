import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { cli, fixtures, startCli } from './run-cli.js';

const policy = ['--policy', `${fixtures}/policy`, '--today', '2026-01-15'];

describe('online-safety evaluate --ndjson', () => {
  it('writes one line per input line, in order: decisions, and errors carrying the line number', async () => {
    const r = await cli(['evaluate', '--ndjson', ...policy, `${fixtures}/incidents/stream.ndjson`]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
    expect(lines.map((l) => (l.error ? `line ${l.line}: ${l.error.code}` : l.incident.id))).toEqual([
      'a',
      'line 2: invalid-json',
      'c',
      'line 4: invalid-incident',
      'line 5: empty-line',
      'f',
    ]);
    expect(lines[0]!.referrals.map((o: { target: string }) => o.target)).toEqual(['lado']);
    expect(lines[3]!.error.issues[0].message).toBe('unknown activity "no-such-activity"');
    expect(r.stderr).toMatch(/^6 lines: 3 decisions, 3 errors \(lines 2, 4, 5\) in \d+\.\ds\n$/);
  });

  it('reads standard input and exits 0 when every line is an incident', async () => {
    const line = JSON.stringify({ id: 'x', people: [{ role: 'staff', involvement: 'subject' }], activities: ['sending-offensive-message'] });
    const r = await cli(['evaluate', '--ndjson', ...policy], { input: `${line}\n${line}\n` });
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(2);
    expect(r.stderr).toMatch(/^2 lines: 2 decisions, 0 errors in /);
  });

  it('keeps order and count over many lines', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) =>
      JSON.stringify({ id: `n${i}`, people: [{ role: 'staff', involvement: 'subject' }, { role: i % 2 ? 'pupil' : 'staff', involvement: 'affected' }], activities: ['sending-offensive-message'] }),
    );
    const r = await cli(['evaluate', '--ndjson', ...policy], { input: `${lines.join('\n')}\n` });
    expect(r.code).toBe(0);
    const out = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { incident: { id: string }; referrals: unknown[] });
    expect(out.map((d) => d.incident.id)).toEqual(lines.map((_, i) => `n${i}`));
    expect(out.map((d) => d.referrals.length)).toEqual(lines.map((_, i) => i % 2));
  });

  it('streams: answers a line before its input has ended', async () => {
    const child = startCli(['evaluate', '--ndjson', ...policy]);
    const output = createInterface({ input: child.stdout });
    const first = once(output, 'line');
    child.stdin.write('{"id":"early","activities":["sending-offensive-message"]}\n');
    const [line] = (await first) as [string];
    expect(JSON.parse(line).incident.id).toBe('early');
    child.stdin.end();
    const [code] = await once(child, 'close');
    expect(code).toBe(0);
  });

  it('--progress writes progress lines on stderr before the summary', async () => {
    const r = await cli(['evaluate', '--ndjson', '--progress', ...policy, `${fixtures}/incidents/stream.ndjson`]);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^evaluated 1 line \(0 errors, \d+ lines\/s\)$/);
    expect(lines[lines.length - 1]).toMatch(/^6 lines: 3 decisions, 3 errors/);
  });

  it('--json with --ndjson is a usage error', async () => {
    expect((await cli(['evaluate', '--ndjson', '--json', ...policy])).code).toBe(2);
  });
});

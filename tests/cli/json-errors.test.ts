import { describe, expect, it } from 'vitest';
import { cli, fixtures } from './run-cli.js';

const policy = ['--policy', `${fixtures}/policy`, '--today', '2026-01-15'];

/** The run's standard output as `{ error }`, with nothing left for a reader to parse on stderr. */
async function jsonError(args: string[]) {
  const r = await cli(args);
  expect(r.stderr).toBe('');
  const out = JSON.parse(r.stdout) as { error: { code: string; message: string; problems?: Record<string, unknown>[]; details?: string[]; hint?: string } };
  expect(Object.keys(out)).toEqual(['error']);
  return { code: r.code, error: out.error };
}

describe('with --json, errors are JSON on standard output, with the exit code they have as text', () => {
  it('an invalid incident: each issue with its path and position (exit 1)', async () => {
    const { code, error } = await jsonError(['evaluate', ...policy, '--json', `${fixtures}/incidents/unknown-activity.yaml`]);
    expect(code).toBe(1);
    expect(error.code).toBe('invalid-incident');
    expect(error.message).toBe('the incident is not valid (2 problems)');
    expect(error.problems).toEqual([
      expect.objectContaining({ path: ['activities', 0], line: 6, message: expect.stringContaining('did you mean "sending-offensive-message"') }),
      expect.objectContaining({ path: ['facts', 'deliberat'], line: 8 }),
    ]);
    // The same run as text: the same exit code, the problems on stderr.
    const text = await cli(['evaluate', ...policy, `${fixtures}/incidents/unknown-activity.yaml`]);
    expect(text.code).toBe(1);
    expect(text.stdout).toBe('');
    expect(text.stderr).toContain('the incident is not valid (2 problems).');
  });

  it('a policy that does not load: its diagnostics (exit 1)', async () => {
    const { code, error } = await jsonError(['explain', '--policy', `${fixtures}/unreadable-policy`, '--json', `${fixtures}/incidents/message-to-pupil.yaml`]);
    expect(code).toBe(1);
    expect(error.code).toBe('policy-not-loaded');
    expect(error.problems!.length).toBeGreaterThan(0);
    expect(error.problems![0]).toEqual(expect.objectContaining({ code: expect.any(String), file: expect.any(String), line: expect.any(Number) }));
  });

  it('a usage error (exit 2), and a missing file (exit 1), for each command that takes --json', async () => {
    for (const args of [
      ['evaluate', '--json', '--today', 'someday', ...policy.slice(0, 2)],
      ['explain', '--json', '--nope'],
      ['validate', '--json', '--nope'],
      ['test', '--json', '--min-coverage', '200'],
      ['list', 'colours', '--json'],
      ['diff', '--json'],
    ]) {
      const { code, error } = await jsonError(args);
      expect([args[0], code, error.code]).toEqual([args[0], 2, 'usage']);
      expect(error.message).toMatch(new RegExp(`run "online-safety ${args[0]} --help" for usage$`));
    }
    // test --reporter json is --json.
    expect((await jsonError(['test', '--reporter', 'json', 'no/such/folder'])).code).toBe(1);
    const missing = await jsonError(['validate', '--json', 'no/such/file.yaml']);
    expect([missing.code, missing.error.code]).toEqual([1, 'failed']);
    expect(missing.error.message).toContain('no/such/file.yaml');
  });

  it('--ndjson keeps its own contract: a JSON line per input line, run-level errors on stderr', async () => {
    const r = await cli(['evaluate', '--ndjson', '--policy', 'no-such-policy']);
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toContain('"no-such-policy" is neither a policy folder nor a bundled policy');
  });

  it('without --json, errors stay text on standard error', async () => {
    const r = await cli(['validate', 'no/such/file.yaml']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('no/such/file.yaml');
  });
});

describe('a stream file given to evaluate without --ndjson', () => {
  it('gets a hint to add --ndjson, as text and as JSON', async () => {
    const file = `${fixtures}/incidents/stream.ndjson`;
    const text = await cli(['evaluate', ...policy, file]);
    expect(text.code).toBe(1);
    expect(text.stderr.trimEnd().split('\n').at(-1)).toBe(`hint: ${file} looks like a stream of incidents, one per line: to evaluate each line, add --ndjson`);
    const { code, error } = await jsonError(['evaluate', ...policy, '--json', file]);
    expect(code).toBe(1);
    expect(error.hint).toContain('add --ndjson');
    // Any other file name gets no hint.
    expect((await cli(['evaluate', ...policy, `${fixtures}/incidents/unknown-activity.yaml`])).stderr).not.toContain('hint:');
  });
});

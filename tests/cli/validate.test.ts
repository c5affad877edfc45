import { describe, expect, it } from 'vitest';
import { cli, fixtures } from './run-cli.js';

describe('online-safety validate', () => {
  it('reports every problem of every file at once as file:line:col, exit 1', async () => {
    const r = await cli(['validate', `${fixtures}/incidents`, `${fixtures}/invalid`]);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')).toEqual([
      `${fixtures}/incidents/stream.ndjson:2:1: not valid JSON: Unexpected token 'o', "not json" is not valid JSON`,
      `${fixtures}/incidents/stream.ndjson:4:1: activities[0]: unknown activity "no-such-activity"`,
      `${fixtures}/incidents/stream.ndjson:5:1: the line is empty; each line must be one incident as JSON`,
      `${fixtures}/incidents/unknown-activity.yaml:6:5: unknown activity "sending-ofensive-message" (did you mean "sending-offensive-message"?)`,
      `${fixtures}/incidents/unknown-activity.yaml:8:3: unknown fact "deliberat" (did you mean "deliberate"?)`,
      `${fixtures}/invalid/bad-cite.yaml:4:11: cite "grid.row-99" names no clause of cli-test-school (did you mean "grid.row-1"?)`,
      `${fixtures}/invalid/bad-scenario.yaml:7:20: incident: unknown activity "sending-ofensive-message" (did you mean "sending-offensive-message"?)`,
      `${fixtures}/invalid/bad-scenario.yaml:9:19: unknown referral target "lad" (did you mean "lado"?)`,
      `${fixtures}/invalid/bad-scenario.yaml:11:19: scenarios[0].expect[1].modality: Invalid option: expected one of "must"|"should"|"may"`,
      `${fixtures}/invalid/bad-scenario.yaml:14:9: unknown key "colour" in scenarios[0].forbid[0]`,
      `${fixtures}/invalid/bad-scenario.yaml:15:12: asks: unknown fact "deliberat" (did you mean "deliberate"?)`,
      '',
    ]);
    expect(r.stderr).toBe('11 problems in 2 scenario files, 3 incident files, 1 incident stream\n');
  });

  it('a valid policy folder, scenario files and incidents: exit 0', async () => {
    const r = await cli(['validate', `${fixtures}/policy`, `${fixtures}/scenarios`, `${fixtures}/incidents/message-to-pupil.yaml`]);
    expect(r).toEqual({ code: 0, stdout: '', stderr: 'valid: 1 policy, 2 scenario files, 1 incident file\n' });
  });

  it('a policy with problems: its loader diagnostics, exit 1', async () => {
    const r = await cli(['validate', 'tests/fixtures/policies/many-problems']);
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split('\n').length).toBeGreaterThan(1);
    for (const line of r.stdout.trim().split('\n')) expect(line).toMatch(/^tests\/fixtures\/policies\/many-problems\/[a-z]+\.yaml:\d+:\d+: /);
  });

  it('with no path, checks the bundled policies', async () => {
    const r = await cli(['validate']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^valid: \d+ polic(y|ies)\n$/);
  });

  it('--json prints the diagnostics as data', async () => {
    const r = await cli(['validate', '--json', `${fixtures}/invalid/bad-cite.yaml`]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual([
      { code: 'unknown-clause', message: 'cite "grid.row-99" names no clause of cli-test-school (did you mean "grid.row-1"?)', file: `${fixtures}/invalid/bad-cite.yaml`, line: 4, column: 11 },
    ]);
  });

  it('a path that does not exist is one sentence, exit 1', async () => {
    expect(await cli(['validate', 'nowhere'])).toEqual({ code: 1, stdout: '', stderr: 'online-safety validate: no such file or folder: nowhere\n' });
  });
});

describe('online-safety validate, inside a folder', () => {
  it('skips files that are none of its kinds (package.json) but reports a file that does not parse', async () => {
    const r = await cli(['validate', `${fixtures}/mixed-folder`]);
    expect(r).toEqual({
      code: 1,
      stdout: `${fixtures}/mixed-folder/broken.yaml:3:1: Flow sequence in block collection must be sufficiently indented and end with a ]\n`,
      stderr: '1 problem in 1 incident file\n',
    });
  });
});

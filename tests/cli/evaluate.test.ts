import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DecisionSchema } from '../../src/decision/schema.js';
import { cli, fixtures, root } from './run-cli.js';

const policy = ['--policy', `${fixtures}/policy`, '--today', '2026-01-15'];
const incident = `${fixtures}/incidents/message-to-pupil.yaml`;

describe('online-safety evaluate', () => {
  it('--full prints the decision grouped, each outcome with its force, contact and clause', async () => {
    const r = await cli(['evaluate', ...policy, '--full', incident]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(readFileSync(join(root, fixtures, 'expected', 'evaluate-message-to-pupil.txt'), 'utf8'));
  });

  it('--full prints each question with what its answer would add, in words and with its force', async () => {
    const r = await cli(['evaluate', ...policy, '--full', `${fixtures}/incidents/offensive-material.json`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      [
        'Questions (unknown facts that would change the decision):',
        '  Was it deliberate? (yes) → would add:',
        '    must   Refer to the Local Authority Designated Officer (LADO)',
        '    should Refer to the headteacher',
      ].join('\n'),
    );
  });

  it('--json prints the Decision, byte-identical on every run', async () => {
    const r = await cli(['evaluate', ...policy, '--json', incident]);
    expect(r.code).toBe(0);
    const decision = DecisionSchema.parse(JSON.parse(r.stdout));
    expect(decision.referrals.map((o) => [o.target, o.modality, o.because[0]!.cite])).toEqual([['lado', 'must', 'grid.row-1']]);
    expect(decision.notifications.map((o) => [o.target, o.modality, o.by])).toEqual([['parents', 'should', 'headteacher']]);
    expect((await cli(['evaluate', ...policy, '--json', incident])).stdout).toBe(r.stdout);
  });

  it('reads JSON from standard input with "-"', async () => {
    const input = readFileSync(join(root, fixtures, 'incidents', 'offensive-material.json'), 'utf8');
    const r = await cli(['evaluate', ...policy, '--json', '-'], { input });
    expect(r.code).toBe(0);
    const decision = JSON.parse(r.stdout) as { incident: { id: string }; questions: { facts: Record<string, boolean> }[] };
    expect(decision.incident.id).toBe('inc-002');
    expect(decision.questions.map((q) => q.facts)).toEqual([{ deliberate: true }]);
  });

  it('uses a bundled policy by id', async () => {
    const r = await cli(['evaluate', '--policy', 'elim-school', '--json', incident]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).referrals.map((o: { target: string }) => o.target)).toContain('lado');
  });

  it('an invalid incident: every problem as file:line:col on stderr, exit 1', async () => {
    const r = await cli(['evaluate', ...policy, `${fixtures}/incidents/unknown-activity.yaml`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toEqual([
      `${fixtures}/incidents/unknown-activity.yaml:6:5: activities[0]: unknown activity "sending-ofensive-message" (did you mean "sending-offensive-message"?)`,
      `${fixtures}/incidents/unknown-activity.yaml:8:3: facts.deliberat: unknown fact "deliberat" (did you mean "deliberate"?)`,
      'online-safety evaluate: the incident is not valid (2 problems).',
      '',
    ]);
  });

  it('a missing file is one sentence, exit 1', async () => {
    expect(await cli(['evaluate', ...policy, 'no-such-file.yaml'])).toEqual({ code: 1, stdout: '', stderr: 'online-safety evaluate: no such file: no-such-file.yaml\n' });
  });

  it('an unknown policy and a bad --today are usage errors, exit 2', async () => {
    const r = await cli(['evaluate', '--policy', 'no-such-policy', incident]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^online-safety evaluate: --policy "no-such-policy" is neither a policy folder nor a bundled policy/);
    expect((await cli(['evaluate', ...policy, '--today', 'tomorrow', incident])).code).toBe(2);
  });

  it('a policy that does not load: its diagnostics, exit 1', async () => {
    const r = await cli(['evaluate', '--policy', 'tests/fixtures/policies/unknown-cite', incident]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^tests\/fixtures\/policies\/unknown-cite\/rules\.yaml:\d+:\d+: cite /m);
    expect(r.stderr).toMatch(/online-safety evaluate: the policy did not load \(\d+ problems?\)\.\n$/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});

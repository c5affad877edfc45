import { describe, expect, it } from 'vitest';
import { cli, fixtures } from './run-cli.js';

const policy = ['--policy', `${fixtures}/policy`, '--today', '2026-01-15'];

describe('online-safety explain', () => {
  it('says why each outcome was given: rule, clause and the facts that matched', async () => {
    const r = await cli(['explain', ...policy, `${fixtures}/incidents/message-to-pupil.yaml`]);
    expect(r.code).toBe(0);
    // Under the action plan's headings: the LADO protects a child (Do now); the parents are the headteacher's to tell.
    expect(r.stdout.split('\n')).toEqual([
      'Do now:',
      '  Refer to the Local Authority Designated Officer (LADO) (must) — Sanctions: Staff, grid.row-1: Sending an offensive message to a learner (L): ' +
        'the subject is staff, the activity is "sending an email, text or instant message regarded as offensive, harassment or bullying", the person affected is a pupil',
      '',
      'Do next — The headteacher:',
      '  Tell the parents or carers of the pupils involved (by the headteacher) (should) — Working with parents, parents.1: Parents should be told when a pupil is involved: ' +
        'the person affected is a pupil, the activity is "sending an email, text or instant message regarded as offensive, harassment or bullying"',
      '',
    ]);
  });

  it('--all says why near-miss rules did not fire, and which unknown fact would change it', async () => {
    const r = await cli(['explain', '--all', ...policy, `${fixtures}/incidents/offensive-material.json`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('The policy requires nothing for this incident as described.');
    expect(r.stdout).toContain('Was it deliberate? (yes) → would add: Refer to the Local Authority Designated Officer (LADO) (must); Refer to the headteacher (should)');
    expect(r.stdout).toContain(
      [
        'Rules that did not apply:',
        '  row-2-deliberate-access-offensive — Sanctions: Staff, grid.row-2: Deliberately accessing offensive material (L)',
        '    would give: Refer to the Local Authority Designated Officer (LADO) (must); Refer to the headteacher (should)',
        '    unknown: the conduct was deliberate',
      ].join('\n'),
    );
  });

  it('--json prints the explanation as data', async () => {
    const r = await cli(['explain', '--json', ...policy, `${fixtures}/incidents/message-to-pupil.yaml`]);
    const ex = JSON.parse(r.stdout) as { outcomes: { reasons: { rule: string; matched: string[] }[] }[] };
    expect(ex.outcomes[0]!.reasons[0]!.rule).toBe('row-1-offensive-message-to-learner');
    expect(ex.outcomes[0]!.reasons[0]!.matched).toContain('the subject is staff');
  });

  it('an invalid incident exits 1 with positioned problems', async () => {
    const r = await cli(['explain', ...policy, `${fixtures}/incidents/unknown-activity.yaml`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('unknown-activity.yaml:6:5: ');
  });
});

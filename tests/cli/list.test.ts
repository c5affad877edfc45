import { describe, expect, it } from 'vitest';
import { cli, fixtures } from './run-cli.js';

describe('online-safety list', () => {
  it('lists the bundled policies by default', async () => {
    const r = await cli(['list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^elim-school +eLiM School Online Safety Policy, version \S+ \(\d+ rules\)$/m);
    expect((await cli(['list', 'policies'])).stdout).toBe(r.stdout);
  });

  it('lists a policy\'s rules with their clauses', async () => {
    const r = await cli(['list', 'rules', '--policy', `${fixtures}/policy`]);
    expect(r).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'row-1-offensive-message-to-learner  [grid.row-1] Sending an offensive message to a learner',
        'row-2-deliberate-access-offensive   [grid.row-2] Deliberately accessing offensive material',
        'parents-told-when-pupil-involved    [parents.1] Parents told when a pupil is affected',
        '',
      ].join('\n'),
    });
  });

  it('lists a policy\'s clause ledger, with the reason a clause has no rule', async () => {
    expect((await cli(['list', 'clauses', '--policy', `${fixtures}/policy`])).stdout.split('\n')).toEqual([
      'grid.row-1  Sanctions: Staff: Sending an offensive message to a learner (L)',
      'grid.row-2  Sanctions: Staff: Deliberately accessing offensive material (L)',
      'parents.1   Working with parents: Parents should be told when a pupil is involved',
      'training.1  Training: Staff receive online safety training (not executable: not triggered by an incident)',
      '',
    ]);
  });

  it('lists the vocabulary: activities and targets', async () => {
    expect((await cli(['list', 'activities'])).stdout).toMatch(/^sending-offensive-message +Sending an email/m);
    expect((await cli(['list', 'targets'])).stdout).toMatch(/^lado +The Local Authority Designated Officer \(LADO\)$/m);
    const json = JSON.parse((await cli(['list', 'targets', '--json'])).stdout) as { id: string }[];
    expect(json.map((t) => t.id)).toContain('parents');
  });

  it('an unknown list is a usage error, exit 2', async () => {
    const r = await cli(['list', 'teachers']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^online-safety list: cannot list "teachers": choose one of policies, rules, /);
  });
});

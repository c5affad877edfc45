import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

// The built package, used as a consumer would: through its name and exports map.
let consumer: string;
beforeAll(() => {
  consumer = mkdtempSync(join(tmpdir(), 'online-safety-consumer-'));
  mkdirSync(join(consumer, 'node_modules'));
  symlinkSync(resolve('.'), join(consumer, 'node_modules', 'online-safety-rules'), 'dir');
});

const program = (load: string) => `
${load}
const policy = await m.loadBundledPolicy('elim-school');
const decision = await m.evaluate(policy, {
  people: [{ role: 'staff', involvement: 'subject' }, { role: 'pupil', involvement: 'affected' }],
  activities: ['sending-offensive-message'],
}, { today: '2026-11-26' });
console.log(JSON.stringify({ exports: Object.keys(m).sort(), referrals: decision.referrals.map((r) => r.target) }));
`;

function run(args: string[]): { exports: string[]; referrals: string[] } {
  return JSON.parse(execFileSync(process.execPath, args, { cwd: consumer, encoding: 'utf8' }));
}

describe('the built package', () => {
  it('works with require() (CommonJS)', () => {
    const out = run(['-e', `(async () => { ${program("const m = require('online-safety-rules');")} })()`]);
    expect(out.exports).toEqual(expect.arrayContaining(['evaluate', 'loadPolicy', 'loadBundledPolicy', 'listBundledPolicies', 'parseIncident', 'PolicyLoadError', 'InvalidIncidentError']));
    expect(out.referrals).toContain('lado');
  });

  it('works with import (ES modules)', () => {
    const out = run(['--input-type=module', '-e', program("const m = await import('online-safety-rules');")]);
    expect(out.exports).toContain('evaluate');
    expect(out.referrals).toContain('lado');
  });

  it('exports the JSON schemas by name', () => {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', `
      import schema from 'online-safety-rules/schemas/incident.schema.json' with { type: 'json' };
      import { createRequire } from 'node:module';
      const decision = createRequire(process.cwd() + '/').resolve('online-safety-rules/schemas/decision.schema.json');
      console.log(JSON.stringify({ title: schema.title ?? null, keys: Object.keys(schema.properties ?? {}).sort(), decision: decision.endsWith('schemas/decision.schema.json') }));
    `], { cwd: consumer, encoding: 'utf8' });
    const result = JSON.parse(out) as { keys: string[]; decision: boolean };
    expect(result.keys).toEqual(expect.arrayContaining(['activities', 'people', 'facts']));
    expect(result.decision).toBe(true);
  });

  it('require("online-safety-rules/vitest") says to import it (vitest cannot be required)', () => {
    expect(() => execFileSync(process.execPath, ['-e', "require('online-safety-rules/vitest')"], { cwd: consumer, encoding: 'utf8', stdio: 'pipe' })).toThrow(
      /online-safety-rules\/vitest is an ES module, as vitest is: import it/,
    );
  });
});

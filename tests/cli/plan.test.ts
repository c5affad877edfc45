// The action plan as the CLI prints it, the case record, and triage (in a pseudo-terminal).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatPlan, WIDTH } from '../../src/cli/format-plan.js';
import { evaluate } from '../../src/decision/evaluate.js';
import { DecisionSchema } from '../../src/decision/schema.js';
import { listBundledPolicies, loadBundledPolicy } from '../../src/engine/load.js';
import { parseIncidentText } from '../../src/incident/parse.js';
import type { Incident } from '../../src/incident/schema.js';
import { readScenarioFile } from '../../src/scenario/load.js';
import { cli, fixtures, root } from './run-cli.js';

const policy = ['--policy', `${fixtures}/policy`, '--today', '2026-01-15'];
const incident = `${fixtures}/incidents/message-to-pupil.yaml`;
const csam = 'examples/incidents/child-abuse-images-found.yaml';
const elim = ['--policy', 'elim-school', '--today', '2026-11-26'];

describe('online-safety evaluate: the plan by default', () => {
  it('prints Do now, Do next by who acts, and the clauses as footnotes', async () => {
    const r = await cli(['evaluate', ...policy, incident]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(root, fixtures, 'expected', 'evaluate-plan-message-to-pupil.txt'), 'utf8'));
  });

  it('a child-abuse-image case (eLiM response.child-abuse-images) begins with the halt, the police immediately, then the DSL; the police and the LADO once', async () => {
    const lines = (await cli(['evaluate', ...elim, csam])).stdout.split('\n');
    const now = lines.indexOf('Do now (every line is a must unless marked should or may):');
    expect(lines[now + 1]).toMatch(/^ {2}Do not continue to review \(monitor\) content once it is found to include images of child abuse \[/);
    expect(lines[now + 2]).toMatch(/^ {2}Refer to the police, immediately \[/);
    expect(lines[now + 3]).toMatch(/^ {2}Tell the Designated Safeguarding Lead \[/);
    const plan = lines.slice(0, lines.indexOf('Clauses:'));
    expect(plan.filter((l) => /\bthe police\b/.test(l) && !l.includes('→'))).toHaveLength(1);
    expect(plan.filter((l) => l.includes('(LADO)') && !l.includes('→'))).toHaveLength(1);
    expect(plan.join('\n')).toContain('Refer to the Local Authority Designated Officer (LADO) — Anthony Goble, via Somerset Direct (where\n    staff are involved)');
  });

  it('shows the five most telling questions, and the rest with --all-questions', async () => {
    const file = 'examples/incidents/teacher-texts-pupil.yaml';
    const asked = (out: string) => out.slice(out.indexOf('Ask (')).split('\n').filter((l) => /^ {2}\S.*\? \((yes|no)\)/.test(l)).length;
    const r = await cli(['evaluate', ...elim, file]);
    expect(asked(r.stdout)).toBe(5);
    expect(r.stdout).toMatch(/… and \d+ more questions? \(--all-questions\)/);
    const all = await cli(['evaluate', ...elim, '--all-questions', file]);
    const total = DecisionSchema.parse(JSON.parse((await cli(['evaluate', ...elim, '--json', file])).stdout)).plan.ask.length;
    expect(total).toBeGreaterThan(5);
    expect(asked(all.stdout)).toBe(total);
  });

  it('--full, --json and --format are one each', async () => {
    const r = await cli(['evaluate', ...policy, '--full', '--json', incident]);
    expect(r.code).toBe(2);
    // Asked for JSON, the usage error is JSON on standard output (tests/cli/json-errors.test.ts).
    expect(JSON.parse(r.stdout).error.message).toContain('--json and --full cannot be used together');
    expect((await cli(['evaluate', ...policy, '--format', 'pdf', incident])).stderr).toContain('--format must be one of markdown, html, csv, not "pdf"');
  });
});

/** Every example incident and every scenario incident. */
function everyIncident(): { name: string; incident: Incident }[] {
  const out: { name: string; incident: Incident }[] = [];
  for (const f of readdirSync(join(root, 'examples/incidents')).filter((f) => f.endsWith('.yaml'))) {
    const path = join(root, 'examples/incidents', f);
    out.push({ name: `examples/incidents/${f}`, incident: parseIncidentText(readFileSync(path, 'utf8'), path) });
  }
  for (const p of listBundledPolicies()) {
    for (const f of readdirSync(join(root, 'tests/scenarios', p))) {
      readScenarioFile(join(root, 'tests/scenarios', p, f)).incidents.forEach((incident, i) => out.push({ name: `${p}/${f} #${i + 1}`, incident }));
    }
  }
  return out;
}

describe('the first screen: Do now and Do next fit in 25 lines of 100 columns', () => {
  it('for every example and scenario incident, under both policies', async () => {
    const incidents = everyIncident();
    let longest = { lines: 0, name: '' };
    for (const id of listBundledPolicies()) {
      const p = await loadBundledPolicy(id);
      for (const { name, incident } of incidents) {
        const text = formatPlan(await evaluate(p, incident, { today: '2026-11-26' }), p).split('\n');
        for (const line of text) expect(line.length, `${id}: ${name}: ${line}`).toBeLessThanOrEqual(WIDTH);
        const start = text.findIndex((l) => l.startsWith('Do now') || l.startsWith('Nothing to do'));
        const end = text.findIndex((l, i) => i > start && l === '');
        const screen = (end === -1 ? text.length : end) - start;
        if (screen > longest.lines) longest = { lines: screen, name: `${id}: ${name}` };
      }
    }
    expect(longest.lines, longest.name).toBeLessThanOrEqual(25);
  });
});

describe('the case record: evaluate --format', () => {
  it('markdown: the incident, the plan, every outcome with its clauses, the open questions, the policy id, version, digest and date', async () => {
    const r = await cli(['evaluate', ...elim, '--format', 'markdown', csam]);
    expect(r.code).toBe(0);
    const json = DecisionSchema.parse(JSON.parse((await cli(['evaluate', ...elim, '--json', csam])).stdout));
    const md = r.stdout;
    expect(md).toMatch(/^# Online safety case record: INC-2026-0301\n/);
    expect(md).toContain(`| Policy | eLiM School Online Safety Policy (elim-school), version 1.0.0 |`);
    expect(md).toContain(`| Digest | \`${json.policy.digest}\` |`);
    expect(md).toContain('| Evaluated on | 2026-11-26 |');
    expect(md).toContain('| Summary | Technician found apparent indecent images of children on a staff laptop during a routine check. |');
    for (const heading of ['## Incident', '## Action plan', '### Do now', '### Do next', '## Open questions', '## Outcomes, with the clauses they come from']) expect(md).toContain(`\n${heading}\n`);
    expect(md.indexOf('Do not continue to review')).toBeLessThan(md.indexOf('Refer to the police, immediately'));
    // The full outcomes: every outcome a row of the table; every open question listed.
    const outcomes = ['classification', 'referrals', 'sanctions', 'notifications', 'obligations', 'prohibitions', 'judgements'].flatMap((k) => json[k as 'referrals']);
    const table = md.slice(md.indexOf('## Outcomes'));
    expect(table.split('\n').filter((l) => /^\| (must|should|may) \|/.test(l))).toHaveLength(outcomes.length);
    expect(table).toContain('Reporting and Response to incidents, response.child-abuse-images: Should content being reviewed include images of child abuse');
    for (const q of json.plan.ask) expect(md).toContain(q.ask);
  });

  it('html: one self-contained printable page (no script, no external asset, a print stylesheet)', async () => {
    const html = (await cli(['evaluate', ...elim, '--format', 'html', csam])).stdout;
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('@media print{');
    expect(html).not.toMatch(/<script|<link|<img|src=|url\(|https?:/i);
    expect(html).toContain('<h1>Online safety case record: INC-2026-0301</h1>');
  });

  it('csv: one row per outcome, with the incident id, the plan section and the clauses', async () => {
    const r = await cli(['evaluate', ...elim, '--format', 'csv', csam]);
    const rows = r.stdout.split('\r\n').filter(Boolean);
    const json = DecisionSchema.parse(JSON.parse((await cli(['evaluate', ...elim, '--json', csam])).stdout));
    const count = ['classification', 'referrals', 'sanctions', 'notifications', 'obligations', 'prohibitions', 'judgements'].reduce((n, k) => n + json[k as 'referrals'].length, 0);
    expect(rows[0]).toBe('incident,line,policy,version,evaluated_on,plan_section,kind,target,label,modality,by,timing,contact,clauses');
    expect(rows).toHaveLength(count + 1);
    expect(rows).toContain('INC-2026-0301,,elim-school,1.0.0,2026-11-26,do-now,prohibition,continue-review-of-child-abuse-images,Continue to review (monitor) content once it is found to include images of child abuse,must,,,,response.child-abuse-images');
  });

  it('csv from an NDJSON batch: the incident id and line on every row; a line that is not an incident is an "error" row', async () => {
    const lines = ['{"id":"a","people":[{"role":"staff","involvement":"subject"},{"role":"pupil","involvement":"affected"}],"activities":["sending-offensive-message"]}', 'not json'];
    const r = await cli(['evaluate', '--ndjson', '--format', 'csv', ...policy], { input: `${lines.join('\n')}\n` });
    expect(r.code).toBe(1);
    expect(r.stdout.split('\r\n').filter(Boolean)).toEqual([
      'incident,line,policy,version,evaluated_on,plan_section,kind,target,label,modality,by,timing,contact,clauses',
      'a,1,cli-test-school,2.1.0,2026-01-15,do-now,referral,lado,The Local Authority Designated Officer (LADO),must,,,"Sam Officer, via the front door service",grid.row-1',
      'a,1,cli-test-school,2.1.0,2026-01-15,do-next,notification,parents,The parents or carers of the pupils involved,should,headteacher,,,parents.1',
      expect.stringMatching(/^,2,cli-test-school,2\.1\.0,2026-01-15,,error,invalid-json,"not valid JSON/),
    ]);
  });
});

describe('online-safety explain: timing and the plan\'s grouping', () => {
  it('puts each outcome under its plan heading, with its timing (eLiM infrastructure.incidents-to-online-safety-leader: immediately)', async () => {
    const out = (await cli(['explain', ...elim, csam])).stdout;
    expect(out.startsWith('Do now:\n  Do not: continue to review (monitor) content')).toBe(true);
    expect(out).toContain('\n  Refer to the police (must, immediately) — Reporting and Response to incidents, response.child-abuse-images');
    expect(out).toContain('\n\nDo next — The Online Safety Lead / Leader:\n  Do: log the incident');
    expect(out).toContain('\n\nDecide (left to a person):\n');
  });
});

const hasPython = spawnSync('python3', ['--version']).status === 0;

describe('online-safety triage', () => {
  it('without a terminal: prints the plan and every question, asks nothing, writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'triage-'));
    const r = await cli(['triage', ...elim, '--out', join(dir, 'out.yaml'), 'examples/incidents/teacher-texts-pupil.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Do now (every line is a must unless marked should or may):');
    expect(r.stdout).not.toContain('--all-questions');
    expect(r.stdout).toContain('Is there a child protection concern? (yes)');
    expect(existsSync(join(dir, 'out.yaml'))).toBe(false);
  });

  it.skipIf(!hasPython)('in a terminal: asks the ranked questions one at a time, re-prints the plan, writes the incident and the case record', () => {
    const dir = mkdtempSync(join(tmpdir(), 'triage-'));
    const file = join(dir, 'incident.yaml');
    copyFileSync(join(root, 'examples/incidents/teacher-texts-pupil.yaml'), file);
    // The first question (the most telling: what protects a child first, audit 4) is answered yes,
    // the next one no; then stop.
    const steps = [
      ['Is there a child protection concern?', '1\r'],
      ['Is it a serious online safety incident?', '2\r'],
      ['?', '4\r'],
    ];
    const r = spawnSync('python3', [join(root, 'tests/cli/triage-pty.py'), JSON.stringify(steps), 'triage', ...elim, '--out', join(dir, 'done.yaml'), '--record', join(dir, 'record.md'), file], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status, r.stdout).toBe(0);
    // The plan again after the yes: the Designated Safeguarding Lead is now in Do now.
    const after = r.stdout.slice(r.stdout.indexOf('concern? yes'));
    expect(after).toContain('Do now (every line is a must unless marked should or may):');
    expect(after).toContain('Tell the Designated Safeguarding Lead');
    const done = readFileSync(join(dir, 'done.yaml'), 'utf8');
    expect(done).toContain('facts:\n  deliberate: true\n  child-protection-concern: true\n  serious: false\n');
    expect(done.startsWith('id: INC-2026-0142\n')).toBe(true);
    const record = readFileSync(join(dir, 'record.md'), 'utf8');
    expect(record).toContain('| Known facts | child-protection-concern: yes; deliberate: yes; serious: no |');
    expect(readFileSync(file, 'utf8')).toBe(readFileSync(join(root, 'examples/incidents/teacher-texts-pupil.yaml'), 'utf8'));
  });

  it.skipIf(!hasPython)('from nothing: the activity is found by searching the vocabulary', () => {
    const dir = mkdtempSync(join(tmpdir(), 'triage-'));
    const steps = [
      ['What happened?', 'child sexual abuse'],
      ['handling-child-sexual-abuse-images', '\r'],
      ['Another activity?', '\r'],
      ['Who did it?', '\r'],
      ['Who was affected?', '\r'],
      ['Do now', ''],
      ['?', '4\r'],
    ];
    const r = spawnSync('python3', [join(root, 'tests/cli/triage-pty.py'), JSON.stringify(steps), 'triage', ...elim, '--out', join(dir, 'new.yaml'), '--record', join(dir, 'new.csv'), '--format', 'csv'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status, r.stdout).toBe(0);
    expect(r.stdout).toContain('Do not continue to review (monitor) content');
    expect(readFileSync(join(dir, 'new.yaml'), 'utf8')).toContain('activities:\n  - handling-child-sexual-abuse-images\n');
    expect(readFileSync(join(dir, 'new.csv'), 'utf8')).toContain(',do-now,prohibition,continue-review-of-child-abuse-images,');
  });
});

describe('evaluate: questions not about the incident', () => {
  it('are left out of the default plan and shown last, under their own heading, with --all-questions (MAST, grooming)', async () => {
    const input = JSON.stringify({ people: [{ role: 'volunteer', involvement: 'subject' }, { role: 'pupil', involvement: 'affected' }], activities: ['grooming-or-sexual-exploitation-of-children'] });
    const args = ['evaluate', '--policy', 'mast-academy-trust', '--today', '2026-11-26', '-'];
    const plain = await cli(args, { input });
    expect(plain.code).toBe(0);
    expect(plain.stdout).not.toContain('school network or information security');
    // None is about a grooming case: the plan says so, not "… and 2 more" of nothing shown.
    expect(plain.stdout).toMatch(/^Ask: no question about this incident \(the policy's general rules ask \d+: --all-questions\)$/m);
    expect(plain.stdout).not.toContain('… and');
    const all = await cli([...args.slice(0, -1), '--all-questions', '-'], { input });
    const heading = all.stdout.indexOf("Also asked by the policy's general rules");
    expect(heading).toBeGreaterThan(0);
    expect(all.stdout.indexOf('school network or information security')).toBeGreaterThan(heading);
  });
});

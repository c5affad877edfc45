// The triage page (render --format app) in a real browser: Debian's chromium, driven by
// playwright-core. Describe an incident, read the plan, answer a question, read the new plan;
// the page fetches nothing and throws nothing. .ci/run installs chromium.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './cli/run-cli.js';

const out = mkdtempSync(join(tmpdir(), 'online-safety-triage-'));
let browser: Browser;

beforeAll(async () => {
  const executablePath = execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
  browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
});
afterAll(async () => browser?.close());

/** Opens a page, noting every request that is not the page itself and every error it reports. */
async function open(file: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`error: ${e.message}`));
  page.on('request', (r) => {
    if (r.url() !== pathToFileURL(file).href) problems.push(`request: ${r.url()}`);
  });
  await page.goto(pathToFileURL(file).href);
  await page.waitForFunction(() => document.getElementById('policy-title')!.textContent !== '');
  return { page, problems };
}

const planText = (page: Page) => page.textContent('#plan').then((t) => t ?? '');

describe('the triage page (render --format app) in Chromium', () => {
  it('shows the plan for an incident and changes it when a question is answered', async () => {
    const file = join(out, 'triage.html');
    expect(await cli(['render', '--format', 'app', '--policy', 'elim-school', '--out', file])).toMatchObject({ code: 0 });
    const { page, problems } = await open(file);
    expect(await page.textContent('#policy-title')).toContain('eLiM School');

    // An activity found by an alias the vocabulary gives it, not by its own words.
    await page.fill('#activity-search', 'cyberbullying');
    await expect.poll(() => page.textContent('#activity-results')).toContain('Sending an email, text or instant message');
    await page.click('#activity-results button[data-activity="sending-offensive-message"]');
    await page.click('#add-person');
    await page.click('#add-person');
    expect(await page.$$eval('.person-role', (s) => s.map((e) => (e as HTMLSelectElement).value))).toEqual(['staff', 'pupil']);
    await page.waitForFunction(() => document.getElementById('plan')!.textContent!.includes('Do now'));
    const before = await planText(page);
    expect(before).toContain('Refer to the Local Authority Designated Officer (LADO)');
    expect(before).not.toContain('Ask (');

    // The first question's "yes" sets its fact, and the plan follows.
    const fact = await page.getAttribute('#questions li button[data-value="true"]', 'data-fact');
    await page.click('#questions li button[data-value="true"]');
    await page.waitForFunction((b) => document.getElementById('plan')!.textContent !== b, before);
    expect(await planText(page)).not.toBe(before);
    expect(await page.isChecked(`li[data-fact="${fact}"] input[value="true"]`)).toBe(true);

    await page.screenshot({ path: join(out, 'triage.png'), fullPage: true });
    expect(problems).toEqual([]);
  });

  it("opens with a school's own policy, loaded in the page from its files' texts", async () => {
    const file = join(out, 'fixture.html');
    expect(await cli(['render', '--format', 'app', 'tests/fixtures/policies/valid', '--out', file])).toMatchObject({ code: 0 });
    const { page, problems } = await open(file);
    expect(await page.textContent('#policy-title')).toContain('Fixture School Online Safety Policy');
    expect(await page.$$eval('#policy option', (o) => o.map((e) => e.textContent))).toEqual(
      expect.arrayContaining([expect.stringContaining("this page's policy"), 'elim-school (bundled)', 'mast-academy-trust (bundled)']),
    );
    await page.fill('#activity-search', 'offensive');
    await page.click('#activity-results button[data-activity="sending-offensive-message"]');
    await page.click('#add-person');
    await page.click('#add-person');
    await page.waitForFunction(() => document.getElementById('plan')!.textContent!.includes('Fixture School'));
    expect(await planText(page)).toContain('LADO');
    expect(problems).toEqual([]);
  });

  it("opens with a school that extends a trust's folder and adds its own terms (the trust's files given too)", async () => {
    const root = mkdtempSync(join(tmpdir(), 'online-safety-triage-school-'));
    cpSync('tests/fixtures/policies/valid', join(root, 'trust'), { recursive: true });
    mkdirSync(join(root, 'school'));
    writeFileSync(
      join(root, 'school', 'policy.yaml'),
      "extends: ../trust\nid: fixture-juniors\ntitle: Fixture Juniors Online Safety Policy\nowner: Fixture Juniors\nversion: '1'\napprovedOn: 2026-01-01\nnextReviewDue: 2027-01-01\nsource: test\n",
    );
    writeFileSync(join(root, 'school', 'vocabulary.yaml'), 'duties:\n  call-home: Ring the pupil\'s home the same day\n');
    const file = join(out, 'school.html');
    expect(await cli(['render', '--format', 'app', join(root, 'school'), '--out', file])).toMatchObject({ code: 0 });
    const { page, problems } = await open(file);
    expect(await page.textContent('#policy-title')).toContain('Fixture Juniors Online Safety Policy');
    expect(problems).toEqual([]);
  });
});

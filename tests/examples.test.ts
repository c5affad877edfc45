// The example incidents of examples/incidents/ and what the stories of docs/policies.md say of them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/decision/evaluate.js';
import type { Decision } from '../src/decision/schema.js';
import { listBundledPolicies, loadBundledPolicy } from '../src/engine/load.js';
import { parseIncidentText } from '../src/incident/parse.js';
import '../src/vitest.js';

const dir = 'examples/incidents';
const today = '2026-11-26';

async function decide(policy: string, file: string): Promise<Decision> {
  const path = join(dir, file);
  return evaluate(await loadBundledPolicy(policy), parseIncidentText(readFileSync(path, 'utf8'), path), { today });
}

const asked = (d: Decision) => d.questions.flatMap((q) => Object.keys(q.facts));

describe('examples/incidents', () => {
  it.each(readdirSync(dir).filter((f) => f.endsWith('.yaml')))('%s is a valid incident with a decision under each bundled policy', async (file) => {
    for (const policy of listBundledPolicies()) {
      const decision = await decide(policy, file);
      expect(decision.referrals.length + decision.obligations.length + decision.classification.length).toBeGreaterThan(0);
    }
  });
});

describe('the stories of docs/policies.md', () => {
  it('MAST: a pupil bullies a classmate at the weekend (3.0, 7.11, 8.0, 8.2)', async () => {
    const d = await decide('mast-academy-trust', 'pupil-bullies-classmate-at-weekend.yaml');
    expect(d).toRequire({ kind: 'classification', target: 'online-bullying', modality: 'must' });
    expect(d).toRequire({ kind: 'classification', target: 'disciplinary-matter', modality: 'must' });
    expect(d).toRequire({ kind: 'classification', target: 'mast-likely-disciplinary', modality: 'must' });
    expect(d).toRequireSanction('disciplinary-action', 'may');
    expect(d).toRequire({ kind: 'obligation', target: 'follow-anti-bullying-procedures', modality: 'must' });
    expect(d).toRequire({ kind: 'obligation', target: 'restorative-practice-for-victim', modality: 'must' });
    expect(d).toRequire({ kind: 'obligation', target: 'work-in-partnership-with-parents-and-pupil', modality: 'must' });
    expect(d).toRequire({ kind: 'obligation', target: 'deal-with-promptly', modality: 'must' });
    expect(d).toRequireNotification('parents', 'must');
    expect(d).toRequire({ kind: 'prohibition', target: 'searching-personal-equipment-without-permission', cite: '7.11.search' });
    expect(d).not.toRequireSanction('behaviour-or-disciplinary-procedures');
    expect(asked(d)).toEqual(expect.arrayContaining(['breached-acceptable-use-policy', 'serious', 'suspected-criminal-offence', 'child-protection-concern']));
  });

  it('MAST: a teacher texts a pupil from his own phone (5.3.6, 7.7, 8.1.4, 8.2.5), and no LADO; eLiM: the LADO (grid row 9)', async () => {
    const d = await decide('mast-academy-trust', 'teacher-texts-pupil-from-own-phone.yaml');
    expect(d).toRequire({ kind: 'classification', target: 'mast-always-unacceptable', cite: '8.1.4' });
    expect(d).toRequire({ kind: 'classification', target: 'mast-likely-disciplinary', cite: '8.2.5' });
    expect(d).toRequireSanction('disciplinary-action', 'may');
    expect(d).toRequire({ kind: 'prohibition', target: 'staff-personal-channel-contact-with-pupils', cite: '5.3.6' });
    expect(d).toRequire({ kind: 'prohibition', target: 'staff-personal-phone-revealing-details', cite: '7.7.staff-personal-phone' });
    expect(d).not.toRequireReferral('lado');
    const elim = await decide('elim-school', 'teacher-texts-pupil-from-own-phone.yaml');
    expect(elim).toRequire({ kind: 'referral', target: 'lado', modality: 'must', cite: 'sanctions-staff.row-09' });
  });

  it('eLiM: a pupil bullies a classmate at the weekend (Reporting and Response, Online bullying, Scope)', async () => {
    const d = await decide('elim-school', 'pupil-bullies-classmate-at-weekend.yaml');
    for (const duty of <const>['follow-somerset-flowcharts', 'more-than-one-staff-involved', 'record-sites-and-content-checked', 'debrief-and-learn-lessons', 'record-in-bullying-log', 'support-those-affected', 'advise-keeping-evidence', 'investigate-incident', 'take-steps-to-identify-bully', 'follow-anti-bullying-procedures']) {
      expect(d).toRequire({ kind: 'obligation', target: duty, modality: 'must' });
    }
    expect(d).toRequire({ kind: 'obligation', target: 'senior-leader-involved', modality: 'should' });
    for (const sanction of <const>['asked-to-remove-material', 'internet-access-suspended', 'behaviour-or-disciplinary-procedures']) expect(d).toRequireSanction(sanction, 'may');
    expect(d).toRequireReferral('service-provider', 'may');
    expect(d).toRequireReferral('police', 'may');
    expect(d).toRequireNotification('parents', 'must');
    expect(d).toRequire({ kind: 'judgement', target: 'appropriate-action', modality: 'must', by: 'headteacher' });
    expect(d).toRequire({ kind: 'judgement', target: 'regulate-off-site-conduct', modality: 'may' });
    expect(d).toRequire({ kind: 'judgement', target: 'collect-and-examine-device', modality: 'may' });
    expect(asked(d)).toEqual(expect.arrayContaining(['serious', 'suspected-criminal-offence', 'child-protection-concern', 'unsure-how-to-proceed']));
  });

  it('eLiM: a pupil tweets from her phone in a maths lesson (three table rows; communication.register-pupil-concerns)', async () => {
    const d = await decide('elim-school', 'pupil-tweets-in-maths-lesson.yaml');
    const flag = d.classification.find((o) => o.target === 'not-allowed-communication-technology');
    expect(flag?.modality).toBe('should');
    expect(flag?.because.map((r) => r.cite).sort()).toEqual(['comms-table.mobile-phones-brought-to-school', 'comms-table.mobile-phones-in-lessons', 'comms-table.twitter']);
    expect(d).toRequire({ kind: 'notification', target: 'parents', modality: 'must', cite: 'communication.register-pupil-concerns' });
  });
});

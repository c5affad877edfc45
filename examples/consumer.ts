// A school system using the library: load a bundled policy, evaluate an incident, act on the decision.
// Run: npx tsx examples/consumer.ts
import { evaluate, InvalidIncidentError, loadBundledPolicy, parseIncident } from '../src/index.js';

const policy = await loadBundledPolicy('elim-school');

const decision = await evaluate(policy, {
  id: 'INC-2026-0142',
  people: [
    { role: 'staff', involvement: 'subject' },
    { role: 'pupil', involvement: 'affected' },
  ],
  activities: ['sending-offensive-message', 'personal-channel-communication-with-pupils'],
  facts: { deliberate: true },
});

for (const referral of decision.referrals) {
  const via = referral.contact ? ` — ${[referral.contact.name ?? referral.contact.role, referral.contact.route].filter(Boolean).join(', ')}` : '';
  console.log(`${referral.modality.toUpperCase()} refer to ${referral.label}${via}`);
  for (const reason of referral.because) console.log(`    because ${reason.cite} (rule ${reason.rule})`);
}
// The action plan: what to do first (what protects a child, what is immediate), one line per agency.
for (const line of decision.plan.doNow) console.log(`NOW: ${line.says}${line.timing ? `, ${line.timing}` : ''} (${line.because.map((r) => r.cite).join(', ')})`);
for (const group of decision.plan.doNext) console.log(`NEXT, ${group.title}: ${group.lines.map((l) => l.says).join('; ')}`);
// The questions, most telling first.
for (const question of decision.plan.ask.slice(0, 5)) console.log(`ASK: ${question.ask}`);

// Bad input is answered, not absorbed: every problem, with its path. (Typed code cannot misspell a
// term, so this is input from outside the program: a request body, a file.)
const fromAForm: unknown = JSON.parse('{ "activities": ["sending-ofensive-message"] }');
try {
  await evaluate(policy, parseIncident(fromAForm, policy.vocabulary));
} catch (error) {
  if (!(error instanceof InvalidIncidentError)) throw error;
  for (const issue of error.issues) console.log(`invalid incident: ${issue.path.join('.')}: ${issue.message}`);
}

// Checked by `npm run typecheck` (tsc), not run: each @ts-expect-error must meet an error, so a
// misspelt term that compiled would fail the typecheck ("unused @ts-expect-error").
import type { z } from 'zod';
import { evaluate, explain, parseIncident, type Activity, type Fact, type Incident, type IncidentInput, type Policy, type Role, type Target, type VocabularyTerms } from '../../src/index.js';
import type { IncidentSchema } from '../../src/incident/schema.js';
import type { Terms } from '../../src/vocabulary/terms.js';

declare const policy: Policy;

const good: IncidentInput = {
  people: [{ role: 'staff', involvement: 'subject' }, { role: 'pupil', involvement: 'affected' }],
  activities: ['sending-offensive-message'],
  technologies: ['mobile-phone'],
  facts: { deliberate: true, reported: null },
};
void evaluate(policy, good);
void explain(policy, good);

// @ts-expect-error -- a misspelt role
const stafff: IncidentInput = { people: [{ role: 'stafff', involvement: 'subject' }], activities: ['sending-offensive-message'] };
// @ts-expect-error -- a misspelt involvement
const subjct: IncidentInput = { people: [{ role: 'staff', involvement: 'subjct' }], activities: ['sending-offensive-message'] };
// @ts-expect-error -- a misspelt activity
const activity: IncidentInput = { activities: ['sending-ofensive-message'] };
// @ts-expect-error -- a misspelt technology
const technology: IncidentInput = { activities: ['sending-offensive-message'], technologies: ['mobile-phon'] };
// @ts-expect-error -- an unknown fact
const fact: IncidentInput = { activities: ['sending-offensive-message'], facts: { deliberat: true } };
// @ts-expect-error -- straight into evaluate, too
void evaluate(policy, { people: [{ role: 'stafff', involvement: 'subject' }], activities: ['sending-offensive-message'] });
// @ts-expect-error -- and explain
void explain(policy, { activities: ['sending-offensive-message'], facts: { deliberat: true } });
// @ts-expect-error -- input from outside the program is checked by parseIncident first
void evaluate(policy, JSON.parse('{}') as unknown);
void evaluate(policy, parseIncident(JSON.parse('{}') as unknown));
void [stafff, subjct, activity, technology, fact];

// A school's own vocabulary (online-safety types): its terms, named explicitly.
interface SchoolTerms extends Omit<Terms, 'role'> {
  role: Role | 'lunchtime-supervisor';
}
void evaluate<SchoolTerms>(policy, { people: [{ role: 'lunchtime-supervisor', involvement: 'witness' }], activities: ['sending-offensive-message'] });
// Terms built at run time (strings from the vocabulary itself): any vocabulary's terms, said so.
const roles: string[] = ['staff'];
void evaluate<VocabularyTerms>(policy, { people: roles.map((role) => ({ role, involvement: 'subject' })), activities: ['x'] });

// The unions are the vocabulary's terms, no wider.
const role: Role = 'pupil';
const target: Target = 'lado';
const activityTerm: Activity = 'subverting-filtering';
const factTerm: Fact = 'deliberate';
// @ts-expect-error -- not a target
const notTarget: Target = 'ladoo';
void [role, target, activityTerm, factTerm, notTarget];

// A parsed incident is an input too (facts hold only the known ones).
declare const parsed: Incident;
void evaluate(policy, parsed);

// IncidentInput is IncidentSchema's input with its terms narrowed: the same shape both ways.
type SchemaInput = z.input<typeof IncidentSchema>;
const fromSchema = (x: SchemaInput): IncidentInput<VocabularyTerms> => x;
const toSchema = (x: IncidentInput<VocabularyTerms>): SchemaInput => x;
void [fromSchema, toSchema];

/**
 * What the action plan needs to know about the vocabulary's terms that the vocabulary does not
 * say: which outcomes protect a child (and in which order of urgency), and which targets are
 * people in the school (who act) rather than agencies or people outside it (who are told).
 *
 * These are the only such tables: the plan reads them, nothing else decides urgency by name.
 * tests/plan.test.ts holds every bundled target to being in exactly one of them, so a new target
 * cannot slip in unclassified. A term a school adds that is in neither counts as outside the
 * school and not urgent (it still appears, under Do next). See docs/action-plan.md.
 */

/**
 * Outcomes that protect a child, most urgent first: they go to Do now whenever the policy makes
 * them a must or a should (a `may` stays an option, in Do next). The order is the order of
 * urgency a safeguarding lead acts in: stop what harms (the halt on reviewing images of child
 * abuse), the police, the Designated Safeguarding Lead, the LADO, children's services, then the
 * safeguarding adviser through whom a pupil's case goes beyond the school.
 */
export const PROTECTS_A_CHILD: readonly { kind: 'prohibition' | 'person'; term: string }[] = [
  { kind: 'prohibition', term: 'continue-review-of-child-abuse-images' },
  { kind: 'person', term: 'police' },
  { kind: 'person', term: 'dsl' },
  { kind: 'person', term: 'lado' },
  { kind: 'person', term: 'la-childrens-services' },
  { kind: 'person', term: 'children-safeguarding-team' },
  { kind: 'person', term: 'safeguarding-adviser' },
];

/**
 * Targets that are people in the school. A referral or notification to one of them is work for
 * that person (the plan groups it under them); any other target is outside the school (an agency,
 * the parents, a service provider), and a question that would refer to one ranks first.
 * Listed in the order the plan's Do next lists who acts.
 */
export const IN_SCHOOL: readonly string[] = [
  'dsl',
  'headteacher',
  'senior-leader',
  'online-safety-lead',
  'school',
  'line-manager',
  'technical-support',
  'data-protection-officer',
];

/** Targets outside the school: agencies and people who are told or referred to, never given work. */
export const OUTSIDE_SCHOOL: readonly string[] = [
  'police',
  'lado',
  'la-childrens-services',
  'children-safeguarding-team',
  'safeguarding-adviser',
  'la-hr',
  'local-authority',
  'parents',
  'service-provider',
];

const protectionRank = new Map(PROTECTS_A_CHILD.map((p, i) => [`${p.kind}:${p.term}`, i]));
const inSchoolRank = new Map(IN_SCHOOL.map((t, i) => [t, i]));

/** Where an outcome stands in the order of urgency of PROTECTS_A_CHILD; undefined when it is not there. */
export function protectionOrder(kind: string, target: string): number | undefined {
  const as = kind === 'referral' || kind === 'notification' ? 'person' : kind;
  return protectionRank.get(`${as}:${target}`);
}

/** Whether an outcome protects a child as Do now reads it: one of PROTECTS_A_CHILD, required or advised (not a may). */
export function protectsAChild(o: { kind: string; target: string; modality: string }): boolean {
  return o.modality !== 'may' && protectionOrder(o.kind, o.target) !== undefined;
}

/** Whether a target is a person in the school (who acts), not an agency or person outside it. */
export function isInSchool(target: string): boolean {
  return inSchoolRank.has(target);
}

/** The order of who acts in Do next: the people of IN_SCHOOL first, in its order. */
export function actorOrder(target: string): number {
  return inSchoolRank.get(target) ?? IN_SCHOOL.length;
}

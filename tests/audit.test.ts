// The second, third and fourth DSL audits (docs/audit.md; incidents 01-20, 21-40 and 41-50): for each incident of examples/audit/, under each
// bundled policy, the musts its text demands (written from the text before the rules were run)
// are given with must force, and nothing it does not give is: no LADO, police or HR referral
// that hangs on who merely reported, no tier or sanction for a person outside the procedures or
// only harmed, no "never" for what the text asks. A pattern is kind:target; kind * is a referral
// or notification; an empty target is any target of that kind. A forbidden classification or
// sanction is forbidden at any force; any other forbidden outcome only as a must.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/decision/evaluate.js';
import { GROUP_OF_KIND, type Decision, type Outcome } from '../src/decision/schema.js';
import { loadBundledPolicy } from '../src/engine/load.js';
import { parseIncidentText } from '../src/incident/parse.js';
import { formatPlan } from '../src/cli/format-plan.js';
import { protectionOrder } from '../src/decision/plan-terms.js';

const dir = 'examples/audit';

const EXPECTED: [file: string, policy: string, musts: string[], never: string[]][] = [
  ['01-sextortion-by-stranger.yaml', 'elim-school', ["prohibition:continue-review-of-child-abuse-images", "*:police", "*:dsl", "*:children-safeguarding-team", "*:online-safety-lead", "obligation:log-incident", "obligation:record-in-child-protection-log", "*:parents", "*:local-authority", "judgement:appropriate-action"], ["*:lado", "sanction:", "classification:", "obligation:keep-signed-dated-screenshots"]],
  ['01-sextortion-by-stranger.yaml', 'mast-academy-trust', ["*:dsl", "*:online-safety-lead", "obligation:record-on-cpoms", "obligation:report-incident-to-log-or-line-manager"], ["classification:", "sanction:"]],
  ['02-supply-teacher-adds-pupils-on-instagram.yaml', 'elim-school', ["*:lado", "*:online-safety-lead", "obligation:log-incident", "*:parents"], []],
  ['02-supply-teacher-adds-pupils-on-instagram.yaml', 'mast-academy-trust', ["classification:mast-always-unacceptable", "prohibition:staff-personal-channel-contact-with-pupils", "obligation:report-incident-to-log-or-line-manager"], []],
  ['03-governor-posts-about-pupil.yaml', 'elim-school', ["*:online-safety-lead", "obligation:log-incident", "*:parents"], ["*:lado"]],
  ['03-governor-posts-about-pupil.yaml', 'mast-academy-trust', ["classification:mast-likely-disciplinary", "obligation:report-incident-to-log-or-line-manager"], []],
  ['04-pupil-searches-self-harm.yaml', 'elim-school', ["*:online-safety-lead", "obligation:log-incident", "judgement:appropriate-action", "*:parents"], ["sanction:", "classification:"]],
  ['04-pupil-searches-self-harm.yaml', 'mast-academy-trust', ["obligation:report-incident-to-log-or-line-manager", "obligation:log-incident", "obligation:investigate-fully"], ["sanction:", "classification:"]],
  ['05-parent-abusive-post-about-teacher.yaml', 'elim-school', ["*:online-safety-lead", "obligation:log-incident", "obligation:support-staff-with-hurtful-posts"], ["sanction:behaviour-or-disciplinary-procedures", "*:lado"]],
  ['05-parent-abusive-post-about-teacher.yaml', 'mast-academy-trust', ["obligation:report-incident-to-log-or-line-manager"], ["classification:", "sanction:"]],
  ['06-pupil-hacks-mis.yaml', 'elim-school', ["*:online-safety-lead", "obligation:report-security-breach", "obligation:log-incident", "*:parents"], ["*:lado"]],
  ['06-pupil-hacks-mis.yaml', 'mast-academy-trust', ["classification:mast-normally-unacceptable", "*:online-safety-lead", "*:technical-support", "obligation:minimise-risk-and-prevent-recurrence", "sanction:behaviour-or-disciplinary-procedures", "obligation:report-incident-to-log-or-line-manager", "obligation:deal-with-promptly"], []],
  ['07-staff-opens-phishing-email.yaml', 'elim-school', ["obligation:report-security-breach", "*:online-safety-lead", "obligation:log-incident"], ["*:la-hr", "*:lado"]],
  ['07-staff-opens-phishing-email.yaml', 'mast-academy-trust', ["*:online-safety-lead", "*:technical-support", "obligation:minimise-risk-and-prevent-recurrence", "obligation:report-incident-to-log-or-line-manager"], ["classification:", "sanction:disciplinary-action"]],
  ['08-year11-shares-classmates-nude.yaml', 'elim-school', ["prohibition:continue-review-of-child-abuse-images", "*:police", "*:dsl", "*:children-safeguarding-team", "*:online-safety-lead", "obligation:log-incident", "obligation:record-in-child-protection-log", "*:parents", "*:local-authority"], ["*:lado", "obligation:keep-signed-dated-screenshots"]],
  ['08-year11-shares-classmates-nude.yaml', 'mast-academy-trust', ["classification:mast-always-unacceptable", "*:dsl", "obligation:record-on-cpoms", "*:online-safety-lead", "obligation:report-incident-to-log-or-line-manager", "*:parents", "obligation:deal-with-promptly", "*:senior-leader"], []],
  ['09-pupil-radicalisation-concern.yaml', 'elim-school', ["*:online-safety-lead", "obligation:log-incident", "judgement:appropriate-action", "*:parents"], ["*:lado"]],
  ['09-pupil-radicalisation-concern.yaml', 'mast-academy-trust', ["classification:mast-always-unacceptable", "classification:serious-aup-breach", "*:dsl", "obligation:record-on-cpoms", "obligation:report-incident-to-log-or-line-manager", "sanction:appropriate-sanctions"], []],
  ['10-lost-usb-stick.yaml', 'elim-school', ["*:data-protection-officer", "*:headteacher", "*:la-hr", "*:online-safety-lead", "obligation:log-incident"], ["*:lado"]],
  ['10-lost-usb-stick.yaml', 'mast-academy-trust', ["classification:mast-likely-disciplinary", "judgement:inform-parents-of-data-loss", "obligation:report-incident-to-log-or-line-manager"], []],
  ['11-volunteer-messages-pupil-privately.yaml', 'elim-school', ["*:dsl", "*:online-safety-lead", "obligation:log-incident", "obligation:record-in-child-protection-log", "*:parents", "*:local-authority", "obligation:follow-allegations-procedure", "judgement:appropriate-action"], []],
  ['11-volunteer-messages-pupil-privately.yaml', 'mast-academy-trust', ["*:dsl", "*:online-safety-lead", "obligation:record-on-cpoms", "obligation:report-incident-to-log-or-line-manager"], []],
  ['12-filtering-lets-gore-through.yaml', 'elim-school', ["obligation:report-filtering-issue", "*:online-safety-lead", "obligation:log-incident", "judgement:appropriate-action", "*:parents", "*:senior-leader"], ["sanction:", "classification:"]],
  ['12-filtering-lets-gore-through.yaml', 'mast-academy-trust', ["obligation:log-incident", "obligation:investigate-fully", "obligation:report-incident-to-log-or-line-manager"], ["sanction:", "classification:"]],
  ['13-anonymous-account-targets-pupil.yaml', 'elim-school', ["*:online-safety-lead", "obligation:log-incident", "obligation:record-in-bullying-log", "obligation:support-those-affected", "obligation:advise-keeping-evidence", "obligation:investigate-incident", "obligation:take-steps-to-identify-bully", "obligation:follow-anti-bullying-procedures", "*:parents", "judgement:appropriate-action"], ["sanction:", "classification:"]],
  ['13-anonymous-account-targets-pupil.yaml', 'mast-academy-trust', ["obligation:follow-anti-bullying-procedures", "obligation:restorative-practice-for-victim", "obligation:report-incident-to-log-or-line-manager"], ["sanction:", "classification:"]],
  ['14-staff-photos-sports-day-no-permission.yaml', 'elim-school', ["prohibition:personal-device-photographs-in-school", "*:online-safety-lead", "obligation:log-incident"], ["*:lado"]],
  ['14-staff-photos-sports-day-no-permission.yaml', 'mast-academy-trust', ["prohibition:personal-device-photographs-of-pupils", "obligation:report-incident-to-log-or-line-manager"], []],
  ['15-staff-photos-sports-day-with-permission.yaml', 'elim-school', ["*:online-safety-lead", "obligation:log-incident"], ["prohibition:personal-device-photographs-in-school", "*:lado"]],
  ['15-staff-photos-sports-day-with-permission.yaml', 'mast-academy-trust', ["prohibition:personal-device-photographs-of-pupils", "obligation:report-incident-to-log-or-line-manager"], []],
  ['16-smartwatch-records-lesson.yaml', 'elim-school', ["*:online-safety-lead", "obligation:log-incident", "*:parents"], []],
  ['16-smartwatch-records-lesson.yaml', 'mast-academy-trust', ["prohibition:secret-or-unauthorised-recording", "prohibition:wearable-use-in-school-hours", "obligation:report-incident-to-log-or-line-manager", "obligation:deal-with-promptly"], []],
  ['17-teacher-rings-lost-pupil-on-trip.yaml', 'elim-school', ["*:online-safety-lead", "obligation:log-incident"], ["*:lado"]],
  ['17-teacher-rings-lost-pupil-on-trip.yaml', 'mast-academy-trust', ["obligation:report-incident-to-log-or-line-manager"], ["classification:mast-always-unacceptable", "prohibition:staff-personal-channel-contact-with-pupils", "prohibition:staff-personal-phone-revealing-details"]],
  ['18-pupil-uses-vpn-to-bypass-filter.yaml', 'elim-school', ["*:online-safety-lead", "obligation:log-incident", "*:parents"], ["*:lado"]],
  ['18-pupil-uses-vpn-to-bypass-filter.yaml', 'mast-academy-trust', ["classification:mast-likely-disciplinary", "classification:mast-normally-unacceptable", "sanction:behaviour-or-disciplinary-procedures", "obligation:report-incident-to-log-or-line-manager", "obligation:deal-with-promptly"], []],
  ['19-teacher-reports-pupil-viewing-porn.yaml', 'elim-school', ["*:online-safety-lead", "obligation:log-incident", "*:parents"], ["*:lado"]],
  ['19-teacher-reports-pupil-viewing-porn.yaml', 'mast-academy-trust', ["classification:mast-always-unacceptable", "classification:serious-aup-breach", "*:dsl", "obligation:record-on-cpoms", "obligation:report-incident-to-log-or-line-manager", "sanction:appropriate-sanctions"], []],
  ['20-pupil-threatens-classmate-in-game-chat.yaml', 'elim-school', ["*:police", "*:online-safety-lead", "obligation:log-incident", "obligation:record-in-bullying-log", "obligation:follow-anti-bullying-procedures", "obligation:support-those-affected", "obligation:advise-keeping-evidence", "obligation:investigate-incident", "*:parents", "judgement:appropriate-action"], ["*:lado"]],
  ['20-pupil-threatens-classmate-in-game-chat.yaml', 'mast-academy-trust', ["classification:online-bullying", "classification:disciplinary-matter", "classification:mast-likely-disciplinary", "obligation:follow-anti-bullying-procedures", "obligation:restorative-practice-for-victim", "*:parents", "obligation:report-incident-to-log-or-line-manager", "obligation:deal-with-promptly"], []],
  ['21-evening-group-chat-cyberbullying.yaml', 'elim-school', ["*:online-safety-lead", "obligation:log-incident", "obligation:record-in-bullying-log", "obligation:support-those-affected", "obligation:advise-keeping-evidence", "obligation:investigate-incident", "obligation:take-steps-to-identify-bully", "obligation:follow-anti-bullying-procedures", "*:parents", "judgement:appropriate-action"], ["*:lado", "*:police"]],
  ['21-evening-group-chat-cyberbullying.yaml', 'mast-academy-trust', ["classification:online-bullying", "classification:disciplinary-matter", "classification:mast-likely-disciplinary", "obligation:follow-anti-bullying-procedures", "obligation:restorative-practice-for-victim", "*:parents", "obligation:report-incident-to-log-or-line-manager", "obligation:deal-with-promptly"], []],
  ['22-pupils-make-deepfake-of-teacher.yaml', 'elim-school', ["*:online-safety-lead", "obligation:log-incident", "*:parents", "obligation:support-staff-with-hurtful-posts", "obligation:support-those-affected", "obligation:record-in-bullying-log", "obligation:investigate-incident", "obligation:follow-anti-bullying-procedures"], ["*:lado", "*:la-hr"]],
  ['22-pupils-make-deepfake-of-teacher.yaml', 'mast-academy-trust', ["classification:online-bullying", "classification:disciplinary-matter", "classification:mast-likely-disciplinary", "classification:mast-always-unacceptable", "obligation:follow-anti-bullying-procedures", "obligation:restorative-practice-for-victim", "*:parents", "obligation:report-incident-to-log-or-line-manager", "obligation:deal-with-promptly"], []],
  ['23-pupil-livestreams-fight.yaml', 'elim-school', ["*:online-safety-lead", "obligation:log-incident", "*:parents"], ["*:lado"]],
  ['23-pupil-livestreams-fight.yaml', 'mast-academy-trust', ["prohibition:secret-or-unauthorised-recording", "classification:disciplinary-matter", "classification:mast-likely-disciplinary", "classification:mast-always-unacceptable", "*:parents", "obligation:report-incident-to-log-or-line-manager", "obligation:deal-with-promptly"], []],
  ['24-parent-posts-photos-of-other-children.yaml', 'elim-school', ["*:online-safety-lead", "obligation:log-incident", "*:parents"], ["sanction:", "*:lado"]],
  ['24-parent-posts-photos-of-other-children.yaml', 'mast-academy-trust', ["obligation:report-incident-to-log-or-line-manager"], ["classification:", "sanction:"]],
  ['25-staff-views-adult-content-on-school-laptop-at-home.yaml', 'elim-school', ["*:lado", "*:online-safety-lead", "obligation:log-incident"], ["*:police"]],
  ['25-staff-views-adult-content-on-school-laptop-at-home.yaml', 'mast-academy-trust', ["classification:mast-always-unacceptable", "classification:serious-aup-breach", "sanction:appropriate-sanctions", "obligation:log-incident", "obligation:investigate-fully", "*:dsl", "obligation:record-on-cpoms", "obligation:report-incident-to-log-or-line-manager"], []],
  ['26-staff-contact-with-former-pupil-aged-17.yaml', 'elim-school', ["*:headteacher", "*:dsl", "obligation:record-in-child-protection-log", "*:online-safety-lead", "obligation:log-incident", "*:local-authority", "obligation:follow-allegations-procedure"], []],
  ['26-staff-contact-with-former-pupil-aged-17.yaml', 'mast-academy-trust', ["*:dsl", "obligation:record-on-cpoms", "obligation:report-incident-to-log-or-line-manager"], []],
  ['27-pupil-groomed-through-online-game.yaml', 'elim-school', ["*:police", "*:children-safeguarding-team", "*:dsl", "obligation:record-in-child-protection-log", "*:online-safety-lead", "obligation:log-incident", "*:parents", "*:local-authority", "judgement:appropriate-action"], ["*:lado", "sanction:", "classification:"]],
  ['27-pupil-groomed-through-online-game.yaml', 'mast-academy-trust', ["*:dsl", "*:online-safety-lead", "obligation:record-on-cpoms", "obligation:report-incident-to-log-or-line-manager"], ["classification:", "sanction:"]],
  ['28-pupil-discloses-online-abuse-by-family-member.yaml', 'elim-school', ["*:police", "*:children-safeguarding-team", "*:dsl", "obligation:record-in-child-protection-log", "*:online-safety-lead", "obligation:log-incident", "*:local-authority", "judgement:appropriate-action"], ["*:lado", "sanction:", "*:parents"]],
  ['28-pupil-discloses-online-abuse-by-family-member.yaml', 'mast-academy-trust', ["*:dsl", "*:online-safety-lead", "obligation:record-on-cpoms", "obligation:report-incident-to-log-or-line-manager"], ["classification:", "sanction:", "*:parents"]],
  ['29-teacher-photographs-pupils-on-trip-with-own-phone.yaml', 'elim-school', ["*:online-safety-lead", "obligation:log-incident"], ["*:lado"]],
  ['29-teacher-photographs-pupils-on-trip-with-own-phone.yaml', 'mast-academy-trust', ["prohibition:personal-device-photographs-of-pupils", "obligation:report-incident-to-log-or-line-manager"], []],
  ['30-pupil-data-emailed-to-wrong-parent.yaml', 'elim-school', ["*:headteacher", "*:la-hr", "*:data-protection-officer", "*:online-safety-lead", "obligation:log-incident"], ["*:lado"]],
  ['30-pupil-data-emailed-to-wrong-parent.yaml', 'mast-academy-trust', ["classification:mast-likely-disciplinary", "judgement:inform-parents-of-data-loss", "*:online-safety-lead", "*:technical-support", "obligation:minimise-risk-and-prevent-recurrence", "obligation:report-incident-to-log-or-line-manager"], []],
  ['31-pupil-hotspot-bypasses-filter.yaml', 'elim-school', ["*:online-safety-lead", "obligation:log-incident", "*:parents"], ["*:lado"]],
  ['31-pupil-hotspot-bypasses-filter.yaml', 'mast-academy-trust', ["classification:mast-likely-disciplinary", "prohibition:pupil-device-use-in-school", "sanction:behaviour-or-disciplinary-procedures", "obligation:report-incident-to-log-or-line-manager", "obligation:deal-with-promptly"], []],
  ['32-pupil-threatens-violence-in-group-chat.yaml', 'elim-school', ["*:police", "*:children-safeguarding-team", "*:online-safety-lead", "obligation:log-incident", "*:parents"], ["*:lado"]],
  ['32-pupil-threatens-violence-in-group-chat.yaml', 'mast-academy-trust', ["classification:mast-likely-disciplinary", "*:parents", "obligation:report-incident-to-log-or-line-manager", "obligation:deal-with-promptly"], []],
  ['33-contractor-misuses-network.yaml', 'elim-school', ["*:online-safety-lead", "obligation:log-incident"], ["sanction:", "*:lado", "*:la-hr"]],
  ['33-contractor-misuses-network.yaml', 'mast-academy-trust', ["classification:mast-likely-disciplinary", "*:online-safety-lead", "*:technical-support", "obligation:minimise-risk-and-prevent-recurrence", "obligation:report-incident-to-log-or-line-manager"], []],
  ['34-parent-reports-racist-posts-by-pupil.yaml', 'elim-school', ["*:online-safety-lead", "obligation:log-incident", "obligation:record-in-bullying-log", "obligation:support-those-affected", "obligation:advise-keeping-evidence", "obligation:investigate-incident", "obligation:take-steps-to-identify-bully", "obligation:follow-anti-bullying-procedures", "*:parents", "judgement:appropriate-action"], ["*:lado", "*:police"]],
  ['34-parent-reports-racist-posts-by-pupil.yaml', 'mast-academy-trust', ["classification:online-bullying", "classification:disciplinary-matter", "classification:mast-likely-disciplinary", "classification:mast-always-unacceptable", "obligation:follow-anti-bullying-procedures", "obligation:restorative-practice-for-victim", "*:parents", "obligation:report-incident-to-log-or-line-manager", "obligation:deal-with-promptly"], []],
  ['35-staff-witnesses-pupil-showing-porn.yaml', 'elim-school', ["*:online-safety-lead", "obligation:log-incident", "*:parents"], ["*:lado", "*:la-hr", "*:line-manager", "*:police"]],
  ['35-staff-witnesses-pupil-showing-porn.yaml', 'mast-academy-trust', ["classification:mast-always-unacceptable", "classification:serious-aup-breach", "*:dsl", "obligation:record-on-cpoms", "sanction:appropriate-sanctions", "prohibition:pupil-device-use-in-school", "obligation:report-incident-to-log-or-line-manager", "obligation:deal-with-promptly"], []],
  ['36-staff-online-gambling-on-school-laptop.yaml', 'elim-school', ["*:headteacher", "*:online-safety-lead", "obligation:log-incident"], ["*:lado", "*:police"]],
  ['36-staff-online-gambling-on-school-laptop.yaml', 'mast-academy-trust', ["obligation:report-incident-to-log-or-line-manager"], []],
  ['37-pupil-shares-extremist-video.yaml', 'elim-school', ["*:police", "*:children-safeguarding-team", "*:dsl", "obligation:record-in-child-protection-log", "*:online-safety-lead", "obligation:log-incident", "*:parents", "judgement:appropriate-action"], ["*:lado"]],
  ['37-pupil-shares-extremist-video.yaml', 'mast-academy-trust', ["classification:mast-always-unacceptable", "classification:serious-aup-breach", "sanction:appropriate-sanctions", "*:dsl", "obligation:record-on-cpoms", "*:parents", "obligation:report-incident-to-log-or-line-manager"], []],
  ['38-teacher-criticises-school-on-facebook.yaml', 'elim-school', ["*:headteacher", "*:online-safety-lead", "obligation:log-incident", "obligation:support-staff-with-hurtful-posts"], ["*:lado", "*:la-hr"]],
  ['38-teacher-criticises-school-on-facebook.yaml', 'mast-academy-trust', ["classification:mast-likely-disciplinary", "obligation:report-incident-to-log-or-line-manager"], []],
  ['39-consensual-sexting-between-15-year-olds.yaml', 'elim-school', ["prohibition:continue-review-of-child-abuse-images", "*:police", "*:dsl", "*:children-safeguarding-team", "*:online-safety-lead", "obligation:log-incident", "obligation:record-in-child-protection-log", "*:parents", "*:local-authority"], ["*:lado", "obligation:keep-signed-dated-screenshots"]],
  ['39-consensual-sexting-between-15-year-olds.yaml', 'mast-academy-trust', ["classification:mast-always-unacceptable", "*:dsl", "obligation:record-on-cpoms", "*:online-safety-lead", "obligation:report-incident-to-log-or-line-manager", "*:parents", "obligation:deal-with-promptly", "*:senior-leader"], []],
  ['40-pupil-under-13-on-social-media.yaml', 'elim-school', ["*:online-safety-lead", "obligation:log-incident", "*:parents"], ["sanction:", "*:lado", "*:police"]],
  ['40-pupil-under-13-on-social-media.yaml', 'mast-academy-trust', ["obligation:report-incident-to-log-or-line-manager"], ["classification:", "sanction:behaviour-or-disciplinary-procedures", "sanction:appropriate-sanctions"]],
  // Fourth audit (docs/audit.md): incidents 41-50, written from the texts before they were run.
  ['41-teacher-and-pupil-both-subjects.yaml', 'elim-school', ["*:lado", "*:online-safety-lead", "obligation:log-incident", "*:parents", "obligation:support-staff-with-hurtful-posts"], ["*:police"]],
  ['41-teacher-and-pupil-both-subjects.yaml', 'mast-academy-trust', ["classification:mast-always-unacceptable", "prohibition:staff-personal-channel-contact-with-pupils", "obligation:report-incident-to-log-or-line-manager", "*:parents"], []],
  ['42-pupil-pressures-classmate-for-nude.yaml', 'elim-school', ["*:police", "*:dsl", "obligation:record-in-child-protection-log", "*:online-safety-lead", "obligation:log-incident", "*:parents", "obligation:record-in-bullying-log", "obligation:follow-anti-bullying-procedures", "obligation:support-those-affected"], ["*:lado"]],
  ['42-pupil-pressures-classmate-for-nude.yaml', 'mast-academy-trust', ["*:dsl", "obligation:record-on-cpoms", "classification:online-bullying", "obligation:follow-anti-bullying-procedures", "obligation:restorative-practice-for-victim", "*:parents", "obligation:report-incident-to-log-or-line-manager"], []],
  ['43-vague-report-about-teacher-and-pupil.yaml', 'elim-school', ["*:lado", "*:online-safety-lead", "obligation:log-incident"], ["*:police"]],
  ['43-vague-report-about-teacher-and-pupil.yaml', 'mast-academy-trust', ["classification:mast-always-unacceptable", "prohibition:staff-personal-channel-contact-with-pupils", "obligation:report-incident-to-log-or-line-manager"], []],
  ['44-planned-lesson-video-complaint.yaml', 'elim-school', ["*:online-safety-lead", "obligation:log-incident"], ["*:lado", "*:police", "*:dsl", "sanction:", "classification:"]],
  // Left to a DSL (docs/audit.md, fourth audit): MAST 7.1 and 8.1 know no curriculum exception, so
  // deliberately showing violent archive film in a planned lesson is 8.1 with 7.1's sanctions and CPOMS.
  ['44-planned-lesson-video-complaint.yaml', 'mast-academy-trust', ["obligation:report-incident-to-log-or-line-manager"], ["*:police"]],
  ['45-weekend-party-video.yaml', 'elim-school', ["*:online-safety-lead", "obligation:log-incident", "*:parents"], ["*:lado", "*:police"]],
  ['45-weekend-party-video.yaml', 'mast-academy-trust', ["prohibition:secret-or-unauthorised-recording", "*:parents", "obligation:report-incident-to-log-or-line-manager"], []],
  ['46-community-user-views-porn.yaml', 'elim-school', ["*:online-safety-lead", "obligation:log-incident"], ["sanction:", "*:lado", "*:police"]],
  ['46-community-user-views-porn.yaml', 'mast-academy-trust', ["obligation:report-incident-to-log-or-line-manager"], ["classification:", "sanction:"]],
  ['47-phone-confiscated-with-indecent-image.yaml', 'elim-school', ["prohibition:continue-review-of-child-abuse-images", "*:police", "*:dsl", "*:children-safeguarding-team", "*:online-safety-lead", "obligation:log-incident", "obligation:record-in-child-protection-log", "*:parents", "*:local-authority"], ["*:lado", "sanction:", "classification:", "obligation:keep-signed-dated-screenshots"]],
  ['47-phone-confiscated-with-indecent-image.yaml', 'mast-academy-trust', ["*:dsl", "*:online-safety-lead", "obligation:record-on-cpoms", "obligation:report-incident-to-log-or-line-manager"], ["classification:", "sanction:"]],
  ['48-vpn-gambling-shared-login.yaml', 'elim-school', ["obligation:report-filtering-issue", "*:senior-leader", "*:online-safety-lead", "obligation:log-incident", "*:parents"], ["*:lado"]],
  // 7.11's behaviour procedures need the school to say the AUP was breached (asked, not assumed).
  ['48-vpn-gambling-shared-login.yaml', 'mast-academy-trust', ["classification:mast-likely-disciplinary", "*:online-safety-lead", "*:technical-support", "obligation:report-incident-to-log-or-line-manager", "obligation:deal-with-promptly"], []],
  ['49-pupil-blackmails-classmate-with-nude.yaml', 'elim-school', ["prohibition:continue-review-of-child-abuse-images", "*:police", "*:dsl", "*:children-safeguarding-team", "*:online-safety-lead", "obligation:log-incident", "obligation:record-in-child-protection-log", "*:parents", "*:local-authority"], ["*:lado", "obligation:keep-signed-dated-screenshots"]],
  ['49-pupil-blackmails-classmate-with-nude.yaml', 'mast-academy-trust', ["classification:mast-always-unacceptable", "*:dsl", "obligation:record-on-cpoms", "*:online-safety-lead", "obligation:report-incident-to-log-or-line-manager", "*:parents", "obligation:deal-with-promptly", "*:senior-leader"], []],
  ['50-teachers-phone-with-class-photos-stolen.yaml', 'elim-school', ["*:data-protection-officer", "*:headteacher", "*:la-hr", "*:online-safety-lead", "obligation:log-incident"], ["*:lado", "*:police"]],
  ['50-teachers-phone-with-class-photos-stolen.yaml', 'mast-academy-trust', ["classification:mast-likely-disciplinary", "judgement:inform-parents-of-data-loss", "*:online-safety-lead", "*:technical-support", "obligation:report-incident-to-log-or-line-manager"], []],
];

const outcomesOf = (d: Decision): Outcome[] => Object.values(GROUP_OF_KIND).flatMap((g) => d[g]);

function matches(pattern: string, o: Outcome): boolean {
  const [kind, target] = pattern.split(':');
  const kindOk = kind === '*' ? o.kind === 'referral' || o.kind === 'notification' : o.kind === kind;
  return kindOk && (target === '' || o.target === target);
}

describe('the second and third DSL audits (examples/audit, docs/audit.md)', () => {
  it.each(EXPECTED)('%s under %s: the musts the text demands, nothing it does not give', async (file, policy, musts, never) => {
    const path = join(dir, file);
    const d = await evaluate(await loadBundledPolicy(policy), parseIncidentText(readFileSync(path, 'utf8'), path), { today: '2026-11-26' });
    const outcomes = outcomesOf(d);
    const missed = musts.filter((m) => !outcomes.some((o) => matches(m, o) && o.modality === 'must'));
    const over = never.flatMap((n) =>
      outcomes.filter((o) => matches(n, o) && (o.modality === 'must' || o.kind === 'classification' || o.kind === 'sanction')).map((o) => `${o.kind} ${o.target} (${o.modality})`),
    );
    expect({ missed, over }).toEqual({ missed: [], over: [] });
  });
});

// Third audit: the outcome never hangs on who reported or witnessed. For every audit incident,
// under each policy, the decision's outcomes are the same with its reporters and witnesses removed,
// and with a reporter or a witness of any role added.
describe('the third DSL audit: who reported or witnessed changes nothing', () => {
  const signature = (d: Decision) => outcomesOf(d).map((o) => `${o.kind}:${o.target}:${o.modality}`).sort();
  const roles = ['staff', 'pupil', 'volunteer', 'parent', 'visitor', 'governor', 'outside-adult', 'community-user', 'young-person'] as const;
  const files = EXPECTED.map(([file]) => file).filter((f, i, all) => all.indexOf(f) === i);
  it.each(['elim-school', 'mast-academy-trust'])('under %s', async (policyId) => {
    const policy = await loadBundledPolicy(policyId);
    const changed: string[] = [];
    for (const file of files) {
      const path = join(dir, file);
      const incident = parseIncidentText(readFileSync(path, 'utf8'), path);
      const base = signature(await evaluate(policy, incident, { today: '2026-11-26' }));
      const people = incident.people.filter((p) => p.involvement !== 'reporter' && p.involvement !== 'witness');
      const variants = [people, ...roles.flatMap((role) => (['reporter', 'witness'] as const).map((involvement) => [...people, { role, involvement }]))];
      for (const v of variants) {
        const s = signature(await evaluate(policy, { ...incident, people: v }, { today: '2026-11-26' }));
        if (s.join() !== base.join()) changed.push(`${file} with ${JSON.stringify(v.at(-1))}`);
      }
    }
    expect(changed).toEqual([]);
  });
});

// Fourth audit (docs/audit.md, "The fourth audit"): the answer as the person who acts reads it,
// for all fifty audit incidents under both policies.
describe('the fourth DSL audit: the plan as a DSL reads it', () => {
  const files = EXPECTED.map(([file]) => file).filter((f, i, all) => all.indexOf(f) === i);
  const plans = async (policyId: string) => {
    const policy = await loadBundledPolicy(policyId);
    return Promise.all(
      files.map(async (file) => {
        const path = join(dir, file);
        const incident = parseIncidentText(readFileSync(path, 'utf8'), path);
        return { file, incident, policy, d: await evaluate(policy, incident, { today: '2026-11-26' }) };
      }),
    );
  };

  it.each(['elim-school', 'mast-academy-trust'])('under %s: what protects a child is in Do now, never under Do next', async (policyId) => {
    const buried = (await plans(policyId)).flatMap(({ file, d }) =>
      d.plan.doNext.flatMap((g) => g.lines).filter((l) => l.modality !== 'may' && protectionOrder(l.kinds[0]!, l.target) !== undefined).map((l) => `${file}: ${l.says}`),
    );
    expect(buried).toEqual([]);
  });

  // Class "one duty, one line" (src/decision/plan.ts dutyLines): eLiM's Online Safety Leader logs
  // every incident (response.record-incident) and its Online bullying has the school log it
  // (bullying.log): one line, under the Online Safety Leader, with both clauses.
  it.each(['elim-school', 'mast-academy-trust'])('under %s: each person or duty is one line (two lines only for two people named)', async (policyId) => {
    const twice = (await plans(policyId)).flatMap(({ file, d }) => {
      const lines = [...d.plan.doNow, ...d.plan.doNext.flatMap((g) => g.lines), ...d.plan.decide];
      const keys = lines.map((l) => `${l.kinds[0]}:${l.target}:${(l.by ?? []).filter((b) => b !== 'school').join()}`);
      return keys.filter((k, i) => keys.indexOf(k) !== i).map((k) => `${file}: ${k}`);
    });
    expect(twice).toEqual([]);
  });

  // Class "what protects a child is asked first" (src/decision/plan.ts rankQuestions), and
  // "the school's filter is not asked about off site on a personal device" (eLiM
  // infrastructure.report-filtering-issues, roles.technical-support.filtering-issues).
  it.each(['elim-school', 'mast-academy-trust'])('under %s: the first question is one that would protect a child, if any would; none the incident answers', async (policyId) => {
    const wrong = (await plans(policyId)).flatMap(({ file, incident, d }) => {
      const shown = d.plan.ask.filter((q) => !q.unrelated).slice(0, 5);
      const out: string[] = [];
      const protecting = d.questions.filter((q) => !q.unrelated && q.wouldAdd.some((o) => o.modality !== 'may' && protectionOrder(o.kind, o.target) !== undefined));
      if (protecting.length > 0 && !protecting.some((q) => q.ask === shown[0]?.ask)) out.push(`${file}: first asked "${shown[0]?.ask}"`);
      for (const q of shown) {
        for (const f of Object.keys(q.facts)) if (f in incident.facts) out.push(`${file}: asks ${f}, which the incident gives`);
        if ('filter-failed' in q.facts && incident.facts['on-site'] === false && incident.technologies.includes('personal-phone-app')) out.push(`${file}: asks about the school's filter off site on a personal phone`);
        if ('system-administrator-problem-solving' in q.facts && incident.people.some((p) => p.involvement === 'subject' && p.role === 'pupil')) out.push(`${file}: asks whether a pupil is a system administrator`);
      }
      return out;
    });
    expect(wrong).toEqual([]);
  });

  // Class "a caveat says what is open" (src/decision/evaluate.ts residual): eLiM scope.inform-parents
  // and response.inform-parents read "unless the subject is a parent and there is a child
  // protection concern", not every activity that would also make one; no engine words in the plan.
  it.each(['elim-school', 'mast-academy-trust'])('under %s: the plan is in the school\'s words (no condition lists, no quoted activity descriptions, no ids)', async (policyId) => {
    const words = (await plans(policyId)).flatMap(({ file, d, policy }) => {
      // After the heading (which names the policy by its id), before the clause footnotes.
      const text = formatPlan(d, policy).split('\nClauses:')[0]!.split('\n').slice(1).join('\n');
      // Any vocabulary id with a hyphen (roles, activities, facts, targets, outcome terms) is an engine word.
      const ids = Object.values(policy.vocabulary).flatMap((table) => Object.keys(table as object)).filter((id) => id.includes('-'));
      const said = ids.filter((id) => new RegExp(`(^|[^a-z-])${id}([^a-z-]|$)`).test(text)).map((id) => `${file}: ${id}`);
      return [...said, ...[/one of:/, /the activity is( not)? "/, /it is false that/].filter((re) => re.test(text)).map((re) => `${file}: ${re}`)];
    });
    expect(words).toEqual([]);
  });
});

// Generated from rules/vocabulary.yaml by `npm run vocabulary:types`; do not edit by hand.
// One literal union per vocabulary catalogue, so that an unknown term fails to compile.

/** A role a person in an incident has (`people[].role`). */
export type Role =
  | 'community-user'
  | 'governor'
  | 'outside-adult'
  | 'parent'
  | 'pupil'
  | 'staff'
  | 'visitor'
  | 'volunteer'
  | 'young-person';

/** A person's part in an incident (`people[].involvement`). */
export type Involvement =
  | 'affected'
  | 'reporter'
  | 'subject'
  | 'witness';

/** Something done in an incident (`activities`). */
export type Activity =
  | 'accessing-harmful-content'
  | 'accessing-illegal-material'
  | 'accessing-non-educational-websites'
  | 'accessing-offensive-or-pornographic-material'
  | 'accessing-others-files'
  | 'accessing-radicalising-material'
  | 'breaching-communication-rules-with-pupils'
  | 'breaching-copyright-or-licensing'
  | 'breaching-data-protection-or-security-rules'
  | 'bringing-school-into-disrepute'
  | 'calling-pupils-from-personal-phone'
  | 'causing-network-congestion'
  | 'circulating-chain-or-commercial-messages'
  | 'communicating-known-falsehoods'
  | 'compromising-professional-standing'
  | 'corrupting-others-data'
  | 'creating-fake-images-of-real-people'
  | 'damaging-hardware-or-software'
  | 'disseminating-offensive-material'
  | 'excessive-personal-internet-use'
  | 'falling-for-phishing'
  | 'grooming-or-sexual-exploitation-of-children'
  | 'handling-adult-material'
  | 'handling-child-sexual-abuse-images'
  | 'handling-terrorist-material'
  | 'inappropriate-use-of-personal-device'
  | 'insecure-handling-of-personal-data'
  | 'losing-personal-data'
  | 'personal-channel-communication-with-parents'
  | 'personal-channel-communication-with-pupils'
  | 'personal-gambling-or-betting'
  | 'personal-use-of-auction-sites'
  | 'photographing-pupils'
  | 'plagiarising-online-content'
  | 'posting-offensive-content'
  | 'promoting-discrimination-or-hatred'
  | 'promoting-or-conducting-illegal-acts'
  | 'promoting-violence-or-mental-harm'
  | 'publishing-recordings-online'
  | 'recording-without-permission'
  | 'revealing-confidential-information'
  | 'revealing-others-personal-information'
  | 'running-private-business'
  | 'sending-offensive-message'
  | 'sharing-illegitimately-obtained-files'
  | 'sharing-login-credentials'
  | 'sharing-nude-images-of-under-18s'
  | 'spreading-malware'
  | 'subverting-filtering'
  | 'threatening-or-abusive-communication'
  | 'unauthorised-file-transfer'
  | 'underage-use-of-social-media'
  | 'using-another-persons-account'
  | 'using-personal-mobile-device';

/** A fact a policy turns on (a key of `facts`). */
export type Fact =
  | 'allegation-made'
  | 'breached-acceptable-use-policy'
  | 'breached-school-policy'
  | 'caused-distress'
  | 'child-protection-concern'
  | 'content-not-removed'
  | 'deliberate'
  | 'emergency-without-school-device'
  | 'filter-failed'
  | 'headteacher-permission'
  | 'lesson-time'
  | 'needs-passing-beyond-school'
  | 'number-withheld'
  | 'on-site'
  | 'part-of-authorised-investigation'
  | 'personal-device'
  | 'planned-curriculum-activity'
  | 'previous-warnings'
  | 'pupil-at-risk'
  | 'pupil-data-may-be-lost'
  | 'reported'
  | 'school-hours'
  | 'security-risk'
  | 'serious'
  | 'suspected-criminal-offence'
  | 'system-administrator-problem-solving'
  | 'targeted-to-cause-distress'
  | 'test-or-examination'
  | 'unsure-how-to-proceed'
  | 'well-being-concern';

/** A technology used in an incident (`technologies`). */
export type Technology =
  | 'blogs'
  | 'camera-device-photos'
  | 'chat-rooms'
  | 'email'
  | 'messaging-apps'
  | 'mobile-phone'
  | 'mobile-phone-in-lessons'
  | 'mobile-phone-in-social-time'
  | 'personal-devices'
  | 'personal-email-in-school'
  | 'personal-phone-app'
  | 'school-email-for-personal-use'
  | 'social-networking-sites'
  | 'twitter'
  | 'video-broadcasting'
  | 'wearable-technology';

/** A person or agency an outcome names: referred to, told, or acting (`by`). */
export type Target =
  | 'children-safeguarding-team'
  | 'data-protection-officer'
  | 'dsl'
  | 'headteacher'
  | 'la-childrens-services'
  | 'la-hr'
  | 'lado'
  | 'line-manager'
  | 'local-authority'
  | 'online-safety-lead'
  | 'parents'
  | 'police'
  | 'safeguarding-adviser'
  | 'school'
  | 'senior-leader'
  | 'service-provider'
  | 'technical-support';

/** A sanction an outcome names. */
export type Sanction =
  | 'appropriate-sanctions'
  | 'asked-to-remove-material'
  | 'behaviour-or-disciplinary-procedures'
  | 'disciplinary-action'
  | 'internet-access-suspended'
  | 'loss-of-email-privileges';

/** What staff must (or must not) do: obligations and prohibitions. */
export type Duty =
  | 'advise-keeping-evidence'
  | 'continue-review-of-child-abuse-images'
  | 'deal-with-promptly'
  | 'deal-with-under-aup'
  | 'debrief-and-learn-lessons'
  | 'escalate-under-school-procedures'
  | 'follow-allegations-procedure'
  | 'follow-anti-bullying-procedures'
  | 'follow-somerset-flowcharts'
  | 'hide-personal-number'
  | 'images-without-permission'
  | 'investigate-fully'
  | 'investigate-incident'
  | 'keep-signed-dated-screenshots'
  | 'let-others-use-own-log-on'
  | 'log-incident'
  | 'minimise-risk-and-prevent-recurrence'
  | 'more-than-one-staff-involved'
  | 'personal-device-photographs-in-school'
  | 'personal-device-photographs-of-pupils'
  | 'pupil-device-use-in-school'
  | 'record-in-bullying-log'
  | 'record-in-child-protection-log'
  | 'record-on-cpoms'
  | 'record-sites-and-content-checked'
  | 'remove-published-material'
  | 'report-filtering-issue'
  | 'report-incident-to-log-or-line-manager'
  | 'report-security-breach'
  | 'restorative-practice-for-victim'
  | 'same-designated-computer'
  | 'searching-personal-equipment-without-permission'
  | 'secret-or-unauthorised-recording'
  | 'senior-leader-involved'
  | 'staff-personal-channel-contact-with-pupils'
  | 'staff-personal-email-for-school-business'
  | 'staff-personal-phone-in-contact-with-pupils'
  | 'staff-personal-phone-revealing-details'
  | 'support-staff-with-hurtful-posts'
  | 'support-those-affected'
  | 'take-steps-to-identify-bully'
  | 'wearable-in-tests-or-exams'
  | 'wearable-use-in-school-hours'
  | 'work-in-partnership-with-parents-and-pupil';

/** A classification of an incident. */
export type Classification =
  | 'disciplinary-matter'
  | 'mast-always-unacceptable'
  | 'mast-likely-disciplinary'
  | 'mast-normally-unacceptable'
  | 'not-allowed-communication-technology'
  | 'online-bullying'
  | 'serious-aup-breach';

/** A decision a policy leaves to a named person. */
export type Judgement =
  | 'activity-allowed-in-circumstances'
  | 'appropriate-action'
  | 'collect-and-examine-device'
  | 'confiscate-and-search-device'
  | 'contact-police-or-childrens-services'
  | 'discuss-with-dsl-team'
  | 'inform-parents-of-data-loss'
  | 'inform-parents-safely'
  | 'manage-under-behaviour-policy'
  | 'most-appropriate-response'
  | 'regulate-off-site-conduct'
  | 'search-technology-equipment';

/** The terms of this vocabulary, for the generic incident types (`IncidentInput<Terms>`). */
export interface Terms {
  role: Role;
  involvement: Involvement;
  activity: Activity;
  fact: Fact;
  technology: Technology;
  target: Target;
  sanction: Sanction;
  duty: Duty;
  classification: Classification;
  judgement: Judgement;
}

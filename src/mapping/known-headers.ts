// The usual column headers of each referral field, as case-management exports (Liquidlogic,
// Mosaic, Eclipse, CareFirst), online multi-agency referral forms and Ofsted's Annex A lists
// name them: what `referral-lint init --from` (draft.ts) recognises in a header row. Headers
// are written as people write them; they are compared in normalizeHeader's form (no case, no
// punctuation), so "D.O.B." and "d o b" are one entry. One header belongs to one field only
// (test/init-from.test.ts holds the table to that). Invented from common practice, not copied
// from any system's export.

/** Headers of the referral's own fields, by field path (`id` is the mapping's id key). */
export const KNOWN_HEADERS: Readonly<Record<string, readonly string[]>> = {
  id: [
    'id', 'referral id', 'referral ref', 'referral reference', 'referral number', 'referral no', 'contact id', 'contact ref',
    'contact reference', 'contact no', 'case reference', 'case ref', 'reference', 'ref', 'reference number', 'ref no',
    'form reference', 'form id', 'submission id', 'submission reference', 'response id', 'mash reference', 'mash id',
    'mash ref', 'record id', 'referral record id', 'contact record id', 'episode id', 'work id', 'workflow id',
  ],
  receivedAt: [
    'received', 'date received', 'received date', 'date and time received', 'received at', 'received on',
    'date referral received', 'referral received', 'referral received date', 'referral date', 'date of referral',
    'referral date time', 'date of contact', 'contact date', 'contact date time', 'contact received',
    'date contact received', 'submitted', 'date submitted', 'submission date', 'submitted at', 'submitted on',
    'completion time', 'start date', 'referral start date', 'contact start date', 'mash received date',
  ],
  mode: ['mode', 'referral mode', 'contact mode', 'contact method', 'referral method', 'method of referral', 'method of contact', 'how referral was made', 'how was the referral made', 'channel', 'contact type', 'referral type', 'mode of referral'],
  writtenConfirmationAt: [
    'written confirmation', 'written confirmation received', 'date written confirmation received',
    'written confirmation date', 'written referral received', 'date written referral received', 'confirmation received',
  ],
  'referrer.agency': [
    'agency', 'organisation', 'organization', 'referring agency', 'referrer organisation', 'referrer organization',
    'referrer agency', 'source agency', 'referring organisation', 'referring organization', 'referrer s agency',
    'referrer s organisation', 'agency name', 'organisation name', 'referrer organisation name', 'referring service',
    'referring team', 'referrer team', 'referrer service', 'professional agency', 'name of agency', 'name of organisation',
  ],
  'referrer.sector': ['sector', 'referrer sector', 'agency type', 'agency sector', 'referrer type', 'type of agency', 'organisation type', 'referring agency type', 'type of organisation', 'professional type', 'referrer category'],
  'referrer.sourceCode': [
    'source code', 'referral source', 'referral source code', 'contact source', 'contact source code', 'source of referral',
    'source of contact', 'cin source', 'cin referral source', 'referral source cin', 'referralsource', 'source',
  ],
  'referrer.name': ['referrer', 'referrer name', 'referrer s name', 'name of referrer', 'referrer full name', 'referring professional', 'professional name', 'name of person referring', 'referred by', 'your name', 'referrer contact name'],
  'referrer.role': ['referrer role', 'referrer s role', 'role of referrer', 'referrer job title', 'job title', 'role', 'your role', 'referrer position', 'professional role', 'referrer designation', 'designation'],
  'referrer.phone': ['referrer phone', 'referrer telephone', 'referrer tel', 'referrer phone number', 'referrer telephone number', 'referrer contact number', 'referrer mobile', 'your phone number', 'your telephone number', 'professional phone', 'professional telephone'],
  'referrer.email': ['referrer email', 'referrer e mail', 'referrer email address', 'referrer s email', 'your email', 'your email address', 'professional email', 'secure email', 'referrer secure email'],
  'referrer.safeguardingLeadConsulted': [
    'dsl consulted', 'safeguarding lead consulted', 'designated safeguarding lead consulted', 'dsl informed',
    'have you consulted your safeguarding lead', 'discussed with dsl', 'discussed with safeguarding lead',
    'safeguarding lead informed', 'named nurse consulted', 'dsl aware',
  ],
  'child.givenName': ['first name', 'forename', 'forenames', 'given name', 'given names', 'child first name', 'child forename', 'child s first name', 'child s forename', 'child given name', 'child first names', 'first names'],
  'child.familyName': ['surname', 'last name', 'family name', 'child surname', 'child last name', 'child s surname', 'child s last name', 'child family name'],
  'child.dateOfBirth': ['date of birth', 'dob', 'child dob', 'child s date of birth', 'child date of birth', 'd o b', 'birth date', 'child s dob', 'child birth date', 'birthdate', 'person date of birth', 'person dob'],
  'child.expectedDateOfBirth': ['expected date of birth', 'edd', 'expected delivery date', 'estimated date of delivery', 'due date', 'unborn due date', 'child edd', 'expected dob', 'estimated due date'],
  'child.sex': ['sex', 'gender', 'child sex', 'child gender', 'child s gender', 'child s sex', 'legal sex', 'person gender', 'gender sex', 'sex gender'],
  'child.ethnicity': ['ethnicity', 'ethnic origin', 'child ethnicity', 'child s ethnicity', 'ethnic group', 'ethnicity code', 'ethnic category', 'person ethnicity'],
  'child.address.line1': ['address', 'address line 1', 'address 1', 'child address', 'child s address', 'home address', 'child address line 1', 'house number and street', 'street', 'first line of address'],
  'child.address.line2': ['address line 2', 'address 2', 'child address line 2', 'second line of address', 'locality'],
  'child.address.town': ['town', 'city', 'town city', 'child town', 'post town', 'child s town'],
  'child.address.postcode': ['postcode', 'post code', 'child postcode', 'child s postcode', 'home postcode', 'address postcode'],
  'child.nhsNumber': ['nhs number', 'nhs no', 'nhs', 'child nhs number', 'child s nhs number', 'nhs num', 'nhsnumber'],
  'child.upn': ['upn', 'unique pupil number', 'child upn', 'pupil number', 'upn number'],
  'child.educationSetting': [
    'school', 'school name', 'education setting', 'child s school', 'child school', 'school nursery', 'school or nursery',
    'school college', 'school or college', 'nursery', 'education provider', 'setting', 'educational setting', 'current school',
    'name of school',
  ],
  'child.gpPractice': ['gp', 'gp practice', 'gp surgery', 'gp name', 'child s gp', 'registered gp', 'gp details', 'doctor', 'name of gp', 'gp practice name'],
  'child.firstLanguage': ['first language', 'language', 'main language', 'child s first language', 'child first language', 'preferred language', 'language spoken', 'home language', 'child language'],
  'child.interpreterNeeded': ['interpreter needed', 'interpreter required', 'interpreter', 'needs interpreter', 'requires interpreter', 'child interpreter needed', 'interpreter needed for child', 'does the child need an interpreter'],
  'child.disabilities': ['disability', 'disabilities', 'child disability', 'child s disability', 'disability type', 'disabilities cin', 'send', 'special educational needs or disability', 'additional needs'],
  'child.currentLocation': ['current location', 'child s current location', 'where is the child now', 'child current location', 'whereabouts', 'current whereabouts', 'location of child', 'where is the child'],
  'concerns.categories': [
    'category', 'categories', 'concern category', 'category of concern', 'categories of concern', 'concern type',
    'type of concern', 'types of concern', 'primary concern', 'presenting issue', 'presenting issues', 'primary need',
    'factors identified', 'assessment factors', 'concern categories', 'main concern',
  ],
  'concerns.summary': [
    'concerns', 'concern', 'summary', 'summary of concerns', 'reason for referral', 'reasons for referral', 'referral reason',
    'details of concern', 'details of concerns', 'concern details', 'what are you worried about', 'nature of concern',
    'description of concerns', 'referral details', 'reason for contact', 'contact reason', 'what happened', 'concerns summary',
  ],
  'concerns.firstIdentifiedAt': ['concern identified', 'date concern identified', 'concern first identified', 'date of incident', 'incident date', 'date concern first identified', 'when did the concern arise', 'date of concern', 'concern date', 'date of disclosure', 'disclosure date'],
  'concerns.immediateRisk': ['immediate risk', 'child at immediate risk', 'is the child at immediate risk', 'immediate risk of harm', 'is the child at risk of immediate harm', 'urgent', 'immediate danger', 'risk of immediate harm', 'immediate safety concerns'],
  'concerns.actionsTaken': ['actions taken', 'action taken', 'actions already taken', 'what have you done', 'action taken so far', 'what action has been taken', 'agency actions', 'support provided', 'support already in place', 'actions to date'],
  'concerns.previousConcerns': ['previous concerns', 'history', 'previous history', 'known history', 'previous involvement', 'relevant history', 'background', 'background information', 'chronology', 'previous referrals'],
  'concerns.requestedOutcome': ['requested outcome', 'outcome requested', 'what do you want to happen', 'what would you like to happen', 'desired outcome', 'outcome sought', 'what are you asking for', 'what would you like us to do'],
  'concerns.impactOnChild': ['impact on the child', 'impact on child', 'what is the impact on the child', 'why now', 'why are you referring now', 'impact and risk', 'impact on the child and why now'],
  'concerns.otherAgenciesInvolved': ['other agencies', 'other agencies involved', 'agencies involved', 'professionals involved', 'other professionals involved', 'other services involved', 'services involved', 'other professionals'],
  'childsViews.recorded': ['child s views obtained', 'views obtained', 'child s views recorded', 'child spoken to', 'has the child been spoken to', 'child seen', 'voice of the child recorded', 'child views obtained', 'views of child obtained'],
  'childsViews.views': ['child s views', 'child views', 'views of the child', 'voice of the child', 'child s voice', 'child voice', 'child s wishes and feelings', 'wishes and feelings', 'what does the child say', 'child s words', 'views of child'],
  'childsViews.reasonNotRecorded': ['reason views not recorded', 'why views not obtained', 'reason child not spoken to', 'views not obtained reason', 'reason child views not obtained', 'if not why not', 'why not spoken to child'],
  'consent.status': [
    'consent', 'consent given', 'parental consent', 'do parents know and agree', 'consent status', 'consent obtained',
    'consent to refer', 'consent to referral', 'consent for referral', 'consent to share', 'consent to share information',
    'has consent been given', 'consent sought', 'consent gained', 'family consent', 'consent outcome',
  ],
  'consent.givenBy.name': ['consent given by', 'consent given by name', 'name of person giving consent', 'who gave consent', 'consent from', 'consenting person', 'consent given by whom', 'person giving consent'],
  'consent.givenBy.relationship': ['consent given by relationship', 'relationship of person giving consent', 'consenting person relationship', 'consent relationship', 'relationship of consenting person'],
  'consent.recordedAt': ['consent date', 'date consent given', 'date of consent', 'consent given date', 'consent recorded', 'consent recorded at', 'date consent obtained', 'consent obtained date', 'consent date time'],
  'consent.parentsInformed': ['parents informed', 'parents aware', 'are parents aware', 'parents aware of referral', 'parents know', 'do parents know', 'family aware', 'family informed', 'parents carers aware', 'parents notified', 'are the parents aware of this referral', 'parent aware'],
  'consent.reasonNotSought.code': ['reason consent not sought', 'consent not sought reason', 'why consent not sought', 'reason for not seeking consent', 'reason no consent', 'consent not sought because', 'reason consent not obtained', 'consent exception'],
  'consent.reasonNotSought.details': ['reason consent not sought details', 'consent not sought details', 'why consent not sought details', 'consent reason details', 'consent details', 'details of reason consent not sought'],
  'threshold.level': ['threshold', 'threshold level', 'level', 'level of need', 'level of need identified', 'threshold of need', 'continuum of need', 'continuum level', 'need level', 'tier', 'threshold tier', 'referrer threshold level'],
  'threshold.rationale': ['threshold rationale', 'rationale', 'rationale for threshold', 'reason for threshold level', 'why this level', 'level rationale', 'threshold reason', 'threshold justification', 'rationale for level of need'],
  'threshold.pathway': ['pathway', 'requested pathway', 'referral pathway', 'service requested', 'requested service', 'early help or social care', 'referred to', 'route', 'referral route'],
  'earlyHelp.parentalViews': ['parental views', 'parents views', 'parent s views', 'views of parents', 'parents carers views', 'parent views', 'family views', 'views of parents carers', 'what do parents think'],
  'earlyHelp.parentalAgreement': ['parental agreement', 'parents agree', 'parents agree to early help', 'parental agreement to early help', 'family agreement', 'agreement to early help', 'family agree to early help', 'early help consent'],
  'earlyHelp.assessmentCompleted': ['early help assessment', 'early help assessment completed', 'eha completed', 'eha', 'caf completed', 'caf', 'early help assessment in place', 'eha in place', 'family assessment completed'],
  'exploitationScreening.tool': ['screening tool', 'exploitation screening tool', 'seraf', 'risk tool', 'screening tool used', 'cse screening tool', 'exploitation tool'],
  'exploitationScreening.completedAt': ['screening date', 'screening completed', 'exploitation screening date', 'seraf date', 'date of screening', 'screening completed date', 'cse screening date', 'date screening completed'],
  'exploitationScreening.score': ['screening score', 'seraf score', 'exploitation score', 'risk score', 'cse score', 'tool score'],
  'exploitationScreening.riskLevel': ['screening outcome', 'exploitation risk', 'exploitation risk level', 'cse risk', 'cse risk level', 'cce risk level', 'seraf outcome', 'seraf risk level', 'screening risk level', 'exploitation risk rating'],
  'exploitationScreening.msetReferral': ['mset', 'mset referral', 'discussed at mset', 'referred to mset', 'mset discussed', 'mace', 'discussed at mace', 'referred to mace'],
};

export type GroupPath = 'carers' | 'household' | 'missingEpisodes';

/** What a numbered group's headers start (or end) with: "Parent 1 name", "Household member 2 DOB". */
export const GROUP_PREFIXES: Readonly<Record<GroupPath, readonly string[]>> = {
  carers: ['parent', 'carer', 'parent carer', 'parent or carer', 'parent and carer', 'parent guardian', 'guardian', 'caregiver', 'parent carer details', 'mother father carer'],
  household: ['household member', 'household', 'other household member', 'household person', 'other adult', 'adult', 'significant adult', 'sibling', 'person in household', 'household adult', 'member of household'],
  missingEpisodes: ['missing episode', 'missing', 'episode', 'mfh', 'missing from home', 'missing from home episode', 'mfh episode', 'missing incident'],
};

const PERSON_FIELDS: Readonly<Record<string, readonly string[]>> = {
  name: ['', 'name', 'full name', 'names'],
  relationship: ['relationship', 'relationship to child', 'relationship to the child', 'relation', 'relation to child'],
  dateOfBirth: ['dob', 'date of birth', 'd o b', 'birth date'],
  parentalResponsibility: ['parental responsibility', 'pr', 'has parental responsibility', 'has pr', 'holds pr', 'holds parental responsibility'],
  phone: ['phone', 'telephone', 'tel', 'phone number', 'telephone number', 'contact number', 'mobile', 'mobile number'],
  email: ['email', 'e mail', 'email address'],
  'address.line1': ['address', 'address line 1', 'address 1'],
  'address.line2': ['address line 2', 'address 2'],
  'address.town': ['town', 'city', 'town city'],
  'address.postcode': ['postcode', 'post code'],
  languages: ['language', 'languages', 'first language', 'language spoken', 'languages spoken'],
  interpreterNeeded: ['interpreter', 'interpreter needed', 'interpreter required', 'needs interpreter', 'requires interpreter'],
};

/** What follows (or comes before) the group's word and number, by the path inside an item. `''`: the header is the group's word and number alone. */
export const GROUP_FIELDS: Readonly<Record<GroupPath, Readonly<Record<string, readonly string[]>>>> = {
  carers: PERSON_FIELDS,
  household: PERSON_FIELDS,
  missingEpisodes: {
    startedAt: ['start', 'started', 'start date', 'date', 'date missing', 'missing date', 'date reported missing', 'reported missing', 'went missing', 'last seen', 'date last seen', 'from', 'start date time'],
    returnedAt: ['returned', 'return', 'return date', 'date returned', 'returned date', 'found', 'date found', 'end', 'end date', 'to', 'end date time'],
    classification: ['classification', 'category', 'type', 'missing or absent', 'missing absent'],
    riskLevel: ['risk', 'risk level', 'risk grade', 'police risk', 'police risk level', 'police risk grade'],
    reportedToPolice: ['reported to police', 'police informed', 'police notified', 'reported', 'police reported'],
    'returnInterview.offeredAt': ['rhi offered', 'rhi offered date', 'date rhi offered', 'return interview offered', 'return home interview offered', 'rhi offer date'],
    'returnInterview.completedAt': ['rhi completed', 'rhi date', 'rhi completed date', 'date of rhi', 'return interview date', 'return home interview date', 'return interview completed', 'return home interview completed'],
    'returnInterview.declined': ['rhi declined', 'return interview declined', 'return home interview declined', 'rhi refused'],
  },
};

/**
 * Ofsted's Annex A list columns: a file with them is probably a list that a ready-made mapping
 * (ready-made.ts) reads whole. Those the format has no field for are said so.
 */
export const ANNEX_A_COLUMNS: Readonly<Record<string, string | undefined>> = {
  'Child Unique ID': 'the child\'s identifier in the list; the referral format has no field for it',
  'Date of Contact': undefined,
  'Contact Source': undefined,
  'Date of Referral': undefined,
  'Referral Source': undefined,
  'Age of Child (Years)': 'the format keeps the date of birth, not the age',
  'Referral NFA?': 'the outcome, which the format does not hold',
  'Number of Referrals in Last 12 Months': 'the format does not hold it',
  'Number of Previous Child Protection Plans': 'the format does not hold it',
  'Allocated Team': 'the format does not hold it',
  'Allocated Worker': 'the format does not hold it',
};

/**
 * Words that say whom or what a header is about (another person than the child, the school,
 * consent): a header with one of them is never matched by its other words to a field whose
 * headers lack it ("Parent DOB" is not the child's date of birth).
 */
export const SUBJECT_WORDS: ReadonlySet<string> = new Set([
  'parent', 'parents', 'carer', 'carers', 'mother', 'father', 'mum', 'dad', 'referrer', 'referring', 'sibling', 'siblings',
  'household', 'adult', 'adults', 'worker', 'partner', 'guardian', 'grandparent', 'manager', 'dsl', 'professional', 'social',
  'member', 'person', 'alleged', 'perpetrator', 'victim', 'your', 'gp', 'school', 'consent', 'consenting',
]);

/** Words left out when matching by words: date-format hints and small words ("Date of birth (dd/mm/yyyy)"). */
export const NOISE_WORDS: ReadonlySet<string> = new Set(['y', 'n', 'dd', 'mm', 'yyyy', 'yy', 'hh', 'the', 'of', 'a', 'an', 's', 'is', 'was', 'for', 'please', 'if', 'any']);

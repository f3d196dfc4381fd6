// Every code list referral-lint knows, in one place. The schema, the rules and
// `explain` read them from here; no rule carries its own copy.
// The CIN code lists (source of referral, ethnicity, disability, sex) follow the DfE Children in need
// census 2024 to 2025 collection: its guide and technical specification, and for sex (M, F, U) its
// validation rules 4180 and 8750, not the 2024 XML schema, which still codes gender 1, 2, 0, 9. Code lists
// change by collection year, so each list below names the year it follows (docs/domain-reference.md,
// section 2). What each list means for the rules is in docs/rules.md (source-code-consistent, schema-valid).
import type { Severity } from '../model/types.js';

export const SECTORS = [
  'police',
  'health',
  'school',
  'education-services',
  'early-years',
  'early-help',
  'local-authority',
  'housing',
  'probation-courts',
  'youth-justice',
  'voluntary',
  'individual',
  'anonymous',
  'other',
] as const;
export type Sector = (typeof SECTORS)[number];

/**
 * Members of the public (a relative, a neighbour, an anonymous caller): not asked to record
 * consent (consent-recorded) nor to give a professional analysis (referral-purpose-clear).
 */
export const MEMBER_OF_PUBLIC_SECTORS: readonly string[] = ['anonymous', 'individual'];

export interface SourceCode {
  code: string;
  meaning: string;
  /** Sectors this code agrees with; `'any'` for 10 (unknown). This mapping is the project's, not DfE's. */
  sectors: readonly Sector[] | 'any';
}

/** CIN census source of referral (ReferralSource), 2024-25 collection; validation rule 8866. `5D` is in the lists from 2023. */
export const SOURCE_CODES: readonly SourceCode[] = [
  { code: '1A', meaning: 'individual: family member, relative or carer', sectors: ['individual'] },
  { code: '1B', meaning: 'individual: acquaintance, neighbour, childminder', sectors: ['individual', 'early-years'] },
  { code: '1C', meaning: 'individual: self', sectors: ['individual'] },
  { code: '1D', meaning: 'individual: other, including strangers', sectors: ['individual'] },
  { code: '2A', meaning: 'schools', sectors: ['school'] },
  { code: '2B', meaning: 'education services', sectors: ['education-services', 'early-years'] },
  { code: '3A', meaning: 'health: GP', sectors: ['health'] },
  { code: '3B', meaning: 'health: health visitor', sectors: ['health'] },
  { code: '3C', meaning: 'health: school nurse', sectors: ['health'] },
  { code: '3D', meaning: 'health: other primary health services', sectors: ['health'] },
  { code: '3E', meaning: 'health: A&E', sectors: ['health'] },
  { code: '3F', meaning: 'health: other (e.g. hospice)', sectors: ['health'] },
  { code: '4', meaning: 'housing (LA housing or housing association)', sectors: ['housing'] },
  { code: '5A', meaning: 'LA services: social care (e.g. adult social care)', sectors: ['local-authority'] },
  { code: '5B', meaning: 'LA services: other internal (e.g. youth offending)', sectors: ['local-authority', 'youth-justice'] },
  { code: '5C', meaning: 'LA services: external (another LA)', sectors: ['local-authority'] },
  { code: '5D', meaning: 'LA services: early help', sectors: ['early-help'] },
  { code: '6', meaning: 'police', sectors: ['police'] },
  { code: '7', meaning: 'other legal agency: courts, probation, immigration, CAFCASS, prison', sectors: ['probation-courts'] },
  { code: '8', meaning: "other: children's centres, independent providers, voluntary organisations", sectors: ['voluntary', 'early-years', 'other'] },
  { code: '9', meaning: 'anonymous', sectors: ['anonymous'] },
  { code: '10', meaning: 'unknown', sectors: 'any' },
];

/** The CIN source codes as the schema accepts them: all-digit codes may also be written as numbers. */
export const SOURCE_CODE_VALUES: readonly (string | number)[] = SOURCE_CODES.flatMap(({ code }) =>
  /^\d+$/.test(code) ? [code, Number(code)] : [code],
);

/** Normalises `6` and `'6'` to `'6'`; undefined when the value is not a CIN source code. */
export function sourceCodeOf(value: unknown): SourceCode | undefined {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : undefined;
  return text === undefined ? undefined : SOURCE_CODES.find((c) => c.code === text);
}

/** CIN census ethnicity, 2024-25 collection. */
export const ETHNICITY_CODES = [
  'WBRI', 'WIRI', 'WIRT', 'WOTH', 'WROM', 'MWBC', 'MWBA', 'MWAS', 'MOTH', 'AIND', 'APKN',
  'ABAN', 'AOTH', 'BCRB', 'BAFR', 'BOTH', 'CHNE', 'OOTH', 'REFU', 'NOBT',
] as const;

/** CIN census disability, 2024-25 collection. */
export const DISABILITY_CODES = [
  'NONE', 'MOB', 'HAND', 'PC', 'INC', 'COMM', 'LD', 'HEAR', 'VIS', 'BEH', 'CON', 'AUT', 'DDA',
] as const;

/** CIN census sex, 2024-25 collection (validation rules 4180 and 8750): U for an unborn child. */
export const SEX_CODES = ['M', 'F', 'U'] as const;

export const REFERRAL_MODES = ['written', 'telephone', 'online', 'in-person'] as const;

export const CONCERN_CATEGORIES = [
  'neglect', 'physical-abuse', 'sexual-abuse', 'emotional-abuse', 'domestic-abuse', 'cse', 'cce',
  'missing', 'trafficking', 'fgm', 'radicalisation', 'gangs', 'substance-misuse',
  'parental-mental-health', 'self-harm', 'private-fostering', 'other',
] as const;
export type ConcernCategory = (typeof CONCERN_CATEGORIES)[number];

export const CONSENT_STATUSES = ['given', 'refused', 'not-sought'] as const;

export const REASON_NOT_SOUGHT_CODES = [
  'significant-harm-risk', 'risk-to-others', 'police-investigation', 'undue-delay', 'unable-to-contact', 'other',
] as const;
export type ReasonNotSoughtCode = (typeof REASON_NOT_SOUGHT_CODES)[number];

/** Working Together 2023 / DfE information-sharing advice (May 2024): the reasons that lawfully dispense with consent. */
export const SAFEGUARDING_EXCEPTIONS: readonly ReasonNotSoughtCode[] = [
  'significant-harm-risk', 'risk-to-others', 'police-investigation', 'undue-delay',
];

/**
 * Where a referrer asks the referral to go. `family-help` and `child-protection` are the Families
 * First names (docs/domain-reference.md): Family Help for targeted early help and child-in-need
 * work, multi-agency child protection teams for section 47 work. Both vocabularies stand side by side.
 */
export const PATHWAYS = ['early-help', 'family-help', 'social-care', 'child-protection'] as const;
export type Pathway = (typeof PATHWAYS)[number];
/** A threshold level accepts referral pathways, or routes to universal services (no referral). */
export const MODEL_PATHWAYS = ['universal', ...PATHWAYS] as const;
export type ModelPathway = (typeof MODEL_PATHWAYS)[number];

export const PARENTAL_AGREEMENTS = ['agreed', 'declined', 'not-asked'] as const;

export const EPISODE_CLASSIFICATIONS = ['missing', 'absent', 'away-from-placement'] as const;
/**
 * The police risk grades of a missing episode (College of Policing APP, January 2017, as graded today), with
 * `no-apparent-risk`, the first name of the lowest grade, which exports still carry: it means `very-low`.
 */
export const EPISODE_RISK_LEVELS = ['very-low', 'no-apparent-risk', 'low', 'medium', 'high'] as const;
export const SCREENING_RISK_LEVELS = ['none', 'low', 'medium', 'high'] as const;

/** DAMA UK (2013) dimensions, plus compliance for statutory practice. */
export const DIMENSIONS = [
  'completeness', 'uniqueness', 'timeliness', 'validity', 'accuracy', 'consistency', 'compliance',
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const SEVERITIES = ['error', 'warning', 'info'] as const satisfies readonly Severity[];
export type { Severity };
export const RULE_LEVELS = ['off', ...SEVERITIES] as const;
export type RuleLevel = (typeof RULE_LEVELS)[number];

/** docs/rule-semantics.md: the shared placeholder list for "meaningful text". */
export const DEFAULT_PLACEHOLDERS = [
  'n/a', 'na', 'none', 'nil', 'unknown', 'not known', 'tbc', 'tba', '?', '-', '.',
  'see attached', 'see above', 'as above', 'see notes',
] as const;

// What each code means, for the schema's descriptions and the field reference (docs/fields.md).
// CIN meanings are DfE's (census 2024-25); the tool's own lists are described in
// docs/referral-format.md and docs/domain-reference.md.

/** A code with what it means. */
export interface CodeMeaning {
  code: string | number;
  meaning: string;
}

const meanings = <C extends string>(codes: readonly C[], words: Record<C, string>): readonly CodeMeaning[] =>
  codes.map((code) => ({ code, meaning: words[code] }));

/** A sector, by the CIN source codes consistent with it (domain-reference.md section 2). */
export const SECTOR_MEANINGS: readonly CodeMeaning[] = SECTORS.map((sector) => {
  const codes = SOURCE_CODES.filter((c) => c.sectors !== 'any' && c.sectors.includes(sector)).map((c) => c.code);
  return { code: sector, meaning: `source code${codes.length === 1 ? '' : 's'} ${codes.join(', ')}` };
});

export const SOURCE_CODE_MEANINGS: readonly CodeMeaning[] = SOURCE_CODES.map(({ code, meaning }) => ({ code, meaning }));

export const ETHNICITY_MEANINGS = meanings(ETHNICITY_CODES, {
  WBRI: 'White British', WIRI: 'White Irish', WIRT: 'Traveller of Irish heritage', WOTH: 'any other White background',
  WROM: 'Gypsy or Roma', MWBC: 'White and Black Caribbean', MWBA: 'White and Black African', MWAS: 'White and Asian',
  MOTH: 'any other mixed background', AIND: 'Indian', APKN: 'Pakistani', ABAN: 'Bangladeshi', AOTH: 'any other Asian background',
  BCRB: 'Black Caribbean', BAFR: 'Black African', BOTH: 'any other Black background', CHNE: 'Chinese',
  OOTH: 'any other ethnic group', REFU: 'refused', NOBT: 'information not yet obtained',
});

export const DISABILITY_MEANINGS = meanings(DISABILITY_CODES, {
  NONE: 'no disability', MOB: 'mobility', HAND: 'hand function', PC: 'personal care', INC: 'incontinence',
  COMM: 'communication', LD: 'learning', HEAR: 'hearing', VIS: 'vision', BEH: 'behaviour', CON: 'consciousness',
  AUT: 'autism or Asperger syndrome', DDA: 'other disability (Disability Discrimination Act)',
});

export const SEX_MEANINGS = meanings(SEX_CODES, { M: 'male', F: 'female', U: 'unborn child' });

export const REFERRAL_MODE_MEANINGS = meanings(REFERRAL_MODES, {
  written: 'a written referral (form, letter or email)', telephone: 'by telephone, to be confirmed in writing',
  online: 'through an online referral form', 'in-person': 'in person, to be confirmed in writing',
});

export const CONCERN_CATEGORY_MEANINGS = meanings(CONCERN_CATEGORIES, {
  neglect: 'neglect', 'physical-abuse': 'physical abuse', 'sexual-abuse': 'sexual abuse', 'emotional-abuse': 'emotional abuse',
  'domestic-abuse': 'domestic abuse', cse: 'child sexual exploitation', cce: 'child criminal exploitation',
  missing: 'going missing', trafficking: 'trafficking', fgm: 'female genital mutilation', radicalisation: 'radicalisation',
  gangs: 'gangs and serious youth violence', 'substance-misuse': 'substance misuse', 'parental-mental-health': "a parent's mental health",
  'self-harm': 'self-harm', 'private-fostering': 'private fostering', other: 'another concern',
});

export const CONSENT_STATUS_MEANINGS = meanings(CONSENT_STATUSES, {
  given: 'consent was given', refused: 'consent was refused', 'not-sought': 'consent was not sought',
});

export const REASON_NOT_SOUGHT_MEANINGS = meanings(REASON_NOT_SOUGHT_CODES, {
  'significant-harm-risk': 'seeking consent would put the child at risk of significant harm (a safeguarding exception)',
  'risk-to-others': 'it would put others at risk (a safeguarding exception)',
  'police-investigation': 'it would prejudice a police investigation (a safeguarding exception)',
  'undue-delay': 'it would cause undue delay (a safeguarding exception)',
  'unable-to-contact': 'the parents could not be contacted',
  other: 'another reason, explained in details',
});

export const PATHWAY_MEANINGS = meanings(PATHWAYS, {
  'early-help': 'early help',
  'family-help': 'Family Help, the Families First service for targeted early help and child-in-need work',
  'social-care': "children's social care",
  'child-protection': 'a multi-agency child protection team (Families First), for section 47 enquiries',
});

export const PARENTAL_AGREEMENT_MEANINGS = meanings(PARENTAL_AGREEMENTS, {
  agreed: 'the parents agree to early help', declined: 'the parents declined it', 'not-asked': 'the parents were not asked',
});

export const EPISODE_CLASSIFICATION_MEANINGS = meanings(EPISODE_CLASSIFICATIONS, {
  missing: 'whereabouts unknown (the police category since 2017)',
  absent: 'the retired police category of 2013 to 2017, kept so older episodes can be told apart',
  'away-from-placement': 'a looked-after child away from placement without authorisation',
});

export const EPISODE_RISK_MEANINGS = meanings(EPISODE_RISK_LEVELS, {
  'very-low': 'very low risk',
  'no-apparent-risk': 'no apparent risk: the older name of the lowest grade, the same as very-low',
  low: 'low risk', medium: 'medium risk', high: 'high risk',
});

export const SCREENING_RISK_MEANINGS = meanings(SCREENING_RISK_LEVELS, {
  none: 'no risk found', low: 'low risk', medium: 'medium risk', high: 'high risk',
});

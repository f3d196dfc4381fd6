// The referral JSON Schema (draft 2020-12), built from the code lists so the two cannot
// drift. It checks types, required keys, enumerations and formats only; everything
// conditional belongs to the rules (docs/referral-format.md, "What the schema checks, and what the rules check").
// Every field has a `description` (its meaning, and for a code list each code's meaning):
// `referral-lint schema --format markdown` and docs/fields.md are generated from them.
import {
  CONCERN_CATEGORIES,
  CONSENT_STATUSES,
  DISABILITY_CODES,
  EPISODE_CLASSIFICATIONS,
  EPISODE_RISK_LEVELS,
  ETHNICITY_CODES,
  PARENTAL_AGREEMENTS,
  PATHWAYS,
  REASON_NOT_SOUGHT_CODES,
  REFERRAL_MODES,
  SCREENING_RISK_LEVELS,
  SECTORS,
  SEX_CODES,
  SOURCE_CODE_VALUES,
  SECTOR_MEANINGS,
  SOURCE_CODE_MEANINGS,
  ETHNICITY_MEANINGS,
  DISABILITY_MEANINGS,
  SEX_MEANINGS,
  REFERRAL_MODE_MEANINGS,
  CONCERN_CATEGORY_MEANINGS,
  CONSENT_STATUS_MEANINGS,
  REASON_NOT_SOUGHT_MEANINGS,
  PATHWAY_MEANINGS,
  PARENTAL_AGREEMENT_MEANINGS,
  EPISODE_CLASSIFICATION_MEANINGS,
  EPISODE_RISK_MEANINGS,
  SCREENING_RISK_MEANINGS,
  type CodeMeaning,
} from '../domain/codes.js';

type Schema = Record<string, unknown>;

export const SCHEMA_ID = 'urn:referral-lint:schema:referral:1';

/**
 * The keys every referral must have. A file is a referral export only when its first
 * referral has at least one of them (docs/referral-format.md, "Which files are referral exports").
 */
export const REFERRAL_REQUIRED_KEYS = ['id', 'receivedAt', 'referrer', 'child'] as const;

const str = (description: string): Schema => ({ type: 'string', description });
const bool = (description: string): Schema => ({ type: 'boolean', description });
const date = (description: string): Schema => ({ type: 'string', format: 'date', description });
const dateTime = (description: string): Schema => ({ type: 'string', format: 'date-time', description });
const email = (description: string): Schema => ({ type: 'string', format: 'email', description });
const strings = (description: string, item: string): Schema => ({ type: 'array', items: str(item), description });
/** "Codes: `a`: meaning a; `b`: meaning b." */
export function codesSentence(codes: readonly CodeMeaning[]): string {
  return `Codes: ${codes.map(({ code, meaning }) => `\`${code}\`: ${meaning}`).join('; ')}.`;
}
const oneOf = (values: readonly unknown[], description: string, codes: readonly CodeMeaning[]): Schema => ({
  enum: [...values],
  description: `${description} ${codesSentence(codes)}`,
});

/** Builds the schema; `strict` makes every object closed, so unknown keys are errors. */
export function referralSchema({ strict = false }: { strict?: boolean } = {}): Schema {
  const object = (description: string | undefined, properties: Record<string, Schema>, required: string[] = []): Schema => ({
    type: 'object',
    ...(description === undefined ? {} : { description }),
    properties,
    ...(required.length ? { required } : {}),
    ...(strict ? { additionalProperties: false } : {}),
  });
  const addressRef = (description: string): Schema => ({ $ref: '#/$defs/address', description });

  const address = object('A postal address.', {
    line1: str('The first line of the address.'),
    line2: str('The second line of the address.'),
    town: str('The town or city.'),
    postcode: str("The postcode; its shape is rule identifiers-valid's."),
  });
  const person = object('A parent, carer or other member of the household.', {
    name: str("The person's name."),
    relationship: str('Who they are to the child, in free text: mother, father, step-parent, grandparent, foster-carer, sibling, partner-of-parent, other are the usual words.'),
    dateOfBirth: date("The person's date of birth."),
    parentalResponsibility: bool('true marks a person with parental responsibility for the child.'),
    phone: str('A telephone number; no format is checked.'),
    email: email('An email address.'),
    address: addressRef("The person's address."),
    languages: strings('The languages the person speaks.', 'A language.'),
    interpreterNeeded: bool('The person needs an interpreter.'),
  });

  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: SCHEMA_ID,
    title: 'Referral to children\'s social care (referral-lint format, version 1)',
    description:
      'One referral made by a partner agency to a local authority\'s children\'s social care front door. ' +
      'Optional keys may be absent; whether an absence is a quality problem is for the rules to say.',
    ...object(
      undefined,
      {
        id: { type: 'string', minLength: 1, maxLength: 64, description: "The referral's reference in the exporting system, 1 to 64 characters; unique in the run." },
        receivedAt: dateTime('When the front door received the referral: the anchor for ages, timeliness and "same day".'),
        mode: oneOf(REFERRAL_MODES, 'How the referral was first made.', REFERRAL_MODE_MEANINGS),
        writtenConfirmationAt: dateTime('When the written referral followed a telephone or in-person one.'),
        referrer: object(
          'Who referred.',
          {
            agency: str("The referring organisation as the referrer wrote it; grouped for scoring after the config's agencies table."),
            sector: oneOf(SECTORS, "The referrer's sector (the tool's own list).", SECTOR_MEANINGS),
            sourceCode: oneOf(SOURCE_CODE_VALUES, 'The CIN census source-of-referral code (ReferralSource; the 2024-25 collection\'s list); the all-digit codes may also be JSON numbers.', SOURCE_CODE_MEANINGS),
            name: str('The person referring.'),
            role: str("The referrer's role."),
            phone: str("The referrer's telephone number; no format is checked."),
            email: email("The referrer's email address."),
            safeguardingLeadConsulted: bool('The designated safeguarding lead was consulted (schools, health).'),
          },
          ['agency', 'sector'],
        ),
        child: object('The child referred.', {
          givenName: str("The child's given name."),
          familyName: str("The child's family name."),
          dateOfBirth: date("The child's date of birth."),
          expectedDateOfBirth: date('For an unborn child: the expected date of birth.'),
          sex: oneOf(SEX_CODES, "The child's sex, as the CIN census records it from 2024-25.", SEX_MEANINGS),
          ethnicity: oneOf(ETHNICITY_CODES, "The child's ethnicity (CIN census code; the 2024-25 collection's list).", ETHNICITY_MEANINGS),
          address: addressRef("The child's address."),
          nhsNumber: { type: 'string', pattern: '^\\s*(?:[0-9]\\s*){10}$', description: "The child's NHS number: 10 digits, white space ignored; the check digit is rule identifiers-valid's." },
          upn: { type: 'string', minLength: 13, maxLength: 13, description: "The child's Unique Pupil Number, 13 characters; its shape and check letter are rule identifiers-valid's." },
          educationSetting: str('The school, college or nursery the child attends.'),
          gpPractice: str("The child's GP practice."),
          firstLanguage: str("The child's first language."),
          interpreterNeeded: bool('The child needs an interpreter.'),
          disabilities: { type: 'array', items: oneOf(DISABILITY_CODES, 'A disability (CIN census code; the 2024-25 collection\'s list).', DISABILITY_MEANINGS), description: `The child's disabilities (CIN census codes; the 2024-25 collection's list). ${codesSentence(DISABILITY_MEANINGS)}` },
          currentLocation: str('Where the child is now, when urgent.'),
        }),
        carers: { type: 'array', items: { $ref: '#/$defs/person' }, description: 'Parents and carers.' },
        household: { type: 'array', items: { $ref: '#/$defs/person' }, description: 'Other household members and significant adults.' },
        concerns: object('What the referrer is worried about.', {
          categories: { type: 'array', items: oneOf(CONCERN_CATEGORIES, 'A category of concern.', CONCERN_CATEGORY_MEANINGS), description: `The categories of concern. ${codesSentence(CONCERN_CATEGORY_MEANINGS)}` },
          summary: str('What happened and why the referrer is worried.'),
          firstIdentifiedAt: dateTime('When the referrer first became concerned.'),
          immediateRisk: bool('The child may be at immediate risk of significant harm.'),
          actionsTaken: str('What the referring agency has already done.'),
          previousConcerns: str('History known to the referrer.'),
          otherAgenciesInvolved: strings('Other agencies involved with the child or family.', 'An agency.'),
          requestedOutcome: str('What the referrer asks the front door to do: an assessment, family help, advice, a strategy discussion.'),
          impactOnChild: str("The referrer's analysis: how the concerns affect the child, and why the referral is made now."),
        }),
        childsViews: object("The child's own voice.", {
          recorded: bool("Whether the child's views were obtained."),
          views: str("The child's words or wishes."),
          reasonNotRecorded: str('Why the views were not recorded (pre-verbal, not safe to ask...).'),
        }),
        consent: object('Consent to the referral and to sharing information, and whether the parents know.', {
          status: oneOf(CONSENT_STATUSES, 'Consent to the referral and to sharing information.', CONSENT_STATUS_MEANINGS),
          givenBy: object('Who gave or refused consent.', {
            name: str('The name of the person who gave or refused consent.'),
            relationship: str('Who they are to the child.'),
          }),
          recordedAt: dateTime('When consent was given or refused.'),
          parentsInformed: bool('Whether the parents or carers know about the referral.'),
          reasonNotSought: object('Why consent was not sought, or the parents not told.', {
            code: oneOf(REASON_NOT_SOUGHT_CODES, 'Why consent was not sought, or the parents not told; the first four are the safeguarding exceptions.', REASON_NOT_SOUGHT_MEANINGS),
            details: str('The reason in words.'),
          }),
        }),
        threshold: object("The referrer's use of the local threshold document.", {
          level: { type: 'integer', description: "The level of need under the local threshold document: a level of the configured model (default 1 to 4)." },
          rationale: str('Why the referrer chose that level.'),
          pathway: oneOf(PATHWAYS, 'Where the referrer asks the referral to go.', PATHWAY_MEANINGS),
        }),
        earlyHelp: object("The parents' views and agreement, for early help.", {
          parentalViews: str('What the parents think about the concerns and the help offered.'),
          parentalAgreement: oneOf(PARENTAL_AGREEMENTS, 'Whether the parents agree to early help.', PARENTAL_AGREEMENT_MEANINGS),
          assessmentCompleted: bool('An early help assessment exists.'),
        }),
        missingEpisodes: {
          type: 'array',
          description: 'Episodes of going missing.',
          items: object('One episode of going missing.', {
            startedAt: dateTime('When the child was last seen or reported missing.'),
            returnedAt: dateTime('When the child came back; absent while still missing.'),
            classification: oneOf(EPISODE_CLASSIFICATIONS, 'How the episode was recorded.', EPISODE_CLASSIFICATION_MEANINGS),
            riskLevel: oneOf(EPISODE_RISK_LEVELS, 'The police risk grade.', EPISODE_RISK_MEANINGS),
            reportedToPolice: bool('The episode was reported to the police.'),
            returnInterview: object('The independent return home interview.', {
              offeredAt: dateTime('When the interview was offered.'),
              completedAt: dateTime('When the interview took place.'),
              declined: bool('The child declined the interview.'),
            }),
          }),
        },
        exploitationScreening: object('Child sexual or criminal exploitation screening.', {
          tool: str('The screening tool, for example SERAF.'),
          completedAt: dateTime('When the screening was completed.'),
          score: { type: 'number', description: "The tool's score as recorded; no rule reads it." },
          riskLevel: oneOf(SCREENING_RISK_LEVELS, 'The screening outcome.', SCREENING_RISK_MEANINGS),
          msetReferral: bool('Discussed at the Missing, Sexually Exploited and Trafficked (MSET) meeting.'),
        }),
        lintIgnore: {
          type: 'array',
          description: 'Suppressions of rules for this referral.',
          items: object('One suppression.', { rule: str('The id of the rule suppressed.'), reason: str('Why, in words a reviewer can check.') }, ['rule', 'reason']),
        },
      },
      [...REFERRAL_REQUIRED_KEYS],
    ),
    $defs: { address, person },
  };
}

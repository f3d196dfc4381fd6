// The referral JSON Schema (draft 2020-12), built from the code lists so the two cannot
// drift. It checks types, required keys, enumerations and formats only; everything
// conditional belongs to the rules (docs/referral-format.md, "What the schema checks, and what the rules check").
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
} from '../domain/codes.js';

type Schema = Record<string, unknown>;

export const SCHEMA_ID = 'urn:referral-lint:schema:referral:1';

const str: Schema = { type: 'string' };
const bool: Schema = { type: 'boolean' };
const date: Schema = { type: 'string', format: 'date' };
const dateTime: Schema = { type: 'string', format: 'date-time' };
const email: Schema = { type: 'string', format: 'email' };
const strings: Schema = { type: 'array', items: str };
const oneOf = (values: readonly unknown[]): Schema => ({ enum: [...values] });

/** Builds the schema; `strict` makes every object closed, so unknown keys are errors. */
export function referralSchema({ strict = false }: { strict?: boolean } = {}): Schema {
  const object = (properties: Record<string, Schema>, required: string[] = []): Schema => ({
    type: 'object',
    properties,
    ...(required.length ? { required } : {}),
    ...(strict ? { additionalProperties: false } : {}),
  });

  const address = object({ line1: str, line2: str, town: str, postcode: str });
  const person = object({
    name: str,
    relationship: str,
    dateOfBirth: date,
    parentalResponsibility: bool,
    phone: str,
    email,
    address: { $ref: '#/$defs/address' },
    languages: strings,
    interpreterNeeded: bool,
  });

  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: SCHEMA_ID,
    title: 'Referral to children\'s social care (referral-lint format, version 1)',
    description:
      'One referral made by a partner agency to a local authority\'s children\'s social care front door. ' +
      'Optional keys may be absent; whether an absence is a quality problem is for the rules to say.',
    ...object(
      {
        id: { type: 'string', minLength: 1, maxLength: 64 },
        receivedAt: dateTime,
        mode: oneOf(REFERRAL_MODES),
        writtenConfirmationAt: dateTime,
        referrer: object(
          {
            agency: str,
            sector: oneOf(SECTORS),
            sourceCode: oneOf(SOURCE_CODE_VALUES),
            name: str,
            role: str,
            phone: str,
            email,
            safeguardingLeadConsulted: bool,
          },
          ['agency', 'sector'],
        ),
        child: object({
          givenName: str,
          familyName: str,
          dateOfBirth: date,
          expectedDateOfBirth: date,
          sex: oneOf(SEX_CODES),
          ethnicity: oneOf(ETHNICITY_CODES),
          address: { $ref: '#/$defs/address' },
          nhsNumber: { type: 'string', pattern: '^\\s*(?:[0-9]\\s*){10}$' },
          upn: { type: 'string', minLength: 13, maxLength: 13 },
          educationSetting: str,
          gpPractice: str,
          firstLanguage: str,
          interpreterNeeded: bool,
          disabilities: { type: 'array', items: oneOf(DISABILITY_CODES) },
          currentLocation: str,
        }),
        carers: { type: 'array', items: { $ref: '#/$defs/person' } },
        household: { type: 'array', items: { $ref: '#/$defs/person' } },
        concerns: object({
          categories: { type: 'array', items: oneOf(CONCERN_CATEGORIES) },
          summary: str,
          firstIdentifiedAt: dateTime,
          immediateRisk: bool,
          actionsTaken: str,
          previousConcerns: str,
          otherAgenciesInvolved: strings,
        }),
        childsViews: object({ recorded: bool, views: str, reasonNotRecorded: str }),
        consent: object({
          status: oneOf(CONSENT_STATUSES),
          givenBy: object({ name: str, relationship: str }),
          recordedAt: dateTime,
          parentsInformed: bool,
          reasonNotSought: object({ code: oneOf(REASON_NOT_SOUGHT_CODES), details: str }),
        }),
        threshold: object({ level: { type: 'integer' }, rationale: str, pathway: oneOf(PATHWAYS) }),
        earlyHelp: object({ parentalViews: str, parentalAgreement: oneOf(PARENTAL_AGREEMENTS), assessmentCompleted: bool }),
        missingEpisodes: {
          type: 'array',
          items: object({
            startedAt: dateTime,
            returnedAt: dateTime,
            classification: oneOf(EPISODE_CLASSIFICATIONS),
            riskLevel: oneOf(EPISODE_RISK_LEVELS),
            reportedToPolice: bool,
            returnInterview: object({ offeredAt: dateTime, completedAt: dateTime, declined: bool }),
          }),
        },
        exploitationScreening: object({
          tool: str,
          completedAt: dateTime,
          score: { type: 'number' },
          riskLevel: oneOf(SCREENING_RISK_LEVELS),
          msetReferral: bool,
        }),
        lintIgnore: {
          type: 'array',
          items: object({ rule: str, reason: str }, ['rule', 'reason']),
        },
      },
      ['id', 'receivedAt', 'referrer', 'child'],
    ),
    $defs: { address, person },
  };
}

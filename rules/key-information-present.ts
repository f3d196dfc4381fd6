import { SECTORS } from '../src/domain/codes.js';
import { defineRule } from '../src/rule-api/rule.js';
import { isObject, type JsonObject } from '../src/domain/referral.js';

/** An item: a dotted path, or alternatives joined by `|` (any one will do), with optional conditions. */
export interface KeyItem {
  field: string;
  /** Required only when the child's age is known and at least this. */
  minAge?: number;
  /** Required only when the child's age is known and at most this. */
  maxAge?: number;
  /** Not required when `referrer.sector` is one of these. */
  exceptSectors?: string[];
}

export interface KeyInformationOptions {
  fields: (string | KeyItem)[];
  minSummaryLength: number;
  /** Also require child.nhsNumber (not for an unborn child): the consistent child identifier. */
  consistentIdentifier: boolean;
}

/** The special item: a carer with parental responsibility who is named. */
export const CARER_WITH_PR = 'carer-with-parental-responsibility';

const NOT_ANONYMOUS = ['anonymous'];

export const DEFAULT_FIELDS: (string | KeyItem)[] = [
  'child.givenName',
  'child.familyName',
  'child.dateOfBirth|child.expectedDateOfBirth',
  'child.address.line1',
  'child.address.postcode',
  { field: 'child.educationSetting', minAge: 5, maxAge: 15 },
  CARER_WITH_PR,
  { field: 'referrer.name', exceptSectors: NOT_ANONYMOUS },
  { field: 'referrer.role', exceptSectors: NOT_ANONYMOUS },
  { field: 'referrer.phone|referrer.email', exceptSectors: NOT_ANONYMOUS },
  'concerns.categories',
  'concerns.summary',
  'concerns.actionsTaken',
];

function valueAt(document: JsonObject, keys: readonly string[]): unknown {
  let value: unknown = document;
  for (const key of keys) {
    if (!isObject(value) || !Object.hasOwn(value, key)) return undefined;
    value = value[key];
  }
  return value;
}

/** An item as the check reads it: its alternatives' paths split once, its label and pointer. */
interface CompiledItem {
  item: KeyItem;
  alternatives: string[];
  paths: string[][];
  label: string;
  pointer: string;
}

/** Items compiled once per list of fields (the options are frozen, so one list is one set of items). */
const compiledLists = new WeakMap<readonly (string | KeyItem)[], CompiledItem[]>();

function compile(fields: readonly (string | KeyItem)[]): CompiledItem[] {
  let list = compiledLists.get(fields);
  if (!list) {
    list = fields.map((entry) => {
      const item: KeyItem = typeof entry === 'string' ? { field: entry } : entry;
      const alternatives = item.field.split('|').map((f) => f.trim());
      return { item, alternatives, paths: alternatives.map((a) => a.split('.')), label: alternatives.join(' or '), pointer: toPointer(alternatives[0]!) };
    });
    compiledLists.set(fields, list);
  }
  return list;
}

const toPointer = (dotted: string): string => '/' + dotted.split('.').join('/');

export default defineRule<KeyInformationOptions>({
  meta: {
    id: 'key-information-present',
    description: 'The facts a social worker needs to decide on a referral are there: who the child is, where they live, who has parental responsibility, who referred, and what happened.',
    dimension: 'completeness',
    severity: 'error',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        fields: {
          type: 'array',
          items: {
            anyOf: [
              { type: 'string', minLength: 1 },
              {
                type: 'object',
                additionalProperties: false,
                required: ['field'],
                properties: {
                  field: { type: 'string', minLength: 1 },
                  minAge: { type: 'integer', minimum: 0 },
                  maxAge: { type: 'integer', minimum: 0 },
                  exceptSectors: { type: 'array', items: { enum: [...SECTORS] } },
                },
              },
            ],
          },
        },
        minSummaryLength: { type: 'integer', minimum: 0 },
        consistentIdentifier: { type: 'boolean' },
      },
    },
    defaultOptions: { fields: DEFAULT_FIELDS, minSummaryLength: 40, consistentIdentifier: false },
    requires: ['referrer.sector'],
    reads: [
      'carers[].name',
      'carers[].parentalResponsibility',
      'child.address.line1',
      'child.address.postcode',
      'child.dateOfBirth',
      'child.educationSetting',
      'child.expectedDateOfBirth',
      'child.familyName',
      'child.givenName',
      'child.nhsNumber',
      'concerns.actionsTaken',
      'concerns.categories',
      'concerns.summary',
      'receivedAt',
      'referrer.email',
      'referrer.name',
      'referrer.phone',
      'referrer.role',
      'referrer.sector',
    ],
    docs: {
      checks: [
        'Applies to every referral; one finding per missing item. An item is missing when absent or not meaningful text.',
        'child.givenName and child.familyName.',
        'child.dateOfBirth or child.expectedDateOfBirth.',
        'child.address.line1 and child.address.postcode.',
        'child.educationSetting, only when the child is 5 to 15 inclusive.',
        'A carer with parentalResponsibility: true and a name.',
        'referrer.name, referrer.role, and referrer.phone or referrer.email (not for sector anonymous).',
        'concerns.categories non-empty.',
        'concerns.summary meaningful and at least minSummaryLength characters.',
        'concerns.actionsTaken.',
        'With consistentIdentifier (default false): child.nhsNumber too, unless the child is unborn (child.expectedDateOfBirth without child.dateOfBirth); one finding at /child/nhsNumber. Whether the number is a valid one is identifiers-valid\'s finding.',
      ],
      rationale:
        'Inspection finding 1 (South Tyneside JTAI, 2016): contacts from health, police and schools were of variable quality, so social workers spent too much time gathering key information before they could decide the response. ' +
        'Every fact listed here is one the front door otherwise has to chase by telephone while the child waits.',
      fix:
        "Fill in each field the finding names. Write the child's names, date of birth (or expected date of birth for an unborn child) and address; name a carer with parental responsibility; give your name, role and a phone number or email; choose the concern categories; describe what happened and why you are worried in at least the minimum number of characters; and say what your agency has already done. " +
        "Placeholders such as 'n/a', 'unknown', 'see attached' do not count: if a fact is genuinely unknown, say why.",
      sources: [
        'Ofsted, CQC, HMI Constabulary, HMI Probation: Joint targeted area inspection of the multi-agency response to CSE and children missing, South Tyneside (2016)',
        'HM Government, Working Together to Safeguard Children (2023), chapter 3: providing help, support and protection (making a referral to children\'s social care)',
        'Local multi-agency referral forms (MARFs): mandatory sections',
        "Children's Wellbeing and Schools Act 2026, inserting section 16LC (consistent identifier for children) into the Children Act 2004; commenced by regulations (option consistentIdentifier)",
      ],
      options: {
        fields:
          `The items to require, replacing the default list. An item is a dotted path ("child.gpPractice"), alternatives joined by "|" ("referrer.phone|referrer.email": any one will do), or "${CARER_WITH_PR}"; as an object it may add minAge/maxAge (required only when the child's age is known and in range) and exceptSectors.`,
        minSummaryLength: 'The fewest characters concerns.summary may have, after trimming.',
        consistentIdentifier:
          "When true, child.nhsNumber is required as well (not for an unborn child, who has none yet). The Children's Wellbeing and Schools Act 2026 inserts section 16LC into the Children Act 2004, a consistent identifier for children, which the government has said will be the NHS number; it takes effect only when regulations commence it. Until then requiring the NHS number on every referral is a local choice: turn this on when your area has adopted the NHS number as the child's consistent identifier across its partners (for example in its multi-agency referral form), so that a referral without one is chased like any other missing key fact.",
      },
      examples: {
        pass: { concerns: { summary: 'Year 9 pupil disclosed that her stepfather hit her with a belt last night; a red mark is visible on her arm.' } },
        fail: { concerns: { summary: 'see attached' } },
      },
    },
  },
  check(referral, ctx) {
    const { fields, minSummaryLength, consistentIdentifier } = ctx.options;
    const age = ctx.helpers.age(referral);
    const sector = referral.referrer?.sector;
    const document = ctx.document;
    const helpers = ctx.helpers;
    const isPresent = (path: readonly string[]): boolean => {
      const value = valueAt(document, path);
      if (value === undefined || value === null) return false;
      if (typeof value === 'string') return helpers.isMeaningful(value);
      if (Array.isArray(value)) return value.length > 0;
      return true; // present with another type: schema-valid reports the type
    };
    for (const { item, alternatives, paths, label, pointer } of compile(fields)) {
      if (item.exceptSectors && sector !== undefined && item.exceptSectors.includes(sector)) continue;
      if (item.minAge !== undefined || item.maxAge !== undefined) {
        if (age === undefined || (item.minAge !== undefined && age < item.minAge) || (item.maxAge !== undefined && age > item.maxAge)) continue;
      }
      if (item.field === CARER_WITH_PR) {
        const named = (referral.carers ?? []).some((c) => c.parentalResponsibility === true && helpers.isMeaningful(c.name));
        if (!named) ctx.report({
            pointer: '/carers',
            message: 'no carer with parental responsibility is named (carers[].parentalResponsibility and name)',
            fields: ['carers[].parentalResponsibility', 'carers[].name'],
          });
        continue;
      }
      const present = paths.some(isPresent);
      if (!present) {
        // Any one of the alternatives will do: a table that carries any of them is faulted (fields).
        ctx.report({
          pointer,
          message: `${label} is missing, empty or a placeholder`,
          ...(alternatives.length > 1 ? { fields: [alternatives.join('|')] } : {}),
        });
      } else if (item.field === 'concerns.summary') {
        const summary = referral.concerns?.summary;
        if (summary !== undefined && summary.trim().length < minSummaryLength) {
          ctx.report({ pointer: '/concerns/summary', message: `concerns.summary is shorter than ${minSummaryLength} characters: say what happened and why you are worried` });
        }
      }
    }
    // The consistent child identifier (Children's Wellbeing and Schools Act 2026, s16LC): an unborn child has no NHS number yet.
    if (consistentIdentifier === true) {
      const unborn = !isPresent(['child', 'dateOfBirth']) && isPresent(['child', 'expectedDateOfBirth']);
      if (!unborn && !isPresent(['child', 'nhsNumber'])) {
        ctx.report({ pointer: '/child/nhsNumber', message: 'child.nhsNumber is missing, empty or a placeholder: this area uses the NHS number as the consistent child identifier (option consistentIdentifier)' });
      }
    }
  },
});

// Shared test helpers: a clean referral to mutate, sample exports, and canary referrals.
// Rules are run in tests through RuleTester (src/testing/rule-tester.ts).
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { builtInRules } from '../rules/index.js';
import { lint } from '../src/run/lint.js';
import type { ConfigFile } from '../src/config/schema.js';
import type { JsonObject } from '../src/domain/referral.js';
import type { LintResult } from '../src/model/types.js';

export const NOW = '2026-11-01T09:00:00Z';

/** A referral that passes every built-in rule; tests change one thing at a time. */
export function cleanReferral(): JsonObject {
  return {
    id: 'REF-TEST-0001',
    receivedAt: '2026-10-05T10:30:00Z',
    mode: 'written',
    referrer: {
      agency: 'Example Police',
      sector: 'police',
      sourceCode: '6',
      name: 'PC Test Officer',
      role: 'Detective Constable, child abuse investigation team',
      phone: '01632 960001',
      email: 'officer@example.org',
    },
    child: {
      givenName: 'Alex',
      familyName: 'Testchild',
      dateOfBirth: '2014-03-02',
      sex: 'F',
      address: { line1: '1 Example Street', town: 'South Shields', postcode: 'NE33 2RL' },
      nhsNumber: '943 476 5919',
      upn: 'A950000178301',
      educationSetting: 'Example Academy',
    },
    carers: [{ name: 'Sam Testparent', relationship: 'mother', parentalResponsibility: true }],
    concerns: {
      categories: ['physical-abuse'],
      summary: 'Child disclosed to a teacher that her stepfather hit her with a belt; a mark is visible on her arm.',
      firstIdentifiedAt: '2026-10-05T09:00:00Z',
      immediateRisk: false,
      actionsTaken: 'Officer attended school, spoke to the child with the designated safeguarding lead present.',
      requestedOutcome: "An assessment by children's social care.",
      impactOnChild: 'She is frightened to go home tonight; the injury is new and was disclosed today.',
    },
    childsViews: { recorded: true, views: 'She said she is scared to go home tonight.' },
    consent: {
      status: 'given',
      givenBy: { name: 'Sam Testparent', relationship: 'mother' },
      recordedAt: '2026-10-05T10:00:00Z',
      parentsInformed: true,
    },
    threshold: { level: 3, rationale: 'Physical chastisement with injury: level 3 indicator.', pathway: 'social-care' },
  };
}

/** Sets a value at a dotted path (creating objects), or deletes it when value is undefined. */
export function withField(referral: JsonObject, dotted: string, value: unknown): JsonObject {
  const copy = structuredClone(referral);
  const parts = dotted.split('.');
  let target: JsonObject = copy;
  for (const part of parts.slice(0, -1)) {
    if (typeof target[part] !== 'object' || target[part] === null) target[part] = {};
    target = target[part] as JsonObject;
  }
  const last = parts[parts.length - 1]!;
  if (value === undefined) delete target[last];
  else target[last] = value;
  return copy;
}

/** Applies several withField edits. */
export function edit(referral: JsonObject, fields: Record<string, unknown>): JsonObject {
  return Object.entries(fields).reduce((r, [k, v]) => withField(r, k, v), referral);
}

/** A clean referral about a different child (own id, own name, no NHS number), so unique-referral stays quiet. */
export function otherChild(id: string, fields: Record<string, unknown> = {}): JsonObject {
  return edit(cleanReferral(), { id, 'child.givenName': `Alex ${id}`, 'child.nhsNumber': undefined, ...fields });
}

/** Config that turns off every rule but the four of the core, for hand-computed scores. */
export function coreRulesOnly(): Record<string, 'off'> {
  const core = ['schema-valid', 'key-information-present', 'consent-recorded', 'threshold-applied'];
  return Object.fromEntries(builtInRules.filter((r) => !core.includes(r.meta.id)).map((r) => [r.meta.id, 'off' as const]));
}

/**
 * The shipped five-level example (fixtures/configs/five-level.config.yaml): its threshold
 * model as a config, and the threshold-consistent minimums it sets for that scale.
 */
export function fiveLevelExample(): { config: ConfigFile; minimums: Record<string, unknown> } {
  const file = parse(readFileSync(new URL('../fixtures/configs/five-level.config.yaml', import.meta.url), 'utf8')) as {
    thresholdModel: ConfigFile['thresholdModel'];
    rules: { 'threshold-consistent': { options: Record<string, unknown> } };
  };
  return { config: { thresholdModel: file.thresholdModel }, minimums: file.rules['threshold-consistent'].options };
}

/**
 * A referral that fails several rules and holds distinctive personal values, and those
 * values: no report may contain any of them.
 */
export function personalDataReferral(): { referral: JsonObject; values: string[] } {
  const referral = edit(cleanReferral(), {
    'child.givenName': 'Zebedee',
    'child.familyName': 'Quillfeather',
    'child.address.postcode': 'NE33 ZZZ',
    'consent.status': undefined,
    childsViews: undefined,
    'threshold.rationale': 'n/a',
  });
  const values = ['Zebedee', 'Quillfeather', 'NE33 ZZZ', '2014-03-02', '943 476 5919', 'A950000178301', 'Example Academy', '1 Example Street', 'Sam Testparent', 'PC Test Officer', '01632 960001', 'officer@example.org', 'stepfather', 'scared to go home'];
  return { referral, values };
}

/** Config for the baseline exports: the referrals share a child, which is not what they test. */
export const BASELINE_CONFIG: ConfigFile = { rules: { 'unique-referral': 'off' } };

/** October: A lacks consent status (an error); B lacks the child's views (a warning); C is clean. */
export const octoberExport = (): JsonObject[] => [
  otherChild('REF-A', { 'consent.status': undefined, 'referrer.agency': 'Agency One' }),
  otherChild('REF-B', { childsViews: undefined, 'referrer.agency': 'Agency Two' }),
  otherChild('REF-C', { 'referrer.agency': 'Agency Two' }),
];

/**
 * November, the same export corrected and extended, in another order and file: A is fixed,
 * B still lacks the child's views and now also the threshold rationale (a new error), C is
 * gone, D is new with one error.
 */
export const novemberExport = (): JsonObject[] => [
  otherChild('REF-D', { 'threshold.rationale': undefined, 'referrer.agency': 'Agency One' }),
  otherChild('REF-B', { childsViews: undefined, 'threshold.rationale': undefined, 'referrer.agency': 'Agency Two' }),
  otherChild('REF-A', { 'referrer.agency': 'Agency One' }),
];

/** The October run, and the November run compared with it (--baseline). */
export async function baselineRuns(now = NOW): Promise<{ before: LintResult; after: LintResult }> {
  const before = await lint({ referrals: octoberExport(), label: 'october.json', now, config: BASELINE_CONFIG });
  const after = await lint({ referrals: novemberExport(), label: 'november.json', now, config: BASELINE_CONFIG, baseline: before });
  return { before, after };
}

/**
 * Referrals whose every personal field holds a marker containing "canary" (any case), or a
 * distinctive date or number: `valid` passes the schema, `invalid` puts the markers where
 * the schema rejects them. No output may contain any of MARKERS.
 */
export function canaryReferrals(): { valid: JsonObject; invalid: JsonObject; MARKERS: string[] } {
  const valid: JsonObject = edit(cleanReferral(), {
    id: 'REF-PD-1',
    'referrer.name': 'CANARY-REFNAME-1',
    'referrer.phone': 'CANARY-RPHONE-1',
    'referrer.email': 'canary-remail-1@example.org',
    'child.givenName': 'CANARY-GIVEN-1',
    'child.familyName': 'CANARY-FAMILY-1',
    'child.dateOfBirth': '2013-07-19',
    'child.address': { line1: 'CANARY-ADDR-1', line2: 'CANARY-ADDR2-1', town: 'CANARY-TOWN-1', postcode: 'CANARY-PC-1' },
    'child.nhsNumber': '401 023 2137',
    'child.upn': 'CANARYUPN0001',
    'child.educationSetting': 'CANARY-SCHOOL-1',
    carers: [
      {
        name: 'CANARY-CARER-1',
        relationship: 'mother',
        parentalResponsibility: true,
        phone: 'CANARY-CPHONE-1',
        email: 'canary-cemail-1@example.org',
        dateOfBirth: '1988-02-29',
      },
    ],
    'concerns.summary': 'CANARY-SUMMARY-1: she said her stepfather hit her with a belt on the arm.',
    'concerns.actionsTaken': 'CANARY-ACTIONS-1: spoke to the child with the safeguarding lead.',
    'concerns.previousConcerns': 'CANARY-PREVIOUS-1',
    'childsViews.views': 'CANARY-VIEWS-1',
    'consent.givenBy.name': 'CANARY-CONSENTBY-1',
    'threshold.rationale': 'CANARY-RATIONALE-1: physical injury, a level 3 indicator.',
  });
  const invalid: JsonObject = edit(cleanReferral(), {
    id: 'REF-PD-2',
    'referrer.name': ['CANARY-REFNAME-2'],
    'referrer.phone': 'CANARY-RPHONE-2',
    'referrer.email': 'CANARY-REMAIL-2',
    'child.givenName': { text: 'CANARY-GIVEN-2' },
    'child.familyName': 'CANARY-FAMILY-2',
    'child.dateOfBirth': '19/07/2013',
    'child.address': { line1: 'CANARY-ADDR-2', postcode: ['CANARY-PC-2'] },
    'child.nhsNumber': '77712345',
    'child.upn': 'CANARY-UPN-2',
    carers: [{ name: 'CANARY-CARER-2', relationship: 'father', parentalResponsibility: 'CANARY-PR-2', phone: 'CANARY-CPHONE-2', email: 'CANARY-CEMAIL-2', dateOfBirth: 'CANARY-CDOB-2' }],
    'concerns.summary': 'CANARY-SUMMARY-2',
    'concerns.actionsTaken': 'CANARY-ACTIONS-2',
    'childsViews.views': 'CANARY-VIEWS-2',
    'childsViews.recorded': 'CANARY-RECORDED-2',
    consent: { status: 'CANARY-STATUS-2', givenBy: { name: 'CANARY-CONSENTBY-2' }, reasonNotSought: { code: 'CANARY-CODE-2', details: 'CANARY-DETAILS-2' } },
    'threshold.rationale': 'CANARY-RAT-2',
    'threshold.level': 'CANARY-LEVEL-2',
    earlyHelp: { parentalViews: 'CANARY-PVIEWS-2', parentalAgreement: 'CANARY-AGREE-2' },
  });
  const MARKERS = ['canary', '2013-07-19', '19/07/2013', '1988-02-29', '401 023 2137', '4010232137', '77712345'];
  return { valid, invalid, MARKERS };
}

/**
 * A config whose threshold model is the default one as configs wrote it before a level could
 * list its pathways: one pathway per level.
 */
export function legacyThresholdConfig() {
  return {
    thresholdModel: {
      levels: [
        { level: 1, name: 'Universal', pathway: 'universal' as const },
        { level: 2, name: 'Early help', pathway: 'early-help' as const },
        { level: 3, name: 'Child in need', pathway: 'social-care' as const },
        { level: 4, name: 'Child protection', pathway: 'social-care' as const },
      ],
    },
  };
}

import rule from '../../rules/consent-recorded.js';
import { RuleTester, type ExpectedFinding, type InvalidCase, type ValidCase } from '../../src/testing/rule-tester.js';
import { cleanReferral, edit } from '../helpers.js';

const RULE = rule.meta.id;
const finding = (pointer: string): ExpectedFinding => ({ ruleId: RULE, pointer, severity: 'error' });

const valid: ValidCase[] = [
  { name: 'passes a referral with consent given, by whom and when', referral: cleanReferral(), applicable: true },

  // applicability
  ...['anonymous', 'individual'].map((sector) => ({
    name: `is not applicable to sector ${sector}`,
    referral: edit(cleanReferral(), { 'referrer.sector': sector, consent: undefined }),
    applicable: false,
  })),

  // clause 1: status recorded at every level
  {
    name: 'does not also fire when the status is outside the code list (schema-valid reports that)',
    referral: edit(cleanReferral(), { 'consent.status': 'verbal' }),
  },

  // clause 2: given needs who and when
  {
    name: 'does not fire when name, relationship and recordedAt are there',
    referral: edit(cleanReferral(), { 'threshold.level': 2, 'threshold.pathway': 'early-help' }),
  },

  // clause 3: refused or not sought needs a reason
  {
    name: 'does not fire when other is explained',
    referral: edit(cleanReferral(), {
      consent: { status: 'not-sought', reasonNotSought: { code: 'other', details: 'Parent is in hospital and could not be asked.' } },
      threshold: undefined,
    }),
  },

  // clause 4: consent-required levels need consent or a safeguarding exception
  ...['significant-harm-risk', 'risk-to-others', 'police-investigation', 'undue-delay'].map((code) => ({
    name: `does not fire at level 3 with the exception ${code}`,
    referral: edit(cleanReferral(), { consent: { status: 'not-sought', reasonNotSought: { code } } }),
  })),
  {
    name: 'does not apply at level 3 when the child is at immediate risk (clause 5 applies instead)',
    referral: edit(cleanReferral(), {
      'concerns.immediateRisk': true,
      consent: { status: 'not-sought', reasonNotSought: { code: 'unable-to-contact' }, parentsInformed: true },
    }),
  },
  {
    name: 'does not apply at level 4',
    referral: edit(cleanReferral(), {
      'threshold.level': 4,
      consent: { status: 'not-sought', reasonNotSought: { code: 'unable-to-contact' }, parentsInformed: true },
    }),
  },
  {
    name: 'does not apply when the level is not one of the model',
    referral: edit(cleanReferral(), { 'threshold.level': 9, consent: { status: 'not-sought', reasonNotSought: { code: 'unable-to-contact' } } }),
  },

  // clause 5: child protection or immediate risk needs parentsInformed
  {
    name: 'accepts any recorded status, and any reason code, at level 4',
    referral: edit(cleanReferral(), {
      'threshold.level': 4,
      consent: { status: 'not-sought', parentsInformed: false, reasonNotSought: { code: 'unable-to-contact' } },
    }),
  },
  {
    name: 'does not require parentsInformed at level 3 without immediate risk',
    referral: edit(cleanReferral(), { 'consent.parentsInformed': undefined }),
  },
];

const invalid: InvalidCase[] = [
  // clause 1: status recorded at every level
  {
    name: 'fires when consent.status is absent at level 3',
    referral: edit(cleanReferral(), { 'consent.status': undefined }),
    errors: [finding('/consent/status')],
  },
  {
    name: 'fires when there is no consent object and no level stated',
    referral: edit(cleanReferral(), { consent: undefined, threshold: undefined }),
    errors: [finding('/consent/status')],
  },
  {
    name: 'fires at level 1 too',
    referral: edit(cleanReferral(), { consent: undefined, 'threshold.level': 1 }),
    errors: [finding('/consent/status')],
  },

  // clause 2: given needs who and when
  {
    name: 'fires for each missing part',
    referral: edit(cleanReferral(), { 'consent.givenBy': undefined, 'consent.recordedAt': undefined }),
    errors: [finding('/consent/givenBy/name'), finding('/consent/givenBy/relationship'), finding('/consent/recordedAt')],
  },
  {
    name: 'treats a placeholder name as missing',
    referral: edit(cleanReferral(), { 'consent.givenBy.name': 'N/A.' }),
    errors: [finding('/consent/givenBy/name')],
  },

  // clause 3: refused or not sought needs a reason
  {
    name: 'fires when a refusal has no reason code (no level stated)',
    referral: edit(cleanReferral(), { consent: { status: 'refused' }, threshold: undefined }),
    errors: [finding('/consent/reasonNotSought/code')],
  },
  {
    name: 'fires when the code is other without meaningful details',
    referral: edit(cleanReferral(), { consent: { status: 'not-sought', reasonNotSought: { code: 'other', details: 'tbc' } }, threshold: undefined }),
    errors: [finding('/consent/reasonNotSought/details')],
  },
  {
    name: 'reports a missing code once at a consent-required level, naming the exception rule',
    referral: edit(cleanReferral(), { consent: { status: 'not-sought' } }),
    errors: [{ ...finding('/consent/reasonNotSought/code'), message: /safeguarding exception/ }],
  },

  // clause 4: consent-required levels need consent or a safeguarding exception
  {
    name: 'fires at level 3 when consent was not sought because the family could not be contacted',
    referral: edit(cleanReferral(), { consent: { status: 'not-sought', reasonNotSought: { code: 'unable-to-contact' } } }),
    errors: [{ ...finding('/consent/reasonNotSought/code'), message: /neither obtained nor lawfully dispensed with/ }],
  },
  {
    name: 'fires at level 2 when a refusal is explained only as other',
    referral: edit(cleanReferral(), {
      'threshold.level': 2,
      consent: { status: 'refused', reasonNotSought: { code: 'other', details: 'Mother did not want social care involved.' } },
    }),
    errors: [finding('/consent/reasonNotSought/code')],
  },

  // clause 5: child protection or immediate risk needs parentsInformed
  {
    name: 'fires at level 4 when parentsInformed is not recorded',
    referral: edit(cleanReferral(), { 'threshold.level': 4, 'consent.parentsInformed': undefined }),
    errors: [finding('/consent/parentsInformed')],
  },
  {
    name: 'fires with immediate risk at level 2',
    referral: edit(cleanReferral(), { 'threshold.level': 2, 'concerns.immediateRisk': true, 'consent.parentsInformed': undefined }),
    errors: [finding('/consent/parentsInformed')],
  },
  {
    name: 'fires when parents were not informed and no reason is recorded',
    referral: edit(cleanReferral(), { 'threshold.level': 4, 'consent.parentsInformed': false }),
    errors: [finding('/consent/reasonNotSought/code')],
  },
  {
    name: 'reports a missing reason code once when both clause 3 and clause 5 need it',
    referral: edit(cleanReferral(), { 'threshold.level': 4, consent: { status: 'refused', parentsInformed: false } }),
    errors: [finding('/consent/reasonNotSought/code')],
  },

  {
    name: 'carries the configured severity',
    referral: edit(cleanReferral(), { 'consent.status': undefined }),
    severity: 'warning',
    errors: [{ ruleId: RULE, pointer: '/consent/status', severity: 'warning' }],
  },
  {
    name: 'never puts a personal value in a message',
    referral: edit(cleanReferral(), { 'consent.givenBy.relationship': undefined, 'consent.recordedAt': undefined }),
    errors: [
      { ...finding('/consent/givenBy/relationship'), message: /^(?![\s\S]*Testparent)/i },
      { ...finding('/consent/recordedAt'), message: /^(?![\s\S]*Testparent)/i },
    ],
  },
];

new RuleTester().run(rule, { valid, invalid });

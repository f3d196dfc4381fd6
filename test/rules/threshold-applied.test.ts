import rule from '../../rules/threshold-applied.js';
import { RuleTester, type ExpectedFinding, type InvalidCase, type ValidCase } from '../../src/testing/rule-tester.js';
import { cleanReferral, edit } from '../helpers.js';

const RULE = rule.meta.id;
const finding = (pointer: string, referral?: number): ExpectedFinding => ({ ruleId: RULE, pointer, severity: 'error', ...(referral === undefined ? {} : { referral }) });
const atLevel = (level: unknown) => edit(cleanReferral(), { 'threshold.level': level });
const withRationale = (rationale: unknown) => edit(cleanReferral(), { 'threshold.rationale': rationale });

const FIVE_LEVEL_MODEL = {
  thresholdModel: {
    levels: [1, 2, 3, 4, 5].map((level) => ({ level, pathway: level < 3 ? 'early-help' : 'social-care' }) as const),
  },
};

const valid: ValidCase[] = [
  { name: 'passes a level of the model with a rationale and a pathway', referral: cleanReferral(), applicable: true },

  // level
  { name: 'accepts every level of the default model', referrals: [1, 2, 3, 4].map(atLevel) },

  // rationale
  { name: 'uses the minRationaleLength option', referral: withRationale('Bruising.'), options: { minRationaleLength: 5 } },
];

const invalid: InvalidCase[] = [
  {
    name: 'fires three times when there is no threshold at all',
    referral: edit(cleanReferral(), { threshold: undefined }),
    errors: [finding('/threshold/level'), finding('/threshold/rationale'), finding('/threshold/pathway')],
  },

  // level
  {
    name: 'fires when the level is not one of the default model (1-4)',
    referrals: [0, 5].map(atLevel),
    errors: [finding('/threshold/level', 0), finding('/threshold/level', 1)],
  },
  {
    name: 'follows a configured five-level model',
    referrals: [5, 6].map(atLevel),
    config: FIVE_LEVEL_MODEL,
    errors: [finding('/threshold/level', 1)],
  },
  {
    name: 'leaves a level of the wrong type to schema-valid, so the defect is reported once',
    referral: atLevel('3'),
    config: { rules: { 'schema-valid': 'error' } },
    errors: [{ ruleId: 'schema-valid', pointer: '/threshold/level', severity: 'error' }],
  },
  {
    name: 'reports a wrong-typed level itself when schema-valid is off',
    referral: atLevel('3'),
    errors: [finding('/threshold/level')],
  },

  // rationale
  { name: 'fires on a placeholder', referral: withRationale('see notes'), errors: [finding('/threshold/rationale')] },
  {
    name: 'fires below 20 characters and passes at 20',
    referrals: [withRationale('Level 3 concerns.'), withRationale('a'.repeat(20))],
    errors: [finding('/threshold/rationale', 0)],
  },

  {
    name: 'fires when the pathway is absent',
    referral: edit(cleanReferral(), { 'threshold.pathway': undefined }),
    errors: [finding('/threshold/pathway')],
  },
];

new RuleTester().run(rule, { valid, invalid });

import rule from '../../rules/early-help-agreement.js';
import { RuleTester, type ExpectedFinding, type InvalidCase, type ValidCase } from '../../src/testing/rule-tester.js';
import { cleanReferral, edit, fiveLevelExample } from '../helpers.js';

/** The shipped five-level example: 2 and 3 route to early help, 4 child in need, 5 child protection. */
const FIVE_LEVELS = fiveLevelExample();

const RULE = rule.meta.id;
const finding = (pointer: string): ExpectedFinding => ({ ruleId: RULE, pointer, severity: 'error' });
const BOTH = [finding('/earlyHelp/parentalViews'), finding('/earlyHelp/parentalAgreement')];
const WITH_SCHEMA = { rules: { 'schema-valid': 'error' as const } };

/** An early-help referral at default level 2 that passes. */
const earlyHelpReferral = () =>
  edit(cleanReferral(), {
    'threshold.level': 2,
    'threshold.pathway': 'early-help',
    earlyHelp: { parentalViews: 'Mother wants help with routines and is worried about school attendance.', parentalAgreement: 'agreed' },
  });

const valid: ValidCase[] = [
  { name: 'passes an early-help referral with parental views and agreement', referral: earlyHelpReferral(), applicable: true },

  // applicability
  {
    name: 'is not applicable to a social-care referral at a social-care level',
    referrals: [3, 4].map((level) => edit(cleanReferral(), { 'threshold.level': level })),
    applicable: false,
  },
  {
    name: 'is not applicable at the universal level without an early-help pathway',
    referral: edit(cleanReferral(), { 'threshold.level': 1 }),
    applicable: false,
  },
  {
    name: 'is not applicable without a threshold, or at a level the model does not have',
    referrals: [edit(cleanReferral(), { threshold: undefined }), edit(cleanReferral(), { 'threshold.level': 9 })],
    applicable: false,
  },

  // a configured threshold model
  { name: 'does not apply at level 3 under the default model (child in need)', referral: cleanReferral(), applicable: false },
  {
    name: 'passes level 3 of the configured model when views and agreement are recorded',
    referral: edit(cleanReferral(), { earlyHelp: { parentalViews: 'Father welcomes a family support worker.', parentalAgreement: 'declined' } }),
    config: FIVE_LEVELS.config,
    applicable: true,
  },
  {
    name: 'does not apply at the configured social-care levels 4 and 5',
    referrals: [4, 5].map((level) => edit(cleanReferral(), { 'threshold.level': level })),
    config: FIVE_LEVELS.config,
    applicable: false,
  },

  // parentalViews
  { name: 'accepts a short but meaningful view', referral: edit(earlyHelpReferral(), { 'earlyHelp.parentalViews': 'Agrees.' }) },

  // parentalAgreement
  ...['agreed', 'declined'].map((agreement) => ({
    name: `passes when the agreement is ${agreement}`,
    referral: edit(earlyHelpReferral(), { 'earlyHelp.parentalAgreement': agreement }),
  })),
];

const invalid: InvalidCase[] = [
  {
    name: 'reports with severity error by default',
    referral: edit(earlyHelpReferral(), { 'earlyHelp.parentalAgreement': undefined }),
    errors: [finding('/earlyHelp/parentalAgreement')],
  },
  {
    name: 'carries the configured severity',
    referral: edit(earlyHelpReferral(), { 'earlyHelp.parentalAgreement': undefined }),
    severity: 'warning',
    errors: [{ ruleId: RULE, pointer: '/earlyHelp/parentalAgreement', severity: 'warning' }],
  },

  // applicability
  {
    name: 'applies when the pathway asked for is early-help, at a social-care level',
    referral: edit(cleanReferral(), { 'threshold.pathway': 'early-help' }),
    applicable: true,
    errors: BOTH,
  },
  {
    name: "applies at the model's early-help level when the referrer asked for social care",
    referral: edit(cleanReferral(), { 'threshold.level': 2 }),
    applicable: true,
    errors: BOTH,
  },
  {
    name: 'applies at the early-help level when no pathway is stated',
    referral: edit(cleanReferral(), { 'threshold.level': 2, 'threshold.pathway': undefined }),
    applicable: true,
    errors: BOTH,
  },

  // a configured threshold model
  {
    name: 'applies at level 3 when the model routes level 3 (targeted early help) to early help',
    referral: cleanReferral(),
    config: FIVE_LEVELS.config,
    applicable: true,
    errors: BOTH,
  },

  // parentalViews
  {
    name: 'fires when parentalViews is absent',
    referral: edit(earlyHelpReferral(), { 'earlyHelp.parentalViews': undefined }),
    errors: [finding('/earlyHelp/parentalViews')],
  },
  ...['', '   ', 'N/A', 'see attached.', 'Unknown!'].map((views) => ({
    name: `fires when parentalViews is the placeholder ${JSON.stringify(views)}`,
    referral: edit(earlyHelpReferral(), { 'earlyHelp.parentalViews': views }),
    errors: [finding('/earlyHelp/parentalViews')],
  })),

  // parentalAgreement
  {
    name: 'fires when the parents were not asked, and says so',
    referral: edit(earlyHelpReferral(), { 'earlyHelp.parentalAgreement': 'not-asked' }),
    errors: [{ ...finding('/earlyHelp/parentalAgreement'), message: /not asked/ }],
  },
  {
    name: 'fires when the agreement is absent',
    referral: edit(earlyHelpReferral(), { 'earlyHelp.parentalAgreement': undefined }),
    errors: [finding('/earlyHelp/parentalAgreement')],
  },
  {
    name: 'fires twice when there is no earlyHelp object',
    referral: edit(earlyHelpReferral(), { earlyHelp: undefined }),
    errors: BOTH,
  },

  // malformed values
  {
    name: 'leaves a value outside the code list to schema-valid, so the defect is reported once',
    referral: edit(earlyHelpReferral(), { 'earlyHelp.parentalAgreement': 'yes' }),
    config: WITH_SCHEMA,
    errors: [{ ruleId: 'schema-valid', pointer: '/earlyHelp/parentalAgreement', severity: 'error' }],
  },
  {
    name: 'reports a value outside the code list itself when schema-valid is off, without printing it',
    referral: edit(earlyHelpReferral(), { 'earlyHelp.parentalAgreement': 'yes-verbally' }),
    errors: [{ ...finding('/earlyHelp/parentalAgreement'), message: /^(?![\s\S]*yes-verbally)/i }],
  },
  {
    name: 'does not throw when earlyHelp is not an object',
    referral: edit(earlyHelpReferral(), { earlyHelp: 'Mum agrees' }),
    errors: BOTH,
  },

  {
    name: 'never puts a personal value in a message',
    referral: edit(earlyHelpReferral(), { 'earlyHelp.parentalViews': 'tbc', 'earlyHelp.parentalAgreement': 'not-asked' }),
    errors: [
      { ...finding('/earlyHelp/parentalViews'), message: /^(?![\s\S]*(?:tbc|Testparent))/i },
      { ...finding('/earlyHelp/parentalAgreement'), message: /^(?![\s\S]*(?:tbc|Testparent))/i },
    ],
  },
  {
    // RuleTester fails any case whose rule changes the referral it checks.
    name: 'does not change the referral it checks',
    referral: edit(earlyHelpReferral(), { earlyHelp: undefined }),
    errors: BOTH,
  },
];

new RuleTester().run(rule, { valid, invalid });

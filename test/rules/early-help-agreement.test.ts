import rule from '../../rules/early-help-agreement.js';
import { RuleTester, type ExpectedFinding, type InvalidCase, type ValidCase } from '../../src/testing/rule-tester.js';
import { cleanReferral, edit, fiveLevelExample, legacyThresholdConfig } from '../helpers.js';

/** The shipped five-level example: 2 and 3 route to early help, 4 child in need, 5 child protection. */
const FIVE_LEVELS = fiveLevelExample();

const RULE = rule.meta.id;
const finding = (pointer: string): ExpectedFinding => ({ ruleId: RULE, pointer, severity: 'error' });
const BOTH = [finding('/earlyHelp/parentalViews'), finding('/earlyHelp/parentalAgreement')];
const WITH_SCHEMA = { rules: { 'schema-valid': 'error' as const } };

/**
 * The default model with each of the four pathways at each of its four levels: whether the
 * rule applies. It applies to an early-help or family-help referral at any level, and at
 * level 2, whose principal pathway is early-help, whatever the pathway; level 3 only also
 * accepts family-help, so a social-care referral there is not asked for the family's agreement.
 */
const PATHWAYS = ['early-help', 'family-help', 'social-care', 'child-protection'] as const;
const appliesInDefault = (level: number, pathway: string) => pathway === 'early-help' || pathway === 'family-help' || level === 2;
const DEFAULT_TABLE = [1, 2, 3, 4].flatMap((level) => PATHWAYS.map((pathway) => ({ level, pathway, applies: appliesInDefault(level, pathway) })));
/** A referral at the level asking for the pathway, without an earlyHelp object. */
const asking = (level: number, pathway: string | undefined) => edit(cleanReferral(), { 'threshold.level': level, 'threshold.pathway': pathway, earlyHelp: undefined });

/** A Families First model: levels 2 and 3 Family Help (principal), 4 a child protection team. */
const FAMILIES_FIRST = {
  thresholdModel: {
    levels: [
      { level: 1, name: 'Universal', pathway: 'universal' as const },
      { level: 2, name: 'Family Help (targeted)', pathway: ['family-help' as const, 'early-help' as const], consentRequired: true },
      { level: 3, name: 'Family Help (child in need)', pathway: ['family-help' as const, 'social-care' as const], consentRequired: true },
      { level: 4, name: 'Child protection', pathway: ['child-protection' as const, 'social-care' as const], childProtection: true },
    ],
  },
};
/** The model as configs wrote it before lists: one pathway per level (the default's older form). */
const LEGACY = legacyThresholdConfig();

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

  // the default model: each of the four pathways at each of the four levels (the table)
  ...DEFAULT_TABLE.filter((c) => !c.applies).map(({ level, pathway }) => ({
    name: `default model: does not apply to ${pathway} at level ${level}`,
    referral: asking(level, pathway),
    applicable: false,
  })),

  // a level whose principal pathway is family-help
  {
    name: 'passes a family-help referral with parental views and agreement',
    referral: edit(earlyHelpReferral(), { 'threshold.level': 3, 'threshold.pathway': 'family-help' }),
    applicable: true,
  },
  {
    name: 'under a Families First model, does not apply at the child-protection level to a child-protection or social-care referral',
    referrals: [asking(4, 'child-protection'), asking(4, 'social-care')],
    config: FAMILIES_FIRST,
    applicable: false,
  },

  // a single-pathway (legacy) config
  {
    name: 'a config with one pathway per level: does not apply to social care at levels 3 and 4',
    referrals: [asking(3, 'social-care'), asking(4, 'social-care')],
    config: LEGACY,
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

  // the default model: each of the four pathways at each of the four levels (the table)
  ...DEFAULT_TABLE.filter((c) => c.applies).map(({ level, pathway }) => ({
    name: `default model: applies to ${pathway} at level ${level}`,
    referral: asking(level, pathway),
    applicable: true,
    errors: [
      { ruleId: 'early-help-agreement', pointer: '/earlyHelp/parentalViews', severity: 'error' as const },
      { ruleId: 'early-help-agreement', pointer: '/earlyHelp/parentalAgreement', severity: 'error' as const },
    ],
  })),

  // family-help referrals and levels whose principal pathway is family-help
  {
    name: 'a family-help referral must record the parents\' views and agreement, and the messages say Family Help',
    referral: edit(asking(3, 'family-help'), { earlyHelp: { parentalViews: 'n/a', parentalAgreement: 'not-asked' } }),
    errors: [
      { ...finding('/earlyHelp/parentalViews'), message: 'earlyHelp.parentalViews is missing, empty or a placeholder: a family-help referral must say what the parents think' },
      {
        ...finding('/earlyHelp/parentalAgreement'),
        message: 'earlyHelp.parentalAgreement records that the parents were not asked: Family Help is voluntary, so ask them and record agreed or declined',
      },
    ],
  },
  {
    name: 'an early-help referral keeps the early-help wording',
    referral: asking(2, 'early-help'),
    errors: [
      { ...finding('/earlyHelp/parentalViews'), message: 'earlyHelp.parentalViews is missing, empty or a placeholder: an early-help referral must say what the parents think' },
      { ...finding('/earlyHelp/parentalAgreement'), message: 'earlyHelp.parentalAgreement does not record agreed or declined: early help is voluntary, so record whether the parents agreed' },
    ],
  },
  {
    name: 'applies at a level whose principal pathway is family-help, whatever the pathway asked for, in Family Help words',
    referrals: [asking(2, 'social-care'), asking(3, 'social-care'), asking(3, undefined)],
    config: FAMILIES_FIRST,
    applicable: true,
    errors: [0, 1, 2].flatMap((referral) => [
      { ...finding('/earlyHelp/parentalViews'), referral, message: /a family-help referral must say/ },
      { ...finding('/earlyHelp/parentalAgreement'), referral, message: /Family Help is voluntary/ },
    ]),
  },
  {
    name: 'under a Families First model, an early-help referral at a Family Help level keeps the early-help wording',
    referral: asking(2, 'early-help'),
    config: FAMILIES_FIRST,
    errors: [
      { ...finding('/earlyHelp/parentalViews'), message: /an early-help referral must say/ },
      { ...finding('/earlyHelp/parentalAgreement'), message: /early help is voluntary/ },
    ],
  },

  // a single-pathway (legacy) config: a family-help referral is still voluntary help
  {
    name: 'a config with one pathway per level: applies at level 2 and to a family-help referral at level 3',
    referrals: [asking(2, 'social-care'), asking(3, 'family-help')],
    config: LEGACY,
    applicable: true,
    errors: [0, 1].flatMap((referral) => [{ ...finding('/earlyHelp/parentalViews'), referral }, { ...finding('/earlyHelp/parentalAgreement'), referral }]),
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

import rule from '../../rules/threshold-consistent.js';
import { RuleTester, type InvalidCase, type ValidCase } from '../../src/testing/rule-tester.js';
import { cleanReferral, edit, fiveLevelExample, legacyThresholdConfig } from '../helpers.js';

/** The shipped five-level example: 2 and 3 route to early help, 4 child in need, 5 child protection. */
const FIVE_LEVELS = fiveLevelExample();
/** The five-level model with the minimums it sets for its scale. */
const FIVE = { config: FIVE_LEVELS.config, options: FIVE_LEVELS.minimums };

const RULE = rule.meta.id;
const LEVEL = { ruleId: RULE, pointer: '/threshold/level', severity: 'error' } as const;
const PATHWAY = { ruleId: RULE, pointer: '/threshold/pathway', severity: 'error' } as const;

/** The default model's pathway for each level that routes somewhere. */
const DEFAULT_PATHWAY: Record<number, string> = { 2: 'early-help', 3: 'social-care', 4: 'social-care' };

/** A clean referral at a level of the default model, with the pathway that level routes to. */
const atLevel = (level: number, fields: Record<string, unknown> = {}) =>
  edit(cleanReferral(), { 'threshold.level': level, 'threshold.pathway': DEFAULT_PATHWAY[level], ...fields });

const MINIMUMS = [
  ['sexual-abuse', 4],
  ['trafficking', 4],
  ['fgm', 4],
  ['cse', 3],
  ['cce', 3],
  ['missing', 3],
  ['physical-abuse', 3],
] as const;

const NEGLECT = { 'concerns.categories': ['neglect'] };
const REPLACED = { minimumLevels: { immediateRisk: 4, categories: { neglect: 3 }, exploitationRisk: {} } };
const CHANGED = { minimumLevels: { immediateRisk: 3, categories: {}, exploitationRisk: { low: 3 } } };
const sexualAbuseAt4 = edit(cleanReferral(), { 'threshold.level': 4, 'concerns.categories': ['sexual-abuse'] });
const sexualAbuseAt5 = edit(cleanReferral(), { 'threshold.level': 5, 'concerns.categories': ['sexual-abuse'] });
const earlyHelpAt3 = edit(cleanReferral(), { 'threshold.pathway': 'early-help', 'concerns.categories': ['neglect'] });

/**
 * The default model with each of the four pathways at each of its four levels: the finding
 * expected, or none. Level 2 accepts early-help (principal) and family-help, level 3
 * social-care (principal) and family-help, level 4 social-care (principal) and
 * child-protection; level 1 (universal) accepts none.
 */
const UNIVERSAL = "a universal level: at a universal level no referral is expected, the child's needs are met by universal services";
const CONTACTS = "a social-care referral at an early-help level adds to the contacts children's social care need not receive";
const DEFAULT_MODEL_TABLE: [level: number, pathway: string, message: string | undefined][] = [
  [1, 'early-help', `threshold.pathway disagrees with level 1 (Universal), ${UNIVERSAL}`],
  [1, 'family-help', `threshold.pathway disagrees with level 1 (Universal), ${UNIVERSAL}`],
  [1, 'social-care', `threshold.pathway disagrees with level 1 (Universal), ${UNIVERSAL}`],
  [1, 'child-protection', `threshold.pathway disagrees with level 1 (Universal), ${UNIVERSAL}`],
  [2, 'early-help', undefined],
  [2, 'family-help', undefined],
  [2, 'social-care', `threshold.pathway social-care disagrees with level 2 (Early help), which the threshold model routes to early-help (it also accepts family-help): ${CONTACTS}`],
  [
    2,
    'child-protection',
    "threshold.pathway child-protection disagrees with level 2 (Early help), which the threshold model routes to early-help (it also accepts family-help): a child-protection referral at an early-help level adds to the contacts children's social care need not receive",
  ],
  [3, 'early-help', 'threshold.pathway early-help disagrees with level 3 (Child in need), which the threshold model routes to social-care (it also accepts family-help)'],
  [3, 'family-help', undefined],
  [3, 'social-care', undefined],
  [3, 'child-protection', 'threshold.pathway child-protection disagrees with level 3 (Child in need), which the threshold model routes to social-care (it also accepts family-help)'],
  [4, 'early-help', 'threshold.pathway early-help disagrees with level 4 (Child protection), which the threshold model routes to social-care (it also accepts child-protection)'],
  [4, 'family-help', 'threshold.pathway family-help disagrees with level 4 (Child protection), which the threshold model routes to social-care (it also accepts child-protection)'],
  [4, 'social-care', undefined],
  [4, 'child-protection', undefined],
];
const tableReferral = (level: number, pathway: string) => edit(cleanReferral(), { 'threshold.level': level, 'threshold.pathway': pathway, ...NEGLECT });

/** A level that lists its pathways, the first being the principal one. */
const LISTED = {
  thresholdModel: {
    levels: [
      { level: 1, name: 'Universal', pathway: 'universal' as const },
      { level: 2, name: 'Family Help (targeted)', pathway: ['family-help' as const, 'early-help' as const] },
      { level: 3, name: 'Family Help (child in need)', pathway: ['family-help' as const, 'social-care' as const, 'early-help' as const] },
      { level: 4, name: 'Child protection', pathway: ['child-protection' as const] },
    ],
  },
};
/** The model as configs wrote it before lists: one pathway per level (the default's older form). */
const LEGACY = legacyThresholdConfig();

const valid: ValidCase[] = [
  { name: 'passes a level that meets its indicators, with the pathway the model gives it', referral: cleanReferral(), applicable: true },

  // applicability
  {
    name: 'is not applicable without a threshold or a level',
    referrals: [edit(cleanReferral(), { threshold: undefined }), edit(cleanReferral(), { 'threshold.level': undefined })],
    applicable: false,
  },
  {
    name: 'is not applicable at a level the model does not have (threshold-applied reports it)',
    referrals: [0, 5].map((level) => edit(cleanReferral(), { 'threshold.level': level, 'concerns.categories': ['sexual-abuse'] })),
    applicable: false,
  },
  {
    name: 'is not applicable when the level is not a whole number',
    referrals: [edit(cleanReferral(), { 'threshold.level': '2' }), edit(cleanReferral(), { 'threshold.level': 2.5 })],
    applicable: false,
  },

  // clause 1
  ...MINIMUMS.map(([category, minimum]) => ({
    name: `category ${category} demands level ${minimum}: fires one level below, passes at it (at it)`,
    referral: atLevel(minimum, { 'concerns.categories': [category] }),
  })),
  ...['neglect', 'emotional-abuse', 'domestic-abuse', 'radicalisation', 'self-harm', 'other'].map((category) => ({
    name: `category ${category} demands no minimum`,
    referral: atLevel(2, { 'concerns.categories': [category] }),
  })),
  { name: 'immediate risk demands level 4 (at level 4)', referral: atLevel(4, { 'concerns.immediateRisk': true }) },
  {
    name: 'immediateRisk false or absent demands nothing',
    referrals: [false, undefined].map((immediateRisk) => atLevel(2, { ...NEGLECT, 'concerns.immediateRisk': immediateRisk })),
  },
  {
    name: 'exploitation screening high demands level 4, medium level 3, whatever the categories (high at level 4)',
    referral: atLevel(4, { ...NEGLECT, exploitationScreening: { riskLevel: 'high' } }),
  },
  {
    name: 'exploitation screening high demands level 4, medium level 3, whatever the categories (medium at level 3)',
    referral: atLevel(3, { ...NEGLECT, exploitationScreening: { riskLevel: 'medium' } }),
  },
  ...['none', 'low'].map((riskLevel) => ({
    name: `exploitation screening ${riskLevel} demands no minimum`,
    referral: atLevel(2, { ...NEGLECT, exploitationScreening: { riskLevel } }),
  })),
  {
    name: 'ignores categories and screening outcomes outside the code lists, even ones named like object properties',
    referral: atLevel(2, { 'concerns.categories': ['constructor', '__proto__', 'toString', 'hasOwnProperty'], exploitationScreening: { riskLevel: 'constructor' } }),
  },
  {
    name: 'does not throw on odd concerns and screening',
    referrals: [
      atLevel(2, { concerns: 'physical abuse' }),
      atLevel(2, { 'concerns.categories': [] }),
      atLevel(2, { 'concerns.categories': [3, null, { cse: true }] }),
      atLevel(2, { ...NEGLECT, exploitationScreening: ['high'] }),
    ],
  },

  // option minimumLevels
  {
    name: 'replaces the default table: a listed category demands its level, an unlisted one nothing (sexual-abuse unlisted)',
    referral: atLevel(2, { 'concerns.categories': ['sexual-abuse'] }),
    options: REPLACED,
  },
  {
    name: 'replaces the default table: a listed category demands its level, an unlisted one nothing (no categories, screening high unlisted)',
    referral: atLevel(2, { ...NEGLECT, exploitationScreening: { riskLevel: 'high' } }),
    options: { minimumLevels: { ...REPLACED.minimumLevels, categories: {} } },
  },
  { name: 'changes the level immediate risk and screening outcomes demand (immediate risk at level 3)', referral: atLevel(3, { 'concerns.immediateRisk': true }), options: CHANGED },

  // clause 2
  ...[2, 3, 4].map((level) => ({
    name: `passes at level ${level} with the pathway the model gives it`,
    referral: atLevel(level, NEGLECT),
  })),
  ...[1, 2, 3, 4].map((level) => ({
    name: `leaves an absent pathway at level ${level} to threshold-applied`,
    referral: atLevel(level, { 'threshold.pathway': undefined, ...NEGLECT }),
    applicable: true,
  })),

  // the default model: each of the four pathways at each of the four levels (the table)
  ...DEFAULT_MODEL_TABLE.filter(([, , message]) => message === undefined).map(([level, pathway]) => ({
    name: `default model: ${pathway} at level ${level} is accepted`,
    referral: tableReferral(level, pathway),
    applicable: true,
  })),

  // a level that lists its pathways
  ...(
    [
      [2, 'family-help'],
      [2, 'early-help'],
      [3, 'family-help'],
      [3, 'social-care'],
      [3, 'early-help'],
      [4, 'child-protection'],
    ] as const
  ).map(([level, pathway]) => ({
    name: `a listed level accepts each pathway it lists (${pathway} at level ${level})`,
    referral: tableReferral(level, pathway),
    config: LISTED,
  })),

  // a single-pathway (legacy) config keeps its meaning
  ...(
    [
      [2, 'early-help'],
      [3, 'social-care'],
      [4, 'social-care'],
    ] as const
  ).map(([level, pathway]) => ({
    name: `a config with one pathway per level accepts that pathway (${pathway} at level ${level})`,
    referral: tableReferral(level, pathway),
    config: LEGACY,
  })),

  // a configured five-level model with minimums for its scale
  { name: 'fires for sexual abuse at level 4 (child in need there), which the default would pass (default model)', referral: sexualAbuseAt4 },
  { name: 'passes sexual abuse at level 5, a level the default model does not have', referral: sexualAbuseAt5, ...FIVE, applicable: true },
  { name: 'passes sexual abuse at level 5, a level the default model does not have (not applicable in the default model)', referral: sexualAbuseAt5, applicable: false },
  {
    name: 'uses the configured pathway: social care at level 3 (targeted early help) is too many contacts (default model)',
    referral: edit(cleanReferral(), NEGLECT),
  },
  { name: 'passes early help at level 3 there, which the default model would route to social care', referral: earlyHelpAt3, ...FIVE },
  { name: 'with the five-level model but default minimums, compares the default numbers', referral: sexualAbuseAt4, config: FIVE_LEVELS.config },
];

const invalid: InvalidCase[] = [
  { name: 'reports with severity error by default, and the configured severity when set (default)', referral: atLevel(2, { 'concerns.categories': ['sexual-abuse'] }), errors: [LEVEL] },
  {
    name: 'reports with severity error by default, and the configured severity when set (warning)',
    referral: atLevel(2, { 'concerns.categories': ['sexual-abuse'] }),
    severity: 'warning',
    errors: [{ ...LEVEL, severity: 'warning' }],
  },

  // clause 1: the level is below the minimum its indicators demand (default minimums)
  {
    name: 'names the indicator and both levels',
    referral: atLevel(2, { 'concerns.categories': ['sexual-abuse'] }),
    errors: [{ ...LEVEL, message: 'threshold.level 2 is below level 4, the minimum for concerns.categories sexual-abuse' }],
  },
  ...MINIMUMS.map(([category, minimum]) => ({
    name: `category ${category} demands level ${minimum}: fires one level below, passes at it (one below)`,
    referral: atLevel(minimum - 1, { 'concerns.categories': [category] }),
    errors: [{ ...LEVEL, message: `threshold.level ${minimum - 1} is below level ${minimum}, the minimum for concerns.categories ${category}` }],
  })),
  { name: 'fires for a level two below the minimum', referral: atLevel(2, { 'concerns.categories': ['fgm'] }), errors: [LEVEL] },
  {
    name: 'immediate risk demands level 4',
    referral: atLevel(3, { 'concerns.immediateRisk': true }),
    errors: [{ ...LEVEL, message: 'threshold.level 3 is below level 4, the minimum for concerns.immediateRisk' }],
  },
  {
    name: 'exploitation screening high demands level 4, medium level 3, whatever the categories (high at level 3)',
    referral: atLevel(3, { ...NEGLECT, exploitationScreening: { riskLevel: 'high' } }),
    errors: [{ ...LEVEL, message: 'threshold.level 3 is below level 4, the minimum for exploitationScreening.riskLevel high' }],
  },
  {
    name: 'exploitation screening high demands level 4, medium level 3, whatever the categories (medium at level 2)',
    referral: atLevel(2, { ...NEGLECT, exploitationScreening: { riskLevel: 'medium' } }),
    errors: [LEVEL],
  },
  {
    name: 'reports one finding per referral, naming only the indicator with the highest minimum',
    referral: atLevel(2, { 'concerns.categories': ['cse', 'sexual-abuse', 'missing'], exploitationScreening: { riskLevel: 'medium' } }),
    errors: [{ ...LEVEL, message: 'threshold.level 2 is below level 4, the minimum for concerns.categories sexual-abuse' }],
  },
  {
    name: 'names every indicator that ties for the highest minimum',
    referral: atLevel(2, {
      'concerns.immediateRisk': true,
      'concerns.categories': ['cse', 'sexual-abuse', 'trafficking'],
      exploitationScreening: { riskLevel: 'high' },
    }),
    errors: [
      {
        ...LEVEL,
        message:
          'threshold.level 2 is below level 4, the minimum for concerns.immediateRisk, concerns.categories sexual-abuse, concerns.categories trafficking and exploitationScreening.riskLevel high',
      },
    ],
  },
  {
    name: 'names a category written twice once',
    referral: atLevel(2, { 'concerns.categories': ['cse', 'cse'] }),
    errors: [{ ...LEVEL, message: 'threshold.level 2 is below level 3, the minimum for concerns.categories cse' }],
  },
  {
    name: 'still reports a real category written alongside ones named like object properties',
    referral: atLevel(2, { 'concerns.categories': ['__proto__', 'sexual-abuse', 'constructor'], exploitationScreening: { riskLevel: 'constructor' } }),
    errors: [{ ...LEVEL, message: 'threshold.level 2 is below level 4, the minimum for concerns.categories sexual-abuse' }],
  },

  // option minimumLevels
  {
    name: 'replaces the default table: a listed category demands its level, an unlisted one nothing (neglect listed)',
    referral: atLevel(2, NEGLECT),
    options: REPLACED,
    errors: [{ ...LEVEL, message: 'threshold.level 2 is below level 3, the minimum for concerns.categories neglect' }],
  },
  { name: 'changes the level immediate risk and screening outcomes demand (immediate risk at level 2)', referral: atLevel(2, { 'concerns.immediateRisk': true }), options: CHANGED, errors: [LEVEL] },
  { name: 'changes the level immediate risk and screening outcomes demand (screening low at level 2)', referral: atLevel(2, { exploitationScreening: { riskLevel: 'low' } }), options: CHANGED, errors: [LEVEL] },

  // clause 2: the pathway disagrees with the model's pathway for the level
  {
    name: 'fires on a social-care referral at the early-help level ("too many contacts")',
    referral: atLevel(2, { 'threshold.pathway': 'social-care', ...NEGLECT }),
    errors: [{ ...PATHWAY, message: /a social-care referral at an early-help level/ }],
  },
  ...[3, 4].map((level) => ({
    name: `fires on an early-help referral at a social-care level (level ${level})`,
    referral: atLevel(level, { 'threshold.pathway': 'early-help', ...NEGLECT }),
    errors: [
      {
        ...PATHWAY,
        message: `threshold.pathway early-help disagrees with level ${level} (${level === 3 ? 'Child in need' : 'Child protection'}), which the threshold model routes to social-care (it also accepts ${level === 3 ? 'family-help' : 'child-protection'})`,
      },
    ],
  })),
  ...['early-help', 'social-care'].map((pathway) => ({
    name: `fires on any pathway (${pathway}) at the universal level`,
    referral: atLevel(1, { 'threshold.pathway': pathway, ...NEGLECT }),
    errors: [{ ...PATHWAY, message: /at a universal level no referral is expected/ }],
  })),
  {
    name: 'leaves a pathway outside the code list to schema-valid, so the defect is reported once',
    referral: atLevel(3, { 'threshold.pathway': 'cin-team' }),
    config: { rules: { 'schema-valid': 'error' } },
    errors: [{ ruleId: 'schema-valid', pointer: '/threshold/pathway', severity: 'error' }],
  },
  {
    name: 'reports a pathway outside the code list itself when schema-valid is off, without printing it',
    referral: atLevel(3, { 'threshold.pathway': 'cin-team' }),
    errors: [{ ...PATHWAY, message: /^(?![\s\S]*cin-team)/ }],
  },

  // the default model: each of the four pathways at each of the four levels (the table)
  ...DEFAULT_MODEL_TABLE.filter(([, , message]) => message !== undefined).map(([level, pathway, message]) => ({
    name: `default model: ${pathway} at level ${level} is not accepted`,
    referral: tableReferral(level, pathway),
    errors: [{ ruleId: 'threshold-consistent', pointer: '/threshold/pathway', severity: 'error' as const, message: message! }],
  })),

  // a level that lists its pathways: the message names them, the principal one first
  {
    name: 'a listed level reports a pathway it does not list, naming the accepted ones principal first',
    referral: tableReferral(3, 'child-protection'),
    config: LISTED,
    errors: [{ ...PATHWAY, message: 'threshold.pathway child-protection disagrees with level 3 (Family Help (child in need)), which the threshold model routes to family-help (it also accepts social-care and early-help)' }],
  },
  {
    name: 'a level whose principal pathway is family-help: social care there is a plain disagreement, not the early-help "too many contacts" wording',
    referral: tableReferral(2, 'social-care'),
    config: LISTED,
    errors: [{ ...PATHWAY, message: 'threshold.pathway social-care disagrees with level 2 (Family Help (targeted)), which the threshold model routes to family-help (it also accepts early-help)' }],
  },
  {
    name: 'a level that lists one pathway names only that one',
    referral: tableReferral(4, 'social-care'),
    config: LISTED,
    errors: [{ ...PATHWAY, message: 'threshold.pathway social-care disagrees with level 4 (Child protection), which the threshold model routes to child-protection' }],
  },

  // a single-pathway (legacy) config keeps its findings and its wording
  ...(
    [
      [2, 'social-care', `threshold.pathway social-care disagrees with level 2 (Early help), which the threshold model routes to early-help: ${CONTACTS}`],
      [2, 'family-help', 'threshold.pathway family-help disagrees with level 2 (Early help), which the threshold model routes to early-help'],
      [3, 'family-help', 'threshold.pathway family-help disagrees with level 3 (Child in need), which the threshold model routes to social-care'],
      [3, 'early-help', 'threshold.pathway early-help disagrees with level 3 (Child in need), which the threshold model routes to social-care'],
      [4, 'child-protection', 'threshold.pathway child-protection disagrees with level 4 (Child protection), which the threshold model routes to social-care'],
    ] as const
  ).map(([level, pathway, message]) => ({
    name: `a config with one pathway per level accepts only that one (${pathway} at level ${level})`,
    referral: tableReferral(level, pathway),
    config: LEGACY,
    errors: [{ ...PATHWAY, message }],
  })),

  {
    name: 'reports both clauses when both fail, level first',
    referral: atLevel(2, { 'threshold.pathway': 'social-care', 'concerns.categories': ['sexual-abuse'] }),
    errors: [LEVEL, PATHWAY],
  },

  // a configured five-level model with minimums for its scale
  {
    name: 'fires for sexual abuse at level 4 (child in need there), which the default would pass',
    referral: sexualAbuseAt4,
    ...FIVE,
    errors: [{ ...LEVEL, message: 'threshold.level 4 is below level 5, the minimum for concerns.categories sexual-abuse' }],
  },
  {
    name: 'fires for immediate risk below level 5',
    referral: edit(cleanReferral(), { 'threshold.level': 4, 'concerns.immediateRisk': true }),
    ...FIVE,
    errors: [{ ...LEVEL, message: 'threshold.level 4 is below level 5, the minimum for concerns.immediateRisk' }],
  },
  {
    name: 'uses the configured pathway: social care at level 3 (targeted early help) is too many contacts',
    referral: edit(cleanReferral(), NEGLECT),
    ...FIVE,
    errors: [{ ...PATHWAY, message: /level 3 \(Targeted early help\), which the threshold model routes to early-help/ }],
  },
  { name: 'passes early help at level 3 there, which the default model would route to social care (default model)', referral: earlyHelpAt3, errors: [PATHWAY] },
  {
    name: 'puts physical abuse at level 4 there: the clean level-3 referral fails both clauses',
    referral: cleanReferral(),
    ...FIVE,
    errors: [{ ...LEVEL, message: 'threshold.level 3 is below level 4, the minimum for concerns.categories physical-abuse' }, PATHWAY],
  },

  {
    name: 'never puts a personal value in a message',
    referral: atLevel(2, {
      'threshold.pathway': 'social-care',
      'threshold.rationale': 'Planted-rationale-text',
      'concerns.categories': ['sexual-abuse'],
      'concerns.summary': 'Planted-summary-text',
    }),
    errors: [
      { ...LEVEL, message: /^(?![\s\S]*(?:Planted|Testchild|Testparent))/ },
      { ...PATHWAY, message: /^(?![\s\S]*(?:Planted|Testchild|Testparent))/ },
    ],
  },
];

// Every case also checks that the rule leaves the referral it checks unchanged.
new RuleTester().run(rule, {
  valid,
  invalid,
  invalidOptions: [
    {
      name: 'option minimumLevels: rejects a category outside the concern code list',
      options: { minimumLevels: { immediateRisk: 4, categories: { 'sexual-exploitation': 4 }, exploitationRisk: {} } },
      error: /minimumLevels\.categories\.sexual-exploitation: unknown key/,
    },
    {
      name: 'option minimumLevels: rejects a screening outcome outside the risk-level code list',
      options: { minimumLevels: { immediateRisk: 4, categories: {}, exploitationRisk: { 'very-high': 4 } } },
      error: /exploitationRisk\.very-high: unknown key/,
    },
    {
      name: 'option minimumLevels: rejects a table without one of its three parts, so no default survives unseen',
      options: { minimumLevels: { immediateRisk: 5 } },
      error: /minimumLevels\.categories: is required/,
    },
    {
      name: 'option minimumLevels: rejects a level that is not a whole number (immediateRisk)',
      options: { minimumLevels: { immediateRisk: 'four', categories: { cse: 3.5 }, exploitationRisk: {} } },
      error: /minimumLevels\.immediateRisk: must be of type integer/,
    },
    {
      name: 'option minimumLevels: rejects a level that is not a whole number (categories)',
      options: { minimumLevels: { immediateRisk: 4, categories: { cse: 3.5 }, exploitationRisk: {} } },
      error: /minimumLevels\.categories\.cse: must be of type integer/,
    },
  ],
});

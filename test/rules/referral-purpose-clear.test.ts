import rule from '../../rules/referral-purpose-clear.js';
import { RuleTester, type ExpectedFinding, type InvalidCase, type ValidCase } from '../../src/testing/rule-tester.js';
import { cleanReferral, edit } from '../helpers.js';

const RULE = rule.meta.id;
const finding = (pointer: string): ExpectedFinding => ({ ruleId: RULE, pointer, severity: 'warning' });
const OUTCOME = '/concerns/requestedOutcome';
const IMPACT = '/concerns/impactOnChild';
// Messages name fields, never what the referral says.
const NO_PERSONAL_VALUE = /^(?![\s\S]*(?:frightened|assessment by|Planted))/i;

// cleanReferral() says what the referrer wants and what it means for the child (72 characters of impact).
const withConcerns = (concerns: Record<string, unknown>) => edit(cleanReferral(), Object.fromEntries(Object.entries(concerns).map(([k, v]) => [`concerns.${k}`, v])));
const IMPACT_40 = 'x'.repeat(40);

const valid: ValidCase[] = [
  { name: 'passes with a requested outcome and an analysis of the impact on the child', referral: cleanReferral(), applicable: true },
  { name: 'passes with an impact of exactly minImpactLength (40) characters', referral: withConcerns({ impactOnChild: IMPACT_40 }), applicable: true },
  { name: 'counts the impact after trimming: 40 characters inside spaces pass', referral: withConcerns({ impactOnChild: `   ${IMPACT_40}   ` }) },
  { name: 'passes a shorter impact when minImpactLength is lowered', referral: withConcerns({ impactOnChild: 'Frightened to go home.' }), options: { minImpactLength: 10 } },

  // Sector exceptions: members of the public are not asked for an analysis.
  {
    name: 'is not applicable to an anonymous referrer',
    referral: edit(cleanReferral(), { 'referrer.sector': 'anonymous', 'concerns.requestedOutcome': undefined, 'concerns.impactOnChild': undefined }),
    applicable: false,
  },
  {
    name: 'is not applicable to a member of the public (sector individual)',
    referral: edit(cleanReferral(), { 'referrer.sector': 'individual', 'concerns.requestedOutcome': undefined, 'concerns.impactOnChild': undefined }),
    applicable: false,
  },
];

const invalid: InvalidCase[] = [
  {
    name: 'a referral that says neither what it wants nor what it means for the child: two findings',
    referral: withConcerns({ requestedOutcome: undefined, impactOnChild: undefined }),
    errors: [finding(OUTCOME), finding(IMPACT)],
  },
  {
    name: 'no concerns at all: the same two findings',
    referral: edit(cleanReferral(), { concerns: undefined }),
    errors: [finding(OUTCOME), finding(IMPACT)],
  },
  {
    name: 'a requested outcome that is empty, blank or a placeholder',
    referrals: [withConcerns({ requestedOutcome: '' }), withConcerns({ requestedOutcome: '   ' }), withConcerns({ requestedOutcome: 'n/a' }), withConcerns({ requestedOutcome: 'TBC' })],
    errors: [0, 1, 2, 3].map((referral) => ({ ...finding(OUTCOME), referral, message: /^concerns\.requestedOutcome is missing, empty or a placeholder: say what you want to happen/ })),
  },
  {
    name: 'an impact that is a placeholder',
    referral: withConcerns({ impactOnChild: 'not known' }),
    errors: [{ ...finding(IMPACT), message: /^concerns\.impactOnChild is missing, empty or a placeholder/ }],
  },
  {
    name: 'an impact shorter than minImpactLength (39 characters, after trimming)',
    referrals: [withConcerns({ impactOnChild: 'x'.repeat(39) }), withConcerns({ impactOnChild: `  ${'x'.repeat(39)}  ` })],
    errors: [0, 1].map((referral) => ({ ...finding(IMPACT), referral, message: 'concerns.impactOnChild is shorter than 40 characters: say how the concerns affect the child and why you are referring now' })),
  },
  {
    name: 'a raised minImpactLength',
    referral: cleanReferral(),
    options: { minImpactLength: 200 },
    errors: [{ ...finding(IMPACT), message: /shorter than 200 characters/ }],
  },
  {
    name: 'a professional referrer with no sector stated is judged',
    referral: edit(cleanReferral(), { 'referrer.sector': undefined, 'concerns.requestedOutcome': undefined }),
    errors: [finding(OUTCOME)],
  },
  {
    name: 'every other sector is judged, the voluntary sector among them',
    referral: edit(cleanReferral(), { 'referrer.sector': 'voluntary', 'concerns.impactOnChild': undefined }),
    errors: [finding(IMPACT)],
  },
  {
    name: 'messages never quote what the referral says',
    referral: withConcerns({ requestedOutcome: 'n/a', impactOnChild: 'frightened' }),
    errors: [{ ...finding(OUTCOME), message: NO_PERSONAL_VALUE }, { ...finding(IMPACT), message: NO_PERSONAL_VALUE }],
  },
];

new RuleTester().run(rule, {
  valid,
  invalid,
  invalidOptions: [
    { name: 'rejects a minImpactLength below 0', options: { minImpactLength: -1 }, error: /minImpactLength/ },
    { name: 'rejects a minImpactLength that is not a whole number', options: { minImpactLength: 'forty' }, error: /minImpactLength/ },
  ],
});

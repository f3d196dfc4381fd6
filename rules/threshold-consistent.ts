import { CONCERN_CATEGORIES, PATHWAYS, SCREENING_RISK_LEVELS, type ConcernCategory } from '../src/domain/codes.js';
import { acceptsPathway } from '../src/domain/threshold-model.js';
import { defineRule } from '../src/rule-api/rule.js';

type ScreeningRiskLevel = (typeof SCREENING_RISK_LEVELS)[number];

export interface MinimumLevels {
  /** The lowest level for a child at immediate risk of significant harm. */
  immediateRisk: number;
  /** The lowest level for each concern category; a category not listed demands none. */
  categories: Partial<Record<ConcernCategory, number>>;
  /** The lowest level for each exploitation screening outcome; an outcome not listed demands none. */
  exploitationRisk: Partial<Record<ScreeningRiskLevel, number>>;
}

export interface ThresholdConsistentOptions {
  minimumLevels: MinimumLevels;
}

/** docs/rule-semantics.md defaults, on the default four-level scale (docs/domain-reference.md: indicators at level 4, at level 3 or above). */
export const DEFAULT_MINIMUM_LEVELS: MinimumLevels = {
  immediateRisk: 4,
  categories: { 'sexual-abuse': 4, trafficking: 4, fgm: 4, cse: 3, cce: 3, missing: 3, 'physical-abuse': 3 },
  exploitationRisk: { high: 4, medium: 3 },
};

const levelTable = (keys: readonly string[]) => ({
  type: 'object',
  additionalProperties: false,
  properties: Object.fromEntries(keys.map((k) => [k, { type: 'integer' }])),
});

/** "a", "a and b", "a, b and c". */
function joinList(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export default defineRule<ThresholdConsistentOptions>({
  meta: {
    id: 'threshold-consistent',
    description: "The stated threshold level agrees with the referral's own indicators, and the pathway asked for agrees with the level.",
    dimension: 'consistency',
    severity: 'error',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        minimumLevels: {
          type: 'object',
          additionalProperties: false,
          required: ['immediateRisk', 'categories', 'exploitationRisk'],
          properties: {
            immediateRisk: { type: 'integer' },
            categories: levelTable(CONCERN_CATEGORIES),
            exploitationRisk: levelTable(SCREENING_RISK_LEVELS),
          },
        },
      },
    },
    defaultOptions: { minimumLevels: DEFAULT_MINIMUM_LEVELS },
    requires: ['threshold.level'],
    reads: ['concerns.categories', 'concerns.immediateRisk', 'exploitationScreening.riskLevel', 'threshold.level', 'threshold.pathway'],
    docs: {
      checks: [
        'Applies when threshold.level is a level of the configured threshold model.',
        'The indicators are concerns.immediateRisk (when true), each of concerns.categories and exploitationScreening.riskLevel, nothing else; each may demand a minimum level (option minimumLevels).',
        'The level is below the minimum its indicators demand: one finding per referral, at threshold.level, naming the indicator that demands the highest minimum (every indicator that ties for it) and both levels. One finding, not one per indicator, because the defect is one: the level is too low; raising it to the highest minimum answers every indicator.',
        'threshold.pathway is present and is not one of the pathways the model accepts for the level: in particular a social-care (or child-protection) referral at a level whose principal pathway is early-help (the "too many contacts" finding), and any referral at a universal level, where no referral is expected. A pathway outside the code list also disagrees (schema-valid reports it, so with schema-valid on the defect is reported once, by schema-valid).',
        'A level accepts one pathway or several, the first being its principal one; the message names them, principal first. The default model accepts early-help or family-help at level 2, social-care or family-help at level 3, and social-care or child-protection at level 4 (family-help and child-protection are the Families First names), and nothing at level 1.',
        "An absent pathway is threshold-applied's finding, not this rule's; so is a level the model does not have.",
        'Minimum levels are level numbers of the configured model and are compared as numbers. Each must be a level of the model: one the model does not have is a configuration error when the config loads (exit 2), naming the minimum and the level, never a finding.',
      ],
      rationale:
        "Inspection finding 4 (South Tyneside JTAI, 2016): agencies applied the referral thresholds inconsistently, producing a high number of contacts to children's social care. " +
        'A referral is inconsistent when its own facts place the child above the level the referrer chose (sexual abuse, trafficking, FGM, immediate risk of significant harm or high-risk exploitation screening at child protection; CSE, CCE, going missing, physical abuse or medium-risk screening at least at child in need), ' +
        'or when the pathway asked for is not the one the threshold document gives that level: a social-care referral at an early-help level is a contact children\'s social care should not have received, and a referral at the universal level should not have been made at all. ' +
        'Working Together 2023 requires each area to publish its criteria for action (the threshold document); the levels, their pathways and the minimums are configurable because areas number their levels differently. ' +
        'Areas adopting Families First (DfE, March 2025) refresh their threshold documents: Family Help at the early-help and child-in-need levels, multi-agency child protection teams for section 47 work, so a level may accept both the older and the newer name while exports carry both.',
      fix:
        "Check the referral against your area's threshold document. If an indicator the finding names places the child at a higher level, record that level in threshold.level (and the pathway it routes to); if the concern categories or screening are wrong, correct them. " +
        'If the level is right, ask for a pathway the threshold document gives it (the message names them, the principal one first): early help or Family Help at early-help levels, social care (or Family Help, or child protection, where your document says so) at social-care levels; at the universal level, support the child through universal services instead of referring.',
      sources: [
        'Ofsted et al., JTAI South Tyneside (2016), finding 4',
        'HM Government, Working Together to Safeguard Children (2023): local criteria for action (threshold document)',
        'South Tyneside Safeguarding Children Partnership, continuum of need (threshold document): indicators by level',
        'Department for Education, Families First Partnership programme guide (March 2025): Family Help and multi-agency child protection teams',
      ],
      options: {
        minimumLevels:
          'The lowest level each indicator demands, replacing the whole default table: immediateRisk (a level), categories (a level for each concern category listed) and exploitationRisk (a level for each screening outcome listed: none, low, medium, high). All three keys are required, so a table written for another scale cannot silently keep a default; a category or outcome left out demands no minimum. ' +
          'Default: immediateRisk 4; sexual-abuse, trafficking, fgm 4; cse, cce, missing, physical-abuse 3; exploitation risk high 4, medium 3.',
      },
      examples: {
        pass: { concerns: { categories: ['sexual-abuse'] }, threshold: { level: 4, pathway: 'child-protection' } },
        fail: { concerns: { categories: ['sexual-abuse'] }, threshold: { level: 2, pathway: 'social-care' } },
      },
    },
  },
  checkOptions({ minimumLevels }, { model }) {
    // Every minimum must be a level of the model: one it lacks can never be met as written.
    const levels = new Set(model.levels.map((l) => l.level));
    const named = new Map<number, string[]>();
    const take = (minimum: number | undefined, where: string): void => {
      if (minimum === undefined || levels.has(minimum)) return;
      named.set(minimum, [...(named.get(minimum) ?? []), where]);
    };
    take(minimumLevels.immediateRisk, 'immediateRisk');
    for (const [category, minimum] of Object.entries(minimumLevels.categories)) take(minimum, `categories.${category}`);
    for (const [risk, minimum] of Object.entries(minimumLevels.exploitationRisk)) take(minimum, `exploitationRisk.${risk}`);
    if (named.size === 0) return [];
    const modelLevels = joinList([...levels].sort((a, b) => a - b).map(String));
    const problems = [...named]
      .sort(([a], [b]) => a - b)
      .map(([level, where]) => `${joinList(where.map((w) => `minimumLevels.${w}`))} ${where.length === 1 ? 'is' : 'are'} level ${level}, which the threshold model does not have (its levels are ${modelLevels})`);
    return [...problems, 'Give threshold-consistent a minimumLevels table in levels of your model (rules.threshold-consistent.options), or add the level to thresholdModel.levels.'];
  },
  applies(referral, ctx) {
    return ctx.helpers.thresholdLevel(referral) !== undefined;
  },
  check(referral, ctx) {
    const level = ctx.helpers.thresholdLevel(referral)!;
    const { immediateRisk, categories, exploitationRisk } = ctx.options.minimumLevels;

    // Every indicator present with the minimum it demands.
    const demands: { indicator: string; minimum: number }[] = [];
    if (referral.concerns?.immediateRisk === true) demands.push({ indicator: 'concerns.immediateRisk', minimum: immediateRisk });
    for (const category of new Set(referral.concerns?.categories ?? [])) {
      // Own keys only: a category written as "constructor" must not find Object's.
      const minimum = Object.hasOwn(categories, category) ? categories[category as ConcernCategory] : undefined;
      if (minimum !== undefined) demands.push({ indicator: `concerns.categories ${category}`, minimum });
    }
    const risk = referral.exploitationScreening?.riskLevel;
    if (risk !== undefined && Object.hasOwn(exploitationRisk, risk)) {
      const minimum = exploitationRisk[risk as ScreeningRiskLevel];
      if (minimum !== undefined) demands.push({ indicator: `exploitationScreening.riskLevel ${risk}`, minimum });
    }
    if (demands.length > 0) {
      const highest = Math.max(...demands.map((d) => d.minimum));
      if (level.level < highest) {
        const named = demands.filter((d) => d.minimum === highest).map((d) => d.indicator);
        ctx.report({ pointer: '/threshold/level', message: `threshold.level ${level.level} is below level ${highest}, the minimum for ${joinList(named)}` });
      }
    }

    const pathway = referral.threshold?.pathway;
    if (pathway === undefined || acceptsPathway(level, pathway)) return;
    const at = `level ${level.level} (${level.name})`;
    // The accepted pathways, principal first: "early-help", or "early-help (it also accepts family-help)".
    const others = (level.pathways ?? [level.pathway]).filter((p) => p !== level.pathway);
    const routes = others.length === 0 ? level.pathway : `${level.pathway} (it also accepts ${joinList(others)})`;
    // Only a code of the list is named: a value outside it may be anything, even personal data.
    const asked = (PATHWAYS as readonly string[]).includes(pathway) ? ` ${pathway}` : '';
    if (level.pathway === 'universal') {
      ctx.report({
        pointer: '/threshold/pathway',
        message: `threshold.pathway disagrees with ${at}, a universal level: at a universal level no referral is expected, the child's needs are met by universal services`,
      });
    } else if ((pathway === 'social-care' || pathway === 'child-protection') && level.pathway === 'early-help') {
      ctx.report({
        pointer: '/threshold/pathway',
        message: `threshold.pathway${asked} disagrees with ${at}, which the threshold model routes to ${routes}: a${asked} referral at an early-help level adds to the contacts children's social care need not receive`,
      });
    } else {
      ctx.report({
        pointer: '/threshold/pathway',
        message: `threshold.pathway${asked} disagrees with ${at}, which the threshold model routes to ${routes}`,
      });
    }
  },
});

import { defineRule } from '../src/rule-api/rule.js';

export interface ThresholdAppliedOptions {
  minRationaleLength: number;
}

export default defineRule<ThresholdAppliedOptions>({
  meta: {
    id: 'threshold-applied',
    description: "The referrer applied the local threshold document: a level of the model, a rationale, and the pathway asked for.",
    dimension: 'completeness',
    severity: 'error',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { minRationaleLength: { type: 'integer', minimum: 0 } },
    },
    defaultOptions: { minRationaleLength: 20 },
    requires: ['threshold.level'],
    reads: ['threshold.level', 'threshold.pathway', 'threshold.rationale'],
    docs: {
      checks: [
        'Applies to every referral.',
        'threshold.level is present and a level of the configured threshold model.',
        'threshold.rationale is meaningful text of at least minRationaleLength characters.',
        'threshold.pathway is present.',
      ],
      rationale:
        'Inspection finding 4 (South Tyneside JTAI, 2016): agencies applied the referral thresholds inconsistently, producing a high number of contacts to children\'s social care. ' +
        "A referrer who states the level of need from the local threshold document, why, and which pathway they ask for lets the front door see at once whether the threshold was understood, and lets the partnership see which agencies need support applying it. " +
        'The levels come from the configured threshold model (default: 1 universal, 2 early help, 3 child in need, 4 child protection).',
      fix: "Record threshold.level as one of the levels of your area's threshold document, threshold.rationale saying which indicators of that level the child shows, and threshold.pathway: early-help, family-help, social-care or child-protection, whichever your threshold document gives the level.",
      sources: [
        'Ofsted et al., JTAI South Tyneside (2016), finding 4',
        'HM Government, Working Together to Safeguard Children (2023): local criteria for action (threshold document)',
        'South Tyneside Safeguarding Children Partnership, continuum of need (threshold document)',
      ],
      options: { minRationaleLength: 'The fewest characters threshold.rationale may have, after trimming.' },
      examples: {
        pass: { threshold: { level: 3, rationale: 'Repeated missing episodes and CSE indicators: level 3 indicators 3.2 and 3.7.', pathway: 'social-care' } },
        fail: { threshold: { level: 7, rationale: 'n/a' } },
      },
    },
  },
  check(referral, ctx) {
    const threshold = referral.threshold;
    const level = threshold?.level;
    const levels = ctx.model.levels.map((l) => l.level).join(', ');
    if (level === undefined) {
      ctx.report({ pointer: '/threshold/level', message: `threshold.level is not recorded (levels of the threshold model: ${levels})` });
    } else if (!ctx.helpers.thresholdLevel(referral)) {
      ctx.report({ pointer: '/threshold/level', message: `threshold.level is not a level of the threshold model (${levels})` });
    }
    const rationale = threshold?.rationale;
    if (!ctx.helpers.isMeaningful(rationale)) {
      ctx.report({ pointer: '/threshold/rationale', message: 'threshold.rationale is missing, empty or a placeholder: say why this level applies' });
    } else if (rationale.trim().length < ctx.options.minRationaleLength) {
      ctx.report({ pointer: '/threshold/rationale', message: `threshold.rationale is shorter than ${ctx.options.minRationaleLength} characters: say which indicators of the level the child shows` });
    }
    if (threshold?.pathway === undefined) {
      ctx.report({ pointer: '/threshold/pathway', message: 'threshold.pathway is not recorded: early-help, family-help, social-care or child-protection' });
    }
  },
});

import { MEMBER_OF_PUBLIC_SECTORS } from '../src/domain/codes.js';
import { defineRule } from '../src/rule-api/rule.js';

export interface ReferralPurposeOptions {
  minImpactLength: number;
}

export default defineRule<ReferralPurposeOptions>({
  meta: {
    id: 'referral-purpose-clear',
    description: 'The referrer says what outcome they want, and analyses the impact on the child and why the referral is made now.',
    dimension: 'completeness',
    severity: 'warning',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { minImpactLength: { type: 'integer', minimum: 0 } },
    },
    defaultOptions: { minImpactLength: 40 },
    // A table with neither column cannot be judged by it; with one, the other's finding is dropped.
    requires: ['concerns.requestedOutcome|concerns.impactOnChild'],
    reads: ['concerns.impactOnChild', 'concerns.requestedOutcome', 'referrer.sector'],
    docs: {
      checks: [
        'Not applicable when referrer.sector is anonymous or individual (members of the public).',
        'concerns.requestedOutcome must be meaningful text: what the referrer asks the front door to do (an assessment, family help, advice, a strategy discussion). Missing, empty or a placeholder: a finding at concerns.requestedOutcome.',
        'concerns.impactOnChild must be meaningful text of at least minImpactLength characters (default 40) after trimming: how the concerns affect the child, and why the referral is made now. Missing, a placeholder or shorter: a finding at concerns.impactOnChild.',
        'At most two findings, one per field.',
      ],
      rationale:
        'Front-door and MASH audits ask two questions of every referral beyond the facts about the child: is the referrer clear about the outcome they want, and is risk identified with an analysis of its impact on the child and of why the referral is made now. ' +
        'Multi-agency referral forms ask the same ("what do you want to happen", "impact on the child"). A referral that lists concerns but neither asks for anything nor says what they mean for the child leaves the front door to guess the request and to do the analysis the referrer was best placed to do; ' +
        'under Families First the choice between advice, Family Help and a child protection enquiry turns on exactly that. Members of the public (sectors individual and anonymous) are not expected to give a professional analysis.',
      fix:
        'Say in concerns.requestedOutcome what you want to happen (for example: "an assessment by children\'s social care", "Family Help for the family", "advice on next steps", "a strategy discussion"). ' +
        'In concerns.impactOnChild, say what the concerns mean for this child (their safety, health, development, schooling) and why you are referring now rather than earlier or later (what changed, what happened).',
      sources: [
        'Local front-door and MASH audit tools: the referrer is clear about the outcome they want; risk is identified with analysis of its impact on the child and why the referral is made now',
        'HM Government, Working Together to Safeguard Children (2023), chapter 3: providing help, support and protection (making a referral to children\'s social care)',
        'Department for Education, Families First Partnership programme guide (March 2025): Family Help, multi-agency child protection',
      ],
      options: {
        minImpactLength: 'The fewest characters concerns.impactOnChild may have, after trimming: a phrase such as "at risk" says nothing about the impact.',
      },
      examples: {
        pass: {
          concerns: {
            requestedOutcome: 'An assessment by children\'s social care, and a strategy discussion if the injury is confirmed as non-accidental.',
            impactOnChild: 'She is frightened to go home and has missed three days of school this week; the injury is new, and the disclosure was made today.',
          },
        },
        fail: { concerns: { requestedOutcome: 'n/a', impactOnChild: 'at risk' } },
      },
    },
  },
  applies(referral) {
    const sector = referral.referrer?.sector;
    return !(sector !== undefined && MEMBER_OF_PUBLIC_SECTORS.includes(sector));
  },
  check(referral, ctx) {
    const concerns = referral.concerns;
    if (!ctx.helpers.isMeaningful(concerns?.requestedOutcome)) {
      ctx.report({
        pointer: '/concerns/requestedOutcome',
        message: 'concerns.requestedOutcome is missing, empty or a placeholder: say what you want to happen (an assessment, family help, advice, a strategy discussion)',
      });
    }
    const impact = concerns?.impactOnChild;
    if (!ctx.helpers.isMeaningful(impact)) {
      ctx.report({
        pointer: '/concerns/impactOnChild',
        message: 'concerns.impactOnChild is missing, empty or a placeholder: say how the concerns affect the child and why you are referring now',
      });
    } else if (impact!.trim().length < ctx.options.minImpactLength) {
      ctx.report({
        pointer: '/concerns/impactOnChild',
        message: `concerns.impactOnChild is shorter than ${ctx.options.minImpactLength} characters: say how the concerns affect the child and why you are referring now`,
      });
    }
  },
});

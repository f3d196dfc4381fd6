import { defineRule } from '../src/rule-api/rule.js';

/** The answers that record the family's decision; `not-asked` records that nobody asked. */
const RECORDED_AGREEMENTS = ['agreed', 'declined'];

export default defineRule({
  meta: {
    id: 'early-help-agreement',
    description: "An early-help referral records the parents' views and whether they agree to early help.",
    dimension: 'compliance',
    severity: 'error',
    requires: ['earlyHelp.parentalAgreement'],
    reads: ['earlyHelp.parentalAgreement', 'earlyHelp.parentalViews', 'threshold.level', 'threshold.pathway'],
    docs: {
      checks: [
        "Applies when threshold.pathway is early-help, or when threshold.level is a level the configured threshold model routes to early help (default level 2), whichever pathway the referrer asked for.",
        'earlyHelp.parentalViews must be meaningful text.',
        'earlyHelp.parentalAgreement must be agreed or declined; not-asked or absent is a finding. A declined agreement is recorded, so it passes: what happens next is for the front door to decide.',
        'Without an earlyHelp object both fields are missing: one finding for each.',
      ],
      rationale:
        "Inspection finding 3 (South Tyneside JTAI, 2016): for early-help referrals, parental views and agreement were not recorded. " +
        "Early help is voluntary: it is offered with the family's agreement, not imposed, so a referral for early help that does not say what the parents think and whether they agree cannot be acted on without going back to the referrer. " +
        'Working Together 2023 and local threshold documents: early help (level 2 in the usual model) is consent-based. Which levels route to early help comes from the configured threshold model, so an area whose level 3 is targeted early help is checked there too.',
      fix:
        "Before referring for early help, talk to the parents: write what they think about the concerns and the help offered in earlyHelp.parentalViews, and record earlyHelp.parentalAgreement as agreed or declined. If they have not been asked, ask them first.",
      sources: [
        'Ofsted et al., JTAI South Tyneside (2016), finding 3',
        'HM Government, Working Together to Safeguard Children (2023), chapter 3: early help',
        'South Tyneside Safeguarding Children Partnership, continuum of need (threshold document): level 2, consent-based early help',
      ],
      examples: {
        pass: { threshold: { level: 2, pathway: 'early-help' }, earlyHelp: { parentalViews: 'Mother wants support with routines and is worried about school attendance.', parentalAgreement: 'agreed' } },
        fail: { threshold: { level: 2, pathway: 'early-help' }, earlyHelp: { parentalViews: 'n/a', parentalAgreement: 'not-asked' } },
      },
    },
  },
  applies(referral, ctx) {
    return referral.threshold?.pathway === 'early-help' || ctx.helpers.thresholdLevel(referral)?.pathway === 'early-help';
  },
  check(referral, ctx) {
    const earlyHelp = referral.earlyHelp;
    if (!ctx.helpers.isMeaningful(earlyHelp?.parentalViews)) {
      ctx.report({
        pointer: '/earlyHelp/parentalViews',
        message: "earlyHelp.parentalViews is missing, empty or a placeholder: an early-help referral must say what the parents think",
      });
    }
    const agreement = earlyHelp?.parentalAgreement;
    if (agreement === undefined || !RECORDED_AGREEMENTS.includes(agreement)) {
      ctx.report({
        pointer: '/earlyHelp/parentalAgreement',
        message:
          agreement === 'not-asked'
            ? 'earlyHelp.parentalAgreement records that the parents were not asked: early help is voluntary, so ask them and record agreed or declined'
            : 'earlyHelp.parentalAgreement does not record agreed or declined: early help is voluntary, so record whether the parents agreed',
      });
    }
  },
});

import { VOLUNTARY_PATHWAYS } from '../src/domain/threshold-model.js';
import { defineRule } from '../src/rule-api/rule.js';

/** Early help and Family Help are voluntary: they need the family's agreement. */
const isVoluntary = (pathway: string | undefined): boolean => pathway !== undefined && (VOLUNTARY_PATHWAYS as readonly string[]).includes(pathway);

/** The answers that record the family's decision; `not-asked` records that nobody asked. */
const RECORDED_AGREEMENTS = ['agreed', 'declined'];

export default defineRule({
  meta: {
    id: 'early-help-agreement',
    description: "An early-help or family-help referral records the parents' views and whether they agree to the help offered.",
    dimension: 'compliance',
    severity: 'error',
    requires: ['earlyHelp.parentalAgreement'],
    reads: ['earlyHelp.parentalAgreement', 'earlyHelp.parentalViews', 'threshold.level', 'threshold.pathway'],
    docs: {
      checks: [
        "Applies when threshold.pathway is early-help or family-help, or when threshold.level is a level whose principal pathway in the configured threshold model is early-help or family-help (default level 2), whichever pathway the referrer asked for. A level that only also accepts family-help (default level 3, child in need, principal pathway social-care) does not make the rule apply by itself: there a social-care referral need not record the family's agreement, a family-help one must.",
        'The messages say Family Help rather than early help when the referral asks for family-help, or asks for neither early-help nor family-help at a level whose principal pathway is family-help.',
        'earlyHelp.parentalViews must be meaningful text.',
        'earlyHelp.parentalAgreement must be agreed or declined; not-asked or absent is a finding. A declined agreement is recorded, so it passes: what happens next is for the front door to decide.',
        'Without an earlyHelp object both fields are missing: one finding for each.',
      ],
      rationale:
        "Inspection finding 3 (South Tyneside JTAI, 2016): for early-help referrals, parental views and agreement were not recorded. " +
        "Early help is voluntary: it is offered with the family's agreement, not imposed, so a referral for early help that does not say what the parents think and whether they agree cannot be acted on without going back to the referrer. " +
        'Working Together 2023 and local threshold documents: early help (level 2 in the usual model) is consent-based. ' +
        "Under the Families First programme (DfE, March 2025) areas replace early help and much child-in-need work with one Family Help service, which is voluntary in the same way, so a family-help referral must record the parents' views and agreement as an early-help one must. " +
        'Which levels route to early help or Family Help comes from the configured threshold model, so an area whose level 3 is targeted early help, or whose levels 2 and 3 are Family Help, is checked there too.',
      fix:
        "Before referring for early help or Family Help, talk to the parents: write what they think about the concerns and the help offered in earlyHelp.parentalViews, and record earlyHelp.parentalAgreement as agreed or declined. If they have not been asked, ask them first.",
      sources: [
        'Ofsted et al., JTAI South Tyneside (2016), finding 3',
        'HM Government, Working Together to Safeguard Children (2023), chapter 3: early help',
        'South Tyneside Safeguarding Children Partnership, continuum of need (threshold document): level 2, consent-based early help',
        'Department for Education, Families First Partnership programme guide (March 2025): Family Help',
      ],
      examples: {
        pass: { threshold: { level: 2, pathway: 'early-help' }, earlyHelp: { parentalViews: 'Mother wants support with routines and is worried about school attendance.', parentalAgreement: 'agreed' } },
        fail: { threshold: { level: 3, pathway: 'family-help' }, earlyHelp: { parentalViews: 'n/a', parentalAgreement: 'not-asked' } },
      },
    },
  },
  applies(referral, ctx) {
    const pathway = referral.threshold?.pathway;
    const principal = ctx.helpers.thresholdLevel(referral)?.pathway;
    return isVoluntary(pathway) || isVoluntary(principal);
  },
  check(referral, ctx) {
    const earlyHelp = referral.earlyHelp;
    // The messages name the voluntary service the referral is for: Family Help when it asks
    // for it, or when it asks for neither and its level's principal pathway is family-help.
    const pathway = referral.threshold?.pathway;
    const familyHelp = pathway === 'family-help' || (pathway !== 'early-help' && ctx.helpers.thresholdLevel(referral)?.pathway === 'family-help');
    const [kind, service] = familyHelp ? ['a family-help', 'Family Help'] : ['an early-help', 'early help'];
    if (!ctx.helpers.isMeaningful(earlyHelp?.parentalViews)) {
      ctx.report({
        pointer: '/earlyHelp/parentalViews',
        message: `earlyHelp.parentalViews is missing, empty or a placeholder: ${kind} referral must say what the parents think`,
      });
    }
    const agreement = earlyHelp?.parentalAgreement;
    if (agreement === undefined || !RECORDED_AGREEMENTS.includes(agreement)) {
      ctx.report({
        pointer: '/earlyHelp/parentalAgreement',
        message:
          agreement === 'not-asked'
            ? `earlyHelp.parentalAgreement records that the parents were not asked: ${service} is voluntary, so ask them and record agreed or declined`
            : `earlyHelp.parentalAgreement does not record agreed or declined: ${service} is voluntary, so record whether the parents agreed`,
      });
    }
  },
});

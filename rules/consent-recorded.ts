import { MEMBER_OF_PUBLIC_SECTORS, SAFEGUARDING_EXCEPTIONS } from '../src/domain/codes.js';
import { defineRule } from '../src/rule-api/rule.js';

export default defineRule({
  meta: {
    id: 'consent-recorded',
    description: 'Consent, or the lawful reason it was not sought, is recorded at the point of referral; at child-protection level, whether parents know is recorded.',
    dimension: 'compliance',
    severity: 'error',
    requires: ['consent.status'],
    reads: [
      'concerns.immediateRisk',
      'consent.givenBy.name',
      'consent.givenBy.relationship',
      'consent.parentsInformed',
      'consent.reasonNotSought.code',
      'consent.reasonNotSought.details',
      'consent.recordedAt',
      'consent.status',
      'referrer.sector',
      'threshold.level',
    ],
    docs: {
      checks: [
        'Not applicable when referrer.sector is anonymous or individual.',
        '1. consent.status must be recorded (at every level, and when no level is stated).',
        '2. given needs consent.givenBy.name, consent.givenBy.relationship and consent.recordedAt.',
        '3. refused or not-sought needs consent.reasonNotSought.code, and meaningful details when the code is other.',
        '4. At a level whose model says consentRequired (default 2 and 3), without immediate risk, refused or not-sought must carry a safeguarding exception: significant-harm-risk, risk-to-others, police-investigation or undue-delay.',
        '5. At a child-protection level (default 4) or with immediateRisk, any recorded status is acceptable, but consent.parentsInformed must be recorded, and false needs a reasonNotSought.code (any code).',
      ],
      rationale:
        'Inspection finding 2 (South Tyneside JTAI, 2016): where parental consent was required, whether it had been sought was not clearly and consistently recorded by referring agencies; consent should be identified at the point of contact. ' +
        'Working Together 2023 and the DfE information-sharing advice: a child-in-need or early-help referral needs the informed consent of a person with parental responsibility unless a safeguarding exception applies; ' +
        'a child-protection referral does not need consent, but parents should be told unless that would put the child or others at risk, prejudice an investigation or cause undue delay, and the decision and its reason must be recorded. ' +
        'Which levels need consent and which are child protection comes from the configured threshold model. Members of the public (sectors individual and anonymous) are not asked to record consent.',
      fix:
        'Record consent.status (given, refused or not-sought). When given, record who gave it (consent.givenBy.name and relationship) and when (consent.recordedAt). When refused or not sought, record consent.reasonNotSought.code, with details when the code is "other"; at a consent-required level the reason must be a safeguarding exception (significant-harm-risk, risk-to-others, police-investigation, undue-delay). ' +
        'At child-protection level or when the child is at immediate risk, record consent.parentsInformed, and when it is false, the reason code.',
      sources: [
        'Ofsted et al., JTAI South Tyneside (2016), finding 2',
        'HM Government, Working Together to Safeguard Children (2023), chapter 3: providing help, support and protection (making a referral: consent and information sharing)',
        'DfE, Information sharing: advice for practitioners providing safeguarding services for children, young people, parents and carers (May 2024)',
      ],
      examples: {
        pass: { threshold: { level: 3 }, consent: { status: 'given', givenBy: { name: 'A. Parent', relationship: 'mother' }, recordedAt: '2026-10-03T09:00:00Z' } },
        fail: { threshold: { level: 3 }, consent: { status: 'not-sought', reasonNotSought: { code: 'unable-to-contact' } } },
      },
    },
  },
  applies(referral) {
    const sector = referral.referrer?.sector;
    return !(sector !== undefined && MEMBER_OF_PUBLIC_SECTORS.includes(sector));
  },
  check(referral, ctx) {
    const consent = referral.consent;
    const level = ctx.helpers.thresholdLevel(referral);
    const immediateRisk = referral.concerns?.immediateRisk === true;
    const consentRequired = level?.consentRequired === true && !immediateRisk;
    const protectionRules = level?.childProtection === true || immediateRisk;
    const status = consent?.status;
    const code = consent?.reasonNotSought?.code;
    let codeReported = false;

    // 1. The status is recorded, at every level.
    if (status === undefined) {
      ctx.report({ pointer: '/consent/status', message: 'consent.status is not recorded: say whether consent was given, refused or not sought' });
    } else if (status === 'given') {
      // 2. Who gave it and when.
      if (!ctx.helpers.isMeaningful(consent?.givenBy?.name)) ctx.report({ pointer: '/consent/givenBy/name', message: 'consent was given but consent.givenBy.name does not say who gave it' });
      if (!ctx.helpers.isMeaningful(consent?.givenBy?.relationship)) ctx.report({ pointer: '/consent/givenBy/relationship', message: "consent was given but consent.givenBy.relationship does not say who they are to the child" });
      if (consent?.recordedAt === undefined) ctx.report({ pointer: '/consent/recordedAt', message: 'consent was given but consent.recordedAt does not say when' });
    } else if (status === 'refused' || status === 'not-sought') {
      // 3. Why not.
      if (code === undefined) {
        codeReported = true;
        ctx.report({
          pointer: '/consent/reasonNotSought/code',
          message: consentRequired
            ? `consent is ${status} but consent.reasonNotSought.code is not recorded; at level ${level!.level} (${level!.name}) consent is required, so the reason must be a safeguarding exception`
            : `consent is ${status} but consent.reasonNotSought.code is not recorded`,
        });
      } else if (code === 'other' && !ctx.helpers.isMeaningful(consent?.reasonNotSought?.details)) {
        ctx.report({ pointer: '/consent/reasonNotSought/details', message: 'consent.reasonNotSought.code is "other" but consent.reasonNotSought.details does not explain it' });
      }
      // 4. At a consent-required level, only a safeguarding exception dispenses with consent.
      if (consentRequired && code !== undefined && !(SAFEGUARDING_EXCEPTIONS as readonly string[]).includes(code)) {
        ctx.report({
          pointer: '/consent/reasonNotSought/code',
          message: `consent was required at level ${level!.level} (${level!.name}) and was neither obtained nor lawfully dispensed with: consent.reasonNotSought.code is not a safeguarding exception (${SAFEGUARDING_EXCEPTIONS.join(', ')})`,
        });
      }
    }

    // 5. Child protection or immediate risk: consent may be dispensed with, but not the parents' knowledge.
    if (protectionRules) {
      const why = immediateRisk ? 'the child is at immediate risk' : `level ${level!.level} (${level!.name}) is a child-protection level`;
      if (consent?.parentsInformed === undefined) {
        ctx.report({ pointer: '/consent/parentsInformed', message: `${why}: consent.parentsInformed must record whether the parents know of the referral` });
      } else if (consent.parentsInformed === false && code === undefined && !codeReported) {
        ctx.report({ pointer: '/consent/reasonNotSought/code', message: `parents were not informed but consent.reasonNotSought.code does not record why` });
      }
    }
  },
});

import { defineRule } from '../src/rule-api/rule.js';
import type { Referral } from '../src/domain/referral.js';
import { HOURS } from '../src/domain/time.js';

export interface ReferralTimelyOptions {
  maxHours: number;
  immediateRiskMaxHours: number;
  requireFirstIdentified: boolean;
  writtenConfirmationHours: number;
}

/** Modes first made by voice, which need a written referral to follow. */
const SPOKEN_MODES = ['telephone', 'in-person'];

/** Check (a): the delay from the concern to the referral can be judged, or its absence is a finding. */
function delayApplies(referral: Referral, options: ReferralTimelyOptions): boolean {
  return options.requireFirstIdentified || (referral.concerns?.firstIdentifiedAt?.ms !== undefined && referral.receivedAt?.ms !== undefined);
}

/** Check (b): a spoken referral from a named referrer, measured from a receivedAt that parses. */
function confirmationApplies(referral: Referral): boolean {
  return (
    referral.mode !== undefined &&
    SPOKEN_MODES.includes(referral.mode) &&
    referral.referrer?.sector !== 'anonymous' &&
    referral.receivedAt?.ms !== undefined
  );
}

export default defineRule<ReferralTimelyOptions>({
  meta: {
    id: 'referral-timely',
    description: 'The referral was made promptly once the concern arose (at once when the child is at immediate risk), and a telephone or in-person referral was confirmed in writing in time.',
    dimension: 'timeliness',
    severity: 'warning',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        maxHours: { type: 'number', minimum: 0 },
        immediateRiskMaxHours: { type: 'number', minimum: 0 },
        requireFirstIdentified: { type: 'boolean' },
        writtenConfirmationHours: { type: 'number', minimum: 0 },
      },
    },
    defaultOptions: { maxHours: 24, immediateRiskMaxHours: 2, requireFirstIdentified: false, writtenConfirmationHours: 48 },
    requires: ['concerns.firstIdentifiedAt'],
    reads: ['concerns.firstIdentifiedAt', 'concerns.immediateRisk', 'mode', 'receivedAt', 'referrer.sector', 'writtenConfirmationAt'],
    docs: {
      checks: [
        'The rule applies when either check applies; otherwise it is not applicable.',
        '(a) When concerns.firstIdentifiedAt parses: receivedAt - firstIdentifiedAt must be at most maxHours (default 24), or immediateRiskMaxHours (default 2) when concerns.immediateRisk is true; exactly the limit is in time, and a negative delay is not late (dates-plausible reports it). Check (a) applies when firstIdentifiedAt and receivedAt parse, or when requireFirstIdentified is true.',
        '(a) An absent concerns.firstIdentifiedAt is a finding only when requireFirstIdentified (default false) is true. One that is present but does not parse is not judged (schema-valid reports it).',
        '(b) For mode telephone or in-person, except referrer.sector anonymous: writtenConfirmationAt more than writtenConfirmationHours (default 48) after receivedAt is a finding; exactly the limit is in time, and one before receivedAt is not late (dates-plausible reports it). writtenConfirmationAt on other modes is ignored.',
        '(b) A missing writtenConfirmationAt is a finding only once receivedAt + writtenConfirmationHours has passed at the reference time, that is when now is strictly later than that deadline: at the deadline itself the written referral may still arrive in time, so it is not yet late.',
        'Both checks measure from receivedAt: when it does not parse, neither check can be judged (schema-valid reports it), except the absence of firstIdentifiedAt under requireFirstIdentified. A date-time without an offset is read in the configured time zone.',
      ],
      rationale:
        'Inspection finding 1 (South Tyneside JTAI, 2016): contacts from partner agencies were mostly timely but of variable quality; this rule keeps timeliness measured per agency so a fall is seen. ' +
        'Working Together to Safeguard Children (2023): anyone with concerns about a child should refer to children\'s social care immediately where the child is or may be at risk of significant harm; local procedures expect other referrals the same working day. ' +
        'Local multi-agency procedures ask that a referral made by telephone or in person is confirmed in writing, within 24 hours, 48 hours or 2 working days by area (default here 48 hours), so the front door has the facts on record. ' +
        'Members of the public who refer anonymously cannot be asked to confirm in writing.',
      fix:
        'Refer as soon as the concern arises: at once (by telephone) when the child may be at immediate risk, otherwise the same day; record concerns.firstIdentifiedAt, when you first became concerned. ' +
        'After a telephone or in-person referral, send the written referral within the local deadline and record writtenConfirmationAt.',
      sources: [
        'Ofsted et al., JTAI South Tyneside (2016), finding 1',
        'HM Government, Working Together to Safeguard Children (2023), chapter 3: providing help, support and protection (making a referral to children\'s social care)',
        'Local safeguarding children partnership procedures: written confirmation of telephone referrals (24 h, 48 h or 2 working days by area)',
      ],
      options: {
        maxHours: 'The most hours from concerns.firstIdentifiedAt to receivedAt.',
        immediateRiskMaxHours: 'The most hours from concerns.firstIdentifiedAt to receivedAt when concerns.immediateRisk is true.',
        requireFirstIdentified: 'When true, a referral without concerns.firstIdentifiedAt is a finding.',
        writtenConfirmationHours: 'The most hours from receivedAt to writtenConfirmationAt for a telephone or in-person referral.',
      },
      examples: {
        pass: { receivedAt: '2026-10-05T10:30:00Z', mode: 'telephone', writtenConfirmationAt: '2026-10-06T09:00:00Z', concerns: { firstIdentifiedAt: '2026-10-05T09:00:00Z' } },
        fail: { receivedAt: '2026-10-05T10:30:00Z', mode: 'telephone', concerns: { firstIdentifiedAt: '2026-10-02T15:00:00Z', immediateRisk: true } },
      },
    },
  },
  applies(referral, ctx) {
    return delayApplies(referral, ctx.options) || confirmationApplies(referral);
  },
  check(referral, ctx) {
    const { maxHours, immediateRiskMaxHours, requireFirstIdentified, writtenConfirmationHours } = ctx.options;
    const received = referral.receivedAt?.ms;

    // (a) From the concern to the referral.
    const identified = referral.concerns?.firstIdentifiedAt;
    if (identified === undefined) {
      if (requireFirstIdentified) {
        ctx.report({ pointer: '/concerns/firstIdentifiedAt', message: 'concerns.firstIdentifiedAt is not recorded: say when the concern first arose, so the timeliness of the referral can be judged' });
      }
    } else if (identified.ms !== undefined && received !== undefined) {
      const immediateRisk = referral.concerns?.immediateRisk === true;
      const limit = immediateRisk ? immediateRiskMaxHours : maxHours;
      if (received - identified.ms > HOURS(limit)) {
        ctx.report({
          pointer: '/concerns/firstIdentifiedAt',
          message: immediateRisk
            ? `receivedAt is more than ${limit} hours after concerns.firstIdentifiedAt although concerns.immediateRisk is true: refer at once when a child may be at immediate risk`
            : `receivedAt is more than ${limit} hours after concerns.firstIdentifiedAt: refer the same day the concern arises`,
        });
      }
    }

    // (b) Written confirmation of a spoken referral.
    if (confirmationApplies(referral) && received !== undefined) {
      const deadline = received + HOURS(writtenConfirmationHours);
      const confirmed = referral.writtenConfirmationAt;
      if (confirmed === undefined) {
        if (ctx.now > deadline) {
          ctx.report({ pointer: '/writtenConfirmationAt', message: `writtenConfirmationAt is not recorded and more than ${writtenConfirmationHours} hours have passed since receivedAt: a ${referral.mode} referral must be confirmed in writing` });
        }
      } else if (confirmed.ms !== undefined && confirmed.ms > deadline) {
        ctx.report({ pointer: '/writtenConfirmationAt', message: `writtenConfirmationAt is more than ${writtenConfirmationHours} hours after receivedAt: a ${referral.mode} referral must be confirmed in writing within ${writtenConfirmationHours} hours` });
      }
    }
  },
});

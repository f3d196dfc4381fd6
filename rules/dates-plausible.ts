import { defineRule } from '../src/rule-api/rule.js';
import type { Moment, Referral } from '../src/domain/referral.js';
import { DAY_MS, dayNumber } from '../src/domain/time.js';

/** docs/rule-semantics.md: the longest an expected date of birth may lie after receivedAt (a full-term pregnancy is about 280 days). */
const EDD_MAX_DAYS_AFTER = 280;
/** docs/rule-semantics.md: the longest an expected date of birth may lie before receivedAt before the child must have been born. */
const EDD_MAX_DAYS_BEFORE = 30;
/** Children's social care is for children: Children Act 1989 s105, a child is a person under 18. */
const ADULT_AGE = 18;
/** docs/referral-format.md: writtenConfirmationAt means something only for these modes (and is judged when no mode is stated). */
const CONFIRMED_MODES = ['telephone', 'in-person'];

type Relation = 'firstIdentified' | 'writtenConfirmation' | 'screening' | 'offered';

interface DateTimeField {
  pointer: string;
  field: string;
  moment: Moment | undefined;
  /** The comparison docs/rule-semantics.md makes for this field, if any. */
  relation?: Relation;
  /** For a return interview offer: the episode's start. */
  startedAt?: Moment;
  startedField?: string;
}

/** Every date-time of the referral, in field order. */
function dateTimesOf(referral: Referral): DateTimeField[] {
  const fields: DateTimeField[] = [
    { pointer: '/receivedAt', field: 'receivedAt', moment: referral.receivedAt },
    { pointer: '/writtenConfirmationAt', field: 'writtenConfirmationAt', moment: referral.writtenConfirmationAt, relation: 'writtenConfirmation' },
    { pointer: '/concerns/firstIdentifiedAt', field: 'concerns.firstIdentifiedAt', moment: referral.concerns?.firstIdentifiedAt, relation: 'firstIdentified' },
    { pointer: '/consent/recordedAt', field: 'consent.recordedAt', moment: referral.consent?.recordedAt },
  ];
  // The typed view keeps positions, so index i is item i of the export.
  (referral.missingEpisodes ?? []).forEach((episode, i) => {
    const at = (key: string): { pointer: string; field: string } => ({ pointer: `/missingEpisodes/${i}/${key}`, field: `missingEpisodes[${i}].${key}` });
    const started = at('startedAt');
    fields.push(
      { ...started, moment: episode.startedAt },
      { ...at('returnedAt'), moment: episode.returnedAt },
      {
        pointer: `/missingEpisodes/${i}/returnInterview/offeredAt`,
        field: `missingEpisodes[${i}].returnInterview.offeredAt`,
        moment: episode.returnInterview?.offeredAt,
        relation: 'offered',
        startedAt: episode.startedAt,
        startedField: started.field,
      },
      { pointer: `/missingEpisodes/${i}/returnInterview/completedAt`, field: `missingEpisodes[${i}].returnInterview.completedAt`, moment: episode.returnInterview?.completedAt },
    );
  });
  fields.push({ pointer: '/exploitationScreening/completedAt', field: 'exploitationScreening.completedAt', moment: referral.exploitationScreening?.completedAt, relation: 'screening' });
  return fields;
}

export default defineRule({
  meta: {
    id: 'dates-plausible',
    description: "Dates are possible: the child's age and expected birth fit a referral, nothing happens after the referral that must come before it, and nothing is in the future.",
    dimension: 'validity',
    severity: 'error',
    docs: {
      checks: [
        'Applies to every referral. Each finding is at the pointer of the field that is implausible; a field has at most one finding.',
        'child.dateOfBirth after the calendar date of receivedAt (in the configured time zone); a child born on that date is plausible.',
        'The child 18 or over at the calendar date of receivedAt (age in whole years, from child.dateOfBirth): reported at child.dateOfBirth.',
        'child.expectedDateOfBirth more than 280 days after, or more than 30 days before, the calendar date of receivedAt (exactly 280 or 30 days is plausible). Not judged when child.dateOfBirth is also recorded (the next check reports that).',
        'Both child.dateOfBirth and child.expectedDateOfBirth recorded: reported at child.expectedDateOfBirth, which belongs only to an unborn child.',
        'concerns.firstIdentifiedAt after receivedAt.',
        'writtenConfirmationAt before receivedAt; as referral-format.md says, writtenConfirmationAt is ignored (by every check of this rule) when mode is stated and is neither telephone nor in-person.',
        'exploitationScreening.completedAt more than 1 day (24 hours) after receivedAt; exactly 24 hours is plausible.',
        "A return interview's missingEpisodes[N].returnInterview.offeredAt before its episode's missingEpisodes[N].startedAt.",
        'Any date-time later than the reference time (now): receivedAt, writtenConfirmationAt, concerns.firstIdentifiedAt, consent.recordedAt, missingEpisodes[N].startedAt, returnedAt, returnInterview.offeredAt and completedAt, exploitationScreening.completedAt; each at its own pointer. The dates child.dateOfBirth and child.expectedDateOfBirth are not judged against now.',
        'So that one defect is reported once: a date-time later than the reference time gets only that finding, and is not compared with any other field. ' +
          'In particular a concerns.firstIdentifiedAt in the future is reported as in the future, not also as after receivedAt; and when receivedAt itself is in the future, it is the one finding about it, and no other field is compared with it (age, date of birth, expected date of birth, first identified, written confirmation, screening), since those comparisons would only echo the wrong receivedAt. ' +
          'Likewise an offer compared with an episode start that is in the future is not judged.',
        'A date or date-time that does not parse is a schema-valid finding and is skipped here, as is a comparison with it.',
      ],
      rationale:
        'Inspection finding 1 (South Tyneside JTAI, 2016): referrals of variable quality left social workers checking basic facts before they could decide the response. ' +
        "An impossible date is a transcription error that hides a real fact: a wrong date of birth changes the child's age and so which services, consent rules and screening apply; a concern dated after the referral, or a confirmation dated before it, makes the timeliness of the referral (referral-timely) meaningless; a screening completed days after the referral was not the basis of it. " +
        "A person of 18 or over is not a child (Children Act 1989 s105), so a referral to children's social care about them is misdirected or carries a wrong date of birth. " +
        'A pregnancy lasts about 280 days (40 weeks) from the last menstrual period, so an expected date of birth further ahead is not yet a pregnancy that can be referred, and one more than 30 days past means the child has been born and should have a date of birth. ' +
        'A return interview (DfE statutory guidance on children who run away or go missing, 2014) follows an episode and cannot be offered before it began.',
      fix:
        'Check each date the finding names against the source record: the date of birth from the health or school record, the expected date of birth from the midwife, the times from your own case notes. ' +
        'Remove child.expectedDateOfBirth once the child is born. If the child is 18 or over, refer to adult services instead.',
      sources: [
        'Children Act 1989, section 105 (a child is a person under 18)',
        'NHS: pregnancy lasts about 40 weeks (280 days) from the first day of the last period',
        'DfE, Children who run away or go missing from home or care: statutory guidance (January 2014), return home interviews',
        'Ofsted et al., JTAI South Tyneside (2016), finding 1',
        'referral-format.md: writtenConfirmationAt applies to telephone and in-person referrals only',
      ],
      examples: {
        pass: { receivedAt: '2026-10-05T10:30:00Z', child: { dateOfBirth: '2014-03-02' }, concerns: { firstIdentifiedAt: '2026-10-05T09:00:00Z' } },
        fail: { receivedAt: '2026-10-05T10:30:00Z', child: { dateOfBirth: '2004-03-02' }, concerns: { firstIdentifiedAt: '2026-10-06T09:00:00Z' } },
      },
    },
  },
  check(referral, ctx) {
    const now = ctx.now;
    const inFuture = (m: Moment | undefined): boolean => m?.ms !== undefined && m.ms > now;
    // receivedAt anchors every comparison; one in the future is itself the defect (see checks).
    const received = referral.receivedAt?.ms !== undefined && !inFuture(referral.receivedAt) ? referral.receivedAt.ms : undefined;
    const receivedDay = received === undefined ? undefined : dayNumber(ctx.helpers.calendarDate(received));

    // The child's dates: calendar dates, compared with the calendar date of receivedAt.
    const child = referral.child;
    const born = child?.dateOfBirth?.ymd;
    if (born && receivedDay !== undefined) {
      if (dayNumber(born) > receivedDay) {
        ctx.report({ pointer: '/child/dateOfBirth', message: 'child.dateOfBirth is after the date of receivedAt: the child was not yet born when the referral was received (use child.expectedDateOfBirth for an unborn child)' });
      } else if ((ctx.helpers.age(referral) ?? 0) >= ADULT_AGE) {
        ctx.report({ pointer: '/child/dateOfBirth', message: `child.dateOfBirth makes the child ${ADULT_AGE} or over at receivedAt: not a child, or a wrong date of birth` });
      }
    }
    if (child?.dateOfBirth !== undefined && child.expectedDateOfBirth !== undefined) {
      ctx.report({ pointer: '/child/expectedDateOfBirth', message: 'child.dateOfBirth and child.expectedDateOfBirth are both recorded: child.expectedDateOfBirth belongs only to an unborn child' });
    } else {
      const expected = child?.expectedDateOfBirth?.ymd;
      if (expected && receivedDay !== undefined) {
        const days = dayNumber(expected) - receivedDay;
        if (days > EDD_MAX_DAYS_AFTER) {
          ctx.report({ pointer: '/child/expectedDateOfBirth', message: `child.expectedDateOfBirth is more than ${EDD_MAX_DAYS_AFTER} days after receivedAt: longer than a pregnancy lasts` });
        } else if (days < -EDD_MAX_DAYS_BEFORE) {
          ctx.report({ pointer: '/child/expectedDateOfBirth', message: `child.expectedDateOfBirth is more than ${EDD_MAX_DAYS_BEFORE} days before receivedAt: the child has been born, so record child.dateOfBirth` });
        }
      }
    }

    const confirmationIgnored = referral.mode !== undefined && !CONFIRMED_MODES.includes(referral.mode);
    for (const f of dateTimesOf(referral)) {
      const ms = f.moment?.ms;
      if (ms === undefined) continue;
      if (f.relation === 'writtenConfirmation' && confirmationIgnored) continue;
      if (ms > now) {
        ctx.report({ pointer: f.pointer, message: `${f.field} is later than the reference time (now): it cannot have happened yet` });
        continue;
      }
      switch (f.relation) {
        case 'firstIdentified':
          if (received !== undefined && ms > received) {
            ctx.report({ pointer: f.pointer, message: 'concerns.firstIdentifiedAt is after receivedAt: the concern cannot have arisen after the referral was received' });
          }
          break;
        case 'writtenConfirmation':
          if (received !== undefined && ms < received) {
            ctx.report({ pointer: f.pointer, message: 'writtenConfirmationAt is before receivedAt: the written confirmation cannot come before the referral it confirms' });
          }
          break;
        case 'screening':
          if (received !== undefined && ms - received > DAY_MS) {
            ctx.report({ pointer: f.pointer, message: 'exploitationScreening.completedAt is more than 1 day after receivedAt: the referral cannot rest on a screening completed later' });
          }
          break;
        case 'offered': {
          const started = f.startedAt?.ms;
          if (started !== undefined && !inFuture(f.startedAt) && ms < started) {
            ctx.report({ pointer: f.pointer, message: `${f.field} is before ${f.startedField}: a return interview cannot be offered before the episode began` });
          }
          break;
        }
        case undefined:
          break;
      }
    }
  },
});

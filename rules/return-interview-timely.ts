import { defineRule } from '../src/rule-api/rule.js';
import { HOURS } from '../src/domain/time.js';

export interface ReturnInterviewTimelyOptions {
  maxHours: number;
}

export default defineRule<ReturnInterviewTimelyOptions>({
  meta: {
    id: 'return-interview-timely',
    description: 'A child who has come back from a missing episode is offered an independent return home interview within 72 hours of returning.',
    dimension: 'timeliness',
    severity: 'warning',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { maxHours: { type: 'number', minimum: 0 } },
    },
    defaultOptions: { maxHours: 72 },
    requires: ['missingEpisodes[].returnedAt', 'missingEpisodes[].returnInterview.offeredAt'],
    reads: [
      'missingEpisodes[].returnInterview.declined',
      'missingEpisodes[].returnInterview.offeredAt',
      'missingEpisodes[].returnedAt',
      'receivedAt',
    ],
    docs: {
      checks: [
        'Applies to each episode with a returnedAt that parses; the rule is applicable when at least one episode has one.',
        'The offer is missingEpisodes[].returnInterview.offeredAt, also when declined is true: a declined interview still needs the date it was offered. A completedAt does not stand in for the offer date.',
        'An offeredAt more than maxHours (default 72) after returnedAt is a finding; exactly maxHours is in time. An offer before returnedAt is not late (dates-plausible reports impossible orders).',
        'An episode without an offer is a finding only when receivedAt is at or after returnedAt + maxHours: the referral is judged as it stood when received, so one sent before the deadline passed is not yet late.',
        'An offeredAt, returnedAt or receivedAt that does not parse is not judged (schema-valid reports it).',
      ],
      rationale:
        'Inspection finding 5 (South Tyneside JTAI, 2016): the response to missing children did not give a coherent picture of the children most at risk. ' +
        'The return home interview is where a child who has been missing can say why they went, where they were and who they were with, often the first sign of exploitation. ' +
        "DfE statutory guidance on children who run away or go missing from home or care (January 2014): the local authority offers an independent return home interview within 72 hours of the child's return.",
      fix:
        "Record missingEpisodes[].returnInterview.offeredAt, the date and time the return home interview was offered, within 72 hours of the child's return (returnedAt). " +
        'If the child or family declined, record declined: true and still record when it was offered. If it has not been offered yet, offer it now and say so in the referral.',
      sources: [
        'Ofsted et al., JTAI South Tyneside (2016), finding 5',
        'DfE, Statutory guidance on children who run away or go missing from home or care (January 2014), return interviews',
      ],
      options: {
        maxHours: 'The most hours after returnedAt within which the return home interview must be offered (and after which a referral without an offer is late).',
      },
      examples: {
        pass: { missingEpisodes: [{ returnedAt: '2026-09-21T14:00:00Z', returnInterview: { offeredAt: '2026-09-22T10:00:00Z', declined: true } }] },
        fail: { missingEpisodes: [{ returnedAt: '2026-09-21T14:00:00Z', returnInterview: { offeredAt: '2026-09-25T10:00:00Z' } }] },
      },
    },
  },
  applies(referral) {
    return (referral.missingEpisodes ?? []).some((e) => e.returnedAt?.ms !== undefined);
  },
  check(referral, ctx) {
    const limit = HOURS(ctx.options.maxHours);
    const received = referral.receivedAt?.ms;
    (referral.missingEpisodes ?? []).forEach((episode, i) => {
      const returned = episode.returnedAt?.ms;
      if (returned === undefined) return;
      const pointer = `/missingEpisodes/${i}/returnInterview/offeredAt`;
      const field = `missingEpisodes[${i}].returnInterview.offeredAt`;
      const offer = episode.returnInterview?.offeredAt;
      if (offer !== undefined) {
        if (offer.ms !== undefined && offer.ms > returned + limit) {
          ctx.report({ pointer, message: `${field} is more than ${ctx.options.maxHours} hours after missingEpisodes[${i}].returnedAt: the return home interview must be offered within ${ctx.options.maxHours} hours of the child's return` });
        }
        return;
      }
      // Judged as the referral stood when received: before the deadline, the offer may still come.
      if (received !== undefined && received >= returned + limit) {
        const declined = episode.returnInterview?.declined === true;
        ctx.report({
          pointer,
          message: declined
            ? `missingEpisodes[${i}].returnInterview.declined is true but ${field} does not record when the interview was offered`
            : `${field} is not recorded and ${ctx.options.maxHours} hours had passed since missingEpisodes[${i}].returnedAt when the referral was received: record when the return home interview was offered`,
        });
      }
    });
  },
});

import { defineRule } from '../src/rule-api/rule.js';
import { dayNumber, parseDate } from '../src/domain/time.js';

export interface MissingEpisodesRecordedOptions {
  absentRetiredOn: string;
}

export default defineRule<MissingEpisodesRecordedOptions>({
  meta: {
    id: 'missing-episodes-recorded',
    description: 'Each episode of going missing is recorded: when it started, how it was classified, the police risk level and whether it was reported; no "absent" after the category was abolished in 2017.',
    dimension: 'validity',
    severity: 'error',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { absentRetiredOn: { type: 'string', format: 'date' } },
    },
    defaultOptions: { absentRetiredOn: '2017-01-31' },
    requires: ['concerns.categories', 'missingEpisodes[].startedAt'],
    reads: [
      'concerns.categories',
      'missingEpisodes[].classification',
      'missingEpisodes[].reportedToPolice',
      'missingEpisodes[].returnedAt',
      'missingEpisodes[].riskLevel',
      'missingEpisodes[].startedAt',
    ],
    docs: {
      checks: [
        'Applies when concerns.categories has missing or missingEpisodes holds at least one episode (an object; items of another type are schema-valid\'s finding and are not episodes).',
        'At least one episode is recorded when missing is a concern.',
        'Each episode has startedAt, classification, riskLevel and reportedToPolice (one finding per absent field; a value of the wrong type or format is schema-valid\'s finding). riskLevel no-apparent-risk, the older name of the lowest grade, is a recorded risk level and counts exactly as very-low.',
        'returnedAt, when present, is not before startedAt (skipped when either does not parse; equal is accepted).',
        'An episode classified absent whose startedAt falls, as a calendar date in the configured time zone, on or after absentRetiredOn (default 2017-01-31) is a finding. An absent episode before that date is not: it only has to be told apart from missing, which its classification does. An absent episode without a startedAt that parses cannot be dated and is not judged (the missing startedAt is its own finding).',
        'An absent episode after absentRetiredOn without a riskLevel gives two findings, one at classification and one at riskLevel: they are two separate defects in two fields, every episode needs a risk level whatever its classification, and the agency must correct both.',
      ],
      rationale:
        'Inspection finding 5 (South Tyneside JTAI, 2016): until January 2016 police did not distinguish children "missing" from "absent", so no coherent list of the children most at risk existed. ' +
        'ACPO interim guidance (2013) created an "absent" category with no police response, and children with CSE markers were wrongly treated as absent. ' +
        "The College of Policing's Authorised Professional Practice on missing persons (January 2017) ended the separate absent category: everyone whose whereabouts cannot be established is missing, on a risk continuum from very low to high, whose lowest grade was first called \"no apparent risk\" (taking in what had been absent) and is now \"very low risk\". " +
        'An episode recorded since then as absent is a classification error; earlier ones must still be told apart from missing. ' +
        'Without the start, the classification, the risk level and whether police were told, the front door cannot see how often and how dangerously the child goes missing.',
      fix:
        'For each episode, record missingEpisodes[].startedAt (when the child was last seen), classification, riskLevel (very-low, low, medium or high; the older no-apparent-risk is accepted and means very-low) and reportedToPolice, and returnedAt once the child is back (not before startedAt). ' +
        'Record an episode since the end of January 2017 as missing (or away-from-placement, for a looked-after child away from placement without authorisation: code A of the looked-after children return, which is not absent), never absent, with the police risk level. If missing is a concern, record at least one episode.',
      sources: [
        'Ofsted et al., JTAI South Tyneside (2016), finding 5',
        'ACPO, Interim guidance on the management, recording and investigation of missing persons (April 2013)',
        'College of Policing, Authorised Professional Practice: Major investigation and public protection, missing persons (January 2017)',
        'DfE, Statutory guidance on children who run away or go missing from home or care (January 2014)',
      ],
      options: {
        absentRetiredOn: 'The date (YYYY-MM-DD) from which an episode classified absent is a finding; compared with the calendar date of startedAt in the configured time zone.',
      },
      examples: {
        pass: { concerns: { categories: ['missing'] }, missingEpisodes: [{ startedAt: '2026-09-20T22:00:00Z', returnedAt: '2026-09-21T14:00:00Z', classification: 'missing', riskLevel: 'medium', reportedToPolice: true }] },
        fail: { concerns: { categories: ['missing'] }, missingEpisodes: [{ startedAt: '2026-09-20T22:00:00Z', classification: 'absent', reportedToPolice: false }] },
      },
    },
  },
  applies(referral) {
    return referral.concerns?.categories?.includes('missing') === true || (referral.missingEpisodes?.length ?? 0) > 0;
  },
  check(referral, ctx) {
    const episodes = referral.missingEpisodes ?? [];
    if (episodes.length === 0) {
      ctx.report({ pointer: '/missingEpisodes', message: 'concerns.categories includes missing but no missingEpisodes are recorded: record each episode, when it started, its classification, the police risk level and whether it was reported to police' });
      return;
    }
    const retired = parseDate(ctx.options.absentRetiredOn);
    episodes.forEach((episode, i) => {
      const at = (field: string): string => `/missingEpisodes/${i}/${field}`;
      const name = (field: string): string => `missingEpisodes[${i}].${field}`;
      if (episode.startedAt === undefined) ctx.report({ pointer: at('startedAt'), message: `${name('startedAt')} is not recorded: say when the child was last seen` });
      if (episode.classification === undefined) ctx.report({ pointer: at('classification'), message: `${name('classification')} is not recorded: missing or away-from-placement` });
      if (episode.riskLevel === undefined) ctx.report({ pointer: at('riskLevel'), message: `${name('riskLevel')} is not recorded: the police risk level (very-low, low, medium or high)` });
      if (episode.reportedToPolice === undefined) ctx.report({ pointer: at('reportedToPolice'), message: `${name('reportedToPolice')} is not recorded: say whether the episode was reported to police` });

      const started = episode.startedAt?.ms;
      const returned = episode.returnedAt?.ms;
      if (started !== undefined && returned !== undefined && returned < started) {
        ctx.report({ pointer: at('returnedAt'), message: `${name('returnedAt')} is before ${name('startedAt')}: the child cannot return before going missing` });
      }

      // College of Policing APP (January 2017): no separate absent category after it.
      if (episode.classification === 'absent' && started !== undefined && retired !== undefined && dayNumber(ctx.helpers.calendarDate(started)) >= dayNumber(retired)) {
        ctx.report({
          pointer: at('classification'),
          message: `${name('classification')} is absent, a category that no longer exists: since the College of Policing APP of January 2017 a child whose whereabouts cannot be established is missing, and must be recorded as missing with a risk level`,
        });
      }
    });
  },
});

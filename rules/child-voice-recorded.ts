import { defineRule } from '../src/rule-api/rule.js';

export interface ChildVoiceOptions {
  minAge: number;
}

export default defineRule<ChildVoiceOptions>({
  meta: {
    id: 'child-voice-recorded',
    description: "The child's own views are recorded, or why they could not be.",
    dimension: 'completeness',
    severity: 'warning',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { minAge: { type: 'integer', minimum: 0 } },
    },
    defaultOptions: { minAge: 4 },
    requires: ['childsViews.recorded'],
    reads: ['child.dateOfBirth', 'childsViews.reasonNotRecorded', 'childsViews.recorded', 'childsViews.views', 'receivedAt'],
    docs: {
      checks: [
        "Applies when the child's age is known (child.dateOfBirth and receivedAt) and at least minAge (default 4); not to an unborn child or a child without a date of birth.",
        'Passes with childsViews.recorded true and meaningful childsViews.views, or childsViews.recorded false and meaningful childsViews.reasonNotRecorded.',
        'No childsViews, or one with no recorded flag, no meaningful views and no meaningful reason: one finding at childsViews (nothing about the child\'s voice is recorded).',
        'recorded true without meaningful views: a finding at childsViews.views.',
        'recorded false without a meaningful reason: a finding at childsViews.reasonNotRecorded.',
        'recorded absent while views or a reason is written: a finding at childsViews.recorded. The referral must say which it is, because a reason not to ask and the child\'s words are read differently; a recorded value of the wrong type is schema-valid\'s finding.',
      ],
      rationale:
        "Inspection finding 1 (South Tyneside JTAI, 2016): referrals were of variable quality, so social workers had to gather key information before deciding the response; what the child says is the piece of it nobody else can supply. " +
        "The Children Act 1989 (s17(4A), s47(5A)) requires the local authority to ascertain the child's wishes and feelings and give them due consideration, and Working Together 2023 asks every practitioner to take a child-centred approach, listening to the child. " +
        'A referral that records what the child said, or says why the child could not be asked (pre-verbal, not safe to ask), gives the front door that starting point. Younger than minAge, most children cannot give their views in words, so the rule does not apply.',
      fix:
        "Record the child's own words or wishes in childsViews.views and set childsViews.recorded to true. If you could not ask the child, set childsViews.recorded to false and say why in childsViews.reasonNotRecorded (for example: not safe to ask before a strategy discussion; the child has no speech and communicates by signing).",
      sources: [
        'Ofsted et al., JTAI South Tyneside (2016), finding 1',
        'Children Act 1989, sections 17(4A) and 47(5A): the child\'s wishes and feelings',
        'HM Government, Working Together to Safeguard Children (2023): a child-centred approach',
        'United Nations Convention on the Rights of the Child, article 12',
      ],
      options: { minAge: "The youngest age, in whole years at the date the referral was received, from which the child's views are expected." },
      examples: {
        pass: { childsViews: { recorded: false, reasonNotRecorded: 'Not safe to ask before the strategy discussion: the alleged abuser is in the home.' } },
        fail: { childsViews: { recorded: true, views: 'n/a' } },
      },
    },
  },
  applies(referral, ctx) {
    const age = ctx.helpers.age(referral);
    return age !== undefined && age >= ctx.options.minAge;
  },
  check(referral, ctx) {
    const voice = referral.childsViews;
    const hasViews = ctx.helpers.isMeaningful(voice?.views);
    const hasReason = ctx.helpers.isMeaningful(voice?.reasonNotRecorded);
    if (voice?.recorded === true) {
      if (!hasViews) {
        ctx.report({ pointer: '/childsViews/views', message: "childsViews.recorded is true but childsViews.views is missing, empty or a placeholder: write the child's words or wishes" });
      }
    } else if (voice?.recorded === false) {
      if (!hasReason) {
        ctx.report({ pointer: '/childsViews/reasonNotRecorded', message: "childsViews.recorded is false but childsViews.reasonNotRecorded is missing, empty or a placeholder: say why the child's views could not be recorded" });
      }
    } else if (!hasViews && !hasReason) {
      ctx.report({
        pointer: '/childsViews',
        message: "the child's views are not recorded (childsViews.views), nor why not (childsViews.reasonNotRecorded)",
        fields: ['childsViews.views', 'childsViews.reasonNotRecorded'],
      });
    } else {
      // A written but wrong-typed flag is reported by schema-valid at this pointer; the runner keeps it once.
      ctx.report({ pointer: '/childsViews/recorded', message: 'childsViews.recorded is not set: set it to true when childsViews.views holds the child\'s views, or false with childsViews.reasonNotRecorded' });
    }
  },
});

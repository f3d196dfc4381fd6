import { defineRule } from '../src/rule-api/rule.js';

export default defineRule({
  meta: {
    id: 'unused-suppression',
    description: 'Each justified lintIgnore entry suppressed at least one finding (off by default; on with --report-unused-suppressions, --strict or the strict preset).',
    dimension: 'compliance',
    severity: 'warning',
    // A stale suppression is about the lint annotations, not the referral's quality.
    weight: 0,
    // The runner reads lintIgnore for it (src/rule-api/special.ts).
    requires: ['lintIgnore[].rule'],
    reads: ['lintIgnore[].reason', 'lintIgnore[].rule'],
    penalty: 0,
    docs: {
      checks: [
        'Applies to a referral with a lintIgnore entry that takes effect (it names a known rule and gives a meaningful reason).',
        'An entry whose rule reported nothing on the referral (the rule passed, did not apply or is off): a finding at lintIgnore[i].',
        'The engine reports this rule after every other rule has run on the referral, since it needs their outcomes. Its default weight and penalty are 0: it never changes a score.',
      ],
      rationale:
        'A suppression that no longer hides anything is stale: the referral was corrected, or the rule changed. Left in place, it would silently hide the next real problem of that kind on the referral.',
      fix: 'Remove the lintIgnore entry, or correct its rule id.',
      sources: ['ESLint: reportUnusedDisableDirectives, the model for this check'],
      examples: {
        pass: { childsViews: { recorded: true, views: 'n/a' }, lintIgnore: [{ rule: 'child-voice-recorded', reason: 'Child has no speech; views gathered by the specialist nurse the next day.' }] },
        fail: { childsViews: { recorded: true, views: 'She wants to stay with her nan.' }, lintIgnore: [{ rule: 'child-voice-recorded', reason: 'Child has no speech; views gathered by the specialist nurse the next day.' }] },
      },
    },
  },
  check() {
    // Reported by the runner (src/engine/runner.ts) once the other rules' outcomes are known.
  },
});

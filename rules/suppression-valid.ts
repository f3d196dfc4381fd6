import { defineRule } from '../src/rule-api/rule.js';
import { UNSUPPRESSIBLE } from '../src/rule-api/special.js';
import { isObject } from '../src/domain/referral.js';
import { closeName } from '../src/domain/nearest.js';

export default defineRule({
  meta: {
    id: 'suppression-valid',
    description: 'Each lintIgnore entry names a rule this configuration knows and gives a meaningful reason.',
    dimension: 'compliance',
    severity: 'error',
    requires: ['lintIgnore[].rule'],
    reads: ['lintIgnore[].reason', 'lintIgnore[].rule'],
    docs: {
      checks: [
        'Applies to a referral with a lintIgnore list.',
        'An entry whose rule is not the id of a rule known to this configuration (built-in, plugin or declarative): a finding at lintIgnore[i].rule. The id is not repeated in the message, as the entry is free text; when a known rule\'s id is close to it (a misspelling, such as concent-recorded), the message asks whether that rule was meant, naming only the known rule.',
        'An entry that names suppression-valid or unused-suppression: a finding at lintIgnore[i].rule; these keep suppressions honest and cannot be suppressed.',
        'An entry without a meaningful reason (absent, empty or a placeholder such as "n/a"): a finding at lintIgnore[i].reason, and the entry suppresses nothing. An absent reason is also a schema-valid finding, reported once.',
      ],
      rationale:
        'A suppression is a recorded decision that a rule does not fit one referral. Without a reason nobody can audit it, and an agency could hide its findings unseen. ' +
        'Only a justified suppression takes effect; suppressed findings are still counted per agency in every report.',
      fix:
        'Give each lintIgnore entry the id of the rule (referral-lint rules lists them) and a reason a reviewer can check, for example "Consent recorded on paper form 17; the export drops it". Remove entries that no longer apply.',
      sources: ['referral-format.md: lintIgnore, "reason required"'],
      examples: {
        pass: { lintIgnore: [{ rule: 'child-voice-recorded', reason: 'Child has no speech; views gathered by the specialist nurse the next day.' }] },
        fail: { lintIgnore: [{ rule: 'child-voice-recorded', reason: 'n/a' }] },
      },
    },
  },
  applies(_referral, ctx) {
    return Array.isArray(ctx.document.lintIgnore) && ctx.document.lintIgnore.length > 0;
  },
  check(_referral, ctx) {
    (ctx.document.lintIgnore as unknown[]).forEach((entry, i) => {
      if (!isObject(entry)) return; // schema-valid reports an entry that is not an object
      const at = `/lintIgnore/${i}`;
      if (typeof entry.rule === 'string') {
        if (UNSUPPRESSIBLE.has(entry.rule)) ctx.report({ pointer: `${at}/rule`, message: `lintIgnore[${i}].rule names a rule that cannot be suppressed` });
        else if (!ctx.knownRules.has(entry.rule)) {
          // The entry is free text: only a known rule's id, never what was written, is named.
          const guess = closeName(entry.rule, [...ctx.knownRules]);
          ctx.report({ pointer: `${at}/rule`, message: `lintIgnore[${i}].rule names no rule known to this configuration (${guess ? `did you mean ${guess}? ` : ''}referral-lint rules lists them)` });
        }
      }
      if (!ctx.helpers.isMeaningful(entry.reason)) {
        ctx.report({ pointer: `${at}/reason`, message: `lintIgnore[${i}].reason is missing or a placeholder: a suppression needs a reason a reviewer can check, so this one suppresses nothing` });
      }
    });
  },
});

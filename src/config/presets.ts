// Named rule sets a config can `extends`. A preset is a function of the registry, so it
// covers every rule, plugins' included, without listing them by hand.
import type { Rule } from '../rule-api/rule.js';
import { UNUSED_SUPPRESSION_RULE_ID as UNUSED_SUPPRESSION } from '../rule-api/special.js';
import type { RuleSetting } from './schema.js';

export type Preset = (registry: readonly Rule<object>[]) => Record<string, RuleSetting>;

export const presets: Record<string, Preset> = {
  /** Every rule at its default severity and options; unused suppressions are not reported. */
  recommended: (registry): Record<string, RuleSetting> => (registry.some((r) => r.meta.id === UNUSED_SUPPRESSION) ? { [UNUSED_SUPPRESSION]: 'off' } : {}),
  /** Warnings become errors (an unused suppression too), and a referral must say when the concern first arose. */
  strict: (registry) => {
    const rules: Record<string, RuleSetting> = {};
    for (const rule of registry) if (rule.meta.severity === 'warning') rules[rule.meta.id] = { severity: 'error' };
    if (registry.some((r) => r.meta.id === 'referral-timely')) {
      rules['referral-timely'] = { severity: 'error', options: { requireFirstIdentified: true } };
    }
    return rules;
  },
};

export const PRESET_NAMES = Object.keys(presets);

// Helpers every rule shares, so "meaningful text" and "age" mean one thing everywhere.
import { levelOf, type ThresholdModel } from '../domain/threshold-model.js';
import type { Referral } from '../domain/referral.js';
import { calendarDate, wholeYears, type Ymd } from '../domain/time.js';
import type { RuleHelpers } from './rule.js';

/**
 * docs/rule-semantics.md: a placeholder is a value that, trimmed, case-folded and without trailing `.`, `!`
 * or `?`, equals a listed placeholder. A value of only those marks (`?`, `...`) is one too.
 */
export function isPlaceholder(text: string, placeholders: ReadonlySet<string>): boolean {
  const folded = text.trim().toLowerCase();
  const stripped = folded.replace(/[.!?]+$/, '');
  return stripped === '' || placeholders.has(stripped) || placeholders.has(folded);
}

export function createHelpers(settings: { timeZone: string; placeholders: readonly string[]; model: ThresholdModel }): RuleHelpers {
  const placeholders = new Set(settings.placeholders.map((p) => p.trim().toLowerCase()));
  const dates = new Map<number, Ymd>();
  const calendar = (ms: number): Ymd => {
    // Cache by the minute: formatting in a time zone is the slow part of age and day checks.
    const minute = Math.floor(ms / 60_000);
    let d = dates.get(minute);
    if (!d) {
      if (dates.size > 10_000) dates.clear();
      d = calendarDate(ms, settings.timeZone);
      dates.set(minute, d);
    }
    return d;
  };
  return {
    isMeaningful(value: unknown): value is string {
      return typeof value === 'string' && !isPlaceholder(value, placeholders);
    },
    age(referral: Referral): number | undefined {
      const born = referral.child?.dateOfBirth?.ymd;
      const received = referral.receivedAt?.ms;
      if (!born || received === undefined) return undefined;
      return wholeYears(born, calendar(received));
    },
    calendarDate: calendar,
    thresholdLevel(referral: Referral) {
      return levelOf(settings.model, referral.threshold?.level);
    },
  };
}

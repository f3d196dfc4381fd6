// Helpers every rule shares, so "meaningful text" and "age" mean one thing everywhere.
import { levelOf, type ThresholdModel } from '../domain/threshold-model.js';
import type { Referral } from '../domain/referral.js';
import { calendarDate, wholeYears, type Ymd } from '../domain/time.js';
import type { RuleHelpers } from './rule.js';

/**
 * docs/rule-semantics.md: a placeholder is a value that, trimmed, case-folded and without trailing `.`, `!`
 * or `?`, equals a listed placeholder. A value of only those marks (`?`, `...`) is one too.
 */
export function isPlaceholder(text: string, placeholders: ReadonlySet<string>, longest = Number.POSITIVE_INFINITY): boolean {
  if (longerThanAny(text, longest)) return false;
  const folded = text.trim().toLowerCase();
  const stripped = folded.replace(/[.!?]+$/, '');
  return stripped === '' || placeholders.has(stripped) || placeholders.has(folded);
}

/** What String.prototype.trim takes off: white space and line terminators. */
function isTrimmed(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * Whether the text, trimmed and without its trailing marks, is longer than the longest
 * placeholder: then it is none, and most text is told so without a copy being made. (Case
 * folding never shortens text, and never makes or unmakes a `.`, `!` or `?`.)
 */
function longerThanAny(text: string, longest: number): boolean {
  let start = 0;
  let end = text.length;
  if (end <= longest) return false;
  while (start < end && isTrimmed(text.charCodeAt(start))) start += 1;
  while (end > start && isTrimmed(text.charCodeAt(end - 1))) end -= 1;
  for (let c = text.charCodeAt(end - 1); end > start && (c === 0x2e || c === 0x21 || c === 0x3f); c = text.charCodeAt(end - 1)) end -= 1;
  return end - start > longest;
}

export function createHelpers(settings: { timeZone: string; placeholders: readonly string[]; model: ThresholdModel }): RuleHelpers {
  const placeholders = new Set(settings.placeholders.map((p) => p.trim().toLowerCase()));
  const longest = [...placeholders].reduce((n, p) => Math.max(n, p.length), 0);
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
      return typeof value === 'string' && !isPlaceholder(value, placeholders, longest);
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

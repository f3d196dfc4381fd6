// How the page writes dates, numbers, scores and counts: the same text on every machine.

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `1 November 2026 at 06:00 UTC`: the same text on every machine, whatever its locale. */
export function longDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} at ${two(d.getUTCHours())}:${two(d.getUTCMinutes())} UTC`;
}

export const NONE = '–';

export function oneDecimal(value: number | null): string {
  return value === null ? NONE : value.toFixed(1);
}

/** The colour band of a score; the number is always printed beside the colour. */
export function band(score: number | null): 'red' | 'amber' | 'green' | 'na' {
  return score === null ? 'na' : score < 50 ? 'red' : score < 80 ? 'amber' : 'green';
}

/** Failed over applicable, as a percentage; null when the rule applied to no referral. */
export function failureRate(rule: { applicable: number; failed: number }): number | null {
  return rule.applicable === 0 ? null : (100 * rule.failed) / rule.applicable;
}

export function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

export function count(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

// What each dimension means, for a reader who has not met DAMA.
export const DIMENSION_MEANING: Record<string, string> = {
  completeness: 'the information a referral must hold is there',
  uniqueness: 'each referral is sent once, not repeated',
  timeliness: 'referrals and follow-ups are made in time',
  validity: 'values have the expected form, codes and check digits',
  accuracy: 'values match what is true of the child and family',
  consistency: 'the parts of a referral agree with each other',
  compliance: 'statutory practice is followed: consent and agreement recorded',
};

export const where = (file: string, line?: number): string => (line === undefined ? file : `${file}:${line}`);

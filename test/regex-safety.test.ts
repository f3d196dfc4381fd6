// The check of a config's regular expressions for catastrophic backtracking
// (src/config/regex-safety.ts): refused where a repeated group can match one text more than
// one way, accepted where every choice is decided by the next character.
import { describe, expect, it } from 'vitest';
import { catastrophicBacktracking } from '../src/config/regex-safety.js';

describe('catastrophic backtracking', () => {
  const refused: [string, string, string][] = [
    ['^(a+)+$', 'u', 'the quantified a+ inside the repeated (a+)+ can match the same text as what may follow it'],
    ['^(\\w+\\s?)+$', 'iu', 'the quantified \\w+ inside the repeated (\\w+\\s?)+ can match the same text as what may follow it'],
    ['(a*)*', 'u', 'the quantified a* inside the repeated (a*)* can match the same text as what may follow it'],
    ['(x+x+)+y', 'u', 'the quantified x+ inside the repeated (x+x+)+ can match the same text as what may follow it'],
    ['^(\\d+\\.?)+$', 'u', 'the quantified \\d+ inside the repeated (\\d+\\.?)+ can match the same text as what may follow it'],
    ['(a?){30}a{30}', 'u', 'the quantified a? inside the repeated (a?){30} can match the same text as what may follow it'],
    ['(.*a){12}', 'u', 'the quantified .* inside the repeated (.*a){12} can match the same text as what may follow it'],
    ['(\\p{L}+\\s?)+', 'u', 'the quantified \\p{L}+ inside the repeated (\\p{L}+\\s?)+ can match the same text as what may follow it'],
    ['(?=(a+)+b)', 'u', 'the quantified a+ inside the repeated (a+)+ can match the same text as what may follow it'],
    ['(\\w|\\d)+', 'u', 'the alternatives \\w and \\d inside the repeated (\\w|\\d)+ can match the same text'],
    ['(a|aa)+', 'u', 'the alternatives a and aa inside the repeated (a|aa)+ can match the same text'],
    ['(a|)+', 'u', 'the alternatives a and (nothing) inside the repeated (a|)+ can match the same text'],
    // Under the i flag, letters match their other case, as the engine folds them.
    ['(a|A)+', 'iu', 'the alternatives a and A inside the repeated (a|A)+ can match the same text'],
    ['(k|\\u212a)+', 'iu', 'the alternatives k and \\u212a inside the repeated (k|\\u212a)+ can match the same text'],
    ['(a\\1)+', 'u', 'the back-reference \\1 inside the repeated (a\\1)+ cannot be checked'],
    ['(?<n>a)(b\\k<n>)+', 'u', 'the back-reference \\k<n> inside the repeated (b\\k<n>)+ cannot be checked'],
  ];
  it.each(refused)('refuses %s (flags %s)', (pattern, flags, why) => {
    expect(catastrophicBacktracking(pattern, flags)).toBe(why);
  });

  const accepted: [string, string][] = [
    ['^northumbria\\s+police\\b', 'iu'],
    ['^[A-Z]{1,2}[0-9]', 'u'],
    ['^[A-Z]{1,2}\\d[A-Z\\d]? ?\\d[A-Z]{2}$', 'u'],
    ['^\\d{3} ?\\d{3} ?\\d{4}$', 'u'],
    ['^\\p{Lu}', 'u'],
    ['^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$', 'u'],
    ['^(\\+44|0)\\d{10}$', 'u'],
    ['\\d{1,3}(,\\d{3})*', 'u'],
    ['(\\s*,\\s*\\w+)*', 'u'],
    ['^(?:[a-z]+-)*[a-z]+$', 'u'],
    ['(ab?)+', 'u'],
    ['(a+b)+', 'u'],
    ['(a|B)+', 'iu'],
    ['(\\p{Lu}|\\d)+', 'u'],
    ['(.|\\n)*', 'u'],
    ['([^a]|a)+', 'u'],
    ['(a)\\1', 'u'],
    ['.*a.*b', 'u'],
  ];
  it.each(accepted)('accepts %s (flags %s)', (pattern, flags) => {
    expect(catastrophicBacktracking(pattern, flags)).toBeUndefined();
  });

  it('refuses a pattern nested past what it can read, rather than run it unchecked', () => {
    const deep = `${'('.repeat(20_000)}a${')'.repeat(20_000)}`;
    expect(catastrophicBacktracking(deep, 'u')).toBe('it is nested too deeply to be checked');
  });
});

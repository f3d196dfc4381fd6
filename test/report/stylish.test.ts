// The terminal report's agency table and summary line: each score's band in words, and in
// colour when colour is on (never colour alone).
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/run/lint.js';
import { stylish } from '../../src/report/stylish.js';
import { cleanReferral, edit, NOW, otherChild } from '../helpers.js';

const ESC = '\u001b';

describe('stylish: bands', () => {
  const referrals = [
    edit(cleanReferral(), { 'referrer.agency': 'Good Agency' }),
    otherChild('R-RI', { 'consent.status': undefined, 'referrer.agency': 'Middling Agency' }),
    otherChild('R-IN', { 'consent.status': undefined, 'threshold.rationale': undefined, 'referrer.agency': 'Weak Agency' }),
  ];

  it('prints each agency\'s band as a word beside its score, and the run\'s in the summary', async () => {
    const result = await lint({ referrals, label: 'mem.json', now: NOW });
    expect(result.agencies.map((a) => [a.name, a.score, a.band])).toEqual([
      ['Weak Agency', 50, 'inadequate'],
      ['Middling Agency', 75, 'requires-improvement'],
      ['Good Agency', 100, 'good'],
    ]);
    const text = stylish(result, { color: false });
    expect(text).not.toContain(ESC);
    expect(text).toMatch(/│ Agency\s+│ Sector\s+│ Referrals │ Score │ Band\s+│ Clean % │/);
    expect(text).toMatch(/│ Weak Agency\s+│ police\s+│\s+1 │  50\.0 │ inadequate\s+│/);
    expect(text).toMatch(/│ Middling Agency\s+│ police\s+│\s+1 │  75\.0 │ requires-improvement │/);
    expect(text).toMatch(/│ Good Agency\s+│ police\s+│\s+1 │ 100\.0 │ good\s+│/);
    expect(text).toContain('; score 75.0 (requires-improvement); clean 33.3%');
  });

  it('colours score and band green, amber (yellow) or red when colour is on', async () => {
    const result = await lint({ referrals, label: 'mem.json', now: NOW });
    const text = stylish(result, { color: true });
    expect(text).toContain(`${ESC}[31m50.0${ESC}[39m`);
    expect(text).toContain(`${ESC}[31minadequate${ESC}[39m`);
    expect(text).toContain(`${ESC}[33mrequires-improvement${ESC}[39m`);
    expect(text).toContain(`${ESC}[32mgood${ESC}[39m`);
    expect(text).toContain(`score ${ESC}[33m75.0${ESC}[39m (${ESC}[33mrequires-improvement${ESC}[39m)`);
  });
});

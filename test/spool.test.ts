// The spool that reports are written from (src/run/spool.ts) holds every selected referral,
// with --include-personal-data the values findings are about: it is made readable by its
// owner only, encrypted under a key that never leaves the process, cut back when a file fails
// part-way (what is written after the cut under a counter of its own), and removed at the end.
// And no spool is ever made beside a device or a pipe (-o /dev/null).
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReferralResult } from '../src/model/types.js';
import { isFileOrNew } from '../src/run/outputs.js';
import { Spool } from '../src/run/spool.js';
import { useTempDirs } from './temp-files.js';

const temp = useTempDirs('spool');

function referral(id: string, value?: string | number): ReferralResult {
  return {
    id,
    file: 'export.json',
    pointer: `/referrals/${id}`,
    agency: 'Northumbria Police',
    sector: 'police',
    score: 75,
    band: 'requires-improvement',
    rulesApplied: ['key-information-present'],
    findings: [{ ruleId: 'key-information-present', severity: 'error', message: 'child.familyName is missing, empty or a placeholder', pointer: `/referrals/${id}/child/familyName`, line: 3, column: 7, ...(value !== undefined ? { value } : {}) }],
    suppressed: [],
  };
}

describe('the reports spool', () => {
  it('is readable by its owner only, holds no referral as plain text, and reads back what was written', () => {
    const dir = temp();
    const spool = new Spool(dir);
    try {
      const written = [referral('CANARY-REF-0001', 'Zebedee-Canary-Surname'), referral('CANARY-REF-0002', '943 476 5919')];
      spool.startFile();
      for (const r of written) spool.referral(r);
      spool.endFile();
      expect([...spool.referrals()]).toEqual(written);
      expect(statSync(spool.file).mode & 0o777).toBe(0o600);
      const raw = readFileSync(spool.file);
      expect(raw.length).toBeGreaterThan(200);
      for (const text of ['CANARY-REF', 'Zebedee', '943 476 5919', 'Northumbria', 'familyName', '"findings"']) expect(raw.includes(text), text).toBe(false);
      expect([...spool.referralsOf('Northumbria Police')].map(([r, i]) => [r.id, i])).toEqual([['CANARY-REF-0001', 0], ['CANARY-REF-0002', 1]]);
    } finally {
      spool.close();
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it("cuts a failed file's referrals off, and reads back those written after the cut", () => {
    const dir = temp();
    const spool = new Spool(dir);
    try {
      spool.startFile();
      spool.referral(referral('A'));
      spool.endFile();
      spool.startFile();
      spool.referral(referral('B-dropped'));
      spool.referral(referral('C-dropped'));
      spool.dropFile();
      spool.startFile();
      spool.referral(referral('D'));
      spool.dropFile();
      spool.startFile();
      spool.referral(referral('E'));
      spool.endFile();
      expect([...spool.referrals()].map((r) => r.id)).toEqual(['A', 'E']);
      expect([...spool.referralsOf('Northumbria Police')].map(([r, i]) => [r.id, i])).toEqual([['A', 0], ['E', 1]]);
      expect(spool.counts).toEqual({ referrals: 2, results: 2 });
    } finally {
      spool.close();
    }
  });

  it('keeps values JSON cannot carry (Infinity, NaN: YAML .inf and .nan), so a report from the spool prints them as the whole result does', () => {
    const spool = new Spool(temp());
    try {
      spool.startFile();
      spool.referral(referral('inf', Number.POSITIVE_INFINITY));
      spool.referral(referral('nan', Number.NaN));
      spool.referral(referral('neg', Number.NEGATIVE_INFINITY));
      spool.referral(referral('text', '\u0000non-finite'));
      spool.endFile();
      expect([...spool.referrals()].map((r) => r.findings[0]!.value)).toEqual([Number.POSITIVE_INFINITY, Number.NaN, Number.NEGATIVE_INFINITY, '\u0000non-finite']);
    } finally {
      spool.close();
    }
  });

  it('is made beside a report file or a new path, never beside a device or a pipe', () => {
    const dir = temp();
    const file = path.join(dir, 'report.json');
    expect(isFileOrNew(file)).toBe(true);
    writeFileSync(file, '');
    expect(isFileOrNew(file)).toBe(true);
    expect(isFileOrNew(dir)).toBe(false);
    expect(isFileOrNew('/dev/null')).toBe(false);
  });
});

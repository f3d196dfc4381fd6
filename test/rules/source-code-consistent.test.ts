import { describe, expect, it } from 'vitest';
import rule from '../../rules/source-code-consistent.js';
import { SECTORS, SOURCE_CODES } from '../../src/codes.js';
import { cleanReferral, edit, keys, runBatch, runRule } from '../helpers.js';

const RULE = rule.meta.id;
const finding = (pointer: string) => ({ ruleId: RULE, pointer, severity: 'error' });

// domain-reference.md, "CIN census source-of-referral codes": each code and the sectors it agrees with.
const TABLE: Record<string, string[]> = {
  '1A': ['individual'],
  '1B': ['individual', 'early-years'],
  '1C': ['individual'],
  '1D': ['individual'],
  '2A': ['school'],
  '2B': ['education-services', 'early-years'],
  '3A': ['health'],
  '3B': ['health'],
  '3C': ['health'],
  '3D': ['health'],
  '3E': ['health'],
  '3F': ['health'],
  '4': ['housing'],
  '5A': ['local-authority'],
  '5B': ['local-authority', 'youth-justice'],
  '5C': ['local-authority'],
  '5D': ['early-help'],
  '6': ['police'],
  '7': ['probation-courts'],
  '8': ['voluntary', 'early-years', 'other'],
  '9': ['anonymous'],
};

const agreeing = Object.entries(TABLE).flatMap(([code, sectors]) => sectors.map((sector) => [code, sector] as const));
const disagreeing = Object.entries(TABLE).map(([code, sectors]) => [code, SECTORS.filter((s) => !sectors.includes(s))] as const);

const referral = (sourceCode: unknown, sector: unknown) => edit(cleanReferral(), { 'referrer.sourceCode': sourceCode, 'referrer.sector': sector });

describe('source-code-consistent', () => {
  it('passes the clean referral (police, code 6)', async () => {
    const run = await runRule(rule, cleanReferral());
    expect(run.applicable).toBe(true);
    expect(keys(run)).toEqual([]);
  });

  it('has dimension consistency and default severity error', () => {
    expect(rule.meta).toMatchObject({ id: 'source-code-consistent', dimension: 'consistency', severity: 'error' });
  });

  it('reads the same table as domain-reference.md from src/codes.ts', () => {
    const fromCodes = Object.fromEntries(SOURCE_CODES.filter((c) => c.sectors !== 'any').map((c) => [c.code, [...c.sectors]]));
    expect(fromCodes).toEqual(TABLE);
    expect(SOURCE_CODES.find((c) => c.code === '10')?.sectors).toBe('any');
  });

  describe('applicability', () => {
    it('is not applicable without a source code', async () => {
      const run = await runRule(rule, referral(undefined, 'health'));
      expect(run.applicable).toBe(false);
    });
    it.each(['11', '6A', '06', ' 6', '2a', '', 'police'])('is not applicable to %j, which is not a CIN code (schema-valid reports it)', async (code) => {
      const run = await runRule(rule, referral(code, 'health'));
      expect(run.applicable).toBe(false);
      const withSchema = await runRule(rule, referral(code, 'health'), { with: ['schema-valid'] });
      expect(keys(withSchema)).toEqual([{ ruleId: 'schema-valid', pointer: '/referrer/sourceCode', severity: 'error' }]);
    });
    it.each([true, 6.5, null])('is not applicable to a source code of the wrong type (%j)', async (code) => {
      const run = await runRule(rule, referral(code, 'health'));
      expect(run.applicable).toBe(false);
    });
  });

  describe('agreement with referrer.sector (every code family)', () => {
    it.each(agreeing)('passes code %s with sector %s', async (code, sector) => {
      const run = await runRule(rule, referral(code, sector));
      expect(run.applicable).toBe(true);
      expect(keys(run)).toEqual([]);
    });
    it.each(disagreeing)('fires on code %s with every other sector', async (code, sectors) => {
      expect(sectors.length).toBeGreaterThan(0);
      const runs = await runBatch(rule, sectors.map((sector) => referral(code, sector)));
      expect(runs.map(keys)).toEqual(sectors.map(() => [finding('/referrer/sourceCode')]));
    });
    it('passes code 10 (unknown) with every sector', async () => {
      const runs = await runBatch(rule, SECTORS.map((sector) => referral('10', sector)));
      expect(runs.map((r) => [r.applicable, keys(r)])).toEqual(SECTORS.map(() => [true, []]));
    });
  });

  describe('the numeric form of the all-digit codes', () => {
    it.each([[4, 'housing'], [6, 'police'], [7, 'probation-courts'], [8, 'voluntary'], [9, 'anonymous'], [10, 'school']] as const)(
      'passes %j with sector %s',
      async (code, sector) => {
        const run = await runRule(rule, referral(code, sector));
        expect(run.applicable).toBe(true);
        expect(keys(run)).toEqual([]);
      },
    );
    it.each([[4, 'police'], [6, 'health'], [9, 'individual']] as const)('fires on %j with sector %s', async (code, sector) => {
      const run = await runRule(rule, referral(code, sector));
      expect(keys(run)).toEqual([finding('/referrer/sourceCode')]);
    });
    it('judges 6 and "6" alike', async () => {
      const number = await runRule(rule, referral(6, 'school'));
      const text = await runRule(rule, referral('6', 'school'));
      expect(keys(number)).toEqual(keys(text));
      expect(number.findings[0]!.message).toBe(text.findings[0]!.message);
    });
  });

  describe('a sector that cannot be compared', () => {
    it('does not fire when referrer.sector is absent (schema-valid reports the required key)', async () => {
      const run = await runRule(rule, referral('6', undefined));
      expect(run.applicable).toBe(true);
      expect(keys(run)).toEqual([]);
    });
    it('does not fire when referrer.sector is outside the sector list (schema-valid reports it)', async () => {
      const run = await runRule(rule, referral('6', 'fire-service'), { with: ['schema-valid'] });
      expect(keys(run)).toEqual([{ ruleId: 'schema-valid', pointer: '/referrer/sector', severity: 'error' }]);
    });
  });

  it('names the fields and what the code agrees with, in the message', async () => {
    const run = await runRule(rule, referral('3E', 'school'));
    expect(run.findings[0]!.message).toContain('referrer.sourceCode');
    expect(run.findings[0]!.message).toContain('referrer.sector');
    expect(run.findings[0]!.message).toContain('health');
  });

  it('carries the configured severity', async () => {
    const run = await runRule(rule, referral('2A', 'health'), { severity: 'warning' });
    expect(keys(run)).toEqual([{ ruleId: RULE, pointer: '/referrer/sourceCode', severity: 'warning' }]);
  });

  it('never puts personal data in a message', async () => {
    const run = await runRule(rule, edit(referral('2A', 'health'), { 'referrer.agency': 'Plantedvalue NHS Trust', 'referrer.name': 'Dr Plantedname' }));
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]!.message).not.toMatch(/Planted/i);
  });
});

import { describe, expect, it } from 'vitest';
import rule from '../../rules/source-code-consistent.js';
import { SECTORS, SOURCE_CODES } from '../../src/domain/codes.js';
import { RuleTester, type InvalidCase, type ValidCase } from '../../src/testing/rule-tester.js';
import { cleanReferral, edit } from '../helpers.js';

const RULE = rule.meta.id;
const SOURCE_CODE = { ruleId: RULE, pointer: '/referrer/sourceCode', severity: 'error' } as const;

// docs/domain-reference.md, "Who refers: sectors and CIN source-of-referral codes": each code and the sectors it agrees with.
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
const WITH_SCHEMA = { rules: { 'schema-valid': 'error' as const } };

describe('source-code-consistent', () => {
  it('has dimension consistency and default severity error', () => {
    expect(rule.meta).toMatchObject({ id: 'source-code-consistent', dimension: 'consistency', severity: 'error' });
  });

  it('reads the same table as domain-reference.md from src/domain/codes.ts', () => {
    const fromCodes = Object.fromEntries(SOURCE_CODES.filter((c) => c.sectors !== 'any').map((c) => [c.code, [...c.sectors]]));
    expect(fromCodes).toEqual(TABLE);
    expect(SOURCE_CODES.find((c) => c.code === '10')?.sectors).toBe('any');
  });

  it('covers every sector in the table and in the cases below', () => {
    expect(disagreeing.every(([, sectors]) => sectors.length > 0)).toBe(true);
  });
});

const valid: ValidCase[] = [
  { name: 'passes the clean referral (police, code 6)', referral: cleanReferral(), applicable: true },
  { name: 'is not applicable without a source code', referral: referral(undefined, 'health'), applicable: false },
  ...['11', '6A', '06', ' 6', '2a', '', 'police'].map((code) => ({
    name: `is not applicable to ${JSON.stringify(code)}, which is not a CIN code`,
    referral: referral(code, 'health'),
    applicable: false,
  })),
  ...[true, 6.5, null].map((code) => ({ name: `is not applicable to a source code of the wrong type (${JSON.stringify(code)})`, referral: referral(code, 'health'), applicable: false })),
  ...agreeing.map(([code, sector]) => ({ name: `passes code ${code} with sector ${sector}`, referral: referral(code, sector), applicable: true })),
  { name: 'passes code 10 (unknown) with every sector', referrals: SECTORS.map((sector) => referral('10', sector)), applicable: true },
  ...([[4, 'housing'], [6, 'police'], [7, 'probation-courts'], [8, 'voluntary'], [9, 'anonymous'], [10, 'school']] as const).map(([code, sector]) => ({
    name: `passes the number ${code} with sector ${sector}`,
    referral: referral(code, sector),
    applicable: true,
  })),
  { name: 'does not fire when referrer.sector is absent (schema-valid reports the required key)', referral: referral('6', undefined), applicable: true },
];

const invalid: InvalidCase[] = [
  ...['11', '6A', '06', ' 6', '2a', '', 'police'].map((code) => ({
    name: `leaves ${JSON.stringify(code)} to schema-valid`,
    referral: referral(code, 'health'),
    config: WITH_SCHEMA,
    errors: [{ ruleId: 'schema-valid', pointer: '/referrer/sourceCode', severity: 'error' as const }],
  })),
  ...disagreeing.map(([code, sectors]) => ({
    name: `fires on code ${code} with every other sector`,
    referrals: sectors.map((sector) => referral(code, sector)),
    errors: sectors.map((_, i) => ({ ...SOURCE_CODE, referral: i })),
  })),
  ...([[4, 'police'], [6, 'health'], [9, 'individual']] as const).map(([code, sector]) => ({
    name: `fires on the number ${code} with sector ${sector}`,
    referral: referral(code, sector),
    errors: [SOURCE_CODE],
  })),
  {
    name: 'judges 6 and "6" alike, with the same message',
    referrals: [referral(6, 'school'), referral('6', 'school')],
    errors: [
      { ...SOURCE_CODE, referral: 0, message: 'referrer.sourceCode (CIN: police) does not agree with referrer.sector school; it agrees with sector police. Codes that fit sector school: 2A' },
      { ...SOURCE_CODE, referral: 1, message: 'referrer.sourceCode (CIN: police) does not agree with referrer.sector school; it agrees with sector police. Codes that fit sector school: 2A' },
    ],
  },
  {
    name: 'does not fire when referrer.sector is outside the sector list (schema-valid reports it)',
    referral: referral('6', 'fire-service'),
    config: WITH_SCHEMA,
    errors: [{ ruleId: 'schema-valid', pointer: '/referrer/sector', severity: 'error' }],
  },
  {
    name: 'names the fields and what the code agrees with, in the message',
    referral: referral('3E', 'school'),
    errors: [{ ...SOURCE_CODE, message: /referrer\.sourceCode.*referrer\.sector.*health|health.*referrer\.sector/ }],
  },
  { name: 'carries the configured severity', referral: referral('2A', 'health'), severity: 'warning', errors: [{ ...SOURCE_CODE, severity: 'warning' }] },
  {
    name: 'never puts personal data in a message',
    referral: edit(referral('2A', 'health'), { 'referrer.agency': 'Plantedvalue NHS Trust', 'referrer.name': 'Dr Plantedname' }),
    errors: [{ ...SOURCE_CODE, message: /^(?![\s\S]*Planted)/i }],
  },
];

new RuleTester().run(rule, { valid, invalid });

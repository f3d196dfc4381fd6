import { describe, expect, it } from 'vitest';
import { cleanReferral, edit, keys, runRule } from '../helpers.js';

const RULE = 'schema-valid';
const finding = (pointer: string) => ({ ruleId: RULE, pointer, severity: 'error' });

describe('schema-valid', () => {
  it('passes a referral that matches the format', async () => {
    const run = await runRule(RULE, cleanReferral());
    expect(run.applicable).toBe(true);
    expect(keys(run)).toEqual([]);
  });

  it('reports each missing required key at its own pointer', async () => {
    const run = await runRule(RULE, { id: 'X' });
    expect(keys(run)).toEqual([finding('/receivedAt'), finding('/referrer'), finding('/child')]);
    expect(run.findings.map((f) => f.message)).toEqual(['receivedAt is required', 'referrer is required', 'child is required']);
  });

  it('names the allowed values of a code list in plain words', async () => {
    const run = await runRule(RULE, edit(cleanReferral(), { 'consent.status': 'verbal' }));
    expect(keys(run)).toEqual([finding('/consent/status')]);
    expect(run.findings[0]!.message).toBe('consent.status must be one of given, refused, not-sought');
  });

  it('reports a wrong type without quoting the value', async () => {
    const run = await runRule(RULE, edit(cleanReferral(), { 'child.givenName': 4711 }));
    expect(keys(run)).toEqual([finding('/child/givenName')]);
    expect(run.findings[0]!.message).toBe('child.givenName must be text');
    expect(run.findings[0]!.message).not.toContain('4711');
  });

  it('checks date and date-time formats, accepting a date-time without an offset', async () => {
    const run = await runRule(RULE, edit(cleanReferral(), {
      'child.dateOfBirth': '02/03/2014',
      'concerns.firstIdentifiedAt': '2026-02-30T09:00:00Z',
      receivedAt: '2026-10-05T10:30:00',
    }));
    expect(keys(run)).toEqual([finding('/child/dateOfBirth'), finding('/concerns/firstIdentifiedAt')]);
    expect(run.findings[0]!.message).toBe('child.dateOfBirth must be a date (YYYY-MM-DD)');
  });

  it('checks email addresses, and names array items by index', async () => {
    const run = await runRule(RULE, edit(cleanReferral(), { carers: [{ name: 'A', email: 'not-an-email' }] }));
    expect(keys(run)).toEqual([finding('/carers/0/email')]);
    expect(run.findings[0]!.message).toBe('carers[0].email must be an email address');
  });

  it('accepts all-digit source codes written as numbers, and rejects unknown codes', async () => {
    expect(keys(await runRule(RULE, edit(cleanReferral(), { 'referrer.sourceCode': 6 })))).toEqual([]);
    expect(keys(await runRule(RULE, edit(cleanReferral(), { 'referrer.sourceCode': '3G' })))).toEqual([finding('/referrer/sourceCode')]);
    expect(keys(await runRule(RULE, edit(cleanReferral(), { 'referrer.sourceCode': 11 })))).toEqual([finding('/referrer/sourceCode')]);
  });

  it('checks the shape of NHS numbers and UPNs but not their check digits', async () => {
    expect(keys(await runRule(RULE, edit(cleanReferral(), { 'child.nhsNumber': '4380590096' })))).toEqual([]);
    expect(keys(await runRule(RULE, edit(cleanReferral(), { 'child.nhsNumber': '943 476 591' })))).toEqual([finding('/child/nhsNumber')]);
    expect(keys(await runRule(RULE, edit(cleanReferral(), { 'child.upn': 'A95000017830' })))).toEqual([finding('/child/upn')]);
  });

  it('requires a reason on each lintIgnore entry', async () => {
    const run = await runRule(RULE, edit(cleanReferral(), { lintIgnore: [{ rule: 'consent-recorded' }] }));
    expect(keys(run)).toEqual([finding('/lintIgnore/0/reason')]);
  });

  it('allows unknown keys, and reports them under --strict', async () => {
    const referral = edit(cleanReferral(), { systemRowId: 17, 'child.caseNoteRef': 'X' });
    expect(keys(await runRule(RULE, referral))).toEqual([]);
    const strict = await runRule(RULE, referral, { strict: true });
    expect(keys(strict)).toEqual([finding('/systemRowId'), finding('/child/caseNoteRef')]);
  });

  it('treats __proto__ and constructor keys as ordinary unknown keys', async () => {
    const referral = JSON.parse(JSON.stringify(cleanReferral()).replace('{', '{"__proto__":{"polluted":true},"constructor":1,')) as object;
    expect(keys(await runRule(RULE, referral))).toEqual([]);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });
});

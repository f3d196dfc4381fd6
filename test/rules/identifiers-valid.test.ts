import { describe, expect, it } from 'vitest';
import rule from '../../rules/identifiers-valid.js';
import { cleanReferral, edit, keys, runRule } from '../helpers.js';

const RULE = rule.meta.id;
const finding = (pointer: string) => ({ ruleId: RULE, pointer, severity: 'error' });
const schema = (pointer: string) => ({ ruleId: 'schema-valid', pointer, severity: 'error' });

/** The clean referral without any identifier or postcode. */
const noIdentifiers = () => edit(cleanReferral(), { 'child.nhsNumber': undefined, 'child.upn': undefined, 'child.address.postcode': undefined });

describe('identifiers-valid', () => {
  it('passes the clean referral (spaced NHS number, permanent UPN, postcode)', async () => {
    const run = await runRule(rule, cleanReferral());
    expect(run.applicable).toBe(true);
    expect(keys(run)).toEqual([]);
  });

  it('has id identifiers-valid, dimension validity and default severity error', () => {
    expect(rule.meta).toMatchObject({ id: 'identifiers-valid', dimension: 'validity', severity: 'error' });
  });

  describe('applicability', () => {
    it('is not applicable without an NHS number, a UPN or a postcode', async () => {
      const run = await runRule(rule, noIdentifiers());
      expect(run.applicable).toBe(false);
      expect(run.findings).toEqual([]);
    });
    it.each(['', '   ', 'N/A', 'unknown'])('treats a postcode of %j as absent (key-information-present reports it)', async (postcode) => {
      const run = await runRule(rule, edit(noIdentifiers(), { 'child.address.postcode': postcode, carers: [{ name: 'A', address: { postcode } }] }));
      expect(run.applicable).toBe(false);
    });
    it('is not applicable when the NHS number is not a string (schema-valid reports the type)', async () => {
      const run = await runRule(rule, edit(noIdentifiers(), { 'child.nhsNumber': 4380590096 }));
      expect(run.applicable).toBe(false);
    });
    it.each([
      ['an NHS number', { 'child.nhsNumber': '9434765919' }],
      ['a UPN', { 'child.upn': 'A950000178301' }],
      ['a child postcode', { 'child.address.postcode': 'NE33 2RL' }],
      ['a carer postcode only', { carers: [{ name: 'A', address: { postcode: 'NE33 2RL' } }] }],
      ['a household postcode only', { household: [{ name: 'B', address: { postcode: 'NE33 2RL' } }] }],
    ])('applies with %s', async (_what, fields) => {
      const run = await runRule(rule, edit(noIdentifiers(), fields));
      expect(run.applicable).toBe(true);
      expect(keys(run)).toEqual([]);
    });
  });

  describe('child.nhsNumber: modulus 11, not one repeated digit', () => {
    it.each(['9434765919', '4010232137', '9449305552', '943 476 5919', ' 401 023 2137 ', '944\t930\t5552'])('passes %j', async (n) => {
      const run = await runRule(rule, edit(cleanReferral(), { 'child.nhsNumber': n }));
      expect(keys(run)).toEqual([]);
    });
    it.each(['4380590096', '3459124359', '438 059 0096'])('fires on %j, which fails the check digit', async (n) => {
      const run = await runRule(rule, edit(cleanReferral(), { 'child.nhsNumber': n }));
      expect(keys(run)).toEqual([finding('/child/nhsNumber')]);
      expect(run.findings[0]!.message).toContain('check digit');
    });
    it.each(['2222222222', '222 222 2222', '0000000000'])('fires on %j, one repeated digit', async (n) => {
      const run = await runRule(rule, edit(cleanReferral(), { 'child.nhsNumber': n }));
      expect(keys(run)).toEqual([finding('/child/nhsNumber')]);
      expect(run.findings[0]!.message).toContain('repeated');
    });
    it.each(['943476591', '94347659190', '943-476-5919', 'unknown', ''])('leaves %j (not 10 digits) to schema-valid', async (n) => {
      const alone = await runRule(rule, edit(cleanReferral(), { 'child.nhsNumber': n }));
      expect(keys(alone)).toEqual([]);
      const withSchema = await runRule(rule, edit(cleanReferral(), { 'child.nhsNumber': n }), { with: ['schema-valid'] });
      expect(keys(withSchema)).toEqual([schema('/child/nhsNumber')]);
    });
  });

  describe('child.upn: DfE UPN 2.0 check letter', () => {
    it.each(['A950000178301', 'H243278544154', 'B801200005001', 'P207000016049', 'E20000000000A'])('passes %s', async (upn) => {
      const run = await runRule(rule, edit(cleanReferral(), { 'child.upn': upn }));
      expect(keys(run)).toEqual([]);
    });
    it.each(['A801200005001', 'R247962919251', 'X428558133462', 'Q207000016049', 'A20000000000A'])('fires on %s, a wrong check letter', async (upn) => {
      const run = await runRule(rule, edit(cleanReferral(), { 'child.upn': upn }));
      expect(keys(run)).toEqual([finding('/child/upn')]);
      expect(run.findings[0]!.message).toContain('check letter');
    });
    it.each(['a950000178301', '1950000178301', 'I20000000000A', 'A95000017830O', 'A9500 0178301', 'A95000017830 '])(
      'fires on %j: 13 characters but not the shape of a UPN (schema-valid checks only the length)',
      async (upn) => {
        const run = await runRule(rule, edit(cleanReferral(), { 'child.upn': upn }), { with: ['schema-valid'] });
        expect(keys(run)).toEqual([finding('/child/upn')]);
        expect(run.findings[0]!.message).toContain('shaped');
      },
    );
    it.each(['A95000017830', 'A9500001783010', ''])('leaves %j (not 13 characters) to schema-valid', async (upn) => {
      const alone = await runRule(rule, edit(cleanReferral(), { 'child.upn': upn }));
      expect(keys(alone)).toEqual([]);
      const withSchema = await runRule(rule, edit(cleanReferral(), { 'child.upn': upn }), { with: ['schema-valid'] });
      expect(keys(withSchema)).toEqual([schema('/child/upn')]);
    });
  });

  describe('postcodes: UK format', () => {
    it.each(['EC1A 1BB', 'W1A 0AX', 'M1 1AE', 'B33 8TH', 'CR2 6XH', 'DN55 1PT', 'NE33 2RL', 'SW1A2AA', 'ne33 2rl', 'GIR 0AA', ' NE33 2RL '])(
      'passes %j',
      async (postcode) => {
        const run = await runRule(rule, edit(cleanReferral(), { 'child.address.postcode': postcode }));
        expect(keys(run)).toEqual([]);
      },
    );
    it.each(['GIR 0AAX', '12345', 'NE33', 'NE33  2RL', 'NE332 RL'])('fires on the child postcode %j', async (postcode) => {
      const run = await runRule(rule, edit(cleanReferral(), { 'child.address.postcode': postcode }));
      expect(keys(run)).toEqual([finding('/child/address/postcode')]);
    });
    it('fires on each carer and household postcode at its own pointer', async () => {
      const run = await runRule(
        rule,
        edit(cleanReferral(), {
          carers: [
            { name: 'Sam Testparent', relationship: 'mother', parentalResponsibility: true, address: { postcode: 'NE33 2RL' } },
            { name: 'Lee Testparent', relationship: 'father', address: { postcode: 'NE33' } },
          ],
          household: [{ name: 'Kim', address: { postcode: '12345' } }, { name: 'Jo', address: { postcode: 'SW1A 2AA' } }, { name: 'Al', address: { postcode: 'GIR 0AAX' } }],
        }),
      );
      expect(keys(run)).toEqual([finding('/carers/1/address/postcode'), finding('/household/0/address/postcode'), finding('/household/2/address/postcode')]);
      expect(run.findings.map((f) => f.message)).toEqual([
        expect.stringContaining('carers[1].address.postcode'),
        expect.stringContaining('household[0].address.postcode'),
        expect.stringContaining('household[2].address.postcode'),
      ]);
    });
    it('keeps the index the export gave when an item of the array is not an object', async () => {
      const run = await runRule(rule, edit(cleanReferral(), { household: ['not a person', { name: 'Kim', address: { postcode: 'NE33' } }] }));
      expect(keys(run)).toEqual([finding('/household/1/address/postcode')]);
    });
    it('does not judge empty or placeholder postcodes', async () => {
      const run = await runRule(rule, edit(cleanReferral(), { carers: [{ name: 'A', parentalResponsibility: true, address: { postcode: '' } }, { name: 'B', address: { postcode: 'not known' } }] }));
      expect(keys(run)).toEqual([]);
    });
    it('does not throw on odd shapes (address not an object, postcode not a string)', async () => {
      const run = await runRule(rule, edit(cleanReferral(), { carers: [null, { address: 'NE33' }, { address: { postcode: 42 } }], household: 'none', 'child.address': 'NE33 2RL' }));
      expect(keys(run)).toEqual([]);
    });
  });

  it('reports every defect at once, in field order', async () => {
    const run = await runRule(
      rule,
      edit(cleanReferral(), { 'child.nhsNumber': '4380590096', 'child.upn': 'Q207000016049', 'child.address.postcode': 'NE33', carers: [{ name: 'A', address: { postcode: '12345' } }] }),
    );
    expect(keys(run)).toEqual([finding('/child/nhsNumber'), finding('/child/upn'), finding('/child/address/postcode'), finding('/carers/0/address/postcode')]);
  });

  it('carries the configured severity', async () => {
    const run = await runRule(rule, edit(cleanReferral(), { 'child.nhsNumber': '4380590096' }), { severity: 'warning' });
    expect(keys(run)).toEqual([{ ruleId: RULE, pointer: '/child/nhsNumber', severity: 'warning' }]);
  });

  it('never puts an identifier or postcode in a message', async () => {
    const run = await runRule(
      rule,
      edit(cleanReferral(), { 'child.nhsNumber': '438 059 0096', 'child.upn': 'Q207000016049', 'child.address.postcode': 'ZZ9Z 9ZZZ', household: [{ address: { postcode: 'GIR 0AAX' } }] }),
    );
    expect(run.findings).toHaveLength(4);
    for (const f of run.findings) {
      for (const planted of ['438', '0096', 'Q207', 'ZZ9Z', 'GIR']) expect(f.message).not.toContain(planted);
    }
  });
});

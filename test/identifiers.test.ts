import { describe, expect, it } from 'vitest';
import { hasUpnShape, isValidNhsNumber, isValidPostcode, isValidUpn, nhsNumberDigits } from '../src/domain/identifiers.js';

// Identifier checks (docs/domain-reference.md, "Identifiers"; the vectors printed there are checked by test/docs-reference.test.ts).
describe('isValidNhsNumber (NHS Data Dictionary, modulus 11)', () => {
  it.each(['9434765919', '4010232137', '9449305552'])('accepts the valid vector %s', (n) => {
    expect(isValidNhsNumber(n)).toBe(true);
  });
  it.each(['4380590096', '3459124359'])('rejects the invalid vector %s (wrong check digit)', (n) => {
    expect(isValidNhsNumber(n)).toBe(false);
  });
  it('rejects 2222222222, which passes the checksum but is one repeated digit', () => {
    expect(isValidNhsNumber('2222222222')).toBe(false);
  });
  it.each(['0000000000', '1111111111', '9999999999', '000 000 0000'])('rejects the repeated-digit number %s', (n) => {
    expect(isValidNhsNumber(n)).toBe(false);
  });
  it('rejects a number whose check would be 10, whatever its last digit', () => {
    // 1000000010: 1×10 + 1×2 = 12, 12 mod 11 = 1, check = 10: no valid number.
    for (const last of '0123456789') expect(isValidNhsNumber(`100000001${last}`)).toBe(false);
  });
  it('reads a check of 11 as 0', () => {
    // 200000001?: 2×10 + 1×2 = 22, 22 mod 11 = 0, check = 11, read as 0.
    expect(isValidNhsNumber('2000000010')).toBe(true);
    expect(isValidNhsNumber('2000000011')).toBe(false);
  });
  it.each(['943 476 5919', ' 9434765919 ', '943\t476\n5919', '9 4 3 4 7 6 5 9 1 9', '943\u00a0476\u00a05919'])(
    'ignores all whitespace: %j',
    (n) => {
      expect(isValidNhsNumber(n)).toBe(true);
    },
  );
  it.each(['', '943476591', '94347659190', '943-476-5919', '943476591X', '９４３４７６５９１９'])('rejects %j, which is not 10 digits', (n) => {
    expect(isValidNhsNumber(n)).toBe(false);
  });
  it('gives the digits of a 10-digit number, whitespace removed, and nothing otherwise', () => {
    expect(nhsNumberDigits(' 943 476 5919')).toBe('9434765919');
    expect(nhsNumberDigits('943-476-5919')).toBeUndefined();
  });
});

describe('isValidUpn (DfE UPN 2.0 check letter)', () => {
  it.each(['A950000178301', 'H243278544154', 'B801200005001', 'P207000016049'])('accepts the valid vector %s', (u) => {
    expect(isValidUpn(u)).toBe(true);
  });
  it.each(['A801200005001', 'R247962919251', 'X428558133462'])('rejects the invalid vector %s (wrong check letter)', (u) => {
    expect(isValidUpn(u)).toBe(false);
  });
  it('rejects Q207000016049, the wrong example published on some vendors\' help pages', () => {
    expect(isValidUpn('Q207000016049')).toBe(false);
  });
  it('accepts a temporary UPN (11 digits and a letter) with the right check letter', () => {
    // 2 at position 2 → 2×2 = 4; zeros; A at position 13 counts 0 → sum 4 → E (index 4).
    expect(isValidUpn('E20000000000A')).toBe(true);
    // Z is index 22 in the alphabet: 4 + 22×13 = 290, 290 mod 23 = 14 → Q.
    expect(isValidUpn('Q20000000000Z')).toBe(true);
  });
  it('rejects a temporary UPN with the wrong check letter', () => {
    expect(isValidUpn('A20000000000A')).toBe(false);
  });
  it.each([
    ['I, O and S are never used as the check letter', 'I20000000000A'],
    ['nor as the last letter of a temporary UPN', 'A20000000000O'],
    ['a letter inside the digits', 'A9500A0178301'],
    ['a digit as the check letter', '9950000178301'],
    ['lower case', 'a950000178301'],
    ['12 characters', 'A95000017830'],
    ['14 characters', 'A9500001783010'],
    ['a space inside', 'A95000 178301'],
  ])('rejects the wrong shape: %s', (_why, u) => {
    expect(isValidUpn(u)).toBe(false);
  });
  it('tells shape apart from check letter', () => {
    expect(hasUpnShape('A801200005001')).toBe(true);
    expect(hasUpnShape('A9500A0178301')).toBe(false);
  });
});

describe('isValidPostcode (UK format)', () => {
  it.each(['EC1A 1BB', 'W1A 0AX', 'M1 1AE', 'B33 8TH', 'CR2 6XH', 'DN55 1PT', 'NE33 2RL', 'SW1A2AA'])('accepts the valid vector %s', (p) => {
    expect(isValidPostcode(p)).toBe(true);
  });
  it('rejects GIR 0AAX, accepted by a widely copied government regex', () => {
    expect(isValidPostcode('GIR 0AAX')).toBe(false);
  });
  it.each(['12345', 'NE33'])('rejects the invalid vector %s', (p) => {
    expect(isValidPostcode(p)).toBe(false);
  });
  it.each(['GIR 0AA', 'gir0aa', 'ne33 2rl', 'Ec1a 1bB'])('accepts %s (case-insensitive, GIR 0AA special case)', (p) => {
    expect(isValidPostcode(p)).toBe(true);
  });
  it.each(['NE33  2RL', ' NE33 2RL', 'NE33 2RL ', 'NE33-2RL', 'NI33 2RL', 'NE33 2R', ''])('rejects %j', (p) => {
    expect(isValidPostcode(p)).toBe(false);
  });
});

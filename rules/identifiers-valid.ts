import { defineRule, type RuleHelpers } from '../src/rule-api/rule.js';
import { hasUpnShape, isValidNhsNumber, isValidPostcode, isValidUpn, nhsNumberDigits } from '../src/domain/identifiers.js';
import type { Referral } from '../src/domain/referral.js';

interface PostcodeAt {
  pointer: string;
  field: string;
  value: string;
}

/** Every postcode written as meaningful text: empty strings and placeholders are absent (key-information-present reports a missing child postcode). */
function postcodesOf(referral: Referral, helpers: RuleHelpers): PostcodeAt[] {
  const found: PostcodeAt[] = [];
  const child = referral.child?.address?.postcode;
  if (helpers.isMeaningful(child)) found.push({ pointer: '/child/address/postcode', field: 'child.address.postcode', value: child });
  for (const list of ['carers', 'household'] as const) {
    // The typed view keeps positions, so index i is item i of the export.
    (referral[list] ?? []).forEach((person, i) => {
      const postcode = person.address?.postcode;
      if (helpers.isMeaningful(postcode)) found.push({ pointer: `/${list}/${i}/address/postcode`, field: `${list}[${i}].address.postcode`, value: postcode });
    });
  }
  return found;
}

export default defineRule({
  meta: {
    id: 'identifiers-valid',
    description: "The child's NHS number and UPN have correct check digits, and every postcode has the UK format.",
    dimension: 'validity',
    severity: 'error',
    docs: {
      checks: [
        'Applies when child.nhsNumber or child.upn is present, or any postcode (child.address, carers[].address, household[].address) is present as meaningful text; an empty or placeholder postcode counts as absent (key-information-present reports a missing child postcode).',
        'child.nhsNumber, all whitespace ignored, passes the NHS modulus 11 check and is not one digit repeated (2222222222 passes the sum but is never issued). Only a value of 10 digits is judged: any other shape is a schema-valid finding.',
        'child.upn has the shape of a UPN (a check letter, 11 digits, then a digit for a permanent UPN or a letter for a temporary one; capitals; no I, O or S) and the right check letter under DfE UPN 2.0. Only a 13-character value is judged: another length is a schema-valid finding.',
        'Every postcode (child.address.postcode, carers[N].address.postcode, household[N].address.postcode), surrounding spaces trimmed, matches the UK postcode format, case-insensitive, with at most one space before the inward code.',
      ],
      rationale:
        'Inspection finding 1 (South Tyneside JTAI, 2016): referrals of variable quality left social workers gathering key information before they could act. ' +
        'A mistyped NHS number or UPN cannot be matched to health or school records, so checks with health and education are delayed or, worse, made about the wrong child; a malformed postcode defeats address lookup and the link to other referrals at the same address. ' +
        'The check digits exist to catch exactly these transcription errors. Surrounding spaces are trimmed before the postcode is judged, as they are not part of its format.',
      fix:
        "Copy the NHS number from the child's health record (10 digits; spaces do not matter) and the UPN from the school's record (13 characters, starting with a letter). " +
        'Write each postcode in full, as Royal Mail gives it (for example "NE33 2RL"). If an identifier is not known, leave the field out rather than guessing.',
      sources: [
        'NHS Data Dictionary: NHS Number (modulus 11 check digit)',
        'DfE, Unique Pupil Numbers (UPN): guidance for schools and local authorities (UPN 2.0 check letter)',
        'ONS / Royal Mail: UK postcode format (outward and inward code)',
        'Ofsted et al., JTAI South Tyneside (2016), finding 1',
      ],
      examples: {
        pass: { child: { nhsNumber: '943 476 5919', upn: 'A950000178301', address: { postcode: 'NE33 2RL' } } },
        fail: { child: { nhsNumber: '4380590096', upn: 'Q207000016049', address: { postcode: 'NE33' } } },
      },
    },
  },
  applies(referral, ctx) {
    return (
      referral.child?.nhsNumber !== undefined ||
      referral.child?.upn !== undefined ||
      postcodesOf(referral, ctx.helpers).length > 0
    );
  },
  check(referral, ctx) {
    const nhsNumber = referral.child?.nhsNumber;
    // A value that is not 10 digits fails the schema's pattern: schema-valid reports it.
    const digits = nhsNumber === undefined ? undefined : nhsNumberDigits(nhsNumber);
    if (digits !== undefined && !isValidNhsNumber(digits)) {
      ctx.report({
        pointer: '/child/nhsNumber',
        message: /^(\d)\1{9}$/.test(digits)
          ? 'child.nhsNumber is one digit repeated: no such NHS number is issued'
          : 'child.nhsNumber fails the NHS number check digit (modulus 11): it has been mistyped',
      });
    }

    const upn = referral.child?.upn;
    // The schema checks only the length (13, counted in characters as ajv counts them).
    if (upn !== undefined && [...upn].length === 13) {
      if (!hasUpnShape(upn)) {
        ctx.report({
          pointer: '/child/upn',
          message: 'child.upn is not shaped like a UPN: a check letter, 11 digits, then a digit (or a letter for a temporary UPN), in capitals, without I, O or S',
        });
      } else if (!isValidUpn(upn)) {
        ctx.report({ pointer: '/child/upn', message: 'child.upn has the wrong check letter (DfE UPN 2.0): it has been mistyped' });
      }
    }

    for (const { pointer, field, value } of postcodesOf(referral, ctx.helpers)) {
      if (!isValidPostcode(value.trim())) ctx.report({ pointer, message: `${field} is not a UK postcode in full (outward code, optional space, inward code)` });
    }
  },
});

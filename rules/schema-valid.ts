import { defineRule } from '../src/rule-api/rule.js';
import { validateReferral } from '../src/schema/validate.js';

export default defineRule({
  meta: {
    id: 'schema-valid',
    description: 'The referral matches the referral format: required keys, types, code lists and date formats.',
    dimension: 'validity',
    severity: 'error',
    reads: ['*'],
    docs: {
      checks: [
        'Applies to every referral.',
        'One finding per violation of the referral JSON Schema, at the field\'s pointer: a required key missing (id, receivedAt, referrer with agency and sector, child), a value of the wrong type, a value outside its code list, a date that is not YYYY-MM-DD, a date-time that is not RFC 3339, an email that is not an email address, an NHS number that is not 10 digits, a UPN that is not 13 characters.',
        'With --strict (or strict: true), keys the format does not name are findings too. A key can be personal data (a name written as a key), so without --include-personal-data the finding does not name it: it points at the object that holds the key, says how many characters the key has, and has the line and column of the key itself.',
        'The other rules still run on what is there; they do not repeat a defect reported here.',
      ],
      rationale:
        'A referral the front door cannot read reliably cannot be acted on: a status outside the code list, a date in the wrong form or a missing child record all mean a social worker must go back to the referrer. ' +
        'The code lists are those of the DfE Children in Need census (source of referral, ethnicity, disability, sex), so a valid referral can be reported in the statutory return without re-keying.',
      fix: 'Correct the field the finding names: use a value from its code list, write dates as YYYY-MM-DD and date-times as RFC 3339 (2026-10-03T09:14:00Z), and supply the required keys id, receivedAt, referrer (agency, sector) and child. `referral-lint schema` prints the full format.',
      sources: [
        'referral-lint referral format, version 1 (docs/referral-format.md)',
        'DfE, Children in need census 2024 to 2025: guide and technical specification (code lists of the 2024-25 collection)',
        'CIN census validation rules, 2024-25 rule set: rules 4180 and 8750 (sex M, F, U; U for an unborn child), as implemented in data-to-insight/csc-validator-be-cin',
        'RFC 3339, Date and Time on the Internet: Timestamps',
      ],
      examples: {
        pass: { consent: { status: 'given' } },
        fail: { consent: { status: 'verbal' } },
      },
    },
  },
  check(_referral, ctx) {
    for (const problem of validateReferral(ctx.document, ctx.strict)) ctx.report(problem);
  },
});

import { SECTORS, SOURCE_CODES, sourceCodeOf } from '../src/domain/codes.js';
import { defineRule } from '../src/rule-api/rule.js';

/** The CIN source codes that agree with a sector (10, unknown, agrees with any and is left out). */
const codesFor = (sector: string): string[] => SOURCE_CODES.filter((c) => c.sectors !== 'any' && (c.sectors as readonly string[]).includes(sector)).map((c) => c.code);

export default defineRule({
  meta: {
    id: 'source-code-consistent',
    description: 'The CIN census source-of-referral code agrees with the sector of the referring agency.',
    dimension: 'consistency',
    severity: 'error',
    requires: ['referrer.sourceCode', 'referrer.sector'],
    reads: ['referrer.sector', 'referrer.sourceCode'],
    docs: {
      checks: [
        'Applies when referrer.sourceCode is a CIN source-of-referral code (written as text, or as a number for the all-digit codes: 6 and "6" are the same). A value outside the code list is a schema-valid finding.',
        `referrer.sourceCode agrees with referrer.sector: ${SOURCE_CODES.map((c) => `${c.code} with ${c.sectors === 'any' ? 'any sector' : c.sectors.join(' or ')}`).join('; ')}.`,
        'An absent referrer.sector, or one outside the sector list, is a schema-valid finding and is not judged here.',
      ],
      rationale:
        'Inspection finding 1 (South Tyneside JTAI, 2016): the quality of contacts varied across health, police and schools, and a partnership can only see which agencies need support when each referral is attributed to the right source. ' +
        "The source of referral is a statutory item of the DfE Children in Need census (ReferralSource); a code that contradicts the referrer's sector puts the referral in the wrong row of the census and of Ofsted's inspection data (Annex A, contacts and referrals by source), and makes per-agency scores unreliable. " +
        'The mapping from codes to sectors is this project\'s, not DfE\'s; code 10 (unknown) agrees with any sector.',
      fix: "Choose the CIN source code that matches who referred (police 6, schools 2A, GP 3A, A&E 3E...), or correct referrer.sector if the agency's sector was recorded wrongly. Use 10 only when the source is genuinely unknown.",
      sources: [
        'DfE, Children in need census 2024 to 2025: guide and technical specification (ReferralSource codes, 2024-25 collection)',
        'CIN census validation rules, 2024-25 rule set: rule 8866 (source of referral), as implemented in data-to-insight/csc-validator-be-cin',
        "Ofsted, inspection of local authority children's services: inspection data request (Annex A), lists 1 and 3",
        'Ofsted et al., JTAI South Tyneside (2016), finding 1',
      ],
      examples: {
        pass: { referrer: { sector: 'school', sourceCode: '2A' } },
        fail: { referrer: { sector: 'health', sourceCode: 6 } },
      },
    },
  },
  applies(referral) {
    return sourceCodeOf(referral.referrer?.sourceCode) !== undefined;
  },
  check(referral, ctx) {
    const code = sourceCodeOf(referral.referrer?.sourceCode);
    const sector = referral.referrer?.sector;
    if (!code || code.sectors === 'any') return;
    // An absent or unknown sector is schema-valid's finding: nothing to compare with.
    if (sector === undefined || !(SECTORS as readonly string[]).includes(sector)) return;
    if (!(code.sectors as readonly string[]).includes(sector)) {
      ctx.report({
        pointer: '/referrer/sourceCode',
        message: `referrer.sourceCode (CIN: ${code.meaning}) does not agree with referrer.sector ${sector}; it agrees with sector ${code.sectors.join(' or ')}. Codes that fit sector ${sector}: ${codesFor(sector).join(', ')}`,
      });
    }
  },
});

// The sources the project cites are the editions in force (docs/domain-reference.md, "Sources"):
// Keeping children safe in education 2025, Working Together to Safeguard Children 2023, DfE's
// information-sharing advice of May 2024, and for the CIN code lists the 2024-25 collection's
// guide and validation rules, not the 2024 XML schema. This test fails, naming the file and line,
// if a replaced edition comes back: in a built-in rule's docs (its sources above all), in docs/,
// the README, the example configs or the code lists. A replaced edition may be named only as
// replaced: a match whose own text says "replaced" is allowed.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtInRules } from '../rules/index.js';
import { ROOT } from './temp-files.js';

/** Each replaced source, the way it is written when cited (within one line), and what replaced it. */
const REPLACED: { source: string; now: string; patterns: RegExp[] }[] = [
  {
    source: 'Keeping children safe in education 2024',
    now: 'Keeping children safe in education 2025 (in force from 1 September 2025)',
    patterns: [/\b(?:Keeping children safe in education|KCSIE)\b[^\n]{0,40}?\b2024\b/i, /\b2024\b[^\n]{0,20}?\b(?:Keeping children safe in education|KCSIE)\b/i],
  },
  {
    source: 'Working Together to Safeguard Children 2018',
    now: 'Working Together to Safeguard Children 2023',
    patterns: [/\bWorking Together\b[^\n]{0,60}?\b(?:2018|2020)\b/i, /\b(?:2018|2020)\b[^\n]{0,20}?\bWorking Together\b/i],
  },
  {
    source: "DfE's information-sharing advice of 2018",
    now: 'Information sharing: advice for practitioners providing safeguarding services for children, young people, parents and carers (May 2024)',
    patterns: [/\binformation[- ]sharing\b[^\n]{0,160}?\b2018\b/i, /\b2018\b[^\n]{0,40}?\binformation[- ]sharing\b/i],
  },
  {
    source: 'the 2024 CIN census XML schema (XSD) as a source of code lists',
    now: 'the CIN census 2024 to 2025 guide and technical specification, and its validation rules (8866; 4180 and 8750 for sex)',
    patterns: [/CIN_schema_2024\.xsd/i, /\b2024 XSD\b/i, /\bXSD 2024\b/i, /\bXML schema 2024\b/i, /\b(?:CIN census|DfE) schema 2024\b/i, /\bguide and XML schema\b/i],
  },
];

interface Hit {
  where: string;
  text: string;
  source: string;
  now: string;
}

/** The replaced sources `text` cites, by line. */
function hits(where: string, text: string): Hit[] {
  const out: Hit[] = [];
  text.split('\n').forEach((line, i) => {
    for (const { source, now, patterns } of REPLACED) {
      for (const pattern of patterns) {
        const m = pattern.exec(line);
        if (m && !/replaced/i.test(m[0])) out.push({ where: `${where}:${i + 1}`, text: line.trim().slice(0, 160), source, now });
      }
    }
  });
  return out;
}

const files = (dir: string, ext: RegExp): string[] =>
  readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => ext.test(f))
    .map((f) => path.join(dir, f))
    .sort();

const SCANNED = [
  'README.md',
  ...files('docs', /\.md$/),
  ...files('rules', /\.ts$/),
  ...files('fixtures/configs', /\.(ya?ml|json|js|mjs)$/),
  'src/domain/codes.ts',
  'src/schema/referral-schema.ts',
];

const explain = (found: Hit[]): string =>
  found.map((h) => `${h.where}: cites ${h.source}; cite ${h.now} instead\n    ${h.text}`).join('\n');

describe('no replaced source is cited', () => {
  it.each(builtInRules.map((r) => [r.meta.id, r] as const))('%s: meta.docs (sources, rationale, fix, options)', (id, rule) => {
    const docs = rule.meta.docs;
    const texts = [...docs.sources, docs.rationale, docs.fix, ...docs.checks, ...Object.values(docs.options ?? {})];
    const found = texts.flatMap((t, i) => hits(`${id} meta.docs[${i}]`, String(t)));
    expect(found, explain(found)).toEqual([]);
  });

  it('README.md, docs/, the rules, the example configs and the code lists', () => {
    expect(SCANNED.length).toBeGreaterThan(10);
    const found = SCANNED.flatMap((file) => hits(file, readFileSync(path.join(ROOT, file), 'utf8')));
    expect(found, explain(found)).toEqual([]);
  });

  it('recognises each replaced source in the forms it was cited in, and allows it named as replaced', () => {
    const cited = [
      "- DfE, Keeping children safe in education (2024): Part one",
      'lead was consulted (Keeping children safe in education 2024). It applies',
      'KCSIE 2024 asks every member of staff',
      '| Working Together to Safeguard Children | HM Government | 2018; 2023 |',
      "'DfE, Information sharing: advice for practitioners (2018, updated 2024)',",
      "'SocialFinanceDigitalLabs/liia-tools, liiatools/spec/cin_census/CIN_schema_2024.xsd',",
      '// Sources: DfE CIN census schema 2024 (ReferralSource, ethnicity, disability, sex);',
      "'DfE, Children in Need census 2024 to 2025: guide and XML schema (ReferralSource codes)',",
    ];
    for (const line of cited) expect(hits('example', line), line).toHaveLength(1);
    expect(hits('example', '| Keeping children safe in education (replaced the 2024 edition on 1 September 2025) | DfE | 2025 |')).toEqual([]);
    expect(hits('example', '- DfE, Keeping children safe in education (2025): Part one')).toEqual([]);
    expect(hits('example', 'HM Government, Working Together to Safeguard Children (2023), chapter 3')).toEqual([]);
  });
});

describe("docs/domain-reference.md's table of sources", () => {
  it('lists each source once', () => {
    const doc = readFileSync(path.join(ROOT, 'docs/domain-reference.md'), 'utf8');
    const table = doc.slice(doc.indexOf('## 12. Sources')).split('\n').filter((l) => l.startsWith('| ')).slice(1);
    const titles = table.map((row) => row.split('|')[1]!.trim().replace(/\s*\(.*$/, '').toLowerCase());
    expect(titles.length).toBeGreaterThan(20);
    expect(titles.filter((t, i) => titles.indexOf(t) !== i)).toEqual([]);
  });
});

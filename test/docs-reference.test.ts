// docs/domain-reference.md checked against the code it describes, so the two cannot drift:
// every row of the identifier test-vector tables against src/domain/identifiers.ts, the CIN source
// code table against src/domain/codes.ts, and the default threshold model against src/domain/threshold-model.ts.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SOURCE_CODES } from '../src/domain/codes.js';
import { DEFAULT_THRESHOLD_MODEL } from '../src/domain/threshold-model.js';
import { isValidNhsNumber, isValidPostcode, isValidUpn } from '../src/domain/identifiers.js';
import { ROOT } from './temp-files.js';

const DOC = path.join(ROOT, 'docs/domain-reference.md');

/** The header every test-vector table starts with. */
const HEADER = /^\|\s*Identifier kind\s*\|\s*Value\s*\|\s*Valid\?\s*\|\s*Why\s*\|\s*$/;

const CHECKS: Record<string, (text: string) => boolean> = {
  'nhs-number': isValidNhsNumber,
  upn: isValidUpn,
  postcode: isValidPostcode,
};

interface Vector {
  kind: string;
  value: string;
  valid: boolean;
  why: string;
  line: number;
}

/**
 * The rows of every table whose header is HEADER. A value is written in backticks and read
 * exactly as between them (inner spaces kept); valid is `yes` or `no`. A row of another shape
 * throws, so a mistyped row cannot pass unchecked.
 */
function readVectors(markdown: string): Vector[] {
  const lines = markdown.split('\n');
  const vectors: Vector[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    if (!HEADER.test(lines[i]!)) continue;
    if (!/^\|[-\s|]+\|\s*$/.test(lines[i + 1] ?? '')) throw new Error(`line ${i + 2}: expected the table's separator row`);
    for (let j = i + 2; j < lines.length && lines[j]!.startsWith('|'); j += 1) {
      const row = /^\|\s*([a-z-]+)\s*\|\s*`([^`]+)`\s*\|\s*(yes|no)\s*\|\s*(.+?)\s*\|\s*$/.exec(lines[j]!);
      if (!row) throw new Error(`line ${j + 1}: a test-vector row must read | kind | \`value\` | yes or no | why |`);
      vectors.push({ kind: row[1]!, value: row[2]!, valid: row[3] === 'yes', why: row[4]!, line: j + 1 });
    }
  }
  return vectors;
}

/** The body rows of the first table whose header row is `header`, as trimmed cells. */
function tableRows(markdown: string, header: string): string[][] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(header);
  if (start === -1) throw new Error(`no table headed ${header}`);
  const rows: string[][] = [];
  for (let j = start + 2; j < lines.length && lines[j]!.startsWith('|'); j += 1) {
    rows.push(lines[j]!.slice(1, -1).split('|').map((cell) => cell.trim()));
  }
  return rows;
}

const markdown = readFileSync(DOC, 'utf8');
const vectors = readVectors(markdown);

describe('docs/domain-reference.md test vectors', () => {
  it('has tables of vectors for every identifier src/domain/identifiers.ts checks, each with valid and invalid rows', () => {
    for (const kind of Object.keys(CHECKS)) {
      const rows = vectors.filter((v) => v.kind === kind);
      expect(rows.some((v) => v.valid), `a valid ${kind}`).toBe(true);
      expect(rows.some((v) => !v.valid), `an invalid ${kind}`).toBe(true);
    }
  });

  it('names only the identifier kinds the tests know', () => {
    expect(vectors.filter((v) => !(v.kind in CHECKS)).map((v) => `${v.kind} (line ${v.line})`)).toEqual([]);
  });

  it('uses invented NHS numbers only: the 999 test range', () => {
    const outside = vectors.filter((v) => v.kind === 'nhs-number' && !v.value.replace(/\s/g, '').startsWith('999'));
    expect(outside.map((v) => v.value)).toEqual([]);
  });

  it('lists each value of a kind once', () => {
    const seen = new Set<string>();
    const repeats = vectors.filter((v) => {
      const key = `${v.kind}\u0000${v.value}`;
      const repeat = seen.has(key);
      seen.add(key);
      return repeat;
    });
    expect(repeats.map((v) => `${v.kind} ${v.value} (line ${v.line})`)).toEqual([]);
  });

  it.each(vectors.map((v) => [v.kind, v.value, v.valid ? 'valid' : 'invalid', v] as const))('%s %j is %s, as the table says', (kind, value, _label, v) => {
    expect(CHECKS[kind]?.(value), `line ${v.line}: ${v.why}`).toBe(v.valid);
  });
});

describe('docs/domain-reference.md tables of codes and levels', () => {
  it('lists the CIN source codes of src/domain/codes.ts, in order, with the sectors each agrees with', () => {
    const rows = tableRows(markdown, '| Code | DfE meaning | Consistent with sector(s) |');
    const documented = rows.map(([code, , sectors]) => ({ code, sectors: sectors === 'any sector' ? 'any' : sectors!.split(', ') }));
    expect(documented).toEqual(SOURCE_CODES.map(({ code, sectors }) => ({ code, sectors: sectors === 'any' ? 'any' : [...sectors] })));
  });

  it('gives the default threshold model of src/domain/threshold-model.ts', () => {
    const rows = tableRows(markdown, '| Level | Name | Principal pathway | Also accepted | Consent required | Child-protection level |');
    const documented = rows.map(([level, name, principal, also, consent, protection]) => {
      const pathway = /^`([a-z-]+)`/.exec(principal!)?.[1];
      return {
        level: Number(level),
        name,
        pathway,
        pathways: [pathway, ...[...also!.matchAll(/`([a-z-]+)`/g)].map((m) => m[1])],
        consentRequired: consent === 'yes',
        childProtection: protection === 'yes',
      };
    });
    expect(documented).toEqual(DEFAULT_THRESHOLD_MODEL.levels);
  });
});

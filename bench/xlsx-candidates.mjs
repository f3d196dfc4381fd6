// Three ways to read a large XLSX sheet, measured against each other (issue 16): wall time and
// peak RSS of reading every row of one sheet, each run in a fresh child process.
//   exceljs          exceljs' streaming WorkbookReader (shared strings and styles cached, rows emitted)
//   read-excel-file  read-excel-file's readSheet (the whole sheet as an array of rows)
//   referral-lint    src/parse/xlsx/ (readXlsx over a FileHandle), from dist/: `npm run build` first
//
// exceljs and read-excel-file are not dependencies: install them for the measurement only,
//   npm install --no-save exceljs read-excel-file
// then: node bench/xlsx-candidates.mjs [--rows 100000] [--runs 3] [FILE]
// FILE (default: $TMPDIR/referral-lint-xlsx-bench-ROWS.xlsx) is generated when missing: ROWS
// referral-like rows of 25 columns (dates, text, yes/no, codes, numbers), shared strings and
// styles after the sheet in the zip, as Excel writes them. A child: node bench/xlsx-candidates.mjs --child READER FILE
// prints one JSON line: { rows, cells, ms, maxRssMb }.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);

if (args[0] === '--child') {
  const [, reader, file] = args;
  const started = performance.now();
  let rows = 0;
  let cells = 0;
  const count = (values) => {
    rows += 1;
    for (const v of values) if (v !== undefined && v !== null && v !== '') cells += 1;
  };
  if (reader === 'exceljs') {
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'emit' });
    for await (const sheet of workbook) {
      for await (const row of sheet) count(row.values.slice(1));
      break;
    }
  } else if (reader === 'read-excel-file') {
    const { readSheet } = await import('read-excel-file/node');
    for (const row of await readSheet(file)) count(row);
  } else if (reader === 'referral-lint') {
    const { readXlsx } = await import('../dist/src/parse/xlsx/index.js');
    const { withRandomAccess } = await import('../dist/src/load/xlsx-file.js');
    await withRandomAccess(file, async (source) => {
      for await (const event of readXlsx(source, {})) if (event.kind === 'row') count(event.cells);
    });
  } else {
    throw new Error(`reader ${reader}: expected exceljs, read-excel-file or referral-lint`);
  }
  const ms = performance.now() - started;
  console.log(JSON.stringify({ rows, cells, ms, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
  process.exit(0);
}

function option(name, fallback) {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const value = args[i + 1];
  args.splice(i, 2);
  return Number(value);
}
const rowCount = option('--rows', 100_000);
const runs = option('--runs', 3);
const file = args[0] ?? path.join(os.tmpdir(), `referral-lint-xlsx-bench-${rowCount}.xlsx`);

/** A seeded generator (mulberry32): the same workbook every time. */
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function generate(target, count) {
  const { strToU8, zipSync } = await import('fflate');
  const rnd = random(16);
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const strings = [];
  const index = new Map();
  const s = (text) => {
    let i = index.get(text);
    if (i === undefined) index.set(text, (i = strings.push(text) - 1));
    return i;
  };
  const esc = (t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const first = ['Ada', 'Ben', 'Cara', 'Dev', 'Ela', 'Finn', 'Gita', 'Hugo', 'Iris', 'Jon', 'Kai', 'Lena', 'Mo', 'Nia', 'Owen', 'Pia'];
  const last = ['Smith', 'Okafor', 'Nowak', 'Patel', 'Jones', 'Khan', 'Murphy', 'Silva', 'Brown', 'Evans', 'Ali', 'Wright'];
  const agencies = Array.from({ length: 40 }, (_, i) => `Agency ${String(i + 1).padStart(3, '0')}`);
  const kinds = ['school', 'police', 'health', 'gp', 'housing', 'voluntary', 'self', 'other'];
  const codes = ['N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8'];
  const header = [
    'Referral id', 'Received', 'Agency', 'Agency type', 'Referrer name', 'Referrer role', 'Referrer phone', 'Child first name', 'Child last name',
    'Date of birth', 'NHS number', 'Gender', 'Ethnicity', 'Postcode', 'Primary need', 'Secondary need', 'Consent', 'Consent date', 'Parents aware',
    'Urgent', 'Previous referrals', 'Siblings', 'Outcome', 'Outcome date', 'Concerns summary',
  ];
  const BASE = 45292; // 2024-01-01
  const parts = [];
  parts.push(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><dimension ref="A1:Y${count + 1}"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/><sheetData>`);
  const col = (i) => String.fromCharCode(65 + i);
  parts.push(`<row r="1" spans="1:25">${header.map((h, i) => `<c r="${col(i)}1" t="s"><v>${s(h)}</v></c>`).join('')}</row>`);
  for (let r = 2; r <= count + 1; r += 1) {
    const received = BASE + Math.floor(rnd() * 365) + Math.round(rnd() * 86400) / 86400;
    const dob = BASE - 365 - Math.floor(rnd() * 17 * 365);
    const consent = rnd() < 0.8;
    const values = [
      ['s', `R-${String(r - 1).padStart(7, '0')}`],
      ['d', received.toFixed(6), 2],
      ['s', pick(agencies)],
      ['s', pick(kinds)],
      ['s', `${pick(first)} ${pick(last)}`],
      ['s', pick(['Teacher', 'DSL', 'PC', 'Health visitor', 'GP', 'Officer'])],
      ['s', `07${String(Math.floor(rnd() * 1e9)).padStart(9, '0')}`],
      ['s', pick(first)],
      ['s', pick(last)],
      ['d', String(dob), 1],
      ['s', String(4000000000 + Math.floor(rnd() * 999999999))],
      ['s', pick(['F', 'M', 'X'])],
      ['s', pick(['A1', 'B2', 'C3', 'D1', 'W1', 'O9'])],
      ['s', `${pick(['AB', 'CD', 'EF', 'GH'])}${Math.floor(rnd() * 20)} ${Math.floor(rnd() * 9)}${pick(['AA', 'BX', 'QZ'])}`],
      ['s', pick(codes)],
      rnd() < 0.6 ? ['s', pick(codes)] : undefined,
      ['s', consent ? 'Yes' : 'No'],
      consent ? ['d', String(Math.floor(received) - Math.floor(rnd() * 3)), 1] : undefined,
      ['s', rnd() < 0.9 ? 'Yes' : 'No'],
      ['b', rnd() < 0.1 ? '1' : '0'],
      ['n', String(Math.floor(rnd() * 5))],
      ['n', String(Math.floor(rnd() * 4))],
      rnd() < 0.7 ? ['s', pick(['NFA', 'Early help', 'Assessment', 'Section 47', 'Signposted'])] : undefined,
      rnd() < 0.7 ? ['d', String(Math.floor(received) + Math.floor(rnd() * 10)), 1] : undefined,
      ['s', `Concern ${Math.floor(rnd() * 50_000)}: ${pick(['attendance', 'neglect', 'injury', 'disclosure', 'behaviour'])} reported by ${pick(kinds)}, ${pick(['first', 'repeat'])} referral.`],
    ];
    let xml = `<row r="${r}" spans="1:25">`;
    values.forEach((v, i) => {
      if (!v) return;
      const ref = `${col(i)}${r}`;
      if (v[0] === 's') xml += `<c r="${ref}" t="s"><v>${s(v[1])}</v></c>`;
      else if (v[0] === 'b') xml += `<c r="${ref}" t="b"><v>${v[1]}</v></c>`;
      else if (v[0] === 'd') xml += `<c r="${ref}" s="${v[2]}"><v>${v[1]}</v></c>`;
      else xml += `<c r="${ref}"><v>${v[1]}</v></c>`;
    });
    parts.push(`${xml}</row>`);
  }
  parts.push('</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>');
  const sheet = strToU8(parts.join(''));
  const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';
  const CT = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
  const zip = zipSync(
    {
      '[Content_Types].xml': strToU8(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="${CT}.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="${CT}.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="${CT}.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="${CT}.sharedStrings+xml"/></Types>`,
      ),
      '_rels/.rels': strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
      'xl/workbook.xml': strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${NS}" xmlns:r="${REL}"><workbookPr/><sheets><sheet name="Referrals" sheetId="1" r:id="rId1"/></sheets></workbook>`),
      'xl/_rels/workbook.xml.rels': strToU8(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/styles" Target="styles.xml"/><Relationship Id="rId3" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
      ),
      // As Excel writes them: the sheets first, then styles and shared strings.
      'xl/worksheets/sheet1.xml': sheet,
      'xl/styles.xml': strToU8(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="${NS}"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy\\ hh:mm"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`,
      ),
      'xl/sharedStrings.xml': strToU8(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="${NS}" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((t) => `<si><t>${esc(t)}</t></si>`).join('')}</sst>`,
      ),
    },
    { level: 6 },
  );
  writeFileSync(target, zip);
  return { sheetMb: sheet.length / 1e6, strings: strings.length };
}

if (!existsSync(file)) {
  const made = await generate(file, rowCount);
  console.error(`generated ${file}: ${rowCount} rows, sheet XML ${made.sheetMb.toFixed(1)} MB, ${made.strings} shared strings`);
}
const fileMb = statSync(file).size / 1e6;
const script = fileURLToPath(import.meta.url);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const lines = [];
for (const reader of ['exceljs', 'read-excel-file', 'referral-lint']) {
  const results = [];
  for (let i = 0; i < runs; i += 1) {
    const out = execFileSync(process.execPath, [script, '--child', reader, file], { encoding: 'utf8', maxBuffer: 1 << 20 });
    results.push(JSON.parse(out.trim().split('\n').pop()));
    console.error(`${reader} run ${i + 1}: ${out.trim()}`);
  }
  lines.push(
    `| ${reader} | ${results[0].rows.toLocaleString('en')} | ${results[0].cells.toLocaleString('en')} | ${(median(results.map((r) => r.ms)) / 1000).toFixed(2)} | ${results.map((r) => (r.ms / 1000).toFixed(2)).join(', ')} | ${Math.round(median(results.map((r) => r.maxRssMb)))} |`,
  );
}
console.log(`${rowCount.toLocaleString('en')} rows × 25 columns, ${fileMb.toFixed(1)} MB xlsx, median of ${runs} runs, each in a fresh process (Node ${process.version})\n`);
console.log('| Reader | Rows | Non-empty cells | Seconds (median) | Seconds (each run) | Peak RSS (MB, median) |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const line of lines) console.log(line);

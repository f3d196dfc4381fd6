// Tables against NDJSON (issue 16): the same generated referrals linted as NDJSON, as CSV and
// as XLSX through a mapping, each in a child process of its own (bench/lint.mjs), interleaved
// round by round so that each ratio compares runs under the same load. Writes the "Tables"
// section of bench/RESULTS.md.
//
//   npm run bench -- --only tables [--table-sizes 100000,1000000] [--xlsx-size 100000] [--rounds 3]
//
// The CSV holds every field of the generated referrals, one column each (lists of people as
// numbered column groups, lists of codes joined with "; "), dates as dd/MM/yyyy and date-times
// as written (ISO 8601), so the mapping converts every cell by its type. The XLSX holds the same
// cells, as inline strings and numbers.
import { createReadStream, createWriteStream, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Zip, ZipDeflate, strToU8 } from 'fflate';
import { stringify as toYaml } from 'yaml';
import { referralFields } from '../dist/src/schema/fields.js';
import { columnLetter } from '../dist/src/parse/table.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const GROUPS = { carers: 2, household: 2, missingEpisodes: 2 };

/** The columns: every leaf field of the format but lintIgnore's, list-of-object items numbered. */
export function tableColumns() {
  const fields = referralFields().filter((f) => !f.path.startsWith('lintIgnore') && f.type !== 'object' && f.type !== 'list of objects');
  const top = fields.filter((f) => !f.path.includes('[]'));
  const grouped = Object.entries(GROUPS).flatMap(([group, count]) =>
    Array.from({ length: count }, (_, i) =>
      fields.filter((f) => f.path.startsWith(`${group}[].`)).map((f) => ({ ...f, group, n: i + 1, inner: f.path.slice(group.length + 3) })),
    ).flat(),
  );
  return [...top.map((f) => ({ ...f, header: f.path })), ...grouped.map((f) => ({ ...f, header: `${f.group} ${f.n} ${f.inner}` }))];
}

export function tableMapping(name) {
  const columns = tableColumns();
  const fields = {};
  for (const c of columns.filter((c) => !c.group)) fields[c.path] = c.path === 'id' ? undefined : c.header;
  delete fields.id;
  const groups = {};
  for (const [group, count] of Object.entries(GROUPS)) {
    const inner = {};
    for (const c of columns.filter((c) => c.group === group && c.n === 1)) inner[c.inner] = `${group} {n} ${c.inner}`;
    groups[group] = { count, fields: inner };
  }
  return { name, id: 'id', fields, groups };
}

const at = (object, dotted) => dotted.split('.').reduce((v, k) => (v === undefined || v === null ? undefined : v[k]), object);
const ukDate = (iso) => (typeof iso === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : iso);

/** One referral's cells, in column order: text, numbers, true/false, or undefined. */
export function cellsOf(referral, columns) {
  return columns.map((c) => {
    const value = c.group ? at(referral[c.group]?.[c.n - 1], c.inner) : at(referral, c.path);
    if (value === undefined || value === null) return undefined;
    if (Array.isArray(value)) return value.join('; ');
    if (c.type === 'date') return ukDate(value);
    if (typeof value === 'object') return JSON.stringify(value);
    return value;
  });
}

const csvCell = (v) => {
  if (v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

async function eachReferral(ndjson, fn) {
  const lines = readline.createInterface({ input: createReadStream(ndjson), crlfDelay: Infinity });
  for await (const line of lines) if (line.trim() !== '') fn(JSON.parse(line));
}

export async function writeCsv(ndjson, out) {
  const columns = tableColumns();
  const stream = createWriteStream(out);
  const write = (text) => (stream.write(text) ? undefined : new Promise((r) => stream.once('drain', r)));
  await write(`${columns.map((c) => csvCell(c.header)).join(',')}\r\n`);
  const lines = readline.createInterface({ input: createReadStream(ndjson), crlfDelay: Infinity });
  for await (const line of lines) if (line.trim() !== '') await write(`${cellsOf(JSON.parse(line), columns).map(csvCell).join(',')}\r\n`);
  await new Promise((r) => stream.end(r));
}

const xml = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
function xlsxRow(r, cells) {
  return `<row r="${r}">${cells
    .map((v, i) => {
      if (v === undefined) return '';
      const ref = `${columnLetter(i)}${r}`;
      if (typeof v === 'number') return `<c r="${ref}"><v>${v}</v></c>`;
      if (typeof v === 'boolean') return `<c r="${ref}" t="b"><v>${v ? 1 : 0}</v></c>`;
      return `<c r="${ref}" t="inlineStr"><is><t>${xml(v)}</t></is></c>`;
    })
    .join('')}</row>`;
}

/** A workbook written as it streams (fflate's Zip): one sheet, "Referrals". */
export async function writeXlsx(ndjson, out) {
  const columns = tableColumns();
  const file = createWriteStream(out);
  const zip = new Zip((err, chunk, final) => {
    if (err) throw err;
    file.write(chunk);
    if (final) file.end();
  });
  const add = (name, text) => {
    const entry = new ZipDeflate(name, { level: 6 });
    zip.add(entry);
    entry.push(strToU8(text), true);
  };
  const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  add('[Content_Types].xml', `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>`);
  add('_rels/.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`);
  add('xl/workbook.xml', `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${NS}" xmlns:r="${REL}"><sheets><sheet name="Referrals" sheetId="1" r:id="rId1"/></sheets></workbook>`);
  add('xl/_rels/workbook.xml.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`);
  const sheet = new ZipDeflate('xl/worksheets/sheet1.xml', { level: 6 });
  zip.add(sheet);
  sheet.push(strToU8(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${NS}"><sheetData>${xlsxRow(1, columns.map((c) => c.header))}`));
  let r = 1;
  let batch = '';
  await eachReferral(ndjson, (referral) => {
    r += 1;
    batch += xlsxRow(r, cellsOf(referral, columns));
    if (batch.length > 1 << 20) {
      sheet.push(strToU8(batch));
      batch = '';
    }
  });
  sheet.push(strToU8(`${batch}</sheetData></worksheet>`), true);
  zip.end();
  await new Promise((resolve) => file.on('close', resolve));
}

function child(args) {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'bench/lint.mjs'), ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.status !== 0 && run.status !== 1) throw new Error(`bench/lint.mjs ${args.join(' ')} failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1));
}

const median = (l) => [...l].sort((a, b) => a - b)[Math.floor(l.length / 2)];
const fmt = (n, d = 0) => n.toLocaleString('en-GB', { maximumFractionDigits: d, minimumFractionDigits: d });

export async function benchTables({ sizes = [100_000, 1_000_000], xlsxSize = 100_000, rounds = 3 } = {}) {
  const work = path.join(os.tmpdir(), 'referral-lint-bench-tables');
  execFileSync('mkdir', ['-p', work]);
  const mappingFile = path.join(work, 'mapping.yaml');
  writeFileSync(mappingFile, toYaml({ mappings: [tableMapping('bench')] }));
  const rows = [];
  for (const size of sizes) {
    const ndjson = path.join(work, `gen-${size}.ndjson`);
    console.error(`generating ${size} referrals ...`);
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/gen.mjs'), '--count', String(size), '--seed', '1', '--format', 'ndjson', '--gap-seconds', '4', '--out', ndjson]);
    const csv = path.join(work, `gen-${size}.csv`);
    await writeCsv(ndjson, csv);
    const inputs = [
      { label: 'NDJSON', file: ndjson, args: [] },
      { label: 'CSV', file: csv, args: ['--mapping', mappingFile] },
    ];
    let xlsx;
    if (size === xlsxSize) {
      xlsx = path.join(work, `gen-${size}.xlsx`);
      await writeXlsx(ndjson, xlsx);
      inputs.push({ label: 'XLSX', file: xlsx, args: ['--mapping', mappingFile] });
    }
    const n = size >= 1_000_000 ? 1 : rounds;
    const times = new Map(inputs.map((i) => [i.label, []]));
    for (let round = 0; round < n; round += 1) {
      for (const input of inputs) {
        console.error(`  ${input.label} round ${round + 1} ...`);
        const r = child([input.file, '--jobs', '1', ...input.args]);
        times.get(input.label).push(r);
      }
    }
    const base = median(times.get('NDJSON').map((r) => r.ms));
    for (const input of inputs) {
      const runs = times.get(input.label);
      const ms = median(runs.map((r) => r.ms));
      rows.push({ size, label: input.label, mb: statSync(input.file).size / 1e6, ms, perSec: size / (ms / 1000), vsNdjson: base / ms, rss: Math.max(...runs.map((r) => r.maxRssMb)), runs: runs.length });
    }
    for (const f of [ndjson, csv, xlsx]) if (f) rmSync(f, { force: true });
  }
  return rows;
}

export function tablesSection(rows) {
  const lines = [
    '## Tables: CSV and XLSX against NDJSON (issue 16)',
    '',
    `Measured by \`npm run bench\` (alone: \`npm run bench -- --only tables\`) on ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, load average ${os.loadavg().map((l) => fmt(l, 1)).join(', ')}. The same generated referrals (\`npm run gen -- --count N --seed 1 --gap-seconds 4\`) linted as NDJSON, as CSV and as XLSX through a mapping (bench/tables.mjs: every field a column, lists of people as numbered columns, dates as dd/MM/yyyy), each with \`referral-lint FILE -f csv-agencies --jobs 1\` in a child process of its own, interleaved round by round; medians of ${rows[0]?.runs ?? 3} rounds (one at 1,000,000). Targets: CSV at least half NDJSON's referrals per second, and 1,000,000 CSV rows under 300 MB peak RSS.`,
    '',
    '| Referrals | Input | MB | Time (s) | Referrals/s | × NDJSON | Peak RSS (MB) |',
    '|---:|---|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${fmt(r.size)} | ${r.label} | ${fmt(r.mb, 1)} | ${fmt(r.ms / 1000, 1)} | ${fmt(r.perSec)} | ${fmt(r.vsNdjson, 2)} | ${fmt(r.rss)} |`),
  ];
  return `${lines.join('\n')}\n`;
}

/** RESULTS.md with its Tables section replaced (or added before the first other section after it). */
export function withTables(text, section) {
  const start = text.indexOf('## Tables: CSV and XLSX against NDJSON');
  if (start < 0) return `${text.trimEnd()}\n\n${section}`;
  const next = text.indexOf('\n## ', start + 3);
  return `${text.slice(0, start)}${section}${next < 0 ? '' : `\n${text.slice(next + 1)}`}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { 'table-sizes': { type: 'string', default: '100000,1000000' }, 'xlsx-size': { type: 'string', default: '100000' }, rounds: { type: 'string', default: '3' } } });
  const rows = await benchTables({ sizes: values['table-sizes'].split(',').map(Number), xlsxSize: Number(values['xlsx-size']), rounds: Number(values.rounds) });
  const section = tablesSection(rows);
  const results = path.join(ROOT, 'bench/RESULTS.md');
  writeFileSync(results, withTables(readFileSync(results, 'utf8'), section));
  console.log(section);
}

// The CSV reader's speed (issue 16): a generated CSV of 1,000,000 rows of 25 columns (about
// 230 MB: quoted cells with commas, empty cells, a pound sign and an accent in UTF-8) read
// through readCsv (src/parse/csv.ts, from dist: `npm run build` first), and for comparison
// through csv-parse's low-level parser (the one its Node stream and web stream wrap, fed the
// same chunks directly). Each in a child process of its own, for its own peak RSS.
//   node bench/csv-reader.mjs [--rows N] [--only reader|csv-parse]
// Prints one JSON line per reader: { reader, rows, cells, ms, rowsPerSecond, maxRssMb }.
// The file goes to the temporary directory and is deleted afterwards. Not part of npm test.
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const CHUNK = 256 * 1024;

async function child(mode, file) {
  const started = performance.now();
  let rows = 0;
  let cells = 0;
  if (mode === 'reader') {
    const { readCsv } = await import('../dist/src/parse/csv.js');
    for await (const event of readCsv(createReadStream(file, { highWaterMark: CHUNK }))) {
      if (event.kind === 'row') {
        rows += 1;
        cells += event.cells.length;
      } else if (event.kind !== 'info') throw new Error(`unexpected ${event.kind} at row ${event.row}`);
    }
  } else if (mode === 'csv-parse') {
    const { Parser } = await import('csv-parse');
    const api = new Parser({ relax_column_count: true }).api;
    const push = (record) => {
      rows += 1;
      cells += record.length;
    };
    for await (const chunk of createReadStream(file, { highWaterMark: CHUNK })) {
      const error = api.parse(chunk, false, push, () => {});
      if (error) throw error;
    }
    const error = api.parse(undefined, true, push, () => {});
    if (error) throw error;
  } else {
    throw new Error(`mode ${mode}: expected reader or csv-parse`);
  }
  const ms = performance.now() - started;
  console.log(
    JSON.stringify({ reader: mode, rows, cells, ms: Math.round(ms), rowsPerSecond: Math.round((rows / ms) * 1000), maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }),
  );
}

async function generate(file, rows) {
  const out = createWriteStream(file);
  let text = Array.from({ length: 25 }, (_, i) => `column_${i + 1}`).join(',') + '\r\n';
  for (let r = 0; r < rows; r += 1) {
    const cells = [];
    for (let c = 0; c < 25; c += 1) {
      if (c === 3) cells.push(`"Smith, Jo ${r}"`);
      else if (c === 7) cells.push(`2024-0${1 + (r % 9)}-1${r % 10}`);
      else if (c === 10) cells.push(r % 5 === 0 ? '' : `note ${r}: £20 for the café`);
      else if (c === 12) cells.push(`"said ""no"" on ${r % 28 + 1} May"`);
      else cells.push(`value-${r % 1000}-${c}`);
    }
    text += cells.join(',') + '\r\n';
    if (text.length > 1 << 20) {
      if (!out.write(text)) await new Promise((resolve) => out.once('drain', resolve));
      text = '';
    }
  }
  await new Promise((resolve, reject) => out.end(text, (error) => (error ? reject(error) : resolve())));
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { rows: { type: 'string', default: '1000000' }, only: { type: 'string' }, child: { type: 'string' } },
});
if (values.child) {
  await child(values.child, positionals[0]);
} else {
  const file = path.join(os.tmpdir(), `referral-lint-csv-bench-${process.pid}.csv`);
  try {
    await generate(file, Number(values.rows));
    console.log(JSON.stringify({ file: path.basename(file), rows: Number(values.rows) + 1, megabytes: Math.round(statSync(file).size / 1e6) }));
    for (const mode of values.only ? [values.only] : ['reader', 'csv-parse']) {
      const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', mode, file], { stdio: 'inherit' });
      if (run.status !== 0) process.exitCode = 1;
    }
  } finally {
    rmSync(file, { force: true });
  }
}

#!/usr/bin/env node
// A deterministic synthetic export for benchmarks and scale tests (tools/gen/generate.ts):
//   npm run gen -- --count 1000 --seed 1 --format ndjson [--out file]
// Streams with backpressure, so a million referrals take bounded memory. Run `npm run build` first.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';

const USAGE = `Usage: npm run gen -- --count N [options]
       node scripts/gen.mjs --count N [options]

Writes N invented referrals, the same for the same options, to stdout or a file.

Options:
  --count N          number of referrals (required; 0 or more)
  --seed S           seed, a non-negative integer (default 1)
  --format F         ndjson (default), json (an export envelope) or yaml (one document per referral)
  --out FILE         write to FILE instead of stdout
  --start ISO        receivedAt of the first referral (default 2026-10-01T00:00:00Z)
  --gap-seconds N    mean seconds between referrals (default 60)
  --defect-rate R    how many referrals get defects (each trips one known rule):
                       default    each agency at its own rate, 2-40 % (about 20 % overall),
                                  one or two defects each (same output as before this option)
                       realistic  as in a real month's export: about 74 % of referrals with a
                                  finding, about 2.2 findings each, over many rules
                       0..1       that share of referrals, one or two defects each
  -h, --help         show this help
`;

function usageError(message) {
  process.stderr.write(`gen: ${message}\n\n${USAGE}`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    options: {
      count: { type: 'string' },
      seed: { type: 'string', default: '1' },
      format: { type: 'string', default: 'ndjson' },
      out: { type: 'string' },
      start: { type: 'string' },
      'gap-seconds': { type: 'string' },
      'defect-rate': { type: 'string', default: 'default' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
} catch (error) {
  usageError(error.message);
}
const { values } = parsed;
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}

/** A non-negative safe integer written in digits, or a usage error naming the option. */
function wholeNumber(name, text, min = 0) {
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min) usageError(`--${name} must be a whole number${min > 0 ? ` of at least ${min}` : ''}, got ${JSON.stringify(text)}`);
  return value;
}

if (values.count === undefined) usageError('--count is required');
const count = wholeNumber('count', values.count);
const seed = wholeNumber('seed', values.seed);
const gapSeconds = values['gap-seconds'] === undefined ? undefined : wholeNumber('gap-seconds', values['gap-seconds'], 1);

let generator;
try {
  generator = await import('../dist/tools/gen/generate.js');
} catch (error) {
  process.stderr.write(`gen: cannot load dist/tools/gen/generate.js (run npm run build first): ${error.message}\n`);
  process.exit(1);
}
const { EXPORT_FORMATS, ISO_START, exportChunks, generateReferrals, parseDefectRate } = generator;
let defectRate;
try {
  defectRate = parseDefectRate(values['defect-rate']);
} catch (error) {
  usageError(`--defect-rate must be default, realistic or a number from 0 to 1, got ${JSON.stringify(values['defect-rate'])}`);
}
if (values.start !== undefined && !(ISO_START.test(values.start) && Number.isFinite(Date.parse(values.start)))) {
  usageError(`--start must be an ISO date (2026-10-01) or date-time with an offset (2026-10-01T09:00:00Z), got ${JSON.stringify(values.start)}`);
}
const format = values.format;
if (!EXPORT_FORMATS.includes(format)) usageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}, got ${JSON.stringify(format)}`);

const target = values.out ?? 'stdout';
const out = values.out === undefined ? process.stdout : createWriteStream(values.out);
out.on('error', (error) => {
  // A reader that stops early (`| head`) is not a failure.
  if (error.code === 'EPIPE') process.exit(0);
  process.stderr.write(`gen: cannot write ${target}: ${error.message}\n`);
  process.exit(1);
});

// Chunks are gathered into writes of about 64 KiB; a write the stream cannot take yet waits for 'drain'.
const WRITE_SIZE = 1 << 16;
let pending = [];
let pendingSize = 0;
async function flush() {
  if (pendingSize === 0) return;
  const text = pending.join('');
  pending = [];
  pendingSize = 0;
  if (!out.write(text)) await once(out, 'drain');
}

const options = { count, seed, defectRate, ...(values.start === undefined ? {} : { start: values.start }), ...(gapSeconds === undefined ? {} : { gapSeconds }) };
// The header names the defect rate only when it is not the default, so default output is as before.
const header = { generator: 'referral-lint gen', seed, count, ...(defectRate === 'default' ? {} : { defectRate }) };
for (const chunk of exportChunks(generateReferrals(options), format, header)) {
  pending.push(chunk);
  pendingSize += chunk.length;
  if (pendingSize >= WRITE_SIZE) await flush();
}
await flush();
if (out !== process.stdout) {
  out.end();
  await once(out, 'finish');
  process.stderr.write(`gen: wrote ${count} referrals (seed ${seed}, ${format}${defectRate === 'default' ? '' : `, defect rate ${defectRate}`}) to ${target}\n`);
}

// The floors the benchmark compares referral-lint with, run in a child process of their own:
//   parse   read the file and JSON.parse every referral (NDJSON: each line; JSON: each
//           element, found by the same boundary scanner referral-lint uses, since a file
//           over 512 MB cannot be one JavaScript string)
//   schema  the same, then validate each referral against the referral JSON Schema (ajv)
// Prints one JSON line: { referrals, ms, maxRssMb }.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { JsonBoundaryScanner } from '../dist/src/parse/json-stream.js';
import { validateReferral } from '../dist/src/schema/validate.js';

const [mode, file] = process.argv.slice(2);
const validate = mode === 'schema' ? (value) => validateReferral(value, false) : undefined;
const started = performance.now();
let referrals = 0;
const take = (value) => {
  referrals += 1;
  if (validate) validate(value);
};
if (file.endsWith('.ndjson')) {
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) if (line.trim() !== '') take(JSON.parse(line));
} else {
  const scanner = new JsonBoundaryScanner();
  for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 })) {
    for (const item of scanner.push(chunk)) if (item.kind === 'element') take(JSON.parse(item.text));
  }
  scanner.end();
}
const ms = performance.now() - started;
console.log(JSON.stringify({ referrals, ms, maxRssMb: process.resourceUsage().maxRSS / 1024 }));

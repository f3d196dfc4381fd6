// The floors the benchmark compares referral-lint with, run in a child process of their own,
// for every input kind, with the parser referral-lint uses for that kind:
//   parse   read the file and parse every referral:
//           .ndjson  JSON.parse of each line
//           .json    JSON.parse of each element, found by the same boundary scanner referral-lint
//                    uses (a file over 512 MB cannot be one JavaScript string)
//           .yaml    the yaml package as src/parse/yaml.ts uses it: texts of whole documents,
//                    its Parser, a Composer (core schema, no unique-key check), toJS
//           .csv     src/parse/csv.ts readCsv, each row mapped to a referral (--mapping FILE,
//                    bound to the header row and applied as referral-lint does)
//           .xlsx    src/parse/xlsx readXlsx, each row mapped the same way
//   schema  the same, then validate each referral against the referral JSON Schema (ajv)
//   node bench/floor.mjs parse|schema FILE [--mapping MAPPING.yaml]
// Prints one JSON line: { referrals, ms, maxRssMb }; ms is the time since the process started
// (performance.now()), as for the referral-lint runs, so both include Node's start-up.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { JsonBoundaryScanner } from '../dist/src/parse/json-stream.js';
import { validateReferral } from '../dist/src/schema/validate.js';

const [mode, file, ...rest] = process.argv.slice(2);
if (mode !== 'parse' && mode !== 'schema') throw new Error(`mode ${mode}: expected parse or schema`);
const mappingFile = rest[0] === '--mapping' ? rest[1] : undefined;
const validate = mode === 'schema' ? (value) => validateReferral(value, false) : undefined;
let referrals = 0;
const take = (value) => {
  referrals += 1;
  if (validate) validate(value);
};

/** Table rows as referrals, through the mapping bound to the first row (the header). */
async function tableReferrals(events) {
  const { readFileSync } = await import('node:fs');
  const { mappingSpecs } = await import('../dist/src/intake/mapping-text.js');
  const { compileMappings } = await import('../dist/src/intake/config.js');
  const { bindMapping } = await import('../dist/src/mapping/bind.js');
  const { applyMapping } = await import('../dist/src/mapping/apply.js');
  if (!mappingFile) throw new Error('tables need --mapping FILE');
  const [mapping] = compileMappings(mappingSpecs(readFileSync(mappingFile, 'utf8'), mappingFile), mappingFile);
  let bound;
  for await (const event of events) {
    if (event.kind === 'info' || event.kind === 'blank') continue;
    if (event.kind !== 'row') throw new Error(`unexpected ${event.kind} at row ${event.row}`);
    if (!bound) {
      bound = bindMapping(mapping, event.cells, event.row, file);
      if ('missing' in bound) throw new Error(`the mapping does not fit: ${bound.missing.join(', ')}`);
      continue;
    }
    take(applyMapping(bound, event.row, event.cells).data);
  }
}

if (file.endsWith('.ndjson')) {
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) if (line.trim() !== '') take(JSON.parse(line));
} else if (file.endsWith('.json')) {
  const scanner = new JsonBoundaryScanner();
  for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 })) {
    for (const item of scanner.push(chunk)) if (item.kind === 'element') take(JSON.parse(item.text));
  }
  scanner.end();
} else if (file.endsWith('.yaml')) {
  const { Composer, Parser } = await import('yaml');
  const parseText = (text) => {
    const composer = new Composer({ prettyErrors: false, uniqueKeys: false, schema: 'core', version: '1.2', logLevel: 'error' });
    for (const doc of composer.compose(new Parser().parse(text), true)) {
      if (doc.errors.length > 0) throw new Error(`YAML error: ${doc.errors[0].code}`);
      take(doc.toJS({ maxAliasCount: 100 }));
    }
  };
  // Texts of whole documents: cut before the last document start (`---` at a line start) in what has come.
  let pending = '';
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 })) {
    pending += chunk;
    const cut = pending.lastIndexOf('\n---');
    if (cut > 0) {
      parseText(pending.slice(0, cut + 1));
      pending = pending.slice(cut + 1);
    }
  }
  if (pending.trim() !== '') parseText(pending);
} else if (file.endsWith('.csv')) {
  const { readCsv } = await import('../dist/src/parse/csv.js');
  await tableReferrals(readCsv(createReadStream(file, { highWaterMark: 256 * 1024 })));
} else if (file.endsWith('.xlsx')) {
  const { readXlsx } = await import('../dist/src/parse/xlsx/index.js');
  const { openRandomAccess } = await import('../dist/src/load/xlsx-file.js');
  const { source, close } = await openRandomAccess(file);
  try {
    await tableReferrals(readXlsx(source));
  } finally {
    await close();
  }
} else {
  throw new Error(`${file}: expected .ndjson, .json, .yaml, .csv or .xlsx`);
}
const ms = performance.now();
console.log(JSON.stringify({ referrals, ms, maxRssMb: process.resourceUsage().maxRSS / 1024 }));

// One referral-lint run as a user runs it, in a child process of its own: a checkout's
// bin/referral-lint.js (this one's, or an earlier build's for `npm run bench -- --before DIR`)
// with the arguments given. When the process exits, writes one JSON line to RESULT_FILE:
// { ms, code, maxRssMb }; ms is the time since the process started (performance.now()),
// start-up included, as for the floors (bench/floor.mjs).
//   node bench/bin-run.mjs RESULT_FILE BIN [referral-lint arguments...]
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [resultFile, bin, ...args] = process.argv.slice(2);
process.on('exit', (code) => {
  writeFileSync(resultFile, `${JSON.stringify({ ms: performance.now(), code, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
});
process.argv = [process.argv[0], path.resolve(bin), ...args];
await import(pathToFileURL(path.resolve(bin)).href);

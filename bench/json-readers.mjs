// Two ways to read a JSON export one referral at a time, measured against each other (issue 6:
// "measure both a well-kept streaming parser and a boundary scanner"). In a child process of
// its own, like the floors: node bench/json-readers.mjs scanner|stream-json FILE
//   scanner      referral-lint's boundary scanner (src/parse/json-stream.ts) finds each
//                element's bytes, and JSON.parse reads them
//   stream-json  the stream-json package: its parser's token stream, pick('referrals') and
//                streamArray() assemble each element into an object
// Prints one JSON line: { referrals, ms, maxRssMb }. `npm run bench` runs both.
import { createReadStream } from 'node:fs';
import { JsonBoundaryScanner } from '../dist/src/parse/json-stream.js';

const [mode, file] = process.argv.slice(2);
const started = performance.now();
let referrals = 0;
if (mode === 'scanner') {
  const scanner = new JsonBoundaryScanner();
  for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 })) {
    for (const item of scanner.push(chunk)) if (item.kind === 'element' && JSON.parse(item.text)) referrals += 1;
  }
  scanner.end();
} else if (mode === 'stream-json') {
  const [{ parser }, { pick }, { streamArray }, { default: chain }] = await Promise.all([
    import('stream-json'),
    import('stream-json/filters/pick.js'),
    import('stream-json/streamers/stream-array.js'),
    import('stream-chain'),
  ]);
  const pipeline = chain([createReadStream(file, { highWaterMark: 256 * 1024 }), parser(), pick({ filter: 'referrals' }), streamArray()]);
  for await (const { value } of pipeline) if (value) referrals += 1;
} else {
  throw new Error(`mode ${mode}: expected scanner or stream-json`);
}
const ms = performance.now() - started;
console.log(JSON.stringify({ referrals, ms, maxRssMb: process.resourceUsage().maxRSS / 1024 }));

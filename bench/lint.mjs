// referral-lint itself, in a child process of its own: the CLI's main() on one file, the
// report (csv-agencies, a few lines) thrown away. Prints { ms, code, reportBytes, maxRssMb }.
import { main } from '../dist/src/cli/cli.js';

const [file, ...extra] = process.argv.slice(2);
let out = '';
const started = performance.now();
const code = await main(['node', 'referral-lint', file, '-f', 'csv-agencies', '--no-progress', '--now', '2026-12-01T00:00:00Z', ...extra], {
  stdout: (t) => {
    out += t;
  },
  stderr: (t) => process.stderr.write(t),
  cwd: process.cwd(),
  env: {},
  isTTY: false,
});
const ms = performance.now() - started;
console.log(JSON.stringify({ ms, code, reportBytes: out.length, maxRssMb: process.resourceUsage().maxRSS / 1024 }));

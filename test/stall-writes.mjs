// Preloaded (node --import) into a child referral-lint by test/outputs.test.ts: a write made
// with fs.writeFile or fs.write never finishes, so the test can stop the process, without depending on
// timing, while a report's temporary file exists (src/run/outputs.ts writes it with fs.write, a whole report with fs.writeFile earlier).
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

// The timer keeps the process alive, as the unfinished write would.
fs.writeFile = () => setInterval(() => {}, 1 << 30);
fs.write = () => setInterval(() => {}, 1 << 30);
syncBuiltinESMExports();

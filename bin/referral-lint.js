#!/usr/bin/env node
// Starts the compiled CLI; all logic lives in src/cli/cli.ts.
import { main, strayFailureReport } from '../dist/src/cli/cli.js';

// Work a plugin's rule left running that fails after the rule returned: exit 2, its message withheld.
const stray = (error) => {
  strayFailureReport(process.argv, error).then((text) => {
    process.stderr.write(text);
    process.exit(2);
  });
};
process.on('unhandledRejection', stray);
process.on('uncaughtException', stray);

main(process.argv).then((code) => {
  process.exitCode = code;
});

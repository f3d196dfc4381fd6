#!/usr/bin/env node
// Starts the compiled CLI; all logic lives in src/cli.ts.
import { main } from '../dist/src/cli.js';

main(process.argv).then((code) => {
  process.exitCode = code;
});

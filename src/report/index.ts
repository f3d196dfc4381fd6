// The output formats, by name.
import { csv, csvAgencies } from './csv.js';
import { github } from './github.js';
import { html } from './html.js';
import { json } from './json.js';
import { junit } from './junit.js';
import { markdown } from './markdown.js';
import { sarif } from './sarif.js';
import { stylish } from './stylish.js';
import { FORMAT_NAMES } from './names.js';
import type { Reporter } from './types.js';

export type { Reporter, ReportOptions } from './types.js';
export { stepSummary } from './github.js';

export const reporters: Record<string, Reporter> = {
  stylish,
  json,
  sarif,
  junit,
  github,
  csv,
  'csv-agencies': csvAgencies,
  markdown,
  html,
};

export { FORMAT_NAMES } from './names.js';

// A format added to one list and not the other fails at start-up, not in a user's run.
if (Object.keys(reporters).join() !== FORMAT_NAMES.join()) throw new Error('src/report/names.ts and the reporters disagree');

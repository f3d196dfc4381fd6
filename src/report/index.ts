// The output formats, by name.
import { json } from './json.js';
import { stylish } from './stylish.js';
import type { Reporter } from './types.js';

export type { Reporter, ReportOptions } from './types.js';

export const reporters: Record<string, Reporter> = { stylish, json };

export const FORMAT_NAMES = Object.keys(reporters);

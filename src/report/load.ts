// Each format's reporter, imported when a run asks for that format: a run that prints the
// stylish report does not load the XML, CSV, HTML or hashing code of the others. ./index.ts
// holds them all, for the API.
import type { FormatName } from './names.js';
import type { PartedReporter, Reporter } from './types.js';
import type { stepSummary } from './github.js';

const LOADERS: Record<FormatName, () => Promise<Reporter>> = {
  stylish: async () => (await import('./stylish.js')).stylish,
  json: async () => (await import('./json.js')).json,
  sarif: async () => (await import('./sarif.js')).sarif,
  junit: async () => (await import('./junit.js')).junit,
  github: async () => (await import('./github.js')).github,
  csv: async () => (await import('./csv.js')).csv,
  'csv-agencies': async () => (await import('./csv.js')).csvAgencies,
  markdown: async () => (await import('./markdown.js')).markdown,
  html: async () => (await import('./html.js')).html,
};

/**
 * The formats written as the run goes (src/run/spool.ts): their reporters in parts. The
 * others (csv-agencies, markdown, html) are built from the whole result.
 */
const PARTED: Partial<Record<FormatName, () => Promise<PartedReporter>>> = {
  json: async () => (await import('./json.js')).jsonParts,
  sarif: async () => (await import('./sarif.js')).sarifParts,
  github: async () => (await import('./github.js')).githubParts,
  csv: async () => (await import('./csv.js')).csvParts,
  stylish: async () => (await import('./stylish.js')).stylishParts,
  junit: async () => (await import('./junit.js')).junitParts,
};

/** Whether a format can be written as the run goes. */
export function isParted(format: string): boolean {
  return Object.hasOwn(PARTED, format);
}

/** The reporters in parts of these formats (isParted), by name. */
export async function loadPartedReporters(formats: readonly FormatName[]): Promise<Partial<Record<FormatName, PartedReporter>>> {
  const unique = [...new Set(formats)].filter(isParted);
  const loaded = await Promise.all(unique.map((f) => PARTED[f]!()));
  return Object.fromEntries(unique.map((f, i) => [f, loaded[i]]));
}

/** The reporters of these formats, by name. */
export async function loadReporters(formats: readonly FormatName[]): Promise<Partial<Record<FormatName, Reporter>>> {
  const unique = [...new Set(formats)];
  const loaded = await Promise.all(unique.map((f) => LOADERS[f]()));
  return Object.fromEntries(unique.map((f, i) => [f, loaded[i]]));
}

/** The GitHub job summary (`-f github` under GitHub Actions). */
export async function loadStepSummary(): Promise<typeof stepSummary> {
  return (await import('./github.js')).stepSummary;
}

// The output formats' names, apart from the reporters themselves, so that `--help` and
// `--version` need not load them (src/report/index.ts checks the two lists agree).
export const FORMAT_NAMES = ['stylish', 'json', 'sarif', 'junit', 'github', 'csv', 'csv-agencies', 'markdown', 'html'] as const;

export type FormatName = (typeof FORMAT_NAMES)[number];

/**
 * The referrals each format prints: every one (json, junit: a test case each), only those
 * with findings, the worst of those with findings (html lists at most --max-listed, markdown
 * counts findings by agency and rule: src/score/listing.ts), or none (csv-agencies: group
 * scores only). A run keeps no more than its reports need, so a national export need not be
 * held in memory for an agency table or a page to read.
 */
export const FORMAT_NEEDS: Record<FormatName, 'all' | 'with-findings' | 'worst' | 'none'> = {
  stylish: 'with-findings',
  json: 'all',
  sarif: 'with-findings',
  junit: 'all',
  github: 'with-findings',
  csv: 'with-findings',
  'csv-agencies': 'none',
  markdown: 'worst',
  html: 'worst',
};

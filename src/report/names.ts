// The output formats' names, apart from the reporters themselves, so that `--help` and
// `--version` need not load them (src/report/index.ts checks the two lists agree).
export const FORMAT_NAMES = ['stylish', 'json', 'sarif', 'junit', 'github', 'csv', 'csv-agencies', 'markdown', 'html'] as const;

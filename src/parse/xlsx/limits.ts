// What an XLSX workbook may cost to read. A workbook is a zip: a few kilobytes can inflate to
// gigabytes (a zip bomb), and a part's declared size can lie. The reader counts the bytes it
// actually inflates and stops as soon as a count passes its limit, so a breach is found in
// memory bounded by the limit, never by the part. Messages name the part and the limit.

export interface XlsxLimits {
  /** Uncompressed bytes of the worksheet read (the sheet is streamed: this bounds time, not memory). */
  maxSheetBytes: number;
  /** Uncompressed bytes of xl/sharedStrings.xml (read whole into memory before the sheet). */
  maxSharedStringsBytes: number;
  /** Uncompressed bytes of any other part read (workbook, relationships, styles). */
  maxPartBytes: number;
  /** Uncompressed bytes of all the parts read, added up. */
  maxTotalBytes: number;
  /** Uncompressed bytes per compressed byte, checked for a part once it passes `compressionRatioFrom` bytes. */
  maxCompressionRatio: number;
  /** Uncompressed bytes from which `maxCompressionRatio` applies (small parts compress well legitimately). */
  compressionRatioFrom: number;
  /** Strings in the shared-string table. */
  maxSharedStrings: number;
  /** Cells in one row: a cell past this column fails the file (16,384 is Excel's last column, XFD). */
  maxCellsPerRow: number;
  /** Characters in one cell's text (a shared string, an inline string, a formula's text result). */
  maxStringLength: number;
  /** Files in the zip's central directory. */
  maxEntries: number;
}

export const DEFAULT_XLSX_LIMITS: Readonly<XlsxLimits> = {
  // The sheet is streamed, so its size bounds time, not memory: 100,000 rows of a 100-column
  // form export are about 320 MB of XML, and a million rows several GB. A zip bomb is stopped
  // by the compression ratio long before.
  maxSheetBytes: 8 * 1024 * 1024 * 1024,
  // Held in memory before the sheet: what a workbook with much free text can read.
  maxSharedStringsBytes: 128 * 1024 * 1024,
  maxPartBytes: 16 * 1024 * 1024,
  maxTotalBytes: 8 * 1024 * 1024 * 1024 + 512 * 1024 * 1024,
  maxCompressionRatio: 200,
  compressionRatioFrom: 1024 * 1024,
  maxSharedStrings: 4_000_000,
  maxCellsPerRow: 16_384,
  // Excel's own limit is 32,767 characters a cell; this matches the JSON reader's limit.
  maxStringLength: 1_000_000,
  maxEntries: 100_000,
};

export function resolveXlsxLimits(configured: Partial<XlsxLimits> = {}): XlsxLimits {
  return { ...DEFAULT_XLSX_LIMITS, ...configured };
}

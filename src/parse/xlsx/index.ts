// The XLSX reader (issue 16): a workbook's sheet as table events. Core: no Node.js, runs in a
// browser (fflate inflates, saxes parses, both pure JavaScript). The Node.js adapter that
// opens a file as RandomAccess is src/load/xlsx-file.ts.
export { readXlsx, chooseSheet, type ReadXlsxOptions, type SheetListing } from './reader.js';
export { DEFAULT_XLSX_LIMITS, resolveXlsxLimits, type XlsxLimits } from './limits.js';
export { bytesSource, type RandomAccess } from './zip.js';
export { isBuiltInDateFormat, isDateFormatCode } from './date-formats.js';

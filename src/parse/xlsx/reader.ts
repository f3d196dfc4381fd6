// The XLSX reader: one worksheet of a workbook as table events (src/parse/table.ts), read
// through random access so that the parts are read in the order they are needed whatever
// order the zip holds them in, and so that only the sheet's rows in flight, the shared-string
// table and the styles are in memory at a time.
import { columnLetter, ownText, TableError, type Cell, type TableEvent } from '../table.js';
import { isBuiltInDateFormat, isDateFormatCode } from './date-formats.js';
import { resolveXlsxLimits, type XlsxLimits } from './limits.js';
import { attribute, parseWholeEntry, parseXmlEntry } from './xml.js';
import { findEntry, openZip, type PartBudget, type RandomAccess, type Zip, type ZipEntry } from './zip.js';

export interface ReadXlsxOptions {
  /**
   * The sheet to read: a name (matched exactly, then ignoring case) or a 1-based position in
   * the workbook's order (hidden sheets count). Default: the first visible worksheet. A hidden
   * sheet is never read by default, but can be named.
   */
  sheet?: string | number;
  /** Limits over DEFAULT_XLSX_LIMITS. */
  limits?: Partial<XlsxLimits>;
}

/** A sheet as the workbook lists it. */
export interface SheetListing {
  name: string;
  state: 'visible' | 'hidden' | 'veryHidden';
  /** The sheet's part in the zip (`xl/worksheets/sheet1.xml`); undefined when the relationship is missing. */
  part?: string;
  /** False for a chart sheet or dialog sheet: it has no cells. */
  worksheet: boolean;
}

const REL_OFFICE_DOCUMENT = /\/officeDocument$/;
const REL_WORKSHEET = /\/worksheet$/;
const REL_STYLES = /\/styles$/;
const REL_SHARED_STRINGS = /\/sharedStrings$/;
/** Days between 1899-12-30 (the 1900 system's day 0) and 1904-01-01 (the 1904 system's). */
const DAYS_1904 = 1462;
/** Excel's last row: a row numbered past it is a damaged or hostile file (it would be a billion blank rows). */
const MAX_ROW = 1_048_576;

/** A relationship's target, resolved against the directory of the part that has it. */
function resolveTarget(baseDir: string, target: string): string {
  const path = target.startsWith('/') ? target.slice(1) : baseDir + target;
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '..') out.pop();
    else if (segment !== '.' && segment !== '') out.push(segment);
  }
  return out.join('/');
}

function dirOf(part: string): string {
  const slash = part.lastIndexOf('/');
  return slash < 0 ? '' : part.slice(0, slash + 1);
}

function relsPartOf(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

class Reader {
  readonly total = { bytes: 0 };
  constructor(
    readonly zip: Zip,
    readonly limits: XlsxLimits,
  ) {}

  budget(maxBytes: number, limitName: string): PartBudget {
    return { maxBytes, limitName, total: this.total };
  }

  async relationships(part: string): Promise<{ id: string; type: string; target: string }[]> {
    const entry = findEntry(this.zip, relsPartOf(part));
    if (!entry) return [];
    const rels: { id: string; type: string; target: string }[] = [];
    await parseWholeEntry(this.zip, entry, this.budget(this.limits.maxPartBytes, 'maxPartBytes'), this.limits, {
      open(name, attrs) {
        if (name !== 'Relationship') return;
        const target = attrs.Target ?? '';
        if (attrs.TargetMode === 'External') return;
        rels.push({ id: attrs.Id ?? '', type: attrs.Type ?? '', target: resolveTarget(dirOf(part), target) });
      },
      close() {},
      text() {},
    });
    return rels;
  }

  async workbook(): Promise<{ part: string; sheets: SheetListing[]; date1904: boolean; styles?: ZipEntry; sharedStrings?: ZipEntry }> {
    const rootRels = await this.relationships('');
    const part = rootRels.find((r) => REL_OFFICE_DOCUMENT.test(r.type))?.target ?? 'xl/workbook.xml';
    const entry = findEntry(this.zip, part);
    if (!entry) {
      throw new TableError(
        findEntry(this.zip, '[Content_Types].xml')
          ? `not an XLSX workbook: the zip has no workbook part (${part})`
          : `not an XLSX workbook: the zip has no workbook part (${part}) and no [Content_Types].xml`,
      );
    }
    const listed: { name: string; state: SheetListing['state']; rid?: string }[] = [];
    let date1904 = false;
    await parseWholeEntry(this.zip, entry, this.budget(this.limits.maxPartBytes, 'maxPartBytes'), this.limits, {
      open(name, attrs) {
        if (name === 'sheet') {
          const state = attrs.state === 'hidden' || attrs.state === 'veryHidden' ? attrs.state : 'visible';
          listed.push({ name: attrs.name ?? '', state, rid: attribute(attrs, 'id') });
        } else if (name === 'workbookPr') {
          date1904 = attrs.date1904 === '1' || attrs.date1904 === 'true';
        }
      },
      close() {},
      text() {},
    });
    const rels = await this.relationships(entry.name);
    const byId = new Map(rels.map((r) => [r.id, r]));
    const sheets = listed.map((s): SheetListing => {
      const rel = s.rid === undefined ? undefined : byId.get(s.rid);
      return { name: s.name, state: s.state, part: rel?.target, worksheet: rel ? REL_WORKSHEET.test(rel.type) : true };
    });
    const relPart = (pattern: RegExp, fallback: string): ZipEntry | undefined => {
      const target = rels.find((r) => pattern.test(r.type))?.target;
      return (target === undefined ? undefined : findEntry(this.zip, target)) ?? findEntry(this.zip, fallback);
    };
    return {
      part: entry.name,
      sheets,
      date1904,
      styles: relPart(REL_STYLES, `${dirOf(entry.name)}styles.xml`),
      sharedStrings: relPart(REL_SHARED_STRINGS, `${dirOf(entry.name)}sharedStrings.xml`),
    };
  }

  /** For each cell style (the `s` attribute's index into cellXfs): whether it shows a date. */
  async dateStyles(entry: ZipEntry | undefined): Promise<boolean[]> {
    if (!entry) return [];
    const custom = new Map<number, string>();
    const xfFormats: number[] = [];
    let inCellXfs = false;
    await parseWholeEntry(this.zip, entry, this.budget(this.limits.maxPartBytes, 'maxPartBytes'), this.limits, {
      open(name, attrs) {
        if (name === 'numFmt') custom.set(Number(attrs.numFmtId), attrs.formatCode ?? '');
        else if (name === 'cellXfs') inCellXfs = true;
        else if (name === 'xf' && inCellXfs) xfFormats.push(Number(attrs.numFmtId ?? 0));
      },
      close(name) {
        if (name === 'cellXfs') inCellXfs = false;
      },
      text() {},
    });
    return xfFormats.map((id) => {
      const code = custom.get(id);
      return code !== undefined ? isDateFormatCode(code) : isBuiltInDateFormat(id);
    });
  }

  /** The shared-string table, whole: rich-text runs joined, phonetic runs left out. */
  async sharedStrings(entry: ZipEntry | undefined): Promise<string[]> {
    if (!entry) return [];
    const strings: string[] = [];
    const { maxSharedStrings, maxStringLength } = this.limits;
    let current: string | undefined;
    let inText = 0;
    let inPhonetic = 0;
    await parseWholeEntry(this.zip, entry, this.budget(this.limits.maxSharedStringsBytes, 'maxSharedStringsBytes'), this.limits, {
      open(name) {
        if (name === 'si') {
          if (strings.length >= maxSharedStrings) {
            throw new TableError(`${entry.name} has more than ${maxSharedStrings} strings, the limit (maxSharedStrings)`);
          }
          current = '';
        } else if (name === 't') inText += 1;
        else if (name === 'rPh') inPhonetic += 1;
      },
      close(name) {
        if (name === 'si') {
          strings.push(ownText(current ?? ''));
          current = undefined;
        } else if (name === 't') inText -= 1;
        else if (name === 'rPh') inPhonetic -= 1;
      },
      text(text) {
        if (current === undefined || inText === 0 || inPhonetic > 0) return;
        current += text;
        if (current.length > maxStringLength) {
          throw new TableError(`${entry.name}: string ${strings.length + 1} is longer than ${maxStringLength} characters, the limit (maxStringLength)`);
        }
      },
    });
    return strings;
  }
}

/** Picks the sheet: by name, by position, or the first visible worksheet. */
export function chooseSheet(sheets: SheetListing[], wanted: string | number | undefined): SheetListing {
  const available = (): string =>
    sheets.length === 0
      ? 'the workbook lists no sheets'
      : `the workbook's sheets are ${sheets.map((s, i) => `${i + 1}. "${s.name}"${s.state === 'visible' ? '' : ` (${s.state})`}${s.worksheet ? '' : ' (not a worksheet)'}`).join(', ')}`;
  let sheet: SheetListing | undefined;
  if (wanted === undefined) {
    sheet = sheets.find((s) => s.state === 'visible' && s.worksheet);
    if (!sheet) throw new TableError(`the workbook has no visible worksheet: name the sheet to read (${available()})`);
  } else if (typeof wanted === 'number') {
    sheet = Number.isInteger(wanted) && wanted >= 1 ? sheets[wanted - 1] : undefined;
    if (!sheet) throw new TableError(`there is no sheet at position ${wanted}: ${available()}`);
  } else {
    sheet = sheets.find((s) => s.name === wanted) ?? sheets.find((s) => s.name.toLowerCase() === wanted.toLowerCase());
    if (!sheet) throw new TableError(`there is no sheet named "${wanted}": ${available()}`);
  }
  if (!sheet.worksheet) throw new TableError(`sheet "${sheet.name}" is a chart or dialog sheet, not a worksheet: it has no cells`);
  return sheet;
}

/** "F14" → column 5 (0-based); undefined when the reference has no column letters. */
function columnOf(ref: string): number | undefined {
  let col = 0;
  let i = 0;
  for (; i < ref.length; i += 1) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) col = col * 26 + (c - 64);
    else if (c >= 97 && c <= 122) col = col * 26 + (c - 96);
    else break;
    if (col > 0x7fffffff) return col;
  }
  return i === 0 ? undefined : col - 1;
}

/**
 * Reads one worksheet of an XLSX workbook as table events: first `info` (the sheet read), then
 * each row in order, a `blank` event for every row number with no non-empty cell before the
 * last non-blank row (rows the file leaves out included; none after the last non-blank row).
 *
 * Cells: text (shared strings, inline strings, a formula's text result), numbers, booleans,
 * errors (`{ error: '#N/A' }`), and numbers shown with a date or time format as
 * `{ serial }` (days since 1899-12-30; a workbook in the 1904 date system is converted). A
 * formula cell is its cached value; a formula never calculated (no cached value) is empty, and
 * so is a cell whose text is empty. A strict-OOXML date cell (`t="d"`) is its ISO 8601 text.
 *
 * Merged cells: the merged value is in the top-left cell only, as Excel stores it; the other
 * cells of the merge are empty. (A merge spanning rows leaves the rows below without it.)
 *
 * Reading is bounded by `limits` (DEFAULT_XLSX_LIMITS): a part over its size, a zip bomb, a
 * lying declared size, too many strings or cells fail the file with a TableError naming the
 * part and the limit, found while inflating, never after. Messages never hold cell content.
 *
 * The shared-string table and the styles are read first, whole, wherever the zip holds them;
 * then the sheet is streamed: only the rows of the chunk being parsed are held.
 */
export async function* readXlsx(source: RandomAccess, options: ReadXlsxOptions = {}): AsyncGenerator<TableEvent> {
  const limits = resolveXlsxLimits(options.limits);
  const zip = await openZip(source, limits);
  const reader = new Reader(zip, limits);
  const workbook = await reader.workbook();
  const sheet = chooseSheet(workbook.sheets, options.sheet);
  const sheetEntry = sheet.part === undefined ? undefined : findEntry(zip, sheet.part);
  if (!sheetEntry) throw new TableError(`sheet "${sheet.name}" has no part in the zip${sheet.part ? ` (${sheet.part})` : ''}: the workbook is damaged`);
  yield { kind: 'info', info: { sheet: sheet.name } };
  const dateStyles = await reader.dateStyles(workbook.styles);
  const strings = await reader.sharedStrings(workbook.sharedStrings);
  yield* readSheet(reader, sheetEntry, dateStyles, strings, workbook.date1904);
}

type Pending = TableEvent | { kind: 'blanks'; from: number; to: number };

async function* readSheet(reader: Reader, entry: ZipEntry, dateStyles: boolean[], strings: string[], date1904: boolean): AsyncGenerator<TableEvent> {
  const { limits } = reader;
  const part = entry.name;
  const pending: Pending[] = [];
  /** The next row number not yet accounted for by a row or blank event. */
  let nextRow = 1;
  /** The last row number seen (non-blank or not), for rows without `r`. */
  let lastRow = 0;
  let inSheetData = false;
  let done = false;

  let rowNumber = 0;
  let cells: Cell[] = [];
  let nonEmpty = 0;
  let rowBad: { column?: number; reason: string } | undefined;
  let nextCol = 0;

  let col = 0;
  let type = 'n';
  let style = 0;
  let value: string | undefined;
  /** 'v' inside a cell, 't' inside an inline string (not in a phonetic run), or nothing. */
  let capture = false;
  let inInline = false;
  let inPhonetic = 0;

  const addText = (text: string): void => {
    value = (value ?? '') + text;
    if (value.length > limits.maxStringLength) {
      throw new TableError(`${part}: cell ${columnLetter(col)}${rowNumber} is longer than ${limits.maxStringLength} characters, the limit (maxStringLength)`, rowNumber, col + 1);
    }
  };

  const cellValue = (): Cell => {
    if (value === undefined) return undefined;
    switch (type) {
      case 's': {
        const index = Number(value);
        const text = Number.isInteger(index) && index >= 0 ? strings[index] : undefined;
        if (text === undefined) {
          const which = /^\d{1,12}$/.test(value) ? `string ${Number(value) + 1}` : 'an index that is not a number';
          rowBad ??= { column: col + 1, reason: `cell ${columnLetter(col)}${rowNumber} is a shared string pointing to ${which}, but the table has ${strings.length} strings` };
          return undefined;
        }
        return text === '' ? undefined : text;
      }
      case 'inlineStr':
      case 'str':
      case 'd':
        return value === '' ? undefined : value;
      case 'b':
        if (value === '1' || value === 'true') return true;
        if (value === '0' || value === 'false') return false;
        rowBad ??= { column: col + 1, reason: `cell ${columnLetter(col)}${rowNumber} is a true/false cell whose value is neither 1 nor 0` };
        return undefined;
      case 'e':
        return value === '' ? undefined : { error: value };
      default: {
        if (value.trim() === '') return undefined;
        const n = Number(value);
        if (!Number.isFinite(n)) {
          rowBad ??= { column: col + 1, reason: `cell ${columnLetter(col)}${rowNumber} is a number cell whose value is not a number` };
          return undefined;
        }
        if (dateStyles[style]) return { serial: date1904 ? n + DAYS_1904 : n };
        return n;
      }
    }
  };

  const handlers = {
    open(name: string, attrs: Record<string, string>): void {
      if (done) return;
      if (!inSheetData) {
        if (name === 'sheetData') inSheetData = true;
        return;
      }
      switch (name) {
        case 'row': {
          const r = attrs.r === undefined ? lastRow + 1 : Number(attrs.r);
          rowNumber = Number.isInteger(r) && r >= 1 ? r : lastRow + 1;
          if (rowNumber > MAX_ROW) throw new TableError(`${part}: a row is numbered past ${MAX_ROW}, Excel's last row`, rowNumber);
          cells = [];
          nonEmpty = 0;
          rowBad = undefined;
          nextCol = 0;
          break;
        }
        case 'c': {
          const ref = attrs.r;
          const parsed = ref === undefined ? undefined : columnOf(ref);
          col = parsed ?? nextCol;
          nextCol = col + 1;
          if (col >= limits.maxCellsPerRow) {
            throw new TableError(
              `${part}: row ${rowNumber} has a cell past column ${columnLetter(limits.maxCellsPerRow - 1)}, the limit of ${limits.maxCellsPerRow} cells a row (maxCellsPerRow)`,
              rowNumber,
            );
          }
          type = attrs.t ?? 'n';
          style = attrs.s === undefined ? 0 : Number(attrs.s);
          value = undefined;
          capture = false;
          inInline = false;
          inPhonetic = 0;
          break;
        }
        case 'v':
          capture = true;
          if (type !== 'inlineStr') value = '';
          break;
        case 'is':
          inInline = true;
          value = '';
          break;
        case 'rPh':
          inPhonetic += 1;
          break;
        case 't':
          if (inInline && inPhonetic === 0) capture = true;
          break;
      }
    },
    close(name: string): void {
      if (done || !inSheetData) return;
      switch (name) {
        case 'v':
        case 't':
          capture = false;
          break;
        case 'is':
          inInline = false;
          break;
        case 'rPh':
          inPhonetic -= 1;
          break;
        case 'c': {
          const value = cellValue();
          const cell = typeof value === 'string' ? ownText(value) : value;
          if (cell !== undefined) {
            while (cells.length < col) cells.push(undefined);
            cells[col] = cell;
            nonEmpty += 1;
          }
          break;
        }
        case 'row': {
          if (rowNumber <= lastRow) {
            pending.push({ kind: 'bad-row', row: rowNumber, reason: `row ${rowNumber} comes after row ${lastRow}: the sheet's rows are out of order` });
            break;
          }
          lastRow = rowNumber;
          if (rowBad) {
            if (nextRow < rowNumber) pending.push({ kind: 'blanks', from: nextRow, to: rowNumber - 1 });
            pending.push({ kind: 'bad-row', row: rowNumber, ...rowBad });
            nextRow = rowNumber + 1;
          } else if (nonEmpty > 0) {
            if (nextRow < rowNumber) pending.push({ kind: 'blanks', from: nextRow, to: rowNumber - 1 });
            pending.push({ kind: 'row', row: rowNumber, cells });
            nextRow = rowNumber + 1;
          }
          break;
        }
        case 'sheetData':
          inSheetData = false;
          done = true;
          break;
      }
    },
    text(text: string): void {
      if (capture) addText(text);
    },
  };

  for await (const _ of parseXmlEntry(reader.zip, entry, reader.budget(limits.maxSheetBytes, 'maxSheetBytes'), limits, handlers)) {
    for (const event of pending.splice(0)) {
      if (event.kind === 'blanks') for (let row = event.from; row <= event.to; row += 1) yield { kind: 'blank', row };
      else yield event;
    }
  }
  for (const event of pending.splice(0)) {
    if (event.kind === 'blanks') for (let row = event.from; row <= event.to; row += 1) yield { kind: 'blank', row };
    else yield event;
  }
}

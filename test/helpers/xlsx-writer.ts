// A tiny XLSX writer for the reader's tests: just the parts a workbook needs ([Content_Types],
// relationships, workbook, styles, shared strings, sheets), zipped with fflate's zipSync. The
// rows are given as the sheet XML holds them, so a test states exactly what the file says.
import { strToU8, zipSync, type Zippable } from 'fflate';

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Cells, as a sheet's XML holds them. */
export const cell = {
  /** A shared string: its index in the table. */
  s: (ref: string, index: number) => `<c r="${ref}" t="s"><v>${index}</v></c>`,
  n: (ref: string, value: number, style?: number) => `<c r="${ref}"${style === undefined ? '' : ` s="${style}"`}><v>${value}</v></c>`,
  inline: (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${escapeXml(text)}</t></is></c>`,
  b: (ref: string, value: boolean) => `<c r="${ref}" t="b"><v>${value ? 1 : 0}</v></c>`,
  e: (ref: string, code: string) => `<c r="${ref}" t="e"><v>${escapeXml(code)}</v></c>`,
  /** A formula with a text result, cached (or never calculated, with `cached` undefined). */
  str: (ref: string, formula: string, cached?: string) =>
    `<c r="${ref}" t="str"><f>${escapeXml(formula)}</f>${cached === undefined ? '' : `<v>${escapeXml(cached)}</v>`}</c>`,
  /** A formula with a number result. */
  f: (ref: string, formula: string, cached?: number, style?: number) =>
    `<c r="${ref}"${style === undefined ? '' : ` s="${style}"`}><f>${escapeXml(formula)}</f>${cached === undefined ? '' : `<v>${cached}</v>`}</c>`,
  /** A styled cell with no value (as Excel writes a formatted empty cell). */
  empty: (ref: string, style = 1) => `<c r="${ref}" s="${style}"/>`,
};

export const row = (r: number | undefined, ...cells: string[]): string => `<row${r === undefined ? '' : ` r="${r}"`}>${cells.join('')}</row>`;

export interface SheetSpec {
  name: string;
  state?: 'hidden' | 'veryHidden';
  /** The rows: the inside of <sheetData>. */
  rows: string;
  /** Merged ranges, e.g. `A1:C1`. */
  merges?: string[];
}

export interface WorkbookSpec {
  sheets: SheetSpec[];
  /** The shared-string table: plain strings, or raw `<si>` XML for rich text. */
  sharedStrings?: (string | { xml: string })[];
  /** Custom number formats (id from 164) and the cellXfs list's numFmtId per style index. */
  numFmts?: { id: number; code: string }[];
  cellXfs?: number[];
  date1904?: boolean;
  /** Put xl/sharedStrings.xml and xl/styles.xml after the sheets in the zip. */
  sharedStringsLast?: boolean;
  /** Extra or replacing zip entries, as text or bytes. */
  files?: Record<string, string | Uint8Array>;
  /** Leave parts out of the zip. */
  omit?: string[];
  level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export function sheetXml(sheet: SheetSpec): string {
  const merges = sheet.merges?.length
    ? `<mergeCells count="${sheet.merges.length}">${sheet.merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>`
    : '';
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${NS}" xmlns:r="${REL}"><dimension ref="A1"/><sheetData>${sheet.rows}</sheetData>${merges}</worksheet>`;
}

export function writeXlsx(spec: WorkbookSpec): Uint8Array {
  const parts: Record<string, string | Uint8Array> = {};
  parts['[Content_Types].xml'] =
    `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
    `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`;
  parts['_rels/.rels'] =
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
    `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
  parts['xl/workbook.xml'] =
    `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${NS}" xmlns:r="${REL}">` +
    (spec.date1904 ? '<workbookPr date1904="1"/>' : '<workbookPr/>') +
    `<sheets>${spec.sheets
      .map((s, i) => `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`)
      .join('')}</sheets></workbook>`;
  const n = spec.sheets.length;
  parts['xl/_rels/workbook.xml.rels'] =
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
    spec.sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
    `<Relationship Id="rId${n + 1}" Type="${REL}/styles" Target="styles.xml"/>` +
    `<Relationship Id="rId${n + 2}" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`;
  const styles =
    `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="${NS}">` +
    (spec.numFmts?.length ? `<numFmts count="${spec.numFmts.length}">${spec.numFmts.map((f) => `<numFmt numFmtId="${f.id}" formatCode="${escapeXml(f.code)}"/>`).join('')}</numFmts>` : '') +
    `<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>` +
    `<cellXfs count="${(spec.cellXfs ?? [0]).length}">${(spec.cellXfs ?? [0]).map((id) => `<xf numFmtId="${id}" applyNumberFormat="1"/>`).join('')}</cellXfs></styleSheet>`;
  const strings = spec.sharedStrings ?? [];
  const shared =
    `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${NS}" count="${strings.length}" uniqueCount="${strings.length}">` +
    strings.map((s) => (typeof s === 'string' ? `<si><t xml:space="preserve">${escapeXml(s)}</t></si>` : s.xml)).join('') +
    `</sst>`;
  if (!spec.sharedStringsLast) {
    parts['xl/styles.xml'] = styles;
    parts['xl/sharedStrings.xml'] = shared;
  }
  spec.sheets.forEach((s, i) => (parts[`xl/worksheets/sheet${i + 1}.xml`] = sheetXml(s)));
  if (spec.sharedStringsLast) {
    parts['xl/sharedStrings.xml'] = shared;
    parts['xl/styles.xml'] = styles;
  }
  Object.assign(parts, spec.files ?? {});
  for (const name of spec.omit ?? []) delete parts[name];
  const zippable: Zippable = {};
  for (const [name, content] of Object.entries(parts)) zippable[name] = typeof content === 'string' ? strToU8(content) : content;
  return zipSync(zippable, { level: spec.level ?? 6 });
}

/** The zip's entry names in order, from its central directory (to check what the writer wrote). */
export function zipEntryNames(zip: Uint8Array): string[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let eocd = zip.length - 22;
  while (view.getUint32(eocd, true) !== 0x06054b50) eocd -= 1;
  const count = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  const names: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const nameLength = view.getUint16(at + 28, true);
    names.push(new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength)));
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return names;
}

/** Sets an entry's declared uncompressed size in the central directory (a lying zip). */
export function setDeclaredSize(zip: Uint8Array, entry: string, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  let eocd = out.length - 22;
  while (view.getUint32(eocd, true) !== 0x06054b50) eocd -= 1;
  const count = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  for (let i = 0; i < count; i += 1) {
    const nameLength = view.getUint16(at + 28, true);
    const name = new TextDecoder().decode(out.subarray(at + 46, at + 46 + nameLength));
    if (name === entry) {
      view.setUint32(at + 24, size, true);
      return out;
    }
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  throw new Error(`no entry ${entry}`);
}

// `referral-lint init --from <file>`: a draft mapping from a CSV, TSV or XLSX file's header
// row (src/mapping/draft.ts). The file is read with the lint's own readers, up to its first
// row with anything in it and no further; nothing below the header is printed or written.
import { createReadStream, existsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { UsageError } from '../model/errors.js';
import { bindMapping } from '../mapping/bind.js';
import { draftMapping, type Draft } from '../mapping/draft.js';
import { compileMapping } from '../mapping/mapping.js';
import { readyMade } from '../mapping/ready-made.js';
import { readCsv } from '../parse/csv.js';
import { TableError, type Cell, type TableEvent } from '../parse/table.js';
import { readXlsx } from '../parse/xlsx/index.js';
import { openRandomAccess } from '../load/xlsx-file.js';

export interface InitFromOptions {
  from: string;
  sheet?: string;
  /** A file, or `-` for standard output; default `<base name>.mapping.yaml` in `cwd`. */
  output?: string;
  force?: boolean;
}

const FORMATS: Record<string, 'csv' | 'tsv' | 'xlsx'> = { '.csv': 'csv', '.tsv': 'tsv', '.xlsx': 'xlsx' };

/** The header row: the first row with anything in it, and the sheet read (XLSX). */
async function readHeader(absolute: string, shown: string, format: 'csv' | 'tsv' | 'xlsx', sheet: string | number | undefined): Promise<{ cells: Cell[]; row: number; sheet?: string }> {
  let opened: Awaited<ReturnType<typeof openRandomAccess>> | undefined;
  let events: AsyncGenerator<TableEvent> | undefined;
  let sheetName: string | undefined;
  try {
    if (format === 'xlsx') {
      opened = await openRandomAccess(absolute);
      events = readXlsx(opened.source, sheet === undefined ? {} : { sheet });
    } else {
      events = readCsv(createReadStream(absolute, { highWaterMark: 64 * 1024 }) as AsyncIterable<Uint8Array>, { tsv: format === 'tsv' });
    }
    for await (const event of events) {
      if (event.kind === 'info') sheetName = event.info.sheet;
      else if (event.kind === 'bad-row') throw new UsageError(`${shown}: the header row (row ${event.row}) cannot be read: ${event.reason}`);
      else if (event.kind === 'row') return { cells: event.cells, row: event.row, ...(sheetName !== undefined ? { sheet: sheetName } : {}) };
    }
    throw new UsageError(`${shown}: no header row: the ${format === 'xlsx' ? 'sheet' : 'file'} has no row with anything in it`);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    if (error instanceof TableError) throw new UsageError(`${shown}: cannot be read as ${format === 'xlsx' ? 'an XLSX workbook' : format.toUpperCase()}: ${error.message}`);
    const code = (error as NodeJS.ErrnoException).code;
    if (code) throw new UsageError(`${shown}: cannot be read (${code})`);
    throw error;
  } finally {
    await events?.return(undefined);
    await opened?.close();
  }
}

/** Checks that the draft is a mapping --mapping accepts, bound to the file's own header: a failure here is a bug in the draft. */
function selfCheck(draft: Draft, cells: readonly Cell[], row: number, shown: string): void {
  const mapping = compileMapping(parseYaml(draft.text), shown, readyMade);
  const bound = bindMapping(mapping, cells, row, shown);
  if ('missing' in bound) throw new Error(`the draft mapping does not fit its own file: ${bound.missing.join('; ')}`);
}

export interface InitFromResult {
  /** The path written; undefined when the draft went to standard output. */
  written?: string;
  text: string;
  placed: number;
  unplaced: number;
  /** It maps at least one field, as --mapping needs. */
  usable: boolean;
}

export async function initFrom(options: InitFromOptions, cwd: string): Promise<InitFromResult> {
  const shown = options.from;
  const absolute = path.resolve(cwd, options.from);
  const ext = path.extname(absolute).toLowerCase();
  const format = FORMATS[ext];
  if (!format) {
    const hint = ext === '.xls' ? ': an old-format .xls workbook; save it as .xlsx' : '';
    throw new UsageError(`${shown}: init --from reads .csv, .tsv or .xlsx files${hint}`);
  }
  if (options.sheet !== undefined && format !== 'xlsx') throw new UsageError(`--sheet is for .xlsx workbooks; ${shown} is ${format.toUpperCase()}`);
  let stat;
  try {
    stat = statSync(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `${shown}: no such file` : `${shown}: cannot be read (${code ?? 'error'})`);
  }
  if (!stat.isFile()) throw new UsageError(`${shown}: not a file`);

  const base = path.basename(absolute);
  const name = base.slice(0, base.length - ext.length) || base;
  const output = options.output ?? `${name}.mapping.yaml`;
  let target: string | undefined;
  if (output !== '-') {
    if (!/\.ya?ml$/i.test(output)) throw new UsageError(`${output}: a mapping is YAML; name the file .yaml or .yml`);
    target = path.resolve(cwd, output);
    if (target === absolute) throw new UsageError(`${output} is the file read: refusing to write over it`);
    if (existsSync(target) && !options.force) throw new UsageError(`${output} already exists: not overwriting it (--force overwrites)`);
  }

  const sheet = options.sheet === undefined ? undefined : /^[1-9]\d*$/.test(options.sheet) ? Number(options.sheet) : options.sheet;
  const header = await readHeader(absolute, shown, format, sheet);
  const shownOutput = target ? path.relative(cwd, target) || target : '-';
  const draft = draftMapping({
    name,
    fileName: base,
    cells: header.cells,
    headerRow: header.row,
    ...(header.sheet !== undefined ? { sheet: { name: header.sheet, ...(sheet !== undefined ? { chosen: sheet } : {}) } } : {}),
    output: shownOutput,
  });
  const usable = draft.placement.placed.some((p) => p.target.kind !== 'id');
  if (usable) selfCheck(draft, header.cells, header.row, shown);

  if (target) {
    try {
      writeFileSync(target, draft.text, { flag: options.force ? 'w' : 'wx' });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw new UsageError(`${output} already exists: not overwriting it (--force overwrites)`);
      throw new UsageError(`cannot write ${output}: ${code ?? (error as Error).message}`);
    }
  }
  return { ...(target ? { written: target } : {}), text: draft.text, placed: draft.placement.placed.length, unplaced: draft.placement.unplaced.length, usable };
}

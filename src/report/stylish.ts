// The default terminal report: findings grouped by file, then the agency table (worst
// score first), then a one-line summary. Text from the input (file names, ids, agency names,
// messages) is shown with its control characters escaped (src/report/printable.ts), so an
// export cannot drive the terminal or forge a CI log line.
import { Chalk } from 'chalk';
import Table from 'cli-table3';
import { AGENCY_RULE_ROWS, agencyRuleText, bandColour, cellPlace, configPart, gateLines, messageWithValue, notLinted, onlyLine, percent, placeOf, plural, signed, tableLine, where } from './format.js';
import { printable } from './printable.js';
import { wholeReport, type PartedReporter, type Reporter } from './types.js';
import type { Band, FileResult, LintResult, ReferralResult } from '../model/types.js';

/**
 * The stylish report in parts: findings grouped by file, in the files' order, each file's
 * columns as wide as its widest cell (a first pass, scan, measures them), then the agency
 * table and the summary.
 */
export const stylishParts: PartedReporter = (result: LintResult, options) => {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const sev = (s: string): string => (s === 'error' ? c.red(s) : s === 'warning' ? c.yellow(s) : c.blue(s));
  /** Text in its band's colour: the band's word is always printed too, so colour is never all there is. */
  const inBand = (band: Band | null, text: string): string => {
    const colour = bandColour(band);
    return colour === 'green' ? c.green(text) : colour === 'amber' ? c.yellow(text) : colour === 'red' ? c.red(text) : text;
  };

  type Row = string[];
  const failedRows = (f: FileResult): Row[] => {
    const rows: Row[] = [];
    if (f.error !== undefined) rows.push([where(f.line, f.column), sev('error'), '', printable(`file not linted: ${f.error}`), c.dim('failed-file')]);
    for (const r of f.failedReferrals) {
      rows.push([cellPlace(r) ?? where(r.line), sev('error'), '', printable(`referral${r.pointer ? ` at ${r.pointer}` : ''} not linted: ${r.reason}`), c.dim('failed-referral')]);
    }
    return rows;
  };
  const findingRows = (r: ReferralResult): Row[] => {
    const rows: Row[] = [];
    for (const f of r.findings) {
      if (options.quiet && f.severity !== 'error') continue;
      const mark = f.isNew ? ` ${c.bold('(new)')}` : '';
      rows.push([printable(placeOf(f)), sev(f.severity), printable(r.id ?? '(no id)'), printable(messageWithValue(f)) + mark, c.dim(printable(f.ruleId))]);
    }
    return rows;
  };
  // Each file's rows and column widths: its failures' now, its referrals' as scan sees them.
  const sizes = new Map<string, { rows: number; widths: number[] }>();
  const measure = (file: string, rows: readonly Row[]): void => {
    let size = sizes.get(file);
    if (!size) sizes.set(file, (size = { rows: 0, widths: [0, 0, 0] }));
    size.rows += rows.length;
    // A loop, not Math.max(...): a file with 100,000 findings would overflow the call stack.
    for (const row of rows) for (let i = 0; i < 3; i++) size.widths[i] = Math.max(size.widths[i]!, stripAnsi(row[i]!).length);
  };
  for (const f of result.files) measure(f.path, failedRows(f));
  const line = (row: Row, widths: readonly number[]): string => `  ${row.slice(0, 3).map((cell, i) => pad(cell, widths[i]!)).join('  ')}  ${row[3]}  ${row[4]}\n`;

  // The files are printed in order; `next` is the first not yet begun, `open` the one whose rows are being printed.
  let next = 0;
  let open: { file: string; widths: number[] } | undefined;
  const close = (): string => {
    if (!open) return '';
    open = undefined;
    return '\n';
  };
  /** A file's heading and its failures; the file stays open for its referrals' rows when it has rows. */
  const begin = (f: FileResult): string => {
    const size = sizes.get(f.path);
    const table = tableLine(f);
    if ((!size || size.rows === 0) && !table) return '';
    let out = `${c.underline(printable(f.path))}\n`;
    // A table's mapping and coverage: which rules its referrals could be judged by.
    if (table) out += `  ${c.dim(printable(table))}\n`;
    if (!size || size.rows === 0) return `${out}\n`;
    for (const row of failedRows(f)) out += line(row, size.widths);
    open = { file: f.path, widths: size.widths };
    return out;
  };
  /** Closes the open file and prints the files up to `file` (and it), or to the end. */
  const reach = (file?: string): string => {
    let out = close();
    while (next < result.files.length) {
      const f = result.files[next]!;
      next += 1;
      out += begin(f);
      if (f.path === file) return out;
      out += close();
    }
    return out;
  };
  const referral = (r: ReferralResult): string => {
    const rows = findingRows(r);
    if (rows.length === 0) return '';
    let out = open?.file === r.file ? '' : reach(r.file);
    const widths = open?.widths ?? sizes.get(r.file)?.widths ?? [0, 0, 0];
    for (const row of rows) out += line(row, widths);
    return out;
  };

  const tail = (): string => {
    const out: string[] = [];
    if (result.agencies.length > 0) {
      const baseline = result.baseline;
      const changes = new Map(baseline?.agencies.map((a) => [a.name, a]));
      // Suppressions are shown per agency whenever there are any, so none goes unseen.
      const suppressions = result.summary.suppressed > 0;
      const table = new Table({
        head: ['Agency', 'Sector', 'Referrals', 'Score', 'Band', ...(baseline ? ['Change', 'New', 'Fixed'] : []), 'Clean %', 'Errors', 'Warnings', ...(suppressions ? ['Suppressed'] : [])],
        style: { head: options.color ? ['bold'] : [], border: [] },
        colAligns: ['left', 'left', 'right', 'right', 'left', ...(baseline ? (['right', 'right', 'right'] as const) : []), 'right', 'right', 'right', ...(suppressions ? (['right'] as const) : [])],
      });
      for (const a of result.agencies) {
        const change = changes.get(a.name);
        table.push([
          printable(a.name),
          printable(a.sector),
          a.referrals,
          inBand(a.band, percent(a.score)),
          inBand(a.band, a.band ?? '-'),
          ...(baseline ? [signed(change?.scoreChange ?? null), change?.newFindings ?? 0, change?.fixedFindings ?? 0] : []),
          percent(a.cleanRate),
          a.errors,
          a.warnings,
          ...(suppressions ? [a.suppressed] : []),
        ]);
      }
      out.push(table.toString(), '');
    }

    const s = result.summary;
    const problems = s.errors + s.warnings;
    const failed = s.filesFailed + s.referralsFailed;
    const parts = [
      `${plural(problems, 'problem')} (${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')})`,
      `${plural(s.referrals, 'referral')} from ${plural(s.files, 'file')}`,
      `score ${inBand(s.band, percent(s.score))}${s.band ? ` (${inBand(s.band, s.band)})` : ''}`,
      `clean ${percent(s.cleanRate)}%`,
    ];
    const configUsed = configPart(result.config);
    if (failed > 0) parts.push(c.red(`${plural(s.filesFailed, 'file')} and ${plural(s.referralsFailed, 'referral')} could not be linted`));
    if (s.suppressed > 0) parts.push(`${plural(s.suppressed, 'finding')} suppressed`);
    const b = result.baseline;
    if (b) parts.push(`since ${printable(b.file)}: score ${b.scoringChanged ? 'not compared (scored another way)' : signed(b.scoreChange)}, ${b.newFindings} new, ${b.fixedFindings} fixed`);
    const mark = s.errors > 0 || failed > 0 ? c.red('✖') : problems > 0 ? c.yellow('⚠') : c.green('✔');
    if (s.referrals === 0 && failed > 0) {
      // Nothing was linted: say so, rather than a score of `-`.
      const since = b ? `; since ${printable(b.file)}: ${b.fixedFindings} fixed` : '';
      out.push(`${mark} ${c.red(`no referral was linted (${notLinted(s.filesFailed, s.referralsFailed)}), so there is no score or clean rate`)}${since}`);
    } else out.push(`${mark} ${parts.join('; ')}; ${printable(configUsed)}`);
    const byRule = b?.byAgencyAndRule ?? [];
    if (byRule.length > 0) {
      out.push(`↕ by agency and rule since ${printable(b!.file)} (from the two reports' counts, not matched referral by referral):`);
      for (const r of byRule.slice(0, AGENCY_RULE_ROWS)) out.push(`  ${printable(r.agency)}: ${printable(agencyRuleText(r))}`);
      if (byRule.length > AGENCY_RULE_ROWS) out.push(`  and ${byRule.length - AGENCY_RULE_ROWS} more (--format json lists them all)`);
    }
    for (const w of b?.warnings ?? []) out.push(`${c.yellow('⚠')} ${printable(`--baseline ${b!.file}: ${w}`)}`);
    if (result.only) out.push(`ℹ ${printable(onlyLine(result.only))}`);
    // Each gate set: why the run failed, or that it passed.
    for (const g of gateLines(result.gates ?? [])) out.push(`${g.passed ? c.green('✔') : c.red('✖')} ${printable(g.text)}`);
    return `${reach()}${out.map((text) => `${text}\n`).join('')}`;
  };
  return { head: '', scan: (r: ReferralResult) => measure(r.file, findingRows(r)), referral, get tail() { return tail(); } };
};

export const stylish: Reporter = wholeReport(stylishParts);

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - stripAnsi(text).length));
}

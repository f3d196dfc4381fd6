// The CSV reports, for spreadsheets: `csv`, a row per finding; `csv-agencies`, a row per agency.
// RFC 4180 (header row, CRLF between records, a field quoted when it holds a comma, a quote or
// a line break), written by csv-stringify. Text that a spreadsheet would run as a formula is
// prefixed with a single quote (OWASP, CSV injection). Control characters in text, line breaks
// and tabs included, are shown escaped (src/report/printable.ts): a CSV report printed to a
// terminal or a CI log must not drive it, and a row stays one line.
import { stringify } from 'csv-stringify/sync';
import { DIMENSIONS } from '../domain/codes.js';
import { printable } from './printable.js';
import { wholeReport, type PartedReporter, type Reporter, type ReportOptions } from './types.js';
import type { LintResult, ReferralResult } from '../model/types.js';
import { cellPlace, tableLine } from './format.js';

type Cell = string | number | boolean | null | undefined;
type Row = Record<string, Cell>;

const FINDING_COLUMNS = ['file', 'referralId', 'agency', 'sector', 'rule', 'dimension', 'severity', 'pointer', 'line', 'column', 'message'];
const AGENCY_COLUMNS = ['agency', 'sector', 'referrals', 'score', 'cleanRate', 'errors', 'warnings', 'infos', 'suppressed', ...DIMENSIONS.map((d) => `${d}Score`)];
const BASELINE_COLUMNS = ['previousScore', 'scoreChange', 'newFindings', 'fixedFindings'];

/** OWASP: a cell starting with =, +, -, @, tab or carriage return is a formula to a spreadsheet. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Text as a cell shows it: control characters escaped, and a leading single quote when a spreadsheet would evaluate it. */
function textCell(text: string): string {
  const shown = printable(text);
  return FORMULA_START.test(shown) ? `'${shown}` : shown;
}

function toCsv(columns: readonly string[], rows: readonly Row[], header = true): string {
  return stringify(rows as Row[], {
    header,
    columns: [...columns],
    record_delimiter: 'windows',
    // csv-stringify quotes a field holding the record delimiter, not a lone CR or LF; RFC 4180 quotes any line break.
    quoted_match: /[\r\n]/,
    // Only strings are guarded: numbers (a negative score change) stay numbers.
    cast: { string: textCell, boolean: (value) => String(value) },
  });
}

/** A rule's dimension, from the run's rules; the rule docs when the run does not list it. */
function dimensionOf(result: LintResult, options: ReportOptions): (ruleId: string) => string {
  const dimensions = new Map(result.rules.map((r) => [r.id, r.dimension]));
  return (ruleId) => dimensions.get(ruleId) ?? options.rules?.get(ruleId)?.dimension ?? '';
}

/** The `csv` report in parts: the header row, each referral's findings' rows, then the files' and internal errors' rows. */
export const csvParts: PartedReporter = (result: LintResult, options: ReportOptions) => {
  const dimension = dimensionOf(result, options);
  const withBaseline = result.baseline !== undefined;
  // A `value` column only when the run was asked to include personal data.
  const withValues = result.includesPersonalData === true;
  // A `cell` column only when the run read a table: `row 14, column F "Consent given"`.
  const withCells = result.files.some((f) => f.table !== undefined);
  const columns = [...FINDING_COLUMNS, ...(withValues ? ['value'] : []), ...(withBaseline ? ['new'] : []), ...(withCells ? ['cell'] : [])];
  const referral = (r: ReferralResult): string => {
    if (r.findings.length === 0) return '';
    const rows: Row[] = [];
    for (const f of r.findings) {
      rows.push({
        file: r.file,
        referralId: r.id,
        agency: r.agency,
        sector: r.sector,
        rule: f.ruleId,
        dimension: dimension(f.ruleId),
        severity: f.severity,
        pointer: f.pointer,
        line: f.line,
        column: f.column,
        message: f.message,
        ...(withValues ? { value: f.value } : {}),
        ...(withBaseline ? { new: f.isNew === true } : {}),
        ...(withCells ? { cell: cellPlace(f) } : {}),
      });
    }
    return toCsv(columns, rows, false);
  };
  const rows: Row[] = [];
  // Not findings, so no agency, rule dimension or `new`: the run could not check them.
  for (const file of result.files) {
    if (file.error !== undefined) {
      rows.push({ file: file.path, rule: 'failed-file', severity: 'error', line: file.line, column: file.column, message: `file not linted: ${file.error}` });
    }
    for (const failed of file.failedReferrals) {
      rows.push({ file: file.path, rule: 'failed-referral', severity: 'error', pointer: failed.pointer, line: failed.line, message: `referral not linted: ${failed.reason}`, ...(withCells ? { cell: cellPlace(failed) } : {}) });
    }
    // A table's mapping and coverage: one row, so a reader of the findings knows which rules could not be judged.
    const table = tableLine(file);
    if (table) rows.push({ file: file.path, rule: 'coverage', severity: 'info', message: table });
  }
  for (const e of result.internalErrors) {
    rows.push({ file: e.file, referralId: e.referralId, rule: 'internal-error', severity: 'error', pointer: e.pointer, message: `rule ${e.ruleId} crashed: ${e.message}` });
  }
  return { head: toCsv(columns, [], true), referral, tail: rows.length > 0 ? toCsv(columns, rows, false) : '' };
};

export const csv: Reporter = wholeReport(csvParts);

export const csvAgencies: Reporter = (result: LintResult) => {
  const changes = result.baseline?.agencies;
  // A `notAssessed` column, last, only when the run read a table: the rules some of the agency's
  // referrals could not be judged by, and on how many (`consent-recorded (12); ...`).
  const withCoverage = result.files.some((f) => f.table !== undefined);
  const rows = result.agencies.map((a, i): Row => {
    // baseline.agencies holds one entry per agency of this run, in this run's order.
    const change = changes?.[i]?.name === a.name ? changes[i] : changes?.find((c) => c.name === a.name);
    return {
      agency: a.name,
      sector: a.sector,
      referrals: a.referrals,
      score: a.score,
      cleanRate: a.cleanRate,
      errors: a.errors,
      warnings: a.warnings,
      infos: a.infos,
      suppressed: a.suppressed,
      ...Object.fromEntries(DIMENSIONS.map((d) => [`${d}Score`, a.dimensions[d] ?? null])),
      ...(changes
        ? {
            previousScore: change?.previousScore ?? null,
            scoreChange: change?.scoreChange ?? null,
            newFindings: change?.newFindings ?? 0,
            fixedFindings: change?.fixedFindings ?? 0,
          }
        : {}),
      band: a.band,
      ...(withCoverage ? { notAssessed: (a.coverage?.notAssessed ?? []).map((n) => `${n.ruleId} (${n.referrals})`).join('; ') } : {}),
    };
  });
  // The band comes last, so that every earlier column keeps its place (and notAssessed after it).
  return toCsv([...AGENCY_COLUMNS, ...(changes ? BASELINE_COLUMNS : []), 'band', ...(withCoverage ? ['notAssessed'] : [])], rows);
};

// The GitHub Actions report: one workflow command per finding, so each shows as an
// annotation on the file and line it is about, then the summary as plain log lines.
// stepSummary() is the Markdown the CLI appends to $GITHUB_STEP_SUMMARY.
import type { Severity } from '../domain/codes.js';
import { cellPlace, gateLines, messageWithValue, notLinted, percent, plural, signed, tableLine } from './format.js';
import { markdownSummary } from './markdown.js';
import { printable } from './printable.js';
import { wholeReport, type PartedReporter, type Reporter, type ReportOptions } from './types.js';
import type { LintResult, ReferralResult } from '../model/types.js';

/** GitHub caps a step summary at 1 MiB; a character takes at most 4 bytes of UTF-8. */
const STEP_SUMMARY_BUDGET = 250_000;

// Source: @actions/core, actions/toolkit packages/core/src/command.ts (escapeData and
// escapeProperty), the escapes the runner decodes in `::command key=value,...::message`.

/** Escapes a workflow command's message: % first, so an escape is never escaped twice. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a property value (file, title): also `:` and `,`, which end a property. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

type Command = 'error' | 'warning' | 'notice';

function commandFor(severity: Severity): Command {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'notice';
}

interface Annotation {
  file: string;
  line?: number;
  column?: number;
  title: string;
}

/** Text from the input in a workflow command: other control characters escaped first (ESC would reach the log); CR and LF are the command's to escape. */
function commandText(text: string): string {
  return printable(text, { keepLineBreaks: true });
}

/** `::error file=...,line=...,col=...,title=...::message`; line and col only when known. */
function annotate(command: Command, { file, line, column, title }: Annotation, message: string): string {
  const properties: [string, string | number | undefined][] = [
    // Standard input has no file an annotation could point at.
    ['file', file === '-' ? undefined : file],
    ['line', line],
    ['col', line === undefined ? undefined : column],
    ['title', title],
  ];
  const list = properties.filter(([, value]) => value !== undefined).map(([key, value]) => `${key}=${escapeProperty(commandText(String(value)))}`);
  return `::${command} ${list.join(',')}::${escapeData(commandText(message))}`;
}

function summaryLine(result: LintResult): string {
  const s = result.summary;
  const problems = s.errors + s.warnings;
  const parts = [
    `${plural(s.referrals, 'referral')} from ${plural(s.files, 'file')}`,
    `${plural(problems, 'problem')} (${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')})`,
    `score ${percent(s.score)}${s.band ? ` (${s.band})` : ''}`,
    `clean ${percent(s.cleanRate)}%`,
  ];
  if (s.filesFailed + s.referralsFailed > 0) parts.push(`${plural(s.filesFailed, 'file')} and ${plural(s.referralsFailed, 'referral')} could not be linted`);
  if (s.suppressed > 0) parts.push(`${plural(s.suppressed, 'finding')} suppressed`);
  if (s.internalErrors > 0) parts.push(`${plural(s.internalErrors, 'internal error')}`);
  const b = result.baseline;
  if (b) parts.push(`since ${b.file}: score ${b.scoringChanged ? 'not compared (scored another way)' : signed(b.scoreChange)}, ${b.newFindings} new, ${b.fixedFindings} fixed`);
  // Nothing was linted: say so, rather than a score of `-`.
  if (s.referrals === 0 && s.filesFailed + s.referralsFailed > 0) {
    parts.splice(0, parts.length, `no referral was linted (${notLinted(s.filesFailed, s.referralsFailed)}), so there is no score or clean rate`);
    if (s.internalErrors > 0) parts.push(`${plural(s.internalErrors, 'internal error')}`);
    if (b) parts.push(`since ${b.file}: ${b.fixedFindings} fixed`);
  }
  // A plain log line, not a command: a line break in it (the baseline's file name) would start another.
  return printable(`referral-lint: ${parts.join('; ')}`);
}

/** The GitHub report in parts: the files' annotations, each referral's findings', then internal errors, the summary line and the gates; a line each. */
export const githubParts: PartedReporter = (result: LintResult, options: ReportOptions) => {
  const head: string[] = [];
  for (const f of result.files) {
    if (f.error !== undefined) head.push(annotate('error', { file: f.path, line: f.line, column: f.column, title: 'failed-file' }, `file not linted: ${f.error}`));
    for (const r of f.failedReferrals) {
      head.push(annotate('error', { file: f.path, line: r.line, title: 'failed-referral' }, `referral${r.pointer ? ` at ${r.pointer}` : ''} not linted: ${r.reason}`));
    }
    // A table's mapping and coverage, as a notice on the file.
    const table = tableLine(f);
    if (table) head.push(annotate('notice', { file: f.path, title: 'coverage' }, table));
  }
  const referral = (r: ReferralResult): string => {
    let out = '';
    for (const f of r.findings) {
      if (options.quiet && f.severity !== 'error') continue;
      const title = `${f.ruleId} (${r.id ?? 'no id'})${f.isNew ? ' [new]' : ''}`;
      const cell = cellPlace(f);
      out += `${annotate(commandFor(f.severity), { file: r.file, line: f.line, column: f.column, title }, cell ? `${cell}: ${messageWithValue(f)}` : messageWithValue(f))}\n`;
    }
    return out;
  };
  const tail: string[] = [];
  for (const e of result.internalErrors) {
    // The exception's own message stays in the log (stderr): it may quote what the rule read.
    const title = `internal-error (${e.ruleId})`;
    tail.push(annotate('error', { file: e.file, title }, `rule ${e.ruleId} crashed on referral ${e.referralId ?? '(no id)'} at ${e.pointer || '/'}: its score is incomplete`));
  }
  tail.push(summaryLine(result));
  // A failed gate is an error annotation (on no file: it is about the run); a passed one, a plain log line.
  for (const g of gateLines(result.gates ?? [])) {
    tail.push(g.passed ? printable(`referral-lint: gate passed: ${g.text}`) : `::error title=${escapeProperty(`failed gate --${g.gate}`)}::${escapeData(commandText(g.text))}`);
  }
  const lines = (list: string[]): string => list.map((line) => `${line}\n`).join('');
  return { head: lines(head), referral, tail: lines(tail) };
};

export const github: Reporter = wholeReport(githubParts);

/** The job summary: the Markdown report's heading, run summary (with a line per gate) and agency table. */
export function stepSummary(result: LintResult, _options: ReportOptions): string {
  return markdownSummary(result, STEP_SUMMARY_BUDGET);
}

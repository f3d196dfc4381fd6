// The default terminal report: findings grouped by file, then the agency table (worst
// score first), then a one-line summary. Text from the input (file names, ids, agency names,
// messages) is shown with its control characters escaped (src/report/printable.ts), so an
// export cannot drive the terminal or forge a CI log line.
import { Chalk } from 'chalk';
import Table from 'cli-table3';
import { AGENCY_RULE_ROWS, agencyRuleText, bandColour, cellPlace, configPart, gateLines, messageWithValue, notLinted, onlyLine, percent, placeOf, plural, signed, tableLine, where } from './format.js';
import { printable } from './printable.js';
import type { Reporter } from './types.js';
import type { Band, LintResult } from '../model/types.js';

export const stylish: Reporter = (result: LintResult, options) => {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const sev = (s: string): string => (s === 'error' ? c.red(s) : s === 'warning' ? c.yellow(s) : c.blue(s));
  /** Text in its band's colour: the band's word is always printed too, so colour is never all there is. */
  const inBand = (band: Band | null, text: string): string => {
    const colour = bandColour(band);
    return colour === 'green' ? c.green(text) : colour === 'amber' ? c.yellow(text) : colour === 'red' ? c.red(text) : text;
  };
  const out: string[] = [];

  const byFile = new Map<string, string[][]>();
  const rows = (file: string): string[][] => {
    let list = byFile.get(file);
    if (!list) byFile.set(file, (list = []));
    return list;
  };
  for (const f of result.files) {
    if (f.error !== undefined) rows(f.path).push([where(f.line, f.column), sev('error'), '', printable(`file not linted: ${f.error}`), c.dim('failed-file')]);
    for (const r of f.failedReferrals) {
      rows(f.path).push([cellPlace(r) ?? where(r.line), sev('error'), '', printable(`referral${r.pointer ? ` at ${r.pointer}` : ''} not linted: ${r.reason}`), c.dim('failed-referral')]);
    }
  }
  for (const r of result.referrals) {
    for (const f of r.findings) {
      if (options.quiet && f.severity !== 'error') continue;
      const mark = f.isNew ? ` ${c.bold('(new)')}` : '';
      rows(r.file).push([printable(placeOf(f)), sev(f.severity), printable(r.id ?? '(no id)'), printable(messageWithValue(f)) + mark, c.dim(printable(f.ruleId))]);
    }
  }
  for (const f of result.files) {
    const list = byFile.get(f.path);
    const table = tableLine(f);
    if ((!list || list.length === 0) && !table) continue;
    out.push(c.underline(printable(f.path)));
    // A table's mapping and coverage: which rules its referrals could be judged by.
    if (table) out.push(`  ${c.dim(printable(table))}`);
    if (!list || list.length === 0) {
      out.push('');
      continue;
    }
    // A loop, not Math.max(...): a file with 100,000 findings would overflow the call stack.
    const widths = [0, 1, 2].map((i) => list.reduce((w, row) => Math.max(w, stripAnsi(row[i]!).length), 0));
    for (const row of list) {
      out.push(`  ${row.slice(0, 3).map((cell, i) => pad(cell, widths[i]!)).join('  ')}  ${row[3]}  ${row[4]}`);
    }
    out.push('');
  }

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
  return `${out.join('\n')}\n`;
};

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - stripAnsi(text).length));
}

import type { AgencyRuleChange, Band, Coverage, GateResult, LintResult, ReferralResult, TableRead } from '../model/types.js';
// Small formatting helpers shared by the human-readable reporters.

export function percent(value: number | null, digits = 1): string {
  return value === null ? '-' : value.toFixed(digits);
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** A count with thousands grouped, as a person reads it: 1,234. */
export function grouped(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** What a report that lists only the worst referrals says of the rest, before the list. */
export function moreListedLine(notListed: number, max: number): string {
  return `Only the ${grouped(max)} referrals with findings that score lowest are listed, under their agencies: ${grouped(notListed)} more ${notListed === 1 ? 'referral' : 'referrals'} with findings ${notListed === 1 ? 'is' : 'are'} not listed here (--format json or csv lists every one).`;
}

/** `file:line:col`, as editors and terminals link it. */
export function where(line?: number, column?: number): string {
  return line === undefined ? '-' : column === undefined ? `${line}` : `${line}:${column}`;
}

/** Where a finding from a table stands, as a person finds it in the sheet: `row 14, column F "Consent given"`. */
export function cellPlace(at: { row?: number; columnLetter?: string; header?: string }): string | undefined {
  if (at.row === undefined) return undefined;
  if (at.columnLetter === undefined) return `row ${at.row}`;
  return `row ${at.row}, column ${at.columnLetter}${at.header ? ` "${at.header}"` : ''}`;
}

/** A finding's place: a table's row and column, else `line:col`. */
export function placeOf(at: { line?: number; column?: number; row?: number; columnLetter?: string; header?: string }): string {
  return cellPlace(at) ?? where(at.line, at.column);
}

/** How a table file was read and its coverage, in one line: `mapping form-export, sheet Referrals, windows-1252 (detected); assessed 6 of 15 rules; ...`. */
export function tableLine(file: { table?: TableRead; coverage?: Coverage }): string | undefined {
  if (!file.table) return undefined;
  const read = tableReadText(file.table);
  return file.coverage ? `${read}; ${file.coverage.text}` : read;
}

/** How a table was read, in words: `mapping form-export, sheet Referrals, windows-1252 (detected), 2 blank rows skipped`. */
export function tableReadText(t: TableRead): string {
  return [`mapping ${t.mapping}`, t.sheet !== undefined ? `sheet ${t.sheet}` : '', t.encoding ?? '', t.blankRows > 0 ? `${plural(t.blankRows, 'blank row')} skipped` : ''].filter(Boolean).join(', ');
}

/** A score change with its sign: +2.5, -1.0, 0.0; `-` when either score is missing. */
export function signed(change: number | null, digits = 1): string {
  if (change === null) return '-';
  const text = Math.abs(change).toFixed(digits);
  return change > 0 && Number(text) !== 0 ? `+${text}` : change < 0 && Number(text) !== 0 ? `-${text}` : text;
}

/** Values longer than this are cut in text reports (the JSON report keeps them whole). */
const VALUE_PREVIEW = 200;

/** A finding's message, followed by its value when the run was asked to include personal data. */
export function messageWithValue(finding: { message: string; value?: string | number | boolean }): string {
  if (finding.value === undefined) return finding.message;
  const text = JSON.stringify(finding.value);
  return `${finding.message} (value: ${text.length > VALUE_PREVIEW ? `${text.slice(0, VALUE_PREVIEW)}…` : text})`;
}

/**
 * The result's referrals grouped by agency name, in run order: one pass, so a report that
 * lists each agency's referrals takes time in proportion to the referrals, however many
 * agencies there are.
 */
export function referralsByAgency(result: LintResult): Map<string, ReferralResult[]> {
  const groups = new Map<string, ReferralResult[]>();
  for (const r of result.referrals) {
    const list = groups.get(r.agency);
    if (list) list.push(r);
    else groups.set(r.agency, [r]);
  }
  return groups;
}

/**
 * A score or clean rate against a gate's limit, to one decimal unless rounding would put it
 * on the other side of the limit (69.96 against 70 shows as 69.96, not 70.0).
 */
export function againstLimit(value: number, limit: number): string {
  for (let digits = 1; digits <= 4; digits++) {
    const text = value.toFixed(digits);
    if (Number(text) < limit === value < limit) return text;
  }
  return String(value);
}

/** One gate entry as a sentence, failed or passed: `3 warnings, more than --max-warnings 0`. */
export function gateSentence(g: GateResult): string {
  const limit = String(g.limit);
  switch (g.gate) {
    case 'max-warnings':
      return `${plural(g.actual ?? 0, 'warning')}, ${g.passed ? 'within' : 'more than'} --max-warnings ${limit}`;
    case 'fail-on':
      return g.passed ? 'no new errors, as --fail-on new requires' : `${plural(g.actual ?? 0, 'new error')} (not in the baseline), --fail-on new allows none`;
    case 'min-score':
      if (g.actual === null) return `no agency has a score for --min-score ${limit} to check`;
      return `${g.agency ?? 'the run'} scored ${againstLimit(g.actual, g.limit)}, ${g.passed ? 'at least' : 'below'} --min-score ${limit}`;
    case 'min-clean-rate':
      if (g.actual === null) return `no agency has a clean rate for --min-clean-rate ${limit} to check`;
      return `${g.agency ?? 'the run'} has ${againstLimit(g.actual, g.limit)}% clean referrals, ${g.passed ? 'at least' : 'below'} --min-clean-rate ${limit}`;
  }
}

export interface GateLine {
  gate: GateResult['gate'];
  passed: boolean;
  text: string;
}

/**
 * The gates as lines for people: each failed entry its own line; a per-agency gate that every
 * agency passed, one line (with the lowest value), so fifty agencies do not print fifty passes.
 */
export function gateLines(gates: readonly GateResult[]): GateLine[] {
  const out: GateLine[] = [];
  const kinds = [...new Set(gates.map((g) => g.gate))];
  for (const gate of kinds) {
    const entries = gates.filter((g) => g.gate === gate);
    const failed = entries.filter((g) => !g.passed);
    if (failed.length > 0 || (gate !== 'min-score' && gate !== 'min-clean-rate') || (entries.length === 1 && entries[0]!.actual === null)) {
      for (const g of failed.length > 0 ? failed : entries) out.push({ gate, passed: g.passed, text: gateSentence(g) });
      continue;
    }
    const limit = entries[0]!.limit;
    const lowest = entries.reduce((low, g) => Math.min(low, g.actual ?? Infinity), Infinity);
    const text =
      gate === 'min-score'
        ? `every agency scored at least --min-score ${limit} (lowest ${againstLimit(lowest, limit)})`
        : `every agency has at least ${limit}% clean referrals, as --min-clean-rate ${limit} asks (lowest ${againstLimit(lowest, limit)}%)`;
    out.push({ gate, passed: true, text });
  }
  return out;
}

/** At most this many agency-and-rule changes in the terminal and markdown reports; the JSON report has them all. */
export const AGENCY_RULE_ROWS = 10;

/** `consent-recorded failed 3 of 10 (30.0%), was 1 of 12 (8.3%): +21.7 points` */
export function agencyRuleText(r: AgencyRuleChange): string {
  const part = (failed: number, applicable: number, rate: number | null): string => (applicable === 0 ? 'did not apply' : `${failed} of ${applicable} (${percent(rate)}%)`);
  const change = r.rateChange === null ? '' : `: ${r.rateChange > 0 ? '+' : ''}${r.rateChange.toFixed(1)} points`;
  return `${r.ruleId} failed ${part(r.failed, r.applicable, r.rate)}, was ${part(r.previousFailed, r.previousApplicable, r.previousRate)}${change}`;
}

/** With `only` (--agency): who the report is about, and what it left out. */
export function onlyLine(only: NonNullable<LintResult['only']>): string {
  const who = [...only.agencies, ...only.sectors.map((s) => `sector ${s}`)].join(', ');
  return `only ${who}: ${plural(only.leftOut, 'referral')} of ${plural(only.leftOutAgencies, 'other agency', 'other agencies')} linted but left out of this report and its scores`;
}

/** `config referral-lint.config.yaml (sha256 1a2b3c4d5e6f)`, `config none`, or for a config given in memory `config (in memory, sha256 …)`. */
export function configPart(config: LintResult['config'] | undefined): string {
  if (!config || (config.path === null && config.hash === null)) return 'config none';
  const hash = config.hash === null ? '' : `sha256 ${config.hash.slice(0, 12)}`;
  return config.path === null ? `config (in memory, ${hash})` : `config ${config.path}${hash ? ` (${hash})` : ''}`;
}

/** `N files and M referrals could not be linted`, naming only the kinds that failed. */
export function notLinted(filesFailed: number, referralsFailed: number): string {
  const parts = [...(filesFailed > 0 ? [plural(filesFailed, 'file')] : []), ...(referralsFailed > 0 ? [plural(referralsFailed, 'referral')] : [])];
  return `${parts.join(' and ')} could not be linted`;
}

/** A band as a word for people: `good`, `requires improvement`, `inadequate`; `-` when there is no score. */
export function bandWords(band: Band | null): string {
  return band === null ? '-' : band.replace('-', ' ');
}

/** The colour of a band where a format has colour: green, amber (yellow on a terminal), red. Always shown with the word. */
export function bandColour(band: Band | null): 'green' | 'amber' | 'red' | 'none' {
  return band === 'good' ? 'green' : band === 'requires-improvement' ? 'amber' : band === 'inadequate' ? 'red' : 'none';
}

// The Markdown report, for pull-request comments and job summaries: the run summary, the
// agency table with every dimension score, each agency's most frequent findings, and what
// could not be linted. It formats the numbers the result holds; it computes none.
import { DIMENSIONS } from '../domain/codes.js';
import { AGENCY_RULE_ROWS, agencyRuleText, bandWords, cellPlace, gateLines, onlyLine, percent, plural, signed, tableLine } from './format.js';
import { printable } from './printable.js';
import type { Reporter, ReportOptions } from './types.js';
import type { AgencyChange, GroupScore, LintResult, ReferralListing } from '../model/types.js';
import { listReferrals } from '../score/listing.js';

/** GitHub refuses comments over 65,536 characters; the report stays under this, notes included. */
export const COMMENT_BUDGET = 60_000;

/** Room kept for a truncation note. */
const NOTE_ROOM = 300;

/** Rules listed per agency. */
const TOP_RULES = 5;

/**
 * An @mention as GitHub reads one (a user, or an organisation's team): `@` not after a letter,
 * digit or underscore (an email address is no mention), then a name.
 */
const MENTION = /(?<![A-Za-z0-9_])@[A-Za-z0-9][A-Za-z0-9-]*(?:\/[A-Za-z0-9][A-Za-z0-9_.-]*)?/g;

/** Inline text with Markdown punctuation backslash-escaped, `&` before an entity too, and line breaks as `<br>`. */
function escapeInline(text: string): string {
  return text
    .replace(/[\\`*_[\]<>|~#$]/g, '\\$&')
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&')
    .replace(/\r\n|\r|\n/g, '<br>');
}

/**
 * Text as a Markdown table cell (or any inline text): control characters escaped
 * (src/report/printable.ts), Markdown punctuation backslash-escaped so a name renders as
 * written, `|` cannot end the cell, and a line break cannot end the row. An @mention is put in
 * a code span, where GitHub does not read it: a pull-request comment naming an agency called
 * `@someone` notifies nobody.
 */
export function cell(text: string): string {
  const clean = printable(text, { keepLineBreaks: true });
  let out = '';
  let last = 0;
  for (const mention of clean.matchAll(MENTION)) {
    out += `${escapeInline(clean.slice(last, mention.index))}\`${mention[0]}\``;
    last = mention.index + mention[0].length;
  }
  return out + escapeInline(clean.slice(last));
}

/** Text as a code span, fenced with more backticks than it holds (CommonMark 6.1); control characters escaped, line breaks too. */
function code(text: string): string {
  const clean = printable(text);
  const longest = Math.max(0, ...(clean.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${clean}${pad}${fence}`;
}

/** A score or rate with one decimal, like the terminal report; an en dash when there is none. */
function score(value: number | null | undefined): string {
  return value === null || value === undefined ? '–' : percent(value);
}

/** `(line 4, column 14)`, or nothing when the place is unknown. */
function place(line?: number, column?: number): string {
  if (line === undefined) return '';
  return column === undefined ? ` (line ${line})` : ` (line ${line}, column ${column})`;
}

/** A score change with its sign, +2.5 or −1.0 (a true minus sign, as typeset); an en dash when unknown. */
function scoreChange(value: number | null): string {
  return value === null ? '–' : signed(value).replace(/^-/, '−');
}

/** The agency's score change since the baseline, or "new" when the baseline had no referral from it. */
function change(agency: AgencyChange | undefined): string {
  return agency === undefined || agency.previousScore === null ? 'new' : scoreChange(agency.scoreChange);
}

/** Keeps items, in order, while they fit in `budget` characters (one line each). */
function fit(items: readonly string[], budget: number): { kept: string[]; left: number } {
  const kept: string[] = [];
  let used = 0;
  for (const item of items) {
    if (used + item.length + 1 > budget) break;
    kept.push(item);
    used += item.length + 1;
  }
  return { kept, left: items.length - kept.length };
}

function summaryLines(result: LintResult): string[] {
  const s = result.summary;
  const b = result.baseline;
  const aside = [...(s.band ? [bandWords(s.band)] : []), ...(b ? [b.scoringChanged ? 'not compared with the baseline, scored another way' : `${scoreChange(b.scoreChange)} since the baseline`] : [])];
  const lines = [
    `- **Referrals:** ${s.referrals} from ${plural(s.files, 'file')}`,
    `- **Not linted:** ${plural(s.filesFailed, 'file')}, ${plural(s.referralsFailed, 'referral')}`,
    `- **Findings:** ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${plural(s.infos, 'info')}; ${s.suppressed} suppressed`,
    s.referrals === 0 && s.filesFailed + s.referralsFailed > 0
      ? '- **Score:** none: no referral was linted, so there is no score or clean rate'
      : `- **Score:** ${score(s.score)}${aside.length > 0 ? ` (${aside.join('; ')})` : ''}; **clean:** ${s.cleanRate === null ? '–' : `${percent(s.cleanRate)}% of referrals have no error`}`,
  ];
  if (s.internalErrors > 0) lines.push(`- **Internal errors:** ${s.internalErrors} (a rule crashed; the scores of those referrals are incomplete)`);
  if (b) lines.push(`- ${plural(b.newFindings, 'new finding')}, ${b.fixedFindings} fixed since ${code(b.file)} (matched referral by referral)`);
  for (const r of (b?.byAgencyAndRule ?? []).slice(0, AGENCY_RULE_ROWS)) lines.push(`- ↕ ${cell(r.agency)}: ${cell(agencyRuleText(r))} (by agency and rule, from counts)`);
  if (result.only) lines.push(`- ℹ ${cell(onlyLine(result.only))}`);
  for (const g of gateLines(result.gates ?? [])) lines.push(`- ${g.passed ? '✔ **Gate passed:**' : '✖ **Gate failed:**'} ${cell(g.text)}`);
  return lines;
}

function agencyRow(agency: GroupScore, changes: ReadonlyMap<string, AgencyChange> | undefined): string {
  const cells = [
    cell(agency.name),
    cell(agency.sector),
    String(agency.referrals),
    score(agency.score),
    bandWords(agency.band),
    ...(changes ? [change(changes.get(agency.name))] : []),
    score(agency.cleanRate),
    ...DIMENSIONS.map((d) => score(agency.dimensions[d])),
    String(agency.errors),
    String(agency.warnings),
  ];
  return `| ${cells.join(' | ')} |`;
}

function agencyTable(result: LintResult, budget: number): string[] {
  if (result.agencies.length === 0) return ['No referral was linted.'];
  const changes = result.baseline ? new Map(result.baseline.agencies.map((a) => [a.name, a])) : undefined;
  const head = ['Agency', 'Sector', 'Referrals', 'Score', 'Band', ...(changes ? ['Change'] : []), 'Clean %', ...DIMENSIONS.map(capitalise), 'Errors', 'Warnings'];
  const align = head.map((name, i) => (i < 2 || name === 'Band' ? '---' : '--:'));
  const lines = [`| ${head.join(' | ')} |`, `|${align.join('|')}|`];
  const rows = fit(
    result.agencies.map((a) => agencyRow(a, changes)),
    budget - lines.join('\n').length - NOTE_ROOM,
  );
  lines.push(...rows.kept);
  if (rows.left > 0) lines.push('', `_${plural(rows.left, 'more agency', 'more agencies')} not shown, to keep this report under GitHub's comment size limit._`);
  return lines;
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** Number of findings per rule for one agency, most frequent first (ties by rule id). */
function ruleCounts(listing: ReferralListing, agency: string): { ruleId: string; count: number }[] {
  const counts = listing.agencies.get(agency)?.rules ?? new Map<string, number>();
  return [...counts.entries()]
    .map(([ruleId, count]) => ({ ruleId, count }))
    .sort((a, b) => b.count - a.count || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
}

function agencyFindings(listing: ReferralListing, agency: GroupScore, options: ReportOptions): string | undefined {
  const counts = ruleCounts(listing, agency.name);
  if (counts.length === 0) return undefined;
  const lines = [`#### ${cell(agency.name)}`, ''];
  for (const { ruleId, count } of counts.slice(0, TOP_RULES)) {
    const description = options.rules?.get(ruleId)?.description;
    lines.push(`- ${count} × ${code(ruleId)}${description ? `: ${cell(description)}` : ''}`);
  }
  const rest = counts.slice(TOP_RULES);
  if (rest.length > 0) {
    const more = rest.reduce((n, r) => n + r.count, 0);
    lines.push(`- and ${plural(more, 'more finding')} of ${plural(rest.length, 'other rule')}`);
  }
  return lines.join('\n');
}

function notLinted(result: LintResult): string[] {
  const items: string[] = [];
  for (const f of result.files) {
    if (f.error !== undefined) items.push(`- ${code(f.path)}${place(f.line, f.column)}: ${cell(f.error)}`);
    for (const r of f.failedReferrals) {
      const at = cellPlace(r);
      items.push(`- ${code(f.path)} referral${r.pointer ? ` at ${code(r.pointer)}` : ''}${at ? ` (${at})` : place(r.line)}: ${cell(r.reason)}`);
    }
  }
  for (const e of result.internalErrors) {
    items.push(`- ${code(e.file)} referral ${cell(e.referralId ?? '(no id)')} at ${code(e.pointer || '/')}: rule ${code(e.ruleId)} crashed (internal error)`);
  }
  return items;
}

/** The heading, the run summary and the agency table, within `budget` characters: what a job summary shows. */
export function markdownSummary(result: LintResult, budget = COMMENT_BUDGET): string {
  const head = ['## referral-lint report', '', ...summaryLines(result)].join('\n');
  return `${head}\n\n${agencyTable(result, budget - head.length - 2).join('\n')}\n`;
}

export const markdown: Reporter = (result, options) => {
  const blocks = [markdownSummary(result, COMMENT_BUDGET - NOTE_ROOM).trimEnd()];
  let left = COMMENT_BUDGET - blocks[0]!.length;

  /** A list under its heading, cut to what the comment has room for, with a note of how many are left out. */
  const listBlock = (heading: string, items: readonly string[], more: string): void => {
    if (items.length === 0) return;
    const shown = fit(items, left - NOTE_ROOM - 30);
    const lines = [heading, '', ...shown.kept];
    if (shown.left > 0) lines.push('', `_${plural(shown.left, more)} not shown, to keep this report under GitHub's comment size limit._`);
    blocks.push(lines.join('\n'));
    left -= lines.join('\n').length + 2;
  };
  listBlock('### Could not be linted', notLinted(result), 'more item');
  // Tables: how each was read and which rules it could be judged by.
  listBlock(
    '### Tables and coverage',
    result.files.flatMap((f) => {
      const line = tableLine(f);
      return line ? [`- ${code(f.path)}: ${cell(line)}`] : [];
    }),
    'more table',
  );

  // Counted as the run went when it kept only the worst referrals (ReportOptions.listing); here otherwise.
  const listing = options.listing ?? listReferrals(result.referrals, 0).listing;
  const sections = result.agencies.map((a) => agencyFindings(listing, a, options)).filter((s): s is string => s !== undefined);
  if (sections.length > 0) {
    // Each section is followed by a blank line, which fit() must count.
    const shown = fit(
      sections.map((s) => `${s}\n`),
      left - NOTE_ROOM - 40,
    );
    const lines = ['### Most frequent findings by agency', ...(shown.kept.length > 0 ? ['', shown.kept.join('\n').trimEnd()] : [])];
    if (shown.left > 0) {
      lines.push('', `_The findings of ${plural(shown.left, 'more agency', 'more agencies')} are not shown, to keep this report under GitHub's comment size limit; see the JSON or HTML report._`);
    }
    blocks.push(lines.join('\n'));
  }
  return `${blocks.join('\n\n')}\n`;
};

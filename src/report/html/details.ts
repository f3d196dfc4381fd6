// The page's detail sections: each agency's referrals and findings, what could not be checked, and crashes.
import { cellPlace, grouped, messageWithValue, moreListedLine as moreLine, signed, tableReadText } from '../format.js';
import { DEFAULT_MAX_LISTED, listReferrals } from '../../score/listing.js';
import type { ReportOptions } from '../types.js';
import type { AgencyChange, Finding, FixedFinding, GroupScore, LintResult, ReferralListing, ReferralResult } from '../../model/types.js';
import { th, severityBadge, stat } from './cells.js';
import { h, type Node } from './tree.js';
import { NONE, oneDecimal, bandLabel, count, where } from './text.js';

function findingRows(referral: ReferralResult, findings: readonly Finding[]): Node {
  const label = referral.id ?? '(no id)';
  const suppressed = referral.suppressed.length;
  return h(
    'tbody',
    { class: 'referral' },
    findings.map((f, i) =>
      h(
        'tr',
        { 'data-referral': label, 'data-rule': f.ruleId, 'data-new': f.isNew === true },
        i === 0
          ? h(
              'th',
              { scope: 'rowgroup', rowspan: findings.length > 1 ? findings.length : null },
              label,
              suppressed > 0 ? h('span', { class: 'note' }, `${count(suppressed, 'finding')} suppressed`) : null,
            )
          : null,
        h('td', null, h('code', null, f.ruleId)),
        h('td', null, severityBadge(f.severity)),
        h('td', null, f.isNew ? h('span', { class: 'new' }, 'new') : null, messageWithValue(f)),
        h('td', { class: 'where' }, f.row !== undefined ? `${referral.file}${referral.sheet !== undefined ? ` (${referral.sheet})` : ''}, ${cellPlace(f)}` : where(referral.file, f.line ?? referral.line)),
      ),
    ),
  );
}

/** What each agency's section lists, grouped once for all of them. */
interface ByAgency {
  /** The referrals listed (at most ReportOptions.maxListed with findings, the worst), by agency, in input order. */
  referrals: ReadonlyMap<string, ReferralResult[]>;
  listing: ReferralListing;
  /** Referrals with findings not listed: 0 when every one is. */
  notListed: number;
  changes: ReadonlyMap<string, AgencyChange>;
  fixed: ReadonlyMap<string, FixedFinding[]>;
}

function groupByAgency(result: LintResult, options: ReportOptions): ByAgency {
  const fixed = new Map<string, FixedFinding[]>();
  for (const f of result.baseline?.fixed ?? []) {
    const list = fixed.get(f.agency);
    if (list) list.push(f);
    else fixed.set(f.agency, [f]);
  }
  const changes = new Map<string, AgencyChange>();
  for (const a of result.baseline?.agencies ?? []) if (!changes.has(a.name)) changes.set(a.name, a);
  // A run that kept only the worst referrals gives those and the counts; otherwise they are picked here.
  const { listed, listing } = options.listing
    ? { listed: result.referrals, listing: options.listing }
    : listReferrals(result.referrals, options.maxListed ?? DEFAULT_MAX_LISTED);
  const referrals = new Map<string, ReferralResult[]>();
  for (const r of listed) {
    const list = referrals.get(r.agency);
    if (list) list.push(r);
    else referrals.set(r.agency, [r]);
  }
  return { referrals, listing, notListed: listing.withFindings - listed.filter((r) => r.findings.length > 0).length, changes, fixed };
}

function agencyDetail(result: LintResult, byAgency: ByAgency, agency: GroupScore, index: number, options: ReportOptions): Node {
  const id = `agency-${index + 1}`;
  const referrals = byAgency.referrals.get(agency.name) ?? [];
  const listed = referrals
    .map((r) => ({ referral: r, findings: options.quiet ? r.findings.filter((f) => f.severity === 'error') : r.findings }))
    .filter((x) => x.findings.length > 0);
  const change: AgencyChange | undefined = byAgency.changes.get(agency.name);
  const fixed: FixedFinding[] = byAgency.fixed.get(agency.name) ?? [];
  const fired = new Set(listed.flatMap((x) => x.findings.map((f) => f.ruleId)));
  // Its referrals with findings that are not among the run's worst listed.
  const notListed = byAgency.notListed === 0 ? 0 : (byAgency.listing.agencies.get(agency.name)?.withFindings ?? 0) - referrals.filter((r) => r.findings.length > 0).length;
  const order = [...result.rules.map((r) => r.id), ...fired];
  const guidance = [...new Set(order)].filter((ruleId) => fired.has(ruleId) && options.rules?.get(ruleId)?.docs.fix);
  return h(
    'section',
    { class: 'agency', id, 'aria-labelledby': `${id}-h`, 'data-agency': agency.name },
    h('h3', { id: `${id}-h` }, agency.name),
    h(
      'dl',
      { class: 'stats' },
      stat('Sector', agency.sector),
      stat('Referrals', String(agency.referrals)),
      stat('Score', oneDecimal(agency.score)),
      stat('Band', bandLabel(agency.band)),
      stat('Clean rate', agency.cleanRate === null ? NONE : `${agency.cleanRate.toFixed(1)}%`),
      stat('Errors', String(agency.errors)),
      stat('Warnings', String(agency.warnings)),
      agency.infos > 0 ? stat('Notes', String(agency.infos)) : null,
      stat('Suppressed', String(agency.suppressed)),
      change ? [stat('Score change', signed(change.scoreChange)), stat('New findings', String(change.newFindings)), stat('Fixed findings', String(change.fixedFindings))] : null,
    ),
    listed.length === 0
      ? h(
          'p',
          null,
          notListed > 0
            ? `None of its ${grouped(notListed)} ${notListed === 1 ? 'referral' : 'referrals'} with findings is among the worst ${grouped(byAgency.listing.max)} of this report, which are listed.`
            : options.quiet
              ? 'No error findings.'
              : 'No findings: every referral passed every check.',
        )
      : h(
          'div',
          { class: 'scroll' },
          h(
            'table',
            { class: 'findings fixed-layout' },
            h('caption', null, `Findings for ${agency.name}, by referral`),
            h('thead', null, h('tr', null, th('Referral', false, 'referral'), th('Check', false, 'check'), th('Severity', false, 'severity'), th('Problem', false, 'problem'), th('Where', false, 'where'))),
            listed.map((x) => findingRows(x.referral, x.findings)),
          ),
        ),
    listed.length > 0 && notListed > 0 ? h('p', { class: 'more' }, `… and ${grouped(notListed)} more ${notListed === 1 ? 'referral' : 'referrals'} of ${agency.name} with findings, not listed here.`) : null,
    guidance.length > 0
      ? [
          h('h4', null, 'How to fix'),
          h(
            'dl',
            { class: 'fixes', 'aria-label': `How to fix the findings of ${agency.name}` },
            guidance.map((ruleId) => {
              const meta = options.rules!.get(ruleId)!;
              return h('div', { 'data-rule': ruleId }, h('dt', null, h('code', null, ruleId), ` ${meta.description}`), h('dd', null, meta.docs.fix));
            }),
          ),
        ]
      : null,
    fixed.length > 0
      ? [
          h('h4', null, 'Fixed since the previous report'),
          h(
            'table',
            { class: 'fixed' },
            h('caption', null, `Findings fixed for ${agency.name}`),
            h('thead', null, h('tr', null, th('Referral'), th('Check'), th('Severity'))),
            h(
              'tbody',
              null,
              fixed.map((f) => h('tr', null, h('td', null, f.referralId ?? '(no id)'), h('td', null, h('code', null, f.ruleId)), h('td', null, severityBadge(f.severity)))),
            ),
          ),
        ]
      : null,
  );
}

export function detailsSection(result: LintResult, options: ReportOptions): Node {
  const byAgency = groupByAgency(result, options);
  return h(
    'section',
    { id: 'findings', 'aria-labelledby': 'findings-h' },
    h('h2', { id: 'findings-h' }, 'Findings by agency'),
    h('p', null, 'Worst score first. Each problem names the field, never its content: open the referral by its id to correct it.'),
    byAgency.notListed > 0 ? h('p', { class: 'more' }, moreLine(byAgency.notListed, byAgency.listing.max)) : null,
    result.agencies.length === 0 ? h('p', null, 'No referral was checked.') : result.agencies.map((a, i) => agencyDetail(result, byAgency, a, i, options)),
  );
}

export function notLintedSection(result: LintResult): Node {
  const rows: Node[] = [];
  for (const f of result.files) {
    if (f.error !== undefined) {
      rows.push(h('tr', null, h('td', null, f.path), h('td', null, 'whole file'), h('td', null, f.line === undefined ? NONE : `line ${f.line}${f.column === undefined ? '' : `, column ${f.column}`}`), h('td', null, f.error)));
    }
    for (const r of f.failedReferrals) {
      const at = [r.document !== undefined ? `document ${r.document}` : '', cellPlace(r) ?? (r.line !== undefined ? `line ${r.line}` : ''), r.pointer].filter(Boolean).join(', ');
      rows.push(h('tr', null, h('td', null, f.path), h('td', null, 'one referral'), h('td', null, at || NONE), h('td', null, r.reason)));
    }
  }
  return h(
    'section',
    { id: 'not-checked', 'aria-labelledby': 'not-checked-h' },
    h('h2', { id: 'not-checked-h' }, 'Files and referrals that could not be checked'),
    rows.length === 0
      ? h('p', null, 'None: every file and every referral in it was read and checked.')
      : [
          h('p', null, 'These were not scored. Correct them and run the check again.'),
          h(
            'div',
            { class: 'scroll' },
            h(
              'table',
              { id: 'not-checked-table' },
              h('caption', null, 'Files and referrals that could not be checked, with the reason'),
              h('thead', null, h('tr', null, th('File'), th('What'), th('Where'), th('Reason'))),
              h('tbody', null, rows),
            ),
          ),
        ],
  );
}

/** Tables (CSV, XLSX): the mapping that read each, and the rules its referrals could and could not be judged by. */
export function tablesSection(result: LintResult): Node | null {
  const tables = result.files.filter((f) => f.table !== undefined);
  if (tables.length === 0) return null;
  return h(
    'section',
    { id: 'tables', 'aria-labelledby': 'tables-h' },
    h('h2', { id: 'tables-h' }, 'Spreadsheets and what they could be checked on'),
    h(
      'p',
      null,
      'A spreadsheet is judged only on the columns it has: a rule that needs a field the sheet has no column for is not assessed for it, and does not count in its scores. An empty cell in a column it has is still a finding.',
    ),
    h(
      'div',
      { class: 'scroll' },
      h(
        'table',
        { id: 'tables-table' },
        h('caption', null, 'Each spreadsheet, how it was read, and its coverage'),
        h('thead', null, h('tr', null, th('File'), th('Read with'), th('Rules assessed'), th('Not assessed, and why'))),
        h(
          'tbody',
          null,
          tables.map((f) => {
            const read = tableReadText(f.table!);
            const c = f.coverage;
            return h(
              'tr',
              null,
              h('td', null, f.path),
              h('td', null, read),
              h('td', null, c ? `${c.assessed.length} of ${c.assessed.length + c.notAssessed.length}` : NONE),
              h('td', null, c && c.notAssessed.length > 0 ? h('ul', null, c.notAssessed.map((n) => h('li', null, h('code', null, n.ruleId), `: no column for ${n.missing.join(', ')}`))) : 'none'),
            );
          }),
        ),
      ),
    ),
  );
}

// An internal error's message is the exception's text, which may quote data: it is left out.
export function internalErrorsSection(result: LintResult): Node | null {
  if (result.internalErrors.length === 0) return null;
  return h(
    'section',
    { id: 'internal-errors', 'aria-labelledby': 'internal-errors-h' },
    h('h2', { id: 'internal-errors-h' }, 'Checks that could not run'),
    h('p', null, 'A check failed inside referral-lint on these referrals; the JSON report has the details. Please report it.'),
    h(
      'table',
      null,
      h('caption', null, 'Checks that could not run'),
      h('thead', null, h('tr', null, th('Check'), th('Referral'), th('File'))),
      h('tbody', null, result.internalErrors.map((e) => h('tr', null, h('td', null, h('code', null, e.ruleId)), h('td', null, e.referralId ?? '(no id)'), h('td', null, e.file)))),
    ),
  );
}

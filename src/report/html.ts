// The HTML report: one self-contained page for agency leads, to open offline and share.
// No network at all: inline CSS and SVG, no script, no font, and a Content Security Policy
// that forbids anything else. The page is built as a tree and written by fast-xml-parser's
// XMLBuilder, which escapes every text and attribute value. Text from the input (agency
// names, ids, file names, messages) has its control characters shown escaped
// (src/report/printable.ts) as the tree is built, in text and attributes alike.
import { XMLBuilder } from 'fast-xml-parser';
import { DIMENSIONS } from '../domain/codes.js';
import { messageWithValue, referralsByAgency, signed } from './format.js';
import { printable } from './printable.js';
import type { Reporter, ReportOptions } from './types.js';
import type { AgencyChange, Finding, FixedFinding, GroupScore, LintResult, ReferralResult } from '../model/types.js';

/** Nothing may load: only the inline style sheet, style attributes and data: images. */
const HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

// ---- the tree ------------------------------------------------------------------------

type AttrValue = string | number | boolean | null | undefined;
type Attrs = Record<string, AttrValue>;
/** A node of XMLBuilder's preserveOrder form: `{ tag: children, ':@': attributes }`. */
type Node = Record<string, unknown>;
type Child = Node | string | null | undefined | false | readonly Child[];

/** `raw`: the style sheet, this file's constant, whose line breaks are its own. */
function children(list: readonly Child[], raw = false): Node[] {
  const out: Node[] = [];
  for (const c of list) {
    if (c === null || c === undefined || c === false || c === '') continue;
    if (typeof c === 'string') out.push({ '#text': raw ? c : printable(c) });
    else if (Array.isArray(c)) for (const node of children(c, raw)) out.push(node); // no spread: a long list would overflow the stack
    else out.push(c as Node);
  }
  return out;
}

/** One element: `h('td', { class: 'num' }, '12')`. Attributes that are null, undefined or false are left out. */
function h(tag: string, attrs: Attrs | null, ...content: Child[]): Node {
  const node: Node = { [tag]: children(content, tag === 'style') };
  const a: Record<string, string | true> = {};
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    a[`@_${name}`] = value === true ? true : printable(String(value));
  }
  if (Object.keys(a).length > 0) node[':@'] = a;
  return node;
}

const builder = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  format: true,
  suppressEmptyNode: false,
  // HTML void elements: no end tag.
  unpairedTags: ['meta', 'link', 'br'],
  // The style sheet is this file's constant; CSS must not be entity-escaped.
  stopNodes: ['..style'],
});

// ---- formatting ----------------------------------------------------------------------

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `1 November 2026 at 06:00 UTC`: the same text on every machine, whatever its locale. */
function longDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} at ${two(d.getUTCHours())}:${two(d.getUTCMinutes())} UTC`;
}

const NONE = '–';

function oneDecimal(value: number | null): string {
  return value === null ? NONE : value.toFixed(1);
}

/** The colour band of a score; the number is always printed beside the colour. */
function band(score: number | null): 'red' | 'amber' | 'green' | 'na' {
  return score === null ? 'na' : score < 50 ? 'red' : score < 80 ? 'amber' : 'green';
}

/** Failed over applicable, as a percentage; null when the rule applied to no referral. */
function failureRate(rule: { applicable: number; failed: number }): number | null {
  return rule.applicable === 0 ? null : (100 * rule.failed) / rule.applicable;
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function count(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

// What each dimension means, for a reader who has not met DAMA.
const DIMENSION_MEANING: Record<string, string> = {
  completeness: 'the information a referral must hold is there',
  uniqueness: 'each referral is sent once, not repeated',
  timeliness: 'referrals and follow-ups are made in time',
  validity: 'values have the expected form, codes and check digits',
  accuracy: 'values match what is true of the child and family',
  consistency: 'the parts of a referral agree with each other',
  compliance: 'statutory practice is followed: consent and agreement recorded',
};

const where = (file: string, line?: number): string => (line === undefined ? file : `${file}:${line}`);

// ---- sections ------------------------------------------------------------------------

function card(label: string, value: string, note?: string): Node {
  return h('div', { class: 'card' }, h('dt', null, label), h('dd', null, value, note ? h('span', { class: 'note' }, note) : null));
}

function summarySection(result: LintResult): Node {
  const s = result.summary;
  const b = result.baseline;
  return h(
    'section',
    { id: 'summary', 'aria-labelledby': 'summary-h' },
    h('h2', { id: 'summary-h' }, 'Summary'),
    h(
      'dl',
      { class: 'cards' },
      card('Overall score', oneDecimal(s.score), 'out of 100'),
      card('Clean referrals', s.cleanRate === null ? NONE : `${s.cleanRate.toFixed(1)}%`, 'with no error'),
      card('Errors', String(s.errors)),
      card('Warnings', String(s.warnings)),
      card('Referrals checked', String(s.referrals), `from ${count(s.files, 'file')}`),
      card('Suppressed', String(s.suppressed), 'findings set aside on purpose'),
      card('Files not checked', String(s.filesFailed), 'could not be read'),
      card('Referrals not checked', String(s.referralsFailed), 'could not be read'),
      s.infos > 0 ? card('Notes', String(s.infos), 'for information') : null,
      s.internalErrors > 0 ? card('Checks that could not run', String(s.internalErrors)) : null,
      b ? card('Score change', signed(b.scoreChange), b.previousScore === null ? 'no earlier score' : `from ${oneDecimal(b.previousScore)}`) : null,
      b ? card('New findings', String(b.newFindings), `${count(b.newErrors, 'error')}`) : null,
      b ? card('Fixed findings', String(b.fixedFindings)) : null,
    ),
    b ? h('p', null, `Changes are against the earlier report ${b.file} of ${longDate(b.previousNow)}.`) : null,
    h(
      'p',
      { class: 'explain' },
      'How to read the scores: each referral scores from 0 to 100, the share of the checks that apply to it that it passed; ' +
        'errors weigh more than warnings. An agency’s score is the average of its referrals’ scores. ' +
        'A referral is clean when it has no error. Scores below 50 are marked red, from 50 to under 80 amber, 80 and above green; ' +
        'the number is always printed beside the colour.',
    ),
  );
}

const CHART = { width: 1000, row: 50, labelY: 15, barY: 21, barHeight: 20, barMax: 900, top: 4, axis: 26 };

function barChart(agencies: readonly GroupScore[]): Node {
  const height = CHART.top + agencies.length * CHART.row + CHART.axis;
  const bottom = CHART.top + agencies.length * CHART.row;
  const description = `Bar chart of each agency’s score out of 100, worst first: ${agencies.map((a) => `${a.name} ${oneDecimal(a.score)}`).join('; ')}.`;
  const rows = agencies.map((a, i) => {
    const y = CHART.top + i * CHART.row;
    const width = a.score === null ? 0 : (CHART.barMax * a.score) / 100;
    return h(
      'g',
      { class: 'bar-row' },
      h('text', { class: 'bar-label', x: 0, y: y + CHART.labelY }, a.name),
      h('rect', { class: 'track', x: 0, y: y + CHART.barY, width: CHART.barMax, height: CHART.barHeight, rx: 3 }),
      h('rect', {
        class: `bar band-${band(a.score)}`,
        x: 0,
        y: y + CHART.barY,
        width: Number(width.toFixed(2)),
        height: CHART.barHeight,
        rx: 3,
        'data-agency': a.name,
        'data-score': a.score === null ? '' : a.score,
      }),
      h('text', { class: 'bar-value', x: Number((width + 8).toFixed(2)), y: y + CHART.barY + 15 }, a.score === null ? 'no score' : oneDecimal(a.score)),
    );
  });
  const ticks = [0, 50, 80, 100].map((t) => {
    const x = (CHART.barMax * t) / 100;
    return h(
      'g',
      { class: 'tick' },
      h('line', { class: 'grid', x1: x, x2: x, y1: CHART.top, y2: bottom }),
      h('text', { class: 'axis', x, y: bottom + 18, 'text-anchor': t === 0 ? 'start' : t === 100 ? 'end' : 'middle' }, String(t)),
    );
  });
  return h(
    'svg',
    { class: 'chart', role: 'img', 'aria-labelledby': 'chart-title chart-desc', viewBox: `0 0 ${CHART.width} ${height}`, width: CHART.width, height, preserveAspectRatio: 'xMinYMin meet' },
    h('title', { id: 'chart-title' }, 'Agency scores, worst first'),
    h('desc', { id: 'chart-desc' }, description),
    ticks,
    rows,
  );
}

function th(text: string, numeric = false, column?: string): Node {
  return h('th', { scope: 'col', class: [numeric ? 'num' : '', column ? `col-${column}` : ''].filter(Boolean).join(' ') || null }, text);
}

function num(text: string | number, attrs: Attrs = {}): Node {
  return h('td', { class: 'num', ...attrs }, String(text));
}

function scoreCell(score: number | null): Node {
  return h('td', { class: 'num' }, h('span', { class: `dot band-${band(score)}`, 'aria-hidden': 'true' }), oneDecimal(score));
}

function agencySection(result: LintResult): Node {
  const changes = new Map((result.baseline?.agencies ?? []).map((a) => [a.name, a]));
  const withBaseline = result.baseline !== undefined;
  return h(
    'section',
    { id: 'agencies', 'aria-labelledby': 'agencies-h' },
    h('h2', { id: 'agencies-h' }, 'Agency scores'),
    result.agencies.length === 0
      ? h('p', null, 'No referral was checked, so there is no agency score.')
      : [
          h('figure', { class: 'chart-figure' }, h('div', { class: 'scroll' }, barChart(result.agencies)), h('figcaption', null, 'Each agency’s score out of 100, worst first. The table below gives the same numbers.')),
          h(
            'div',
            { class: 'scroll' },
            h(
              'table',
              { id: 'agency-table' },
              h('caption', null, 'Agency scores, worst first'),
              h(
                'thead',
                null,
                h(
                  'tr',
                  null,
                  th('Agency'),
                  th('Sector'),
                  th('Referrals', true),
                  th('Score', true),
                  withBaseline ? [th('Change', true), th('New', true), th('Fixed', true)] : null,
                  th('Clean rate', true),
                  th('Errors', true),
                  th('Warnings', true),
                  th('Suppressed', true),
                ),
              ),
              h(
                'tbody',
                null,
                result.agencies.map((a, i) => {
                  const change = changes.get(a.name);
                  return h(
                    'tr',
                    { 'data-agency': a.name },
                    h('th', { scope: 'row' }, h('a', { href: `#agency-${i + 1}` }, a.name)),
                    h('td', null, a.sector),
                    num(a.referrals),
                    scoreCell(a.score),
                    withBaseline ? [num(signed(change?.scoreChange ?? null)), num(change?.newFindings ?? 0), num(change?.fixedFindings ?? 0)] : null,
                    num(a.cleanRate === null ? NONE : `${a.cleanRate.toFixed(1)}%`),
                    num(a.errors),
                    num(a.warnings),
                    num(a.suppressed),
                  );
                }),
              ),
            ),
          ),
        ],
  );
}

function heatCell(score: number | null, attrs: Attrs): Node {
  if (score === null) {
    return h(
      'td',
      { class: 'heat band-na', 'data-score': '', title: 'not applicable', ...attrs },
      h('span', { class: 'value', 'aria-hidden': 'true' }, NONE),
      h('span', { class: 'sr-only' }, 'not applicable'),
    );
  }
  return h('td', { class: `heat band-${band(score)}`, 'data-score': score, ...attrs }, h('span', { class: 'value' }, oneDecimal(score)));
}

function heatMapSection(result: LintResult): Node {
  return h(
    'section',
    { id: 'dimensions', 'aria-labelledby': 'dimensions-h' },
    h('h2', { id: 'dimensions-h' }, 'Scores by quality dimension'),
    h('p', null, 'Each cell is the agency’s average score, out of 100, over the checks of one kind of data quality.'),
    h(
      'div',
      { class: 'scroll' },
      h(
        'table',
        { class: 'heatmap', id: 'heat-map' },
        h('caption', null, 'Score by agency and dimension (0–100; – means no check of that kind applied)'),
        h('thead', null, h('tr', null, th('Agency'), DIMENSIONS.map((d) => h('th', { scope: 'col', title: DIMENSION_MEANING[d] }, capitalise(d))))),
        h(
          'tbody',
          null,
          result.agencies.map((a) =>
            h('tr', null, h('th', { scope: 'row' }, a.name), DIMENSIONS.map((d) => heatCell(a.dimensions[d] ?? null, { 'data-agency': a.name, 'data-dimension': d }))),
          ),
        ),
        h(
          'tfoot',
          null,
          h(
            'tr',
            null,
            h('th', { scope: 'row' }, 'All referrals'),
            DIMENSIONS.map((d) => heatCell(result.dimensions.find((x) => x.name === d)?.score ?? null, { 'data-dimension': d, 'data-total': true })),
          ),
        ),
      ),
    ),
    h(
      'ul',
      { class: 'legend', 'aria-label': 'Colour key' },
      h('li', null, h('span', { class: 'swatch band-red', 'aria-hidden': 'true' }), 'below 50'),
      h('li', null, h('span', { class: 'swatch band-amber', 'aria-hidden': 'true' }), '50 to under 80'),
      h('li', null, h('span', { class: 'swatch band-green', 'aria-hidden': 'true' }), '80 and above'),
      h('li', null, h('span', { class: 'swatch band-na', 'aria-hidden': 'true' }), `${NONE} not applicable`),
    ),
    h(
      'dl',
      { class: 'glossary' },
      DIMENSIONS.map((d) => h('div', null, h('dt', null, capitalise(d)), h('dd', null, DIMENSION_MEANING[d] ?? ''))),
    ),
  );
}

function rulesSection(result: LintResult, options: ReportOptions): Node {
  // Highest failure rate first, so the checks that fail most are read first; ties keep rule order.
  const rules = [...result.rules].sort((a, b) => (failureRate(b) ?? -1) - (failureRate(a) ?? -1));
  return h(
    'section',
    { id: 'rules', 'aria-labelledby': 'rules-h' },
    h('h2', { id: 'rules-h' }, 'How often each check failed'),
    h('p', null, 'The failure rate is the share of the referrals a check applies to that failed it.'),
    h(
      'div',
      { class: 'scroll' },
      h(
        'table',
        { id: 'rule-table', class: 'fixed-layout' },
        h('caption', null, 'Failure rate of each check, highest first'),
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            th('Check', false, 'check'),
            th('What it checks', false, 'what'),
            th('Dimension', false, 'dimension'),
            th('Severity', false, 'severity'),
            th('Referrals checked', true, 'count'),
            th('Failed', true, 'count'),
            th('Failure rate', true, 'rate'),
          ),
        ),
        h(
          'tbody',
          null,
          rules.map((r) => {
            const rate = failureRate(r);
            return h(
              'tr',
              { 'data-rule': r.id },
              h('th', { scope: 'row' }, h('code', null, r.id)),
              h('td', null, options.rules?.get(r.id)?.description ?? ''),
              h('td', null, r.dimension),
              h('td', null, severityBadge(r.severity)),
              num(r.applicable),
              num(r.failed),
              num(rate === null ? NONE : `${rate.toFixed(1)}%`, { 'data-failure-rate': rate === null ? '' : rate }),
            );
          }),
        ),
      ),
    ),
  );
}

function severityBadge(severity: string): Node {
  return h('span', { class: `sev sev-${severity}` }, severity);
}

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
        h('td', { class: 'where' }, where(referral.file, f.line ?? referral.line)),
      ),
    ),
  );
}

function stat(label: string, value: string): Node {
  return h('div', null, h('dt', null, label), h('dd', null, value));
}

/** What each agency's section lists, grouped once for all of them. */
interface ByAgency {
  referrals: ReadonlyMap<string, ReferralResult[]>;
  changes: ReadonlyMap<string, AgencyChange>;
  fixed: ReadonlyMap<string, FixedFinding[]>;
}

function groupByAgency(result: LintResult): ByAgency {
  const fixed = new Map<string, FixedFinding[]>();
  for (const f of result.baseline?.fixed ?? []) {
    const list = fixed.get(f.agency);
    if (list) list.push(f);
    else fixed.set(f.agency, [f]);
  }
  const changes = new Map<string, AgencyChange>();
  for (const a of result.baseline?.agencies ?? []) if (!changes.has(a.name)) changes.set(a.name, a);
  return { referrals: referralsByAgency(result), changes, fixed };
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
      stat('Clean rate', agency.cleanRate === null ? NONE : `${agency.cleanRate.toFixed(1)}%`),
      stat('Errors', String(agency.errors)),
      stat('Warnings', String(agency.warnings)),
      agency.infos > 0 ? stat('Notes', String(agency.infos)) : null,
      stat('Suppressed', String(agency.suppressed)),
      change ? [stat('Score change', signed(change.scoreChange)), stat('New findings', String(change.newFindings)), stat('Fixed findings', String(change.fixedFindings))] : null,
    ),
    listed.length === 0
      ? h('p', null, options.quiet ? 'No error findings.' : 'No findings: every referral passed every check.')
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

function detailsSection(result: LintResult, options: ReportOptions): Node {
  const byAgency = groupByAgency(result);
  return h(
    'section',
    { id: 'findings', 'aria-labelledby': 'findings-h' },
    h('h2', { id: 'findings-h' }, 'Findings by agency'),
    h('p', null, 'Worst score first. Each problem names the field, never its content: open the referral by its id to correct it.'),
    result.agencies.length === 0 ? h('p', null, 'No referral was checked.') : result.agencies.map((a, i) => agencyDetail(result, byAgency, a, i, options)),
  );
}

function notLintedSection(result: LintResult): Node {
  const rows: Node[] = [];
  for (const f of result.files) {
    if (f.error !== undefined) {
      rows.push(h('tr', null, h('td', null, f.path), h('td', null, 'whole file'), h('td', null, f.line === undefined ? NONE : `line ${f.line}${f.column === undefined ? '' : `, column ${f.column}`}`), h('td', null, f.error)));
    }
    for (const r of f.failedReferrals) {
      const at = [r.document !== undefined ? `document ${r.document}` : '', r.line !== undefined ? `line ${r.line}` : '', r.pointer].filter(Boolean).join(', ');
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

// An internal error's message is the exception's text, which may quote data: it is left out.
function internalErrorsSection(result: LintResult): Node | null {
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

// ---- the page ------------------------------------------------------------------------

const STYLE = `
:root { --ink: #1f2328; --muted: #57606a; --line: #d0d7de; --soft: #f6f8fa; --accent: #0b5cad;
  --red: #b42318; --red-bg: #fcd9d4; --amber: #8a5a00; --amber-bg: #fdeab8; --green: #1a7f37; --green-bg: #d3f0da; --na-bg: #eceff2; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
.page { max-width: 1120px; margin: 0 auto; padding: 28px 32px 56px; }
header.top { border-bottom: 3px solid var(--accent); padding-bottom: 12px; margin-bottom: 8px; }
h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 6px; }
h2 { font-size: 1.45rem; margin: 40px 0 10px; padding-top: 16px; border-top: 1px solid var(--line); }
h3 { font-size: 1.2rem; margin: 32px 0 8px; }
h4 { font-size: 1rem; margin: 18px 0 6px; }
p { margin: 6px 0 12px; max-width: 75ch; }
.lede { color: var(--muted); margin: 0; }
a { color: var(--accent); }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.88em; background: var(--soft); border: 1px solid #e3e7eb; border-radius: 4px; padding: 0 4px; white-space: nowrap; }
nav.toc ul { list-style: none; display: flex; flex-wrap: wrap; gap: 6px 18px; padding: 0; margin: 12px 0 0; }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.note { display: block; font-size: 0.8rem; font-weight: 400; color: var(--muted); }
.explain { color: var(--muted); font-size: 0.95rem; }
dl.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 12px; margin: 12px 0 16px; }
.card { background: var(--soft); border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; }
.card dt { font-size: 0.85rem; color: var(--muted); }
.card dd { margin: 2px 0 0; font-size: 1.7rem; font-weight: 650; line-height: 1.2; font-variant-numeric: tabular-nums; }
dl.stats { display: flex; flex-wrap: wrap; gap: 8px 28px; margin: 8px 0 12px; }
dl.stats dt { font-size: 0.8rem; color: var(--muted); }
dl.stats dd { margin: 0; font-weight: 600; font-variant-numeric: tabular-nums; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.92rem; margin: 8px 0 16px; }
caption { text-align: left; font-weight: 600; padding: 0 0 8px; }
th, td { text-align: left; vertical-align: top; padding: 6px 10px; border-bottom: 1px solid var(--line); }
thead th { background: var(--soft); border-bottom: 2px solid var(--line); font-size: 0.85rem; }
tbody th { font-weight: 600; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
thead th.num { white-space: normal; }
table.fixed-layout { table-layout: fixed; min-width: 800px; }
table.fixed-layout code { white-space: normal; overflow-wrap: anywhere; font-size: 0.82em; }
#rule-table .col-check { width: 21%; } #rule-table .col-what { width: 36%; } #rule-table .col-dimension { width: 12%; }
#rule-table .col-severity { width: 10%; } #rule-table .col-count { width: 7.5%; } #rule-table .col-rate { width: 8%; }
table.findings .col-referral { width: 17%; } table.findings .col-check { width: 19%; } table.findings .col-severity { width: 10%; }
table.findings .col-problem { width: 36%; } table.findings .col-where { width: 18%; }
.dot { display: inline-block; width: 0.7em; height: 0.7em; border-radius: 50%; margin-right: 6px; vertical-align: baseline; }
.dot.band-red { background: var(--red); } .dot.band-amber { background: #d49b00; } .dot.band-green { background: var(--green); } .dot.band-na { background: #8c959f; }
table.heatmap td.heat, table.heatmap tbody th, table.heatmap tfoot th { vertical-align: middle; }
table.heatmap td.heat { text-align: center; font-weight: 600; font-variant-numeric: tabular-nums; min-width: 6.5em; border: 2px solid #fff; }
table.heatmap thead th:not(:first-child) { text-align: center; }
td.band-red { background: var(--red-bg); } td.band-amber { background: var(--amber-bg); } td.band-green { background: var(--green-bg); }
td.band-na { background: var(--na-bg); color: var(--muted); font-weight: 400; }
table.heatmap tfoot th, table.heatmap tfoot td { border-top: 2px solid var(--ink); }
ul.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 6px 20px; padding: 0; margin: 0 0 12px; font-size: 0.9rem; }
.swatch { display: inline-block; width: 1.1em; height: 1.1em; border: 1px solid #aab2bb; border-radius: 3px; margin-right: 6px; vertical-align: -0.2em; }
.swatch.band-red { background: var(--red-bg); } .swatch.band-amber { background: var(--amber-bg); } .swatch.band-green { background: var(--green-bg); } .swatch.band-na { background: var(--na-bg); }
dl.glossary { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; font-size: 0.9rem; color: var(--muted); }
dl.glossary div { display: contents; }
dl.glossary dt { font-weight: 600; color: var(--ink); }
dl.glossary dd { margin: 0; }
figure.chart-figure { margin: 12px 0 8px; }
figcaption { font-size: 0.9rem; color: var(--muted); }
svg.chart { display: block; width: 100%; min-width: 560px; height: auto; }
svg.chart text { font-size: 15px; fill: var(--ink); font-family: inherit; }
svg.chart .bar-value { font-weight: 700; }
svg.chart .axis { font-size: 12px; fill: var(--muted); }
svg.chart .track { fill: #eef1f4; }
svg.chart .grid { stroke: #8c959f; stroke-width: 1; stroke-dasharray: 3 3; }
svg.chart .bar.band-red { fill: var(--red); } svg.chart .bar.band-amber { fill: #d49b00; } svg.chart .bar.band-green { fill: #2d9d52; }
.sev { display: inline-block; font-size: 0.78rem; font-weight: 700; border: 1px solid currentColor; border-radius: 4px; padding: 0 6px; text-transform: uppercase; letter-spacing: 0.02em; }
.sev-error { color: var(--red); } .sev-warning { color: var(--amber); } .sev-info { color: var(--accent); }
.new { display: inline-block; font-size: 0.75rem; font-weight: 700; color: #fff; background: var(--accent); border-radius: 4px; padding: 0 6px; margin-right: 6px; text-transform: uppercase; }
table.findings tbody.referral th { overflow-wrap: anywhere; }
table.findings tbody.referral tr:last-child td, table.findings tbody.referral th { border-bottom: 2px solid var(--line); }
td.where { font-size: 0.85rem; color: var(--muted); overflow-wrap: anywhere; }
section.agency { border-left: 4px solid var(--line); padding-left: 16px; margin-top: 28px; }
dl.fixes { background: var(--soft); border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; margin: 6px 0 12px; }
dl.fixes div { margin: 0 0 12px; } dl.fixes div:last-child { margin-bottom: 0; }
dl.fixes dt { font-weight: 600; font-size: 0.95rem; }
dl.fixes dd { margin: 2px 0 0 0; max-width: 85ch; }
footer { margin-top: 48px; padding-top: 12px; border-top: 1px solid var(--line); font-size: 0.85rem; color: var(--muted); }
@media print {
  .page { max-width: none; padding: 0; }
  nav.toc { display: none; }
  h2, h3, h4 { break-after: avoid; }
  tr { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
`;

export const html: Reporter = (result, options) => {
  const s = result.summary;
  const title = `Referral quality report, ${longDate(s.now)}`;
  const page = h(
    'html',
    { lang: 'en' },
    h(
      'head',
      null,
      h('meta', { charset: 'utf-8' }),
      h('meta', { 'http-equiv': 'Content-Security-Policy', content: HTML_CSP }),
      h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
      h('meta', { name: 'referrer', content: 'no-referrer' }),
      h('meta', { name: 'generator', content: `${result.tool.name} ${result.tool.version}` }),
      h('title', null, title),
      // An empty icon, so no browser asks the file system or network for favicon.ico.
      h('link', { rel: 'icon', href: 'data:,' }),
      h('style', null, STYLE),
    ),
    h(
      'body',
      null,
      h(
        'div',
        { class: 'page' },
        h(
          'header',
          { class: 'top' },
          h('h1', null, 'Referral quality report'),
          h('p', { class: 'lede' }, 'Checked ', h('time', { datetime: s.now }, longDate(s.now)), ` by ${result.tool.name} ${result.tool.version}.`),
          h(
            'nav',
            { class: 'toc', 'aria-label': 'Contents' },
            h(
              'ul',
              null,
              h('li', null, h('a', { href: '#summary' }, 'Summary')),
              h('li', null, h('a', { href: '#agencies' }, 'Agency scores')),
              h('li', null, h('a', { href: '#dimensions' }, 'Quality dimensions')),
              h('li', null, h('a', { href: '#rules' }, 'Checks')),
              h('li', null, h('a', { href: '#findings' }, 'Findings by agency')),
              h('li', null, h('a', { href: '#not-checked' }, 'Not checked')),
            ),
          ),
        ),
        h(
          'main',
          null,
          summarySection(result),
          agencySection(result),
          heatMapSection(result),
          rulesSection(result, options),
          detailsSection(result, options),
          notLintedSection(result),
          internalErrorsSection(result),
        ),
        h(
          'footer',
          null,
          h('p', null, 'This report holds no personal data: only referral ids, agency names, the names of fields that need attention, and numbers.'),
          h('p', null, `Made by ${result.tool.name} ${result.tool.version}. The page loads nothing from the network and can be shared as one file.`),
        ),
      ),
    ),
  );
  return `<!DOCTYPE html>\n${builder.build([page]).trimStart()}\n`;
};

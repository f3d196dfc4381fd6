// The page's overview sections: the summary, the agency table, the dimensions' heat map and the checks.
import { DIMENSIONS } from '../../domain/codes.js';
import { signed } from '../format.js';
import type { ReportOptions } from '../types.js';
import type { LintResult } from '../../model/types.js';
import { card, th, num, scoreCell, severityBadge } from './cells.js';
import { h, type Attrs, type Node } from './tree.js';
import { longDate, NONE, oneDecimal, band, failureRate, capitalise, count, DIMENSION_MEANING } from './text.js';
import { barChart } from './chart.js';

export function summarySection(result: LintResult): Node {
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

export function agencySection(result: LintResult): Node {
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

export function heatMapSection(result: LintResult): Node {
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

export function rulesSection(result: LintResult, options: ReportOptions): Node {
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

// The agency scores as a bar chart, inline SVG (no script, no image to load).
import type { GroupScore } from '../../model/types.js';
import { h, type Node } from './tree.js';
import { oneDecimal, band } from './text.js';

const CHART = { width: 1000, row: 50, labelY: 15, barY: 21, barHeight: 20, barMax: 900, top: 4, axis: 26 };

export function barChart(agencies: readonly GroupScore[]): Node {
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

// The small parts the page's tables and cards are made of.
import { h, type Attrs, type Node } from './tree.js';
import { oneDecimal, band } from './text.js';

export function card(label: string, value: string, note?: string): Node {
  return h('div', { class: 'card' }, h('dt', null, label), h('dd', null, value, note ? h('span', { class: 'note' }, note) : null));
}

export function th(text: string, numeric = false, column?: string): Node {
  return h('th', { scope: 'col', class: [numeric ? 'num' : '', column ? `col-${column}` : ''].filter(Boolean).join(' ') || null }, text);
}

export function num(text: string | number, attrs: Attrs = {}): Node {
  return h('td', { class: 'num', ...attrs }, String(text));
}

export function scoreCell(score: number | null): Node {
  return h('td', { class: 'num' }, h('span', { class: `dot band-${band(score)}`, 'aria-hidden': 'true' }), oneDecimal(score));
}

export function severityBadge(severity: string): Node {
  return h('span', { class: `sev sev-${severity}` }, severity);
}

export function stat(label: string, value: string): Node {
  return h('div', null, h('dt', null, label), h('dd', null, value));
}

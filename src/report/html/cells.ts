// The small parts the page's tables and cards are made of.
import { h, type Attrs, type Node } from './tree.js';
import { oneDecimal, band, bandLabel } from './text.js';
import type { Band } from '../../model/types.js';

export function card(label: string, value: string, note?: string): Node {
  return h('div', { class: 'card' }, h('dt', null, label), h('dd', null, value, note ? h('span', { class: 'note' }, note) : null));
}

export function th(text: string, numeric = false, column?: string): Node {
  return h('th', { scope: 'col', class: [numeric ? 'num' : '', column ? `col-${column}` : ''].filter(Boolean).join(' ') || null }, text);
}

export function num(text: string | number, attrs: Attrs = {}): Node {
  return h('td', { class: 'num', ...attrs }, String(text));
}

export function scoreCell(score: number | null, value: Band | null): Node {
  return h('td', { class: 'num' }, h('span', { class: `dot band-${band(value)}`, 'aria-hidden': 'true' }), oneDecimal(score));
}

/** A band in words, with its colour beside them. */
export function bandCell(value: Band | null): Node {
  return h('td', { class: 'band', 'data-band': value ?? '' }, h('span', { class: `dot band-${band(value)}`, 'aria-hidden': 'true' }), bandLabel(value));
}

export function severityBadge(severity: string): Node {
  return h('span', { class: `sev sev-${severity}` }, severity);
}

export function stat(label: string, value: string): Node {
  return h('div', null, h('dt', null, label), h('dd', null, value));
}

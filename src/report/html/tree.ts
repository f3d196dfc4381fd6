// The page as a tree, written by fast-xml-parser's XMLBuilder, which escapes every text and
// attribute value; text from the input has its control characters shown escaped as the tree is built.
import { XMLBuilder } from 'fast-xml-parser';
import { printable } from '../printable.js';

type AttrValue = string | number | boolean | null | undefined;
export type Attrs = Record<string, AttrValue>;
/** A node of XMLBuilder's preserveOrder form: `{ tag: children, ':@': attributes }`. */
export type Node = Record<string, unknown>;
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
export function h(tag: string, attrs: Attrs | null, ...content: Child[]): Node {
  const node: Node = { [tag]: children(content, tag === 'style') };
  const a: Record<string, string | true> = {};
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    a[`@_${name}`] = value === true ? true : printable(String(value));
  }
  if (Object.keys(a).length > 0) node[':@'] = a;
  return node;
}

export const builder = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  format: true,
  suppressEmptyNode: false,
  // HTML void elements: no end tag.
  unpairedTags: ['meta', 'link', 'br'],
  // The style sheet is this file's constant; CSS must not be entity-escaped.
  stopNodes: ['..style'],
});

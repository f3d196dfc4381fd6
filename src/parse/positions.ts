// Line and column of a JSON Pointer, for JSON and YAML texts, worked out lazily.
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { isCollection, isPair, isScalar, YAMLMap, type Document, type LineCounter, type Pair, type YAMLSeq } from 'yaml';
import { parsePointer } from '../model/pointer.js';
import type { Locator, Position } from './types.js';

/** Offsets of line starts, for offset → line/column. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

export function positionAt(starts: readonly number[], offset: number): Position {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 };
}

function tokens(pointer: string): (string | number)[] {
  return parsePointer(pointer).map((t) => (/^(0|[1-9]\d*)$/.test(t) ? Number(t) : t));
}

/**
 * A locator over a JSON text: the syntax tree is built the first time a position is asked
 * for, so a file whose referrals are all clean never pays for it. A pointer to a missing
 * field resolves to the nearest enclosing value that exists. Each object's keys are indexed
 * the first time a pointer passes through it, so finding a position costs the pointer's
 * depth, however many findings a referral has and however many keys their objects hold.
 */
export function jsonLocator(text: string, lineOffset = 0, columnOffset = 0): Locator {
  let tree: JsonNode | undefined;
  let starts: number[] | undefined;
  let failed = false;
  const keyIndexes = new WeakMap<JsonNode, Map<string, JsonNode>>();
  /** A property's value by key, as jsonc-parser's findNodeAtLocation finds it: the first property with that key. */
  const member = (object: JsonNode, key: string): JsonNode | undefined => {
    let index = keyIndexes.get(object);
    if (!index) {
      index = new Map();
      for (const property of object.children ?? []) {
        const [name, value] = property.children ?? [];
        if (property.children?.length === 2 && typeof name?.value === 'string' && value && !index.has(name.value)) index.set(name.value, value);
      }
      keyIndexes.set(object, index);
    }
    return index.get(key);
  };
  /** The node one token down, or undefined: a key names an object's member, a number an array's element. */
  const child = (node: JsonNode, token: string | number): JsonNode | undefined => {
    if (typeof token === 'string') return node.type === 'object' && Array.isArray(node.children) ? member(node, token) : undefined;
    return node.type === 'array' && Array.isArray(node.children) && token >= 0 && token < node.children.length ? node.children[token] : undefined;
  };
  return (pointer) => {
    if (failed) return undefined;
    try {
      tree ??= parseTree(text, [], { disallowComments: true });
    } catch {
      failed = true; // nested too deeply for the tree builder: findings keep their pointers, without positions
      return undefined;
    }
    if (!tree) return undefined;
    starts ??= lineStarts(text);
    // Down the pointer as far as it leads: the deepest value that exists.
    let node = tree;
    for (const token of tokens(pointer)) {
      const next = child(node, token);
      if (!next) break;
      node = next;
    }
    // Point at the key of a property rather than its value, as editors do.
    const at = node.parent?.type === 'property' && node.parent.children?.[0] ? node.parent.children[0] : node;
    const pos = positionAt(starts, at.offset);
    return { line: pos.line + lineOffset, column: pos.line === 1 ? pos.column + columnOffset : pos.column };
  };
}

type YamlRange = [number, number, number];
type YamlItem = { key?: { range?: YamlRange } | unknown; value?: unknown };

/**
 * A locator over a parsed YAML document. A pointer to a missing field resolves to the
 * nearest enclosing node that exists. Each mapping's keys, and each collection's pairs by
 * their values, are indexed the first time a pointer passes through it, so finding a position
 * costs the pointer's depth, however many findings a document has and however many items
 * their collections hold.
 */
export function yamlLocator(doc: Document, counter: LineCounter): Locator {
  const keyIndexes = new WeakMap<YAMLMap, Map<unknown, Pair>>();
  const pairIndexes = new WeakMap<object, Map<unknown, YamlItem>>();
  /** A mapping's pairs by key, as the yaml package's findPair matches them: the first pair whose key (or scalar key's value) is the token. */
  const pairOf = (map: YAMLMap, token: string | number): Pair | undefined => {
    let index = keyIndexes.get(map);
    if (!index) {
      index = new Map();
      for (const item of map.items) {
        if (!isPair(item)) continue;
        const key = isScalar(item.key) ? item.key.value : item.key;
        if (!index.has(key)) index.set(key, item);
      }
      keyIndexes.set(map, index);
    }
    return index.get(token);
  };
  /** The node one token down, as Collection.getIn(path, true) finds it, step by step. */
  const child = (collection: YAMLMap | YAMLSeq, token: string | number): unknown => {
    if (collection.get === YAMLMap.prototype.get) return (pairOf(collection as YAMLMap, token)?.value as unknown) ?? undefined;
    return collection.get(token, true); // a list, by index; or a !!set or !!omap, which rules read no item of
  };
  /** The first item of a collection whose value is this node (a mapping's pair), as Array.find over its items would give. */
  const itemHolding = (collection: YAMLMap | YAMLSeq, node: unknown): YamlItem | undefined => {
    let index = pairIndexes.get(collection);
    if (!index) {
      index = new Map();
      for (const item of collection.items as unknown[]) {
        if (!item || typeof item !== 'object' || !('value' in item)) continue;
        const value = (item as YamlItem).value;
        if (value !== null && typeof value === 'object' && !index.has(value)) index.set(value, item as YamlItem);
      }
      pairIndexes.set(collection, index);
    }
    return index.get(node);
  };
  return (pointer) => {
    // Down the pointer as far as it leads; the deepest node with a position, and the collection it is in.
    let found: { node: unknown; parent?: YAMLMap | YAMLSeq } | undefined;
    let node: unknown = doc.contents;
    let parent: YAMLMap | YAMLSeq | undefined;
    const path = tokens(pointer);
    for (let i = 0; ; i += 1) {
      if ((node as { range?: YamlRange } | undefined)?.range) found = { node, parent };
      if (i === path.length || !isCollection(node)) break;
      parent = node;
      node = child(node, path[i]!);
      if (node === undefined) break;
    }
    if (!found) return undefined;
    let offset = (found.node as { range: YamlRange }).range[0];
    // Prefer the key's position for a mapping value.
    if (found.parent) {
      const key = itemHolding(found.parent, found.node)?.key as { range?: YamlRange } | undefined;
      if (key?.range) offset = key.range[0];
    }
    const { line, col } = counter.linePos(offset);
    return { line, column: col };
  };
}

// Line and column of a JSON Pointer in a parsed YAML document, worked out lazily. Apart from
// ./positions.ts so that only a run that reads YAML loads the yaml package.
import { isCollection, isPair, isScalar, YAMLMap, type Document, type LineCounter, type Pair, type YAMLSeq } from 'yaml';
import { tokens } from './positions.js';
import type { Locator } from './types.js';

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

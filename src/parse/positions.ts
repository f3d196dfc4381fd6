// Line and column of a JSON Pointer, for JSON texts, worked out lazily (YAML: ./yaml-positions.ts).
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
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

/** A pointer's tokens, array indexes as numbers. */
export function tokens(pointer: string): (string | number)[] {
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

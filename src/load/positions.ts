// Line and column of a JSON Pointer, for JSON and YAML texts, worked out lazily.
import { findNodeAtLocation, parseTree, type Node as JsonNode } from 'jsonc-parser';
import { isCollection, type Document, type LineCounter } from 'yaml';
import { parsePointer } from '../pointer.js';
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
 * field resolves to the nearest enclosing value that exists.
 */
export function jsonLocator(text: string, lineOffset = 0, columnOffset = 0): Locator {
  let tree: JsonNode | undefined;
  let starts: number[] | undefined;
  let failed = false;
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
    let path = tokens(pointer);
    let node: JsonNode | undefined;
    for (;;) {
      node = findNodeAtLocation(tree, path);
      if (node || path.length === 0) break;
      path = path.slice(0, -1);
    }
    if (!node) return undefined;
    // Point at the key of a property rather than its value, as editors do.
    const at = node.parent?.type === 'property' && node.parent.children?.[0] ? node.parent.children[0] : node;
    const pos = positionAt(starts, at.offset);
    return { line: pos.line + lineOffset, column: pos.line === 1 ? pos.column + columnOffset : pos.column };
  };
}

/** A locator over a parsed YAML document. */
export function yamlLocator(doc: Document, counter: LineCounter): Locator {
  return (pointer) => {
    let path = tokens(pointer);
    for (;;) {
      const node = path.length === 0 ? doc.contents : doc.getIn(path, true);
      const range = (node as { range?: [number, number, number] } | undefined)?.range;
      if (range) {
        // Prefer the key's position for a mapping value.
        const parent = path.length > 0 ? (path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true)) : undefined;
        let offset = range[0];
        if (parent && isCollection(parent)) {
          const pair = (parent.items as { key?: { range?: [number, number, number] }; value?: unknown }[]).find(
            (item) => item && typeof item === 'object' && 'value' in item && item.value === node,
          );
          if (pair?.key?.range) offset = pair.key.range[0];
        }
        const { line, col } = counter.linePos(offset);
        return { line, column: col };
      }
      if (path.length === 0) return undefined;
      path = path.slice(0, -1);
    }
  };
}


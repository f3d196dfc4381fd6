// The JSON locator (src/parse/positions.ts) reads the text along a pointer instead of building
// a syntax tree. It must place every pointer exactly where jsonc-parser's tree places it (the
// locator it replaced): checked here against that tree on the sample export, on generated
// referrals and on hand-made texts with escapes, repeated keys, odd spacing and missing fields.
import { readFileSync } from 'node:fs';
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { jsonLocator, lineStarts, offsetOf, positionAt, tokens } from '../src/parse/positions.js';
import { generateReferral } from '../tools/gen/generate.js';

/** The tree locator the scanner replaced, as it was: the oracle. */
const trees = new Map<string, JsonNode | undefined>();
function treeOffset(text: string, pointer: string): number | undefined {
  if (!trees.has(text)) trees.set(text, parseTree(text, [], { disallowComments: true }));
  const tree = trees.get(text);
  if (!tree) return undefined;
  const member = (object: JsonNode, key: string): JsonNode | undefined => {
    for (const property of object.children ?? []) {
      const [name, value] = property.children ?? [];
      if (property.children?.length === 2 && name?.value === key && value) return value;
    }
    return undefined;
  };
  let node = tree;
  for (const token of tokens(pointer)) {
    const next =
      typeof token === 'string'
        ? node.type === 'object' ? member(node, token) : undefined
        : node.type === 'array' && token < (node.children?.length ?? 0) ? node.children![token] : undefined;
    if (!next) break;
    node = next;
  }
  const at = node.parent?.type === 'property' && node.parent.children?.[0] ? node.parent.children[0] : node;
  return at.offset;
}

/** Every pointer in a value, and for each object a key it lacks and for each list an index past its end. */
function pointersOf(value: unknown, at = ''): string[] {
  const out = [at];
  if (Array.isArray(value)) {
    value.forEach((v, i) => out.push(...pointersOf(v, `${at}/${i}`)));
    out.push(`${at}/${value.length}`, `${at}/missing`);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) out.push(...pointersOf(v, `${at}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`));
    out.push(`${at}/notAKey/deeper`, `${at}/0`);
  }
  return out;
}

function expectSame(text: string, pointers: readonly string[]): void {
  // Alone (read from the top of each object), and through one locator, which indexes an object or list once it has been read often.
  const locate = jsonLocator(text);
  const starts = lineStarts(text);
  for (const p of pointers) {
    const expected = treeOffset(text, p);
    expect([p, offsetOf(text, p)]).toEqual([p, expected]);
    expect([p, locate(p)]).toEqual([p, expected === undefined ? undefined : positionAt(starts, expected)]);
  }
}

describe('the JSON locator', () => {
  it('places every pointer of the sample export where the syntax tree places it', () => {
    const text = readFileSync('fixtures/2026-10-front-door.json', 'utf8');
    const pointers = pointersOf(JSON.parse(text));
    expect(pointers.length).toBeGreaterThan(1000);
    expectSame(text, pointers);
  });

  it('does the same on generated referrals, compact and indented', () => {
    for (let i = 0; i < 40; i++) {
      const { referral } = generateReferral({ seed: 7 }, i);
      const pointers = pointersOf(referral);
      expectSame(JSON.stringify(referral), pointers);
      expectSame(JSON.stringify(referral, null, 2), pointers);
    }
  });

  it('reads escaped keys, repeated keys (the first wins), strings with brackets and quotes, and odd spacing', () => {
    const text = ' \r\n\t{ "a\\"b" : [ 1 , {"x":"]}\\\\"} , "\\u0063" ],"a":{"b":null},"a":2, "c\\/d":true,"e":-1.5e3 ,"f":[[],{}] }  ';
    const value = JSON.parse(text) as Record<string, unknown>;
    expectSame(text, [...pointersOf(value), '/a"b/1/x', '/a"b/2', '/a/b', '/c~1d', '/e', '/f/0/0', '/f/1/x', '/a"b/-', '/a"b/01', '']);
    // The first `a` is an object: /a/b is found in it, as the tree finds the first property.
    expect(offsetOf(text, '/a/b')).toBe(text.lastIndexOf('"b"'));
  });

  it('finds thousands of keys of one object, each through the index made once the object has been read often, as the tree does', () => {
    const data: Record<string, number> = {};
    for (let i = 0; i < 3000; i += 1) data[i % 7 === 0 ? `k\\u00e9${i}` : `unknown${i}`] = i;
    const text = JSON.stringify(data, null, 1).replace(/"k\\\\u00e9/g, '"k\\u00e9');
    const keys = Object.keys(JSON.parse(text) as object);
    expect(keys).toContain('k\u00e97');
    expectSame(text, [...keys.map((k) => `/${k}`), '/missing', '/0', ...keys.slice(0, 20).map((k) => `/${k}/deeper`)]);
  });

  it('gives line and column, the first line shifted by the column the text starts at', () => {
    const text = '{\n  "child": {\n    "nhsNumber": "x"\n  }\n}';
    const locate = jsonLocator(text, 9, 4);
    expect(locate('/child/nhsNumber')).toEqual({ line: 12, column: 5 });
    expect(locate('')).toEqual({ line: 10, column: 5 });
    expect(positionAt(lineStarts(text), offsetOf(text, '/child/missing')!)).toEqual({ line: 2, column: 3 });
  });

  it('gives no position, rather than a wrong one, for text that is not JSON', () => {
    expect(jsonLocator('   ')('')).toBeUndefined();
    expect(jsonLocator('{"a" 1}')('/b')).toBeUndefined();
  });
});

// The core (docs/architecture.md) runs in a browser too, which has no Node.js `Buffer`.
// dependency-cruiser sees imports, not globals, so this test reads the core's sources and
// names every place the identifier `Buffer` is used: bytes in the core are Uint8Arrays,
// TextDecoder and TextEncoder (src/parse/bytes.ts). Comments and strings do not count.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The core's folders, as .dependency-cruiser.cjs lists its layers up to `report`. */
const CORE = ['src/model', 'src/domain', 'src/schema', 'src/parse', 'src/rule-api', 'rules', 'src/config', 'src/mapping', 'src/engine', 'src/score', 'src/report'];

function tsFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

/** `file:line` of each identifier `Buffer` in the source (a type, a value, `globalThis.Buffer`), not in comments or strings. */
function bufferUses(file: string, source: string): string[] {
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const uses: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node.text === 'Buffer') {
      const { line } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
      uses.push(`${file}:${line + 1}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return uses;
}

describe('the core uses no Buffer', () => {
  it('finds the identifier in types and values, and not in comments, strings or ArrayBuffer', () => {
    const source = [
      '// a Buffer in a comment',
      '/* Buffer#toString */',
      "const s = 'Buffer';",
      'const a: ArrayBuffer = new ArrayBuffer(1);',
      'const b: Buffer = Buffer.alloc(1);',
      'const c = globalThis.Buffer;',
      'function f(x: AsyncIterable<Buffer | string>) {}',
    ].join('\n');
    expect(bufferUses('x.ts', source)).toEqual(['x.ts:5', 'x.ts:5', 'x.ts:6', 'x.ts:7']);
  });

  it('in every .ts file of the core folders', () => {
    const uses: string[] = [];
    for (const dir of CORE) {
      const files = tsFiles(dir);
      expect(files.length, `${dir} has .ts files`).toBeGreaterThan(0);
      for (const file of files) uses.push(...bufferUses(file, readFileSync(path.join(ROOT, file), 'utf8')));
    }
    expect(uses, 'Buffer is Node.js only: use Uint8Array, TextDecoder, TextEncoder (src/parse/bytes.ts)').toEqual([]);
  });
});

// `npm run build:web`, after `npm run build`: the web page (docs/web-page.md) as one
// self-contained file, dist/web/referral-lint.html. esbuild bundles the page's code and its
// Web Worker's from what tsc and scripts/compile-schemas.mjs wrote to dist/ (so the page uses
// the schema validators compiled ahead of time, and compiles no code at run time); the worker's
// code is written into the page's, which starts it from a blob: URL. The style and the script
// are inline, and the page's Content-Security-Policy allows exactly them (by their sha256),
// that worker, and no request of any kind.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = (file) => fileURLToPath(new URL(`../${file}`, import.meta.url));
const pkg = JSON.parse(readFileSync(root('package.json'), 'utf8'));
export const OUTPUT = root('dist/web/referral-lint.html');

/** One entry point bundled for browsers into a single script (dynamic imports folded in). */
async function bundle(entry, define = {}) {
  const result = await build({
    entryPoints: [root(entry)],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['chrome109', 'firefox115', 'safari16', 'edge109'],
    minify: true,
    legalComments: 'none',
    charset: 'utf8',
    write: false,
    define,
    // csv-stringify's Node entry uses Buffer; its browser build is the same code with a small Buffer of its own.
    alias: { 'csv-stringify/sync': 'csv-stringify/browser/esm/sync' },
    // The core imports no Node.js module (npm run check:deps): one here is a mistake to stop on.
    logLevel: 'error',
  });
  return result.outputFiles[0].text;
}

const hash = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

const worker = await bundle('dist/src/web/worker.js');
const tool = { name: pkg.name, version: pkg.version };
// `</script` inside the inline script would end it early: written as `<\/script`, which a JavaScript string reads the same.
const script = (await bundle('dist/src/web/page.js', { __WORKER_SOURCE__: JSON.stringify(worker), __TOOL__: JSON.stringify(tool) })).replace(/<\/script/gi, '<\\/script');
const style = readFileSync(root('src/web/page.css'), 'utf8');
const csp = [
  "default-src 'none'",
  `script-src ${hash(script)}`,
  `style-src ${hash(style)}`,
  'worker-src blob:',
  "connect-src 'none'",
  "img-src 'none'",
  "font-src 'none'",
  "form-action 'none'",
  "base-uri 'none'",
].join('; ');
const template = readFileSync(root('src/web/page.html'), 'utf8');
// Replaced by function, so that a `$` in the code is not read as a replacement pattern.
const page = template
  .replace('__CSP__', () => csp)
  .replace('__STYLE__', () => style)
  .replace('__TOOL__', () => `${tool.name} ${tool.version}`)
  .replace('__SCRIPT__', () => script);
mkdirSync(root('dist/web'), { recursive: true });
writeFileSync(OUTPUT, page);
console.log(`dist/web/referral-lint.html: ${(Buffer.byteLength(page) / 1024).toFixed(0)} KB`);

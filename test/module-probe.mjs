// node --import ./test/module-probe.mjs ...: on exit, writes to stderr one line, "loaded
// packages: a b c", naming every package under node_modules the process loaded (CommonJS and
// ES modules). test/startup.test.ts checks with it what a run does not load.
import { createRequire, register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';

const require = createRequire(import.meta.url);
const { port1, port2 } = new MessageChannel();
const hooks = `let port; export function initialize(data) { port = data.port; }
export async function load(url, context, next) { port.postMessage(url); return next(url, context); }`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`, { parentURL: import.meta.url, data: { port: port2 }, transferList: [port2] });
const urls = [];
port1.on('message', (url) => urls.push(url));
port1.unref();

const packageOf = (file) => /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(file)?.[1]?.replace('\\', '/');
process.on('exit', () => {
  const packages = new Set([...Object.keys(require.cache), ...urls.map((u) => decodeURIComponent(u))].map(packageOf).filter(Boolean));
  // ajv's run-time helpers (ajv/dist/runtime/*) are what compiled validators use; its compiler is ajv/dist/core.js.
  if (Object.keys(require.cache).some((f) => /ajv[\\/]dist[\\/]core\.js$/.test(f))) packages.add('ajv/dist/core');
  process.stderr.write(`\nloaded packages: ${[...packages].sort().join(' ')}\n`);
});

// The architecture's rules, checked by `npm run check:deps` (part of `npm test`):
// docs/architecture.md explains the layers. A module may import from its own layer and the
// layers before it in LAYERS, never from a later one; the core (every layer up to `report`,
// and the built-in rules) imports no Node.js module and no Node-only package; and no import
// goes round in a cycle.
const LAYERS = [
  ['model', '^src/model/'],
  ['domain', '^src/domain/'],
  ['schema', '^src/schema/'],
  ['parse', '^src/parse/'],
  ['rule-api', '^src/rule-api/'],
  ['rules', '^rules/'],
  ['config', '^src/config/'],
  ['mapping', '^src/mapping/'],
  ['intake', '^src/intake/'],
  ['engine', '^src/engine/'],
  ['score', '^src/score/'],
  ['report', '^src/report/'],
  // The web page (a browser adapter): the core, and nothing of Node.js.
  ['web', '^src/web/'],
  // The Node.js adapters.
  ['load', '^src/load/'],
  ['run', '^src/run/'],
  ['testing', '^src/testing/'],
  ['cli', '^src/cli/'],
  ['api', '^src/index\\.ts$'],
];
const CORE_END = LAYERS.findIndex(([name]) => name === 'report');
const CORE = `(${LAYERS.slice(0, CORE_END + 1).map(([, path]) => path).join('|')})`;

/** Packages that need Node.js: the core may not import them. */
const NODE_ONLY = ['tinyglobby', 'cli-progress', 'commander', 'playwright-core', '@sparticuz/chromium'];

module.exports = {
  forbidden: [
    {
      name: 'core-imports-node',
      comment: 'The core runs in any JavaScript runtime: no node: module (src/load, src/run and src/cli are where Node.js is used).',
      severity: 'error',
      from: { path: CORE },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'core-imports-node-only-package',
      comment: 'The core runs in any JavaScript runtime: no package that needs Node.js.',
      severity: 'error',
      from: { path: CORE },
      to: { path: `^node_modules/(${NODE_ONLY.map((p) => p.replace('/', '\\/')).join('|')})/` },
    },
    {
      name: 'web-imports-no-node',
      comment: 'The web page runs in a browser: no node: module, no package that needs Node.js, nothing of the Node.js adapters.',
      severity: 'error',
      from: { path: '^src/web/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'web-imports-no-node-only-package',
      comment: 'The web page runs in a browser: no package that needs Node.js.',
      severity: 'error',
      from: { path: '^src/web/' },
      to: { path: `^node_modules/(${NODE_ONLY.map((p) => p.replace('/', '\\/')).join('|')})/` },
    },
    {
      name: 'no-cycle',
      comment: 'Imports go one way: a cycle means two modules cannot be understood apart.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...LAYERS.map(([name, path], i) => ({
      name: `layer-order-${name}`,
      comment: `${name} may import only from its own layer and earlier ones (${LAYERS.slice(0, i).map(([n]) => n).join(', ') || 'none'}).`,
      severity: 'error',
      from: { path },
      to: { path: `(${LAYERS.slice(i + 1).map(([, p]) => p).join('|') || '^$'})` },
    })),
    {
      name: 'not-to-tools',
      comment: 'tools/ (the export generator) is not published: nothing the package ships may import it.',
      severity: 'error',
      from: { path: '^(src|rules)/' },
      to: { path: '^tools/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.d.ts'] },
  },
};

// Where a run's time goes, from a V8 CPU profile (`node --cpu-prof`): every sample's time is
// given to one stage, found by walking from the sampled function up its stack to the first
// frame whose code belongs to a stage. So a helper (src/domain, src/rule-api/helpers, the
// model) counts to the rule or the engine step that called it. Code from a package or from
// Node.js itself counts to the project's code that called it when there is one on the stack
// (jsonc-parser under src/parse/positions is "positions"), and to the package's own stage
// when there is none. Pure functions over the profile object; bench/profile.mjs runs them.
// Tested by test/profile-stages.test.ts.

/** The stages, in the order a run meets them; each rule is `rule:<id>`. */
export const STAGE_LABELS = {
  startup: 'start-up (modules, CLI, configuration)',
  reading: 'reading (file I/O, splitting, decoding)',
  parsing: 'parsing (JSON.parse, YAML, CSV, XLSX, mapping)',
  schema: 'schema (ajv validator)',
  positions: 'positions (line and column of findings)',
  engine: 'engine (records, freezing, suppressions)',
  tallying: 'tallying (scores)',
  reporting: 'reporting',
  gc: 'garbage collection',
  program: 'program / idle (V8, event loop)',
  other: 'other',
};

/** A stage's label: `rule:<id>` reads "rule <id>". */
export function stageLabel(stage) {
  return stage.startsWith('rule:') ? `rule ${stage.slice(5)}` : (STAGE_LABELS[stage] ?? stage);
}

// The project's files (relative to the package, `dist/` dropped), first match wins. A stage
// stops the walk up the stack; `null` passes the frame by (helpers shared by rules and the
// engine); `weak:<stage>` is used only when no frame above it has a stage.
const PROJECT = [
  [/^src\/parse\/(positions|yaml-positions)\./, 'positions'],
  [/^src\/parse\/(json-parse|yaml|csv|table|containers|limits)\./, 'parsing'],
  [/^src\/parse\/xlsx\/(xml|date-formats)\./, 'parsing'],
  [/^src\/parse\/xlsx\//, 'reading'],
  [/^src\/parse\//, 'reading'], // ndjson, json (the file loader), json-stream, bytes, text-encoding, export-check
  [/^src\/intake\/config\./, 'weak:startup'],
  [/^src\/(mapping|intake\/(table|mapping-text))\b/, 'parsing'],
  [/^src\/intake\//, 'reading'],
  [/^src\/load\/(plugins|config-file|mapping-file|baseline-file)\./, 'startup'],
  [/^src\/load\//, 'reading'],
  [/^src\/schema\//, 'schema'],
  [/^src\/rule-api\/(helpers|rule)\./, null],
  [/^src\/rule-api\//, 'engine'], // freeze, special, validate-rule
  [/^src\/engine\//, 'engine'],
  [/^src\/run\/(pool|worker)\./, 'engine'],
  [/^src\/score\//, 'tallying'],
  [/^src\/report\//, 'reporting'],
  [/^src\/run\/(outputs|cache)\./, 'reporting'],
  // The CLI and the run's set-up sit at the bottom of every stack: only what nothing above claims.
  [/^src\/(cli|run|config)\//, 'weak:startup'],
  [/^src\/(domain|model)\//, null],
];

// Packages (node_modules/<name>/...): the stage they serve when no project frame is above them.
const PACKAGES = {
  'jsonc-parser': 'positions',
  yaml: 'parsing',
  saxes: 'parsing',
  fflate: 'reading',
  ajv: 'schema',
  'ajv-formats': 'schema',
  'fast-uri': 'schema',
  'csv-stringify': 'reporting',
  'fast-xml-parser': 'reporting',
  chalk: 'reporting',
  'cli-table3': 'reporting',
  '@noble/hashes': 'reporting',
  commander: 'startup',
  'cli-progress': 'startup',
  tinyglobby: 'startup',
  fdir: 'startup',
  picomatch: 'startup',
};

// Node.js's own modules (node:...): likewise.
const NODE = [
  [/^node:internal\/(modules|bootstrap|main|deps\/cjs-module-lexer|process\/pre_execution|vm)|^node:(internal\/)?(url|path|module)$/, 'startup'],
  [/^node:internal\/(process\/(task_queues|promises)|async_hooks|fixed_queue|timers)|^node:timers$/, 'program'],
  [/^node:internal\/streams\/writable|^node:internal\/fs\/streams.*Write/, 'reporting'],
  [/^node:(internal\/)?(fs|streams|stream|encoding|buffer|string_decoder)|^node:internal\/(fs|streams)\//, 'reading'],
];

/** The path of a frame's file relative to the package (`root`, a file: URL or a path), `dist/` dropped; or undefined. */
function projectPath(url, root) {
  let file = url.startsWith('file://') ? decodeURIComponent(url.slice('file://'.length)) : url;
  const base = root.startsWith('file://') ? decodeURIComponent(root.slice('file://'.length)) : root;
  const prefix = base.endsWith('/') ? base : `${base}/`;
  if (!file.startsWith(prefix)) return undefined;
  file = file.slice(prefix.length);
  if (file.startsWith('node_modules/')) return undefined;
  return file.startsWith('dist/') ? file.slice('dist/'.length) : file;
}

/** The package a file belongs to (its last node_modules/ segment), or undefined. */
function packageOf(url) {
  const at = url.lastIndexOf('/node_modules/');
  if (at === -1) return undefined;
  const rest = url.slice(at + '/node_modules/'.length).split('/');
  return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
}

/**
 * One frame's stage: `{ stage, weak }`, or undefined when the frame has none of its own (the walk
 * goes on up). `ruleIds`, when given, are the only names under rules/ that count as rules.
 */
export function classifyFrame(callFrame, { root, ruleIds } = {}) {
  const { functionName, url } = callFrame;
  if (url === '') {
    if (functionName === '(garbage collector)') return { stage: 'gc', weak: false };
    if (functionName === '(idle)' || functionName === '(program)') return { stage: 'program', weak: false };
    // Native JSON.parse appears as "parse" with no file, under its caller.
    if (functionName === 'parse') return { stage: 'parsing', weak: false };
    if (functionName === 'stringify') return { stage: 'reporting', weak: true };
    return undefined; // (root), runMicrotasks, native fs calls...: the caller decides
  }
  if (url.startsWith('node:')) {
    const hit = NODE.find(([pattern]) => pattern.test(url));
    return hit ? { stage: hit[1], weak: true } : undefined;
  }
  const pkg = packageOf(url);
  if (pkg !== undefined) {
    const stage = PACKAGES[pkg];
    return stage ? { stage, weak: true } : undefined;
  }
  const file = root === undefined ? undefined : projectPath(url, root);
  if (file === undefined) return undefined;
  const rule = /^rules\/([a-z0-9-]+)\.[cm]?[jt]s$/.exec(file);
  if (rule) {
    if (rule[1] === 'index' || (ruleIds !== undefined && !ruleIds.includes(rule[1]))) return undefined;
    return { stage: `rule:${rule[1]}`, weak: false };
  }
  const hit = PROJECT.find(([pattern]) => pattern.test(file));
  if (!hit || hit[1] === null) return undefined;
  return hit[1].startsWith('weak:') ? { stage: hit[1].slice(5), weak: true } : { stage: hit[1], weak: false };
}

/**
 * How long each sample lasted, in microseconds, as Chrome's DevTools counts it: from its own
 * timestamp to the next sample's (the last: to the profile's endTime). `timeDeltas[i]` is the
 * time from sample i-1 (for i = 0: from startTime) to sample i.
 */
export function sampleDurations(profile) {
  const n = profile.samples.length;
  const stamps = new Array(n);
  let t = profile.startTime;
  for (let i = 0; i < n; i += 1) {
    t += profile.timeDeltas[i] ?? 0;
    stamps[i] = t;
  }
  const durations = new Array(n);
  for (let i = 0; i < n; i += 1) durations[i] = Math.max(0, (i + 1 < n ? stamps[i + 1] : profile.endTime) - stamps[i]);
  return durations;
}

/** Adds `us` to a function's entry (by name, file, line and column) in `map`, under `stage`. */
function addTime(map, { name, url, line, column }, stage, us) {
  const key = `${name}\u0000${url}\u0000${line}\u0000${column}`;
  let entry = map.get(key);
  if (entry === undefined) {
    entry = { name, url, line, column, us: 0, byStage: {} };
    map.set(key, entry);
  }
  entry.us += us;
  entry.byStage[stage] = (entry.byStage[stage] ?? 0) + us;
}

const byTime = (map) => [...map.values()].sort((a, b) => b.us - a.us);
const stagesByTime = (map) => Object.fromEntries([...map].sort((a, b) => b[1] - a[1]));

/** A frame as the breakdown names it: line and column 1-based. */
const place = ({ functionName, url, lineNumber, columnNumber }) => ({ name: functionName || '(anonymous)', url, line: lineNumber + 1, column: columnNumber + 1 });

/**
 * A profile broken down: `stages` (stage -> µs, largest first); `functions`, self time per
 * function (name, url, line and column 1-based, µs, and `byStage`: the µs each stage it ran for
 * got), largest first; `claims`, the same per frame that gave the sample its stage (the first
 * frame up the stack with a stage: a rule's check, the engine's step, ...), so its time includes
 * the helpers it called; `totalUs`; and `perSample`, each sample's stage.
 */
export function attribute(profile, options = {}) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const found = new Map();
  /** The stage of a node's samples and the node that decided it (for `other`: the node itself). */
  const stageOf = (id) => {
    if (found.has(id)) return found.get(id);
    let weak;
    let result;
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const hit = classifyFrame(nodes.get(at).callFrame, options);
      if (hit === undefined) continue;
      if (!hit.weak) {
        result = { stage: hit.stage, claim: at };
        break;
      }
      weak ??= { stage: hit.stage, claim: at };
    }
    result ??= weak ?? { stage: 'other', claim: id };
    found.set(id, result);
    return result;
  };
  const durations = sampleDurations(profile);
  const stages = new Map();
  const functions = new Map();
  const claims = new Map();
  const perSample = [];
  let totalUs = 0;
  profile.samples.forEach((id, i) => {
    const us = durations[i];
    const { stage, claim } = stageOf(id);
    perSample.push(stage);
    totalUs += us;
    stages.set(stage, (stages.get(stage) ?? 0) + us);
    addTime(functions, place(nodes.get(id).callFrame), stage, us);
    addTime(claims, place(nodes.get(claim).callFrame), stage, us);
  });
  return { totalUs, stages: stagesByTime(stages), functions: byTime(functions), claims: byTime(claims), perSample };
}

/** Several profiles' breakdowns added together (a run with worker threads writes one per thread). */
export function mergeBreakdowns(list) {
  const stages = new Map();
  const functions = new Map();
  const claims = new Map();
  let totalUs = 0;
  for (const b of list) {
    totalUs += b.totalUs;
    for (const [stage, us] of Object.entries(b.stages)) stages.set(stage, (stages.get(stage) ?? 0) + us);
    for (const [into, from] of [[functions, b.functions], [claims, b.claims]]) {
      for (const f of from) for (const [stage, us] of Object.entries(f.byStage)) addTime(into, f, stage, us);
    }
  }
  return { totalUs, stages: stagesByTime(stages), functions: byTime(functions), claims: byTime(claims), perSample: list.flatMap((b) => b.perSample) };
}

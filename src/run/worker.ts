// A --jobs worker thread: builds the run's configuration from the main thread's options,
// then parses the NDJSON lines and JSON elements it is sent (or takes the objects the main
// thread read) and runs each referral's own rules (pool.ts).
import { loadConfigFile } from './config.js';
import { parentPort, workerData } from 'node:worker_threads';
import { jsonElement } from '../parse/json.js';
import { resolveLimits } from '../parse/limits.js';
import { ndjsonLine } from '../parse/ndjson.js';
import type { LoadEvent } from '../parse/types.js';
import type { JsonObject } from '../domain/referral.js';
import { packRuns, RuleEngine, strayFailure } from '../engine/engine.js';
import type { FromWorker, ToWorker, WorkerSetup, WorkItem } from './pool.js';
import type { CheckedReferral } from '../engine/threads.js';
import { justifiedSuppressions } from '../rule-api/special.js';
import { setActiveTimings, Timings } from '../model/timing.js';

const setup = workerData as WorkerSetup;
const port = parentPort!;
// --timing: this thread's stages and rules, and the time it spent on batches, sent back when the run settles.
const timings = setup.timing ? new Timings() : undefined;
setActiveTimings(timings);
let busyMs = 0;
const began = timings ? performance.now() : 0;

// A rule's stray work failing later would end this thread with its message (which may quote
// a referral) in the main thread's error: it fails the run as on the main thread instead.
const stray = (error: unknown): void => port.postMessage({ stray: strayFailure(error, setup.includePersonalData === true) } satisfies FromWorker);
process.on('unhandledRejection', stray);
process.on('uncaughtException', stray);

const ready = loadConfigFile({ ...setup }).then(({ file: configFile, config }) => {
  if (timings) {
    // This thread's configuration (its own plugins and declarative rules), on its time.
    timings.since('configuration', began);
    busyMs += performance.now() - began;
  }
  // From the same config file as the main thread's loader: a line or element breaches the same limits in any thread.
  const limits = resolveLimits(configFile.limits);
  const engine = new RuleEngine(config);
  const knownRules = new Set(config.registry.map((r) => r.meta.id));
  const check = (item: WorkItem): CheckedReferral => {
    const { file } = item;
    let event: LoadEvent;
    if (item.format === 'object') {
      // Read in the main thread (YAML, JSON from stdin), which works out positions from its document.
      event = { kind: 'referral', file, pointer: item.pointer, data: item.data, locate: () => undefined };
    } else {
      const { pointer, line, column, text } = item;
      event = item.format === 'ndjson' ? ndjsonLine(file, text, line, limits) : jsonElement(file, pointer, text, line, column ?? 1, limits);
      // An element that is not valid JSON fails its file, as in one thread: placed in the element's text.
      if (event.kind === 'failed-file') return { failedFile: { reason: event.reason, line: event.line, column: event.column } };
    }
    if (event.kind !== 'referral') return { failed: event.kind === 'failed-referral' ? event.reason : 'not a referral' };
    const preparing = timings ? performance.now() : 0;
    const prepared = engine.prepare(event.data, file);
    timings?.since('preparing', preparing);
    const runs = engine.run(prepared, () => true, false);
    const start = timings ? performance.now() : 0;
    for (const run of runs) {
      for (const report of run.reports ?? []) Object.assign(report, event.locate(event.pointer + report.pointer));
    }
    timings?.since('positions', start);
    const checked: CheckedReferral = { id: prepared.referral.id ?? null, agency: prepared.agency, runs: packRuns(prepared.enabled, runs) };
    const ignored = justifiedSuppressions(event.data, knownRules, engine.helpers.isMeaningful);
    if (ignored.size > 0) checked.ignored = [...ignored];
    const batchRules = prepared.enabled.filter((e) => e.rule.batch && runs.some((r) => r.id === e.rule.meta.id && r.applicable && r.crash === undefined));
    if (batchRules.length > 0) checked.batchData = fieldsRead(event.data, batchRules.map((e) => e.rule.batchReads));
    return checked;
  };
  return check;
});

/** The fields of the referral the batch checkers read; every field when one does not say. */
function fieldsRead(data: JsonObject, reads: (string[] | undefined)[]): JsonObject {
  if (reads.some((r) => r === undefined)) return data;
  const out: JsonObject = {};
  for (const key of new Set(reads.flat() as string[])) {
    // defineProperty, not assignment: a key named __proto__ stays a plain field.
    if (Object.hasOwn(data, key)) Object.defineProperty(out, key, { value: data[key], enumerable: true, writable: true, configurable: true });
  }
  return out;
}

port.on('message', (message: ToWorker) => {
  if ('settle' in message) {
    // After a turn of the event loop, when what the last batch left unhandled has been reported.
    const settled = (): void =>
      void setImmediate(() => port.postMessage({ settled: true, ...(timings ? { timing: { totals: timings.totals(), busyMs } } : {}) } satisfies FromWorker));
    ready.then(settled, settled);
    return;
  }
  // Messages are handled in the order they came: each waits for the configuration, then runs.
  ready.then(
    (check) => {
      const start = timings ? performance.now() : 0;
      const checked = JSON.stringify(message.items.map(check));
      if (timings) busyMs += performance.now() - start;
      port.postMessage({ id: message.id, checked } satisfies FromWorker);
    },
    (error: unknown) => port.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) } satisfies FromWorker),
  );
});

// Where a run's time goes (--timing): milliseconds by stage and by rule, added up as the run
// goes, in each thread. Off (the default) nothing is timed: each hook reads `activeTimings`
// once per referral, file or chunk, and calls performance.now() only when it is set (the
// engine tests that once-read value again around each rule, no call). `performance` is a
// global in Node.js and browsers alike: no import.
//
// The hooks:
// - src/run/lint.ts: configuration (the config file, plugins, declarative rules, the tables'
//   mappings bound to their header rows), reading
//   (timedEvents below, around the loader), and tallying the result;
// - the parsers: parsing (src/parse/ndjson.ts ndjsonLine, src/parse/json.ts jsonElement and a
//   whole JSON text, src/parse/yaml.ts each document, src/parse/csv.ts and
//   src/parse/xlsx/xml.ts the text of a table, src/intake/table.ts a row's mapping);
// - src/engine/runner.ts and src/run/worker.ts: preparing (a referral typed, its dates read
//   in the time zone, its agency resolved, the rules in force for it chosen);
// - src/engine/engine.ts: each rule's applies, check and batch check (schema-valid's time is
//   the schema stage); src/engine/record.ts and src/run/worker.ts: positions;
// - src/score/run.ts: tallying; src/cli/cli.ts: reporting, and the table (src/report/timing.ts).
// A worker thread (src/run/worker.ts) sends its totals back when the run settles.

/** The stages of a run, besides its rules; what is left of the total is `other`. */
export const TIMING_STAGES = ['configuration', 'reading', 'parsing', 'preparing', 'positions', 'tallying', 'reporting'] as const;
export type TimingStage = (typeof TIMING_STAGES)[number];

/** A thread's totals, as plain data: what a worker thread sends back. */
export interface TimingTotals {
  stages: Partial<Record<TimingStage, number>>;
  rules: Record<string, number>;
}

export class Timings {
  readonly stages = new Map<TimingStage, number>();
  readonly rules = new Map<string, number>();

  stage(stage: TimingStage, ms: number): void {
    this.stages.set(stage, (this.stages.get(stage) ?? 0) + ms);
  }

  /** The time since `start` (a performance.now()), added to `stage`. */
  since(stage: TimingStage, start: number): void {
    this.stage(stage, performance.now() - start);
  }

  rule(id: string, ms: number): void {
    this.rules.set(id, (this.rules.get(id) ?? 0) + ms);
  }

  get(stage: TimingStage): number {
    return this.stages.get(stage) ?? 0;
  }

  /** Another thread's totals, added to these. */
  add(totals: TimingTotals): void {
    for (const [stage, ms] of Object.entries(totals.stages)) this.stage(stage as TimingStage, ms);
    for (const [id, ms] of Object.entries(totals.rules)) this.rule(id, ms);
  }

  totals(): TimingTotals {
    return { stages: Object.fromEntries(this.stages), rules: Object.fromEntries(this.rules) };
  }
}

/**
 * The timings of the run in progress in this thread, when it is timed: the hook for code that
 * is handed no options (the parsers, the engine). One per thread: two runs timed at once in
 * one thread (the API called twice without waiting) add up into whichever set it last.
 */
export let activeTimings: Timings | undefined;

/** Sets (or, with undefined, clears) the timings of this thread's run; returns the ones it replaces. */
export function setActiveTimings(timings: Timings | undefined): Timings | undefined {
  const previous = activeTimings;
  activeTimings = timings;
  return previous;
}

/**
 * The loader's events, the time spent getting each counted as reading (file I/O, splitting
 * into records, decoding), less what the parsers counted as parsing meanwhile.
 */
export async function* timedEvents<T>(events: AsyncIterable<T>, timings: Timings): AsyncGenerator<T> {
  const iterator = events[Symbol.asyncIterator]();
  try {
    for (;;) {
      const start = performance.now();
      const parsed = timings.get('parsing');
      const next = await iterator.next();
      timings.stage('reading', performance.now() - start - (timings.get('parsing') - parsed));
      if (next.done) return;
      yield next.value;
    }
  } finally {
    await iterator.return?.();
  }
}

/** A synchronous generator's own work counted as `stage`: each step of it is timed, not what its consumer does between steps. */
export function* timedSteps<T>(stage: TimingStage, steps: Generator<T>, timings: Timings): Generator<T> {
  for (;;) {
    const start = performance.now();
    const next = steps.next();
    timings.since(stage, start);
    if (next.done) return;
    yield next.value;
  }
}

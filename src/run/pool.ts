// --jobs: worker threads that parse NDJSON lines and JSON list elements and run each referral's own rules. The
// main thread reads the files, runs the batch rules' checkers in input order and takes
// results back in input order (runner.ts); each worker builds the same configuration from
// the same options. A referral travels as its text; what comes back is what its
// rules did, with positions, and the few fields the batch rules read.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ConfigFile } from '../config/schema.js';
import type { LoadedReferral, RawReferral } from '../parse/types.js';
import type { JsonObject } from '../domain/referral.js';
import type { CheckedReferral, CheckPool } from '../engine/runner.js';
import type { TimingTotals } from '../model/timing.js';

/** What a worker needs to build the run's configuration: plain data, copied to each thread. */
export interface WorkerSetup {
  cwd: string;
  configFile?: string;
  config?: ConfigFile;
  /** "now" as the main thread resolved it, so every thread checks against the same instant. */
  now: string;
  strict?: boolean;
  rules?: string[];
  reportUnusedSuppressions?: boolean;
  includePersonalData?: boolean;
  /** --timing: each thread times its stages and rules, and sends the totals back when the run settles. */
  timing?: true;
}

/** A worker thread's --timing totals, and the time it spent on its batches. */
export interface ThreadTiming {
  totals: TimingTotals;
  busyMs: number;
}

/** A referral's text (an NDJSON line, a JSON element) or, read here already (YAML, JSON from stdin), its object. */
export type WorkItem =
  | { format: 'ndjson' | 'json'; file: string; pointer: string; line: number; column?: number; text: string }
  | { format: 'object'; file: string; pointer: string; data: JsonObject };
export type ToWorker = { id: number; items: WorkItem[] } | { settle: true };
/** Results travel as JSON text: one string is copied far faster than thousands of small objects are cloned. */
export type FromWorker = { id: number; checked: string } | { id: number; error: string } | { stray: string } | { settled: true; timing?: ThreadTiming };

/** Referrals per message: enough to make a message's cost small, few enough to keep threads busy. */
const BATCH_SIZE = 64;

/** The worker script: beside this module once built; under the test runner (TypeScript source), the build's. */
function workerUrl(): URL {
  const here = new URL('./worker.js', import.meta.url);
  return existsSync(fileURLToPath(here)) ? here : new URL('../../dist/src/run/worker.js', import.meta.url);
}

/** `--jobs auto`: one thread per core the process may use. */
export function autoJobs(): number {
  return availableParallelism();
}

type Done = (checked: CheckedReferral) => void;

export class WorkerPool implements CheckPool {
  private readonly threads: { worker: Worker; busy: number }[] = [];
  private readonly sent = new Map<number, { done: Done[]; thread: { busy: number } }>();
  private batch: WorkItem[] = [];
  private batchDone: Done[] = [];
  private nextId = 0;
  private failure: Error | undefined;
  /** Woken when a batch comes back, or a thread fails. */
  private wake: (() => void) | undefined;
  /** --timing: what each thread sent back when the run settled. */
  readonly threadTimings: ThreadTiming[] = [];
  /** --timing: how long this thread waited for the others' results (taking them in not counted). */
  waitedMs = 0;
  private receivedMs = 0;
  private readonly timing: boolean;

  constructor(size: number, setup: WorkerSetup) {
    this.timing = setup.timing === true;
    const url = workerUrl();
    for (let i = 0; i < size; i += 1) {
      const worker = new Worker(url, { workerData: setup });
      worker.on('message', (message: FromWorker) => this.received(message));
      worker.on('error', (error) => this.fail(new Error(`a worker thread failed: ${error.message}`)));
      worker.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`a worker thread stopped (exit code ${code})`));
      });
      this.threads.push({ worker, busy: 0 });
    }
  }

  check(referral: LoadedReferral | RawReferral, done: Done): void {
    if (referral.kind === 'referral') {
      this.batch.push({ format: 'object', file: referral.file, pointer: referral.pointer, data: referral.data });
    } else {
      const { format, file, pointer, line, column, text } = referral;
      this.batch.push(column === undefined ? { format, file, pointer, line, text } : { format, file, pointer, line, column, text });
    }
    this.batchDone.push(done);
    if (this.batch.length >= BATCH_SIZE) this.flush();
  }

  flush(): void {
    if (this.batch.length === 0 || this.failure) return;
    // The least busy thread takes the batch; ties go to the first.
    let thread = this.threads[0]!;
    for (const t of this.threads) if (t.busy < thread.busy) thread = t;
    const id = this.nextId++;
    this.sent.set(id, { done: this.batchDone, thread });
    thread.busy += 1;
    thread.worker.postMessage({ id, items: this.batch } satisfies ToWorker);
    this.batch = [];
    this.batchDone = [];
  }

  next(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const start = this.timing ? performance.now() : 0;
    const received = this.receivedMs;
    return new Promise<void>((resolve) => (this.wake = resolve)).then(() => {
      if (this.timing) this.waitedMs += performance.now() - start - (this.receivedMs - received);
      if (this.failure) throw this.failure;
    });
  }

  /**
   * Once every result is back: whether a rule's stray work failed in a thread after its
   * results were sent (each thread answers after its pending rejections were reported).
   */
  async settle(): Promise<void> {
    await Promise.all(
      this.threads.map(
        ({ worker }) =>
          new Promise<void>((resolve) => {
            const settled = (message: FromWorker): void => {
              if (!('settled' in message)) return;
              if (message.timing) this.threadTimings.push(message.timing);
              worker.off('message', settled);
              resolve();
            };
            worker.on('message', settled);
            worker.postMessage({ settle: true } satisfies ToWorker);
          }),
      ),
    );
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map(({ worker }) => worker.terminate()));
  }

  private received(message: FromWorker): void {
    if ('settled' in message) return;
    if ('stray' in message) {
      this.fail(new Error(message.stray));
      return;
    }
    const batch = this.sent.get(message.id);
    if (!batch) return;
    this.sent.delete(message.id);
    batch.thread.busy -= 1;
    if ('error' in message) this.fail(new Error(`a worker thread failed: ${message.error}`));
    else {
      const start = this.timing ? performance.now() : 0;
      const checked = JSON.parse(message.checked) as CheckedReferral[];
      batch.done.forEach((done, i) => done(checked[i]!));
      if (this.timing) this.receivedMs += performance.now() - start;
    }
    this.wakeUp();
  }

  /** The first failure fails the run: the runner's wait rejects with it. */
  private fail(error: Error): void {
    this.failure ??= error;
    this.wakeUp();
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

// What the runner asks of worker threads (--jobs), and the order it keeps: raw referrals go to
// the threads; every event waits, in input order, until its turn and its results have come,
// so the record is the same whatever the number of threads. The threads themselves are
// src/run/pool.ts (Node.js).
import type { JsonObject } from '../domain/referral.js';
import type { LoadEvent, LoadedReferral, RawReferral } from '../parse/types.js';
import type { PackedRuns, Prepared } from './engine.js';

/** What a worker thread makes of a raw referral: why it is none, or what its own rules did. */
export type CheckedReferral =
  | { failed: string }
  /** A JSON element that is not valid JSON fails its whole file, as JSON.parse of the file would. */
  | { failedFile: { reason: string; line?: number; column?: number } }
  | {
      id: string | null;
      agency: Prepared['agency'];
      /** justifiedSuppressions, as entries. */
      ignored?: [string, number[]][];
      /** Rule runs, batch checkers left out, packed; reports carry their positions. */
      runs: PackedRuns;
      /** The fields the batch rules that apply read (Rule.batchReads), when any applies. */
      batchData?: JsonObject;
    };

/** Worker threads that check referrals, raw or parsed. */
export interface CheckPool {
  /** Queues the referral; `done` is called with its result when it is back. */
  check(referral: LoadedReferral | RawReferral, done: (checked: CheckedReferral) => void): void;
  /** Sends what is queued: the runner is about to wait for it. */
  flush(): void;
  /** Settles when the next results come back; rejects once a thread has failed. */
  next(): Promise<void>;
}

/** How many events may wait for worker threads at once: memory stays bounded. */
const IN_FLIGHT = 512;

/**
 * Feeds `events` through the pool: those `toThreads` picks are checked there and handed to
 * `takeChecked`, the rest to `take`, all in input order.
 */
export async function inInputOrder(
  events: AsyncIterable<LoadEvent>,
  pool: CheckPool,
  toThreads: (event: LoadEvent) => boolean,
  take: (event: LoadEvent) => void,
  takeChecked: (event: LoadedReferral | RawReferral, checked: CheckedReferral) => void,
): Promise<void> {
  const queue: { event: LoadEvent; sent: boolean; checked?: CheckedReferral }[] = [];
  let head = 0;
  const drain = (): void => {
    while (head < queue.length) {
      const next = queue[head]!;
      if (next.sent) {
        if (!next.checked) break;
        takeChecked(next.event as LoadedReferral | RawReferral, next.checked);
      } else {
        take(next.event);
      }
      head += 1;
    }
    // Drop what is done, now and then: the queue never empties while threads are busy.
    if (head > IN_FLIGHT) {
      queue.splice(0, head);
      head = 0;
    }
  };
  const waitForHead = async (): Promise<void> => {
    pool.flush();
    await pool.next();
    drain();
  };
  for await (const event of events) {
    const sent = toThreads(event);
    const pending: (typeof queue)[number] = { event, sent };
    queue.push(pending);
    if (sent) pool.check(event as LoadedReferral | RawReferral, (checked) => (pending.checked = checked));
    drain();
    while (queue.length - head > IN_FLIGHT) await waitForHead();
  }
  while (head < queue.length) await waitForHead();
}

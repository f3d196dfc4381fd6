// The referrals the reports people read (html, markdown) list: at most `max` of those with
// findings, the worst (lowest score first; between equal scores, the earlier in the input),
// with counts of the rest. A run that prints only those reports keeps no more than this
// (KeepReferrals 'worst'), so its memory does not grow with the batch; a run that keeps
// every referral gives the reporters the same selection from its full list (listReferrals).
import type { RunSink } from '../engine/runner.js';
import type { ReferralListing, ReferralRecord, ReferralResult } from '../model/types.js';
import { round2 } from './score.js';

/**
 * Referrals with findings an html report lists by default: a page a person reads and a
 * browser opens at once. The worst carry the most findings, about 2.7 KB of page each: 500
 * made a 1.8 MB page from 100,000 generated referrals, where listing all 30,847 made 40 MB.
 */
export const DEFAULT_MAX_LISTED = 500;

interface Entry<T> {
  score: number;
  seq: number;
  item: T;
}

/** True when `a` is better than `b` (listed after it): a higher score, or the same score later in the input. */
const better = <T>(a: Entry<T>, b: Entry<T>): boolean => a.score > b.score || (a.score === b.score && a.seq > b.seq);

/**
 * The `max` worst items offered (max 0: every one), in a heap whose root is the best of
 * them, the first to go when a worse one comes: O(log max) an item, memory O(max).
 */
export class Worst<T> {
  private readonly heap: Entry<T>[] = [];

  constructor(readonly max: number) {}

  get size(): number {
    return this.heap.length;
  }

  offer(score: number, seq: number, item: T): void {
    const entry = { score, seq, item };
    const heap = this.heap;
    if (this.max === 0 || heap.length < this.max) {
      heap.push(entry);
      let i = heap.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!better(heap[i]!, heap[parent]!)) break;
        [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
        i = parent;
      }
      return;
    }
    if (!better(heap[0]!, entry)) return;
    heap[0] = entry;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let top = i;
      if (l < heap.length && better(heap[l]!, heap[top]!)) top = l;
      if (r < heap.length && better(heap[r]!, heap[top]!)) top = r;
      if (top === i) break;
      [heap[i], heap[top]] = [heap[top]!, heap[i]!];
      i = top;
    }
  }

  /** Every entry, in input order. */
  entries(): Entry<T>[] {
    return [...this.heap].sort((a, b) => a.seq - b.seq);
  }
}

/** Counts of referrals with findings, in all and by agency (and each agency's findings by rule). */
class Counts {
  withFindings = 0;
  readonly agencies = new Map<string, { withFindings: number; rules: Map<string, number> }>();

  add(agency: string, ruleIds: Iterable<string>, referrals = 1): void {
    this.withFindings += referrals;
    let mine = this.agencies.get(agency);
    if (!mine) this.agencies.set(agency, (mine = { withFindings: 0, rules: new Map() }));
    mine.withFindings += referrals;
    for (const id of ruleIds) mine.rules.set(id, (mine.rules.get(id) ?? 0) + 1);
  }

  addAll(other: Counts): void {
    this.withFindings += other.withFindings;
    for (const [agency, theirs] of other.agencies) {
      let mine = this.agencies.get(agency);
      if (!mine) this.agencies.set(agency, (mine = { withFindings: 0, rules: new Map() }));
      mine.withFindings += theirs.withFindings;
      for (const [id, n] of theirs.rules) mine.rules.set(id, (mine.rules.get(id) ?? 0) + n);
    }
  }
}

function* ruleIdsOf(findings: readonly { ruleId: string }[]): Generator<string> {
  for (const f of findings) yield f.ruleId;
}

/** From every referral of a result (or every one with findings): what the reports list, and the counts. */
export function listReferrals(referrals: readonly ReferralResult[], max: number): { listed: ReferralResult[]; listing: ReferralListing } {
  const worst = new Worst<ReferralResult>(max);
  const every: ReferralResult[] = [];
  const counts = new Counts();
  referrals.forEach((r, i) => {
    if (r.findings.length === 0) return;
    counts.add(r.agency, ruleIdsOf(r.findings));
    // 0: every one, in input order, without the heap's work.
    if (max === 0) every.push(r);
    else worst.offer(r.score, i, r);
  });
  return { listed: max === 0 ? every : worst.entries().map((e) => e.item), listing: { max, withFindings: counts.withFindings, agencies: counts.agencies } };
}

/**
 * The run's sink for KeepReferrals 'worst'. A file's referrals wait in a list of their own
 * (no more than `max`) until the file is read to its end, and are dropped with it if it
 * fails part-way, as its scores are.
 */
export function worstReferrals(max: number): { sink: RunSink; referrals(): ReferralRecord[]; listing(): ReferralListing } {
  const run = new Worst<ReferralRecord>(max);
  const counts = new Counts();
  let file = new Worst<ReferralRecord>(max);
  let fileCounts = new Counts();
  let seq = 0;
  const reset = (): void => {
    file = new Worst(max);
    fileCounts = new Counts();
  };
  return {
    sink: {
      startFile: reset,
      referral: (record) => {
        if (record.findings.length === 0) return;
        fileCounts.add(record.agency, ruleIdsOf(record.findings));
        // Rounded as the report gives it, so that this list is the one listReferrals picks from the report.
        file.offer(round2(record.score ?? 100), seq++, record);
      },
      dropFile: reset,
      endFile: () => {
        for (const e of file.entries()) run.offer(e.score, e.seq, e.item);
        counts.addAll(fileCounts);
        reset();
      },
    },
    referrals: () => run.entries().map((e) => e.item),
    listing: () => ({ max, withFindings: counts.withFindings, agencies: counts.agencies }),
  };
}

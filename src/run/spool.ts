// Reports written as the run goes. A run's referrals are final only when their file ends (a
// file that fails part-way is no referral), and a report's head needs the run's totals; so
// each selected referral, in report form, goes as one line of JSON to a spool file as it is
// scored, a file's lines are cut off again if the file fails, and at the end each report is
// written from its parts (src/report/types.ts ReportParts): its head, a piece per spooled
// referral read back in order, its tail. Memory holds one referral at a time, however many.
import { closeSync, ftruncateSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ReferralResult, ReferralStream } from '../model/types.js';
import type { PartCounts, ReportParts } from '../report/types.js';
import { sweepStaleTemps, tempName, trackTemporary, untrackTemporary } from './outputs.js';

/** The spool's name in its folder (a temporary file as outputs.ts names them, swept as they are). */
const SPOOL_NAME = 'referral-lint-spool';
/** Bytes gathered before a write to the spool, and read back at a time. */
const CHUNK = 1 << 20;
const NEWLINE = 0x0a;

export class Spool implements ReferralStream {
  readonly file: string;
  private readonly fd: number;
  /** Bytes in the spool file. */
  private written = 0;
  private pending: string[] = [];
  private pendingBytes = 0;
  private total: PartCounts = { referrals: 0, results: 0 };
  private mark = { bytes: 0, referrals: 0, results: 0 };
  private closed = false;
  /** Where each referral's line starts, and its agency (an index into `agencies`): junit prints them by agency. */
  private starts = new Float64Array(1024);
  private agencyOf = new Uint32Array(1024);
  private readonly agencies = new Map<string, number>();

  /**
   * A new spool file in `folder` (the first output file's), or in the system's temporary folder
   * when there is none or it cannot be written. Readable by its owner only: it holds what the
   * report holds, personal values with --include-personal-data.
   */
  constructor(folder?: string) {
    const made = (dir: string): { file: string; fd: number } => {
      sweepStaleTemps(dir, SPOOL_NAME);
      const file = path.join(dir, tempName(SPOOL_NAME, process.pid, Date.now()));
      trackTemporary(file);
      try {
        return { file, fd: openSync(file, 'wx+', 0o600) };
      } catch (error) {
        untrackTemporary(file);
        throw error;
      }
    };
    let spool: { file: string; fd: number } | undefined;
    if (folder !== undefined) {
      try {
        spool = made(folder);
      } catch {
        // a folder that does not exist (yet), or that this user cannot write to (/dev)
      }
    }
    spool ??= made(os.tmpdir());
    this.file = spool.file;
    this.fd = spool.fd;
  }

  /** What the spool holds: its referrals, and their findings and suppressed findings together. */
  get counts(): PartCounts {
    return { ...this.total };
  }

  startFile(): void {
    this.mark = { bytes: this.written + this.pendingBytes, ...this.total };
  }

  referral(referral: ReferralResult): void {
    const line = `${JSON.stringify(referral)}\n`;
    const index = this.total.referrals;
    if (index === this.starts.length) {
      const starts = new Float64Array(index * 2);
      starts.set(this.starts);
      this.starts = starts;
      const agencyOf = new Uint32Array(index * 2);
      agencyOf.set(this.agencyOf);
      this.agencyOf = agencyOf;
    }
    this.starts[index] = this.written + this.pendingBytes;
    let agency = this.agencies.get(referral.agency);
    if (agency === undefined) this.agencies.set(referral.agency, (agency = this.agencies.size));
    this.agencyOf[index] = agency;
    this.pending.push(line);
    this.pendingBytes += Buffer.byteLength(line);
    this.total.referrals += 1;
    this.total.results += referral.findings.length + referral.suppressed.length;
    if (this.pendingBytes >= CHUNK) this.flush();
  }

  /** The file failed: its referrals so far are cut off. */
  dropFile(): void {
    this.flush();
    ftruncateSync(this.fd, this.mark.bytes);
    this.written = this.mark.bytes;
    this.total = { referrals: this.mark.referrals, results: this.mark.results };
  }

  endFile(): void {
    this.mark = { bytes: this.written + this.pendingBytes, ...this.total };
  }

  private flush(): void {
    if (this.pendingBytes === 0) return;
    const bytes = Buffer.from(this.pending.join(''));
    let done = 0;
    while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done, this.written + done);
    this.written += bytes.length;
    this.pending = [];
    this.pendingBytes = 0;
  }

  /** The spooled referrals, in run order, read back a chunk at a time. */
  *referrals(): Generator<ReferralResult> {
    this.flush();
    let position = 0;
    let rest = Buffer.alloc(0);
    const chunk = Buffer.allocUnsafe(CHUNK);
    while (position < this.written) {
      const n = readSync(this.fd, chunk, 0, Math.min(CHUNK, this.written - position), position);
      if (n === 0) break;
      position += n;
      const bytes = rest.length > 0 ? Buffer.concat([rest, chunk.subarray(0, n)]) : chunk.subarray(0, n);
      let start = 0;
      // A line break is never part of a longer UTF-8 character: each line decodes whole.
      for (let end = bytes.indexOf(NEWLINE, start); end >= 0; end = bytes.indexOf(NEWLINE, start)) {
        yield JSON.parse(bytes.toString('utf8', start, end)) as ReferralResult;
        start = end + 1;
      }
      rest = Buffer.from(bytes.subarray(start));
    }
  }

  /** One agency's spooled referrals, in run order, each with its place in the run, each read on its own. */
  *referralsOf(agency: string): Generator<[ReferralResult, number]> {
    this.flush();
    const id = this.agencies.get(agency);
    if (id === undefined) return;
    const n = this.total.referrals;
    for (let i = 0; i < n; i++) {
      if (this.agencyOf[i] !== id) continue;
      const start = this.starts[i]!;
      const end = i + 1 < n ? this.starts[i + 1]! : this.written;
      const bytes = Buffer.allocUnsafe(end - start);
      let done = 0;
      while (done < bytes.length) {
        const got = readSync(this.fd, bytes, done, bytes.length - done, start + done);
        if (got === 0) throw new Error('the spool ended early');
        done += got;
      }
      yield [JSON.parse(bytes.toString('utf8')) as ReferralResult, i];
    }
  }

  /** Writes a report from its parts, through `put`, in pieces of about a megabyte. */
  async write(parts: ReportParts, put: (part: string) => Promise<void> | void): Promise<void> {
    if (parts.scan) for (const referral of this.referrals()) parts.scan(referral);
    let buffered = parts.head;
    const add = async (text: string): Promise<void> => {
      buffered += text;
      if (buffered.length >= CHUNK) {
        await put(buffered);
        buffered = '';
      }
    };
    const groups = parts.byAgency;
    if (groups) {
      for (const { agency, after } of groups) {
        for (const [referral, index] of this.referralsOf(agency)) await add(parts.referral(referral, index));
        await add(after);
      }
    } else {
      let index = 0;
      for (const referral of this.referrals()) await add(parts.referral(referral, index++));
    }
    await put(buffered + parts.tail);
  }

  /** Closes and removes the spool file. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      closeSync(this.fd);
    } finally {
      rmSync(this.file, { force: true });
      untrackTemporary(this.file);
    }
  }
}

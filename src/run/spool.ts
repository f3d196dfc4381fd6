// Reports written as the run goes. A run's referrals are final only when their file ends (a
// file that fails part-way is no referral), and a report's head needs the run's totals; so
// each selected referral, in report form, goes as one line of JSON to a spool file as it is
// scored, a file's lines are cut off again if the file fails, and at the end each report is
// written from its parts (src/report/types.ts ReportParts): its head, a piece per spooled
// referral read back in order, its tail. Memory holds one referral at a time, however many.
// The spool holds every selected referral (with --include-personal-data, the values findings
// are about), so it is encrypted (AES-256-CTR) under a key that exists only in this process:
// a spool left behind by a process killed outright cannot be read.
import { createCipheriv, randomBytes } from 'node:crypto';
import { closeSync, ftruncateSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ReferralResult, ReferralStream } from '../model/types.js';
import type { PartCounts, ReportParts } from '../report/types.js';
import { counterBlock } from './key-spill.js';
import { sweepStaleTemps, tempName, trackTemporary, untrackTemporary } from './outputs.js';

/** The spool's name in its folder (a temporary file as outputs.ts names them, swept as they are). */
const SPOOL_NAME = 'referral-lint-spool';
/** Bytes gathered before a write to the spool, and read back at a time. */
const CHUNK = 1 << 20;
const NEWLINE = 0x0a;

/**
 * AES-256-CTR over a file written from its start and cut back now and then: the key is made
 * here and never leaves the process. Each stretch written after a cut has a counter of its
 * own, so no part of a key stream ever encrypts two texts.
 */
class SpoolCipher {
  private readonly key = randomBytes(32);
  /** Stretches of the file, by the offset each starts at, each with its first counter block. */
  private stretches: { from: number; iv: Buffer }[] = [{ from: 0, iv: randomBytes(16) }];

  /** The file was cut back to `offset`: what is written from there on gets a new counter. */
  cutAt(offset: number): void {
    this.stretches = this.stretches.filter((s) => s.from < offset);
    this.stretches.push({ from: offset, iv: randomBytes(16) });
  }

  /** `bytes` at `offset` of the file, encrypted, or decrypted (CTR is its own inverse). */
  apply(bytes: Buffer, offset: number): Buffer {
    const out = Buffer.allocUnsafe(bytes.length);
    let done = 0;
    while (done < bytes.length) {
      const at = offset + done;
      let i = this.stretches.length - 1;
      while (this.stretches[i]!.from > at) i -= 1;
      const stretch = this.stretches[i]!;
      const end = i + 1 < this.stretches.length ? this.stretches[i + 1]!.from : Number.POSITIVE_INFINITY;
      const length = Math.min(bytes.length - done, end - at);
      const relative = at - stretch.from;
      const counter = Buffer.alloc(16);
      counterBlock(stretch.iv, Math.floor(relative / 16), counter);
      const cipher = createCipheriv('aes-256-ctr', this.key, counter);
      if (relative % 16 !== 0) cipher.update(Buffer.alloc(relative % 16));
      cipher.update(bytes.subarray(done, done + length)).copy(out, done);
      done += length;
    }
    return out;
  }

  forget(): void {
    this.key.fill(0);
  }
}

/** A finding's value that JSON cannot carry (Infinity, NaN from YAML's .inf and .nan): spooled as an object with this one key. */
const NON_FINITE = '\u0000non-finite';
const NON_FINITE_JSON = JSON.stringify(NON_FINITE);

function hasNonFinite(referral: ReferralResult): boolean {
  for (const list of [referral.findings, referral.suppressed]) for (const f of list) if (typeof f.value === 'number' && !Number.isFinite(f.value)) return true;
  return false;
}

const keepNonFinite = (_key: string, value: unknown): unknown => (typeof value === 'number' && !Number.isFinite(value) ? { [NON_FINITE]: String(value) } : value);
const restoreNonFinite = (_key: string, value: unknown): unknown => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === NON_FINITE ? Number((value as Record<string, string>)[NON_FINITE]) : value;
};

/** A spooled line back as a referral; never a message that quotes the line (it may hold personal data). */
function readLine(text: string): ReferralResult {
  try {
    return (text.includes(NON_FINITE_JSON) ? JSON.parse(text, restoreNonFinite) : JSON.parse(text)) as ReferralResult;
  } catch {
    throw new Error('the spool file of the reports could not be read back');
  }
}

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
  private readonly cipher = new SpoolCipher();

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
    const line = `${hasNonFinite(referral) ? JSON.stringify(referral, keepNonFinite) : JSON.stringify(referral)}\n`;
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
    this.cipher.cutAt(this.mark.bytes);
    this.written = this.mark.bytes;
    this.total = { referrals: this.mark.referrals, results: this.mark.results };
  }

  endFile(): void {
    this.mark = { bytes: this.written + this.pendingBytes, ...this.total };
  }

  private flush(): void {
    if (this.pendingBytes === 0) return;
    const bytes = this.cipher.apply(Buffer.from(this.pending.join('')), this.written);
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
      const plain = this.cipher.apply(chunk.subarray(0, n), position);
      position += n;
      const bytes = rest.length > 0 ? Buffer.concat([rest, plain]) : plain;
      let start = 0;
      // A line break is never part of a longer UTF-8 character: each line decodes whole.
      for (let end = bytes.indexOf(NEWLINE, start); end >= 0; end = bytes.indexOf(NEWLINE, start)) {
        yield readLine(bytes.toString('utf8', start, end));
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
      yield [readLine(this.cipher.apply(bytes, start).toString('utf8')), i];
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
      this.cipher.forget();
      rmSync(this.file, { force: true });
      untrackTemporary(this.file);
    }
  }
}

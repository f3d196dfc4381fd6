// --cache: per-file results kept between runs, so re-running over a mostly unchanged month
// of exports re-checks only what changed. A file's entry is used when its content hash
// matches and the whole configuration (rules, options, overrides, declarative rules,
// plugin files, tool version) hashes the same.
//
// What is never taken from the cache, so results stay exactly those of a full run:
// - batch rules (unique-referral compares every referral of the run): they run live on every
//   referral, cached or not, in input order;
// - a rule that read "now" on that referral (ctx.now is watched while it runs), or crashed on it;
// - schema-valid on a referral with a key the format does not name (--strict): the key's name
//   may be personal data, so it is found again rather than kept;
// - unused-suppression, which the engine works out from the other rules' outcomes.
// The file is still parsed on a cache hit: batch rules need the referrals.
//
// The cache holds referral ids, pointers, rule ids and messages: what reports print, never
// a personal value.
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { SEVERITIES } from '../domain/codes.js';
import type { CachedReferral, CacheView, Finding } from '../model/types.js';
import type { RunRecord } from '../score/run.js';
import type { Input } from '../load/index.js';
import { writeOutput } from './outputs.js';

export const CACHE_VERSION = 1;
export const DEFAULT_CACHE_LOCATION = '.referral-lint-cache.json';

export interface CacheFile {
  version: number;
  key: string;
  files: Record<string, { hash: string; referrals: CachedReferral[] }>;
}

export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Content hashes of the inputs that are files (stdin is never cached); unreadable files are left out. */
export async function hashInputs(inputs: readonly Input[]): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  for (const input of inputs) {
    if (input.absolute === undefined) continue;
    try {
      // Only regular files: opening a named pipe would wait for a writer (the loader fails it).
      if (!(await stat(input.absolute)).isFile()) continue;
      hashes.set(input.display, await hashFile(input.absolute));
    } catch {
      // the loader reports why it cannot be read
    }
  }
  return hashes;
}

/** A key for everything a result depends on besides the file and "now" (watched per rule). */
export function configKey(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/**
 * The cache at `path` when it is readable, made under `key`, and of the shape this version
 * writes in every part; else an empty one. A damaged cache is ignored (and rewritten after
 * the run), never fatal.
 */
export function readCache(path: string, key: string): CacheFile {
  try {
    const data: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (isCache(data) && data.version === CACHE_VERSION && data.key === key) return data;
  } catch {
    // no cache yet, or not one of ours
  }
  return { version: CACHE_VERSION, key, files: {} };
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isCount = (x: unknown): boolean => Number.isSafeInteger(x) && (x as number) >= 0;
const optional = (x: unknown, is: (x: unknown) => boolean): boolean => x === undefined || is(x);

function isFinding(x: unknown): x is Finding {
  return (
    isObject(x) &&
    typeof x.ruleId === 'string' &&
    (SEVERITIES as readonly unknown[]).includes(x.severity) &&
    typeof x.message === 'string' &&
    typeof x.pointer === 'string' &&
    optional(x.line, isCount) &&
    optional(x.column, isCount)
  );
}

function isCachedReferral(x: unknown): x is CachedReferral {
  return (
    isObject(x) &&
    typeof x.pointer === 'string' &&
    optional(x.line, isCount) &&
    Array.isArray(x.findings) &&
    x.findings.every(isFinding) &&
    Array.isArray(x.suppressed) &&
    x.suppressed.every(isFinding) &&
    isObject(x.outcomes) &&
    Object.values(x.outcomes).every((o) => typeof o === 'boolean') &&
    Array.isArray(x.live) &&
    x.live.every((id) => typeof id === 'string')
  );
}

/** Every part of the cache as buildCache makes it: what the runner replays is never checked again. */
function isCache(x: unknown): x is CacheFile {
  return (
    isObject(x) &&
    typeof x.version === 'number' &&
    typeof x.key === 'string' &&
    isObject(x.files) &&
    Object.values(x.files).every((f) => isObject(f) && typeof f.hash === 'string' && Array.isArray(f.referrals) && f.referrals.every(isCachedReferral))
  );
}

export function cacheView(cache: CacheFile, hashes: ReadonlyMap<string, string>): CacheView {
  return {
    referrals(file) {
      const entry = Object.hasOwn(cache.files, file) ? cache.files[file] : undefined;
      return entry && entry.hash === hashes.get(file) ? entry.referrals : undefined;
    },
  };
}

/** What a cached finding keeps: never --baseline's mark, never a personal value (--include-personal-data). */
const strip = ({ isNew: _isNew, value: _value, ...finding }: Finding): Finding => finding;

/**
 * The cache after a run: every file that was read whole, with the results of the rules that
 * may be replayed (`replayable` says which).
 */
export function buildCache(run: RunRecord, hashes: ReadonlyMap<string, string>, key: string, replayable: (ruleId: string) => boolean): CacheFile {
  const files: CacheFile['files'] = {};
  const failed = new Set(run.files.filter((f) => f.error !== undefined).map((f) => f.path));
  for (const record of run.referrals) {
    const hash = hashes.get(record.file);
    if (hash === undefined || failed.has(record.file)) continue;
    const entry = (files[record.file] ??= { hash, referrals: [] });
    // A rule run again on this referral is never replayed, so its findings are not kept: an
    // unknown key's name (--strict --include-personal-data) never reaches the cache.
    const live = record.rerun ?? [];
    const keep = (f: Finding) => replayable(f.ruleId) && !live.includes(f.ruleId);
    entry.referrals.push({
      pointer: record.pointer,
      ...(record.line !== undefined ? { line: record.line } : {}),
      findings: record.findings.filter(keep).map(strip),
      suppressed: record.suppressed.filter(keep).map(strip),
      outcomes: Object.fromEntries(Object.entries(record.outcomes).filter(([id]) => replayable(id))),
      live: record.rerun ?? [],
    });
  }
  // A file with no referral (only failed ones) is cached as such.
  for (const f of run.files) if (!failed.has(f.path) && hashes.has(f.path) && !files[f.path]) files[f.path] = { hash: hashes.get(f.path)!, referrals: [] };
  return { version: CACHE_VERSION, key, files };
}

export async function writeCache(path: string, cache: CacheFile): Promise<void> {
  await writeOutput(path, JSON.stringify(cache));
}

// Resource limits: how deep, how long and how large what the loader reads may be, so that a
// hostile or broken export fails one file or one referral with a clear reason instead of
// exhausting the stack or the heap. Reasons name paths and limits, never content.
import { joinPointer } from '../model/pointer.js';

export interface Limits {
  /** Nesting of objects and lists within one referral; the referral object itself is level 1. */
  maxDepth: number;
  /** Characters in one text value or key of a referral. */
  maxStringLength: number;
  /** Bytes in one NDJSON line (without its line break). */
  maxLineLength: number;
  /** Bytes of one referral's text in a JSON file (and of any other value the scanner holds). */
  maxReferralLength: number;
  /** Bytes in one YAML document. */
  maxDocumentLength: number;
  /** YAML alias uses per document (the yaml package's maxAliasCount). */
  maxAliasCount: number;
  /**
   * Tokens in one YAML document (keys, values, indicators, comments, line breaks...), counted
   * as the parser reads them: what parsing a document costs grows with its tokens, not its bytes.
   */
  maxDocumentTokens: number;
}

/** Far beyond any real referral: a concerns summary of 1,000,000 characters is a novel. */
export const DEFAULT_LIMITS: Readonly<Limits> = {
  maxDepth: 64,
  maxStringLength: 1_000_000,
  maxLineLength: 10 * 1024 * 1024,
  maxReferralLength: 10 * 1024 * 1024,
  maxDocumentLength: 16 * 1024 * 1024,
  maxAliasCount: 100,
  // The yaml package holds up to about 500 bytes of memory per token while parsing (a flow
  // list of one-character items); about 2,000,000 tokens is 9 MB of typical referrals.
  maxDocumentTokens: 2_000_000,
};

/**
 * The most maxDepth may be set to: the YAML parser recurses per level (it overflows the stack
 * at about 400 levels), and so do rules that walk a referral.
 */
export const MAX_DEPTH_CEILING = 256;

/** A byte limit stays below what one JavaScript string can hold once decoded. */
export const MAX_BYTES_CEILING = 256 * 1024 * 1024;

/** The limits in force: the configured ones over the defaults. */
export function resolveLimits(configured: Partial<Limits> = {}): Limits {
  return { ...DEFAULT_LIMITS, ...configured };
}

/** What breached a limit, and where: in the value of `at`, or in its member `token` (a text). */
type Breach = { kind: 'depth' | 'string' | 'key'; at: Frame; token?: string };

/** An object or list still to visit; its path is kept as a link to its parent's frame, built only for a breach. */
interface Frame {
  value: object;
  depth: number;
  parent?: Frame;
  token?: string;
}

function pointerOf({ at, token }: Breach): string {
  const tokens = token === undefined ? [] : [token];
  for (let frame: Frame | undefined = at; frame?.token !== undefined; frame = frame.parent) tokens.push(frame.token);
  return joinPointer('', ...tokens.reverse());
}

const isContainer = (value: unknown): value is object => value !== null && typeof value === 'object';

/**
 * The first breach of maxDepth or maxStringLength in a referral, depth first in key order;
 * an object's keys and texts are checked before what is nested in it. A loop with its own
 * stack, not recursion: a referral may be nested a million levels deep, or (through YAML
 * aliases) be cyclic, and the walk stops at maxDepth.
 */
function firstBreach(referral: object, { maxDepth, maxStringLength }: Pick<Limits, 'maxDepth' | 'maxStringLength'>): Breach | undefined {
  const stack: Frame[] = [{ value: referral, depth: 1 }];
  while (stack.length > 0) {
    const at = stack.pop()!;
    if (at.depth > maxDepth) return { kind: 'depth', at };
    const tokens = Array.isArray(at.value) ? undefined : Object.keys(at.value);
    const values: unknown[] = tokens ? tokens.map((key) => (at.value as Record<string, unknown>)[key]) : (at.value as unknown[]);
    for (let i = 0; i < values.length; i += 1) {
      const value = values[i];
      if (tokens && tokens[i]!.length > maxStringLength) return { kind: 'key', at };
      if (typeof value === 'string' && value.length > maxStringLength) return { kind: 'string', at, token: tokens ? tokens[i]! : String(i) };
    }
    // Last first onto the stack, so the first is the next one taken.
    for (let i = values.length - 1; i >= 0; i -= 1) {
      const value = values[i];
      if (isContainer(value)) stack.push({ value, depth: at.depth + 1, parent: at, token: tokens ? tokens[i]! : String(i) });
    }
  }
  return undefined;
}

/**
 * Whether a referral breaches maxDepth or maxStringLength anywhere: the check every
 * referral read pays for, so it keeps no paths and visits in no set order (about half the
 * cost of firstBreach, which then names the breach). A loop too, for the same reasons.
 */
function breaches(referral: object, { maxDepth, maxStringLength }: Pick<Limits, 'maxDepth' | 'maxStringLength'>): boolean {
  const values: object[] = [referral];
  const depths: number[] = [1];
  const tooLong = (value: unknown): boolean => typeof value === 'string' && value.length > maxStringLength;
  while (values.length > 0) {
    const value = values.pop()!;
    const depth = depths.pop()!;
    if (depth > maxDepth) return true;
    if (!Array.isArray(value) && Object.keys(value).some(tooLong)) return true;
    for (const child of Array.isArray(value) ? value : Object.values(value)) {
      if (tooLong(child)) return true;
      if (isContainer(child)) {
        values.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return false;
}

/**
 * Why a referral breaches maxDepth or maxStringLength; undefined when it does not. The
 * path is relative to the referral, as findings' pointers are.
 */
export function referralBreach(referral: object, limits: Pick<Limits, 'maxDepth' | 'maxStringLength'>): string | undefined {
  if (!breaches(referral, limits)) return undefined;
  const breach = firstBreach(referral, limits);
  if (!breach) return undefined;
  const pointer = pointerOf(breach);
  switch (breach.kind) {
    case 'depth':
      return `the value at ${pointer} is nested more than ${limits.maxDepth} levels deep (the limit is maxDepth)`;
    case 'string':
      return `the text at ${pointer} is longer than ${limits.maxStringLength} characters (the limit is maxStringLength)`;
    case 'key':
      return `a key of ${pointer === '' ? 'the referral' : `the object at ${pointer}`} is longer than ${limits.maxStringLength} characters (the limit is maxStringLength)`;
  }
}

/** NDJSON: a line over maxLineLength, which the splitter skipped without holding it. */
export function lineTooLong(limits: Pick<Limits, 'maxLineLength'>): string {
  return `the line is longer than ${limits.maxLineLength} bytes (the limit is maxLineLength)`;
}

/** JSON: a referral's text over maxReferralLength, which the scanner skipped without holding it. */
export function referralTooLong(limits: Pick<Limits, 'maxReferralLength'>): string {
  return `the referral is longer than ${limits.maxReferralLength} bytes (the limit is maxReferralLength)`;
}

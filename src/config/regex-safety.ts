// Regular expressions from a configuration (declarative rules' `pattern`, agencies'
// `patterns`) run on JavaScript's backtracking engine against text from referrals. Some
// patterns make it try exponentially many ways before it fails (`^(a+)+$` against
// "aaaa…!"): one such pattern would hang a run. This module finds them when the config
// loads, without running them, so that they are a configuration error.
//
// How. A backtracking engine takes exponential time only when, inside a repeated group, the
// text can be matched in more than one way from one iteration to the next. Inside each group
// repeated more than once, every choice the engine makes is checked:
//   - alternatives (`a|b`): the characters each can start with (or, when it can match
//     nothing, what follows it) must not overlap;
//   - a quantifier (`x*`, `x+`, `x?`, `x{1,3}`): the characters another repetition of `x`
//     can start with must not overlap with what may follow `x` (up to the end of the
//     repeated group, and round again to its start).
// When every choice is decided by the next character, an iteration matches its text one
// way only, and the work stays polynomial. A pattern that could be ambiguous is rejected:
// the check errs on the side of refusing (`(ab|ac)+` is refused, though harmless). It does
// not bound polynomial work: `.*a.*b` is accepted, and takes time growing with the square
// of a long text's length. A back-reference inside a repeated group is refused: what it
// matches is not known from the pattern.
//
// Characters are compared exactly where one side is a small set (a literal, \d, \w, \s, a
// class of a few thousand characters): each of its characters is tested against the other
// side as the engine itself reads it, with the pattern's flags (so case folding under `i`
// counts). Two large sets (`.`, \S, [^,], \p{L}) are taken to overlap.

/** A set of characters: how the engine reads it, and its members when there are few. */
interface CharSet {
  test: RegExp;
  /** Inclusive code point ranges, when they are few enough to list; else undefined. */
  ranges?: [number, number][];
}

/** More members than this and a set is not listed (each is tested against the other side). */
const LISTED = 5_000;

type Node =
  | { kind: 'char'; set: CharSet; from: number; to: number }
  | { kind: 'empty'; from: number; to: number }
  | { kind: 'look'; body: Node; from: number; to: number }
  | { kind: 'backref'; from: number; to: number }
  | { kind: 'seq'; items: Node[]; from: number; to: number }
  | { kind: 'alt'; options: Node[]; from: number; to: number }
  | { kind: 'group'; body: Node; from: number; to: number }
  | { kind: 'repeat'; body: Node; min: number; max: number; from: number; to: number };

const ANY: CharSet = { test: /^[^]$/u };

const DIGITS: [number, number][] = [[0x30, 0x39]];
const WORD: [number, number][] = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
];
const SPACE: [number, number][] = [
  [0x09, 0x0d],
  [0x20, 0x20],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
];

class Unsafe extends Error {}

/** Reads a pattern (already known to compile with the `u` flag) into the tree the check walks. */
class Parser {
  private at = 0;

  constructor(
    private readonly source: string,
    private readonly flags: string,
  ) {}

  parse(): Node {
    const node = this.disjunction();
    if (this.at < this.source.length) throw new Error(`unexpected ${this.source[this.at]!}`);
    return node;
  }

  private peek(): string | undefined {
    return this.source[this.at];
  }

  /** A set as the engine reads `text` (a class, an escape, a character), with the pattern's flags. */
  private set(text: string, from: number, ranges?: [number, number][]): CharSet {
    const size = ranges?.reduce((n, [lo, hi]) => n + hi - lo + 1, 0) ?? Infinity;
    const test = new RegExp(`^(?:${text})$`, this.flags);
    return size <= LISTED ? { test, ranges } : { test };
  }

  private disjunction(): Node {
    const from = this.at;
    const options = [this.alternative()];
    while (this.peek() === '|') {
      this.at += 1;
      options.push(this.alternative());
    }
    return options.length === 1 ? options[0]! : { kind: 'alt', options, from, to: this.at };
  }

  private alternative(): Node {
    const from = this.at;
    const items: Node[] = [];
    while (this.at < this.source.length && this.peek() !== '|' && this.peek() !== ')') items.push(this.term());
    if (items.length === 0) return { kind: 'empty', from, to: from };
    return items.length === 1 ? items[0]! : { kind: 'seq', items, from, to: this.at };
  }

  private term(): Node {
    const from = this.at;
    const atom = this.atom();
    const quantifier = /^(?:[*+?]|\{(\d+)(,(\d*))?\})\??/.exec(this.source.slice(this.at));
    if (!quantifier) return atom;
    this.at += quantifier[0].length;
    const sign = quantifier[0][0];
    let min: number;
    let max: number;
    if (sign === '*') [min, max] = [0, Infinity];
    else if (sign === '+') [min, max] = [1, Infinity];
    else if (sign === '?') [min, max] = [0, 1];
    else {
      min = Number(quantifier[1]);
      max = quantifier[2] === undefined ? min : quantifier[3] === '' ? Infinity : Number(quantifier[3]);
    }
    return { kind: 'repeat', body: atom, min, max, from, to: this.at };
  }

  private atom(): Node {
    const from = this.at;
    const c = this.source[this.at]!;
    if (c === '^' || c === '$') {
      this.at += 1;
      return { kind: 'empty', from, to: this.at };
    }
    if (c === '.') {
      this.at += 1;
      return { kind: 'char', set: this.set('.', from), from, to: this.at };
    }
    if (c === '(') return this.group();
    if (c === '[') return this.characterClass();
    if (c === '\\') return this.escape();
    const cp = this.source.codePointAt(this.at)!;
    this.at += cp > 0xffff ? 2 : 1;
    return { kind: 'char', set: this.set(this.source.slice(from, this.at), from, [[cp, cp]]), from, to: this.at };
  }

  private group(): Node {
    const from = this.at;
    const head = /^\((\?(?:[:=!]|<[=!]|<[^>]+>))?/.exec(this.source.slice(this.at))![0];
    this.at += head.length;
    const body = this.disjunction();
    this.at += 1; // ')'
    const look = head === '(?=' || head === '(?!' || head === '(?<=' || head === '(?<!';
    return look ? { kind: 'look', body, from, to: this.at } : { kind: 'group', body, from, to: this.at };
  }

  private escape(): Node {
    const from = this.at;
    const next = this.source[this.at + 1]!;
    if (next === 'b' || next === 'B') {
      this.at += 2;
      return { kind: 'empty', from, to: this.at };
    }
    if (/[1-9]/.test(next)) {
      this.at += 1 + /^\d+/.exec(this.source.slice(this.at + 1))![0].length;
      return { kind: 'backref', from, to: this.at };
    }
    if (next === 'k') {
      this.at += /^\\k<[^>]+>/.exec(this.source.slice(this.at))![0].length;
      return { kind: 'backref', from, to: this.at };
    }
    const { text, ranges } = this.escapeText(false);
    return { kind: 'char', set: this.set(text, from, ranges), from, to: this.at };
  }

  /** One escape at `at` (a backslash): its text, and its members when it names a few characters. */
  private escapeText(inClass: boolean): { text: string; ranges?: [number, number][]; single?: number } {
    const from = this.at;
    const next = this.source[this.at + 1]!;
    const fixed: Record<string, [number, number][]> = { d: DIGITS, w: WORD, s: SPACE };
    if (next in fixed) {
      this.at += 2;
      return { text: this.source.slice(from, this.at), ranges: fixed[next] };
    }
    if ('DWS'.includes(next)) {
      this.at += 2;
      return { text: this.source.slice(from, this.at) };
    }
    if (next === 'p' || next === 'P') {
      this.at += /^\\[pP]\{[^}]*\}/.exec(this.source.slice(this.at))![0].length;
      return { text: this.source.slice(from, this.at) };
    }
    const escaped = /^\\(?:c[A-Za-z]|x[0-9A-Fa-f]{2}|u\{[0-9A-Fa-f]+\}|u[0-9A-Fa-f]{4}(?:\\u[0-9A-Fa-f]{4})?|0|[^])/u.exec(this.source.slice(this.at))![0];
    this.at += escaped.length;
    // The character it stands for, as the engine reads it: a class of one, so \b in a class is a backspace.
    const single = new RegExp(`[${escaped}]`, 'u');
    for (const probe of inClass && escaped === '\\b' ? [8] : candidates(escaped)) {
      if (single.test(String.fromCodePoint(probe))) return { text: escaped, ranges: [[probe, probe]], single: probe };
    }
    return { text: escaped };
  }

  private characterClass(): Node {
    const from = this.at;
    this.at += 1;
    const negated = this.peek() === '^';
    if (negated) this.at += 1;
    const ranges: [number, number][] = [];
    let listed = !negated;
    while (this.peek() !== ']') {
      const lo = this.classAtom();
      if (this.peek() === '-' && this.source[this.at + 1] !== ']' && lo.single !== undefined) {
        this.at += 1;
        const hi = this.classAtom();
        if (hi.single !== undefined) ranges.push([lo.single, hi.single]);
        else listed = false;
      } else if (lo.ranges) ranges.push(...lo.ranges);
      else listed = false;
    }
    this.at += 1;
    const text = this.source.slice(from, this.at);
    return { kind: 'char', set: this.set(text, from, listed ? ranges : undefined), from, to: this.at };
  }

  private classAtom(): { ranges?: [number, number][]; single?: number } {
    if (this.peek() === '\\') return this.escapeText(true);
    const cp = this.source.codePointAt(this.at)!;
    this.at += cp > 0xffff ? 2 : 1;
    return { ranges: [[cp, cp]], single: cp };
  }
}

/** The code points an escape such as \n, \x41, \u{1F600} or \. may stand for (the engine's reading decides). */
function candidates(escaped: string): number[] {
  const hex = /^\\(?:x|u\{?)([0-9A-Fa-f]+)/.exec(escaped);
  if (hex) return [Number.parseInt(hex[1]!, 16)];
  const surrogates = /^\\u([0-9A-Fa-f]{4})\\u([0-9A-Fa-f]{4})$/.exec(escaped);
  if (surrogates) return [String.fromCharCode(Number.parseInt(surrogates[1]!, 16), Number.parseInt(surrogates[2]!, 16)).codePointAt(0)!];
  const controls: Record<string, number> = { t: 9, n: 10, v: 11, f: 12, r: 13, '0': 0 };
  const c = escaped.slice(1);
  if (c in controls) return [controls[c]!];
  if (c[0] === 'c') return [c.charCodeAt(1) % 32];
  return [c.codePointAt(0)!];
}

/** Whether some character is in both sets. */
function overlap(a: CharSet, b: CharSet): boolean {
  const [listed, other] = a.ranges ? [a, b] : b.ranges ? [b, a] : [undefined, undefined];
  if (!listed || !other) return true; // two large sets: taken to overlap
  for (const [lo, hi] of listed.ranges!) {
    for (let cp = lo; cp <= hi; cp += 1) if (other.test.test(String.fromCodePoint(cp))) return true;
  }
  return false;
}

function anyOverlap(a: readonly CharSet[], b: readonly CharSet[]): boolean {
  return a.some((x) => b.some((y) => overlap(x, y)));
}

function nullable(node: Node): boolean {
  switch (node.kind) {
    case 'char':
      return false;
    case 'seq':
      return node.items.every(nullable);
    case 'alt':
      return node.options.some(nullable);
    case 'group':
      return nullable(node.body);
    case 'repeat':
      return node.min === 0 || nullable(node.body);
    default:
      return true; // empty, assertions, lookarounds, back-references (which may match nothing)
  }
}

/** The characters a match of `node` can start with (a back-reference: any). */
function first(node: Node): CharSet[] {
  switch (node.kind) {
    case 'char':
      return [node.set];
    case 'backref':
      return [ANY];
    case 'seq': {
      const sets: CharSet[] = [];
      for (const item of node.items) {
        sets.push(...first(item));
        if (!nullable(item)) break;
      }
      return sets;
    }
    case 'alt':
      return node.options.flatMap(first);
    case 'group':
      return first(node.body);
    case 'repeat':
      return node.max === 0 ? [] : first(node.body);
    default:
      return [];
  }
}

/**
 * Checks every choice inside a group repeated more than once. `follow`: the characters that
 * may come after `node`, within the outermost repeated group around it (and round again to
 * its start); `loop`: that group, or undefined outside any.
 */
function check(node: Node, follow: CharSet[], loop: Node | undefined, text: (n: Node) => string): void {
  switch (node.kind) {
    case 'seq':
      node.items.forEach((item, i) => {
        const rest = node.items.slice(i + 1);
        const after: CharSet[] = [];
        let reachesEnd = true;
        for (const next of rest) {
          after.push(...first(next));
          if (!nullable(next)) {
            reachesEnd = false;
            break;
          }
        }
        check(item, reachesEnd ? [...after, ...follow] : after, loop, text);
      });
      return;
    case 'alt': {
      if (loop) {
        const starts = node.options.map((o) => (nullable(o) ? [...first(o), ...follow] : first(o)));
        for (let i = 0; i < starts.length; i += 1) {
          for (let j = i + 1; j < starts.length; j += 1) {
            if (anyOverlap(starts[i]!, starts[j]!)) {
              throw new Unsafe(`the alternatives ${text(node.options[i]!) || '(nothing)'} and ${text(node.options[j]!) || '(nothing)'} inside the repeated ${text(loop)} can match the same text`);
            }
          }
        }
      }
      for (const option of node.options) check(option, follow, loop, text);
      return;
    }
    case 'group':
      check(node.body, follow, loop, text);
      return;
    case 'look':
      // Matched on its own, wherever it stands: its own repeated groups are checked alone.
      check(node.body, [], undefined, text);
      return;
    case 'backref':
      if (loop) throw new Unsafe(`the back-reference ${text(node)} inside the repeated ${text(loop)} cannot be checked`);
      return;
    case 'repeat': {
      const again = first(node.body);
      if (!loop) {
        // The outermost repeated group: what comes after it plays no part in its iterations.
        if (node.max >= 2) check(node.body, again, node, text);
        else check(node.body, follow, undefined, text);
        return;
      }
      if (node.min < node.max && anyOverlap(again, follow)) {
        throw new Unsafe(`the quantified ${text(node)} inside the repeated ${text(loop)} can match the same text as what may follow it`);
      }
      check(node.body, node.max >= 2 ? [...again, ...follow] : follow, loop, text);
      return;
    }
    default:
      return;
  }
}

/**
 * Why `pattern`, compiled with `flags` (which must include `u`), can take exponential time
 * to match on a backtracking engine; undefined when it cannot. The pattern must compile.
 */
export function catastrophicBacktracking(pattern: string, flags: string): string | undefined {
  const text = (n: Node): string => pattern.slice(n.from, n.to);
  try {
    check(new Parser(pattern, flags).parse(), [], undefined, text);
    return undefined;
  } catch (error) {
    if (error instanceof Unsafe) return error.message;
    // Refused rather than run unchecked: a pattern nested past the stack, or a form this reader does not know.
    return error instanceof RangeError ? 'it is nested too deeply to be checked' : 'it could not be checked (a form of regular expression the check does not read)';
  }
}

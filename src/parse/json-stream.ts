// JSON files read as a stream: a boundary scanner finds each referral's byte range (the
// elements of a top-level array, or of an export envelope's "referrals") and hands it to
// JSON.parse, so memory holds one referral at a time, never the whole file. Structural
// characters are ASCII, so scanning UTF-8 bytes is safe; strings are skipped with their escapes.
// A value longer than the scanner's limit (maxReferralLength) is scanned on without its bytes
// being kept, so memory stays bounded by the limit whatever the file holds. Columns count
// characters as JavaScript strings do (UTF-16 code units), as positions in a text read whole do.
// A syntax error the scanner meets between values is placed where it is; one inside a value
// is found by the loader in that value's text (src/parse/json-parse.ts), so no error needs the file again.
import { concatBytes, EMPTY_BYTES, utf8Text } from './bytes.js';
import { BACKSLASH, CLOSE_BRACE, CLOSE_BRACKET, COLON, COMMA, OPEN_BRACE, OPEN_BRACKET, QUOTE } from './json-chars.js';
import { isJsonSpace as isSpace, misplaced, type Enclosing, type JsonErrorCode } from './json-parse.js';
import { REFERRAL_REQUIRED_KEYS } from '../schema/referral-schema.js';

const REFERRAL_KEYS: ReadonlySet<string> = new Set(REFERRAL_REQUIRED_KEYS);

const NEWLINE = 0x0a;

/**
 * Counts the UTF-16 code units (JavaScript string indexes) that UTF-8 bytes, fed in pieces,
 * decode to as the scanner's texts are decoded (TextDecoder, src/parse/bytes.ts): a malformed
 * sequence is one U+FFFD, as the WHATWG decoder does, so a column counted here is the index
 * in the decoded text.
 */
class Utf16Counter {
  units = 0;
  /** Continuation bytes the sequence being read still needs, and the range the next one must be in. */
  private needed = 0;
  private lower = 0x80;
  private upper = 0xbf;
  private fourBytes = false;

  reset(): void {
    this.units = 0;
    this.needed = 0;
    this.lower = 0x80;
    this.upper = 0xbf;
  }

  feed(bytes: Uint8Array, from: number, to: number): void {
    for (let i = from; i < to; i += 1) {
      const b = bytes[i]!;
      if (this.needed > 0) {
        if (b >= this.lower && b <= this.upper) {
          this.lower = 0x80;
          this.upper = 0xbf;
          this.needed -= 1;
          if (this.needed === 0) this.units += this.fourBytes ? 2 : 1; // beyond U+FFFF: a surrogate pair
          continue;
        }
        // The sequence is cut short: one U+FFFD, and this byte starts afresh.
        this.units += 1;
        this.needed = 0;
        this.lower = 0x80;
        this.upper = 0xbf;
      }
      if (b < 0x80) this.units += 1;
      else if (b >= 0xc2 && b <= 0xdf) this.start(1, b);
      else if (b >= 0xe0 && b <= 0xef) this.start(2, b);
      else if (b >= 0xf0 && b <= 0xf4) this.start(3, b);
      else this.units += 1; // a byte no sequence starts with: U+FFFD
    }
  }

  /** The units before a byte that is next, a sequence cut short by it counted as its U+FFFD. */
  before(next: number): number {
    return this.units + (this.needed > 0 && (next < this.lower || next > this.upper) ? 1 : 0);
  }

  private start(needed: number, lead: number): void {
    this.needed = needed;
    this.fourBytes = needed === 3;
    if (lead === 0xe0) this.lower = 0xa0;
    else if (lead === 0xed) this.upper = 0x9f;
    else if (lead === 0xf0) this.lower = 0x90;
    else if (lead === 0xf4) this.upper = 0x8f;
  }
}

/** What the scanner finds, in file order. */
export type ScanItem =
  /** A referral's text: an element of the top-level array or of the envelope's "referrals". */
  | { kind: 'element'; pointer: string; text: string; line: number; column: number }
  /** A top-level key of an envelope other than "referrals", with its value's text. */
  | { kind: 'member'; key: string; text: string; line: number; column: number }
  /** The whole top-level value, when it is neither an array nor an envelope (one referral, or not a container); where it starts. */
  | { kind: 'whole'; text: string; line: number; column: number }
  /** The top-level object is an export envelope: its "referrals" list starts here; `keys`: its keys before it. */
  | { kind: 'envelope'; keys: string[] }
  /**
   * A streamed envelope turned out to have a referral's required key (`key`, here) and no
   * "export" header: by the keys before its list it was an envelope, by all of them one
   * referral. After the envelope's last member.
   */
  | { kind: 'referral-key-in-envelope'; key: string; line: number; column: number }
  /** The envelope's "referrals" is not a list: its value's text. */
  | { kind: 'referrals-not-a-list'; text: string; line: number; column: number }
  /** A referral longer than the limit (an element, or the one top-level object), skipped unread. */
  | { kind: 'too-long'; pointer: string; line: number; column: number }
  /** A top-level key's value longer than the limit, skipped unread. */
  | { kind: 'member-too-long'; key: string; line: number; column: number }
  /** A top-level value that is no container (text, a number...) longer than the limit. */
  | { kind: 'value-too-long'; line: number; column: number }
  /** A key of the top-level object written again: `key` is the repeat, at `line` and `column`. */
  | { kind: 'repeated-key'; key: string; line: number; column: number }
  /** The top-level object's keys add up to more than the limit: repeats are no longer looked for. */
  | { kind: 'keys-too-long'; line: number; column: number }
  /** A key of the top-level object longer than the limit: the file cannot be read on. The last item. */
  | { kind: 'key-too-long'; line: number; column: number }
  /** The text is not valid JSON: the last item. See SyntaxErrorItem. */
  | SyntaxErrorItem;

/**
 * The first syntax error, at `line` and `column` with `code`, unless `partial` holds an
 * earlier one: the text of the value (or key) being read when the scanner met the error,
 * from where it starts (the file ends in it, or a scalar runs into a bracket). The loader
 * looks in it first (firstJsonError); it is absent when the value was too long to keep.
 */
export interface SyntaxErrorItem {
  kind: 'syntax-error';
  code: JsonErrorCode;
  line: number;
  column: number;
  partial?: { text: string; line: number; column: number; enclosing: Enclosing; atEnd: boolean };
}

type Mode =
  | 'start' // before the top-level value
  | 'array' // inside the top-level array, between elements
  | 'object' // inside the top-level object, between members
  | 'whole' // retaining a top-level value that is not a container of referrals
  | 'done' // after the top-level value
  | 'failed'; // after a syntax error or a key too long: nothing more is read

/**
 * Push chunks in, take items out. `maxLength`: the most bytes of one value (a referral, an
 * envelope's member, or the top-level object until it is known to be an envelope) held.
 * Whether a value is too long depends on its length alone, not on where chunks are cut:
 * from its first byte to the comma or bracket that ends it.
 */
export class JsonBoundaryScanner {
  private buffer: Uint8Array = EMPTY_BYTES;
  /** Absolute offset of buffer[0] in the file. */
  private base = 0;
  /** Absolute offset scanning has reached. */
  private pos = 0;
  private line = 1;
  /** Offset up to which the current line's bytes are counted in characters (from the line's start), and the count. */
  private counted = 0;
  private readonly characters = new Utf16Counter();
  private mode: Mode = 'start';
  private sawBom = false;

  // The value being scanned (an element, a member's value, or the whole value).
  private valueStart = -1;
  private valueLine = 0;
  private valueColumn = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** The value is longer than maxLength: scanned on, its bytes not kept. */
  private valueTooLong = false;

  // Envelope members.
  private key: string | undefined;
  private keyStart = -1;
  private keyLine = 0;
  private keyColumn = 0;
  private expect: 'key' | 'colon' | 'value' | 'comma' = 'key';
  private inReferrals = false;
  private referralsExpect: 'first' | 'element' | 'comma' = 'first';
  private index = 0;
  private sawReferrals = false;
  private afterComma = false;
  /** Offset where the whole top-level object starts, kept until we know it is an envelope. */
  private objectStart = -1;
  private objectLine = 0;
  private objectColumn = 0;
  /** The top-level object grew longer than maxLength before it was known to be an envelope: no longer kept. */
  private objectTooLong = false;
  /** The top-level object's keys, to find one written twice; undefined once they add up to more than maxLength. */
  private topKeys: Set<string> | undefined = new Set();
  private topKeysLength = 0;
  /** The top-level object has an "export" key; the first referral required key it has (id, receivedAt, referrer, child). */
  private sawExport = false;
  private referralKey: string | undefined;
  /** The top-level object had a referral's key and no "export" before its "referrals": one referral, read whole. */
  private oneReferral = false;
  /** A referral's key met after a streamed envelope's list, while no "export" was seen. */
  private lateReferralKey: { key: string; line: number; column: number } | undefined;
  /** A syntax error whose words wait for the byte after it (a `/` may start a comment), or the end. */
  private pendingError: { expected: JsonErrorCode; offset: number; line: number; column: number } | undefined;

  constructor(private readonly maxLength = Number.POSITIVE_INFINITY) {}

  /** Items found in the chunk, in file order; a syntax error, or a key too long, is the last item ever. */
  push(chunk: Uint8Array): ScanItem[] {
    const items: ScanItem[] = [];
    if (this.pendingError) {
      items.push(this.errorItem(chunk[0]));
      return items;
    }
    if (this.mode === 'failed') return items;
    this.buffer = this.buffer.length === 0 ? chunk : concatBytes([this.buffer, chunk]);
    this.scan(items);
    if (this.hasFailed()) return items;
    this.dropTooLong(items);
    this.compact();
    return items;
  }

  /** Call at the end of input: the last items; a file that ends before its value does ends in a syntax error. */
  end(): ScanItem[] {
    const items: ScanItem[] = [];
    if (this.pendingError) items.push(this.errorItem(undefined));
    if (this.mode === 'failed' || this.mode === 'done' || this.mode === 'start') return items;
    const end = this.base + this.buffer.length;
    if (this.mode === 'whole' && this.valueStart >= 0 && this.depth === 0 && !this.inString) {
      // A top-level scalar ends at the end of the file.
      items.push(this.isTooLong(end) ? { kind: 'value-too-long', line: this.valueLine, column: this.valueColumn } : { kind: 'whole', text: this.slice(this.valueStart, end), line: this.valueLine, column: this.valueColumn });
      this.mode = 'done';
      return items;
    }
    items.push(this.endOfFileError(end));
    this.mode = 'failed';
    return items;
  }

  /** Scanning stopped at a syntax error or a key too long. */
  private hasFailed(): boolean {
    return this.mode === 'failed';
  }

  /** True when the input held nothing but whitespace (and a byte order mark). */
  isEmpty(): boolean {
    return this.mode === 'start';
  }

  /** The syntax error of a file that ends here, before its value is whole. */
  private endOfFileError(end: number): SyntaxErrorItem {
    const at = { line: this.line, column: this.column(end) };
    // The value or key being read, when it is kept: the first error may be in it, else it is what the end cuts short.
    const held = (start: number, line: number, column: number, enclosing: Enclosing, tooLong: boolean): SyntaxErrorItem => ({
      kind: 'syntax-error',
      code: tooLong ? 'UnexpectedEndOfFile' : 'ValueExpected',
      ...at,
      ...(tooLong ? {} : { partial: { text: this.slice(start, end), line, column, enclosing, atEnd: true } }),
    });
    const error = (code: JsonErrorCode): SyntaxErrorItem => ({ kind: 'syntax-error', code, ...at });
    if (this.mode === 'whole') return held(this.valueStart, this.valueLine, this.valueColumn, 'top', this.isTooLong(end));
    if (this.mode === 'array' || this.inReferrals) {
      if (this.valueStart >= 0) return held(this.valueStart, this.valueLine, this.valueColumn, 'array', this.isTooLong(end));
      return error(this.referralsExpect === 'first' ? 'CloseBracketExpected' : 'ValueExpected');
    }
    // The top-level object.
    switch (this.expect) {
      case 'key':
        if (this.keyStart >= 0) return held(this.keyStart, this.keyLine, this.keyColumn, 'top', false);
        return error(this.afterComma ? 'PropertyNameExpected' : 'CloseBraceExpected');
      case 'colon':
        return error('ColonExpected');
      case 'value':
        if (this.valueStart >= 0) return held(this.valueStart, this.valueLine, this.valueColumn, 'object', this.isTooLong(end));
        return error('ValueExpected');
      case 'comma':
        return error('CloseBraceExpected');
    }
  }

  /**
   * Stops at a syntax error at `offset`: `expected` is what should have been there. Whether a
   * `/` starts a comment depends on the byte after it, which may be in the next chunk.
   */
  private fail(expected: JsonErrorCode, offset: number, items: ScanItem[]): void {
    this.mode = 'failed';
    this.pendingError = { expected, offset, line: this.line, column: this.column(offset) };
    const next = offset + 1 - this.base;
    if (this.byteAt(offset) !== 0x2f || next < this.buffer.length) items.push(this.errorItem(this.buffer[next]));
  }

  private errorItem(next: number | undefined): SyntaxErrorItem {
    const { expected, offset, line, column } = this.pendingError!;
    this.pendingError = undefined;
    return { kind: 'syntax-error', code: misplaced(this.byteAt(offset), next, expected), line, column };
  }

  private slice(from: number, to: number): string {
    return utf8Text(this.buffer, from - this.base, to - this.base);
  }

  private byteAt(offset: number): number {
    return this.buffer[offset - this.base]!;
  }

  /** Whether the value being scanned, ending before `end`, is longer than maxLength. */
  private isTooLong(end: number): boolean {
    return this.valueTooLong || end - this.valueStart > this.maxLength;
  }

  /**
   * At the end of a chunk: stops keeping what has grown past maxLength. A value or object
   * that has is too long whatever follows, so the outcome does not depend on the chunks.
   */
  private dropTooLong(items: ScanItem[]): void {
    const end = this.base + this.buffer.length;
    if (this.keyStart >= 0 && end - this.keyStart > this.maxLength) {
      items.push({ kind: 'key-too-long', line: this.keyLine, column: this.keyColumn });
      this.mode = 'failed';
      return;
    }
    if (this.valueStart >= 0 && this.isTooLong(end)) this.valueTooLong = true;
    if (this.objectStart >= 0 && end - this.objectStart > this.maxLength) {
      this.objectStart = -1;
      this.objectTooLong = true;
    }
  }

  /** Drops bytes no item can need any more. */
  private compact(): void {
    const keep = [this.valueTooLong ? -1 : this.valueStart, this.keyStart, this.objectStart].filter((o) => o >= 0);
    const from = keep.length > 0 ? Math.min(...keep) : this.pos;
    if (from > this.base) {
      this.countTo(from); // what is dropped is counted first
      this.buffer = this.buffer.subarray(from - this.base);
      this.base = from;
    }
  }

  /** The 1-based column of the byte at `offset`, in characters (UTF-16 code units, as string indexes count). */
  private column(offset: number): number {
    this.countTo(offset);
    return this.characters.before(this.byteAt(offset)) + 1;
  }

  /** Counts the current line's characters up to `offset`: called with offsets that only grow, and before bytes are dropped. */
  private countTo(offset: number): void {
    if (offset <= this.counted) return;
    this.characters.feed(this.buffer, this.counted - this.base, offset - this.base);
    this.counted = offset;
  }

  private startLine(offset: number): void {
    this.counted = offset;
    this.characters.reset();
  }

  /** Scans one byte of a value being skipped over (strings, nesting); returns true when the value ended before this byte. */
  private scanValueByte(b: number): 'inside' | 'ended' {
    if (this.inString) {
      if (this.escaped) this.escaped = false;
      else if (b === BACKSLASH) this.escaped = true;
      else if (b === QUOTE) this.inString = false;
      return 'inside';
    }
    if (b === QUOTE) {
      this.inString = true;
      return 'inside';
    }
    if (b === OPEN_BRACE || b === OPEN_BRACKET) {
      this.depth += 1;
      return 'inside';
    }
    if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
      if (this.depth === 0) return 'ended';
      this.depth -= 1;
      return 'inside';
    }
    if (b === COMMA && this.depth === 0) return 'ended';
    return 'inside';
  }

  private startValue(offset: number): void {
    this.valueStart = offset;
    this.valueLine = this.line;
    this.valueColumn = this.column(offset);
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
    this.valueTooLong = false;
  }

  /** The text of the value that started at valueStart and ended before `end`, without trailing space (never empty: it starts with a byte that is no space). */
  private valueText(end: number): string {
    let to = end;
    while (to > this.valueStart && isSpace(this.byteAt(to - 1))) to -= 1;
    return this.slice(this.valueStart, to);
  }

  private scan(items: ScanItem[]): void {
    const limit = this.base + this.buffer.length;
    while (this.pos < limit && this.mode !== 'failed') {
      if (this.inString && !this.escaped) {
        // Inside a string only a quote or a backslash matters: jump to the next one. (A raw
        // newline in a string is invalid JSON; JSON.parse reports it.)
        // One pass over the bytes for whichever of the two comes first (a plain loop: most
        // strings are short, and no view of the bytes is made for each).
        const bytes = this.buffer;
        const length = bytes.length;
        let next = this.pos - this.base;
        while (next < length) {
          const c = bytes[next]!;
          if (c === QUOTE || c === BACKSLASH) break;
          next += 1;
        }
        if (next === length) {
          this.pos = limit;
          break;
        }
        this.pos = this.base + next;
      }
      const offset = this.pos;
      const b = this.byteAt(offset);
      this.pos += 1;
      this.step(b, offset, items);
      if (b === NEWLINE) {
        this.line += 1;
        this.startLine(offset + 1);
      }
    }
  }

  private step(b: number, offset: number, items: ScanItem[]): void {
    switch (this.mode) {
      case 'start':
        if (offset === 0 && b === 0xef) {
          this.sawBom = true;
          return;
        }
        if (this.sawBom && offset <= 2 && (b === 0xbb || b === 0xbf)) {
          if (offset === 2) this.startLine(3);
          return;
        }
        if (isSpace(b)) return;
        if (b === OPEN_BRACKET) {
          this.mode = 'array';
          this.referralsExpect = 'first';
          this.valueStart = -1;
        } else if (b === OPEN_BRACE) {
          this.mode = 'object';
          this.objectStart = offset;
          this.objectLine = this.line;
          this.objectColumn = this.column(offset);
          this.expect = 'key';
        } else {
          this.mode = 'whole';
          this.startValue(offset);
          this.scanValueByte(b);
        }
        return;
      case 'array':
        this.elementsStep(b, offset, items, '');
        return;
      case 'object':
        this.objectStep(b, offset, items);
        return;
      case 'whole':
        if (this.scanValueByte(b) === 'ended') {
          // A scalar runs into a comma or a bracket: the scalar may be broken before it.
          const partial = { text: this.valueText(offset), line: this.valueLine, column: this.valueColumn, enclosing: 'top' as const, atEnd: false };
          this.mode = 'failed';
          items.push({ kind: 'syntax-error', code: 'EndOfFileExpected', line: this.line, column: this.column(offset), ...(this.isTooLong(offset) ? {} : { partial }) });
        }
        return;
      case 'done':
        if (!isSpace(b)) this.fail('EndOfFileExpected', offset, items);
        return;
      case 'failed':
        return;
    }
  }

  /** Between and inside the elements of a list of referrals; `base` prefixes pointers. Returns true when the list closed. */
  private elementsStep(b: number, offset: number, items: ScanItem[], base: string): boolean {
    if (this.valueStart >= 0) {
      if (this.scanValueByte(b) === 'inside') return false;
      // The element ended at a comma or the list's closing bracket.
      const pointer = `${base}/${this.index}`;
      const { valueLine: line, valueColumn: column } = this;
      items.push(this.isTooLong(offset) ? { kind: 'too-long', pointer, line, column } : { kind: 'element', pointer, text: this.valueText(offset), line, column });
      this.index += 1;
      this.valueStart = -1;
      if (b === COMMA) {
        this.referralsExpect = 'element';
        return false;
      }
      if (b === CLOSE_BRACKET) return this.closeList();
      // A closing brace: the list is not closed by it.
      this.fail('CommaExpected', offset, items);
      return false;
    }
    if (isSpace(b)) return false;
    if (b === CLOSE_BRACKET && this.referralsExpect === 'first') return this.closeList();
    if (b === COMMA || b === CLOSE_BRACKET || b === CLOSE_BRACE || b === COLON) {
      this.fail('ValueExpected', offset, items);
      return false;
    }
    this.startValue(offset);
    this.scanValueByte(b);
    return false;
  }

  private closeList(): boolean {
    if (this.mode === 'array') this.mode = 'done';
    return true;
  }

  private objectStep(b: number, offset: number, items: ScanItem[]): void {
    if (this.inReferrals) {
      if (this.elementsStep(b, offset, items, '/referrals')) {
        this.inReferrals = false;
        this.expect = 'comma';
      }
      return;
    }
    switch (this.expect) {
      case 'key':
        if (this.keyStart >= 0) {
          if (this.inString) {
            if (this.escaped) this.escaped = false;
            else if (b === BACKSLASH) this.escaped = true;
            else if (b === QUOTE) {
              this.inString = false;
              if (offset + 1 - this.keyStart > this.maxLength) {
                items.push({ kind: 'key-too-long', line: this.keyLine, column: this.keyColumn });
                this.mode = 'failed';
                return;
              }
              const text = this.slice(this.keyStart, offset + 1);
              let key: string;
              try {
                key = JSON.parse(text) as string;
              } catch {
                // A broken escape or a control character: placed in the key's text.
                items.push({ kind: 'syntax-error', code: 'UnexpectedEndOfString', line: this.keyLine, column: this.keyColumn, partial: { text, line: this.keyLine, column: this.keyColumn, enclosing: 'top', atEnd: true } });
                this.mode = 'failed';
                return;
              }
              this.takeKey(key, offset + 1 - this.keyStart, items);
              this.key = key;
              this.keyStart = -1;
              this.expect = 'colon';
            }
          }
          return;
        }
        if (isSpace(b)) return;
        if (b === CLOSE_BRACE && !this.afterComma) return this.endObject(offset, items);
        if (b === COMMA) return this.fail('ValueExpected', offset, items);
        if (b !== QUOTE) return this.fail('PropertyNameExpected', offset, items);
        this.keyStart = offset;
        this.keyLine = this.line;
        this.keyColumn = this.column(offset);
        this.afterComma = false;
        this.inString = true;
        this.escaped = false;
        return;
      case 'colon':
        if (isSpace(b)) return;
        if (b !== COLON) return this.fail('ColonExpected', offset, items);
        this.expect = 'value';
        return;
      case 'value':
        if (this.valueStart < 0) {
          if (isSpace(b)) return;
          // An object with a referral's key and no "export" header before its "referrals" is one referral whose field that is.
          if (this.key === 'referrals' && !this.sawReferrals) this.oneReferral = this.referralKey !== undefined && !this.sawExport;
          if (this.key === 'referrals' && b === OPEN_BRACKET && !this.sawReferrals && !this.oneReferral) {
            // An envelope: stream its referrals; the object's own text is no longer needed whole.
            this.sawReferrals = true;
            this.objectStart = -1;
            items.push({ kind: 'envelope', keys: [...(this.topKeys ?? [])] });
            this.inReferrals = true;
            this.referralsExpect = 'first';
            this.index = 0;
            return;
          }
          this.startValue(offset);
          this.scanValueByte(b);
          return;
        }
        if (this.scanValueByte(b) === 'inside') return;
        {
          const { valueLine: line, valueColumn: column } = this;
          const key = this.key!;
          if (b === CLOSE_BRACKET) {
            // Not a member's end: a syntax error, which comes before anything the member's value could fail for.
            const partial = { text: this.valueText(offset), line, column, enclosing: 'object' as const, atEnd: false };
            this.mode = 'failed';
            items.push({ kind: 'syntax-error', code: 'CommaExpected', line: this.line, column: this.column(offset), ...(this.isTooLong(offset) ? {} : { partial }) });
            return;
          }
          if (this.isTooLong(offset)) {
            items.push({ kind: 'member-too-long', key, line, column });
          } else if (key === 'referrals' && !this.sawReferrals && !this.oneReferral) {
            items.push({ kind: 'referrals-not-a-list', text: this.valueText(offset), line, column });
          } else {
            items.push({ kind: 'member', key, text: this.valueText(offset), line, column });
          }
          if (key === 'referrals' && !this.sawReferrals && !this.oneReferral) {
            this.sawReferrals = true;
            this.objectStart = -1;
          }
          this.valueStart = -1;
          this.expect = 'comma';
          this.memberEnd(b, offset, items);
        }
        return;
      case 'comma':
        if (isSpace(b)) return;
        this.memberEnd(b, offset, items);
        return;
    }
  }

  /** After a member's value: a comma (another member) or the closing brace. */
  private memberEnd(b: number, offset: number, items: ScanItem[]): void {
    if (b === COMMA) {
      this.expect = 'key';
      this.key = undefined;
      this.afterComma = true;
      return;
    }
    if (b === CLOSE_BRACE) return this.endObject(offset, items);
    this.fail('CommaExpected', offset, items);
  }

  /** A key of the top-level object: a repeat is an item (it fails an envelope); keys are kept up to maxLength bytes in all. */
  private takeKey(key: string, length: number, items: ScanItem[]): void {
    if (key === 'export') this.sawExport = true;
    if (REFERRAL_KEYS.has(key)) {
      this.referralKey ??= key;
      if (this.sawReferrals && !this.sawExport) this.lateReferralKey ??= { key, line: this.keyLine, column: this.keyColumn };
    }
    if (!this.topKeys) return;
    if (this.topKeys.has(key)) {
      items.push({ kind: 'repeated-key', key, line: this.keyLine, column: this.keyColumn });
      return;
    }
    this.topKeysLength += length;
    if (this.topKeysLength > this.maxLength) {
      this.topKeys = undefined;
      items.push({ kind: 'keys-too-long', line: this.keyLine, column: this.keyColumn });
      return;
    }
    this.topKeys.add(key);
  }

  private endObject(offset: number, items: ScanItem[]): void {
    if (this.sawReferrals && this.lateReferralKey && !this.sawExport) items.push({ kind: 'referral-key-in-envelope', ...this.lateReferralKey });
    if (!this.sawReferrals) {
      // No envelope: the object is the one referral of the file.
      const tooLong = this.objectTooLong || offset + 1 - this.objectStart > this.maxLength;
      const { objectLine: line, objectColumn: column } = this;
      items.push(tooLong ? { kind: 'too-long', pointer: '', line, column } : { kind: 'whole', text: this.slice(this.objectStart, offset + 1), line, column });
    }
    this.objectStart = -1;
    this.mode = 'done';
  }
}

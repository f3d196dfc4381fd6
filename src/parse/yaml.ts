// YAML files: one or more documents (`---`), each one of the container shapes. The core
// schema (YAML 1.2) keeps unquoted dates and times as the strings written. Files are read as
// a stream and parsed a document at a time, so memory holds the largest document, not the file;
// a document is refused as the parser reads it once it holds more than maxDocumentTokens
// tokens, so no document costs more memory than that many tokens do.
import { Composer, isAlias, isScalar, Lexer, LineCounter, Parser, visit, type CST, type Document, type YAMLError } from 'yaml';
import { utf8ByteLength } from './bytes.js';
import { splitContainer } from './containers.js';
import { stripBom } from './json.js';
import { DEFAULT_LIMITS, type Limits } from './limits.js';
import { yamlLocator } from './yaml-positions.js';
import type { LoadEvent, Locator, Position } from './types.js';
import { activeTimings, timedSteps } from '../model/timing.js';

const WORDS: Record<string, string> = {
  BAD_INDENT: 'bad indentation',
  TAB_AS_INDENT: 'a tab used for indentation',
  DUPLICATE_KEY: 'a key is repeated in the same mapping',
  MISSING_CHAR: 'a closing quote or bracket is missing',
  MULTILINE_IMPLICIT_KEY: 'a key spans more than one line',
  BLOCK_AS_IMPLICIT_KEY: 'a nested block where a key was expected',
  UNEXPECTED_TOKEN: 'an unexpected character',
  BAD_SCALAR_START: 'a value starts with a reserved character; quote it',
  BAD_ALIAS: 'an alias refers to an anchor that is not defined',
  BAD_DQ_ESCAPE: 'an invalid escape in a double-quoted string',
  KEY_OVER_1024_CHARS: 'a key longer than 1024 characters',
  BLOCK_IN_FLOW: 'a block collection inside a flow collection',
};

/**
 * Levels a document may nest beyond maxDepth: an export envelope and its list hold the
 * referrals. Deeper documents are refused before the yaml package composes them, as it
 * recurses once per level and overflows the stack a few hundred levels down.
 */
const CONTAINER_LEVELS = 2;

const isCollection = (token: CST.Token): token is CST.BlockMap | CST.BlockSequence | CST.FlowCollection =>
  token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection';

/** The first mapping or list (in document order) nested more than `limit` levels deep in a parsed document; a loop, not recursion. */
function tooDeep(document: CST.Document, limit: number): CST.Token | undefined {
  const stack: { token: CST.Token; depth: number }[] = document.value ? [{ token: document.value, depth: 1 }] : [];
  while (stack.length > 0) {
    const { token, depth } = stack.pop()!;
    if (!isCollection(token)) continue;
    if (depth > limit) return token;
    const children = token.items.flatMap((item) => [item.key, item.value]).filter((child): child is CST.Token => !!child);
    for (let i = children.length - 1; i >= 0; i -= 1) stack.push({ token: children[i]!, depth: depth + 1 });
  }
  return undefined;
}

/** `not valid YAML: <what>` for an error the yaml package found, in words; never its message, which may quote the text. */
export function yamlErrorReason(error: Pick<YAMLError, 'code'>): string {
  return `not valid YAML: ${WORDS[error.code] ?? error.code.toLowerCase().replace(/_/g, ' ')}`;
}

/**
 * The first error of a composed document, in document order: one the yaml package found, or
 * a key repeated in one mapping. The package's own check of repeated keys compares each key
 * with every key before it (a mapping of 40,000 keys took 45 s), so documents are composed
 * without it (`uniqueKeys: false`) and repeats are found here, with a set per mapping, as
 * the package compares keys: scalars by value, other keys never equal.
 */
export function firstDocumentError(doc: Document): (Pick<YAMLError, 'code' | 'pos'> & { message?: string }) | undefined {
  let repeat: number | undefined;
  visit(doc, {
    Map(_key, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = pair.key;
        if (!isScalar(key) || Number.isNaN(key.value)) continue;
        if (seen.has(key.value)) {
          repeat = key.range?.[0] ?? 0;
          return visit.BREAK;
        }
        seen.add(key.value);
      }
      return undefined;
    },
  });
  const error = doc.errors[0];
  if (repeat !== undefined && (!error || repeat < error.pos[0])) return { code: 'DUPLICATE_KEY', pos: [repeat, repeat] };
  return error;
}

function describeYamlError(error: Pick<YAMLError, 'code' | 'pos'>, lineCounter: LineCounter, lineOffset: number): { reason: string } & Position {
  const { line, col } = lineCounter.linePos(error.pos[0]);
  return { reason: yamlErrorReason(error), line: line + lineOffset, column: col };
}

/**
 * The value of a parsed document, or why it has none (its syntax errors are the caller's):
 * an alias to an anchor not defined before it (`offset`: where the alias is), or aliases
 * that expand past `maxAliasCount` (the yaml package's count, which stops a billion laughs
 * before it expands). Each is said in its own words. A configuration file is read with it too.
 */
export function documentValue(doc: Document, maxAliasCount: number): { value: unknown } | { failure: string; offset?: number } {
  // An alias refers to the last anchor of its name before it, in document order (as the yaml package resolves it).
  const anchors = new Set<string>();
  let undefinedAt: number | undefined;
  visit(doc, (_key, node) => {
    if (isAlias(node)) {
      if (anchors.has(node.source)) return undefined;
      undefinedAt = node.range?.[0] ?? 0;
      return visit.BREAK;
    }
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) anchors.add(anchor);
    return undefined;
  });
  if (undefinedAt !== undefined) return { failure: yamlErrorReason({ code: 'BAD_ALIAS' }), offset: undefinedAt };
  try {
    return { value: doc.toJS({ maxAliasCount }) };
  } catch (error) {
    // The yaml package throws a ReferenceError when aliases expand too far (or any alias, at 0).
    if (!(error instanceof ReferenceError)) throw error;
    return { failure: `YAML aliases expand too far (more than ${maxAliasCount} alias uses)` };
  }
}

/**
 * A text parsed into its syntax tree by the yaml package's lexer and parser, one token at a
 * time (its documented way to use a lexer of one's own): a document that passes `maxTokens`
 * tokens is refused there, before more of it is built. `tooManyAt`: the offset reached.
 */
function parseCounted(text: string, lineCounter: LineCounter, maxTokens: number): { tokens: CST.Token[] } | { tooManyAt: number } {
  const parser = new Parser(lineCounter.addNewLine);
  lineCounter.addNewLine(0); // as Parser#parse does at the start of input
  const tokens: CST.Token[] = [];
  let count = 0;
  for (const lexeme of new Lexer().lex(text)) {
    count += 1;
    if (count > maxTokens) return { tooManyAt: parser.offset };
    for (const token of parser.next(lexeme)) {
      tokens.push(token);
      if (token.type === 'document') count = 0; // the count is per document
    }
  }
  for (const token of parser.end()) tokens.push(token);
  return { tokens };
}

/** An empty document (`---` with nothing after it), as opposed to an explicit `null` or `~`. */
function isEmptyDocument(doc: Document): boolean {
  const contents = doc.contents;
  return contents === null || (isScalar(contents) && contents.value === null && !contents.source);
}

/** A locator whose lines count from the start of the file rather than of the text parsed. */
function shiftLines(locate: Locator, lineOffset: number): Locator {
  if (lineOffset === 0) return locate;
  return (pointer) => {
    const position = locate(pointer);
    return position && { line: position.line + lineOffset, column: position.column };
  };
}

/** A non-empty document, numbered among all the file's documents, with positions in the file. */
interface NumberedDocument {
  doc: Document;
  number: number;
  locate: Locator;
  /** The position in the file of an offset in the text parsed. */
  place: (offset: number) => Position;
}

/**
 * Turns a file's documents, fed in file order as texts of whole documents, into events.
 * Only a file of several non-empty documents numbers them (and names them in failures),
 * which is known at the second one: the first is held back until then, no longer.
 */
class DocumentReader {
  /** Documents so far, empty ones included: document numbers count them all. */
  private count = 0;
  private held: NumberedDocument | undefined;
  private multi = false;
  /**
   * The YAML version the next text starts in: parsed whole, a file stays in YAML 1.1 from
   * a document that declares it on (the yaml package's reading of the 1.1 spec), so a file
   * parsed in pieces carries it from one piece to the next.
   */
  private version: '1.1' | '1.2' = '1.2';
  /** The file has failed, or is no referral export: nothing more is to be read from it. */
  failed = false;
  /** A referral or failed referral was read: the file is an export, whatever follows. */
  private sawItem = false;

  constructor(
    private readonly file: string,
    private readonly limits: Limits,
  ) {}

  /** The events of a text of whole documents that starts `lineOffset` lines into the file. */
  *read(text: string, lineOffset: number): Generator<LoadEvent> {
    const lineCounter = new LineCounter();
    const parsed = parseCounted(text, lineCounter, this.limits.maxDocumentTokens);
    if ('tooManyAt' in parsed) {
      const { line, col } = lineCounter.linePos(parsed.tooManyAt);
      yield this.fail({ reason: `a document holds more than ${this.limits.maxDocumentTokens} YAML tokens (the limit is maxDocumentTokens)`, line: line + lineOffset, column: col });
      return;
    }
    const { tokens } = parsed;
    // The documents before one nested too deeply are read; that one fails the file.
    const levels = this.limits.maxDepth + CONTAINER_LEVELS;
    let deep: CST.Token | undefined;
    let shallow = tokens.length;
    for (const [i, token] of tokens.entries()) {
      deep = token.type === 'document' ? tooDeep(token, levels) : undefined;
      if (deep) {
        shallow = i;
        break;
      }
    }
    // The core schema, whatever %YAML directive a file carries, keeps unquoted dates as the strings written.
    // Repeated keys are an error all the same: firstDocumentError finds them in linear time.
    // logLevel 'error': yaml's warnings go to stderr and can quote a key (a mapping used as a key).
    const composer = new Composer({ prettyErrors: false, uniqueKeys: false, schema: 'core', version: this.version, logLevel: 'error' });
    const docs = [...composer.compose(tokens.slice(0, shallow))];
    for (const doc of docs) {
      this.count += 1;
      this.version = doc.directives?.yaml.version === '1.1' ? '1.1' : '1.2';
      const error = firstDocumentError(doc);
      if (error) {
        yield this.fail(describeYamlError(error, lineCounter, lineOffset));
        return;
      }
      // Empty documents between others are skipped (docs/referral-format.md).
      if (isEmptyDocument(doc)) continue;
      const place = (offset: number): Position => {
        const { line, col } = lineCounter.linePos(offset);
        return { line: line + lineOffset, column: col };
      };
      yield* this.take({ doc, number: this.count, locate: shiftLines(yamlLocator(doc, lineCounter), lineOffset), place });
      if (this.failed) return;
    }
    if (deep) {
      const { line, col } = lineCounter.linePos(deep.offset);
      const reason = `a document is nested more than ${levels} levels deep (the limit is maxDepth, ${this.limits.maxDepth}, plus ${CONTAINER_LEVELS} levels for an export envelope and its list)`;
      yield this.fail({ reason, line: line + lineOffset, column: col });
    }
  }

  /** A document passed maxDocumentLength at (1-based) `line`: the file fails there. */
  tooLong(line: number): LoadEvent {
    return this.fail({ reason: `a document is longer than ${this.limits.maxDocumentLength} bytes (the limit is maxDocumentLength)`, line });
  }

  /** At the end of the file: the document of a one-document file, or the failure of a file with none. */
  *finish(): Generator<LoadEvent> {
    if (this.failed) return;
    if (this.held) yield* this.documentEvents(this.held);
    else if (!this.multi) yield this.fail({ reason: 'the file is empty: no referral document' });
  }

  private *take(next: NumberedDocument): Generator<LoadEvent> {
    if (this.multi) {
      yield* this.documentEvents(next);
      return;
    }
    if (!this.held) {
      this.held = next;
      return;
    }
    this.multi = true;
    yield* this.documentEvents(this.held);
    this.held = undefined;
    if (!this.failed) yield* this.documentEvents(next);
  }

  /** The referrals and failed referrals of one document, or the failure of the file. */
  private *documentEvents({ doc, number, locate, place }: NumberedDocument): Generator<LoadEvent> {
    const { file, multi } = this;
    const read = documentValue(doc, this.limits.maxAliasCount);
    if ('failure' in read) {
      // An undefined alias is placed where it is; aliases that expand too far, at the document.
      yield this.fail({ reason: read.failure, ...(read.offset === undefined ? locate('') : place(read.offset)) });
      return;
    }
    const container = splitContainer(read.value, this.limits, [], !this.sawItem);
    if ('notExport' in container) {
      this.failed = true;
      yield { kind: 'not-export', file, reason: container.notExport };
      return;
    }
    if ('fileFailure' in container) {
      yield this.fail({ reason: multi ? `document ${number}: ${container.fileFailure}` : container.fileFailure, ...locate('') });
      return;
    }
    const document = multi ? number : undefined;
    if (container.items.length > 0) this.sawItem = true;
    for (const it of container.items) {
      if ('failure' in it) yield { kind: 'failed-referral', file, pointer: it.pointer, document, line: locate(it.pointer)?.line, reason: it.failure };
      else yield { kind: 'referral', file, pointer: it.pointer, document, data: it.data, locate };
    }
  }

  private fail(failure: { reason: string } & Partial<Position>): LoadEvent {
    this.failed = true;
    return { kind: 'failed-file', file: this.file, ...failure };
  }
}

/** A text given whole, parsed at once (the tests compare the streaming loader with it). */
export function* loadYamlText(file: string, raw: string, limits: Limits = DEFAULT_LIMITS): Generator<LoadEvent> {
  const reader = new DocumentReader(file, limits);
  yield* reader.read(stripBom(raw), 0);
  yield* reader.finish();
}

/** Text of whole documents, cut from a stream, and how many lines of the file come before it. */
interface DocumentsText {
  text: string;
  lineOffset: number;
}

/** A document grew past maxDocumentLength at this (1-based) line; the splitter holds no more of it. */
interface DocumentTooLong {
  tooLongAt: number;
}

/** `---` (a document starts) or `...` (a document ends) at column 0, then a space, a tab or the end of the line. */
const MARKER = /^(---|\.\.\.)(?:[ \t]|\r?\n?$)/;

/** Blank, a comment or a directive: lines that may come before a document without starting one. */
const PRELUDE_LINE = /^(?:[ \t]*(?:#[^\n]*)?\r?\n?$|%)/;

/**
 * Cuts a YAML stream into texts of whole documents, line by line. In YAML 1.2 a `---` or
 * `...` at column 0 ends a document wherever it stands, even inside a block scalar, so each
 * text parses on its own as it would within the file. Directives stay with the document
 * that follows them. Push chunks in, take texts out. A text that grows past `maxLength`
 * bytes ends the splitting: whichever chunks the stream comes in, at the line where the
 * text passes the limit (a line that alone passes it, while it is still being read).
 */
class DocumentSplitter {
  /** The line being read, in pieces when it spans chunks. */
  private partial: string[] = [];
  private partialBytes = 0;
  /** The lines of the text being gathered, each with its line break. */
  private lines: string[] = [];
  private linesBytes = 0;
  /** Past the limit: nothing more is read. */
  private stopped = false;
  /** Whether that text holds a document yet (content or a `---`), so that a `---` now starts the next text. */
  private open = false;
  private linesRead = 0;
  private firstLine = 0;
  private started = false;

  constructor(private readonly maxLength: number) {}

  push(chunk: string): (DocumentsText | DocumentTooLong)[] {
    const texts: (DocumentsText | DocumentTooLong)[] = [];
    const text = this.started ? chunk : stripBom(chunk);
    this.started ||= chunk.length > 0;
    let from = 0;
    for (let end = text.indexOf('\n'); end !== -1 && !this.stopped; end = text.indexOf('\n', from)) {
      this.partial.push(text.slice(from, end + 1));
      this.takeLine(this.partial.join(''), texts);
      this.partial = [];
      this.partialBytes = 0;
      from = end + 1;
    }
    if (from < text.length && !this.stopped) {
      const rest = text.slice(from);
      this.partial.push(rest);
      this.partialBytes += utf8ByteLength(rest);
      if (this.partialBytes > this.maxLength) this.stop(texts);
    }
    return texts;
  }

  end(): (DocumentsText | DocumentTooLong)[] {
    const texts: (DocumentsText | DocumentTooLong)[] = [];
    if (this.stopped) return texts;
    if (this.partial.length > 0) this.takeLine(this.partial.join(''), texts);
    if (this.lines.length > 0 && !this.stopped) texts.push(this.close());
    return texts;
  }

  /** The text being gathered passed the limit at the line being read: drop it and read no more. */
  private stop(texts: (DocumentsText | DocumentTooLong)[]): void {
    texts.push({ tooLongAt: this.linesRead + 1 });
    this.stopped = true;
    this.partial = [];
    this.lines = [];
  }

  private takeLine(line: string, texts: (DocumentsText | DocumentTooLong)[]): void {
    const marker = MARKER.exec(line)?.[1];
    if (marker === '---' && this.open) texts.push(this.close());
    this.linesBytes += utf8ByteLength(line);
    if (this.linesBytes > this.maxLength) {
      this.stop(texts);
      return;
    }
    this.lines.push(line);
    this.linesRead += 1;
    if (marker === '...') {
      // A `...` ends a document if one has started; before one, it starts none.
      if (this.open) texts.push(this.close());
    } else {
      this.open ||= marker === '---' || !PRELUDE_LINE.test(line);
    }
  }

  private close(): DocumentsText {
    const gathered = { text: this.lines.join(''), lineOffset: this.firstLine };
    this.lines = [];
    this.linesBytes = 0;
    this.open = false;
    this.firstLine = this.linesRead;
    return gathered;
  }
}

async function* documentsTexts(chunks: AsyncIterable<string>, maxLength: number): AsyncGenerator<DocumentsText | DocumentTooLong> {
  const splitter = new DocumentSplitter(maxLength);
  for await (const chunk of chunks) yield* splitter.push(chunk);
  yield* splitter.end();
}

/**
 * A YAML text arriving in chunks, parsed a document at a time: memory holds the largest
 * document, at most maxDocumentLength bytes of it.
 */
export async function* loadYamlStream(file: string, chunks: AsyncIterable<string>, limits: Limits = DEFAULT_LIMITS): AsyncGenerator<LoadEvent> {
  const reader = new DocumentReader(file, limits);
  for await (const piece of documentsTexts(chunks, limits.maxDocumentLength)) {
    if ('tooLongAt' in piece) {
      yield reader.tooLong(piece.tooLongAt);
      return;
    }
    // --timing: the document's parse and its referrals counted as parsing, step by step.
    const timings = activeTimings;
    yield* timings ? timedSteps('parsing', reader.read(piece.text, piece.lineOffset), timings) : reader.read(piece.text, piece.lineOffset);
    if (reader.failed) return;
  }
  const timings = activeTimings;
  yield* timings ? timedSteps('parsing', reader.finish(), timings) : reader.finish();
}

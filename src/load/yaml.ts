// YAML files: one or more documents (`---`), each one of the container shapes. The core
// schema (YAML 1.2) keeps unquoted dates and times as the strings written. Files are read as
// a stream and parsed a document at a time, so memory holds the largest document, not the file.
import { Composer, isScalar, LineCounter, Parser, type CST, type Document, type YAMLError } from 'yaml';
import { splitContainer } from './containers.js';
import { stripBom } from './json.js';
import { DEFAULT_LIMITS, type Limits } from './limits.js';
import { yamlLocator } from './positions.js';
import type { LoadEvent, Locator, Position } from './types.js';

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

function describeYamlError(error: YAMLError, lineCounter: LineCounter, lineOffset: number): { reason: string } & Position {
  const { line, col } = lineCounter.linePos(error.pos[0]);
  return { reason: `not valid YAML: ${WORDS[error.code] ?? error.code.toLowerCase().replace(/_/g, ' ')}`, line: line + lineOffset, column: col };
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
  /** The file has failed: nothing more is to be read from it. */
  failed = false;

  constructor(
    private readonly file: string,
    private readonly limits: Limits,
  ) {}

  /** The events of a text of whole documents that starts `lineOffset` lines into the file. */
  *read(text: string, lineOffset: number): Generator<LoadEvent> {
    const lineCounter = new LineCounter();
    const tokens = [...new Parser(lineCounter.addNewLine).parse(text)];
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
    const composer = new Composer({ prettyErrors: false, uniqueKeys: true, schema: 'core', version: this.version });
    const docs = [...composer.compose(tokens.slice(0, shallow))];
    for (const doc of docs) {
      this.count += 1;
      this.version = doc.directives?.yaml.version === '1.1' ? '1.1' : '1.2';
      const error = doc.errors[0];
      if (error) {
        yield this.fail(describeYamlError(error, lineCounter, lineOffset));
        return;
      }
      // Empty documents between others are skipped (referral-format.md).
      if (isEmptyDocument(doc)) continue;
      yield* this.take({ doc, number: this.count, locate: shiftLines(yamlLocator(doc, lineCounter), lineOffset) });
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
  private *documentEvents({ doc, number, locate }: NumberedDocument): Generator<LoadEvent> {
    const { file, multi } = this;
    const { maxAliasCount } = this.limits;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount });
    } catch {
      yield this.fail({ reason: `YAML aliases expand too far (more than ${maxAliasCount} alias uses)`, ...locate('') });
      return;
    }
    const container = splitContainer(value, this.limits);
    if ('fileFailure' in container) {
      yield this.fail({ reason: multi ? `document ${number}: ${container.fileFailure}` : container.fileFailure, ...locate('') });
      return;
    }
    const document = multi ? number : undefined;
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
      this.partialBytes += Buffer.byteLength(rest);
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
    this.linesBytes += Buffer.byteLength(line);
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
    yield* reader.read(piece.text, piece.lineOffset);
    if (reader.failed) return;
  }
  yield* reader.finish();
}

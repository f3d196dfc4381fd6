// YAML files: one or more documents (`---`), each one of the container shapes. The core
// schema (YAML 1.2) keeps unquoted dates and times as the strings written. Files are read as
// a stream and parsed a document at a time, so memory holds the largest document, not the file.
import { createReadStream } from 'node:fs';
import { isScalar, LineCounter, parseAllDocuments, type Document, type YAMLError } from 'yaml';
import { splitContainer } from './containers.js';
import { stripBom } from './json.js';
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

export const DEFAULT_MAX_ALIAS_COUNT = 100;

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
    private readonly maxAliasCount: number,
  ) {}

  /** The events of a text of whole documents that starts `lineOffset` lines into the file. */
  *read(text: string, lineOffset: number): Generator<LoadEvent> {
    const lineCounter = new LineCounter();
    // The core schema, whatever %YAML directive a file carries, keeps unquoted dates as the strings written.
    const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true, schema: 'core', version: this.version });
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
    const { file, maxAliasCount, multi } = this;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount });
    } catch {
      yield this.fail({ reason: `YAML aliases expand too far (more than ${maxAliasCount} alias uses)`, ...locate('') });
      return;
    }
    const container = splitContainer(value);
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

/** A whole text (stdin), parsed at once. */
export function* loadYamlText(file: string, raw: string, maxAliasCount = DEFAULT_MAX_ALIAS_COUNT): Generator<LoadEvent> {
  const reader = new DocumentReader(file, maxAliasCount);
  yield* reader.read(stripBom(raw), 0);
  yield* reader.finish();
}

/** Text of whole documents, cut from a stream, and how many lines of the file come before it. */
interface DocumentsText {
  text: string;
  lineOffset: number;
}

/** `---` (a document starts) or `...` (a document ends) at column 0, then a space, a tab or the end of the line. */
const MARKER = /^(---|\.\.\.)(?:[ \t]|\r?\n?$)/;

/** Blank, a comment or a directive: lines that may come before a document without starting one. */
const PRELUDE_LINE = /^(?:[ \t]*(?:#[^\n]*)?\r?\n?$|%)/;

/**
 * Cuts a YAML stream into texts of whole documents, line by line. In YAML 1.2 a `---` or
 * `...` at column 0 ends a document wherever it stands, even inside a block scalar, so each
 * text parses on its own as it would within the file. Directives stay with the document
 * that follows them. Push chunks in, take texts out.
 */
class DocumentSplitter {
  /** The line being read, in pieces when it spans chunks. */
  private partial: string[] = [];
  /** The lines of the text being gathered, each with its line break. */
  private lines: string[] = [];
  /** Whether that text holds a document yet (content or a `---`), so that a `---` now starts the next text. */
  private open = false;
  private linesRead = 0;
  private firstLine = 0;
  private started = false;

  push(chunk: string): DocumentsText[] {
    const texts: DocumentsText[] = [];
    const text = this.started ? chunk : stripBom(chunk);
    this.started ||= chunk.length > 0;
    let from = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', from)) {
      this.partial.push(text.slice(from, end + 1));
      this.takeLine(this.partial.join(''), texts);
      this.partial = [];
      from = end + 1;
    }
    if (from < text.length) this.partial.push(text.slice(from));
    return texts;
  }

  end(): DocumentsText[] {
    const texts: DocumentsText[] = [];
    if (this.partial.length > 0) this.takeLine(this.partial.join(''), texts);
    if (this.lines.length > 0) texts.push(this.close());
    return texts;
  }

  private takeLine(line: string, texts: DocumentsText[]): void {
    const marker = MARKER.exec(line)?.[1];
    if (marker === '---' && this.open) texts.push(this.close());
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
    this.open = false;
    this.firstLine = this.linesRead;
    return gathered;
  }
}

async function* documentsTexts(chunks: AsyncIterable<string>): AsyncGenerator<DocumentsText> {
  const splitter = new DocumentSplitter();
  for await (const chunk of chunks) yield* splitter.push(chunk);
  yield* splitter.end();
}

/** A YAML text arriving in chunks, parsed a document at a time: memory holds the largest document. */
export async function* loadYamlStream(file: string, chunks: AsyncIterable<string>, maxAliasCount = DEFAULT_MAX_ALIAS_COUNT): AsyncGenerator<LoadEvent> {
  const reader = new DocumentReader(file, maxAliasCount);
  for await (const { text, lineOffset } of documentsTexts(chunks)) {
    yield* reader.read(text, lineOffset);
    if (reader.failed) return;
  }
  yield* reader.finish();
}

/** A YAML file, read as a stream. */
export function loadYamlFile(file: string, absolute: string, maxAliasCount = DEFAULT_MAX_ALIAS_COUNT): AsyncGenerator<LoadEvent> {
  return loadYamlStream(file, createReadStream(absolute, { encoding: 'utf8', highWaterMark: 256 * 1024 }), maxAliasCount);
}

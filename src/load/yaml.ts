// YAML files: one or more documents (`---`), each one of the container shapes. The core
// schema (YAML 1.2) keeps unquoted dates and times as the strings written.
import { isScalar, LineCounter, parseAllDocuments, type Document, type YAMLError } from 'yaml';
import { splitContainer } from './containers.js';
import { stripBom } from './json.js';
import { yamlLocator } from './positions.js';
import type { LoadEvent } from './types.js';

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

function describeYamlError(error: YAMLError, lineCounter: LineCounter): { reason: string; line: number; column: number } {
  const { line, col } = lineCounter.linePos(error.pos[0]);
  return { reason: `not valid YAML: ${WORDS[error.code] ?? error.code.toLowerCase().replace(/_/g, ' ')}`, line, column: col };
}

/** An empty document (`---` with nothing after it), as opposed to an explicit `null` or `~`. */
function isEmptyDocument(doc: Document): boolean {
  const contents = doc.contents;
  return contents === null || (isScalar(contents) && contents.value === null && !contents.source);
}

export function* loadYamlText(file: string, raw: string, maxAliasCount = DEFAULT_MAX_ALIAS_COUNT): Generator<LoadEvent> {
  const text = stripBom(raw);
  const lineCounter = new LineCounter();
  // The core schema, whatever %YAML directive a file carries, keeps unquoted dates as the strings written.
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true, schema: 'core' });
  const list = Array.isArray(docs) ? docs : [];
  for (const doc of list) {
    const error = doc.errors[0];
    if (error) {
      yield { kind: 'failed-file', file, ...describeYamlError(error, lineCounter) };
      return;
    }
  }
  // Empty documents between others are skipped (referral-format.md).
  const nonEmpty = list.map((doc, i) => ({ doc, number: i + 1 })).filter(({ doc }) => !isEmptyDocument(doc));
  if (nonEmpty.length === 0) {
    yield { kind: 'failed-file', file, reason: 'the file is empty: no referral document' };
    return;
  }
  // Every document is checked before any referral is yielded: a failed file is no referral.
  const multi = nonEmpty.length > 1;
  const events: LoadEvent[] = [];
  for (const { doc, number } of nonEmpty) {
    const locate = yamlLocator(doc, lineCounter);
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount });
    } catch {
      yield { kind: 'failed-file', file, reason: `YAML aliases expand too far (more than ${maxAliasCount} alias uses)`, ...locate('') };
      return;
    }
    const container = splitContainer(value);
    const document = multi ? number : undefined;
    if ('fileFailure' in container) {
      yield { kind: 'failed-file', file, reason: multi ? `document ${number}: ${container.fileFailure}` : container.fileFailure, ...locate('') };
      return;
    }
    for (const it of container.items) {
      if ('failure' in it) events.push({ kind: 'failed-referral', file, pointer: it.pointer, document, line: locate(it.pointer)?.line, reason: it.failure });
      else events.push({ kind: 'referral', file, pointer: it.pointer, document, data: it.data, locate });
    }
  }
  yield* events;
}

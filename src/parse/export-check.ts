// Which files are referral exports (docs/referral-format.md, "Which files are referral
// exports"): the first item of a file decides, as it is read, so the file is still streamed.
import { notExportReason } from './containers.js';
import { jsonElement } from './json.js';
import { DEFAULT_LIMITS, type Limits } from './limits.js';
import { ndjsonLine } from './ndjson.js';
import type { LoadEvent } from './types.js';

/**
 * A file's events, up to the point where they prove it no referral export: then one
 * `not-export` event, and nothing more is read. The first referral or failed referral decides:
 * an object with none of a referral's required keys (at `pointer` '' also named when it is a
 * well-known other file: a package.json, a SARIF log, a config) makes the file no export; a
 * failed referral (not an object, not valid JSON, over a limit) or an object with any of them
 * makes it one, and every later event passes as it is. A raw referral met first (an NDJSON
 * line or JSON element meant for a worker thread, --jobs) is parsed here to decide, and
 * passed on parsed. A parser's own `not-export` (an envelope that is referral-lint's report)
 * ends the file too.
 */
export async function* checkExport(events: AsyncIterable<LoadEvent>, limits: Limits = DEFAULT_LIMITS): AsyncGenerator<LoadEvent> {
  let decided = false;
  for await (const event of events) {
    if (decided || event.kind === 'file' || event.kind === 'failed-file' || event.kind === 'skipped-file') {
      yield event;
      continue;
    }
    if (event.kind === 'not-export') {
      yield event;
      return;
    }
    const read =
      event.kind !== 'raw-referral'
        ? event
        : event.format === 'ndjson'
          ? ndjsonLine(event.file, event.text, event.line, limits)
          : jsonElement(event.file, event.pointer, event.text, event.line, event.column ?? 1, limits);
    if (read.kind === 'referral') {
      const reason = notExportReason(read.data, read.pointer);
      if (reason !== undefined) {
        yield { kind: 'not-export', file: read.file, reason };
        return;
      }
    }
    decided = true;
    yield read;
    // A JSON element that is not valid JSON fails its file: nothing more is read, as without threads.
    if (read.kind === 'failed-file') return;
  }
}

// A zip entry streamed through the saxes XML parser: bytes are inflated, decoded and parsed a
// chunk at a time, so no part is ever held whole as text. Element names are given without
// their namespace prefix (`x:row` is `row`): some writers prefix the spreadsheet namespace.
import { SaxesParser } from 'saxes';
import { TableError } from '../table.js';
import type { XlsxLimits } from './limits.js';
import { entryBytes, type PartBudget, type Zip, type ZipEntry } from './zip.js';
import { activeTimings } from '../../model/timing.js';

export interface XmlHandlers {
  open(name: string, attributes: Record<string, string>): void;
  close(name: string): void;
  text(text: string): void;
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

/** The value of the attribute `name`, whatever its prefix (`r:id` for `id`). */
export function attribute(attributes: Record<string, string>, name: string): string | undefined {
  const exact = attributes[name];
  if (exact !== undefined) return exact;
  for (const key in attributes) if (localName(key) === name && key !== name) return attributes[key];
  return undefined;
}

/**
 * Parses the entry, calling the handlers as it goes; after each chunk, `afterChunk` runs (the
 * sheet reader yields the rows the chunk completed there). A malformed part fails with its
 * line and column, never its content.
 */
export async function* parseXmlEntry(
  zip: Zip,
  entry: ZipEntry,
  budget: PartBudget,
  limits: XlsxLimits,
  handlers: XmlHandlers,
): AsyncGenerator<void> {
  const parser = new SaxesParser({ xmlns: false, position: true });
  parser.on('opentag', (tag) => handlers.open(localName(tag.name), tag.attributes as Record<string, string>));
  parser.on('closetag', (tag) => handlers.close(localName(tag.name)));
  parser.on('text', (text) => handlers.text(text));
  parser.on('cdata', (text) => handlers.text(text));
  let decoder: InstanceType<typeof TextDecoder> | undefined;
  const timings = activeTimings; // --timing: the XML's parse (and the rows its handlers build) counted as parsing
  const write = (text: string): void => {
    const start = timings ? performance.now() : 0;
    try {
      parser.write(text);
    } catch (error) {
      if (error instanceof TableError) throw error;
      throw new TableError(`${entry.name} is not well-formed XML (line ${parser.line}, column ${parser.column})`);
    } finally {
      timings?.since('parsing', start);
    }
  };
  for await (const bytes of entryBytes(zip, entry, budget, limits)) {
    if (!decoder) {
      const utf16 = bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
      decoder = new TextDecoder(utf16 ? (bytes[0] === 0xff ? 'utf-16le' : 'utf-16be') : 'utf-8');
    }
    write(decoder.decode(bytes, { stream: true }));
    yield;
  }
  if (decoder) write(decoder.decode());
  try {
    parser.close();
  } catch (error) {
    if (error instanceof TableError) throw error;
    throw new TableError(`${entry.name} is not well-formed XML: it ends early (line ${parser.line}, column ${parser.column})`);
  }
}

/** Parses a whole entry (the small parts: workbook, relationships, styles, shared strings). */
export async function parseWholeEntry(zip: Zip, entry: ZipEntry, budget: PartBudget, limits: XlsxLimits, handlers: XmlHandlers): Promise<void> {
  for await (const _ of parseXmlEntry(zip, entry, budget, limits, handlers)) {
    // Each chunk is handled as it is parsed.
  }
}

// Standard input, read as a stream, as files are: its first bytes decide the encoding and
// the format (src/load/index.ts), then the same bytes, and the rest as it comes, go to the
// loader a file of that format gets. Memory holds the first bytes and a chunk, not the input.

/** A chunk as bytes: a stream of text (Readable.from of strings, a terminal) gives strings. */
const asBuffer = (chunk: unknown): Buffer => (Buffer.isBuffer(chunk) ? chunk : typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk as Uint8Array));

/**
 * Standard input read once, in order: the first bytes (`start`), then the same bytes again
 * and the rest (`chunks`). It keeps what it reads until that passes `keepMax` bytes, so a
 * JSON syntax error in a short input can be placed from the whole text, as a file's is
 * (`text`); past that it keeps nothing.
 */
export class StdinReader {
  private readonly source: AsyncIterator<unknown>;
  private ended = false;
  /** Bytes read by `start`, which `chunks` gives first. */
  private replay: Buffer[] = [];
  /** Everything read so far, while it fits in keepMax; undefined once it has not. */
  private kept: Buffer[] | undefined = [];
  private keptLength = 0;

  constructor(
    stream: NodeJS.ReadableStream,
    private readonly keepMax: number,
  ) {
    this.source = (stream as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  }

  /** The next chunk of the input, kept while the kept bytes fit; undefined at its end. */
  private async read(): Promise<Buffer | undefined> {
    if (this.ended) return undefined;
    const next = await this.source.next();
    if (next.done) {
      this.ended = true;
      return undefined;
    }
    const chunk = asBuffer(next.value);
    if (this.kept) {
      this.keptLength += chunk.length;
      if (this.keptLength > this.keepMax) this.kept = undefined;
      else this.kept.push(chunk);
    }
    return chunk;
  }

  /**
   * Reads until `enough` says the bytes read so far are enough to decide on, or the input
   * ends; returns them, and whether they are the whole input.
   */
  async start(enough: (length: number, chunk: Buffer) => boolean): Promise<{ bytes: Buffer; whole: boolean }> {
    let length = 0;
    for (let chunk = await this.read(); chunk; chunk = await this.read()) {
      this.replay.push(chunk);
      length += chunk.length;
      if (enough(length, chunk)) break;
    }
    return { bytes: Buffer.concat(this.replay), whole: this.ended };
  }

  /**
   * The input from its first byte, for a loader. A loader that stops early leaves the rest
   * unread (the iterator has no `return`), for `text` or `drain`.
   */
  chunks(): AsyncIterable<Buffer> {
    const next = async (): Promise<IteratorResult<Buffer>> => {
      const chunk = this.replay.shift() ?? (await this.read());
      return chunk ? { done: false, value: chunk } : { done: true, value: undefined };
    };
    return { [Symbol.asyncIterator]: () => ({ next }) };
  }

  /**
   * The input's bytes from its start, for placing a syntax error: read on to its end while
   * they fit in keepMax, else as far as they fit (the error lies in what was read before,
   * so in these bytes). Undefined when more than keepMax bytes had been read already.
   */
  async text(): Promise<Buffer | undefined> {
    if (!this.kept) return undefined;
    const kept = this.kept;
    this.replay = [];
    for (let chunk = await this.read(); chunk && this.kept; chunk = await this.read());
    this.kept = undefined;
    return Buffer.concat(kept);
  }

  /** Reads the rest of the input and lets it go, so the program writing to the pipe is not cut off. */
  async drain(): Promise<void> {
    this.replay = [];
    this.kept = undefined;
    while (await this.read());
  }
}

// Standard input, read as a stream, as files are: its first bytes decide the encoding and
// the format (src/load/index.ts), then the same bytes, and the rest as it comes, go to the
// loader a file of that format gets. Memory holds the first bytes and a chunk, not the input.

/** A chunk as bytes: a stream of text (Readable.from of strings, a terminal) gives strings. */
const asBuffer = (chunk: unknown): Buffer => (Buffer.isBuffer(chunk) ? chunk : typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk as Uint8Array));

/**
 * Standard input read once, in order: the first bytes (`start`), then the same bytes again
 * and the rest (`chunks`). Nothing else is kept: the loaders place a syntax error from the
 * piece they are reading, as they do for a file.
 */
export class StdinReader {
  private readonly source: AsyncIterator<unknown>;
  private ended = false;
  /** Bytes read by `start`, which `chunks` gives first. */
  private replay: Buffer[] = [];

  constructor(stream: NodeJS.ReadableStream) {
    this.source = (stream as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  }

  /** The next chunk of the input; undefined at its end. */
  private async read(): Promise<Buffer | undefined> {
    if (this.ended) return undefined;
    const next = await this.source.next();
    if (next.done) {
      this.ended = true;
      return undefined;
    }
    return asBuffer(next.value);
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
   * unread (the iterator has no `return`), for `drain`.
   */
  chunks(): AsyncIterable<Buffer> {
    const next = async (): Promise<IteratorResult<Buffer>> => {
      const chunk = this.replay.shift() ?? (await this.read());
      return chunk ? { done: false, value: chunk } : { done: true, value: undefined };
    };
    return { [Symbol.asyncIterator]: () => ({ next }) };
  }

  /** Reads the rest of the input and lets it go, so the program writing to the pipe is not cut off. */
  async drain(): Promise<void> {
    this.replay = [];
    while (await this.read());
  }
}

// A YAML stream given a document at a time, to see how far the reader reads ahead of what it
// has yielded (test/load/yaml-stream.test.ts, and at scale test/slow/yaml-stream-scale.test.ts).
import { expect } from 'vitest';
import type { LoadEvent } from '../../src/parse/types.js';
import { loadYamlStream } from '../../src/parse/yaml.js';

/**
 * Documents given one at a time, each cut mid-line, never joined into a whole file; it
 * records how far the reader had read beyond each referral it yielded.
 */
export class DocumentSource {
  given = 0;
  mostAhead = 0;

  constructor(
    private readonly count: number,
    private readonly document: (number: number) => string,
  ) {}

  async *chunks(): AsyncGenerator<string> {
    for (let i = 1; i <= this.count; i++) {
      this.given = i;
      const text = this.document(i);
      yield text.slice(0, 9);
      yield text.slice(9);
    }
  }

  /** The reader has yielded the referral of document `number`. */
  yielded(number: number): void {
    this.mostAhead = Math.max(this.mostAhead, this.given - number);
  }
}

/** Reads `count` documents from a stream and checks that it never held more than two of them at a time. */
export async function readsDocumentsTwoAtATime(count: number): Promise<void> {
  const source = new DocumentSource(count, (i) => `---\nid: REF-${i}\nchild:\n  givenName: Kit\n`);
  let referrals = 0;
  let last: Extract<LoadEvent, { kind: 'referral' }> | undefined;
  for await (const e of loadYamlStream('many.yaml', source.chunks())) {
    if (e.kind !== 'referral') throw new Error(`unexpected ${e.kind}`);
    referrals += 1;
    expect(e.document).toBe(referrals);
    source.yielded(referrals);
    last = e;
  }
  expect(referrals).toBe(count);
  expect(source.given).toBe(count);
  expect(source.mostAhead).toBe(2);
  expect(last?.data).toEqual({ id: `REF-${count}`, child: { givenName: 'Kit' } });
  expect(last?.locate('/child/givenName')).toEqual({ line: 4 * count, column: 3 });
}

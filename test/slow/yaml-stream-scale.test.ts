// A multi-document YAML stream at scale: 20,000 documents, never more than two held at a
// time. The same check over 2,000 documents is in test/load/yaml-stream.test.ts.
import { describe, it } from 'vitest';
import { readsDocumentsTwoAtATime } from '../load/document-source.js';

describe('a YAML stream of many documents', () => {
  it('reads 20,000 documents from a stream holding no more than two of them at a time', async () => {
    await readsDocumentsTwoAtATime(20_000);
  });
});

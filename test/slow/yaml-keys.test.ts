// Linear time: a YAML mapping of many keys. The yaml package's own check for a repeated key
// compares each key with every key before it, so a mapping of 40,000 keys took 45 s (and one
// of a million, inside the document limits, hours). The loader finds repeats with a set per
// mapping instead (src/parse/yaml.ts, firstDocumentError): doubling the keys must not
// quadruple the time. Times are the CPU time this process spent (never a wall-clock time, which
// another process on the machine can stretch), medians of three runs, compared within this test.
import { describe, expect, it } from 'vitest';
import { loadYamlText } from '../../src/parse/yaml.js';

/** A referral with a mapping of `keys` keys, the last of which repeats the first. */
const mapping = (keys: number): string => `id: F\nbase:\n${Array.from({ length: keys }, (_, i) => `  k${i}: 1\n`).join('')}  k0: 2\n`;

function medianCpuMs(text: string): number {
  const times: number[] = [];
  for (let run = 0; run < 3; run += 1) {
    const start = process.cpuUsage();
    const events = [...loadYamlText('m.yaml', text)];
    const used = process.cpuUsage(start);
    times.push((used.user + used.system) / 1000);
    expect(events).toEqual([{ kind: 'failed-file', file: 'm.yaml', reason: 'not valid YAML: a key is repeated in the same mapping', line: text.split('\n').length - 1, column: 3 }]);
  }
  return times.sort((a, b) => a - b)[1]!;
}

describe('a YAML mapping of many keys', () => {
  it('is checked for a repeated key in linear time: 40,000 keys take less than 3 times the CPU time of 20,000', () => {
    medianCpuMs(mapping(2_000)); // warm up
    const small = medianCpuMs(mapping(20_000));
    const large = medianCpuMs(mapping(40_000));
    expect(large / small, `20,000 keys: ${small.toFixed(0)} ms of CPU; 40,000: ${large.toFixed(0)} ms`).toBeLessThan(3);
  });
});

// unique-referral finds repeats by digest (src/domain/key-store.ts) and confirms each from the
// keys' bytes: its findings are those of a store that compares whole keys (a Map), on generated
// referrals with repeats of every kind, and stay so when every key has the same digest.
import { describe, expect, it, vi } from 'vitest';
import { generateReferrals } from '../tools/gen/generate.js';
import type { LintResult } from '../src/model/types.js';

const store = vi.hoisted(() => ({ mode: 'digest' as 'digest' | 'map' | 'one-digest', made: 0 }));

vi.mock('../src/domain/key-store.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/domain/key-store.js')>();
  /** The plainest exact store: a Map of the keys themselves. */
  class MapStore {
    private readonly at = new Map<string, number>();
    private readonly keys: string[] = [];
    private readonly values: number[] = [];
    get size(): number {
      return this.keys.length;
    }
    find(key: string): number {
      return this.at.get(key) ?? -1;
    }
    add(key: string, value: number): { index: number; added: boolean } {
      const held = this.at.get(key);
      if (held !== undefined) return { index: held, added: false };
      this.at.set(key, this.keys.length);
      this.keys.push(key);
      this.values.push(value);
      return { index: this.keys.length - 1, added: true };
    }
    valueAt(index: number): number {
      return this.values[index]!;
    }
    keyAt(index: number): string {
      return this.keys[index]!;
    }
  }
  function KeyStore(options: import('../src/domain/key-store.js').KeyStoreOptions = {}): unknown {
    store.made += 1;
    if (store.mode === 'map') return new MapStore();
    return new real.KeyStore(store.mode === 'one-digest' ? { ...options, digest: (_b, _l, out) => out.fill(7) } : options);
  }
  return { ...real, KeyStore };
});

/** Generated referrals, with repeats: ids, children by NHS number, children by names only, and ids with a lone surrogate. */
function withRepeats(count: number): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  let i = 0;
  for (const r of generateReferrals({ count, seed: 3, gapSeconds: 20 })) {
    out.push(r);
    const child = r.child as Record<string, unknown> | undefined;
    if (i % 7 === 3) out.push(r);
    if (i % 11 === 5) out.push({ ...r, id: `${String(r.id)}-again` });
    if (i % 13 === 6 && child) out.push({ ...r, id: `${String(r.id)}-names`, child: { ...child, nhsNumber: undefined, givenName: ` ${String(child.givenName).toUpperCase()} ` } });
    if (i % 17 === 8) out.push({ ...r, id: `${String(r.id)}\uD800` }, { ...r, id: `${String(r.id)}\uDBFF` });
    if (i % 19 === 9) out.push({ ...r, id: '' }, { ...r, id: `${String(r.id)}${'x'.repeat(100_000)}` });
    i += 1;
  }
  return out;
}

/** Each unique-referral finding: where, and what it says. */
function repeats(result: LintResult): string[] {
  return result.referrals.flatMap((r, index) => r.findings.filter((f) => f.ruleId === 'unique-referral').map((f) => `${index} ${f.pointer} ${f.message}`));
}

/** lint(), imported afresh: test/setup.ts has already imported the rules, with the real store. */
async function run(mode: typeof store.mode, referrals: unknown[]): Promise<string[]> {
  vi.resetModules();
  const { lint } = await import('../src/run/lint.js');
  store.mode = mode;
  store.made = 0;
  const result = await lint({ referrals, clock: () => Date.parse('2026-12-01T00:00:00Z') });
  expect(store.made).toBe(2);
  return repeats(result);
}

describe('unique-referral with digests', () => {
  it('finds what a Map of the whole keys finds, on 1,200 generated referrals with repeats', async () => {
    const referrals = withRepeats(1200);
    const expected = await run('map', referrals);
    expect(expected.length).toBeGreaterThan(400);
    expect(expected.some((f) => f.includes('(matched by names and date of birth)'))).toBe(true);
    expect(expected.some((f) => f.includes('(matched by NHS number)'))).toBe(true);
    expect(await run('digest', referrals)).toEqual(expected);
  });

  it('finds the same when every key has one digest: a collision is never a finding, a repeat always is', async () => {
    const referrals = withRepeats(150);
    const expected = await run('map', referrals);
    expect(expected.length).toBeGreaterThan(50);
    expect(await run('one-digest', referrals)).toEqual(expected);
  });
});

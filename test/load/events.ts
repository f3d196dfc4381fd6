// Loader events made comparable: each referral's `locate` replaced by the positions it gives
// for the referral and a few pointers under it, so locators are compared too.
import type { LoadEvent } from '../../src/parse/types.js';

/**
 * `withoutLine`: leave out each referral's `line`, for comparing a streaming loader (which
 * knows it up front) with the whole-text one (which works it out with `locate`).
 */
export async function comparableEvents(
  source: Iterable<LoadEvent> | AsyncIterable<LoadEvent>,
  probes: string[] = [],
  { withoutLine = false } = {},
): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const e of source) {
    if (e.kind !== 'referral') {
      out.push(e);
      continue;
    }
    const { locate, line, ...rest } = e;
    const at = [e.pointer, ...probes.map((p) => e.pointer + p)].map((p) => locate(p));
    out.push(withoutLine || line === undefined ? { ...rest, at } : { ...rest, line, at });
  }
  return out;
}

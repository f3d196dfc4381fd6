// The tool's name and version, read from its package.json.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: { name: string; version: string } | undefined;

/** Walks up from this module to the package root (works from src/ in tests and from dist/src/ when installed). */
export function toolInfo(): { name: string; version: string } {
  if (cached) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'referral-lint') {
        cached = { name: pkg.name, version: pkg.version ?? '0.0.0' };
        return cached;
      }
    } catch {
      // no package.json here: keep walking up
    }
    const parent = path.dirname(dir);
    if (parent === dir) return (cached = { name: 'referral-lint', version: '0.0.0' });
    dir = parent;
  }
}

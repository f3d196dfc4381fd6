// Temporary folders for tests that lint real files, removed after each test.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Registers the clean-up with the calling test file; returns a maker of temporary folders. */
export function useTempDirs(prefix: string): () => string {
  const temps: string[] = [];
  afterEach(() => {
    for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), `referral-lint-${prefix}-`));
    temps.push(dir);
    return dir;
  };
}

/** Writes a file below `dir`, creating folders. */
export function write(dir: string, rel: string, content: string): void {
  const full = path.join(dir, rel);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, content);
}

/** A file of test/fixtures-io/ (broken and odd inputs). */
export function ioFixture(name: string): string {
  return readFileSync(path.join(ROOT, 'test/fixtures-io', name), 'utf8');
}

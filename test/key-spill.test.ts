// The CLI's key spill (src/run/key-spill.ts): the keys' bytes in a temporary file made for the
// owner alone, encrypted (no key is in it as plain text), read back at any offset, and gone
// after the run: at its end, and when a signal stops it.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeyStore } from '../src/domain/key-store.js';
import { FileSpill, KeySpills } from '../src/run/key-spill.js';
import { exportChunks, generateReferrals } from '../tools/gen/generate.js';
import { ROOT, useTempDirs } from './temp-files.js';

const tempDir = useTempDirs('key-spill');
const encoder = new TextEncoder();
const spillsIn = (dir: string): string[] => readdirSync(dir).filter((name) => name.startsWith('.referral-lint-keys.'));

describe('FileSpill', () => {
  it('is made 0600, holds no key as plain text, and gives back every key at its offset', () => {
    const dir = tempDir();
    const spill = new FileSpill(dir);
    expect(path.dirname(spill.path)).toBe(dir);
    if (process.platform !== 'win32') expect(statSync(spill.path).mode & 0o777).toBe(0o600);
    const keys = Array.from({ length: 6000 }, (_, i) => (i % 3 === 0 ? `GEN-1-${String(i).padStart(7, '0')}` : i % 3 === 1 ? `${i}n9991119485` : `${i}a20150804 5:reecegarthwaite${'é'.repeat(i % 40)}`));
    const offsets = keys.map((key) => spill.append(encoder.encode(key)));
    // A key longer than the write buffer goes straight to the file.
    const long = `LONG:${'9991119485'.repeat(10_000)}`;
    const longAt = spill.append(encoder.encode(long));
    const raw = readFileSync(spill.path);
    expect(raw.length).toBeGreaterThan(100_000);
    for (const plain of ['GEN-1-', '9991119485', 'reecegarthwaite', 'LONG:']) expect(raw.includes(Buffer.from(plain))).toBe(false);
    const decoder = new TextDecoder();
    keys.forEach((key, i) => expect(decoder.decode(spill.read(offsets[i]!, encoder.encode(key).length))).toBe(key));
    expect(decoder.decode(spill.read(longAt, long.length))).toBe(long);
    // The file is the keys' bytes, no more: CTR encryption keeps lengths.
    expect(spill.size).toBe(keys.reduce((n, k) => n + encoder.encode(k).length, 0) + long.length);
    spill.close();
    expect(spillsIn(dir)).toEqual([]);
  });

  it('keeps a key store exact when every key has the same digest', () => {
    const dir = tempDir();
    const spills = new KeySpills(dir);
    const store = new KeyStore({ spill: spills.make(), digest: (_b, _l, out) => out.fill(1) });
    const keys = ['', 'R-1', 'R-1 ', 'Zoë', 'A\uD800', 'A\uFFFD', 'x'.repeat(200_000), ...Array.from({ length: 300 }, (_, i) => `K${i}`)];
    keys.forEach((k, i) => expect(store.add(k, i).added).toBe(true));
    keys.forEach((k, i) => {
      expect(store.find(k)).toBe(i);
      expect(store.keyAt(i)).toBe(k);
    });
    expect(store.find('K300')).toBe(-1);
    expect(store.find('x'.repeat(199_999))).toBe(-1);
    expect(spillsIn(dir)).toHaveLength(1);
    spills.close();
    expect(spillsIn(dir)).toEqual([]);
  });
});

/** The CLI on `file` with its temporary folder `tmp`. */
function cli(file: string, tmp: string, args: string[] = []) {
  return spawn(process.execPath, [path.join(ROOT, 'bin/referral-lint.js'), file, '-f', 'csv-agencies', '--no-progress', '--jobs', '1', ...args], {
    env: { ...process.env, TMPDIR: tmp, TMP: tmp, TEMP: tmp },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

function generated(dir: string, count: number): string {
  const file = path.join(dir, 'referrals.ndjson');
  const fd = openSync(file, 'w');
  for (const chunk of exportChunks(generateReferrals({ count, seed: 5 }), 'ndjson')) writeSync(fd, chunk);
  closeSync(fd);
  return file;
}

describe('the CLI and its key spills', () => {
  it('leaves no spill after a run', async () => {
    const dir = tempDir();
    const tmp = tempDir();
    const child = cli(generated(dir, 200), tmp);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(1);
    expect(spillsIn(tmp)).toEqual([]);
  });

  it('removes its spills when SIGTERM stops it mid-run', async () => {
    const dir = tempDir();
    const tmp = tempDir();
    const child = cli(generated(dir, 20_000), tmp);
    const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
    // unique-referral opens two (ids, children) at its first referral.
    let seen: string[] = [];
    for (let i = 0; i < 600 && seen.length < 2; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      seen = spillsIn(tmp);
    }
    expect(seen).toHaveLength(2);
    if (process.platform !== 'win32') for (const name of seen) expect(statSync(path.join(tmp, name)).mode & 0o777).toBe(0o600);
    child.kill('SIGTERM');
    const { code } = await closed;
    expect(code).toBe(143);
    expect(spillsIn(tmp)).toEqual([]);
  });
});

describe('KeySpills', () => {
  it('keeps the keys in memory when no file can be made in the temporary folder', () => {
    const spills = new KeySpills(path.join(tempDir(), 'missing', 'folder'));
    const store = new KeyStore({ spill: spills.make() });
    expect(store.add('R-1', 1).added).toBe(true);
    expect(store.add('R-1', 2).added).toBe(false);
    expect(store.keyAt(0)).toBe('R-1');
    spills.close();
  });
});

describe('a process that exits mid-run', () => {
  it('removes its spills on exit', async () => {
    const tmp = tempDir();
    const script = `import { KeySpills } from ${JSON.stringify(path.join(ROOT, 'dist/src/run/key-spill.js'))}; const s = new KeySpills(${JSON.stringify(tmp)}); s.make().append(new Uint8Array([1])); process.exit(0);`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'ignore' });
    expect(await new Promise((resolve) => child.on('close', resolve))).toBe(0);
    expect(spillsIn(tmp)).toEqual([]);
  });
});

// Every report format's output on the sample fixtures, pinned byte for byte. A change in
// structure (moving files, splitting modules) must leave these untouched; a change a user
// should see updates the golden files deliberately: `UPDATE_GOLDEN=1 npx vitest run test/golden-outputs.test.ts`.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORMAT_NAMES } from '../src/report/names.js';
import { run } from './cli-run.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const GOLDEN = path.join(ROOT, 'test/golden');
const NOW = '2026-11-01T06:00:00Z';

const SCENARIOS: Record<string, string[]> = {
  fixtures: ['fixtures/'],
  'five-level': ['fixtures/', '--config', 'fixtures/configs/five-level.config.yaml'],
  plugin: ['fixtures/', '--config', 'fixtures/configs/plugin.config.yaml'],
};

function compare(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, actual);
  expect(existsSync(file), `missing golden file test/golden/${name} (UPDATE_GOLDEN=1 writes it)`).toBe(true);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

describe('report outputs are pinned on the fixtures', () => {
  for (const [scenario, args] of Object.entries(SCENARIOS)) {
    for (const format of FORMAT_NAMES) {
      it(`${scenario}: --format ${format}`, async () => {
        const r = await run(ROOT, [...args, '--format', format, '--now', NOW]);
        compare(`${scenario}.${format}.out`, `exit ${r.code}\n--- stderr\n${r.stderr}--- stdout\n${r.stdout}`);
      });
    }
  }

  for (const [name, args] of Object.entries({ help: ['--help'], 'print-config': ['--print-config', 'fixtures/2026-10-front-door.json'] })) {
    it(`${name}`, async () => {
      const r = await run(ROOT, args);
      compare(`${name}.out`, `exit ${r.code}\n--- stderr\n${r.stderr}--- stdout\n${r.stdout}`);
    });
  }

  it('--jobs 2 writes the same JSON report as one thread', async () => {
    const r = await run(ROOT, ['fixtures/', '--format', 'json', '--now', NOW, '--jobs', '2']);
    compare('fixtures.json.out', `exit ${r.code}\n--- stderr\n${r.stderr}--- stdout\n${r.stdout}`);
  });
});

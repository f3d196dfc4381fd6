// The web page's run (src/web/run.ts), under Node.js: for the same files, config, mapping and
// "now", its reports are byte for byte the command line's. The page itself, in a browser, is
// test/web-page.test.ts.
import { copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PAGE_FORMATS, PageSetupError, runPage, type PageFile } from '../src/web/run.js';
import { run } from './cli-run.js';
import { NOW } from './helpers.js';
import { ROOT, useTempDirs, write } from './temp-files.js';
import { toolInfo } from '../src/run/version.js';

const tempDir = useTempDirs('web-run');

/** A file of `dir` as the page has it: a File, named as the user's file is. */
function fileOf(dir: string, name: string): PageFile {
  return new File([readFileSync(path.join(dir, name))], name);
}

/** Copies files of the repository into a fresh folder (no config above it), by their names. */
function folderWith(files: readonly string[]): string {
  const dir = tempDir();
  for (const f of files) copyFileSync(path.join(ROOT, f), path.join(dir, path.basename(f)));
  return dir;
}

const SAMPLE = ['fixtures/2026-10-front-door.json', 'fixtures/2026-10-health.yaml', 'fixtures/2026-10-police.ndjson'];

describe('the web page run', () => {
  it('writes each downloadable report byte for byte as the command line does for the same files and --now', async () => {
    const dir = folderWith(SAMPLE);
    const names = SAMPLE.map((f) => path.basename(f));
    // Given in another order: the page reads files by name, as the command line reads a folder.
    const page = await runPage({ files: [...names].reverse().map((n) => fileOf(dir, n)), now: NOW, tool: toolInfo() });
    expect(page.result.summary.referrals).toBe(50);
    for (const format of PAGE_FORMATS) {
      const cli = await run(dir, [...names, '--format', format, '--now', NOW]);
      expect(cli.code).toBe(1);
      expect(page.report(format), format).toBe(cli.stdout);
    }
  });

  it('uses a config file as --config does: its name and hash in the report, its threshold model in the findings', async () => {
    const dir = folderWith([...SAMPLE, 'fixtures/configs/five-level.config.yaml']);
    const names = SAMPLE.map((f) => path.basename(f));
    const page = await runPage({ files: names.map((n) => fileOf(dir, n)), config: fileOf(dir, 'five-level.config.yaml'), now: NOW, tool: toolInfo() });
    const cli = await run(dir, [...names, '--config', 'five-level.config.yaml', '--format', 'json', '--now', NOW]);
    expect(page.report('json')).toBe(cli.stdout);
    expect(page.result.config).toEqual({ path: 'five-level.config.yaml', hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(page.configName).toBe('five-level.config.yaml');
    expect(page.timeZone).toBe('Europe/London');
  });

  it('reads "now" in the config\'s time zone and says which, for the page to show it as typed', async () => {
    const dir = folderWith(['fixtures/2026-10-police.ndjson']);
    write(dir, 'ny.config.yaml', 'timeZone: America/New_York\n');
    const page = await runPage({ files: [fileOf(dir, '2026-10-police.ndjson')], config: fileOf(dir, 'ny.config.yaml'), now: '2026-07-01T09:00', tool: toolInfo() });
    expect(page.timeZone).toBe('America/New_York');
    expect(page.result.summary.now).toBe('2026-07-01T13:00:00.000Z');
    expect((await runPage({ files: [fileOf(dir, '2026-10-police.ndjson')], now: '2026-07-01T09:00', tool: toolInfo() })).timeZone).toBe('Europe/London');
  });

  it('reads a CSV export with its mapping file as --mapping does, and an XLSX by a ready-made mapping found by its header', async () => {
    const dir = folderWith(['examples/form-export/2026-10-front-door.csv', 'examples/form-export/mapping.yaml', 'examples/annex-a/annex-a-list-3.xlsx']);
    const page = await runPage({
      files: [fileOf(dir, '2026-10-front-door.csv'), fileOf(dir, 'annex-a-list-3.xlsx')],
      mappings: [fileOf(dir, 'mapping.yaml')],
      now: NOW,
      tool: toolInfo(),
    });
    const cli = await run(dir, ['2026-10-front-door.csv', 'annex-a-list-3.xlsx', '--mapping', 'mapping.yaml', '--format', 'json', '--now', NOW]);
    expect(page.report('json')).toBe(cli.stdout);
    expect(page.result.files.map((f) => [f.path, f.table?.mapping])).toEqual([
      ['2026-10-front-door.csv', 'online-referral-form'],
      ['annex-a-list-3.xlsx', 'annex-a-list-3'],
    ]);
  });

  it('fails a broken file with its reason, and still reports the good one', async () => {
    const dir = folderWith(['fixtures/2026-10-police.ndjson']);
    write(dir, 'broken.json', '{"referrals": [ {"id": "A", ');
    const page = await runPage({ files: [fileOf(dir, 'broken.json'), fileOf(dir, '2026-10-police.ndjson')], now: NOW, tool: toolInfo() });
    // The page reads files by name, so the command line is given them in that order.
    const cli = await run(dir, ['2026-10-police.ndjson', 'broken.json', '--format', 'json', '--now', NOW]);
    expect(page.report('json')).toBe(cli.stdout);
    const broken = page.result.files.find((f) => f.path === 'broken.json')!;
    expect(broken.error).toMatch(/JSON/);
    expect(broken.line).toBe(1);
    expect(page.result.files.find((f) => f.path === '2026-10-police.ndjson')!.referrals).toBe(12);
  });

  it('refuses a config that names plugins, and a mapping name that is not a ready-made one, saying why', async () => {
    const dir = tempDir();
    write(dir, 'referral-lint.config.yaml', 'plugins:\n  - ./plugin.js\n');
    write(dir, 'a.json', '[]');
    await expect(runPage({ files: [fileOf(dir, 'a.json')], config: fileOf(dir, 'referral-lint.config.yaml'), tool: toolInfo() })).rejects.toThrow(
      new PageSetupError('referral-lint.config.yaml names plugins (./plugin.js): a plugin is a program, and the web page runs none. Use the command line for this config, or a copy of it without plugins'),
    );
    await expect(runPage({ files: [fileOf(dir, 'a.json')], mappings: ['annex-a-list-9'], tool: toolInfo() })).rejects.toThrow(/annex-a-list-9 is not a ready-made mapping/);
  });

  it('tells its progress in bytes read and referrals checked', async () => {
    const dir = folderWith(SAMPLE);
    const seen: { bytesRead: number; referrals: number; file: string }[] = [];
    const names = SAMPLE.map((f) => path.basename(f));
    await runPage({ files: names.map((n) => fileOf(dir, n)), now: NOW, tool: toolInfo() }, (p) => seen.push(p));
    const total = names.reduce((n, f) => n + readFileSync(path.join(dir, f)).length, 0);
    expect(seen.at(-1)).toEqual({ bytesRead: total, totalBytes: total, referrals: 50, file: '2026-10-police.ndjson' });
    expect(seen.map((s) => s.file)).toContain('2026-10-front-door.json');
  });

  it('counts in its progress only the bytes it will read: a file of no known format is failed unread', async () => {
    const dir = folderWith(['fixtures/2026-10-police.ndjson']);
    write(dir, 'notes.txt', 'not an export '.repeat(100));
    const seen: { bytesRead: number; totalBytes: number }[] = [];
    const page = await runPage({ files: [fileOf(dir, 'notes.txt'), fileOf(dir, '2026-10-police.ndjson')], now: NOW, tool: toolInfo() }, (p) => seen.push(p));
    const size = readFileSync(path.join(dir, '2026-10-police.ndjson')).length;
    expect(seen.at(-1)).toMatchObject({ bytesRead: size, totalBytes: size });
    expect(page.result.files.find((f) => f.path === 'notes.txt')).toMatchObject({ path: 'notes.txt', error: 'not a referral file: expected one of .json .yaml .yml .ndjson .jsonl .csv .tsv .xlsx' });
  });
});

describe('the web page on GitHub Pages', () => {
  it('has a workflow that builds the page and publishes that one file', () => {
    const workflow = parse(readFileSync(path.join(ROOT, '.github/workflows/pages.yml'), 'utf8')) as { on: { push: { branches: string[] } }; jobs: Record<string, { steps: { run?: string; uses?: string; with?: Record<string, string> }[] }> };
    expect(workflow.on.push.branches).toEqual(['main']);
    const steps = workflow.jobs.build!.steps;
    expect(steps.map((s) => s.run).filter(Boolean)).toContain('npm run build:web');
    expect(steps.find((s) => s.run?.includes('cp dist/web/referral-lint.html site/referral-lint.html'))).toBeDefined();
    expect(steps.find((s) => s.uses?.startsWith('actions/upload-pages-artifact'))?.with?.path).toBe('site');
    expect(workflow.jobs.deploy!.steps.map((s) => s.uses)).toEqual(['actions/deploy-pages@v4']);
  });
});

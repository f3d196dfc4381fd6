// The web page (dist/web/referral-lint.html, built by `npm test` before vitest runs) in headless
// Chromium, opened from file:// as an agency lead opens a copy from disk: its numbers are the
// command line's, its downloads are the command line's byte for byte, it makes no request but
// for its own file, axe finds no serious accessibility fault, and it shows no personal value
// unless asked. test/web-run.test.ts checks the run behind it under Node.js.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './browser.js';
import { run } from './cli-run.js';
import { canaryReferrals } from './helpers.js';
import { ROOT } from './temp-files.js';
import type { LintResult } from '../src/model/types.js';

const PAGE = path.join(ROOT, 'dist/web/referral-lint.html');
const PAGE_URL = pathToFileURL(PAGE).href;
// The page's "Check the referrals as at", and the command line's --now: UK time, which is UTC in November.
const NOW = '2026-11-01T09:00';
const SAMPLE = ['fixtures/2026-10-front-door.json', 'fixtures/2026-10-health.yaml', 'fixtures/2026-10-police.ndjson'];
const SLOW = 90_000;

describe('the web page in headless Chromium', () => {
  let browser: Browser | undefined;
  let missing: Error | undefined;
  let dir: string;
  const requests: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    if (!existsSync(PAGE)) throw new Error(`${PAGE} is missing: npm test builds it (node scripts/build-web.mjs) before vitest runs`);
    try {
      browser = await launchBrowser();
    } catch (error) {
      missing = error as Error;
    }
    dir = mkdtempSync(path.join(os.tmpdir(), 'referral-lint-web-'));
    for (const f of [...SAMPLE, 'examples/form-export/2026-10-front-door.csv', 'examples/form-export/mapping.yaml']) copyFileSync(path.join(ROOT, f), path.join(dir, path.basename(f)));
  }, SLOW);

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh page, opened from disk, every request and console problem logged. */
  async function open(): Promise<{ page: Page; context: BrowserContext }> {
    if (missing) throw missing;
    const context = await browser!.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
    // Every request any page or worker of the context makes passes here, and is let through only to be logged.
    await context.route('**/*', (route) => {
      requests.push(route.request().url());
      return route.continue();
    });
    context.on('request', (request) => requests.push(request.url()));
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(PAGE_URL, { waitUntil: 'load' });
    return { page, context };
  }

  /** Gives the page files and settings, presses "Check referrals", and waits for the results. */
  async function check(page: Page, files: string[], settings: { mapping?: string; personal?: boolean; now?: string } = {}): Promise<void> {
    await page.setInputFiles('#files', files.map((f) => path.join(dir, f)));
    if (settings.mapping) await page.setInputFiles('#mapping-file', path.join(dir, settings.mapping));
    if (settings.personal) await page.check('#personal');
    await page.fill('#now', settings.now ?? NOW);
    await page.click('#run');
    await page.waitForSelector('#results:not([hidden])', { timeout: SLOW });
  }

  /** The agency table as the page shows it, cell by cell. */
  async function agencyRows(page: Page): Promise<string[][]> {
    return page.$$eval('#agency-table tbody tr', (rows) => rows.map((row) => [...row.children].map((cell) => (cell.textContent ?? '').trim())));
  }

  const asRows = (result: LintResult): string[][] =>
    result.agencies.map((a) => [
      a.name,
      a.sector,
      String(a.referrals),
      a.score!.toFixed(1),
      { good: 'Good', 'requires-improvement': 'Requires improvement', inadequate: 'Inadequate' }[a.band!]!,
      a.cleanRate!.toFixed(1),
      String(a.errors),
      String(a.warnings),
    ]);

  async function download(page: Page, format: string): Promise<string> {
    const [file] = await Promise.all([page.waitForEvent('download'), page.click(`.downloads button[data-format="${format}"]`)]);
    return readFileSync((await file.path())!, 'utf8');
  }

  async function seriousViolations(page: Page): Promise<string[]> {
    const { violations } = await new AxeBuilder({ page }).analyze();
    return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  }

  it('is accessible before a run; shows the agency table of the CLI JSON report for the sample export, downloads the same JSON and CSV reports byte for byte, and refuses a request by its policy', async () => {
    const { page, context } = await open();
    expect(await seriousViolations(page)).toEqual([]);
    const names = SAMPLE.map((f) => path.basename(f));
    await check(page, names);
    const cli = await run(dir, [...names, '--format', 'json', '--now', NOW]);
    const result = JSON.parse(cli.stdout) as LintResult;
    expect(await agencyRows(page)).toEqual(asRows(result));
    expect(await agencyRows(page)).toHaveLength(9);
    // 31 referrals with problems, fewer than a page of 50: no "Show more referrals" (a button's display must not undo hidden).
    await expect(page.locator('#referral-count').textContent()).resolves.toBe('Showing 31 of 31 referrals with problems.');
    expect(await page.locator('#more').isHidden()).toBe(true);
    expect(await download(page, 'json')).toBe(cli.stdout);
    // Each finding links to its rule's section, which says what good looks like.
    const link = page.locator('#referrals a[href="#rule-consent-recorded"]').first();
    await expect(link.count()).resolves.toBeGreaterThan(0);
    await expect(page.locator('#rule-consent-recorded h4').textContent()).resolves.toMatch(/^consent-recorded: /);
    // The CSV report too is the command line's, byte for byte (test/web-run.test.ts checks every format under Node.js).
    expect(await download(page, 'csv')).toBe((await run(dir, [...names, '--format', 'csv', '--now', NOW])).stdout);
    // No console error or page error so far.
    expect(problems).toEqual([]);
    // A request the page's code might make, were it changed: the policy refuses it before it leaves.
    const refused = await page.evaluate(`new Promise((resolve) => {
      document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective), { once: true });
      fetch('https://example.org/collect').catch(() => undefined);
    })`);
    expect(refused).toBe('connect-src');
    // Nothing stored: no local storage, no database.
    expect(await page.evaluate('localStorage.length')).toBe(0);
    expect(await page.evaluate('indexedDB.databases().then((d) => d.length)')).toBe(0);
    // The only console errors are the browser's own reports of the refused request.
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.filter((p) => !/Content Security Policy/.test(p))).toEqual([]);
    problems.length = 0;
    await context.close();
  }, SLOW);

  it('filters the referrals by agency, check and severity, as the JSON report counts them', async () => {
    const { page, context } = await open();
    const names = SAMPLE.map((f) => path.basename(f));
    await check(page, names);
    const result = JSON.parse((await run(dir, [...names, '--format', 'json', '--now', NOW])).stdout) as LintResult;
    const count = (keep: (f: LintResult['referrals'][number]['findings'][number], agency: string) => boolean): number =>
      result.referrals.filter((r) => r.findings.some((f) => keep(f, r.agency))).length;
    const articles = async (): Promise<number> => page.locator('#referrals article').count();
    expect(await articles()).toBe(count(() => true));
    await page.selectOption('#filter-rule', 'consent-recorded');
    expect(await articles()).toBe(count((f) => f.ruleId === 'consent-recorded'));
    expect(await articles()).toBeGreaterThan(0);
    await page.selectOption('#filter-rule', '');
    await page.selectOption('#filter-severity', 'warning');
    expect(await articles()).toBe(count((f) => f.severity === 'warning'));
    await page.selectOption('#filter-severity', '');
    await page.selectOption('#filter-agency', 'Northumbria Police');
    expect(await articles()).toBe(count((_f, agency) => agency === 'Northumbria Police'));
    const rows = await page.locator('#referrals article tbody tr').count();
    expect(rows).toBe(result.referrals.filter((r) => r.agency === 'Northumbria Police').reduce((n, r) => n + r.findings.length, 0));
    await context.close();
  }, SLOW);

  it('takes dropped files: the exports to check, and a dropped *.config.yaml as the configuration', async () => {
    const { page, context } = await open();
    const police = readFileSync(path.join(dir, '2026-10-police.ndjson'), 'utf8');
    const config = readFileSync(path.join(ROOT, 'fixtures/configs/five-level.config.yaml'), 'utf8');
    // What a browser hands the page when files are dropped on it.
    await page.evaluate(`(([exportText, configText]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([exportText], '2026-10-police.ndjson'));
      dt.items.add(new File([configText], 'five-level.config.yaml'));
      document.getElementById('drop').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    })(${JSON.stringify([police, config])})`);
    await expect(page.locator('#chosen li').allTextContents()).resolves.toEqual([expect.stringMatching(/^2026-10-police\.ndjson \(\d+ KB\) Remove$/)]);
    await expect(page.locator('#config-remembered').textContent()).resolves.toMatch(/^Using the configuration five-level\.config\.yaml\./);
    await page.fill('#now', NOW);
    await page.click('#run');
    await page.waitForSelector('#results:not([hidden])', { timeout: SLOW });
    writeFileSync(path.join(dir, 'five-level.config.yaml'), config);
    const cli = JSON.parse((await run(dir, ['2026-10-police.ndjson', '--config', 'five-level.config.yaml', '--format', 'json', '--now', NOW])).stdout) as LintResult;
    expect(await agencyRows(page)).toEqual(asRows(cli));
    await expect(page.locator('#summary').textContent()).resolves.toContain('five-level.config.yaml');
    // Not remembered: the box was not ticked.
    expect(await page.evaluate('localStorage.length')).toBe(0);
    await context.close();
  }, SLOW);

  it('remembers a config file only when asked, byte for byte: after a reload its report names the same file and hash', async () => {
    const { page, context } = await open();
    writeFileSync(path.join(dir, 'five-level.config.yaml'), readFileSync(path.join(ROOT, 'fixtures/configs/five-level.config.yaml')));
    await page.setInputFiles('#config', path.join(dir, 'five-level.config.yaml'));
    expect(await page.evaluate('localStorage.length')).toBe(0);
    await page.check('#remember');
    await page.waitForFunction('localStorage.length === 1');
    await page.reload();
    await expect(page.locator('#config-remembered').textContent()).resolves.toMatch(/^Using the configuration five-level\.config\.yaml\./);
    await check(page, ['2026-10-police.ndjson']);
    const cli = await run(dir, ['2026-10-police.ndjson', '--config', 'five-level.config.yaml', '--format', 'json', '--now', NOW]);
    expect(await download(page, 'json')).toBe(cli.stdout);
    // Unticked, it is forgotten.
    await page.uncheck('#remember');
    await page.waitForFunction('localStorage.length === 0');
    await context.close();
  }, SLOW);

  it('lists a broken file with its reason, still reports the good one, and is accessible after the run', async () => {
    writeFileSync(path.join(dir, 'broken.json'), '{"referrals": [ {"id": "A", ');
    const { page, context } = await open();
    await check(page, ['broken.json', '2026-10-police.ndjson']);
    // Accessible after a run too: the results, with a failed file listed, a table of agencies, referrals and every check.
    expect(await seriousViolations(page)).toEqual([]);
    const failed = await page.locator('#failed li').allTextContents();
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatch(/^broken\.json \(line 1, column \d+\): .*JSON/);
    const cli = JSON.parse((await run(dir, ['broken.json', '2026-10-police.ndjson', '--format', 'json', '--now', NOW])).stdout) as LintResult;
    expect(await agencyRows(page)).toEqual(asRows(cli));
    expect(await page.locator('#referrals article').count()).toBe(cli.referrals.filter((r) => r.findings.length > 0).length);
    await context.close();
  }, SLOW);

  it('gives the CSV sample with its mapping the numbers of the JSON sample', async () => {
    const { page, context } = await open();
    await check(page, ['2026-10-front-door.csv'], { mapping: 'mapping.yaml' });
    const csvRows = await agencyRows(page);
    await page.reload();
    await check(page, ['2026-10-front-door.json']);
    const jsonRows = await agencyRows(page);
    // The CSV's table adds a column saying which checks its columns allowed.
    expect(csvRows.map((r) => r.slice(0, 8))).toEqual(jsonRows);
    // As many checks in force as the command line assessed and did not assess on that file.
    const cli = JSON.parse((await run(dir, ['2026-10-front-door.csv', '--mapping', 'mapping.yaml', '--format', 'json', '--now', NOW])).stdout) as LintResult;
    const coverage = cli.files[0]!.coverage!;
    expect(coverage.notAssessed.map((n) => n.ruleId)).toEqual(['suppression-valid']);
    const inForce = coverage.assessed.length + coverage.notAssessed.length;
    expect(csvRows.map((r) => r[8])).toEqual(jsonRows.map((r) => `1 of ${inForce}Whichsuppression-valid (on ${r[2]} referral${r[2] === '1' ? '' : 's'})`));
    await context.close();
  }, SLOW);

  it('with the personal-data box unticked, shows and downloads no canary value; ticked, it shows them after the same warning as the CLI', async () => {
    const { valid, invalid, MARKERS } = canaryReferrals();
    writeFileSync(path.join(dir, 'planted.json'), JSON.stringify({ referrals: [valid, invalid] }));
    const { page, context } = await open();
    // British Summer Time: "now" is shown as it was typed, in UK time (08:00 UTC).
    await check(page, ['planted.json'], { now: '2026-07-01T09:00' });
    await expect(page.locator('#summary dd').last().textContent()).resolves.toBe('1 July 2026 at 09:00 UK time');
    const texts = [await page.locator('body').innerText(), await page.content()];
    for (const format of ['json', 'csv', 'sarif', 'html']) texts.push(await download(page, format));
    for (const text of texts) for (const marker of MARKERS) expect(text).not.toContain(marker);
    await page.reload();
    await check(page, ['planted.json'], { personal: true });
    await expect(page.locator('#personal-warning').textContent()).resolves.toMatch(/^Warning: Showing personal details: these reports will hold personal data about children/);
    const shown = await page.locator('body').innerText();
    expect(MARKERS.filter((m) => shown.includes(m)).length).toBeGreaterThan(0);
    // Unticked again, the results that show them leave the page (the downloads with them) until the next check.
    await page.uncheck('#personal');
    expect(await page.locator('#results').isHidden()).toBe(true);
    const after = await page.content();
    for (const marker of MARKERS) expect(after).not.toContain(marker);
    await expect(page.locator('#status').textContent()).resolves.toMatch(/^The results were cleared because the personal details setting changed/);
    await context.close();
  }, SLOW);

  // Last, so that it covers every page and worker the tests above opened: every file given, every download, every reload.
  it('made no request, in any test above, but for its own file', () => {
    expect(requests.length).toBeGreaterThan(10);
    expect(new Set(requests)).toEqual(new Set([PAGE_URL]));
  });
});

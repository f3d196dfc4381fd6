// End to end: the HTML report of the sample fixtures, opened in headless Chromium. It must
// make no request but its own file:// load, and its chart, heat map and tables must show
// the JSON result's numbers. The browser comes from test/browser.ts: CHROMIUM_PATH, else a
// system Chromium, else the one in the dev dependency @sparticuz/chromium.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInRules } from '../../rules/index.js';
import { DIMENSIONS } from '../../src/domain/codes.js';
import { lint } from '../../src/run/lint.js';
import { html } from '../../src/report/html.js';
import { json } from '../../src/report/json.js';
import type { LintResult } from '../../src/model/types.js';
import { launchBrowser } from '../browser.js';

// Browser globals used by the functions that run in the page (the project has no DOM lib).
declare const document: { documentElement: { scrollWidth: number; clientWidth: number } };
declare function getComputedStyle(element: unknown): { backgroundColor: string };

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCREENSHOT = path.join(ROOT, 'test-output', 'html-report.png');
// Two cores: starting Chromium and rendering take a while.
const SLOW = 60_000;

describe('html report in headless Chromium', () => {
  let result: LintResult;
  let dir: string;
  let file: string;
  let browser: Browser | undefined;
  let opened: Page | undefined;
  const requests: string[] = [];
  const problems: string[] = [];

  // Without a browser every test fails with the error that says how to provide one: none is skipped.
  let missing: Error | undefined;
  const page = (): Page => {
    if (missing) throw missing;
    if (!opened) throw new Error('the report page did not open: see the error of the setup hook');
    return opened;
  };

  beforeAll(async () => {
    try {
      browser = await launchBrowser();
    } catch (error) {
      missing = error as Error;
      return;
    }
    const run = await lint({ paths: ['fixtures/'], cwd: ROOT, now: '2026-11-01T06:00:00Z' });
    // Compare with the JSON report, the result as other tools read it.
    result = JSON.parse(json(run, {})) as LintResult;
    dir = mkdtempSync(path.join(os.tmpdir(), 'referral-lint-html-'));
    file = path.join(dir, 'report.html');
    writeFileSync(file, html(run, { rules: new Map(builtInRules.map((r) => [r.meta.id, r.meta])) }));

    const tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    tab.on('request', (request) => requests.push(request.url()));
    tab.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    tab.on('pageerror', (error) => problems.push(error.message));
    await tab.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    opened = tab;
  }, SLOW);

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('makes no request but the file:// page itself, and breaks no policy', async () => {
    await page().waitForLoadState('networkidle');
    expect(requests).toEqual([pathToFileURL(file).href]);
    expect(problems).toEqual([]);
    expect(await page().title()).toBe('Referral quality report, 1 November 2026 at 06:00 UTC');
  }, SLOW);

  it('draws one bar per agency with its score, its name and its printed value', async () => {
    const bars = await page().$$eval('svg.chart g.bar-row', (rows) =>
      rows.map((g) => ({
        agency: g.querySelector('rect.bar')?.getAttribute('data-agency'),
        score: g.querySelector('rect.bar')?.getAttribute('data-score'),
        label: g.querySelector('.bar-label')?.textContent,
        value: g.querySelector('.bar-value')?.textContent,
      })),
    );
    expect(bars).toEqual(result.agencies.map((a) => ({ agency: a.name, score: String(a.score), label: a.name, value: a.score!.toFixed(1) })));
    expect(bars).toHaveLength(9);
  }, SLOW);

  it('renders each bar with a width proportional to its score', async () => {
    const rects = page().locator('svg.chart rect.bar');
    expect(await rects.count()).toBe(result.agencies.length);
    const widths: number[] = [];
    for (let i = 0; i < result.agencies.length; i++) {
      const box = await rects.nth(i).boundingBox();
      expect(box, `bar ${i} is rendered`).not.toBeNull();
      widths.push(box!.width);
    }
    for (const w of widths) expect(w).toBeGreaterThan(100);
    // Pixels per score point, the same for every bar (to a pixel of rounding).
    const perPoint = widths[widths.length - 1]! / result.agencies[result.agencies.length - 1]!.score!;
    widths.forEach((w, i) => expect(Math.abs(w - perPoint * result.agencies[i]!.score!)).toBeLessThan(1));
    // Worst first: widths never shrink down the chart.
    expect([...widths].sort((a, b) => a - b)).toEqual(widths);
  }, SLOW);

  it('shows the JSON result’s dimension scores in the heat map', async () => {
    const cells = await page().$$eval('table.heatmap tbody td', (tds) =>
      tds.map((td) => ({
        agency: td.getAttribute('data-agency'),
        dimension: td.getAttribute('data-dimension'),
        score: td.getAttribute('data-score'),
        shown: td.querySelector('.value')?.textContent,
        background: getComputedStyle(td).backgroundColor,
      })),
    );
    const expected = result.agencies.flatMap((a) =>
      DIMENSIONS.map((d) => {
        const score = a.dimensions[d] ?? null;
        return { agency: a.name, dimension: d, score: score === null ? '' : String(score), shown: score === null ? '–' : score.toFixed(1) };
      }),
    );
    expect(cells.map(({ background: _, ...cell }) => cell)).toEqual(expected);
    // Bands have their colours: every red cell shares one background, unlike green and grey.
    const bg = (agency: string, dimension: string): string => cells.find((c) => c.agency === agency && c.dimension === dimension)!.background;
    expect(bg('South Tyneside District Hospital A&E', 'compliance')).toBe('rgb(252, 217, 212)');
    expect(bg('Ocean Road Medical Practice', 'completeness')).toBe('rgb(211, 240, 218)');
    expect(bg('South Tyneside District Hospital A&E', 'timeliness')).toBe('rgb(253, 234, 184)');
    expect(bg('POL', 'accuracy')).toBe('rgb(236, 239, 242)');
  }, SLOW);

  it('shows a rule’s applicable, failed and failure rate', async () => {
    const cells = await page().$$eval('#rule-table tr[data-rule="consent-recorded"] > *', (els) => els.map((e) => e.textContent!.replace(/\s+/g, ' ').trim()));
    const rule = result.rules.find((r) => r.id === 'consent-recorded')!;
    expect([rule.applicable, rule.failed]).toEqual([50, 6]);
    expect(cells[0]).toBe('consent-recorded');
    expect(cells.slice(2)).toEqual(['compliance', 'error', '50', '6', '12.0%']);
  }, SLOW);

  it('is readable: one h1, headings per section, a visible summary; saves a screenshot', async () => {
    expect(await page().locator('h1').allTextContents()).toEqual(['Referral quality report']);
    expect((await page().locator('h2').allTextContents()).map((t) => t.trim())).toEqual([
      'Summary',
      'Agency scores',
      'Scores by quality dimension',
      'How often each check failed',
      'Findings by agency',
      'Files and referrals that could not be checked',
    ]);
    expect(await page().locator('h3').count()).toBe(result.agencies.length);
    await expect.poll(() => page().locator('.card dd').first().isVisible()).toBe(true);
    // The body fits the viewport: no sideways scrolling at 1280 px.
    const overflow = await page().evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page().screenshot({ path: SCREENSHOT, fullPage: true });
    expect(existsSync(SCREENSHOT)).toBe(true);
  }, SLOW);
});

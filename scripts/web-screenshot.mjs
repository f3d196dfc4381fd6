// The README's picture of the web page (docs/images/web-page.png): the built page
// (npm run build:web) opened from disk, given the sample export, after its check. Run it by
// hand after the page changes: `node scripts/web-screenshot.mjs` (CHROMIUM_PATH names a
// Chromium or Chrome; default /usr/bin/chromium). It uses invented data only.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { BROWSER_ARGS } from '../test/browser-args.mjs';

const root = (file) => fileURLToPath(new URL(`../${file}`, import.meta.url));
const dir = mkdtempSync(path.join(os.tmpdir(), 'referral-lint-shot-'));
const files = ['2026-10-front-door.json', '2026-10-health.yaml', '2026-10-police.ndjson'].map((f) => {
  copyFileSync(root(`fixtures/${f}`), path.join(dir, f));
  return path.join(dir, f);
});
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: BROWSER_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 1500 }, deviceScaleFactor: 1 });
  await page.goto(pathToFileURL(root('dist/web/referral-lint.html')).href);
  await page.setInputFiles('#files', files);
  await page.fill('#now', '2026-11-01T09:00');
  await page.click('#run');
  await page.waitForSelector('#results:not([hidden])');
  // The results: summary, the score in words, the agency table and the first referral with problems.
  const box = await page.locator('#results').boundingBox();
  const clip = { x: 0, y: box.y - 16 + Number(process.argv[4] ?? 0), width: 1200, height: Number(process.argv[3] ?? 1400) };
  await page.screenshot({ path: process.argv[2] ? path.resolve(process.argv[2]) : root('docs/images/web-page.png'), clip, fullPage: true, animations: 'disabled' });
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}

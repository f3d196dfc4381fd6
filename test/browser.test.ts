// How the browser tests find their Chromium (test/browser.ts): the order, the flags that keep
// it off the network, and the errors that say how to provide one. Nothing is launched here.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BROWSER_ARGS, findBrowser } from './browser.js';

const THIS_FILE = fileURLToPath(import.meta.url);

describe('findBrowser', () => {
  it('takes CHROMIUM_PATH first, with the flags that keep Chromium off the network', async () => {
    const found = await findBrowser({ CHROMIUM_PATH: THIS_FILE });
    expect(found).toEqual({ source: 'CHROMIUM_PATH', executablePath: THIS_FILE, args: BROWSER_ARGS });
    for (const flag of ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']) {
      expect(found.args).toContain(flag);
    }
  });

  it('fails, naming the variable, when CHROMIUM_PATH does not exist', async () => {
    const missing = path.join(path.dirname(THIS_FILE), 'no-such-chromium');
    await expect(findBrowser({ CHROMIUM_PATH: missing })).rejects.toThrow(`CHROMIUM_PATH is set to ${missing}, which does not exist`);
  });

  it('rejects an unknown REFERRAL_LINT_TEST_BROWSER', async () => {
    await expect(findBrowser({ REFERRAL_LINT_TEST_BROWSER: 'firefox' })).rejects.toThrow('REFERRAL_LINT_TEST_BROWSER is "firefox"');
  });
});

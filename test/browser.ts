// Finds and starts the headless Chromium that the browser tests drive with playwright-core,
// on any machine with Node.js and the npm registry, in this order:
//   1. CHROMIUM_PATH, when set (it must name an existing file);
//   2. a system Chromium or Chrome (/usr/bin/chromium, /usr/bin/google-chrome, ...);
//   3. the headless Chromium that the dev dependency @sparticuz/chromium ships inside its npm
//      package (Linux x64), unpacked to the temporary folder on first use.
// REFERRAL_LINT_TEST_BROWSER=system or =bundled forces step 2 or 3 alone, so that either path
// can be tried on a machine that has both. When no browser is found or none starts, the
// error says how to provide one: a test that needs a browser fails, it is never skipped.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export interface BrowserExecutable {
  /** Where it came from: the CHROMIUM_PATH variable, the system, or @sparticuz/chromium. */
  source: 'CHROMIUM_PATH' | 'system' | 'bundled';
  executablePath: string;
  args: string[];
}

import { BROWSER_ARGS, SYSTEM_BROWSERS } from './browser-args.mjs';

export { BROWSER_ARGS, SYSTEM_BROWSERS };

const HOW_TO =
  'Set CHROMIUM_PATH to a Chromium or Chrome executable, install one at /usr/bin/chromium, ' +
  'or run `npm install` to get the dev dependency @sparticuz/chromium (a headless Chromium for Linux x64 inside its npm package).';

const SWITCH = 'REFERRAL_LINT_TEST_BROWSER';

/** The browser the tests will use; throws, saying what to do, when there is none. */
export async function findBrowser(env: NodeJS.ProcessEnv = process.env): Promise<BrowserExecutable> {
  const mode = env[SWITCH] ?? '';
  if (!['', 'system', 'bundled'].includes(mode)) {
    throw new Error(`${SWITCH} is "${mode}": leave it unset, or set it to "system" or "bundled".`);
  }
  if (mode === '' && env.CHROMIUM_PATH) {
    if (!existsSync(env.CHROMIUM_PATH)) {
      throw new Error(`CHROMIUM_PATH is set to ${env.CHROMIUM_PATH}, which does not exist. Point CHROMIUM_PATH at a Chromium or Chrome executable, or unset it to use the system's or the bundled one.`);
    }
    return { source: 'CHROMIUM_PATH', executablePath: env.CHROMIUM_PATH, args: BROWSER_ARGS };
  }
  if (mode !== 'bundled') {
    const found = SYSTEM_BROWSERS.find((file) => existsSync(file));
    if (found) return { source: 'system', executablePath: found, args: BROWSER_ARGS };
    if (mode === 'system') throw new Error(`${SWITCH}=system, but none of ${SYSTEM_BROWSERS.join(', ')} exists. ${HOW_TO}`);
  }
  return bundled();
}

async function bundled(): Promise<BrowserExecutable> {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`No browser found, and @sparticuz/chromium ships one for Linux x64 only (this is ${process.platform} ${process.arch}). ${HOW_TO}`);
  }
  let Chromium: typeof import('@sparticuz/chromium').default;
  try {
    Chromium = (await import('@sparticuz/chromium')).default;
  } catch (error) {
    throw new Error(`No browser found, and @sparticuz/chromium could not be loaded (${(error as Error).message}). ${HOW_TO}`);
  }
  let executablePath: string;
  try {
    executablePath = await Chromium.executablePath();
  } catch (error) {
    throw new Error(`No browser found, and @sparticuz/chromium could not unpack its Chromium (${(error as Error).message}). ${HOW_TO}`);
  }
  // Its build is chrome-headless-shell, which starts here with the same flags as a system
  // Chromium. The package's own `args` are meant for AWS Lambda and are left out: none is
  // needed here, and --single-process or --disable-web-security would make the browser behave
  // unlike the one a reader opens the report in.
  return { source: 'bundled', executablePath, args: BROWSER_ARGS };
}

/** Finds a browser and starts it headless; a failure to start names the executable and the fix. */
export async function launchBrowser(): Promise<Browser> {
  const found = await findBrowser();
  try {
    return await chromium.launch({ executablePath: found.executablePath, args: found.args, headless: true });
  } catch (error) {
    // @sparticuz/chromium reuses whatever file its unpacked path already holds, even a half-written one.
    const stale = found.source === 'bundled' ? ` If an earlier unpack was cut short, delete ${found.executablePath} and run again.` : '';
    throw new Error(`Chromium at ${found.executablePath} (${found.source}) did not start: ${(error as Error).message}\n${HOW_TO}${stale}`);
  }
}

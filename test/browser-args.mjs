// How the browser tests, the web page's benchmark (bench/web-page.mjs) and its screenshot
// (scripts/web-screenshot.mjs) start Chromium: plain JavaScript, so that the .mjs scripts can
// import it; test/browser.ts re-exports it with its types (browser-args.d.mts).

/**
 * The machine has no network: Chromium must not try to reach it (updates, sync, metrics).
 * Even with these flags Debian's Chromium still looks up update.googleapis.com and
 * accounts.google.com (seen with strace); the resolver rule answers every name but
 * localhost with "not found" inside the browser, so no lookup leaves it.
 */
export const BROWSER_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost',
];

/** Where a system Chromium or Chrome is, in the order they are looked for. */
export const SYSTEM_BROWSERS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

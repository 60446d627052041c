// A real browser for the checks that need one: Debian's Chromium, driven by playwright-core.
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { MissingToolError } from './clients.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Headless, and quiet: on a machine without internet, Chromium's background services would open
// connections that are refused, or time out, at every start.
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Runs `use` with a fresh headless Chromium, closed afterwards whatever happens. */
export async function withBrowser<T>(use: (browser: Browser) => Promise<T>): Promise<T> {
  if (!existsSync(CHROMIUM)) {
    throw new MissingToolError(
      `Chromium is not installed at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`,
    );
  }
  // Imported here, not at the top: playwright-core takes half a second to load, and every command
  // that imports a spec (npm run exercise list, grade --help) would pay it without a browser.
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 20_000 });
  try {
    return await use(browser);
  } finally {
    await browser.close();
  }
}

// Headless Chromium (Debian's /usr/bin/chromium) driven by playwright-core. Playwright never
// downloads a browser here: it is always given the executable, and the flags keep Chromium
// from reaching for the network at start.
import { chromium } from 'playwright-core';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches Chromium from `executablePath`; close the returned browser when done. */
export function launchChromium(executablePath) {
  return chromium.launch({ executablePath, headless: true, args: FLAGS });
}

/**
 * Opens `url` in a fresh page, forwarding uncaught page errors into `errors`.
 * Returns the page.
 */
export async function openPage(browser, url, errors = []) {
  const page = await browser.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  return page;
}

// `npm run screenshots`: builds the playground, serves it on a free port, and saves screenshots
// of it in Debian's Chromium (playwright-core; it never downloads a browser) at phone and
// desktop sizes into docs/screenshots/ (not tracked in git). CHROMIUM=/path overrides the browser.
import { chromium } from 'playwright-core';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPlayground } from './build.mjs';
import { startServer } from './server.mjs';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'docs', 'screenshots');
const SIZES = [
  { name: 'phone', width: 390, height: 844, mobile: true },
  { name: 'desktop', width: 1440, height: 960, mobile: false },
];

await mkdir(out, { recursive: true });
// Built into a temporary folder, so a test run building playground/dist is not disturbed.
const site = await mkdtemp(path.join(os.tmpdir(), 'descent-screenshots-'));
await buildPlayground({ out: site });
const server = await startServer({ root: site, port: 0 });
const url = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  for (const size of SIZES) {
    const context = await browser.newContext({ viewport: { width: size.width, height: size.height }, deviceScaleFactor: size.mobile ? 2 : 1, isMobile: size.mobile, hasTouch: size.mobile });
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForSelector('body[data-ready=true]');
    await page.waitForSelector('[data-testid=results][data-state=done]', { timeout: 60000 });
    await page.screenshot({ path: path.join(out, `${size.name}-first-screen.png`) });
    await page.screenshot({ path: path.join(out, `${size.name}-race.png`), fullPage: true });
    // Replay: the scrubber a third of the way through the race.
    await page.$eval('[data-testid=scrub]', (el) => {
      el.value = String(Math.floor(Number(el.max) / 3));
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await page.locator('.stage').screenshot({ path: path.join(out, `${size.name}-replay.png`) });
    // The training panel: train, then show a validation image on the pad.
    await page.waitForSelector('[data-testid=t-status][data-state=ready]', { timeout: 30000 });
    await page.click('[data-testid=t-train]');
    await page.waitForSelector('[data-testid=t-status][data-state=done]', { timeout: 120000 });
    await page.click('#pad-sample');
    await page.waitForSelector('[data-testid=prediction][data-digit]');
    await page.locator('#train').screenshot({ path: path.join(out, `${size.name}-training.png`) });
    await context.close();
    console.log(`${size.name}: ${size.width}×${size.height}`);
  }
} finally {
  await browser.close();
  server.close();
  await rm(site, { recursive: true, force: true });
}
console.log(`screenshots in ${path.relative(process.cwd(), out)}/`);

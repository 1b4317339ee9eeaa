// The README's page without a bundler ("Install"), as written: an import map sends
// 'descent-ml' to the single-file build, and a dataset is imported by path from the package's
// folder. Served from 127.0.0.1 with the package at /descent-ml/, in headless Chromium: the
// page shows iris's column means, so the dataset made its tensors with the single file's
// engine (one engine, no "import descent-ml first").
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, requireRuntime } from '../runtimes/locate.mjs';
import { launchChromium, openPage } from '../runtimes/chromium.mjs';
import { serveDirectory } from '../runtimes/static-server.mjs';

function readmePage() {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const install = readme.slice(readme.indexOf('## Install'), readme.indexOf('## A first example'));
  const fence = /```html\n([\s\S]*?)```/.exec(install);
  expect(fence, "the Install section's page").to.not.equal(null);
  // The fence is indented as part of a list item.
  return fence[1].replace(/^ {2}/gm, '');
}

describe("the README's page without a bundler (import map to the single file, a dataset by path)", function () {
  this.timeout(120000);

  it('runs in Chromium and shows the iris column means, with one engine', async function () {
    const chromium = requireRuntime(this, 'chromium');
    const site = mkdtempSync(join(tmpdir(), 'descent-page-'));
    symlinkSync(ROOT, join(site, 'descent-ml'), 'dir'); // the package's folder, as a server would expose it
    const page = `<!doctype html><html><head><title>descent-ml</title></head><body>\n${readmePage()}</body></html>`;
    const server = await serveDirectory(site, { '/': () => ({ type: 'text/html; charset=utf-8', body: page }) });
    const browser = await launchChromium(chromium.path);
    try {
      const errors = [];
      const tab = await openPage(browser, `${server.url}/`, errors);
      // The module replaces the page's text with the means (until then the body holds the scripts' text).
      await tab.waitForFunction(() => /^\s*\d/.test(document.body.textContent), null, { timeout: 60000 }).catch(() => {});
      const text = (await tab.evaluate(() => document.body.textContent)).trim();
      expect(errors, 'page errors').to.deep.equal([]);
      const means = text.split(',').map(Number);
      [5.843333, 3.057333, 3.758, 1.199333].forEach((m, i) => expect(means[i]).to.be.closeTo(m, 1e-5));
    } finally {
      await browser.close();
      await server.close();
      rmSync(site, { recursive: true, force: true });
    }
  });
});

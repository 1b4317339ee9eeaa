// The whole mocha suite, run again inside headless Chromium: every test/**/*.test.mjs file
// except the Node-only ones in test/node/ is imported by a page served from 127.0.0.1, with
// mocha's and chai's browser builds, and must pass there as it does in Node.
import { expect } from 'chai';
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { ROOT, requireRuntime } from '../runtimes/locate.mjs';
import { launchChromium, openPage } from '../runtimes/chromium.mjs';
import { serveDirectory } from '../runtimes/static-server.mjs';
import { buildImportMap } from '../browser/import-map.mjs';

const TEST_TIMEOUT = 120000;

/** The suite's test files as URLs, in a stable order, without the Node-only ones. */
export function browserTestFiles() {
  const testDir = join(ROOT, 'test');
  return readdirSync(testDir, { recursive: true })
    .map((f) => String(f))
    .filter((f) => f.endsWith('.test.mjs') && !f.startsWith(`node${sep}`))
    .sort()
    .map((f) => '/' + relative(ROOT, join(testDir, f)).split(sep).join('/'));
}

function suitePage() {
  const importMap = JSON.stringify(buildImportMap(ROOT));
  return `<!doctype html>
<meta charset="utf-8">
<title>descent tests</title>
<div id="mocha"></div>
<script type="importmap">${importMap}</script>
<script src="/node_modules/mocha/mocha.js"></script>
<script type="module" src="/test/browser/run-mocha.mjs"></script>
`;
}

describe('the whole mocha suite in headless Chromium', function () {
  this.timeout(600000);

  it('passes every test file outside test/node/', async function () {
    const chromium = requireRuntime(this, 'chromium');
    const files = browserTestFiles();
    const server = await serveDirectory(ROOT, {
      '/__suite/index.html': () => ({ type: 'text/html; charset=utf-8', body: suitePage() }),
      '/__suite/files.json': () => ({ type: 'application/json', body: JSON.stringify({ files, timeout: TEST_TIMEOUT }) }),
    });
    const browser = await launchChromium(chromium.path);
    try {
      const errors = [];
      const page = await openPage(browser, `${server.url}/__suite/index.html`, errors);
      await page.waitForFunction(() => window.__suiteResult !== undefined, null, { timeout: 540000, polling: 250 });
      const result = await page.evaluate(() => window.__suiteResult);
      const summary = `${result.passes} passing, ${result.pending} pending, ${result.failures.length} failing ` +
        `(${result.files} files, Chromium ${browser.version()})`;
      console.log(`      in Chromium: ${summary}`);
      const report = result.failures.map((f) => `${f.title}\n${f.error}`).join('\n\n');
      expect(result.failures.length, `failures in Chromium:\n${report}`).to.equal(0);
      expect(result.passes, 'tests that ran in Chromium').to.be.above(0);
      expect(errors, 'uncaught page errors').to.deep.equal([]);
    } finally {
      await browser.close();
      await server.close();
    }
  });
});

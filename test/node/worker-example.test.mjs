// examples/worker-training: a page that trains in a Web Worker with d.fitAsync and draws the
// loss as progress events arrive, in headless Chromium. Checked: epochs are drawn while the
// page keeps rendering frames (counted, never timed), Stop aborts the run in the worker
// (fitAsync yields, so the worker receives the message), and a short run completes.
import { expect } from 'chai';
import { ROOT, requireRuntime } from '../runtimes/locate.mjs';
import { launchChromium, openPage } from '../runtimes/chromium.mjs';
import { serveDirectory } from '../runtimes/static-server.mjs';

describe('examples/worker-training: training in a Web Worker', function () {
  this.timeout(120000);
  let server = null;
  let browser = null;

  before(async function () {
    const chromium = requireRuntime(this, 'chromium');
    server = await serveDirectory(ROOT);
    browser = await launchChromium(chromium.path);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const points = (page) => page.evaluate(() => document.getElementById('loss').getAttribute('points').split(' ').filter(Boolean).length);
  const frames = (page) => page.evaluate(() => Number(document.getElementById('frames').textContent));
  const status = (page) => page.evaluate(() => document.getElementById('status').textContent);

  it('draws the loss epoch by epoch, keeps the page rendering, and stops on Stop', async () => {
    const errors = [];
    const page = await openPage(browser, `${server.url}/examples/worker-training/index.html?epochs=100000`, errors);
    await page.waitForSelector('#start:not([disabled])', { timeout: 60000 });
    await page.click('#start');
    await page.waitForFunction(() => document.getElementById('loss').getAttribute('points').split(' ').filter(Boolean).length >= 3, null, { timeout: 60000, polling: 50 });
    const framesWhileTraining = await frames(page);
    await page.waitForFunction((f) => Number(document.getElementById('frames').textContent) > f + 2, framesWhileTraining, { timeout: 60000, polling: 50 });
    expect(await page.evaluate(() => document.body.dataset.state), 'still training while frames were drawn').to.equal('training');
    await page.click('#stop');
    await page.waitForFunction(() => document.body.dataset.state !== 'training', null, { timeout: 60000, polling: 50 });
    expect(await page.evaluate(() => document.body.dataset.state), await status(page)).to.equal('aborted');
    expect(await status(page)).to.match(/^aborted: fitAsync: aborted at epoch \d+, batch \d+; the model keeps the weights of the last completed step/);
    expect(await points(page)).to.be.at.least(3);
    expect(errors).to.deep.equal([]);
  });

  it('a short run completes and reports its final loss and accuracy', async () => {
    const errors = [];
    const page = await openPage(browser, `${server.url}/examples/worker-training/index.html?epochs=4`, errors);
    await page.waitForSelector('#start:not([disabled])', { timeout: 60000 });
    await page.click('#start');
    await page.waitForFunction(() => document.body.dataset.state !== 'training', null, { timeout: 60000, polling: 50 });
    expect(await page.evaluate(() => document.body.dataset.state), await status(page)).to.equal('done');
    expect(await status(page)).to.match(/^done \(epochs\) · final loss \d+\.\d{4} · accuracy \d\.\d{3}$/);
    expect(await points(page)).to.equal(4);
    expect(errors).to.deep.equal([]);
  });
});

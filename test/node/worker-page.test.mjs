// examples/worker-training in headless Chromium: the page starts a module Web Worker that trains
// with d.fitAsync and posts its progress; the page draws the live loss chart. The worker's losses
// must be bit for bit the ones d.fit gives in Node for the same seeds, the chart must have one
// point per epoch, and Stop must abort a run at a batch boundary.
import { expect } from 'chai';
import * as d from '../../dist/index.js';
import { digits } from '../../dist/datasets/index.js';
import { ROOT, requireRuntime } from '../runtimes/locate.mjs';
import { launchChromium, openPage } from '../runtimes/chromium.mjs';
import { serveDirectory } from '../runtimes/static-server.mjs';

const EPOCHS = 4;

function lossesInNode() {
  const { x, y } = digits();
  const inputs = x.div(16);
  const model = new d.nn.Sequential(new d.nn.Linear(64, 32, { seed: 0 }), new d.nn.ReLU(), new d.nn.Linear(32, 10, { seed: 1 }));
  const history = d.fit(model, new d.optim.Adam(model.parameters(), { lr: 0.01 }), {
    data: new d.data.DataLoader({ x: inputs, y }, { batchSize: 64, shuffle: true, seed: 0 }),
    loss: 'crossEntropy', epochs: EPOCHS, metrics: ['accuracy'], progress: false,
  });
  model.dispose();
  x.dispose();
  inputs.dispose();
  return history.loss;
}

describe('examples/worker-training: training in a Web Worker, a live loss chart in the page (Chromium)', function () {
  this.timeout(120000);
  let browser = null;
  let server = null;
  let page = null;
  const errors = [];

  before(async function () {
    const chromium = requireRuntime(this, 'chromium');
    server = await serveDirectory(ROOT);
    browser = await launchChromium(chromium.path);
    page = await openPage(browser, `${server.url}/examples/worker-training/index.html`, errors);
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('trains in the worker with the same losses as d.fit in Node, one chart point per epoch', async () => {
    await page.fill('#epochs', String(EPOCHS));
    await page.click('#start');
    await page.waitForFunction(() => window.trainingLog.state !== 'training', null, { timeout: 90000 });
    const log = await page.evaluate(() => window.trainingLog);
    expect(errors, 'page errors').to.deep.equal([]);
    expect(log.state, JSON.stringify(log.final)).to.equal('done');
    const expected = lossesInNode();
    expect(log.final.loss, 'the history the worker returned').to.deep.equal(expected);
    expect(log.losses, 'the losses the page charted, one per epoch').to.deep.equal(expected);
    expect(log.losses.at(-1)).to.be.below(log.losses[0]);
    const points = await page.evaluate(() => document.querySelector('#chart svg path, #chart svg polyline')?.getAttribute('d') ?? document.querySelector('#chart svg polyline')?.getAttribute('points'));
    expect(points, 'the chart has a line').to.be.a('string');
    expect(await page.textContent('#status')).to.match(/^done: final loss/);
  });

  it('Stop aborts a run at a batch boundary; the page gets the epochs done', async () => {
    await page.fill('#epochs', '200');
    await page.click('#start');
    await page.waitForFunction(() => window.trainingLog.losses.length >= 1, null, { timeout: 90000 });
    await page.click('#stop');
    await page.waitForFunction(() => window.trainingLog.state !== 'training', null, { timeout: 90000 });
    const log = await page.evaluate(() => window.trainingLog);
    expect(log.state).to.equal('stopped');
    expect(log.final.loss.length).to.be.within(1, 199);
    expect(await page.isEnabled('#start')).to.equal(true);
    expect(errors, 'page errors').to.deep.equal([]);
  });
});

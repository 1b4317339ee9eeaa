// The playground as people use it, in Debian's Chromium (playwright-core, never a downloaded
// browser), at a phone's size and a desktop's: nothing overflows sideways, the map and Run come
// first, the start point is dragged, a link reproduces a race, sliders re-run it, the legend
// and every slider name their optimizer, a 20,000-step race never blocks the page and stops
// on demand, and the training panel learns the digits in a worker to ≥ 95 % validation
// accuracy with the same numbers as d.fit in Node. Node-only (server and browser).
import { expect } from 'chai';
import * as d from '../../dist/index.js';
import { digits } from '../../dist/datasets/index.js';
import { expectSameAsNode, finishedRace, startPlaygroundBrowser } from './playground-helpers.mjs';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 960 };

/** Elements (outside a scrolling box) that reach past the viewport's right edge, and the page's scroll width. */
async function overflow(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const inScroller = (el) => {
      for (let p = el.parentElement; p; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o === 'auto' || o === 'scroll') return true;
      }
      return false;
    };
    const wide = [...document.body.querySelectorAll('*')]
      .filter((el) => el.getBoundingClientRect().right > width + 0.5 && !inScroller(el))
      .map((el) => `${el.tagName.toLowerCase()}#${el.id}.${el.className}`);
    return { scrollWidth: document.documentElement.scrollWidth, width, wide };
  });
}

/** The map's canvas position of a landscape point (MapView: margins 34 left, 12 right, 8 top). */
async function mapPosition(page, [x, y]) {
  const box = await page.locator('[data-testid=map]').boundingBox();
  const view = await page.evaluate(() => document.getElementById('landscape').value);
  const views = { rosenbrock: [-2, 2, -1, 3], himmelblau: [-5, 5, -5, 5] };
  const [xMin, xMax, yMin, yMax] = views[view];
  const plot = box.width - 34 - 12;
  return { x: box.x + 34 + ((x - xMin) / (xMax - xMin)) * plot, y: box.y + 8 + ((yMax - y) / (yMax - yMin)) * plot };
}

/** The accessible names of the sliders in the racer cards, from Chromium's accessibility tree. */
async function sliderNames(page) {
  const snapshot = await page.locator('#racers').ariaSnapshot();
  return [...snapshot.matchAll(/- slider "([^"]*)"/g)].map((m) => m[1]);
}

/** Long tasks (ms) of a page that runs nothing but 4 ms tasks back to back for `ms`. */
async function controlLongTasks(browser, ms) {
  const page = await browser.newPage();
  await page.setContent('<!doctype html><title>control</title>');
  const long = await page.evaluate((duration) => new Promise((resolve) => {
    const found = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) found.push(Math.round(e.duration)); }).observe({ type: 'longtask' });
    const channel = new MessageChannel();
    const end = performance.now() + duration;
    channel.port1.onmessage = () => {
      const t = performance.now();
      while (performance.now() - t < 4);
      if (performance.now() < end) channel.port2.postMessage(0);
      else setTimeout(() => resolve(found), 50);
    };
    channel.port2.postMessage(0);
  }), ms);
  await page.close();
  return long;
}

describe('playground in use (headless Chromium, phone and desktop)', function () {
  this.timeout(120000);
  let server;
  let browser;
  let base;
  const errors = [];

  async function open(viewport, query = '') {
    const context = await browser.newContext({ viewport, isMobile: viewport.width < 600, hasTouch: viewport.width < 600 });
    const page = await context.newPage();
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(`console.${m.type()}: ${m.text()}`); });
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    await page.goto(`${base}${query}`);
    await page.waitForSelector('body[data-ready=true]', { timeout: 30000 });
    return page;
  }

  before(async function () {
    ({ server, base, browser } = await startPlaygroundBrowser(this));
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
  });

  afterEach(() => {
    expect(errors, 'console errors and warnings').to.deep.equal([]);
  });

  it('phone: nothing overflows sideways; the map and Run are on the first screen; the default race has a winner', async () => {
    const page = await open(PHONE);
    const race = await finishedRace(page);
    const o = await overflow(page);
    expect(o.wide, 'elements past the right edge').to.deep.equal([]);
    expect(o.scrollWidth).to.be.at.most(PHONE.width);
    const map = await page.locator('[data-testid=map]').boundingBox();
    const run = await page.locator('[data-testid=run]').boundingBox();
    expect(map.x).to.be.at.least(0);
    expect(map.x + map.width).to.be.at.most(PHONE.width);
    expect(run.y + run.height).to.be.at.most(1.5 * PHONE.height);
    expect(map.y).to.be.lessThan(PHONE.height / 2);
    // The first impression: the default race ends with a winner, and the optimizers differ.
    expect(race.settings.landscape).to.equal('rosenbrock');
    const reached = race.rows.filter((r) => r.stepsToTolerance !== 'null').map((r) => Number(r.stepsToTolerance));
    expect(reached.length).to.be.at.least(1);
    expect(reached.length).to.be.lessThan(race.rows.length);
    expect(await page.textContent('#status')).to.match(/First within 0\.001 of the minimum: /);
    expectSameAsNode(race);
    // The training panel fits too.
    await page.locator('#train').scrollIntoViewIfNeeded();
    expect((await overflow(page)).wide).to.deep.equal([]);
    await page.context().close();
  });

  it('phone: dragging the start point, with the mouse or a finger, races from where it is dropped', async () => {
    const page = await open(PHONE);
    await finishedRace(page);
    const from = await mapPosition(page, [-1.2, 1]);
    const to = await mapPosition(page, [0.5, 2.5]);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 4 });
    // While dragging, the start point follows the pointer and no race runs.
    expect(await page.getAttribute('[data-testid=results]', 'data-state')).to.equal('idle');
    await page.mouse.move(to.x, to.y, { steps: 4 });
    await page.mouse.up();
    const dropped = (await page.getAttribute('[data-testid=map]', 'data-start')).split(',').map(Number);
    expect(dropped[0]).to.be.closeTo(0.5, 0.03);
    expect(dropped[1]).to.be.closeTo(2.5, 0.03);
    const race = await finishedRace(page);
    expect(race.settings.start).to.deep.equal(dropped);
    expect(new URL(page.url()).searchParams.get('s')).to.equal(dropped.join(','));
    expectSameAsNode(race);
    // The same with a finger (touch events through the DevTools protocol): the map does not
    // scroll the page, the start point follows the finger, and the race runs from where it lifts.
    const cdp = await page.context().newCDPSession(page);
    const a = await mapPosition(page, [0.5, 2.5]);
    const b = await mapPosition(page, [-1, -0.5]);
    const scrollBefore = await page.evaluate(() => window.scrollY);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: a.x, y: a.y }] });
    for (let k = 1; k <= 6; k++) {
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: a.x + ((b.x - a.x) * k) / 6, y: a.y + ((b.y - a.y) * k) / 6 }] });
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    const touched = (await page.getAttribute('[data-testid=map]', 'data-start')).split(',').map(Number);
    expect(touched[0]).to.be.closeTo(-1, 0.03);
    expect(touched[1]).to.be.closeTo(-0.5, 0.03);
    expect(await page.evaluate(() => window.scrollY)).to.equal(scrollBefore);
    const fingerRace = await finishedRace(page);
    expect(fingerRace.settings.start).to.deep.equal(touched);
    await page.context().close();
  });

  it('desktop: the map is the largest thing on the page, nothing overflows, and Tab starts at the map and Run', async () => {
    const page = await open(DESKTOP);
    await finishedRace(page);
    expect((await overflow(page)).wide).to.deep.equal([]);
    const map = await page.locator('[data-testid=map]').boundingBox();
    const others = await page.$$eval('canvas:not([id^=map-])', (cs) => cs.map((c) => c.getBoundingClientRect().width * c.getBoundingClientRect().height));
    expect(map.width).to.be.at.least(500);
    expect(map.width * map.height).to.be.greaterThan(Math.max(...others));
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement.id)).to.equal('map-overlay');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement.id)).to.equal('run');
    await page.context().close();
  });

  it('a link reproduces a race exactly (landscape, optimizers, settings, start, speed), also after a reload', async () => {
    const query = '?l=himmelblau&p=custom&s=-0.5,-1&n=150&tol=0.0001&v=40' +
      '&o=SGD:lr=0.01,momentum=0.5,nesterov=1~Adam:lr=0.03,beta1=0.8,beta2=0.99,eps=1e-8~RMSprop:lr=0.005,alpha=0.9,eps=1e-8,momentum=0,centered=1';
    const page = await open(DESKTOP, query);
    const race = await finishedRace(page);
    expect(race.settings).to.deep.equal({
      landscape: 'himmelblau', start: [-0.5, -1], steps: 150, tolerance: 0.0001, divergeLimit: 10000,
      racers: [
        { type: 'SGD', options: { lr: 0.01, momentum: 0.5, nesterov: true } },
        { type: 'Adam', options: { lr: 0.03, eps: 1e-8, betas: [0.8, 0.99] } },
        { type: 'RMSprop', options: { lr: 0.005, alpha: 0.9, eps: 1e-8, momentum: 0, centered: true } },
      ],
    });
    expect(await page.inputValue('[data-testid=speed]')).to.equal('40');
    expectSameAsNode(race);
    await page.reload();
    await page.waitForSelector('body[data-ready=true]');
    const again = await finishedRace(page);
    expect(again).to.deep.equal(race);
    await page.context().close();
  });

  it('moving a slider re-runs the race with the new value, replacing the old race, and updates the link', async () => {
    const page = await open(DESKTOP, '?l=rosenbrock&s=-1.2,1&n=200&v=instant&o=SGD:lr=0.002,momentum=0.9,nesterov=0~Adam:lr=0.2,beta1=0.9,beta2=0.999,eps=1e-8');
    const first = await finishedRace(page);
    const slider = page.getByRole('slider', { name: /^Adam .*learning rate$/ });
    await slider.focus();
    await slider.press('ArrowLeft');
    await page.waitForFunction(() => JSON.parse(document.querySelector('[data-testid=results]').dataset.settings).racers[1].options.lr !== 0.2);
    const second = await finishedRace(page);
    expect(second.settings.racers[1].options.lr).to.equal(0.15);
    expect(second.rows[1].loss).to.not.equal(first.rows[1].loss);
    expect(second.rows).to.have.length(2);
    expect(new URL(page.url()).searchParams.get('o')).to.include('Adam:lr=0.15,');
    expectSameAsNode(second);
    await page.context().close();
  });

  it('the legend names each optimizer, and every slider is named by its optimizer', async () => {
    const page = await open(DESKTOP, '?p=adaptive');
    await finishedRace(page);
    const cards = await page.$$eval('#racers > li', (lis) => lis.map((li) => li.querySelector('.racer-name').textContent));
    expect(cards).to.have.length(7);
    const legend = await page.$$eval('[data-testid=legend] li', (lis) => lis.map((li) => li.textContent));
    expect(legend).to.have.length(cards.length);
    cards.forEach((name, k) => expect(legend[k]).to.include(name));
    const names = await sliderNames(page);
    expect(names).to.have.length(cards.length);
    cards.forEach((name, k) => expect(names[k]).to.match(new RegExp(`^${name} \\(.* line\\) learning rate$`)));
    // No two controls share a name.
    const all = await page.locator('#racers').ariaSnapshot();
    const controls = [...all.matchAll(/- (?:slider|spinbutton|checkbox|button) "([^"]*)"/g)].map((m) => m[1]);
    expect(new Set(controls).size).to.equal(controls.length);
    await page.context().close();
  });

  it('a 20,000-step instant race never blocks the page (no task over 50 ms) and Stop stops it', async function () {
    // A machine so loaded that Chromium reports long tasks for a page doing nothing but 4 ms
    // tasks cannot judge this; each attempt measures such a control page for as long, right
    // after the race. On a shared machine a time-budgeted slice is sometimes descheduled past
    // 50 ms in one attempt and not the next, while a race that blocks the page does so in every
    // attempt: so the playground must be clean in one of three attempts, and fails when it is
    // not and some attempt's control page was clean.
    this.timeout(240000);
    const page = await open(DESKTOP);
    await finishedRace(page);
    await page.fill('[data-testid=steps]', '20000');
    await page.selectOption('[data-testid=speed]', 'instant');
    const attempts = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      await page.evaluate(() => {
        window.longTasks = [];
        window.observer?.disconnect();
        window.observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) window.longTasks.push(Math.round(e.duration)); });
        window.observer.observe({ type: 'longtask' });
      });
      const began = Date.now();
      await page.click('[data-testid=run]');
      // Well into the race (thousands of steps, long paths to draw), then stop it.
      await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=status]')].some((c) => /^step (\d+)$/.test(c.textContent) && Number(c.textContent.slice(5)) >= 2000), null, { timeout: 60000 });
      await page.click('[data-testid=stop]');
      expect(await page.getAttribute('[data-testid=results]', 'data-state')).to.equal('stopped');
      const steps = () => page.$$eval('[data-testid=results] tbody tr', (trs) => trs.map((tr) => tr.dataset.steps));
      const atStop = await steps();
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      expect(await steps(), 'no step after Stop').to.deep.equal(atStop);
      expect(Number(atStop[0])).to.be.lessThan(20000);
      const longTasks = await page.evaluate(() => window.longTasks);
      const control = await controlLongTasks(browser, Date.now() - began);
      attempts.push({ longTasks, control });
      if (longTasks.length === 0) break;
    }
    await page.context().close();
    if (attempts.at(-1).longTasks.length > 0) {
      const clean = attempts.find((a) => a.control.length === 0);
      expect(clean, `long tasks ${JSON.stringify(clean?.longTasks)} while a control page had none (attempts: ${JSON.stringify(attempts)})`).to.equal(undefined);
      console.log(`    (not judged: the machine is too loaded; long tasks of a page doing only 4 ms tasks: ${attempts.map((a) => JSON.stringify(a.control)).join(', ')})`);
      this.skip();
    }
  });

  it('trains the digits network in a worker to ≥ 95 % validation accuracy, with d.fit\'s numbers, and reads a drawn digit', async function () {
    // Two trainings in a page: under a loaded CI machine (load 15+) the default 30 s waits ran out twice.
    this.timeout(240000);
    const page = await open(DESKTOP);
    await page.waitForSelector('[data-testid=t-status][data-state=ready]', { timeout: 30000 });
    await page.selectOption('[data-testid=t-schedule]', 'cosine');
    await page.fill('[data-testid=t-epochs]', '15');
    await page.click('[data-testid=t-train]');
    await page.waitForSelector('[data-testid=t-status][data-state=done]', { timeout: 60000 });
    const history = JSON.parse(await page.getAttribute('[data-testid=t-status]', 'data-history'));
    const config = JSON.parse(await page.getAttribute('[data-testid=t-status]', 'data-config'));
    expect(config).to.deep.equal({ optimizer: 'Adam', lr: 0.01, schedule: 'cosine', hidden: 64, batch: 32, epochs: 15 });
    expect(history.loss).to.have.length(15);
    expect(await page.getAttribute('[data-testid=t-status]', 'data-engine')).to.equal('fitAsync');
    expect(history.valAccuracy.at(-1)).to.be.at.least(0.95);

    // The same training in Node: the same numbers, bit for bit.
    const { x, y } = digits();
    const split = d.data.trainTestSplit(x, y, { testSize: 0.25, seed: 0, stratify: true });
    const scaler = new d.data.StandardScaler().fit(split.xTrain);
    const model = new d.nn.Sequential(new d.nn.Linear(64, 64, { init: 'he', seed: 1 }), new d.nn.ReLU(), new d.nn.Linear(64, 10, { init: 'xavier', seed: 2 }));
    const optimizer = new d.optim.Adam(model.parameters(), { lr: 0.01 });
    const node = d.fit(model, optimizer, {
      data: new d.data.DataLoader({ x: scaler.transform(split.xTrain), y: split.yTrain }, { batchSize: 32, shuffle: true, seed: 0 }),
      validation: { x: scaler.transform(split.xTest), y: split.yTest }, loss: 'crossEntropy', metrics: ['accuracy'], epochs: 15,
      scheduler: new d.optim.lrScheduler.CosineAnnealingLR(optimizer, { tMax: 15 }), progress: false,
    });
    expect(history.loss).to.deep.equal(node.loss);
    expect(history.valLoss).to.deep.equal(node.valLoss);
    expect(history.valAccuracy).to.deep.equal(node.valAccuracy);

    // A validation image on the pad: the network reads it as Node's copy does.
    await page.click('#pad-sample');
    await page.waitForSelector('[data-testid=prediction][data-digit]');
    const label = Number(await page.getAttribute('[data-testid=prediction]', 'data-label'));
    model.eval();
    const first = d.tensor(split.xTest.toFloat32Array().slice(0, 64), { shape: [1, 64] });
    const nodeDigit = d.noGrad(() => d.tidy(() => model.forward(scaler.transform(first)).argmax(1).toFloat32Array()[0]));
    expect(label).to.equal(split.yTest[0]);
    expect(Number(await page.getAttribute('[data-testid=prediction]', 'data-digit'))).to.equal(nodeDigit);
    // Drawing on the pad changes the reading: a vertical stroke down the middle.
    await page.click('#pad-clear');
    const pad = await page.locator('[data-testid=pad]').boundingBox();
    await page.mouse.move(pad.x + pad.width * 0.55, pad.y + pad.height * 0.06);
    await page.mouse.down();
    await page.mouse.move(pad.x + pad.width * 0.5, pad.y + pad.height * 0.94, { steps: 12 });
    await page.mouse.up();
    await page.waitForFunction(() => /The network reads \d/.test(document.querySelector('[data-testid=prediction]').textContent));
    // Stop ends a long training part-way (d.fitAsync's AbortSignal), keeping the epochs so far.
    await page.fill('[data-testid=t-epochs]', '200');
    await page.click('[data-testid=t-train]');
    await page.waitForFunction(() => /^Epoch [1-9]/.test(document.querySelector('[data-testid=t-status]').textContent), null, { timeout: 60000 });
    await page.click('[data-testid=t-stop]');
    await page.waitForSelector('[data-testid=t-status][data-state=stopped]', { timeout: 30000 });
    const stopped = JSON.parse(await page.getAttribute('[data-testid=t-status]', 'data-history'));
    expect(stopped.loss.length).to.be.within(1, 199);
    await page.context().close();
  });
});

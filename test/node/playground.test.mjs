// The optimizer playground in headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core): it loads without console errors, races optimizers, and its results table
// shows the very numbers descent computes here in Node for the same settings. Node-only (it
// starts a server and a browser), so it lives in test/node/, which the browser run skips.
import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as d from '../../dist/index.js';
import { buildPlayground } from '../../playground/build.mjs';
import { startServer } from '../../playground/server.mjs';
import { expectSameAsNode, finishedRace, runRace, setInput, startPlaygroundBrowser } from './playground-helpers.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('playground (headless Chromium)', function () {
  this.timeout(180000);
  let server;
  let browser;
  let page;
  let url;
  const errors = [];

  before(async function () {
    ({ server, base: url, browser } = await startPlaygroundBrowser(this));
    page = await browser.newPage({ viewport: { width: 1440, height: 960 } });
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(`console.${m.type()}: ${m.text()}`); });
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    await page.goto(url);
    await page.waitForSelector('body[data-ready=true]', { timeout: 30000 });
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
  });

  it('serves on 127.0.0.1 only and refuses paths outside its folder', async () => {
    expect(server.address().address).to.equal('127.0.0.1');
    const outside = await fetch(`${url}..%2f..%2fpackage.json`);
    expect([400, 404]).to.include(outside.status);
    const index = await fetch(url);
    expect(index.status).to.equal(200);
    expect(index.headers.get('content-type')).to.match(/^text\/html/);
    // Cross-origin isolated (COOP/COEP), as descent's threads need in a browser.
    expect(index.headers.get('cross-origin-opener-policy')).to.equal('same-origin');
    expect(index.headers.get('cross-origin-embedder-policy')).to.equal('require-corp');
    expect(await page.evaluate(() => globalThis.crossOriginIsolated)).to.equal(true);
  });

  it('loads with no console errors and offers every landscape', async () => {
    const ids = await page.$$eval('[data-testid=landscape] option', (os) => os.map((o) => o.value));
    expect(ids).to.include.members(['rosenbrock', 'beale', 'himmelblau', 'rastrigin', 'saddle', 'quadratic', 'noisy-quadratic']);
    expect(errors).to.deep.equal([]);
  });

  it('races on Himmelblau from a typed start point, with the same final points as Node', async () => {
    await page.selectOption('[data-testid=landscape]', 'himmelblau');
    await page.selectOption('[data-testid=preset]', 'showdown');
    await setInput(page, 'start-x', -0.5);
    await setInput(page, 'start-y', -1);
    await setInput(page, 'steps', 150);
    await page.selectOption('[data-testid=speed]', '10');
    const race = await runRace(page);
    expect(race.settings.start).to.deep.equal([-0.5, -1]);
    expect(race.settings.steps).to.equal(150);
    expectSameAsNode(race);
    expect(errors).to.deep.equal([]);
  });

  it('shows SGD jitter on the noisy quadratic with noise from the seeded generator', async () => {
    await page.selectOption('[data-testid=landscape]', 'noisy-quadratic');
    await page.selectOption('[data-testid=preset]', 'showdown');
    await setInput(page, 'steps', 120);
    const race = await runRace(page);
    // The page draws ξₜ ~ N(0, 1) for all steps at once with seed 7.
    const noise = d.tidy(() => d.randn([race.settings.steps, 2], { seed: 7 }).mul(1).toFloat32Array());
    expectSameAsNode(race, noise);
    const sgd = race.rows[0];
    expect(sgd.status).to.equal('finished');
    // Noise keeps plain SGD jittering around the minimum instead of settling on it.
    expect(Number(sgd.loss)).to.be.greaterThan(1e-4);
    expect(errors).to.deep.equal([]);
  });

  it('learning-rate preset: too small crawls, too large overshoots, side by side', async () => {
    await page.selectOption('[data-testid=landscape]', 'quadratic');
    await page.selectOption('[data-testid=preset]', 'learning-rate');
    await setInput(page, 'steps', 200);
    const race = await runRace(page);
    expectSameAsNode(race);
    const [small, good, large] = race.rows.map((r) => Number(r.loss));
    expect(good).to.be.lessThan(1e-4);
    expect(small).to.be.greaterThan(100 * good);
    expect(large).to.be.greaterThan(100 * good);
    expect(errors).to.deep.equal([]);
  });

  it('adaptive methods on the ill-conditioned quadratic: every optimizer matches Node', async () => {
    await page.selectOption('[data-testid=landscape]', 'quadratic');
    await page.selectOption('[data-testid=preset]', 'adaptive');
    await setInput(page, 'steps', 150);
    const race = await runRace(page);
    expect(race.settings.racers.map((r) => r.type)).to.include.members(['Adam', 'RMSprop', 'Adagrad', 'Adadelta', 'NAdam', 'RAdam', 'Lion']);
    expectSameAsNode(race);
    expect(errors).to.deep.equal([]);
  });

  it('L-BFGS with a line search (closure steps) reaches the tolerance first on Rosenbrock', async () => {
    await page.selectOption('[data-testid=landscape]', 'rosenbrock');
    await page.selectOption('[data-testid=preset]', 'second-order');
    await setInput(page, 'steps', 100);
    const race = await runRace(page);
    expectSameAsNode(race);
    const lbfgs = race.settings.racers.findIndex((r) => r.type === 'LBFGS');
    expect(lbfgs).to.be.at.least(0);
    expect(race.settings.racers[lbfgs].options.lineSearchFn).to.equal('strong_wolfe');
    const reached = race.rows.map((r) => (r.stepsToTolerance === 'null' ? Infinity : Number(r.stepsToTolerance)));
    expect(reached[lbfgs]).to.be.lessThan(60);
    expect(Math.min(...reached.filter((_, k) => k !== lbfgs))).to.be.greaterThan(reached[lbfgs]);
    expect(errors).to.deep.equal([]);
  });

  it('reaches every control from the keyboard, and the map takes arrow keys and Enter', async () => {
    const focusable = await page.$$eval('select, input, button, [tabindex="0"]', (els) => els.map((e) => e.id).filter(Boolean));
    const reached = new Set();
    await page.focus('[data-testid=landscape]');
    for (let k = 0; k < 120 && reached.size < focusable.length; k++) {
      reached.add(await page.evaluate(() => document.activeElement?.id));
      await page.keyboard.press('Tab');
    }
    for (const id of ['landscape', 'preset', 'start-x', 'start-y', 'steps', 'run', 'map-overlay']) expect(reached, id).to.include(id);
    await page.selectOption('[data-testid=landscape]', 'rosenbrock');
    await page.focus('[data-testid=map]');
    const before = await page.getAttribute('[data-testid=map]', 'data-start');
    await page.keyboard.press('ArrowRight');
    const after = await page.getAttribute('[data-testid=map]', 'data-start');
    expect(after).to.not.equal(before);
    const unlabelled = await page.$$eval('input, select', (els) => els.filter((e) => !e.labels?.length && !e.getAttribute('aria-label')).map((e) => e.id));
    expect(unlabelled).to.deep.equal([]);
  });

  it('starts a race where the map is clicked', async () => {
    await page.selectOption('[data-testid=landscape]', 'rosenbrock');
    await page.selectOption('[data-testid=preset]', 'showdown');
    await setInput(page, 'steps', 500);
    await page.selectOption('[data-testid=speed]', '40');
    const map = page.locator('[data-testid=map]');
    const box = await map.boundingBox();
    // Click where the playground's start point (-1.2, 1) is drawn (see MapView: margins 34 left,
    // 12 right, 8 top; the square plot spans [-2, 2] × [-1, 3] and follows the page's width).
    const plot = box.width - 34 - 12;
    await map.click({ position: { x: 34 + ((-1.2 + 2) / 4) * plot, y: 8 + ((3 - 1) / 4) * plot } });
    expect(box.width).to.be.greaterThan(400);
    const race = await finishedRace(page);
    expect(race.settings.start).to.deep.equal([-1.2, 1]);
    expectSameAsNode(race);
    expect(errors).to.deep.equal([]);
  });

  it('builds to static files that work from a sub-folder of any static host', async () => {
    const host = await mkdtemp(path.join(os.tmpdir(), 'descent-playground-'));
    try {
      await buildPlayground({ out: path.join(host, 'some', 'where') });
      const other = await startServer({ root: host, port: 0 });
      const second = await browser.newPage();
      const problems = [];
      second.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
      second.on('pageerror', (e) => problems.push(e.message));
      await second.goto(`http://127.0.0.1:${other.address().port}/some/where/`);
      await second.waitForSelector('body[data-ready=true]', { timeout: 30000 });
      expect(await second.locator('[data-testid=results] tbody tr').count()).to.be.greaterThan(0);
      expect(problems).to.deep.equal([]);
      await second.close();
      await new Promise((resolve) => other.close(resolve));
    } finally {
      await rm(host, { recursive: true, force: true });
    }
  });
});

describe('playground drawing helpers', () => {
  let field;
  let draw;
  let optimizers;

  before(async () => {
    const built = path.join(root, 'playground', 'dist', 'js');
    if (!existsSync(path.join(built, 'field.js'))) await buildPlayground();
    field = await import(path.join(built, 'field.js'));
    draw = await import(path.join(built, 'draw.js'));
    optimizers = await import(path.join(built, 'optimizers.js'));
  });

  it('marching squares puts contour points on the level set (a cone, radius 7.5)', () => {
    const n = 21;
    const grid = new Float32Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) grid[i * n + j] = Math.sqrt((i - 10) ** 2 + (j - 10) ** 2);
    const segments = field.contourSegments(grid, n, n, 7.5);
    expect(segments.length).to.be.greaterThan(20);
    for (const [x0, y0, x1, y1] of segments) {
      for (const [x, y] of [[x0, y0], [x1, y1]]) {
        // Linear interpolation along cell edges of a cone: within a few hundredths of the circle.
        expect(Math.abs(Math.sqrt((x - 10) ** 2 + (y - 10) ** 2) - 7.5)).to.be.lessThan(0.05);
        expect(Number.isInteger(x) || Number.isInteger(y), 'on a cell edge').to.equal(true);
      }
    }
  });

  it('marching squares splits a saddle cell by its mean', () => {
    // Corners 1 0 / 0 1 (high top-left and bottom-right), mean 0.5.
    const saddle = new Float32Array([1, 0, 0, 1]);
    const rounded = (segments) => segments.map((s) => s.map((v) => Math.round(v * 1e9) / 1e9));
    // At 0.4 the centre is above: the high corners join, the contours cut off the low corners.
    expect(rounded(field.contourSegments(saddle, 2, 2, 0.4))).to.deep.equal([[0, 0.6, 0.4, 1], [0.6, 0, 1, 0.4]]);
    // At 0.6 the centre is below: the contours cut off the high corners.
    expect(rounded(field.contourSegments(saddle, 2, 2, 0.6))).to.deep.equal([[0, 0.4, 0.4, 0], [0.6, 1, 1, 0.6]]);
    expect(field.contourSegments(saddle, 2, 2, 2)).to.deep.equal([]);
  });

  it('clips paths to the plot box (Liang–Barsky)', () => {
    const box = { left: 0, top: 0, right: 10, bottom: 10 };
    expect(draw.clipSegment(-10, 5, 20, 5, box)).to.deep.equal([0, 5, 10, 5]);
    expect(draw.clipSegment(2, 2, 4, 6, box)).to.deep.equal([2, 2, 4, 6]);
    expect(draw.clipSegment(-5, -5, -1, 20, box)).to.equal(null);
    expect(draw.clipSegment(5, 5, 5e9, 5e9, box)).to.deep.equal([5, 5, 10, 10]);
    expect(draw.clipSegment(5, 5, NaN, 1, box)).to.equal(null);
  });

  it('round axis ticks: steps of 1, 2 or 5 times a power of ten', () => {
    expect(draw.ticks(-2, 2)).to.deep.equal([-2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2]);
    expect(draw.ticks(0, 500)).to.deep.equal([0, 100, 200, 300, 400, 500]);
    expect(draw.ticks(-5.12, 5.12)).to.deep.equal([-4, -2, 0, 2, 4]);
  });

  it('the learning-rate slider is a log ladder from 1e-5 to 10', () => {
    const ladder = optimizers.LEARNING_RATES;
    expect(ladder[0]).to.equal(1e-5);
    expect(ladder[ladder.length - 1]).to.equal(10);
    ladder.forEach((lr, k) => {
      expect(optimizers.learningRateIndex(lr)).to.equal(k);
      if (k > 0) expect(lr / ladder[k - 1]).to.be.within(1.1, 1.34);
    });
    expect(ladder).to.include.members([1e-3, 2e-3, 5e-3, 0.01, 0.05, 0.1, 1]);
  });
});

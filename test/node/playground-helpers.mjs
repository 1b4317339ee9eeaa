// Shared by the playground's Chromium tests: the same races computed in Node, and helpers
// that drive the page. Not a test file itself.
import { expect } from 'chai';
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';
import * as d from '../../dist/index.js';
import { buildPlayground } from '../../playground/build.mjs';
import { startServer } from '../../playground/server.mjs';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Builds the playground, serves it on a free port and launches Chromium. As the runtimes tests
 * do, a missing browser fails in CI and skips (with a message) elsewhere: pass mocha's `this`.
 */
export async function startPlaygroundBrowser(context) {
  if (!existsSync(CHROMIUM)) {
    if (process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
    console.log(`    (skipped: ${CHROMIUM} is missing; apt-get install -y chromium)`);
    context.skip();
  }
  await buildPlayground();
  const server = await startServer({ port: 0 });
  const base = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  return { server, base, browser };
}

// ---- the same races, computed in Node ----

/** The landscapes the playground races on: descent's test functions. */
export function landscape(id) {
  const f = d.optimize.functions;
  if (id === 'quadratic') return f.quadratic(25);
  if (id === 'noisy-quadratic') return f.quadratic(4);
  return f[id];
}

/** Runs one racer as torch would: zeroGrad, forward (+ ξₜ·p noise), backward, step. */
export function raceInNode(settings, racer, noise) {
  const f = landscape(settings.landscape);
  const p = d.tensor(settings.start, { requiresGrad: true });
  const optimizer = new d.optim[racer.type]([p], racer.options);
  const lossAt = () => d.noGrad(() => d.tidy(() => f(p).item()));
  const stopped = (x, y, loss) => !Number.isFinite(loss) || !(Math.abs(x) <= settings.divergeLimit && Math.abs(y) <= settings.divergeLimit);
  let [x, y] = p.toFloat32Array();
  let loss = lossAt();
  let steps = 0;
  while (steps < settings.steps && !stopped(x, y, loss)) {
    const t = steps;
    const objective = () => {
      const l = f(p);
      return noise ? l.add(d.tensor([noise[2 * t], noise[2 * t + 1]]).mul(p).sum()) : l;
    };
    d.tidy(() => {
      if (racer.type === 'LBFGS') {
        // L-BFGS re-evaluates the loss inside step, through a closure (as in torch).
        optimizer.step(() => {
          optimizer.zeroGrad();
          const l = objective();
          l.backward();
          return l;
        });
        return;
      }
      optimizer.zeroGrad();
      objective().backward();
      optimizer.step();
    });
    steps++;
    [x, y] = p.toFloat32Array();
    loss = lossAt();
  }
  p.dispose();
  return { x, y, loss, steps };
}

// ---- driving the page ----

export async function setInput(page, testid, value) {
  const input = page.locator(`[data-testid=${testid}]`);
  await input.fill(String(value));
  await input.dispatchEvent('change');
}

export async function runRace(page) {
  await page.click('[data-testid=run]');
  return finishedRace(page);
}

/** Waits for the race to end; returns its settings and its table rows. */
export async function finishedRace(page) {
  await page.waitForSelector('[data-testid=results][data-state=done]', { timeout: 90000 });
  const settings = JSON.parse(await page.getAttribute('[data-testid=results]', 'data-settings'));
  const rows = await page.$$eval('[data-testid=results] tbody tr', (trs) => trs.map((tr) => {
    const value = (id) => tr.querySelector(`[data-testid=${id}]`);
    return {
      steps: Number(tr.dataset.steps),
      x: value('final-x').dataset.value,
      y: value('final-y').dataset.value,
      loss: value('final-loss').dataset.value,
      xText: value('final-x').textContent,
      yText: value('final-y').textContent,
      status: value('status').textContent,
      stepsToTolerance: value('steps-to-tolerance').dataset.value,
    };
  }));
  return { settings, rows };
}

/** The page's six significant digits (or exponent form), as the table prints them. */
export function printed(v) {
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-4 || a >= 1e6)) return v.toExponential(5);
  return v.toPrecision(6);
}

export function expectSameAsNode({ settings, rows }, noise = null) {
  expect(rows.length, 'one table row per optimizer').to.equal(settings.racers.length);
  expect(rows.length).to.be.greaterThan(0);
  settings.racers.forEach((racer, k) => {
    const node = raceInNode(settings, racer, noise);
    const row = rows[k];
    const what = `${racer.type} ${JSON.stringify(racer.options)}`;
    expect(row.steps, `${what}: steps`).to.equal(node.steps);
    expect(Number(row.x), `${what}: final x`).to.equal(node.x);
    expect(Number(row.y), `${what}: final y`).to.equal(node.y);
    expect(Number(row.loss), `${what}: final loss`).to.equal(node.loss);
    expect(row.xText, `${what}: printed x`).to.equal(printed(node.x));
    expect(row.yText, `${what}: printed y`).to.equal(printed(node.y));
  });
}


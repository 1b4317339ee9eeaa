// d.tune: the search spaces, grid and random search, and Bayesian optimisation — its Gaussian
// process and expected improvement against scikit-learn / SciPy (fixture by
// tools/reference/scipy_gp.py), and the search itself against random search on Branin.
import { expect } from 'chai';
import * as d from '../../dist/index.js';
import { GaussianProcess } from '../../dist/tune/gp.js';
import { normalPdfCdf, expectedImprovement } from '../../dist/tune/gaussian.js';
import ref from '../fixtures/scipy_gp.mjs';
import { expectClose } from '../helpers/assert.mjs';

// Branin–Hoo: global minimum 0.397887 at (−π, 12.275), (π, 2.275), (9.42478, 2.475).
function branin({ x1, x2 }) {
  const b = 5.1 / (4 * Math.PI * Math.PI);
  const c = 5 / Math.PI;
  const t = 1 / (8 * Math.PI);
  return (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - t) * Math.cos(x1) + 10;
}
const BRANIN_SPACE = { x1: { low: -5, high: 10 }, x2: { low: 0, high: 15 } };

describe('tune: Gaussian process and expected improvement', () => {
  for (const kernel of ['matern52', 'rbf']) {
    it(`${kernel}: posterior mean, sd and log marginal likelihood match scikit-learn`, () => {
      const x = ref.x.map((p) => Float64Array.from(p));
      const gp = new GaussianProcess(kernel, x, Float64Array.from(ref.y)).withHyperparameters(ref.lengthscales, ref.noise);
      const { mean, sd } = gp.predict(ref.testX.map((p) => Float64Array.from(p)));
      const want = ref.cases[kernel];
      // the kernel's exp runs in float32, so agreement is to about 1e-5
      expectClose(mean, want.mean, { rtol: 1e-4, atol: 1e-4, what: 'mean' });
      expectClose(sd, want.sd, { rtol: 1e-3, atol: 1e-4, what: 'sd' });
      expectClose([gp.logLikelihood], [want.logLikelihood], { rtol: 1e-4, atol: 1e-3, what: 'log likelihood' });
    });
  }

  it('normal pdf and cdf match scipy.stats.norm, tails included', () => {
    const { pdf, cdf } = normalPdfCdf(ref.normal.z);
    expectClose(pdf, ref.normal.pdf, { rtol: 2e-6, atol: 0, what: 'pdf' });
    expectClose(cdf, ref.normal.cdf, { rtol: 2e-6, atol: 1e-15, what: 'cdf' });
  });

  it('expected improvement matches the closed form evaluated by SciPy', () => {
    const ei = expectedImprovement(Float64Array.from(ref.ei.mean), Float64Array.from(ref.ei.sd), ref.ei.best, ref.ei.xi);
    expectClose(ei, ref.ei.ei, { rtol: 2e-6, atol: 1e-12, what: 'EI' });
  });

  it('fitting the hyperparameters raises the marginal likelihood above fixed ones', () => {
    const x = ref.x.map((p) => Float64Array.from(p));
    const fixed = new GaussianProcess('matern52', x, Float64Array.from(ref.y)).withHyperparameters([2, 2], 0.2);
    const fitted = new GaussianProcess('matern52', x, Float64Array.from(ref.y)).fit();
    expect(fitted.logLikelihood).to.be.greaterThan(fixed.logLikelihood);
    const back = fitted.predict(x).mean;
    expectClose(back, ref.y, { atol: 0.1, what: 'fitted GP reproduces its data' });
  });
});

describe('tune: search', () => {
  it('bayesian finds a lower Branin value than random search with 30 trials, over several seeds', async function () {
    this.timeout(60000);
    const seeds = [0, 1, 2, 3];
    const bayes = [];
    const random = [];
    for (const seed of seeds) {
      bayes.push((await d.tune.bayesian(branin, BRANIN_SPACE, { trials: 30, seed })).best.value);
      random.push((await d.tune.randomSearch(branin, BRANIN_SPACE, { trials: 30, seed })).best.value);
    }
    const wins = seeds.filter((_, i) => bayes[i] < random[i]).length;
    expect(wins, `bayesian ${bayes} vs random ${random}`).to.be.at.least(3);
    const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;
    expect(mean(bayes)).to.be.below(mean(random));
    for (const v of bayes) expect(v).to.be.below(0.6); // global minimum 0.397887
  });

  it('randomSearch samples uniform, log-uniform, integer and choice dimensions; reproducible by seed', async () => {
    const space = { lr: { low: 1e-4, high: 1, log: true }, units: { low: 1, high: 4, integer: true }, act: ['relu', 'tanh'], p: { low: 0, high: 0.5 } };
    const run = (seed) => d.tune.randomSearch(() => 0, space, { trials: 400, seed });
    const a = await run(1);
    expect(a.trials.length).to.equal(400);
    expect((await run(1)).trials).to.deep.equal(a.trials);
    expect((await run(2)).trials).to.not.deep.equal(a.trials);
    const lrs = a.trials.map((t) => t.params.lr);
    expect(Math.min(...lrs)).to.be.at.least(1e-4);
    expect(Math.max(...lrs)).to.be.at.most(1);
    // log-uniform: a quarter of the draws in each decade-pair; half below 1e-2
    const belowMid = lrs.filter((v) => v < 1e-2).length / lrs.length;
    expect(belowMid).to.be.within(0.42, 0.58);
    const units = a.trials.map((t) => t.params.units);
    for (const k of [1, 2, 3, 4]) expect(units.filter((u) => u === k).length, `units ${k}`).to.be.within(70, 130);
    expect(units.every(Number.isInteger)).to.equal(true);
    expect(new Set(a.trials.map((t) => t.params.act))).to.deep.equal(new Set(['relu', 'tanh']));
    const ps = a.trials.map((t) => t.params.p);
    expect(Math.min(...ps)).to.be.at.least(0);
    expect(Math.max(...ps)).to.be.below(0.5);
  });

  it('gridSearch visits every combination, numeric ranges evenly (log ranges geometrically)', async () => {
    const seen = [];
    const r = await d.tune.gridSearch(
      (p) => (p.lr - 0.01) ** 2 + (p.opt === 'adam' ? 0 : 1) + p.layers,
      { lr: { low: 1e-4, high: 1, log: true }, opt: ['sgd', 'adam'], layers: { low: 1, high: 3, integer: true } },
      { points: 5, onTrial: (t, i) => seen.push(i) },
    );
    expect(r.trials.length).to.equal(5 * 2 * 3);
    expect(seen).to.deep.equal(r.trials.map((_, i) => i));
    const lrs = [...new Set(r.trials.map((t) => t.params.lr))];
    expectClose(lrs, [1e-4, 1e-3, 1e-2, 1e-1, 1], { rtol: 1e-5 });
    expect(r.best.params).to.deep.include({ opt: 'adam', layers: 1 });
    expectClose([r.best.params.lr], [0.01], { rtol: 1e-5 });
  });

  it('accepts async objectives, maximises on request and never picks a non-finite value', async () => {
    const objective = async ({ x }) => (x > 0.9 ? NaN : -((x - 0.3) ** 2));
    const r = await d.tune.bayesian(objective, { x: { low: 0, high: 1 } }, { trials: 15, seed: 4, maximize: true });
    expect(r.trials.length).to.equal(15);
    expect(Number.isFinite(r.best.value)).to.equal(true);
    expect(r.best.params.x).to.be.closeTo(0.3, 0.05);
    expect(r.best.value).to.equal(Math.max(...r.trials.map((t) => t.value).filter(Number.isFinite)));
  });

  it('bayesian does not repeat a trial of a discrete space', async () => {
    const r = await d.tune.bayesian(({ a, b }) => (a - 3) ** 2 + (b === 'y' ? 0 : 2), { a: { low: 0, high: 5, integer: true }, b: ['x', 'y', 'z'] }, { trials: 14, seed: 0 });
    const keys = r.trials.map((t) => `${t.params.a}/${t.params.b}`);
    expect(new Set(keys).size).to.equal(keys.length);
    expect(r.best.params).to.deep.equal({ a: 3, b: 'y' });
  });

  it('rejects bad spaces and options at the call', async () => {
    const f = () => 0;
    const fails = async (promise, type, pattern) => {
      let error = null;
      try {
        await promise;
      } catch (e) {
        error = e;
      }
      expect(error, String(pattern)).to.be.instanceOf(type);
      expect(error.message).to.match(pattern);
    };
    await fails(d.tune.randomSearch(3, { x: [1] }), TypeError, /randomSearch: objective must be a function/);
    await fails(d.tune.randomSearch(f, { x: { low: 2, high: 1 } }), RangeError, /space.x: low and high must be finite numbers with low ≤ high/);
    await fails(d.tune.randomSearch(f, { x: { low: 0, high: 1, log: true } }), RangeError, /space.x: a log range needs low > 0/);
    await fails(d.tune.gridSearch(f, { x: { low: 0.5, high: 3, integer: true } }), RangeError, /integer range needs integer bounds/);
    await fails(d.tune.bayesian(f, { x: [] }), RangeError, /space.x: a list of choices must not be empty/);
    await fails(d.tune.bayesian(f, {}), RangeError, /space has no dimensions/);
    await fails(d.tune.bayesian(f, { x: 'a' }), TypeError, /space.x must be/);
    await fails(d.tune.bayesian(f, { x: [1, 2] }, { trials: 0 }), RangeError, /trials must be an integer ≥ 1, got number 0/);
    await fails(d.tune.bayesian(f, { x: [1, 2] }, { kernel: 'linear' }), RangeError, /kernel must be 'matern52' or 'rbf'/);
    await fails(d.tune.randomSearch(() => 'x', { x: [1] }), TypeError, /objective must return a number/);
  });
});

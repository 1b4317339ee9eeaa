// d.optimize.minimize beyond the SciPy comparison: gradient descent through d.optim (checked
// step by step against plain float64 gradient descent), annealing and restarts on Rastrigin,
// Newton's behaviour on quadratics and at a saddle, the result's fields, and argument checks.
import { expect } from 'chai';
import * as d from '../../dist/index.js';
import { expectClose } from '../helpers/assert.mjs';

const F = d.optimize.functions;
const RASTRIGIN_BOX = [[-5.12, 5.12], [-5.12, 5.12]];

describe('optimize.minimize', () => {
  it("'gd' with SGD takes the steps x ← x − lr·∇f of float64 gradient descent", () => {
    const r = d.optimize.minimize(F.quadratic(10), [1.5, -1], { method: 'gd', lr: 0.05, maxIter: 30, trace: true });
    let x = [1.5, -1];
    const expected = [x];
    for (let k = 0; k < 30; k++) {
      x = [x[0] - 0.05 * x[0], x[1] - 0.05 * 10 * x[1]]; // ∇ ½(x² + 10y²) = (x, 10y)
      expected.push(x);
    }
    expect(r.trace.length).to.equal(31);
    expectClose(r.trace.flat(), expected.flat(), { rtol: 1e-4, atol: 1e-6, what: 'trace' });
    expect(r.status).to.equal(1);
    expect(r.success).to.equal(false);
    expect(r.message).to.equal('Maximum number of iterations has been exceeded.');
  });

  it("'gd' accepts any optimizer by name or class, with its options, and converges on a quadratic", () => {
    const byName = d.optimize.minimize(F.quadratic(10), [1.5, 1.5], { method: 'gd', optimizer: 'sgd', lr: 0.05, optimizerOptions: { momentum: 0.9 } });
    expect(byName.success).to.equal(true);
    expect(Math.hypot(...byName.x.toArray())).to.be.below(1e-3);
    const byClass = d.optimize.minimize(F.quadratic(4), [1.5, 1.5], { method: 'gd', optimizer: d.optim.Adam, lr: 0.05 });
    expect(byClass.success).to.equal(true);
    expectClose(byClass.x.toArray(), [0, 0], { atol: 1e-4 });
  });

  it('Newton solves a quadratic in one step, whatever its condition number', () => {
    const r = d.optimize.minimize(F.quadratic(1e4), [1.5, -2, 3], { method: 'newton' });
    expect(r.nit).to.equal(1);
    expectClose(r.x.toArray(), [0, 0, 0], { atol: 1e-6 });
    expect(r.nhev).to.equal(2);
  });

  it('Newton moves away from a saddle (damping makes every step descend); CG stops on it from the axis', () => {
    const r = d.optimize.minimize(F.saddle, [1, 1e-3], { method: 'newton', maxIter: 10 });
    expect(r.fun).to.be.below(-1);
    expect(Math.abs(r.x.toArray()[1])).to.be.above(1);
    const c = d.optimize.minimize(F.saddle, [1, 0], { method: 'cg' });
    expect(c.success).to.equal(true);
    expectClose(c.x.toArray(), [0, 0], { atol: 1e-6 });
  });

  it('local methods stop in a local minimum of Rastrigin; annealing finds the global one for every seed', () => {
    const local = d.optimize.minimize(F.rastrigin, [3.5, -2.5], { method: 'lbfgs' });
    expect(local.fun).to.be.above(1);
    for (const seed of [0, 1, 2]) {
      const r = d.optimize.minimize(F.rastrigin, [3.5, -2.5], { method: 'annealing', seed, bounds: RASTRIGIN_BOX, maxIter: 600 });
      expect(r.fun, `seed ${seed}`).to.be.below(1e-4);
      expectClose(r.x.toArray(), [0, 0], { atol: 1e-3, what: `seed ${seed}` });
      expect(r.nit).to.equal(600);
    }
  });

  it('annealing is reproducible by seed and differs across seeds; without polish it returns a visited point', () => {
    const run = (seed, polish) => d.optimize.minimize(F.rastrigin, [3.5, -2.5], { method: 'annealing', seed, bounds: RASTRIGIN_BOX, maxIter: 200, polish, trace: true });
    const a = run(5, false);
    const b = run(5, false);
    expect(a.trace).to.deep.equal(b.trace);
    expect(a.fun).to.equal(b.fun);
    expect(run(6, false).trace).to.not.deep.equal(a.trace);
    const [x, y] = a.x.toArray();
    expect(a.trace.some((p) => Math.fround(p[0]) === x && Math.fround(p[1]) === y)).to.equal(true);
    for (const p of a.trace) for (const v of p) expect(Math.abs(v)).to.be.at.most(5.12);
  });

  it('restarts: best of seeded runs, counted together, reproducible', () => {
    const opts = { method: 'lbfgs', restarts: 12, bounds: RASTRIGIN_BOX, seed: 3 };
    const r = d.optimize.minimize(F.rastrigin, [3.5, -2.5], opts);
    expect(r.runs.length).to.equal(13);
    expect(r.runs[0].x0).to.deep.equal([3.5, -2.5]);
    expect(r.fun).to.equal(Math.min(...r.runs.map((run) => run.fun)));
    expect(r.fun).to.be.below(1.0); // a lucky start lands in the origin's basin or next to it
    expect(r.nit).to.equal(r.runs.reduce((s, run) => s + run.nit, 0));
    for (const run of r.runs.slice(1)) for (const [i, v] of run.x0.entries()) expect(Math.abs(v)).to.be.at.most(5.12, `start ${i}`);
    const again = d.optimize.minimize(F.rastrigin, [3.5, -2.5], opts);
    expect(again.runs).to.deep.equal(r.runs);
  });

  it('returns x shaped like a tensor x0, the gradient as jac, and calls the callback every iteration', () => {
    const seen = [];
    const f = (x) => x.sub(d.tensor([[1, 2], [3, 4]])).mul(x.sub(d.tensor([[1, 2], [3, 4]]))).sum();
    const r = d.optimize.minimize(f, d.zeros([2, 2]), { method: 'cg', callback: (info) => void seen.push(info.nit) });
    expect(r.x.shape).to.deep.equal([2, 2]);
    expectClose(r.x.toArray(), [[1, 2], [3, 4]], { atol: 1e-5 });
    expect(r.jac.shape).to.deep.equal([2, 2]);
    expect(seen).to.deep.equal(Array.from({ length: r.nit }, (_, i) => i + 1));
    const stopped = d.optimize.minimize(F.rosenbrock, [-1.2, 1], { callback: (info) => info.nit === 3 });
    expect(stopped.nit).to.equal(3);
    expect(stopped.status).to.equal(4);
    expect(stopped.success).to.equal(false);
  });

  it('leaves no tensors behind but the result', () => {
    const before = d.memory().tensors;
    for (const method of ['cg', 'lbfgs', 'newton', 'gd', 'annealing']) {
      const r = d.optimize.minimize(F.beale, [1, 1], { method, maxIter: 20 });
      r.x.dispose();
      r.jac?.dispose();
    }
    expect(d.memory().tensors).to.equal(before);
  });

  it('reports a non-finite value instead of wandering', () => {
    const r = d.optimize.minimize((x) => x.log().sum(), [-1, 2], { method: 'cg' });
    expect(r.status).to.equal(3);
    expect(r.success).to.equal(false);
  });

  it('rejects bad arguments at the call', () => {
    const f = F.rosenbrock;
    expect(() => d.optimize.minimize(3, [1, 1])).to.throw(TypeError, /minimize: f must be a function/);
    expect(() => d.optimize.minimize(f, 'x')).to.throw(TypeError, /minimize: x0 must be a Tensor or a non-empty array/);
    expect(() => d.optimize.minimize(f, [1, NaN])).to.throw(RangeError, /x0 must be finite/);
    expect(() => d.optimize.minimize(f, [1, 1], { method: 'bfgs' })).to.throw(RangeError, /unknown method string bfgs \(expected one of 'gd', 'newton', 'cg', 'lbfgs', 'annealing'\)/);
    expect(() => d.optimize.minimize(f, [1, 1], { tol: -1 })).to.throw(RangeError, /tol must be a finite positive number, got number -1/);
    expect(() => d.optimize.minimize(f, [1, 1], { maxIter: 2.5 })).to.throw(RangeError, /maxIter must be a finite positive integer/);
    expect(() => d.optimize.minimize(f, [1, 1], { restarts: -1 })).to.throw(RangeError, /restarts/);
    expect(() => d.optimize.minimize(f, [1, 1], { bounds: [[0, 1]] })).to.throw(RangeError, /bounds must be 2 pairs/);
    expect(() => d.optimize.minimize(f, [1, 1], { method: 'gd', optimizer: 'adamz' })).to.throw(RangeError, /optimizer must be one of .*'sgd'/);
    expect(() => d.optimize.minimize(f, [1, 1], { method: 'annealing', temperature: 1, finalTemperature: 2 })).to.throw(RangeError, /finalTemperature/);
  });
});

// Second derivatives: d.hessian and d.hvp against central differences of gradients (both
// descent's own float32 gradients and float64 gradient formulas written out here).
import { expect } from 'chai';
import * as d from '../../dist/index.js';
import { expectClose, testValues } from '../helpers/assert.mjs';

const F = d.optimize.functions;

/** Central differences of a gradient function g(Float64Array) → number[] along direction v. */
function gradientDifference(g, x, v, h) {
  const xp = Array.from(x, (xi, i) => xi + h * v[i]);
  const xm = Array.from(x, (xi, i) => xi - h * v[i]);
  const gp = g(xp);
  const gm = g(xm);
  return gp.map((gi, i) => (gi - gm[i]) / (2 * h));
}

/** Hessian by central differences of a gradient function, column by column. */
function hessianByDifferences(g, x, h) {
  const n = x.length;
  const cols = [];
  for (let j = 0; j < n; j++) {
    const e = new Array(n).fill(0);
    e[j] = 1;
    cols.push(gradientDifference(g, x, e, h));
  }
  return cols[0].map((_, i) => cols.map((c) => c[i]));
}

const autogradGradient = (f) => (x) => Array.from(d.grad(f)(d.tensor(x)).toFloat32Array());

// float64 gradients of two landscapes, for a reference free of float32 rounding
const ROSENBROCK_GRAD = ([x, y]) => [-400 * x * (y - x * x) - 2 * (1 - x), 200 * (y - x * x)];
const RASTRIGIN_GRAD = (x) => x.map((v) => 2 * v + 20 * Math.PI * Math.sin(2 * Math.PI * v));

// A small MLP 3 → 4 → 2 with sigmoid hidden units (composed from exp), flattened parameters.
const MLP_SIZES = { w1: [3, 4], b1: [4], w2: [4, 2], b2: [2] };
const MLP_X = d.tensor(Array.from({ length: 5 }, (_, i) => Array.from(testValues(3, 40 + i))));
const MLP_Y = d.tensor(Array.from({ length: 5 }, (_, i) => Array.from(testValues(2, 60 + i))));
function mlpLoss(theta) {
  const parts = {};
  let at = 0;
  for (const [name, shape] of Object.entries(MLP_SIZES)) {
    const size = shape.reduce((a, b) => a * b, 1);
    parts[name] = theta.slice([[at, at + size]]).reshape(shape);
    at += size;
  }
  const z = MLP_X.matmul(parts.w1).add(parts.b1);
  const hidden = d.div(1, z.neg().exp().add(1));
  const out = hidden.matmul(parts.w2).add(parts.b2);
  return d.nn.functional.mseLoss(out, MLP_Y);
}
const MLP_PARAMS = 3 * 4 + 4 + 4 * 2 + 2;

describe('hessian and hvp', () => {
  it('give the Hessian of Rosenbrock: exact formula and differences of gradients', () => {
    for (const p of [[-1.2, 1], [1, 1], [0.3, -0.7]]) {
      const h = d.hessian(F.rosenbrock)(d.tensor(p));
      expect(h.shape).to.deep.equal([2, 2]);
      const [x, y] = p.map(Math.fround);
      const exact = [[1200 * x * x - 400 * y + 2, -400 * x], [-400 * x, 200]];
      expectClose(h.toArray(), exact, { rtol: 1e-5, atol: 1e-3, what: `H at ${p}` });
      expectClose(h.toArray(), hessianByDifferences(ROSENBROCK_GRAD, [x, y], 1e-4), { rtol: 1e-5, atol: 1e-3 });
      expectClose(h.toArray(), hessianByDifferences(autogradGradient(F.rosenbrock), [x, y], 1e-2), { rtol: 2e-3, atol: 0.05 });
    }
  });

  it('agree with differences of gradients on every landscape (through sin/cos for Rastrigin)', () => {
    const pts = testValues(8, 5);
    for (const [name, f] of Object.entries({ ...F, quadratic: F.quadratic(30) })) {
      for (let i = 0; i < pts.length; i += 2) {
        const p = [pts[i] * 2, pts[i + 1] * 2].map(Math.fround);
        const h = d.hessian(f)(d.tensor(p)).toArray();
        expectClose(h, hessianByDifferences(autogradGradient(f), p, 3e-3), { rtol: 5e-3, atol: 0.05, what: `${name} H at ${p}` });
        expect(h[0][1], `${name}: symmetric`).to.be.closeTo(h[1][0], 1e-5 * (1 + Math.abs(h[0][1])));
      }
    }
    const p = [0.12, -0.37, 0.45].map(Math.fround);
    const h = d.hessian(F.rastrigin)(d.tensor(p)).toArray();
    expectClose(h, hessianByDifferences(RASTRIGIN_GRAD, p, 1e-5), { rtol: 1e-5, atol: 2e-3, what: 'rastrigin 3-D' });
  });

  it('give Hessian-vector products equal to H·v and to differences of gradients along v', () => {
    const x = [0.3, -0.7];
    for (const v of [[1, 0], [0.5, -2], [3, 1]]) {
      const hv = d.hvp(F.rosenbrock)(d.tensor(x), d.tensor(v)).toArray();
      const h = d.hessian(F.rosenbrock)(d.tensor(x)).toArray();
      expectClose(hv, h.map((row) => row[0] * v[0] + row[1] * v[1]), { rtol: 1e-5, atol: 1e-3 });
      expectClose(hv, gradientDifference(ROSENBROCK_GRAD, x.map(Math.fround), v, 1e-4), { rtol: 1e-4, atol: 1e-2 });
    }
  });

  it('differentiate an MLP loss twice: Hessian and HVP against differences of gradients', () => {
    const theta = Array.from(testValues(MLP_PARAMS, 9), (v) => v * 0.8);
    const h = d.hessian(mlpLoss)(d.tensor(theta));
    expect(h.shape).to.deep.equal([MLP_PARAMS, MLP_PARAMS]);
    const rows = h.toArray();
    const fd = hessianByDifferences(autogradGradient(mlpLoss), theta, 1e-2);
    expectClose(rows, fd, { rtol: 2e-2, atol: 2e-3, what: 'MLP Hessian' });
    for (let i = 0; i < MLP_PARAMS; i++) {
      for (let j = 0; j < i; j++) expect(rows[i][j]).to.be.closeTo(rows[j][i], 1e-5);
    }
    const v = Array.from(testValues(MLP_PARAMS, 11));
    const hv = d.hvp(mlpLoss)(d.tensor(theta), d.tensor(v)).toArray();
    expectClose(hv, rows.map((row) => row.reduce((s, hij, j) => s + hij * v[j], 0)), { rtol: 1e-4, atol: 1e-5, what: 'MLP H·v' });
    expectClose(hv, gradientDifference(autogradGradient(mlpLoss), theta, v, 1e-2), { rtol: 2e-2, atol: 2e-3, what: 'MLP H·v by differences' });
  });

  it('differentiate a classifier twice through linear, tanh, gelu and crossEntropy', () => {
    const inputs = d.tensor(Array.from({ length: 4 }, (_, i) => Array.from(testValues(3, 80 + i))));
    const labels = [0, 2, 1, 2];
    const loss = (theta) => {
      const w1 = theta.slice([[0, 12]]).reshape([4, 3]);
      const w2 = theta.slice([[12, 24]]).reshape([3, 4]);
      const b2 = theta.slice([[24, 27]]);
      const hidden = d.nn.functional.linear(inputs, w1).tanh();
      const logits = d.nn.functional.linear(hidden.gelu(), w2, b2);
      return d.nn.functional.crossEntropy(logits, labels);
    };
    const theta = Array.from(testValues(27, 21), (v) => v * 0.9);
    const h = d.hessian(loss)(d.tensor(theta)).toArray();
    expectClose(h, hessianByDifferences(autogradGradient(loss), theta, 1e-2), { rtol: 2e-2, atol: 2e-3, what: 'classifier Hessian' });
  });

  it('compose d.grad with createGraph: the gradient of a gradient norm is 2·H·∇f', () => {
    const x = d.tensor([-1.2, 1]);
    const gradF = d.grad(F.rosenbrock, { createGraph: true });
    const got = d.tidy(() => d.grad((p) => gradF(p).mul(gradF(p)).sum())(x));
    const g = ROSENBROCK_GRAD([-1.2, 1].map(Math.fround));
    const h = d.hessian(F.rosenbrock)(x).toArray();
    expectClose(got.toArray(), h.map((row) => 2 * (row[0] * g[0] + row[1] * g[1])), { rtol: 1e-5 });
  });

  it('return zeros where f is linear or constant in x, and keep x and its .grad untouched', () => {
    const x = d.tensor([1, 2, 3], { requiresGrad: true });
    expect(d.hessian((p) => p.sum().mul(3))(x).toArray()).to.deep.equal([[0, 0, 0], [0, 0, 0], [0, 0, 0]]);
    expect(d.hessian(() => d.tensor(4))(x).toArray()).to.deep.equal([[0, 0, 0], [0, 0, 0], [0, 0, 0]]);
    expect(d.hvp((p) => p.sum())(x, d.ones([3])).toArray()).to.deep.equal([0, 0, 0]);
    expect(x.grad).to.equal(null);
    expect(x.toArray()).to.deep.equal([1, 2, 3]);
  });

  it('shape the Hessian of a matrix argument as [...shape, ...shape]', () => {
    const x = d.tensor([[1, 2], [3, 4]]);
    const h = d.hessian((p) => p.mul(p).mul(p).sum())(x); // ∂² = 6·x on the diagonal
    expect(h.shape).to.deep.equal([2, 2, 2, 2]);
    const flat = h.toFloat32Array();
    expect(flat[0]).to.equal(6);
    expect(flat[15]).to.equal(24);
    expect(flat.reduce((s, v) => s + v, 0)).to.equal(60);
  });

  it('free everything they make but the result', () => {
    const x = d.tensor([0.3, -0.2]);
    const v = d.tensor([1, 1]);
    const before = d.memory().tensors;
    d.hessian(F.rastrigin)(x).dispose();
    d.hvp(F.beale)(x, v).dispose();
    expect(d.memory().tensors).to.equal(before);
  });

  it('survive a backward rule handing its gradient to an input that already has one', () => {
    // root = add(add(a, b), a): the inner add passes its gradient to a, which already holds
    // one from the root, and to b; the second pass of a Hessian meets this shape too.
    const f = (x) => {
      const a = x.sum().mul(2);
      return a.add(x.sum().mul(3)).add(a);
    };
    expect(d.grad(f)(d.tensor([1, 2])).toArray()).to.deep.equal([7, 7]);
  });

  it('reject bad arguments before doing anything', () => {
    expect(() => d.hessian(3)).to.throw(TypeError, /hessian: f must be a function/);
    expect(() => d.hessian(F.rosenbrock)([1, 2])).to.throw(TypeError, /hessian: x must be a Tensor/);
    expect(() => d.hvp(F.rosenbrock)(d.tensor([1, 2]), d.tensor([1, 2, 3]))).to.throw(/hvp: v has shape \[3\], but x has shape \[2\]/);
    expect(() => d.hessian((p) => p.mul(2))(d.tensor([1, 2]))).to.throw(/hessian: f must return a scalar, got shape \[2\]/);
  });
});

// Finite-difference checks of every differentiable core op: the gradient backward() gives is
// compared with central differences of the op's own forward pass, and (for the second order)
// the Hessian-vector product through a recorded backward pass (createGraph) with central
// differences of gradients.
import { expect } from 'chai';
import * as d from '../../dist/index.js';
import { testValues } from '../helpers/assert.mjs';

const F = d.nn.functional;
const sizeOf = (shape) => shape.reduce((a, b) => a * b, 1);

// Input generators: values in [-1, 1), values away from zero (divisors), positive (pow bases),
// and distinct values spread at least 0.05 apart (max/min/maximum: no ties within a step h).
const gen = {
  any: (shape, seed) => testValues(sizeOf(shape), seed),
  nonzero: (shape, seed) => testValues(sizeOf(shape), seed).map((v) => (v < 0 ? v - 0.5 : v + 0.5)),
  positive: (shape, seed) => testValues(sizeOf(shape), seed).map((v) => Math.abs(v) + 0.5),
  spread: (shape, seed) => {
    const n = sizeOf(shape);
    const order = Array.from(testValues(n, seed), (v, i) => [v, i]).sort((a, b) => a[0] - b[0]);
    const out = new Float32Array(n);
    order.forEach(([, i], rank) => (out[i] = (rank - n / 2) * 0.1));
    return out;
  },
};
const input = (shape, kind = 'any') => ({ shape, kind });

// name → { inputs, fn, h? }. fn takes tensors and returns a tensor.
const OPS = {
  add: { inputs: [input([3, 4]), input([4])], fn: (a, b) => a.add(b) },
  'add broadcast both': { inputs: [input([2, 1, 3]), input([4, 1])], fn: (a, b) => d.add(a, b) },
  'add number': { inputs: [input([5])], fn: (a) => a.add(2).add(d.add(1, a)) },
  sub: { inputs: [input([3, 1]), input([3, 5])], fn: (a, b) => a.sub(b) },
  'sub numbers': { inputs: [input([5])], fn: (a) => d.sub(1, a).mul(a.sub(0.5)) },
  mul: { inputs: [input([2, 3]), input([2, 1])], fn: (a, b) => a.mul(b) },
  'mul self': { inputs: [input([4])], fn: (a) => a.mul(a).mul(a) },
  div: { inputs: [input([3, 4]), input([4], 'nonzero')], fn: (a, b) => a.div(b) },
  'div number left': { inputs: [input([6], 'nonzero')], fn: (a) => d.div(2, a) },
  'pow tensor^tensor': { inputs: [input([3, 2], 'positive'), input([2])], fn: (a, b) => a.pow(b) },
  'pow tensor^number': { inputs: [input([5], 'positive')], fn: (a) => a.pow(2.5).add(a.pow(-1)).add(a.pow(3)) },
  'pow number^tensor': { inputs: [input([5])], fn: (a) => d.pow(1.7, a) },
  neg: { inputs: [input([4])], fn: (a) => a.neg() },
  maximum: { inputs: [input([3, 4], 'spread'), input([4], 'spread')], fn: (a, b) => d.maximum(a, b.add(0.02)) },
  minimum: { inputs: [input([2, 5], 'spread'), input([2, 5], 'spread')], fn: (a, b) => d.minimum(a, b.add(0.03)) },
  'maximum/minimum number': { inputs: [input([7], 'spread')], fn: (a) => a.maximum(0.01).add(a.minimum(-0.02)) },
  where: { inputs: [input([3, 4]), input([4])], fn: (a, b) => d.where(a.gt(0), a.mul(b), b) },
  'where number': { inputs: [input([6])], fn: (a) => d.where(a.gt(0), 2, a) },
  clone: { inputs: [input([2, 3])], fn: (a) => a.clone().mul(a) },
  reshape: { inputs: [input([2, 6])], fn: (a) => a.reshape([3, -1]).mul(d.arange(12).reshape([3, 4])) },
  flatten: { inputs: [input([2, 3, 2])], fn: (a) => a.flatten().mul(d.arange(12)) },
  expand: { inputs: [input([3, 1])], fn: (a) => a.expand([2, 3, 4]) },
  permute: { inputs: [input([2, 3, 4])], fn: (a) => a.permute([2, 0, 1]) },
  transpose: { inputs: [input([3, 5])], fn: (a) => a.transpose() },
  'transpose 3-D': { inputs: [input([2, 3, 4])], fn: (a) => a.transpose(0, 2) },
  slice: { inputs: [input([4, 5])], fn: (a) => a.slice([[1, 4], [0, 5, 2]]) },
  'slice tf form': { inputs: [input([3, 4, 2])], fn: (a) => a.slice([1, 1, 0], [-1, 2, 1]) },
  concat: { inputs: [input([2, 3]), input([2, 2])], fn: (a, b) => d.concat([a, b, a], 1) },
  stack: { inputs: [input([3, 2]), input([3, 2])], fn: (a, b) => d.stack([a, b, a.mul(b)], 1) },
  gather: { inputs: [input([3, 4])], fn: (a) => a.gather(1, [[0, 3, 3], [1, 1, 0], [2, 0, 1]]) },
  indexSelect: { inputs: [input([4, 3])], fn: (a) => a.indexSelect(0, [3, 0, 3, 1]) },
  matmul: { inputs: [input([3, 4]), input([4, 5])], fn: (a, b) => a.matmul(b) },
  'matmul batched': { inputs: [input([2, 3, 4]), input([2, 4, 2])], fn: (a, b) => d.matmul(a, b) },
  'matmul 3-D x 2-D': { inputs: [input([2, 3, 4]), input([4, 2])], fn: (a, b) => d.matmul(a, b) },
  'matmul 2-D x 3-D': { inputs: [input([3, 4]), input([2, 4, 2])], fn: (a, b) => d.matmul(a, b) },
  'matmul batch 1 x batch 2': { inputs: [input([1, 3, 4]), input([2, 4, 2])], fn: (a, b) => d.matmul(a, b) },
  'sum all': { inputs: [input([3, 4])], fn: (a) => a.mul(a).sum() },
  'sum axis': { inputs: [input([2, 3, 4])], fn: (a) => a.sum(1) },
  'sum axes keepDim': { inputs: [input([2, 3, 4])], fn: (a) => a.sum([0, 2], true).mul(a) },
  mean: { inputs: [input([3, 4])], fn: (a) => a.mean(0).add(a.mean(-1, true).sum()).add(a.mean()) },
  max: { inputs: [input([3, 4, 2], 'spread')], fn: (a) => a.max(1).add(a.max(0, true).sum()).add(a.max()) },
  min: { inputs: [input([3, 4], 'spread')], fn: (a) => a.min(1).sum().add(a.min([0, 1])) },
  softmax: { inputs: [input([2, 3, 4])], fn: (a) => a.mul(2).softmax(1) },
  'softmax last': { inputs: [input([3, 5])], fn: (a) => a.softmax(-1) },
  logSoftmax: { inputs: [input([2, 3, 4])], fn: (a) => a.logSoftmax(0) },
  'logSoftmax last': { inputs: [input([4, 3])], fn: (a) => a.mul(3).logSoftmax(1) },
  logSumExp: { inputs: [input([3, 4, 2])], fn: (a) => a.logSumExp(1).add(a.logSumExp(-1, true).sum()) },
  mseLoss: { inputs: [input([4, 3]), input([4, 3])], fn: (a, b) => F.mseLoss(a, b) },
  crossEntropy: { inputs: [input([5, 4])], fn: (a) => F.crossEntropy(a.mul(2), [3, 0, 1, 1, 2]) },
  exp: { inputs: [input([5])], fn: (a) => a.exp() },
  log: { inputs: [input([5], 'positive')], fn: (a) => a.log() },
};

/** Central differences of f (float32 tensors → Float32Array) at the given inputs. */
function forward(op, datas, cot) {
  return d.tidy(() => {
    const ts = op.inputs.map((spec, k) => d.tensor(datas[k], { shape: spec.shape }));
    const y = d.noGrad(() => op.fn(...ts)).toFloat32Array();
    let s = 0;
    for (let i = 0; i < y.length; i++) s += y[i] * cot[i]; // float64 sum
    return s;
  });
}

function check(name, op) {
  const datas = op.inputs.map((spec, k) => gen[spec.kind](spec.shape, 7 * k + name.length));
  // analytic: backward along a fixed cotangent
  const { grads, cot } = d.tidy(() => {
    const ts = op.inputs.map((spec, k) => d.tensor(datas[k], { shape: spec.shape, requiresGrad: true }));
    const y = op.fn(...ts);
    const c = testValues(y.size, 99).map((v) => v + 0.25);
    if (y.size === 1) y.mul(c[0]).sum().backward();
    else y.backward(d.tensor(c, { shape: y.shape }));
    return { grads: ts.map((t) => t.grad.toFloat32Array()), cot: c };
  });
  const h = op.h ?? 1e-2;
  datas.forEach((data, k) => {
    for (let i = 0; i < data.length; i++) {
      const old = data[i];
      data[i] = old + h;
      const fp = forward(op, datas, cot);
      data[i] = old - h;
      const fm = forward(op, datas, cot);
      data[i] = old;
      const numeric = (fp - fm) / (2 * h);
      const analytic = grads[k][i];
      const tol = 3e-3 + 1e-2 * Math.abs(numeric);
      if (!(Math.abs(numeric - analytic) <= tol)) {
        throw new Error(`${name}: d/d input ${k}[${i}]: backward ${analytic}, finite difference ${numeric}`);
      }
    }
  });
}

describe('gradients: finite differences of every differentiable core op', () => {
  for (const [name, op] of Object.entries(OPS)) {
    it(name, () => {
      const before = d.memory().tensors;
      check(name, op);
      expect(d.memory().tensors).to.equal(before);
    });
  }
});

// ---- second order: Hessian-vector products through a recorded backward pass ------------------
const SECOND = {
  mul: (x) => x.mul(x).mul(x).sum(),
  div: (x) => d.div(1, x.add(3)).sum().add(x.div(x.mul(x).add(1)).sum()),
  pow: (x) => x.add(2).pow(2.5).sum().add(d.pow(1.5, x).sum()),
  'pow tensor^tensor': (x) => x.add(2).pow(x.mul(0.5).add(1)).sum(),
  maximum: (x) => d.maximum(x, x.mul(-0.5).add(0.13)).square().sum(),
  where: (x) => d.where(x.gt(0), x.mul(x), x.exp()).sum(),
  'sum/mean/expand': (x) => x.sum(0, true).expand([3, 4]).mul(x).mean(),
  'max/min': (x) => x.max(1).mul(x.min(0).sum()).sum(),
  'matmul': (x) => x.matmul(x.transpose()).square().sum(),
  'reshape/permute/slice': (x) => x.reshape([2, 6]).permute([1, 0]).slice([[1, 5, 2]]).square().sum(),
  'concat/stack': (x) => d.stack([x, x.square()], 0).mul(d.concat([x, x], 1).slice([null, [2, 6]])).sum().square(),
  'gather/indexSelect': (x) => x.gather(1, [[0, 0], [3, 1], [2, 2]]).square().sum().add(x.indexSelect(1, [3, 3, 0]).square().sum()),
  softmax: (x) => x.softmax(1).square().sum(),
  logSoftmax: (x) => x.logSoftmax(0).mul(x).sum(),
  logSumExp: (x) => x.logSumExp(1).square().sum(),
  mseLoss: (x) => F.mseLoss(x.square(), x.mul(0.5)),
  crossEntropy: (x) => F.crossEntropy(x.mul(x), [1, 0, 3]),
};

describe('gradients: second order (createGraph) against differences of gradients', () => {
  const shape = [3, 4];
  const x0 = testValues(12, 5).map((v) => v * 0.9);
  const v = testValues(12, 6);
  const gradAt = (f, data) => d.tidy(() => d.grad(f)(d.tensor(data, { shape })).toFloat32Array());
  for (const [name, f] of Object.entries(SECOND)) {
    it(name, () => {
      const hv = d.tidy(() => d.hvp(f)(d.tensor(x0, { shape }), d.tensor(v, { shape })).toFloat32Array());
      const h = 1e-2;
      const gp = gradAt(f, x0.map((x, i) => x + h * v[i]));
      const gm = gradAt(f, x0.map((x, i) => x - h * v[i]));
      for (let i = 0; i < 12; i++) {
        const numeric = (gp[i] - gm[i]) / (2 * h);
        const tol = 5e-3 + 2e-2 * Math.abs(numeric);
        if (!(Math.abs(numeric - hv[i]) <= tol)) throw new Error(`${name}: (Hv)[${i}] = ${hv[i]}, differences give ${numeric}`);
      }
    });
  }
});

// Gradient clipping against torch 1.13 (fixtures from tools/reference/optim.py), and the L1
// penalty against a float64 reference and finite differences.
import { expect } from 'chai';
import * as d from '../../dist/index.js';
import fixture from '../fixtures/optim.mjs';
import { expectClose, numericGradient } from '../helpers/assert.mjs';

const { clip } = fixture;

function paramsWithGrads() {
  return clip.shapes.map((shape, i) => {
    const p = d.zeros(shape, { requiresGrad: true });
    p.grad = d.tensor(clip.grads[i], { shape });
    return p;
  });
}

describe('clipGradNorm against torch 1.13', () => {
  for (const c of clip.norm) {
    it(`maxNorm ${c.maxNorm}, normType ${c.normType}`, () => {
      const params = paramsWithGrads();
      const total = d.nn.utils.clipGradNorm(params, c.maxNorm, c.normType);
      expectClose([total], [c.total], { rtol: 1e-6, what: 'total norm' });
      params.forEach((p, i) => expectClose(p.grad.toFloat32Array(), c.grads[i], { rtol: 1e-6, atol: 1e-7, what: `grad ${i}` }));
      params.forEach((p) => p.dispose());
    });
  }

  it('takes Infinity as well as "inf", skips params without grads, returns 0 for none', () => {
    const params = paramsWithGrads();
    const bare = d.zeros([2], { requiresGrad: true });
    const inf = clip.norm.find((c) => c.normType === 'inf');
    expectClose([d.nn.utils.clipGradNorm([...params, bare], inf.maxNorm, Infinity)], [inf.total], { rtol: 1e-7 });
    expect(bare.grad).to.equal(null);
    expect(d.nn.utils.clipGradNorm([bare], 1)).to.equal(0);
    [...params, bare].forEach((p) => p.dispose());
  });

  it('refuses a bad normType, and a non-finite norm when asked to', () => {
    const params = paramsWithGrads();
    expect(() => d.nn.utils.clipGradNorm(params, 1, 0)).to.throw(RangeError, 'normType');
    expect(() => d.nn.utils.clipGradNorm(params, 1, -2)).to.throw(RangeError, 'normType');
    expect(() => d.nn.utils.clipGradNorm(params, 'x')).to.throw(TypeError, 'maxNorm');
    params[0].grad.dispose();
    params[0].grad = d.tensor(new Float32Array(7).fill(Infinity));
    expect(() => d.nn.utils.clipGradNorm(params, 1, 2, { errorIfNonfinite: true })).to.throw(Error, 'non-finite');
    params.forEach((p) => p.dispose());
  });
});

describe('clipGradValue against torch 1.13', () => {
  it(`clamps to ±${clip.value.clipValue}`, () => {
    const params = paramsWithGrads();
    d.nn.utils.clipGradValue(params, clip.value.clipValue);
    params.forEach((p, i) => expect(Array.from(p.grad.toFloat32Array())).to.deep.equal(clip.value.grads[i].map(Math.fround)));
    expect(() => d.nn.utils.clipGradValue(params, NaN)).to.throw(RangeError, 'clipValue');
    params.forEach((p) => p.dispose());
  });
});

describe('l1Penalty', () => {
  const values = [[0.5, -1.25, 0, 3, -0.001], [[2, -2], [0.25, 7]]];

  it('is Σ|p| over all params, differentiable (gradient sign(p), checked by finite differences)', () => {
    const params = values.map((v) => d.tensor(v, { requiresGrad: true }));
    const penalty = d.nn.utils.l1Penalty(params);
    expect(penalty.shape).to.deep.equal([]);
    const flat = values.flat(2);
    expectClose([penalty.item()], [flat.reduce((s, x) => s + Math.abs(x), 0)], { rtol: 1e-7 });
    const loss = penalty.mul(3);
    loss.backward();
    const numeric = numericGradient((x) => 3 * x.reduce((s, v) => s + Math.abs(v), 0), flat.filter((x) => x !== 0), 1e-4);
    const analytic = [...params[0].grad.toFloat32Array(), ...params[1].grad.toFloat32Array()].filter((_, i) => flat[i] !== 0);
    expectClose(analytic, Array.from(numeric), { rtol: 1e-3, what: 'gradient' });
    expect(params[0].grad.toFloat32Array()[2]).to.equal(0); // sign(0) = 0, as torch's abs backward
    [penalty, loss, ...params].forEach((t) => t.dispose());
  });

  it('adds to a loss and trains toward sparsity with SGD', () => {
    const w = d.tensor([0.3, -0.2, 0.05], { requiresGrad: true });
    const opt = new d.optim.SGD([w], { lr: 0.01 });
    for (let i = 0; i < 40; i++) {
      opt.zeroGrad();
      d.tidy(() => d.nn.utils.l1Penalty([w]).backward());
      opt.step();
    }
    const after = Array.from(w.toFloat32Array()).map(Math.abs);
    expect(after[0]).to.be.closeTo(0.3 - 0.4, 1e-6 + 0.11);
    expect(Math.max(...after)).to.be.below(0.11);
    opt.dispose();
    w.dispose();
  });
});

// Attention (d.nn.functional.scaledDotProductAttention, d.nn.MultiheadAttention,
// d.nn.TransformerEncoderLayer, d.nn.TransformerEncoder): torch 1.13 fixtures
// (tools/reference/attention.py, float64 references from float32 values) — outputs, attention
// weights, and the gradients of sum(y·r) (+ sum(w·rw)) for inputs and every parameter, loaded
// through loadStateDict with torch's key names — over masks (float, boolean, key padding,
// broadcast), causal, batchFirst, kdim ≠ embedDim, unbatched, pre/post norm and 2 layers;
// finite differences of the fused masked softmax; dropout statistics and seeded
// reproducibility; fully masked rows; refusals.
import { expect } from 'chai';
import * as d from '../../dist/index.js';
import fixtures from '../fixtures/attention.mjs';
import { expectClose, numericGradient, testValues } from '../helpers/assert.mjs';

const nn = d.nn;
const F = d.nn.functional;
const TOL = { rtol: 2e-4, atol: 2e-5 };
const t = (e, requiresGrad = false) => d.tensor(Float32Array.from(e.data, Number), { shape: e.shape, requiresGrad });
const r = (c, key, shape) => d.tensor(Float32Array.from(c[key]), { shape });

function loadTorch(m, c) {
  expect(Object.keys(m.stateDict()), `${c.name}: state-dict keys`).to.deep.equal(Object.keys(c.stateDict));
  const sd = {};
  for (const [k, v] of Object.entries(c.stateDict)) sd[k] = t(v);
  m.loadStateDict(sd);
}

/** A fixture mask: boolean arrays as they are, float masks as tensors. */
const mask = (m) => (m === undefined ? undefined : Array.isArray(m) ? m : t(m));

function checkGrads(c, leaves) {
  for (const [k, g] of Object.entries(c.grads)) {
    expect(leaves[k], `${c.name}: leaf ${k}`).to.not.equal(undefined);
    expect(leaves[k].grad, `${c.name}: gradient of ${k}`).to.not.equal(null);
    expectClose(leaves[k].grad.toFloat32Array(), g, { ...TOL, what: `${c.name}: gradient of ${k}` });
  }
}

describe('attention: torch 1.13 parity', () => {
  for (const c of fixtures.sdpa) {
    it(c.name, () => d.tidy(() => {
      const leaves = Object.fromEntries(Object.entries(c.inputs).map(([k, v]) => [k, t(v, k !== 'mask' || 'mask' in c.grads)]));
      const opts = {};
      if (c.isCausal) opts.isCausal = true;
      if (c.boolMask) opts.attnMask = c.boolMask;
      if (leaves.mask) opts.attnMask = leaves.mask;
      const y = F.scaledDotProductAttention(leaves.q, leaves.k, leaves.v, opts);
      expect(y.shape).to.deep.equal(c.out.shape);
      expectClose(y.toFloat32Array(), c.out.data, { ...TOL, what: `${c.name}: output` });
      y.mul(r(c, 'r', c.out.shape)).sum().backward();
      checkGrads(c, leaves);
    }));
  }

  for (const c of fixtures.mha) {
    it(c.name, () => d.tidy(() => {
      const m = new nn.MultiheadAttention(c.embedDim, c.numHeads, c.opts);
      loadTorch(m, c);
      const x = Object.fromEntries(Object.entries(c.inputs).map(([k, v]) => [k, t(v, true)]));
      const q = x.query;
      const k = c.selfAttention === true ? q : x.key;
      const v = c.selfAttention === true ? q : c.selfAttention === 'kv' ? k : x.value;
      const opts = { ...c.forward };
      if (c.masks.attn_mask) opts.attnMask = mask(c.masks.attn_mask);
      if (c.masks.key_padding_mask) opts.keyPaddingMask = mask(c.masks.key_padding_mask);
      const [y, w] = m.forward(q, k, v, opts);
      expect(y.shape).to.deep.equal(c.out.shape);
      expectClose(y.toFloat32Array(), c.out.data, { ...TOL, what: `${c.name}: output` });
      let loss = y.mul(r(c, 'r', c.out.shape)).sum();
      if (c.weights === null) expect(w).to.equal(null);
      else {
        expect(w.shape).to.deep.equal(c.weights.shape);
        expectClose(w.toFloat32Array(), c.weights.data, { ...TOL, what: `${c.name}: weights` });
        loss = loss.add(w.mul(r(c, 'rw', c.weights.shape)).sum());
      }
      loss.backward();
      checkGrads(c, { ...x, ...Object.fromEntries(m.namedParameters()) });
    }));
  }

  for (const c of fixtures.encoder) {
    it(c.name, () => d.tidy(() => {
      const layer = new nn.TransformerEncoderLayer(c.dModel, c.nhead, c.opts);
      const m = c.kind === 'layer' ? layer
        : new nn.TransformerEncoder(layer, 2, c.kind === 'encoder' ? { norm: new nn.LayerNorm(c.dModel) } : {});
      loadTorch(m, c);
      const x = t(c.x, true);
      const opts = { ...c.forward };
      for (const [k, v] of Object.entries(c.masks)) opts[k] = mask(v);
      const y = m.forward(x, opts);
      expect(y.shape).to.deep.equal(c.out.shape);
      expectClose(y.toFloat32Array(), c.out.data, { ...TOL, what: `${c.name}: output` });
      y.mul(r(c, 'r', c.out.shape)).sum().backward();
      checkGrads(c, { x, ...Object.fromEntries(m.namedParameters()) });
    }));
  }
});

describe('attention: the fused masked softmax', () => {
  // Finite differences (float64 steps over the float32 engine) of f = Σ sdpa(q, k, v, mask)·r.
  const cases = [
    { name: 'causal, L < S, 4-D', q: [2, 2, 3, 5], k: [2, 2, 6, 5], v: [2, 2, 6, 3], causal: true },
    { name: 'float mask [B, 1, L, S] that requires grad', q: [2, 3, 2, 4], k: [2, 3, 5, 4], v: [2, 3, 5, 2], mask: [2, 1, 2, 5] },
    { name: 'key-padding mask [B, 1, 1, S] with −Infinity, odd row length 7', q: [2, 2, 3, 4], k: [2, 2, 7, 4], v: [2, 2, 7, 3], mask: [2, 1, 1, 7], inf: true },
  ];
  for (const c of cases) {
    it(`finite differences: ${c.name}`, () => d.tidy(() => {
      const names = ['q', 'k', 'v', ...(c.mask && !c.inf ? ['mask'] : [])];
      const shapes = { q: c.q, k: c.k, v: c.v, mask: c.mask };
      const data = Object.fromEntries(names.map((n, i) => [n, Float64Array.from(testValues(shapes[n].reduce((a, b) => a * b, 1), 11 + i))]));
      let fixedMask;
      if (c.inf) {
        const m = Float32Array.from(testValues(c.mask.reduce((a, b) => a * b, 1), 5), (x, i) => (i % 7 === 3 || i % 7 === 6 ? -Infinity : x));
        fixedMask = d.tensor(m, { shape: c.mask });
      }
      const rv = d.tensor(testValues(c.q.slice(0, -1).reduce((a, b) => a * b, 1) * c.v[c.v.length - 1], 99), { shape: [...c.q.slice(0, -1), c.v[c.v.length - 1]] });
      const run = (vals, grad) => {
        const ts = Object.fromEntries(names.map((n) => [n, d.tensor(Float32Array.from(vals[n]), { shape: shapes[n], requiresGrad: grad })]));
        const y = F.scaledDotProductAttention(ts.q, ts.k, ts.v, { isCausal: !!c.causal, attnMask: ts.mask ?? fixedMask });
        return { ts, loss: y.mul(rv).sum() };
      };
      const { ts, loss } = run(data, true);
      loss.backward();
      for (const n of names) {
        const numeric = numericGradient((x) => d.tidy(() => run({ ...data, [n]: x }, false).loss.item()), data[n], 1e-2);
        expectClose(ts[n].grad.toFloat32Array(), numeric, { rtol: 2e-2, atol: 2e-3, what: `${c.name}: d/d${n}` });
      }
    }));
  }

  it('a fully masked row gives NaN in that row only (torch 1.13), and its gradient is NaN there too', () => d.tidy(() => {
    const q = d.tensor(testValues(12, 3), { shape: [3, 4], requiresGrad: true });
    const k = d.tensor(testValues(20, 4), { shape: [5, 4] });
    const v = d.tensor(testValues(10, 5), { shape: [5, 2] });
    const allowed = [[true, true, false, true, false], [false, false, false, false, false], [true, false, false, false, false]];
    const y = F.scaledDotProductAttention(q, k, v, { attnMask: allowed });
    const rows = y.toArray();
    expect(rows[1].every(Number.isNaN)).to.equal(true);
    expect(rows[0].concat(rows[2]).every(Number.isFinite)).to.equal(true);
    y.sum().backward();
    const g = q.grad.toArray();
    expect(g[1].every(Number.isNaN)).to.equal(true);
    expect(g[0].concat(g[2]).every(Number.isFinite)).to.equal(true);
  }));

  it('causal equals the explicit triangular mask, bit for bit (not materialised)', () => d.tidy(() => {
    const q = d.tensor(testValues(2 * 6 * 8, 7), { shape: [2, 6, 8] });
    const k = d.tensor(testValues(2 * 9 * 8, 8), { shape: [2, 9, 8] });
    const v = d.tensor(testValues(2 * 9 * 5, 9), { shape: [2, 9, 5] });
    const tri = Array.from({ length: 6 }, (_, i) => Array.from({ length: 9 }, (_, j) => j <= i));
    const a = F.scaledDotProductAttention(q, k, v, { isCausal: true }).toFloat32Array();
    const b = F.scaledDotProductAttention(q, k, v, { attnMask: tri }).toFloat32Array();
    expect(Array.from(a)).to.deep.equal(Array.from(b));
  }));

  it('second derivatives through the masked softmax (createGraph) match finite differences of the gradient', () => d.tidy(() => {
    const qv = Float64Array.from(testValues(6, 21));
    const k = d.tensor(testValues(8, 22), { shape: [4, 2] });
    const v = d.tensor(testValues(8, 23), { shape: [4, 2] });
    const gradNorm = (vals, graph) => {
      const q = d.tensor(Float32Array.from(vals), { shape: [3, 2], requiresGrad: true });
      const g = d.grad((qq) => F.scaledDotProductAttention(qq, k, v, { isCausal: true }).square().sum(), { createGraph: graph })(q);
      return { q, s: g.square().sum() };
    };
    const { q, s } = gradNorm(qv, true);
    s.backward();
    const numeric = numericGradient((x) => d.tidy(() => gradNorm(x, false).s.item()), qv, 1e-2);
    expectClose(q.grad.toFloat32Array(), numeric, { rtol: 3e-2, atol: 3e-3, what: 'd/dq |∇q|²' });
  }));
});

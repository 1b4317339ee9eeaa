// Recurrent layers (d.nn.RNN, LSTM, GRU and their cells): torch 1.13 fixtures
// (tools/reference/recurrent.py) loaded through loadStateDict — outputs, hN/cN and the gradients
// of sum(output·r) + sum(hN·rh) + sum(cN·rc) with respect to the input, the initial states and
// every parameter — for 1 and 2 layers, bidirectional, batchFirst, with and without h0, no bias,
// unbatched; finite-difference checks of the fused backward through time; torch's parameter
// names and init bounds; dropout between layers from the seeded generator; refusals.
import { expect } from 'chai';
import * as d from '../../dist/index.js';
import fixtures from '../fixtures/recurrent.mjs';
import { expectClose, testValues } from '../helpers/assert.mjs';

const nn = d.nn;
const TOL = { rtol: 2e-4, atol: 2e-5 };
const t = (e, requiresGrad = false) => d.tensor(Float32Array.from(e.data), { shape: e.shape, requiresGrad });

function build(c) {
  const opts = { ...c.opts };
  return new nn[c.kind](c.inputSize, c.hiddenSize, opts);
}

function loadTorch(m, c) {
  const sd = {};
  for (const [k, v] of Object.entries(c.stateDict)) sd[k] = t(v);
  m.loadStateDict(sd);
}

describe('recurrent layers: torch 1.13 parity', () => {
  for (const c of fixtures.layers) {
    it(c.name, () => d.tidy(() => {
      const m = build(c);
      expect(m.stateDict ? Object.keys(m.stateDict()) : []).to.deep.equal(Object.keys(c.stateDict));
      loadTorch(m, c);
      const x = t(c.x, true);
      const h0 = c.h0 ? t(c.h0, true) : undefined;
      const c0 = c.c0 ? t(c.c0, true) : undefined;
      let out, hN, cN = null;
      if (c.kind === 'LSTM') [out, [hN, cN]] = m.forward(x, h0 ? [h0, c0] : undefined);
      else [out, hN] = m.forward(x, h0);
      expect(out.shape, 'output shape').to.deep.equal(c.out.shape);
      expect(hN.shape, 'hN shape').to.deep.equal(c.hN.shape);
      expectClose(out.toFloat32Array(), c.out.data, { ...TOL, what: `${c.name}: output` });
      expectClose(hN.toFloat32Array(), c.hN.data, { ...TOL, what: `${c.name}: hN` });
      let loss = out.mul(d.tensor(Float32Array.from(c.r), { shape: c.out.shape })).sum()
        .add(hN.mul(d.tensor(Float32Array.from(c.rh), { shape: c.hN.shape })).sum());
      if (cN !== null) {
        expectClose(cN.toFloat32Array(), c.cN.data, { ...TOL, what: `${c.name}: cN` });
        loss = loss.add(cN.mul(d.tensor(Float32Array.from(c.rc), { shape: c.cN.shape })).sum());
      }
      loss.backward();
      const params = Object.fromEntries(m.namedParameters());
      for (const [k, g] of Object.entries(c.grads)) {
        const leaf = k === 'x' ? x : k === 'h0' ? h0 : k === 'c0' ? c0 : params[k];
        expect(leaf.grad, `${c.name}: gradient of ${k}`).to.not.equal(null);
        expectClose(leaf.grad.toFloat32Array(), g, { ...TOL, what: `${c.name}: gradient of ${k}` });
      }
    }));
  }

  for (const c of fixtures.cells) {
    it(c.name, () => d.tidy(() => {
      const m = build(c);
      expect(Object.keys(m.stateDict())).to.deep.equal(Object.keys(c.stateDict));
      loadTorch(m, c);
      const x = t(c.x, true);
      const h0 = c.h0 ? t(c.h0, true) : undefined;
      const c0 = c.c0 ? t(c.c0, true) : undefined;
      let h, cc = null;
      if (c.kind === 'LSTMCell') [h, cc] = m.forward(x, h0 ? [h0, c0] : undefined);
      else h = m.forward(x, h0);
      expectClose(h.toFloat32Array(), c.hN.data, { ...TOL, what: `${c.name}: h'` });
      let loss = h.mul(d.tensor(Float32Array.from(c.rh), { shape: c.hN.shape })).sum();
      if (cc !== null) {
        expectClose(cc.toFloat32Array(), c.cN.data, { ...TOL, what: `${c.name}: c'` });
        loss = loss.add(cc.mul(d.tensor(Float32Array.from(c.rc), { shape: c.cN.shape })).sum());
      }
      loss.backward();
      const params = Object.fromEntries(m.namedParameters());
      for (const [k, g] of Object.entries(c.grads)) {
        const leaf = k === 'x' ? x : k === 'h0' ? h0 : k === 'c0' ? c0 : params[k];
        expectClose(leaf.grad.toFloat32Array(), g, { ...TOL, what: `${c.name}: gradient of ${k}` });
      }
    }));
  }
});

/**
 * Central differences (float32 forward, step 1e-2) vs the backward through time, at a few
 * coordinates of every leaf: the input, the initial states and every parameter.
 */
function finiteDifferenceCheck(m, inputs, lossOf) {
  const sd = Object.fromEntries(m.namedParameters().map(([n, p]) => [n, p.toFloat32Array()]));
  const evalLoss = (vals, grads) => d.tidy(() => {
    m.loadStateDict(Object.fromEntries(Object.keys(sd).map((k) => [k, vals[k]])));
    const ts = Object.fromEntries(Object.keys(inputs).map((k) => [k, d.tensor(vals[k], { shape: inputs[k].shape, requiresGrad: grads })]));
    const loss = lossOf(ts);
    if (!grads) return loss.item();
    loss.backward();
    const out = {};
    for (const k of Object.keys(inputs)) out[k] = ts[k].grad.toFloat32Array();
    for (const [n, p] of m.namedParameters()) out[n] = p.grad.toFloat32Array();
    for (const p of m.parameters()) p.grad = null;
    return out;
  });
  const base = { ...sd, ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, v.data])) };
  const analytic = evalLoss(base, true);
  const eps = 1e-2;
  for (const k of Object.keys(base)) {
    const n = base[k].length;
    for (const i of [0, Math.floor(n / 3), Math.floor((2 * n) / 3), n - 1]) {
      const at = (v) => {
        const copy = base[k].slice();
        copy[i] = v;
        return evalLoss({ ...base, [k]: copy }, false);
      };
      const numeric = (at(base[k][i] + eps) - at(base[k][i] - eps)) / (2 * eps);
      const a = analytic[k][i];
      expect(Math.abs(numeric - a), `${k}[${i}]: numeric ${numeric}, analytic ${a}`).to.be.below(4e-3 + 4e-3 * Math.abs(numeric));
    }
  }
  m.loadStateDict(sd);
}

describe('recurrent layers: finite differences through time', () => {
  for (const kind of ['LSTM', 'GRU', 'RNN']) {
    it(`${kind}, 2 layers bidirectional, h0, T = 6`, () => {
      const m = new nn[kind](3, 5, { numLayers: 2, bidirectional: true, seed: 4 });
      const state = (s) => ({ shape: [4, 2, 5], data: testValues(40, s).map((v) => v * 0.5) });
      const inputs = { x: { shape: [6, 2, 3], data: testValues(36, 7) }, h0: state(8), ...(kind === 'LSTM' ? { c0: state(9) } : {}) };
      const r = d.tensor(testValues(6 * 2 * 10, 10), { shape: [6, 2, 10] });
      finiteDifferenceCheck(m, inputs, (ts) => {
        const [out, st] = m.forward(ts.x, kind === 'LSTM' ? [ts.h0, ts.c0] : ts.h0);
        const hN = kind === 'LSTM' ? st[0].add(st[1].mul(0.5)) : st;
        return out.mul(r).sum().add(hN.square().sum());
      });
    });
  }
});

describe('recurrent layers: construction, init, dropout, refusals', () => {
  it('torch parameter names and shapes, init uniform ±1/√hidden', () => {
    const m = new nn.GRU(3, 16, { numLayers: 2, bidirectional: true, seed: 1 });
    const names = m.namedParameters().map(([n, p]) => `${n}:${p.shape.join('x')}`);
    expect(names).to.deep.equal([
      'weight_ih_l0:48x3', 'weight_hh_l0:48x16', 'bias_ih_l0:48', 'bias_hh_l0:48',
      'weight_ih_l0_reverse:48x3', 'weight_hh_l0_reverse:48x16', 'bias_ih_l0_reverse:48', 'bias_hh_l0_reverse:48',
      'weight_ih_l1:48x32', 'weight_hh_l1:48x16', 'bias_ih_l1:48', 'bias_hh_l1:48',
      'weight_ih_l1_reverse:48x32', 'weight_hh_l1_reverse:48x16', 'bias_ih_l1_reverse:48', 'bias_hh_l1_reverse:48',
    ]);
    const all = m.parameters().flatMap((p) => Array.from(p.toFloat32Array()));
    expect(Math.max(...all.map(Math.abs))).to.be.at.most(0.25);
    expect(Math.max(...all.map(Math.abs))).to.be.above(0.24);
    const again = new nn.GRU(3, 16, { numLayers: 2, bidirectional: true, seed: 1 });
    expect(Array.from(again.parameters()[5].toFloat32Array())).to.deep.equal(Array.from(m.parameters()[5].toFloat32Array()));
    const cell = new nn.LSTMCell(2, 3, { seed: 2 });
    expect(cell.namedParameters().map(([n]) => n)).to.deep.equal(['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh']);
  });

  it('dropout between layers: training only, seeded, and matches the same network with the mask applied', () => {
    const x = d.tensor(testValues(5 * 2 * 3, 3), { shape: [5, 2, 3] });
    const run = (seed, train) => {
      const m = new nn.LSTM(3, 4, { numLayers: 2, dropout: 0.5, seed });
      if (!train) m.eval();
      return Array.from(m.forward(x)[0].toFloat32Array());
    };
    expect(run(3, true)).to.deep.equal(run(3, true));
    expect(run(3, true)).to.not.deep.equal(run(3, false));
    const noDrop = new nn.LSTM(3, 4, { numLayers: 2, dropout: 0, seed: 3 });
    expect(run(3, false)).to.deep.equal(Array.from(noDrop.forward(x)[0].toFloat32Array()));
  });

  it('refuses bad arguments, naming the layer', () => {
    expect(() => new nn.LSTM(3, 4, { nonlinearity: 'relu' })).to.throw(/LSTM: unknown option 'nonlinearity'/);
    expect(() => new nn.RNN(3, 4, { nonlinearity: 'gelu' })).to.throw(/RNN: nonlinearity must be 'tanh' or 'relu'/);
    expect(() => new nn.GRU(3, 0)).to.throw(/GRU: hiddenSize must be a positive integer/);
    expect(() => new nn.GRU(3, 4, { dropout: 2 })).to.throw(/GRU: dropout must be a probability/);
    const m = new nn.LSTM(3, 4, { numLayers: 2 });
    expect(() => m.forward(d.zeros([5, 2, 4]))).to.throw(/LSTM: input \[5,2,4\] has 4 features, expected inputSize 3/);
    expect(() => m.forward(d.zeros([5, 2, 3]), d.zeros([2, 2, 4]))).to.throw(/LSTM: the initial state must be \[h0, c0\]/);
    expect(() => m.forward(d.zeros([5, 2, 3]), [d.zeros([1, 2, 4]), d.zeros([2, 2, 4])])).to.throw(/LSTM: h0 must be \[2,2,4\], got \[1,2,4\]/);
    expect(() => m.forward(d.zeros([5, 2, 3, 1]))).to.throw(/LSTM: expected a 2-D \(unbatched\) or 3-D input/);
    expect(() => new nn.GRUCell(3, 4).forward(d.zeros([2, 3]), d.zeros([3, 4]))).to.throw(/GRUCell: h must be \[2,4\], got \[3,4\]/);
  });

  it('refuses gradients of gradients (createGraph) clearly, leaving every .grad as it was', () => {
    const m = new nn.LSTM(3, 4, { seed: 1 });
    const x = d.randn([5, 2, 3], { seed: 2, requiresGrad: true });
    const loss = (input) => m.forward(input)[0].square().sum();
    const refusal = /LSTM: gradients of gradients through a recurrent layer \(createGraph: true in backward or d\.grad, d\.hessian, d\.hvp\) are not implemented/;
    expect(() => loss(x).backward(undefined, { createGraph: true })).to.throw(refusal);
    expect(m.parameters().every((p) => p.grad === null)).to.equal(true);
    expect(x.grad).to.equal(null);
    expect(() => d.grad(loss, { createGraph: true })(x)).to.throw(refusal);
    expect(() => d.hvp((v) => loss(v.reshape([5, 2, 3])))(d.zeros([30]), d.ones([30]))).to.throw(refusal);
    expect(() => new nn.GRUCell(3, 4).forward(x.slice([0, 0, 0], [1, 2, 3]).reshape([2, 3])).sum().backward(undefined, { createGraph: true }))
      .to.throw(/GRUCell: gradients of gradients through a recurrent layer/);
    // the first gradient still works
    loss(x).backward();
    expect(x.grad.shape).to.deep.equal([5, 2, 3]);
  });
});

// The tensor vocabulary with kernels of its own (log1p ... trunc, cumsum, cumprod, prod, norm,
// sort, argsort, topk) and the shape pieces (narrow, select, split, chunk, flip, roll, repeat,
// tile, open slices), and torch.matmul's rules: values and gradients against PyTorch 1.13
// (tools/reference/vocabulary_ops.py), finite differences, second derivatives, edge cases and
// refusals.
import { expect } from 'chai';
import * as d from '../../dist/index.js';
import fixture from '../fixtures/vocabulary_ops.mjs';
import { expectClose, testValues, ODD_SIZES } from '../helpers/assert.mjs';
import { check, checkHvp, input } from '../helpers/finite_differences.mjs';

/** A call's outputs as a list: a tensor, a list of tensors, or { values, indices }. */
function outputsOf(result) {
  if (result instanceof d.Tensor) return [result];
  if (Array.isArray(result)) return result;
  return [result.values, result.indices];
}

describe('tensor vocabulary: parity with torch 1.13', () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      const before = d.memory().tensors;
      d.tidy(() => {
        const differentiable = c.grads.some((g) => g !== null);
        const inputs = c.inputs.map((t) => d.tensor(t.data, { shape: t.shape, requiresGrad: differentiable }));
        const outs = outputsOf(d[c.op](...inputs, ...c.args));
        expect(outs.length, 'number of outputs').to.equal(c.outs.length);
        outs.forEach((o, i) => {
          expect(o.shape, `output ${i} shape`).to.deep.equal(c.outs[i].shape);
          const exact = c.rs[i] === null; // indices
          if (exact) expect(Array.from(o.toFloat32Array()), `output ${i}`).to.deep.equal(c.outs[i].data);
          else expectClose(o.toFloat32Array(), c.outs[i].data, { rtol: 1e-5, atol: 1e-6, what: `output ${i}` });
        });
        if (!differentiable) return;
        let loss = null;
        outs.forEach((o, i) => {
          if (c.rs[i] === null) return;
          const term = o.mul(d.tensor(c.rs[i], { shape: o.shape })).sum();
          loss = loss === null ? term : loss.add(term);
        });
        loss.backward();
        inputs.forEach((t, k) => expectClose(t.grad.toFloat32Array(), c.grads[k], { rtol: 1e-5, atol: 1e-5, what: `grad ${k}` }));
      });
      expect(d.memory().tensors, 'live tensors').to.equal(before);
    });
  }
});

// Distinct values at least 0.1 apart for sort/topk (a step h never reorders them), positive
// ones away from zero for reciprocal/rsqrt/log1p, and lines without zeros for cumprod/prod.
const OPS = {
  log1p: { inputs: [input([2, 5], 'positive')], fn: (a) => a.sub(0.9).log1p() },
  expm1: { inputs: [input([3, 4])], fn: (a) => a.mul(2).expm1() },
  reciprocal: { inputs: [input([7], 'nonzero')], fn: (a) => a.reciprocal() },
  rsqrt: { inputs: [input([2, 3], 'positive')], fn: (a) => a.rsqrt() },
  'roundings (zero gradient)': { inputs: [input([5])], fn: (a) => { const b = a.mul(0.1).add(0.25); return b.floor().add(b.ceil()).add(b.round()).add(b.trunc()).add(a); } }, // b in [0.15, 0.35]: no jump within a step
  cumsum: { inputs: [input([3, 4])], fn: (a) => a.cumsum(1).add(a.cumsum(-2)) },
  cumprod: { inputs: [input([2, 5], 'nonzero')], fn: (a) => a.cumprod(1) },
  'cumprod 3-D': { inputs: [input([2, 3, 2], 'nonzero')], fn: (a) => a.cumprod(1) },
  prod: { inputs: [input([3, 4], 'nonzero')], fn: (a) => a.prod(0).add(a.prod(1, true).sum()).add(a.prod()) },
  'norm 2 and fro': { inputs: [input([3, 4])], fn: (a) => a.norm().add(a.norm(2, 1).sum()).add(a.norm('fro', [0, 1])) },
  'norm 1 and inf': { inputs: [input([3, 4], 'spread')], fn: (a) => a.norm(1, 0).add(a.norm(Infinity, 0)).add(a.norm(-Infinity, 0)) },
  'norm 3 and 0.5': { inputs: [input([2, 5], 'nonzero')], fn: (a) => a.norm(3, 1).add(a.norm(0.5, 1)) },
  sort: { inputs: [input([3, 5], 'spread')], fn: (a) => a.sort(1).values.add(a.sort(1, { descending: true }).values) },
  'sort dim 0': { inputs: [input([4, 3], 'spread')], fn: (a) => a.sort(0).values },
  topk: { inputs: [input([3, 6], 'spread')], fn: (a) => a.topk(2).values.sum(1).add(a.topk(3, { dim: 0, largest: false }).values.sum(0).sum()) },
  narrow: { inputs: [input([4, 5])], fn: (a) => a.narrow(1, 1, 3).add(a.narrow(0, 0, 4).narrow(1, -3, 3)) },
  select: { inputs: [input([3, 4, 2])], fn: (a) => a.select(1, -1).mul(a.select(1, 0)) },
  'split and chunk': { inputs: [input([5, 3])], fn: (a) => d.concat([...a.split([2, 3]).reverse(), ...a.chunk(2, 0)], 0) },
  flip: { inputs: [input([3, 4])], fn: (a) => a.flip([0, 1]).mul(a) },
  roll: { inputs: [input([3, 4])], fn: (a) => a.roll([1, -1], [0, 1]).mul(a.roll(5)) },
  repeat: { inputs: [input([2, 3])], fn: (a) => a.repeat(2, 1, 2).mul(d.arange(24).reshape([2, 2, 6])) },
  tile: { inputs: [input([2, 3])], fn: (a) => d.concat([a.tile([3]).flatten(), a.tile([2, 1]).flatten()]) },
  'slice open bounds': { inputs: [input([4, 5])], fn: (a) => a.slice([[null, -1], [-3, null]]) },
  'matmul 1-D . 1-D': { inputs: [input([4]), input([4])], fn: (a, b) => d.matmul(a, b) },
  'matmul 1-D . 3-D': { inputs: [input([3]), input([2, 3, 2])], fn: (a, b) => d.matmul(a, b) },
  'matmul 4-D . 1-D': { inputs: [input([2, 2, 2, 3]), input([3])], fn: (a, b) => d.matmul(a, b) },
  'matmul broadcast batch': { inputs: [input([2, 1, 2, 3]), input([3, 3, 2])], fn: (a, b) => d.matmul(a, b) },
};

describe('tensor vocabulary: finite differences', () => {
  for (const [name, op] of Object.entries(OPS)) it(name, () => check(name, op));
});

const SECOND = {
  'log1p/expm1': (x) => x.mul(0.5).expm1().square().sum().add(x.add(2).log1p().square().sum()),
  'reciprocal/rsqrt': (x) => x.add(2).reciprocal().square().sum().add(x.add(2).rsqrt().mul(x).sum()),
  cumsum: (x) => x.cumsum(1).square().sum(),
  cumprod: (x) => x.add(1.5).cumprod(1).sum(),
  prod: (x) => x.add(1.5).prod(1).square().sum(),
  norm: (x) => x.norm(2, 1).square().sum().add(x.norm(3, 0).sum()),
  'sort/topk': (x) => x.sort(1).values.square().mul(d.arange(12).reshape([3, 4])).sum().add(x.topk(2).values.square().sum()),
  'flip/roll/repeat': (x) => x.flip(0).mul(x.roll(1, 1)).repeat(2, 1).square().sum(),
  'matmul 1-D': (x) => d.matmul(x.select(0, 0), x.transpose()).square().sum(),
};

describe('tensor vocabulary: second order (createGraph)', () => {
  for (const [name, f] of Object.entries(SECOND)) it(name, () => checkHvp(name, f));
});

function roundHalfEven(t) {
  const r = Math.round(t); // halves up
  return r - t === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

describe('tensor vocabulary: kernels over every SIMD tail length', () => {
  for (const n of ODD_SIZES) {
    it(`pointwise ops, cumsum, norm and sort agree with float64 references (n = ${n})`, () => {
      d.tidy(() => {
        const raw = testValues(n, n + 3);
        const x = d.tensor(raw, { shape: [n] });
        const v = Array.from(raw);
        expectClose(x.log1p().toFloat32Array(), v.map((t) => Math.log1p(t)), { rtol: 2e-6, atol: 0, what: 'log1p' });
        expectClose(x.expm1().toFloat32Array(), v.map((t) => Math.expm1(t)), { rtol: 2e-6, atol: 0, what: 'expm1' });
        expectClose(x.round().toFloat32Array(), v.map(roundHalfEven), { rtol: 0, atol: 0, what: 'round' });
        let acc = 0;
        expectClose(x.cumsum(0).toFloat32Array(), v.map((t) => (acc += t)), { rtol: 1e-6, atol: 1e-7, what: 'cumsum' });
        expectClose([x.norm().item()], [Math.sqrt(v.reduce((s, t) => s + t * t, 0))], { rtol: 1e-6, atol: 0, what: 'norm' });
        expect(Array.from(x.sort().values.toFloat32Array())).to.deep.equal(Array.from(raw).sort((a, b) => a - b));
        const cols = d.tensor(testValues(3 * n, n), { shape: [3, n] });
        expect(Array.from(cols.sort(0).values.transpose().toFloat32Array())).to.deep.equal(
          Array.from(cols.transpose().sort(1).values.toFloat32Array()));
      });
    });
  }
});

describe('tensor vocabulary: edge cases', () => {
  it('handles empty dimensions as torch does', () => {
    d.tidy(() => {
      const e = d.zeros([2, 0]);
      expect(e.cumsum(1).shape).to.deep.equal([2, 0]);
      expect(e.prod(1).toArray()).to.deep.equal([1, 1]);
      expect(e.norm(2, 1).toArray()).to.deep.equal([0, 0]);
      expect(e.sort(1).values.shape).to.deep.equal([2, 0]);
      expect(e.topk(0).indices.shape).to.deep.equal([2, 0]);
      expect(d.ones([3]).topk(0).values.shape).to.deep.equal([0]);
      expect(e.split(1, 1).map((t) => t.shape)).to.deep.equal([[2, 0]]);
      expect(e.flip(1).shape).to.deep.equal([2, 0]);
      expect(e.roll(3, 1).shape).to.deep.equal([2, 0]);
    });
  });

  it('treats 0-d tensors as torch does', () => {
    d.tidy(() => {
      const s = d.tensor(-3);
      expect(s.cumsum(0).item()).to.equal(-3);
      expect(s.cumprod(-1).item()).to.equal(-3);
      expect(s.prod().item()).to.equal(-3);
      expect(s.norm().item()).to.equal(3);
      const { values, indices } = s.sort();
      expect([values.item(), indices.item()]).to.deep.equal([-3, 0]);
      expect(s.topk(1).values.item()).to.equal(-3);
      expect(s.flip([]).item()).to.equal(-3);
    });
  });

  it('sorts -0 and +0 as equal, keeping their order, and NaN as the largest value', () => {
    d.tidy(() => {
      const x = d.tensor([0, -0, NaN, -1, -0, 0]);
      expect(Array.from(x.argsort().toFloat32Array())).to.deep.equal([3, 0, 1, 4, 5, 2]);
      expect(Array.from(x.argsort(-1, { descending: true }).toFloat32Array())).to.deep.equal([2, 0, 1, 4, 5, 3]);
      expect(Array.from(x.topk(2).indices.toFloat32Array())).to.deep.equal([2, 0]);
    });
  });

  it('norm with p null is the 2-norm, so an axis can follow', () => {
    d.tidy(() => expect(d.tensor([[3, 4], [6, 8]]).norm(null, 1).toArray()).to.deep.equal([5, 10]));
  });

  it('topk equals the first k of the stable sort, ties included, for small and large k', () => {
    d.tidy(() => {
      const x = d.tensor(testValues(3 * 90, 4).map((v) => Math.round(v * 6)), { shape: [3, 90] }); // many ties
      for (const k of [1, 7, 32, 33, 89, 90]) {
        for (const largest of [true, false]) {
          const t = x.topk(k, { largest });
          const s = x.sort(1, { descending: largest });
          expect(Array.from(t.indices.toFloat32Array()), `k ${k}`).to.deep.equal(Array.from(s.indices.narrow(1, 0, k).toFloat32Array()));
          expect(Array.from(t.values.toFloat32Array()), `k ${k}`).to.deep.equal(Array.from(s.values.narrow(1, 0, k).toFloat32Array()));
        }
      }
    });
  });

  it('keeps the batched fast paths and the existing refusals of matmulTransposedA/B', () => {
    d.tidy(() => {
      expect(d.matmul(d.ones([2, 3, 4]), d.ones([4, 5])).shape).to.deep.equal([2, 3, 5]);
      expect(() => d.matmulTransposedB(d.ones([3]), d.ones([3]))).to.throw(/matmulTransposedB: expected 2-D or 3-D tensors/);
    });
  });
});

describe('tensor vocabulary: refusals name the function, the argument and the values', () => {
  const x = () => d.tensor([[3, 1, 2], [6, 5, 4]]);
  const cases = [
    ['cumsum without an axis', () => d.cumsum(x()), /cumsum: axis must be an integer, got undefined/],
    ['cumprod axis out of range', () => x().cumprod(2), /cumprod: axis 2 is out of range/],
    ['prod keepDim without axis', () => x().prod(null, true), /prod: keepDim needs an axis/],
    ['norm nuclear', () => x().norm('nuc'), /norm: p must be a number .* or 'fro', got 'nuc'/],
    ['norm NaN', () => x().norm(NaN), /norm: p must be a number/],
    ['norm inf of an empty dimension', () => d.zeros([2, 0]).norm(Infinity, 1), /norm: the Infinity-norm of an empty dimension/],
    ['sort descending not a boolean', () => x().sort(1, { descending: 'yes' }), /sort: descending must be a boolean, got string yes/],
    ['sort unknown option', () => x().sort(1, { order: 'desc' }), /sort: unknown option 'order'/],
    ['argsort extra argument', () => d.argsort(x(), 1, {}, true), /argsort: expected at most 3 arguments/],
    ['topk k too large', () => x().topk(4), /topk: k must be an integer from 0 to 3 \(the size of dimension 1\), got 4/],
    ['topk dim out of range', () => x().topk(1, { dim: 2 }), /topk: axis 2 is out of range/],
    ['narrow past the end', () => x().narrow(1, 2, 2), /narrow: start 2 \+ length 2 exceeds dimension 1 of size 3/],
    ['narrow start out of range', () => x().narrow(0, -3, 1), /narrow: start -3 is out of range for dimension 0 of size 2/],
    ['select out of range', () => x().select(1, 3), /select: index 3 is out of range for dimension 1 of size 3/],
    ['select of a 0-d tensor', () => d.tensor(1).select(0, 0), /select: input must have at least one dimension/],
    ['split sizes that do not add up', () => x().split([1, 1], 1), /split: sizes \[1, 1\] must be non-negative and add up to dimension 1 of size 3/],
    ['split size 0', () => x().split(0), /split: splitSize must be positive, got 0/],
    ['chunk 0', () => x().chunk(0), /chunk: chunks must be at least 1, got 0/],
    ['flip repeats a dimension', () => x().flip([1, -1]), /flip: dims \[1,-1\] repeats a dimension/],
    ['roll shifts and dims differ in length', () => x().roll([1, 2], [0]), /roll: shifts \[1,2\] and dims \[0\] must have the same length/],
    ['roll fractional shift', () => x().roll(1.5, 0), /roll: shifts\[0\] must be an integer, got number 1.5/],
    ['repeat with fewer reps than dims', () => x().repeat(2), /repeat: 1 repetitions given for a tensor of 2 dimensions \[2,3\]/],
    ['repeat negative', () => x().repeat(2, -1), /repeat: reps\[1\] must be non-negative, got -1/],
    ['tile of a number', () => x().tile(2), /tile: reps must be an array of integers, got number 2/],
    ['matmul of a 0-d tensor', () => d.matmul(d.tensor(2), x()), /matmul: both arguments need at least one dimension, got \[\] x \[2,3\]/],
    ['matmul 1-D inner mismatch', () => d.matmul(d.ones([4]), d.ones([3])), /matmul: \[4\] x \[3\]: inner dimensions 4 and 3 differ/],
    ['matmul batch dims that do not broadcast', () => d.matmul(d.ones([2, 1, 2, 3]), d.ones([3, 3, 2])).shape && d.matmul(d.ones([2, 2, 3]), d.ones([4, 3, 1])), /matmul: \[2,2,3\] x \[4,3,1\]: batch sizes 2 and 4 differ/],
    ['matmul 4-D batch dims that do not broadcast', () => d.matmul(d.ones([2, 3, 2, 3]), d.ones([4, 3, 1])), /matmul: \[2,3,2,3\] x \[4,3,1\]: batch dimensions \[2,3\] and \[4\] cannot be broadcast/],
    ['slice index past the end', () => x().slice([null, 3]), /slice: dimension 1 of \[2,3\]: range \[3, 4\) is out of bounds/],
    ['slice fractional bound', () => x().slice([[0.5, null]]), /slice: dimension 0: bounds must be integers or null, got \[0.5,null\]/],
  ];
  for (const [name, fn, message] of cases) {
    it(name, () => {
      const before = d.memory().tensors;
      d.tidy(() => expect(fn).to.throw(message));
      expect(d.memory().tensors, 'nothing left alive').to.equal(before);
    });
  }
});

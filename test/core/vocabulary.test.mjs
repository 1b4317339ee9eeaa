// Tensor vocabulary a torch user reaches for: sizes as varargs, eye(n, m), empty, *Like,
// logic (ne, logical ops, any, all, isnan, isfinite), argmin, var/std with correction,
// oneHot. Expected values are worked out by hand (torch's semantics).
import { expect } from 'chai';
import * as d from '../../dist/index.js';
import { expectClose } from '../helpers/assert.mjs';

describe('tensor vocabulary', () => {
  it('sizes as varargs or one array; options last', () => {
    expect(d.zeros(2, 3).shape).to.deep.equal([2, 3]);
    expect(d.ones([2, 3], { requiresGrad: true }).requiresGrad).to.equal(true);
    expect(d.ones(4, { requiresGrad: true }).shape).to.deep.equal([4]);
    expect(d.rand(2, 2, { seed: 1 }).toArray()).to.deep.equal(d.rand([2, 2], { seed: 1 }).toArray());
    expect(d.randn(3, { seed: 2 }).toArray()).to.deep.equal(d.randn([3], { seed: 2 }).toArray());
    expect(d.empty(2, 1).shape).to.deep.equal([2, 1]);
    expect(() => d.zeros(2, 'x')).to.throw(TypeError, /zeros: the options argument .* must be an object/);
    expect(() => d.zeros(2, [3])).to.throw(TypeError, /^zeros: shape must be numbers, zeros\(2, 3\), or one array of numbers, zeros\(\[2, 3\]\); got an array/);
  });

  it('eye(n, m), fullLike / zerosLike / onesLike / randLike / randnLike', () => {
    expect(d.eye(2, 3).toArray()).to.deep.equal([[1, 0, 0], [0, 1, 0]]);
    expect(d.eye(3, 2).toArray()).to.deep.equal([[1, 0], [0, 1], [0, 0]]);
    const x = d.zeros(2, 2);
    expect(d.fullLike(x, 7).toArray()).to.deep.equal([[7, 7], [7, 7]]);
    expect(d.onesLike(x).toArray()).to.deep.equal([[1, 1], [1, 1]]);
    expect(d.randLike(x, { seed: 3 }).toArray()).to.deep.equal(d.rand([2, 2], { seed: 3 }).toArray());
    expect(d.randnLike(x, { seed: 3 }).shape).to.deep.equal([2, 2]);
  });

  it('ne, logical ops, any, all, isnan, isfinite, argmin', () => {
    const a = d.tensor([0, 1, 2, NaN]);
    expect(a.ne(1).toArray()).to.deep.equal([1, 0, 1, 1]);
    expect(d.logicalNot(a).toArray()).to.deep.equal([1, 0, 0, 0]);
    expect(d.logicalAnd(a, d.tensor([1, 1, 0, 1])).toArray()).to.deep.equal([0, 1, 0, 1]);
    expect(d.logicalOr(a, d.tensor([1, 0, 0, 0])).toArray()).to.deep.equal([1, 1, 1, 1]);
    expect(d.logicalXor(a, d.tensor([1, 1, 0, 0])).toArray()).to.deep.equal([1, 0, 1, 1]);
    expect(a.isnan().toArray()).to.deep.equal([0, 0, 0, 1]);
    expect(d.tensor([1, Infinity, -Infinity, NaN]).isfinite().toArray()).to.deep.equal([1, 0, 0, 0]);
    const m = d.tensor([[0, 1], [0, 0]]);
    expect(m.any().item()).to.equal(1);
    expect(m.all().item()).to.equal(0);
    expect(m.any(1).toArray()).to.deep.equal([1, 0]);
    expect(d.tensor([[3, 1, 1], [0, 5, -2]]).argmin(1).toArray()).to.deep.equal([1, 2]);
  });

  it('var and std with correction, along an axis, differentiable', () => {
    const x = d.tensor([[1, 2, 3, 4], [2, 2, 2, 6]], { requiresGrad: true });
    expectClose(x.var(1).toArray(), [5 / 3, 4]);
    expectClose(x.var(1, { correction: 0 }).toArray(), [1.25, 3]);
    expectClose([x.std().item()], [Math.sqrt(17.5 / 7)]);
    x.var(null, { correction: 0 }).backward();
    // d var / d x_i = 2 (x_i - mean) / n, mean 2.75, n 8
    expectClose(x.grad.toFloat32Array(), [1, 2, 3, 4, 2, 2, 2, 6].map((v) => (2 * (v - 2.75)) / 8));
    expect(() => x.var(1, { unbiased: true })).to.throw(/var: unknown option 'unbiased'/);
  });

  it('oneHot', () => {
    expect(d.nn.functional.oneHot([0, 2, 1], 3).toArray()).to.deep.equal([[1, 0, 0], [0, 0, 1], [0, 1, 0]]);
    expect(d.nn.functional.oneHot(d.tensor([[1], [0]])).shape).to.deep.equal([2, 1, 2]);
    expect(() => d.nn.functional.oneHot([0, 3], 3)).to.throw(/oneHot/);
  });
});

// Errors are thrown at the call, name the op, the argument and the offending shapes or values.
import { expect } from 'chai';
import * as d from '../../dist/index.js';

describe('errors', () => {
  let a23, b45, v4;
  before(() => {
    a23 = d.ones([2, 3]);
    b45 = d.ones([4, 5]);
    v4 = d.ones([4]);
  });
  after(() => [a23, b45, v4].forEach((t) => t.dispose()));

  it('shape mismatches name both shapes', () => {
    expect(() => d.matmul(a23, b45)).to.throw('matmul: [2,3] x [4,5]: inner dimensions 3 and 4 differ');
    for (const op of ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum']) {
      expect(() => d[op](a23, v4), op).to.throw(new RegExp(`^${op}: .*\\[2,3\\].*\\[4\\]`));
      expect(() => a23[op](v4), op).to.throw(/\[2,3\].*\[4\]/);
    }
    expect(() => d.where(d.ones([3]), a23, v4)).to.throw(/where: .*\[2,3\].*\[4\]/);
    expect(() => d.concat([a23, b45], 0)).to.throw(/concat: .*\[4,5\].*\[2,3\]/);
    expect(() => d.stack([a23, b45])).to.throw(/stack: .*\[4,5\].*\[2,3\]/);
    expect(() => d.nn.functional.mseLoss(a23, b45)).to.throw(/mseLoss: .*\[2,3\].*\[4,5\]/);
    expect(() => a23.reshape([4, 2])).to.throw(/reshape: .*\[2,3\].*\[4,2\]/);
    expect(() => a23.expand([4, 3])).to.throw(/expand: .*\[2,3\].*\[4,3\]/);
    expect(() => d.matmul(d.ones([2, 2, 3]), d.ones([3, 3, 4]))).to.throw(/\[2,2,3\] x \[3,3,4\].*batch/);
    expect(() => d.nn.functional.crossEntropy(a23, [0])).to.throw(/crossEntropy: .*\[2,3\].*2 targets, got 1/);
    expect(() => a23.gather(1, [[0], [1], [2]])).to.throw(/gather: .*\[3,1\].*\[2,3\]/);
  });

  it('ragged nested arrays are refused', () => {
    expect(() => d.tensor([[1, 2], [3]])).to.throw(RangeError, /ragged/);
    expect(() => d.tensor([[1, 2], 3])).to.throw(/ragged/);
    expect(() => d.tensor([1, [2, 3]])).to.throw(/data\[1\]/);
    expect(() => d.tensor([[[1], [2]], [[3], [4, 5]]])).to.throw(/ragged/);
    expect(() => d.tensor([1, 'a'])).to.throw(TypeError, /data\[1\]/);
  });

  it('negative, fractional or non-numeric dimensions are refused', () => {
    for (const make of [(s) => d.zeros(s), (s) => d.ones(s), (s) => d.full(s, 1), (s) => d.rand(s), (s) => d.randn(s)]) {
      expect(() => make([2, -1])).to.throw(RangeError, /-1/);
      expect(() => make([1.5])).to.throw(RangeError, /1.5/);
      expect(() => make(['3'])).to.throw(RangeError);
    }
    // Sizes as varargs (API.md "PyTorch vocabulary": d.zeros(2, 3) ≡ d.zeros([2, 3])): zeros(3) is [3], as torch
    for (const make of [d.zeros, d.ones, d.rand, d.randn]) expect(make(3).shape).to.deep.equal([3]);
    expect(() => d.full(3, 1)).to.throw(TypeError, /shape/);
    expect(() => d.tensor([1, 2], { shape: [-2, -1] })).to.throw(RangeError, /-2/);
    expect(() => a23.reshape([-2, -3])).to.throw(RangeError, /-2/);
    expect(() => d.eye(-1)).to.throw(RangeError, /eye: n/);
    expect(() => d.linspace(0, 1, -1)).to.throw(RangeError, /linspace: n/);
  });

  it('wrong types name the argument', () => {
    expect(() => d.add('x', a23)).to.throw(TypeError, /add: a must be a Tensor or a number, got string x/);
    expect(() => d.mul(a23, [1, 2])).to.throw(TypeError, /mul: b must be a Tensor or a number, got an array/);
    expect(() => a23.add()).to.throw(TypeError, /add: b .* got undefined/);
    expect(() => d.matmul(a23, 2)).to.throw(TypeError, /matmul: b must be a Tensor/);
    expect(() => d.sum([1, 2])).to.throw(TypeError, /sum: input must be a Tensor/);
    expect(() => d.where(null, a23, a23)).to.throw(TypeError, /where: condition/);
    expect(() => d.tensor('abc')).to.throw(TypeError, /tensor: data/);
    expect(() => d.tensor([1], { requiresGrad: 'yes' })).to.throw(TypeError, /requiresGrad/);
    expect(() => a23.sum(0, 'yes')).to.throw(TypeError, /keepDim/);
    expect(() => a23.sum('0')).to.throw(TypeError, /sum: axis/);
    expect(() => a23.softmax(2)).to.throw(RangeError, /softmax: axis 2 .* 2 dimensions/);
    expect(() => d.concat([a23, 'b'])).to.throw(TypeError, /concat: tensors\[1\]/);
    expect(() => d.rand([2], { seed: 1.5 })).to.throw(TypeError, /rand: seed/);
    expect(() => d.manualSeed('a')).to.throw(TypeError, /seed/);
    expect(() => d.tidy(3)).to.throw(TypeError, /tidy: fn/);
    expect(() => d.nn.functional.crossEntropy(a23, [0, 3])).to.throw(RangeError, /targets\[1\] = 3/);
    expect(() => a23.indexSelect(1, [0, 7])).to.throw(RangeError, /indexSelect: indices\[1\] = 7/);
    // [start, stop] bounds past the end are clamped as torch's slices are (tools/reference/vocabulary_ops.py, 'slice clamps')
    expect(() => a23.slice([[0, 1.5]])).to.throw(RangeError, /slice: dimension 0/);
    expect(() => a23.slice([5])).to.throw(RangeError, /slice: dimension 0/);
    expect(() => d.arange(0, 1, 0)).to.throw(RangeError, /step/);
  });

  it('a failed call changes nothing', () => {
    const x = d.tensor([1, 2, 3], { requiresGrad: true });
    const y = d.ones([2]);
    const m = d.ones([2, 2]);
    const before = d.memory();
    expect(() => x.add(y)).to.throw();
    expect(() => d.matmul(m, x)).to.throw();
    expect(() => d.concat([m, x])).to.throw();
    expect(() => d.nn.functional.crossEntropy(m, [0, 5])).to.throw();
    expect(() => m.softmax(5)).to.throw();
    expect(d.memory()).to.deep.equal(before);
    y.dispose();
    m.dispose();
    expect(x.grad).to.equal(null);
    x.dispose();
  });
});

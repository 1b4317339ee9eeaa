// In-place ops and torch's version rule, t.data, and the autograd API: d.autograd.grad,
// d.autograd.Function, retainGrad, registerHook, backward's options. Expected values are
// derivatives written out by hand (the ported tutorial in test/training/pytorch_examples.test.mjs
// checks the same machinery against torch over 2,000 steps).
import { expect } from 'chai';
import * as d from '../../dist/index.js';
import { expectClose } from '../helpers/assert.mjs';

describe('in-place ops', () => {
  it('add_ (alpha), sub_, mul_, div_ broadcast the other operand; fill_, zero_, copy_, clamp_', () => {
    const t = d.tensor([[1, 2], [3, 4]]);
    expect(t.add_(d.tensor([10, 20]), { alpha: 2 })).to.equal(t);
    expect(t.toArray()).to.deep.equal([[21, 42], [23, 44]]);
    t.sub_(1).mul_(d.tensor([[2], [1]])).div_(2);
    expect(t.toArray()).to.deep.equal([[20, 41], [11, 21.5]]);
    t.clamp_(12, 30);
    expect(t.toArray()).to.deep.equal([[20, 30], [12, 21.5]]);
    t.copy_(d.tensor([7, 8]));
    expect(t.toArray()).to.deep.equal([[7, 8], [7, 8]]);
    t.fill_(3);
    expect(t.toArray()).to.deep.equal([[3, 3], [3, 3]]);
    t.zero_();
    expect(t.toArray()).to.deep.equal([[0, 0], [0, 0]]);
    expect(() => t.add_(d.ones([3, 2]))).to.throw(/add_/);
    expect(() => t.add_(1, { beta: 2 })).to.throw(/add_: unknown option 'beta'/);
  });

  it('a leaf that requires grad changes in place only under noGrad or through .data', () => {
    const w = d.tensor([1, 2], { requiresGrad: true });
    expect(() => w.sub_(1)).to.throw(/add_|sub_: a leaf tensor that requires grad cannot be changed in place/);
    d.noGrad(() => w.sub_(1));
    expect(w.toArray()).to.deep.equal([0, 1]);
    w.data.mul_(3);
    expect(w.toArray()).to.deep.equal([0, 3]);
    const y = w.mul(2);
    expect(() => y.add_(1)).to.throw(/computed by a recorded op \(mul\) cannot be changed in place/);
  });

  it('changing in place a tensor a live graph saved makes backward throw (the version rule)', () => {
    const w = d.tensor([1, 2], { requiresGrad: true });
    const x = d.tensor([3, 4]);
    const loss = w.mul(x).sum();
    x.mul_(2);
    expect(() => loss.backward()).to.throw(/saved for the backward pass was changed in place/);
    expect(w.grad).to.equal(null);
    const loss2 = w.mul(x).sum();
    loss2.backward();
    expect(w.grad.toArray()).to.deep.equal([6, 8]);
  });

  it('requiresGrad_ on leaves; refused on computed tensors', () => {
    const t = d.ones([2]).requiresGrad_();
    expect(t.requiresGrad).to.equal(true);
    expect(() => t.mul(2).requiresGrad_(false)).to.throw(/only a leaf's flag can be changed/);
  });
});

describe('d.autograd.grad', () => {
  it('returns the gradients without touching .grad; gradOutputs weight several outputs', () => {
    const x = d.tensor([1, 2, 3], { requiresGrad: true });
    const y = x.pow(2).sum();
    const [gx] = d.autograd.grad(y, [x]);
    expect(gx.toArray()).to.deep.equal([2, 4, 6]);
    expect(x.grad).to.equal(null);
    const a = x.mul(3);
    const b = x.pow(3);
    const [g] = d.autograd.grad([a, b], x, { gradOutputs: [d.ones([3]), d.tensor([1, 0, 1])] });
    expect(g.toArray()).to.deep.equal([6, 3, 30]);
  });

  it('createGraph gives a differentiable gradient (second derivative)', () => {
    const x = d.tensor([2], { requiresGrad: true });
    const [g] = d.autograd.grad(x.pow(3).sum(), x, { createGraph: true });
    const [h] = d.autograd.grad(g.sum(), x);
    expect(h.toArray()).to.deep.equal([12]);
  });

  it('allowUnused returns null for an unused input; without it, throws', () => {
    const x = d.tensor([1], { requiresGrad: true });
    const z = d.tensor([1], { requiresGrad: true });
    const y = x.mul(2).sum();
    expect(() => d.autograd.grad(y, [x, z], { retainGraph: true })).to.throw(/inputs\[1\] \(shape \[1\]\) was not used/);
    const [gx, gz] = d.autograd.grad(y, [x, z], { allowUnused: true });
    expect(gx.toArray()).to.deep.equal([2]);
    expect(gz).to.equal(null);
    expect(() => d.autograd.grad(y, x, { retain: true })).to.throw(/unknown option 'retain'/);
  });
});

describe('d.autograd.Function', () => {
  const Cube = d.autograd.Function({
    forward(ctx, x, scale) {
      ctx.saveForBackward(x);
      ctx.scale = scale;
      return x.pow(3).mul(scale);
    },
    backward(ctx, g) {
      const [x] = ctx.savedTensors;
      return [g.mul(x.pow(2)).mul(3 * ctx.scale), null];
    },
  });

  it('apply runs forward; backward gets ctx and the output gradient', () => {
    const x = d.tensor([1, 2], { requiresGrad: true });
    const y = Cube.apply(x, 2);
    expect(y.toArray()).to.deep.equal([2, 16]);
    y.sum().backward();
    expect(x.grad.toArray()).to.deep.equal([6, 24]);
  });

  it('a wrong gradient shape is refused, naming the function', () => {
    const Bad = d.autograd.Function({ forward: (ctx, x) => x.mul(2), backward: (ctx, g) => g.sum() });
    const x = d.tensor([1, 2], { requiresGrad: true });
    expect(() => Bad.apply(x).sum().backward()).to.throw(/backward's gradient 0 must be a Tensor of shape \[2\]/);
    expect(() => d.autograd.Function({ forward() {} })).to.throw(/needs forward\(ctx, \.\.\.args\) and backward/);
  });
});

describe('retainGrad, registerHook, backward options', () => {
  it('retainGrad keeps an intermediate gradient; registerHook sees and may replace gradients', () => {
    const x = d.tensor([1, 2], { requiresGrad: true });
    const h = x.mul(3).retainGrad();
    const seen = [];
    const handle = h.registerHook((g) => { seen.push(g.toArray()); return g.mul(10); });
    h.pow(2).sum().backward();
    expect(seen).to.deep.equal([[6, 12]]);
    expect(h.grad.toArray()).to.deep.equal([60, 120]);
    expect(x.grad.toArray()).to.deep.equal([180, 360]);
    handle.remove();
    x.grad = null;
    x.mul(3).sum().backward();
    expect(x.grad.toArray()).to.deep.equal([3, 3]);
  });

  it('backward({ retainGraph }) and backward(grad, { inputs }) as torch', () => {
    const a = d.tensor([1], { requiresGrad: true });
    const b = d.tensor([2], { requiresGrad: true });
    const y = a.mul(b).sum();
    y.backward({ retainGraph: true });
    expect(a.grad.toArray()).to.deep.equal([2]);
    const z = a.mul(b).sum();
    z.backward(undefined, { inputs: [b] });
    expect(a.grad.toArray()).to.deep.equal([2]);
    expect(b.grad.toArray()).to.deep.equal([2]);
    expect(() => z.backward({ retain: true })).to.throw(/backward: unknown option 'retain'/);
  });
});

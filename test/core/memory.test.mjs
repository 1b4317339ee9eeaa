// Memory: tidy frees all but its result, a long training-like loop stays flat, an allocation
// too big for Wasm memory fails cleanly, and disposed tensors say so when used.
import { expect } from 'chai';
import * as d from '../../dist/index.js';
import { expectClose } from '../helpers/assert.mjs';

describe('memory', () => {
  it('tidy frees every tensor made inside except the returned ones', () => {
    const before = d.memory();
    const r = d.tidy(() => {
      const a = d.ones([100]);
      const b = a.mul(3).add(a).exp();
      return b.sum();
    });
    const after = d.memory();
    expect(after.tensors).to.equal(before.tensors + 1);
    expect(after.bytes).to.equal(before.bytes + 16); // one float in a 16-byte block
    expectClose([r.item()], [100 * Math.exp(4)], { rtol: 1e-5 });
    r.dispose();
    expect(d.memory().tensors).to.equal(before.tensors);
    expect(d.memory().bytes).to.equal(before.bytes);
  });

  it('tidy keeps tensors in a returned array or object, and nests', () => {
    const before = d.memory().tensors;
    const { a, list } = d.tidy(() => {
      const x = d.arange(10);
      const inner = d.tidy(() => [x.mul(2), x.add(1).mul(3)]);
      return { a: x.sum(), list: inner };
    });
    expect(d.memory().tensors).to.equal(before + 3);
    expectClose(list[0].toArray(), [0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
    expectClose([a.item()], [45]);
    for (const t of [a, ...list]) t.dispose();
    expect(d.memory().tensors).to.equal(before);
  });

  it('tidy frees what was made when fn throws, and rethrows', () => {
    const before = d.memory().tensors;
    expect(() => d.tidy(() => {
      d.ones([5]).add(1);
      throw new Error('inside');
    })).to.throw('inside');
    expect(d.memory().tensors).to.equal(before);
  });

  it('tidy refuses an async fn, freeing what it made before its first await', async () => {
    const before = d.memory().tensors;
    let inner = null;
    expect(() => d.tidy(async () => {
      inner = d.ones([3]);
      await null;
    })).to.throw(TypeError, /tidy: fn returned a Promise/);
    expect(inner.disposed).to.equal(true);
    expect(d.memory().tensors).to.equal(before);
  });

  it('backward inside tidy leaves only the parameter gradients', () => {
    const w = d.tensor([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]], { requiresGrad: true });
    const x = d.tensor([[1, 2, 3], [4, 5, 6]]);
    const before = d.memory();
    d.tidy(() => {
      const h = x.matmul(w);
      const loss = d.nn.functional.mseLoss(d.where(h.gt(1), h, h.mul(0.5)).softmax(1), d.tensor([[1, 0], [0, 1]]))
        .add(d.nn.functional.crossEntropy(h, [1, 0]))
        .add(d.stack([h, h]).max().mul(h.min()).mean())
        .add(d.concat([h, w.slice([[0, 2], null])], 0).logSumExp(1).sum());
      loss.backward();
    });
    const after = d.memory();
    expect(after.tensors).to.equal(before.tensors + 1); // w.grad
    expect(after.bytes).to.equal(before.bytes + 32); // 6 floats in a 32-byte block
    for (const t of [w, x]) t.dispose();
  });

  it('a 5,000-step training-like loop leaves d.memory() flat', function () {
    this.timeout(60000);
    const x = d.randn([16, 4], { seed: 3 });
    const target = d.randn([16, 1], { seed: 4 });
    let w = d.zeros([4, 1], { requiresGrad: true });
    let b = d.zeros([1], { requiresGrad: true });
    const step = () => {
      const next = d.tidy(() => {
        const pred = x.matmul(w).add(b);
        const loss = d.nn.functional.mseLoss(pred, target);
        loss.backward();
        return d.noGrad(() => [w.sub(w.grad.mul(0.05)), b.sub(b.grad.mul(0.05)), loss.item()]);
      });
      w.dispose();
      b.dispose();
      w = next[0];
      b = next[1];
      w.requiresGrad = true;
      b.requiresGrad = true;
      return next[2];
    };
    for (let i = 0; i < 100; i++) step();
    const early = d.memory();
    let lastLoss = 0;
    for (let i = 100; i < 5000; i++) lastLoss = step();
    const late = d.memory();
    expect(late.tensors).to.equal(early.tensors);
    expect(late.bytes).to.equal(early.bytes);
    expect(late.wasmBytes).to.equal(early.wasmBytes);
    // and it learned: the least-squares fit has a lower loss than the zero model's
    const zeroLoss = d.tidy(() => target.mul(target).mean().item());
    expect(lastLoss).to.be.below(zeroLoss);
    for (const t of [x, target, w, b]) t.dispose();
  });

  it('an allocation bigger than Wasm memory throws a RangeError and the engine still works', () => {
    const before = d.memory();
    expect(() => d.zeros([2e9])).to.throw(RangeError, /cannot allocate 8000000000 bytes/);
    expect(() => d.ones([65536, 65536])).to.throw(RangeError, /more than Wasm memory can hold/);
    expect(d.memory().tensors).to.equal(before.tensors);
    expect(d.memory().bytes).to.equal(before.bytes);
    const t = d.tidy(() => d.arange(5).mul(2).sum());
    expect(t.item()).to.equal(20);
    t.dispose();
  });

  it('memory grows on demand and views stay valid across growth', () => {
    const a = d.arange(1000);
    const big = d.zeros([4 * 1024 * 1024]); // 16 MiB, beyond the initial memory
    const wasm = d.memory().wasmBytes;
    expect(wasm).to.be.at.least(16 * 1024 * 1024);
    expectClose(a.slice([[995, 1000]]).toArray(), [995, 996, 997, 998, 999]);
    big.dispose();
    // freed blocks are reused: the same allocation again does not grow memory
    const again = d.zeros([4 * 1024 * 1024]);
    expect(d.memory().wasmBytes).to.equal(wasm);
    again.dispose();
    a.dispose();
  });

  it('a disposed tensor used again says so, and dispose is idempotent', () => {
    const t = d.ones([2, 3]);
    t.dispose();
    t.dispose();
    expect(() => t.add(1)).to.throw(/disposed/);
    expect(() => t.toArray()).to.throw(/disposed/);
    expect(() => t.item()).to.throw(/disposed/);
    expect(() => d.matmul(t, t)).to.throw(/matmul: a: .*disposed/);
    expect(() => t.sum()).to.throw(/sum: input: .*disposed/);
    expect(() => d.concat([t])).to.throw(/disposed/);
    expect(() => d.nn.functional.crossEntropy(t, [0, 1])).to.throw(/disposed/);
    expect(t.shape).to.deep.equal([2, 3]);
  });

  it('disposing a view keeps the shared storage alive for the other tensor', () => {
    const a = d.arange(6);
    const v = a.reshape([2, 3]);
    const det = a.detach();
    a.dispose();
    expectClose(v.toArray(), [[0, 1, 2], [3, 4, 5]]);
    v.dispose();
    expectClose(det.toArray(), [0, 1, 2, 3, 4, 5]);
    const bytes = d.memory().bytes;
    det.dispose();
    expect(d.memory().bytes).to.equal(bytes - 32);
  });
});

// Regression tests for the defects an outside hostile check found (issue 13), one block per
// class of defect. Each failed before its fix.
import { expect } from 'chai';
import * as d from '../../dist/index.js';

describe('hostile: tidy keeps what it returns, at any depth', () => {
  it('a tensor 13 levels deep in plain objects, in arrays, Maps, Sets and null-prototype objects survives', () => {
    const before = d.memory().tensors;
    const result = d.tidy(() => {
      let deep = { t: d.ones([2]) };
      for (let i = 0; i < 13; i++) deep = { inner: deep };
      const bare = Object.create(null);
      bare.t = d.ones([1]);
      const cyclic = { t: d.ones([3]) };
      cyclic.self = cyclic;
      d.ones([4]); // dropped: freed
      return { deep, list: [[[[d.ones([5])]]]], map: new Map([['k', d.ones([6])]]), set: new Set([d.ones([7])]), bare, cyclic };
    });
    let deep = result.deep;
    for (let i = 0; i < 13; i++) deep = deep.inner;
    expect(deep.t.toArray()).to.deep.equal([1, 1]);
    expect(result.list[0][0][0][0].size).to.equal(5);
    expect(result.map.get('k').size).to.equal(6);
    expect([...result.set][0].size).to.equal(7);
    expect(result.bare.t.size).to.equal(1);
    expect(result.cyclic.t.size).to.equal(3);
    expect(d.memory().tensors - before, 'six kept, the dropped one freed').to.equal(6);
    for (const t of [deep.t, result.list[0][0][0][0], result.map.get('k'), [...result.set][0], result.bare.t, result.cyclic.t]) t.dispose();
    expect(d.memory().tensors).to.equal(before);
  });

  it('a result whose getter throws frees what was made and rethrows', () => {
    const before = d.memory().tensors;
    const bad = () => d.tidy(() => {
      d.ones([2]);
      return { get t() { throw new Error('boom'); } };
    });
    expect(bad).to.throw(Error, 'boom');
    expect(d.memory().tensors).to.equal(before);
  });
});

describe('hostile: a second backward through the same graph is refused', () => {
  it('throws before touching .grad; retainGraph-style walks (hessian, createGraph) still work', () => {
    const x = d.tensor([1, 2], { requiresGrad: true });
    const y = x.mul(x).sum();
    y.backward();
    expect(x.grad.toArray()).to.deep.equal([2, 4]);
    expect(() => y.backward()).to.throw(Error, /^backward: the graph of sum was already walked by an earlier backward\(\); pass \{ retainGraph: true \}/);
    expect(x.grad.toArray(), 'not doubled').to.deep.equal([2, 4]);
    // A new graph from the same leaf is fine.
    const z = x.mul(3).sum();
    z.backward();
    expect(x.grad.toArray()).to.deep.equal([5, 7]);
    // createGraph keeps the graph (torch: retain_graph defaults to create_graph).
    const w = x.mul(x).sum();
    w.backward(undefined, { createGraph: true });
    w.backward(undefined, { createGraph: true });
    const h = d.hessian((v) => v.mul(v).mul(v).sum())(d.tensor([1, 2]));
    expect(h.toArray()).to.deep.equal([[6, 0], [0, 12]]);
    for (const t of [x, y, z, w, h]) t.dispose();
  });
});

describe('hostile: mean does not overflow where the float64 mean is finite', () => {
  it('all axes, one axis and separate axis groups; messages name mean', () => {
    expect(d.mean(d.tensor([3e38, 3e38, -3e38])).item()).to.equal(Math.fround(1e38));
    expect(d.tensor([[3e38, 3e38], [1, 2]]).mean(1).toArray()).to.deep.equal([Math.fround(3e38), 1.5]);
    expect(d.full([2, 3, 2], 3e38).mean([0, 2]).toArray()).to.deep.equal([Math.fround(3e38), Math.fround(3e38), Math.fround(3e38)]);
    expect(d.full([4], 3e38).mean(0, true).toArray()).to.deep.equal([Math.fround(3e38)]);
    expect(Number.isNaN(d.zeros([0]).mean().item())).to.equal(true);
    // Rounded once: the float64 mean of float32 values, then float32.
    const values = Float32Array.from({ length: 1001 }, (_, i) => Math.fround(Math.sin(i) * 1e3));
    const exact = Math.fround(values.reduce((s, v) => s + v, 0) / values.length);
    expect(d.tensor(values).mean().item()).to.equal(exact);
    expect(() => d.mean(d.zeros([2]), 3)).to.throw(RangeError, /^mean: axis 3 is out of range/);
    expect(() => d.mean(d.zeros([2]), 0, 'yes')).to.throw(TypeError, /^mean: keepDim must be a boolean/);
  });
});

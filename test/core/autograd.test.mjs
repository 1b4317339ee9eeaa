// Autograd semantics: accumulation, requiresGrad propagation, noGrad, detach, the functional
// forms, very deep graphs, and a deterministic walk order.
import { expect } from 'chai';
import * as d from '../../dist/index.js';
import { expectClose } from '../helpers/assert.mjs';

describe('autograd', () => {
  it('accumulates .grad across two backward calls', () => {
    const x = d.tensor([1, -2, 3], { requiresGrad: true });
    d.tidy(() => x.mul(x).sum().backward());
    expectClose(x.grad.toArray(), [2, -4, 6]);
    d.tidy(() => x.mul(x).sum().backward());
    expectClose(x.grad.toArray(), [4, -8, 12]);
    x.dispose();
  });

  it('gives each input of add, sub and clone its own gradient', () => {
    const a = d.tensor([1, 2, 3], { requiresGrad: true });
    const b = d.tensor([4, 5, 6], { requiresGrad: true });
    const c = d.tensor([7, 8, 9]); // no grad: its gradient must not be freed from under a's
    d.tidy(() => a.add(b).add(c).sub(a.clone().mul(3)).sum().backward());
    expectClose(a.grad.toArray(), [-2, -2, -2]);
    expectClose(b.grad.toArray(), [1, 1, 1]);
    expect(c.grad).to.equal(null);
    // the gradients are independent storage: changing one leaves the other
    d.tidy(() => a.sum().backward());
    expectClose(a.grad.toArray(), [-1, -1, -1]);
    expectClose(b.grad.toArray(), [1, 1, 1]);
    for (const t of [a, b, c]) t.dispose();
  });

  it('uses a tensor twice in one op (x + x, x * x)', () => {
    const x = d.tensor([1.5, -2], { requiresGrad: true });
    d.tidy(() => x.add(x).add(x.mul(x)).sum().backward());
    expectClose(x.grad.toArray(), [2 + 3, 2 - 4]);
    x.dispose();
  });

  it('propagates requiresGrad from any input and not from none', () => {
    d.tidy(() => {
      const a = d.tensor([1, 2], { requiresGrad: true });
      const b = d.tensor([3, 4]);
      expect(a.requiresGrad).to.equal(true);
      expect(b.requiresGrad).to.equal(false);
      expect(a.add(b).requiresGrad).to.equal(true);
      expect(b.add(a).requiresGrad).to.equal(true);
      expect(b.mul(b).requiresGrad).to.equal(false);
      expect(b.mul(2).requiresGrad).to.equal(false);
      expect(a.mul(2).sum().requiresGrad).to.equal(true);
      expect(d.stack([b, a]).requiresGrad).to.equal(true);
      expect(d.concat([b, b]).requiresGrad).to.equal(false);
      expect(d.where(d.tensor([1, 0]), b, a).requiresGrad).to.equal(true);
    });
  });

  it('records nothing inside noGrad, and restores recording after (even after a throw)', () => {
    d.tidy(() => {
      const a = d.tensor([1, 2], { requiresGrad: true });
      const y = d.noGrad(() => a.mul(3).add(1));
      expect(y.requiresGrad).to.equal(false);
      expectClose(y.toArray(), [4, 7]);
      expect(() => y.sum().backward()).to.throw(/does not require grad/);
      expect(() => d.noGrad(() => { throw new Error('boom'); })).to.throw('boom');
      expect(a.mul(2).requiresGrad).to.equal(true);
      // nested: enableGrad is not part of the API contract; noGrad nests cleanly
      const z = d.noGrad(() => d.noGrad(() => a.add(1)).add(a));
      expect(z.requiresGrad).to.equal(false);
    });
  });

  it('detach cuts the graph and shares the values', () => {
    const x = d.tensor([1, 2, 3], { requiresGrad: true });
    d.tidy(() => {
      const c = x.mul(2).detach();
      expect(c.requiresGrad).to.equal(false);
      expectClose(c.toArray(), [2, 4, 6]);
      // d/dx sum(stopgrad(2x) * x) = 2x
      c.mul(x).sum().backward();
    });
    expectClose(x.grad.toArray(), [2, 4, 6]);
    x.dispose();
  });

  it('d.grad and d.valueAndGrad give gradients and leave every .grad untouched', () => {
    const w = d.tensor([[1, 2], [3, 4]], { requiresGrad: true });
    const x = d.tensor([[0.5, -1], [2, 0.25]], { requiresGrad: true });
    const before = d.memory().tensors;
    // f(x, w) = sum((x @ w)^2)
    const f = (a, b) => { const y = a.matmul(b); return y.mul(y).sum(); };
    const { value, grads } = d.valueAndGrad(f)(x, w);
    const y = [[0.5 - 3, 1 - 4], [2 + 0.75, 4 + 1]];
    const expected = y.flat().reduce((s, v) => s + v * v, 0);
    expectClose([value.item()], [expected]);
    // dF/dx = 2 y wᵀ ; dF/dw = 2 xᵀ y
    const gx = [[2 * (y[0][0] * 1 + y[0][1] * 2), 2 * (y[0][0] * 3 + y[0][1] * 4)],
      [2 * (y[1][0] * 1 + y[1][1] * 2), 2 * (y[1][0] * 3 + y[1][1] * 4)]];
    const gw = [[2 * (0.5 * y[0][0] + 2 * y[1][0]), 2 * (0.5 * y[0][1] + 2 * y[1][1])],
      [2 * (-1 * y[0][0] + 0.25 * y[1][0]), 2 * (-1 * y[0][1] + 0.25 * y[1][1])]];
    expectClose(grads[0].toArray(), gx);
    expectClose(grads[1].toArray(), gw);
    expect(x.grad).to.equal(null);
    expect(w.grad).to.equal(null);
    // only the value and the two gradients survive
    expect(d.memory().tensors).to.equal(before + 3);
    value.dispose();
    grads.forEach((g) => g.dispose());

    // a closed-over parameter that requires grad keeps its .grad untouched too
    const g1 = d.grad((a) => a.matmul(w).sum())(x);
    expect(w.grad).to.equal(null);
    expect(x.grad).to.equal(null);
    expectClose(g1.toArray(), [[3, 7], [3, 7]]);
    // an argument the function ignores gets zeros
    const [ga, gb] = d.grad((a, _b) => a.sum())(x, w);
    expectClose(gb.toArray(), [[0, 0], [0, 0]]);
    expectClose(ga.toArray(), [[1, 1], [1, 1]]);
    for (const t of [g1, ga, gb, x, w]) t.dispose();
  });

  it('d.grad refuses non-scalar results and non-tensor arguments', () => {
    const x = d.tensor([1, 2]);
    expect(() => d.grad((a) => a.mul(2))(x)).to.throw(/scalar.*\[2\]/);
    expect(() => d.grad((a) => a.sum())([1, 2])).to.throw(TypeError, /argument 0/);
    x.dispose();
  });

  it('backward(grad) takes an explicit output gradient and checks its shape', () => {
    const x = d.tensor([1, 2, 3], { requiresGrad: true });
    d.tidy(() => {
      const y = x.mul(x);
      y.backward(d.tensor([1, 0.5, -1]));
      expect(() => y.backward(d.tensor([1, 2]))).to.throw(/\[2\].*\[3\]/);
      expect(() => y.backward()).to.throw(/scalar/);
    });
    expectClose(x.grad.toArray(), [2, 2, -6]);
    x.dispose();
  });

  it('.grad is assignable with a tensor of the same shape or null', () => {
    const p = d.tensor([1, 2], { requiresGrad: true });
    p.grad = d.tensor([0.5, 0.5]);
    d.tidy(() => p.mul(3).sum().backward());
    expectClose(p.grad.toArray(), [3.5, 3.5]);
    expect(() => { p.grad = d.tensor([1, 2, 3]); }).to.throw(/\[3\].*\[2\]/);
    p.grad.dispose();
    p.grad = null;
    expect(p.grad).to.equal(null);
    // a gradient assigned inside tidy outlives it
    d.tidy(() => { p.grad = d.ones([2]); });
    expectClose(p.grad.toArray(), [1, 1]);
    p.dispose();
  });

  for (const n of [10000, 100000]) {
    it(`walks a ${n}-op chain without overflowing the stack`, function () {
      this.timeout(60000);
      const x = d.tensor([0.5, 2], { requiresGrad: true });
      const value = d.tidy(() => {
        let y = x;
        for (let i = 0; i < n; i++) y = i % 2 === 0 ? y.mul(1.0001) : y.add(1);
        const s = y.sum();
        s.backward();
        return s.item();
      });
      // y = x·r^(n/2) + c, so dy/dx = r^(n/2) (float32 rounding of r = 1.0001 included)
      const r = Math.fround(1.0001);
      let expected = 1;
      for (let i = 0; i < n / 2; i++) expected *= r;
      expectClose(x.grad.toArray(), [expected, expected], { rtol: 1e-3 });
      expect(Number.isFinite(value)).to.equal(true);
      x.dispose();
    });
  }

  it('is deterministic: the same graph gives bit-identical gradients', () => {
    const run = () => {
      const x = d.tensor(Float32Array.from({ length: 37 }, (_, i) => Math.sin(i) * 10 ** ((i % 7) - 3)), { requiresGrad: true });
      d.tidy(() => {
        // x fans out into many branches whose gradients are summed in a fixed order
        let acc = x.mul(1e-3);
        for (let k = 0; k < 20; k++) acc = acc.add(x.mul(x).mul(k + 0.1).div(x.add(100 + k))).mul(1.01);
        acc.sum().backward();
      });
      const g = x.grad.toFloat32Array();
      x.dispose();
      return Array.from(new Uint32Array(g.buffer));
    };
    expect(run()).to.deep.equal(run());
  });

  it('accumulates in the documented order: reverse post-order, inputs in op order', () => {
    // y = x·1 + x·1e8 + x·(-1e8). The walk visits add2 → [add1 → [m1, m2], m3], so the nodes run
    // as add2, m3, add1, m2, m1 and x's gradient is summed ((-1e8 + 1e8) + 1) = 1 in float32.
    // Any other order would lose the 1: (1 + 1e8) rounds to 1e8 in float32.
    const x = d.tensor([3], { requiresGrad: true });
    d.tidy(() => x.mul(1).add(x.mul(1e8)).add(x.mul(-1e8)).sum().backward());
    expect(x.grad.item()).to.equal(1);
    x.dispose();
  });

  it('a graph with a disposed intermediate says so at backward, changing nothing', () => {
    const x = d.tensor([1, 2], { requiresGrad: true });
    const y = x.mul(x);
    const z = y.sum();
    y.dispose();
    expect(() => z.backward()).to.throw(/disposed/);
    expect(x.grad).to.equal(null);
    z.dispose();
    x.dispose();
  });
});

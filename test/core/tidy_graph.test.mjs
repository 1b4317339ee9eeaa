// "tidy never breaks a graph" (issue 14, API.md): a tensor a live graph saved for backward stays
// alive until the graph is released, for composite ops too. The TF.js pattern — predict() with a
// d.tidy inside, differentiated later — must give the gradients of the same program without
// tidy, bit for bit, and everything the scope made must be freed once the graph is released
// (a backward() without retainGraph, or disposing the results).
import { expect } from 'chai';
import * as d from '../../dist/index.js';

const F = d.nn.functional;

function model() {
  return new d.nn.Sequential(new d.nn.Linear(3, 4), new d.nn.Tanh(), new d.nn.Linear(4, 2), new d.nn.Softplus(2));
}

// The gradients of loss(forward(x)) for every parameter, as plain arrays.
function gradients(net, forward, x, y) {
  net.zeroGrad();
  const out = forward(x);
  const loss = F.mseLoss(out, y);
  loss.backward();
  const grads = net.parameters().map((p) => p.grad.toArray());
  loss.dispose();
  out.dispose();
  return grads;
}

describe('tidy never breaks a graph', () => {
  const x = d.randn(5, 3, { seed: 1 });
  const y = d.randn(5, 2, { seed: 2 });
  after(() => {
    x.dispose();
    y.dispose();
  });

  it('predict with a tidy inside, then backward: the gradients of the same program without tidy, bit for bit', () => {
    const net = model();
    const plain = gradients(net, (v) => net.call(v).mul(2).add(1), x, y);
    const tidied = gradients(net, (v) => d.tidy(() => net.call(v).mul(2).add(1)), x, y);
    expect(tidied).to.deep.equal(plain);
    net.dispose();
  });

  it('composite ops inside a tidy (elu, mish, softplus(β), var, std, smoothL1, triplet margin) differentiate as without it', () => {
    const a = d.randn(4, 3, { seed: 3, requiresGrad: true });
    const b = d.randn(4, 3, { seed: 4 });
    const nb = b.mul(-1);
    const programs = [
      (t) => F.elu(t, 0.7).sum(),
      (t) => F.mish(t).sum(),
      (t) => F.softplus(t, 2, 1).sum(),
      (t) => t.var(1).sum(),
      (t) => t.std(0, { correction: 0 }).sum(),
      (t) => F.smoothL1Loss(t, b, { beta: 0.5 }),
      (t) => F.tripletMarginLoss(t, b, nb, { margin: 0.5 }),
      (t) => F.hingeLoss(t, b.sign()),
    ];
    for (const f of programs) {
      const direct = f(a);
      direct.backward();
      const want = a.grad.toArray();
      a.grad = null;
      const viaTidy = d.tidy(() => f(a));
      viaTidy.backward();
      expect(a.grad.toArray(), String(f)).to.deep.equal(want);
      a.grad = null;
      direct.dispose();
      viaTidy.dispose();
    }
    for (const t of [a, b, nb]) t.dispose();
  });

  it('frees what the scope made once backward() releases the graph', () => {
    const net = model();
    const before = d.memory().tensors;
    const out = d.tidy(() => net.call(x).mul(2).add(1));
    const held = d.memory().tensors - before;
    expect(held).to.be.above(1); // the result and the tensors its graph saved
    const loss = F.mseLoss(out, y);
    loss.backward();
    clearGrads(net);
    loss.dispose();
    out.dispose();
    expect(d.memory().tensors).to.equal(before);
    net.dispose();
  });

  it('frees them when the result is disposed without a backward, and keeps them through retainGraph', () => {
    const net = model();
    const before = d.memory().tensors;
    const out = d.tidy(() => net.call(x).sum());
    out.dispose();
    expect(d.memory().tensors).to.equal(before);

    const again = d.tidy(() => net.call(x).sum());
    again.backward({ retainGraph: true });
    const first = net.parameters().map((p) => p.grad.toArray());
    again.backward(); // the graph is still whole; this walk releases it
    net.parameters().forEach((p, i) => expect(p.grad.toArray()).to.deep.equal(doubled(first[i])));
    expect(() => again.backward()).to.throw(/already walked by an earlier backward\(\)/);
    clearGrads(net);
    again.dispose();
    expect(d.memory().tensors).to.equal(before);
    net.dispose();
  });

  it('a scope that ran backward() itself and returns the loss holds nothing for it (the graph is released)', () => {
    const net = model();
    const before = d.memory().tensors;
    const loss = d.tidy(() => {
      const l = F.mseLoss(net.call(x), y);
      l.backward();
      return l;
    });
    expect(d.memory().tensors - before).to.equal(1 + net.parameters().length); // the loss and the gradients
    clearGrads(net);
    loss.dispose();
    expect(d.memory().tensors).to.equal(before);
    net.dispose();
  });

  it('two results sharing a saved tensor: the first backward leaves it to the second', () => {
    const before = d.memory().tensors;
    const w = d.tensor([0.5, -1, 2], { requiresGrad: true });
    const [s, c] = d.tidy(() => {
      const leaf = d.tensor([1, 2, 3]); // made in the scope, read by both graphs' backward
      return [leaf.mul(w).sin().sum(), leaf.mul(w).cos().sum()];
    });
    s.backward();
    const afterSin = w.grad.toArray();
    w.grad.dispose();
    w.grad = null;
    c.backward();
    // d/dw Σ sin(leaf·w) = leaf·cos(leaf·w); d/dw Σ cos(leaf·w) = −leaf·sin(leaf·w) (float64 reference)
    const leaf = [1, 2, 3];
    const wv = [0.5, -1, 2];
    expectNear(afterSin, leaf.map((l, i) => l * Math.cos(l * wv[i])));
    expectNear(w.grad.toArray(), leaf.map((l, i) => -l * Math.sin(l * wv[i])));
    w.grad.dispose();
    w.grad = null;
    s.dispose();
    c.dispose();
    w.dispose();
    expect(d.memory().tensors).to.equal(before);
  });

  it('nested scopes: an inner result used by the outer result keeps the inner graph alive', () => {
    const net = model();
    const plain = d.tidy(() => gradients(net, (v) => net.call(v).square().add(v.sum()), x, y));
    clearGrads(net);
    const before = d.memory().tensors;
    const nested = gradients(net, (v) => d.tidy(() => d.tidy(() => net.call(v)).square().add(v.sum())), x, y);
    expect(nested).to.deep.equal(plain);
    clearGrads(net);
    expect(d.memory().tensors).to.equal(before);
    // An outer scope that returns no graph frees the inner one's saved tensors with it.
    const value = d.tidy(() => d.tidy(() => net.call(x).sum()).item());
    expect(value).to.be.a('number');
    expect(d.memory().tensors).to.equal(before);
    net.dispose();
  });
});

function clearGrads(net) {
  for (const p of net.parameters()) {
    p.grad?.dispose();
    p.grad = null;
  }
}

function doubled(a) {
  return Array.isArray(a) ? a.map(doubled) : Math.fround(a * 2);
}

function expectNear(got, want) {
  got.forEach((g, i) => expect(Math.abs(g - want[i])).to.be.below(1e-6 * Math.max(1, Math.abs(want[i]))));
}

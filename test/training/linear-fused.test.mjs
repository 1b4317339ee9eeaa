// The fused linear layer: nn.Sequential runs a Linear followed by a ReLU as one op
// (nn.functional.linearRelu: product, bias and ReLU in one kernel pass, one graph node). It must
// give exactly the bits of linear then relu, forward and backward (gradients of x, W and b),
// including NaN, -0 and values at 0, with and without bias, for 2-D and batched-3-D inputs;
// second derivatives must go through as relu's do.
import { expect } from 'chai';
import * as d from '../../dist/index.js';

const F = d.nn.functional;

function bits(t) {
  return Array.from(new Uint32Array(t.toFloat32Array().buffer));
}

/** Forward and gradients of sum(out · weights) for a layer function f(x, w, b). */
function run(f, shape, withBias) {
  return d.tidy(() => {
    const n = shape.reduce((a, b) => a * b, 1);
    const values = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 1.7) * 2);
    values[0] = NaN;
    values[1] = -0;
    values[2] = 0;
    const x = d.tensor(values, { shape, requiresGrad: true });
    const features = shape[shape.length - 1];
    const w = d.tensor(d.randn([7, features], { seed: 3 }).toFloat32Array(), { shape: [7, features], requiresGrad: true });
    const b = withBias ? d.tensor(Float32Array.from({ length: 7 }, (_, i) => (i - 3) * 0.25), { requiresGrad: true }) : null;
    const out = f(x, w, b);
    const weights = d.randn(out.shape, { seed: 4 });
    out.mul(weights).sum().backward();
    return { out: bits(out), dx: bits(x.grad), dw: bits(w.grad), db: b ? bits(b.grad) : null };
  });
}

describe('fused linear + ReLU', () => {
  for (const shape of [[5, 6], [2, 3, 6], [33, 19]]) {
    for (const withBias of [true, false]) {
      it(`linearRelu equals linear then relu bit for bit: input ${JSON.stringify(shape)}, ${withBias ? 'with' : 'without'} bias`, () => {
        const fused = run((x, w, b) => F.linearRelu(x, w, b), shape, withBias);
        const apart = run((x, w, b) => d.relu(F.linear(x, w, b)), shape, withBias);
        expect(fused).to.deep.equal(apart);
      });
    }
  }

  it('nn.Sequential(Linear, ReLU, Linear) fuses the pair and still matches the layers run one by one', () => {
    const model = new d.nn.Sequential(new d.nn.Linear(12, 9, { seed: 1 }), new d.nn.ReLU(), new d.nn.Linear(9, 4, { seed: 2 }));
    const x = d.randn([40, 12], { seed: 5 });
    const [l1, , l2] = model.layers;
    const byHand = d.tidy(() => bits(F.linear(d.relu(F.linear(x, l1.weight, l1.bias)), l2.weight, l2.bias)));
    const out = model.forward(x);
    expect(bits(out)).to.deep.equal(byHand);
    // One recorded node for the pair: the graph of the output reads linearRelu.
    expect(out.requiresGrad).to.equal(true);
    expect(out.node.inputs[0].node.name).to.equal('linearRelu');
    out.dispose();
    x.dispose();
  });

  it('a subclassed or patched ReLU is not fused (its own forward runs)', () => {
    class HalfRelu extends d.nn.ReLU {
      forward(x) { return d.relu(x).mul(0.5); }
    }
    const linear = new d.nn.Linear(4, 3, { seed: 1 });
    const x = d.randn([2, 4], { seed: 2 });
    const half = d.tidy(() => bits(new d.nn.Sequential(linear, new HalfRelu()).forward(x)));
    const expected = d.tidy(() => bits(d.relu(F.linear(x, linear.weight, linear.bias)).mul(0.5)));
    expect(half).to.deep.equal(expected);
    const patched = new d.nn.ReLU();
    patched.forward = (t) => t.mul(2);
    const doubled = d.tidy(() => bits(new d.nn.Sequential(linear, patched).forward(x)));
    expect(doubled).to.deep.equal(d.tidy(() => bits(F.linear(x, linear.weight, linear.bias).mul(2))));
    x.dispose();
  });

  it('second derivatives through linearRelu equal those through linear then relu', () => {
    const second = (f) => d.tidy(() => {
      const x = d.tensor([[0.5, -1, 2], [1.5, 0.25, -0.75]], { requiresGrad: true });
      const w = d.tensor([[1, -2, 0.5], [0.25, 1, -1]], { requiresGrad: true });
      const b = d.tensor([0.1, -0.2], { requiresGrad: true });
      const gradF = d.grad((input) => f(input, w, b).square().sum(), { createGraph: true });
      const g = gradF(x);
      const gx = Array.isArray(g) ? g[0] : g;
      gx.sum().backward();
      return { gx: bits(gx), dw: bits(w.grad) };
    });
    expect(second((x, w, b) => F.linearRelu(x, w, b))).to.deep.equal(second((x, w, b) => d.relu(F.linear(x, w, b))));
  });
});

import { expect } from 'chai';
import * as d from '../../dist/index.js';
import { expectClose, testValues, ODD_SIZES } from '../helpers/assert.mjs';
import { reference, derivative } from '../helpers/reference.mjs';

// Input ranges that exercise each function's interesting region.
const RANGE = {
  abs: [-5, 5], exp: [-20, 20], log: [1e-3, 50], sqrt: [0, 50], square: [-5, 5], relu: [-3, 3],
  sigmoid: [-15, 15], tanh: [-5, 5], gelu: [-8, 6], softplus: [-25, 25], erf: [-4, 4], sign: [-2, 2],
};
const OPS = Object.keys(RANGE);

function inputs(op, n, seed = 7) {
  const [lo, hi] = RANGE[op];
  return Array.from(testValues(n, seed), (u) => Math.fround(lo + ((u + 1) / 2) * (hi - lo)));
}

const SPECIALS = [0, -0, Infinity, -Infinity, NaN, 1e30, -1e30, 1e-30, -1e-30, 1e-45, -1e-45, 3e38, -3e38, 0.5, -0.5, 100, -100];

function expectSame(actual, expected, what) {
  for (let i = 0; i < expected.length; i++) {
    const e = Math.fround(expected[i]);
    const a = actual[i];
    if (Number.isNaN(e)) {
      expect(Number.isNaN(a), `${what}[${i}]: expected NaN, got ${a}`).to.equal(true);
    } else if (!Number.isFinite(e) || e === 0) {
      expect(Object.is(a, e) || (e === 0 && a === 0 && what.includes('gelu')), `${what}[${i}]: got ${a}, expected ${e}`).to.equal(true);
    } else {
      const tol = 1e-6 * Math.abs(e) + 1.5e-45;
      expect(Math.abs(a - e) <= tol, `${what}[${i}]: got ${a}, expected ${e}`).to.equal(true);
    }
  }
}

describe('unary ops: forward against a float64 reference', () => {
  for (const op of OPS) {
    it(`${op} at sizes ${ODD_SIZES.join(', ')}`, () => {
      for (const n of ODD_SIZES) {
        const xs = inputs(op, n, n + 3);
        const y = d.tensor(new Float32Array(xs), { shape: [n] })[op]();
        expect(y.shape).to.deep.equal([n]);
        expectClose(y.toFloat32Array(), xs.map(reference[op]), { rtol: 1e-6, atol: 1e-30, what: `${op}(n=${n})` });
        y.dispose();
      }
    });

    it(`${op} of special values (0, -0, ±Inf, NaN, huge, tiny)`, () => {
      const x = d.tensor(new Float32Array(SPECIALS));
      expectSame(x[op]().toFloat32Array(), SPECIALS.map((v) => reference[op](Math.fround(v))), op);
    });

    it(`${op} gives the same bits in SIMD lanes and in the scalar tail`, () => {
      const base = inputs(op, 13, 99);
      // each value at positions 0..4: lanes 0-3 of a vector and a scalar tail element
      for (const v of [...base, ...SPECIALS]) {
        const y = d.tensor(new Float32Array(5).fill(v))[op]().toFloat32Array();
        for (let i = 1; i < 5; i++) expect(Object.is(y[i], y[0]), `${op}(${v}) lane ${i}: ${y[i]} vs ${y[0]}`).to.equal(true);
      }
    });
  }

  it('exp and log handle overflow, underflow and the domain edges', () => {
    const e = d.tensor([88.7, 88.8, 1000, -87.3, -100, -103, -104, -1000]).exp().toFloat32Array();
    expect(e[0] / Math.exp(Math.fround(88.7))).to.be.closeTo(1, 2e-6);
    expect(e[1]).to.equal(Infinity);
    expect(e[2]).to.equal(Infinity);
    expect(e[3] / Math.exp(Math.fround(-87.3))).to.be.closeTo(1, 2e-6);
    expect(e[4]).to.be.closeTo(Math.exp(-100), 1.5e-45); // a denormal, correctly rounded to the grid
    expect(e[5]).to.be.closeTo(Math.exp(-103), 1.5e-45);
    expect(e[6]).to.equal(0);
    expect(e[7]).to.equal(0);
    const l = d.tensor([1e-45, 1.1e-38, -1e-45, -1, 3.4e38]).log().toFloat32Array();
    expect(l[0]).to.be.closeTo(Math.log(Math.fround(1e-45)), 1e-5);
    expect(l[1]).to.be.closeTo(Math.log(Math.fround(1.1e-38)), 1e-5);
    expect(Number.isNaN(l[2]) && Number.isNaN(l[3])).to.equal(true);
    expect(l[4]).to.be.closeTo(Math.log(3.4e38), 1e-4);
  });

  it('softplus follows torch: x above 20 returns x; the far negative tail keeps its precision', () => {
    const y = d.tensor([20, 20.5, -30, -90]).softplus().toFloat32Array();
    expect(y[0]).to.be.closeTo(20 + Math.log1p(Math.exp(-20)), 2e-6);
    expect(y[1]).to.equal(20.5);
    expect(y[2] / Math.exp(-30)).to.be.closeTo(1, 1e-6);
    expect(y[3]).to.be.closeTo(Math.exp(-90), 1.5e-45);
  });

  it('leakyRelu and clamp against references, with NaN propagation', () => {
    for (const n of ODD_SIZES) {
      const xs = inputs('relu', n, n);
      const x = d.tensor(new Float32Array(xs), { shape: [n] });
      expectClose(x.leakyRelu().toFloat32Array(), xs.map((v) => (v > 0 ? v : v * Math.fround(0.01))), { what: `leakyRelu(n=${n})` });
      expectClose(x.leakyRelu(0.2).toFloat32Array(), xs.map((v) => (v > 0 ? v : v * Math.fround(0.2))), { what: 'leakyRelu(0.2)' });
      expectClose(x.clamp(-1, 0.5).toFloat32Array(), xs.map((v) => Math.min(Math.max(v, -1), 0.5)), { what: `clamp(n=${n})` });
      expectClose(x.clamp(null, 0).toFloat32Array(), xs.map((v) => Math.min(v, 0)), { what: 'clamp(max)' });
      expectClose(x.clamp(0).toFloat32Array(), xs.map((v) => Math.max(v, 0)), { what: 'clamp(min)' });
    }
    const special = d.tensor([NaN, -Infinity, Infinity, 2]);
    expectSame(special.clamp(0, 1).toFloat32Array(), [NaN, 0, 1, 1], 'clamp');
    expectSame(special.clamp(3, 1).toFloat32Array(), [NaN, 1, 1, 1], 'clamp(min > max)');
    expectSame(special.leakyRelu(0.5).toFloat32Array(), [NaN, -Infinity, Infinity, 2], 'leakyRelu');
    expectSame(special.relu().toFloat32Array(), [NaN, 0, Infinity, 2], 'relu');
  });

  it('clamp accepts tensor bounds (broadcast)', () => {
    const x = d.tensor([[-2, 0.5, 3], [1, -1, 0]]);
    const y = x.clamp(d.tensor([-1, 0, 1]), d.tensor([[2], [0.5]]));
    expectClose(y.toArray(), [[-1, 0.5, 2], [0.5, 0, 0.5]]);
  });

  it('refuses bad arguments with the op and argument named', () => {
    expect(() => d.relu([1, 2])).to.throw(TypeError, /relu: input must be a Tensor/);
    expect(() => d.tensor([1]).leakyRelu('a')).to.throw(TypeError, /leakyRelu: negativeSlope must be a number/);
    expect(() => d.tensor([1]).leakyRelu(NaN)).to.throw(RangeError, /leakyRelu: negativeSlope must be finite, got NaN/);
    expect(() => d.tensor([1]).clamp()).to.throw(TypeError, /clamp: at least one of 'min' or 'max'/);
    expect(() => d.tensor([1]).clamp('0', 1)).to.throw(TypeError, /clamp: min must be a number/);
    const t = d.tensor([1]);
    t.dispose();
    expect(() => t.tanh()).to.throw(/dispos/);
  });
});

// Gradient checks: d/dx Σ w_i f(x_i) = w_i f'(x_i), with f' from a central difference of the
// float64 reference (or the reference derivative at kinks).
function finiteDifference(f, x, h = 1e-5) {
  return (f(x + h) - f(x - h)) / (2 * h);
}

const GRAD_RANGE = { ...RANGE, log: [0.05, 20], sqrt: [0.05, 20], exp: [-5, 5], softplus: [-25, 25] };

describe('unary ops: gradients against finite differences', () => {
  for (const op of OPS) {
    it(`${op}'(x) (fused kernel) at sizes 1, 5, 17, 33`, () => {
      for (const n of [1, 5, 17, 33]) {
        const [lo, hi] = GRAD_RANGE[op];
        // keep away from kinks at 0, where the finite difference is meaningless
        const xs = Array.from(testValues(n, n + 11), (u) => {
          const v = Math.fround(lo + ((u + 1) / 2) * (hi - lo));
          return Math.abs(v) < 1e-2 ? 0.25 : v;
        });
        const ws = Array.from(testValues(n, n + 12), (u) => Math.fround(u + 1.5));
        const x = d.tensor(new Float32Array(xs), { requiresGrad: true });
        d.tidy(() => x[op]().mul(d.tensor(new Float32Array(ws))).sum().backward());
        const expected = xs.map((v, i) => ws[i] * (derivative[op] ? derivative[op](v) : finiteDifference(reference[op], v)));
        expectClose(x.grad.toFloat32Array(), expected, { rtol: 2e-5, atol: 1e-6, what: `${op}'` });
        x.dispose();
      }
    });
  }

  it("leakyRelu' and clamp' (gradient passes inside [min, max], slope below 0)", () => {
    const xs = [-2, -0.5, 0.3, 0.9, 1.5, 3];
    const x = d.tensor(xs, { requiresGrad: true });
    d.tidy(() => x.leakyRelu(0.1).sum().backward());
    expectClose(x.grad.toArray(), xs.map((v) => (v > 0 ? 1 : 0.1)));
    x.grad = null;
    d.tidy(() => x.clamp(-1, 1).mul(2).sum().backward());
    expectClose(x.grad.toArray(), xs.map((v) => (v >= -1 && v <= 1 ? 2 : 0)));
    x.grad = null;
    d.tidy(() => x.clamp(-0.5, 3).sum().backward());
    expectClose(x.grad.toArray(), [0, 1, 1, 1, 1, 1]); // torch: the bounds themselves pass the gradient
  });

  it('matches torch at the kinks: relu, abs and sqrt at 0', () => {
    const x = d.tensor([0, -0, 1], { requiresGrad: true });
    d.tidy(() => x.relu().sum().backward());
    expectClose(x.grad.toArray(), [0, 0, 1]);
    x.grad = null;
    d.tidy(() => x.abs().sum().backward());
    expectClose(x.grad.toArray(), [0, 0, 1]);
    const s = d.tensor([0], { requiresGrad: true });
    d.tidy(() => s.sqrt().sum().backward());
    expect(s.grad.item()).to.equal(Infinity);
  });
});

// Second derivatives through createGraph: backward once recording, then differentiate x.grad.
function secondDerivative(op, xs) {
  const x = d.tensor(new Float32Array(xs), { requiresGrad: true });
  const result = d.tidy(() => {
    x[op]().sum().backward(undefined, { createGraph: true });
    const g = x.grad;
    x.grad = null;
    g.sum().backward();
    return x.grad.toFloat32Array();
  });
  x.dispose();
  return result;
}

describe('unary ops: second derivatives (createGraph)', () => {
  it("leakyRelu'' and clamp'' are zero and the first derivative stays differentiable (as torch)", () => {
    const xs = [-2, -0.5, 0.3, 0.9, 1.5, 3];
    for (const f of [(x) => x.leakyRelu(0.1), (x) => x.clamp(-1, 1)]) {
      const x = d.tensor(xs, { requiresGrad: true });
      d.tidy(() => {
        f(x).sum().backward(undefined, { createGraph: true });
        const g = x.grad;
        expect(g.requiresGrad).to.equal(true);
        x.grad = null;
        g.mul(d.tensor(xs)).sum().backward();
        expectClose(x.grad.toArray(), [0, 0, 0, 0, 0, 0]);
      });
      x.dispose();
    }
  });

  const cases = {
    tanh: [-2, -0.7, 0.1, 0.5, 1.3], exp: [-2, -0.5, 0.3, 1, 2.5], sigmoid: [-4, -1, 0.2, 1.5, 3],
    log: [0.2, 0.7, 1.5, 4, 9], sqrt: [0.2, 0.7, 1.5, 4, 9], square: [-2, -0.5, 0.3, 1, 3],
    softplus: [-4, -1, 0.2, 1.5, 3], gelu: [-3, -1, 0.2, 1, 2.5], erf: [-2, -0.6, 0.1, 0.9, 1.7],
    relu: [-1, -0.3, 0.4, 2, 5], abs: [-1, -0.3, 0.4, 2, 5],
  };
  for (const [op, xs] of Object.entries(cases)) {
    it(`${op}''(x) against a second difference of the float64 reference`, () => {
      const f = reference[op];
      const h = 1e-4;
      const expected = xs.map((v) => (f(v + h) - 2 * f(v) + f(v - h)) / (h * h));
      expectClose(secondDerivative(op, xs), expected, { rtol: 1e-4, atol: 1e-5, what: `${op}''` });
    });
  }
});

describe('unary ops: memory', () => {
  it('forward + backward loops (fused and createGraph) leave d.memory() flat', () => {
    const x = d.randn([37], { seed: 3, requiresGrad: true });
    const chain = (t) => t.gelu().tanh().sigmoid().softplus().exp().log().sqrt().abs().square()
      .relu().leakyRelu().clamp(-1, 1).erf().sign().add(t.erf());
    const fused = () => d.tidy(() => {
      chain(x).sum().backward();
      x.grad.dispose();
      x.grad = null;
    });
    const secondOrder = () => d.tidy(() => {
      chain(x).sum().backward(undefined, { createGraph: true });
      const g = x.grad;
      x.grad = null;
      g.sum().backward();
      x.grad.dispose();
      x.grad = null;
      g.dispose();
    });
    for (const step of [fused, secondOrder]) {
      step();
      const before = d.memory();
      for (let i = 0; i < 20; i++) step();
      const after = d.memory();
      expect(after.tensors).to.equal(before.tensors);
      expect(after.bytes).to.equal(before.bytes);
    }
    x.dispose();
  });
});

// The test landscapes against float64 formulas written out independently here: values,
// gradients (autograd vs central differences of the float64 formula), minima and batches.
import { expect } from 'chai';
import * as d from '../../dist/index.js';
import { expectClose, testValues, numericGradient } from '../helpers/assert.mjs';

const F = d.optimize.functions;
const sq = (v) => v * v;
const REFERENCE = {
  rosenbrock: (x) => {
    let s = 0;
    for (let i = 0; i + 1 < x.length; i++) s += 100 * sq(x[i + 1] - x[i] * x[i]) + sq(1 - x[i]);
    return s;
  },
  beale: ([x, y]) => sq(1.5 - x + x * y) + sq(2.25 - x + x * y * y) + sq(2.625 - x + x * y * y * y),
  himmelblau: ([x, y]) => sq(x * x + y - 11) + sq(x + y * y - 7),
  rastrigin: (x) => 10 * x.length + x.reduce((s, v) => s + v * v - 10 * Math.cos(2 * Math.PI * v), 0),
  saddle: ([x, y]) => x * x - y * y,
  quadratic: ([x, y]) => 0.5 * (x * x + 25 * y * y),
};
const landscapes = () => ({ ...F, quadratic: F.quadratic(25) });

describe('optimize.functions', () => {
  it('evaluate to the float64 formulas at scattered points', () => {
    for (const [name, f] of Object.entries(landscapes())) {
      const pts = testValues(40, name.length);
      for (let i = 0; i < pts.length; i += 2) {
        const p = [pts[i] * 3, pts[i + 1] * 3];
        const fp = Float32Array.from(p);
        const got = f(d.tensor(fp)).item();
        expectClose([got], [REFERENCE[name](fp)], { rtol: 2e-5, atol: 2e-4, what: `${name}(${p})` });
      }
    }
  });

  it('have autograd gradients that match finite differences', () => {
    for (const [name, f] of Object.entries(landscapes())) {
      const pts = testValues(12, 7 + name.length);
      for (let i = 0; i < pts.length; i += 2) {
        const p = Float32Array.from([pts[i] * 2, pts[i + 1] * 2]);
        const g = d.grad(f)(d.tensor(p)).toFloat32Array();
        const fd = numericGradient(REFERENCE[name], p, 1e-5);
        expectClose(g, fd, { rtol: 1e-4, atol: 2e-3, what: `grad ${name}(${Array.from(p)})` });
      }
    }
  });

  it('are zero with zero gradient at their documented minima', () => {
    for (const [name, f] of Object.entries(landscapes())) {
      expect(f.label).to.equal(name);
      for (const m of f.minima) {
        expect(Math.abs(f(d.tensor(m)).item() - f.minValue), `${name} at ${m}`).to.be.below(1e-4);
        const g = d.grad(f)(d.tensor(m)).toFloat32Array();
        expect(Math.hypot(...g), `|grad ${name}| at ${m}`).to.be.below(2e-3);
      }
    }
    expect(F.saddle.minima).to.deep.equal([]);
    expect(F.saddle.minValue).to.equal(-Infinity);
    expect(d.grad(F.saddle)(d.tensor([0, 0])).toArray()).to.deep.equal([0, 0]);
  });

  it('generalise to n dimensions where the function does', () => {
    const x = Float32Array.from([0.3, -1.1, 0.8, 1.7, -0.4]);
    expectClose([F.rosenbrock(d.tensor(x)).item()], [REFERENCE.rosenbrock(x)], { rtol: 1e-5 });
    expectClose([F.rastrigin(d.tensor(x)).item()], [REFERENCE.rastrigin(x)], { rtol: 1e-5 });
    expect(F.rosenbrock(d.ones([7])).item()).to.equal(0);
    // quadratic(κ): eigenvalues evenly spaced from 1 to κ
    const q = F.quadratic(9);
    expectClose([q(d.tensor([1, 1, 1, 1, 1])).item()], [0.5 * (1 + 3 + 5 + 7 + 9)]);
    expectClose(d.grad(q)(d.tensor([1, 2, 1, 1, 1])).toArray(), [1, 6, 5, 7, 9]);
  });

  it('evaluate a batch [m, 2] to one value per point', () => {
    const pts = [[-1.2, 1], [1, 1], [0.5, -0.5]];
    for (const [name, f] of Object.entries(landscapes())) {
      const out = f(d.tensor(pts));
      expect(out.shape).to.deep.equal([3]);
      expectClose(out.toArray(), pts.map((p) => REFERENCE[name](Float32Array.from(p))), { rtol: 1e-5, atol: 1e-5, what: name });
    }
  });

  it('free their intermediates when no gradient is recorded', () => {
    const x = d.tensor([0.5, 0.25]);
    const before = d.memory().tensors;
    for (const f of Object.values(landscapes())) f(x).dispose();
    expect(d.memory().tensors).to.equal(before);
  });

  it('reject points of the wrong shape and bad conditions', () => {
    expect(() => F.beale(d.tensor([1, 2, 3]))).to.throw(RangeError, /beale: x has shape \[3\]: the last dimension must be 2/);
    expect(() => F.rosenbrock(d.tensor([1]))).to.throw(RangeError, /rosenbrock: .* at least 2/);
    expect(() => F.himmelblau([1, 2])).to.throw(TypeError, /himmelblau: x must be a Tensor/);
    expect(() => F.quadratic(0.5)).to.throw(RangeError, /quadratic: condition must be a finite number ≥ 1, got 0.5/);
  });
});

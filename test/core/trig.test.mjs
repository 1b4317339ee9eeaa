// sin and cos against float64 Math.sin/Math.cos of the same float32 inputs, and their
// derivatives (first by finite differences, second through createGraph) against the calculus.
import { expect } from 'chai';
import * as d from '../../dist/index.js';
import { expectClose, testValues, ODD_SIZES } from '../helpers/assert.mjs';

// Both kernels stay within about 1.5 float32 ulps of 1 for every finite input.
const ATOL = 1.5e-7;

function reference(fn, xs) {
  return Array.from(xs, (x) => fn(x));
}

describe('sin and cos kernels', () => {
  it('match float64 on [-60, 60], including the SIMD tail lengths', () => {
    for (const n of ODD_SIZES) {
      const xs = testValues(n, n + 3).map((v) => v * 60);
      const t = d.tensor(xs);
      expectClose(t.sin().toFloat32Array(), reference(Math.sin, xs), { atol: ATOL, rtol: 0, what: `sin n=${n}` });
      expectClose(t.cos().toFloat32Array(), reference(Math.cos, xs), { atol: ATOL, rtol: 0, what: `cos n=${n}` });
    }
  });

  it('match float64 on a fine grid and near multiples of π/2', () => {
    const xs = new Float32Array(20001);
    for (let i = 0; i < xs.length; i++) xs[i] = (i - 10000) * 0.00157;
    const near = [1.5707964, 3.1415927, 4.712389, 6.2831855, 7.853982, -1.5707964, -3.1415927, 1e-30, -1e-30, 0];
    for (const values of [xs, Float32Array.from(near)]) {
      const t = d.tensor(values);
      expectClose(t.sin().toFloat32Array(), reference(Math.sin, values), { atol: ATOL, rtol: 0, what: 'sin' });
      expectClose(t.cos().toFloat32Array(), reference(Math.cos, values), { atol: ATOL, rtol: 0, what: 'cos' });
    }
  });

  it('reduce large arguments exactly (up to the float32 maximum)', () => {
    const values = Float32Array.from([4095.5, 4096.5, -5000.25, 1e5, -123456.7, 1e10, -7.5e15, 1e20, 1e30, 3.3e38, -3.3e38]);
    // a mix of small and large lanes within one SIMD vector
    const mixed = Float32Array.from([0.5, 1e9, -2, 3e7, 9, 10, 11, 1e38]);
    for (const xs of [values, mixed]) {
      const t = d.tensor(xs);
      expectClose(t.sin().toFloat32Array(), reference(Math.sin, xs), { atol: ATOL, rtol: 0, what: 'sin' });
      expectClose(t.cos().toFloat32Array(), reference(Math.cos, xs), { atol: ATOL, rtol: 0, what: 'cos' });
    }
  });

  it('give NaN for NaN and ±Infinity, and keep the sign of zero for sin', () => {
    const t = d.tensor([NaN, Infinity, -Infinity, -0]);
    const s = t.sin().toFloat32Array();
    const c = t.cos().toFloat32Array();
    expect([...s.slice(0, 3), ...c.slice(0, 3)].every(Number.isNaN)).to.equal(true);
    expect(Object.is(s[3], -0)).to.equal(true);
    expect(c[3]).to.equal(1);
  });

  it('differentiate: first derivatives match finite differences, second derivatives the calculus', () => {
    const xs = Float32Array.from([-2.5, -0.3, 0, 0.7, 1.9, 4.4]);
    for (const [op, first, second] of [
      ['sin', Math.cos, (x) => -Math.sin(x)],
      ['cos', (x) => -Math.sin(x), (x) => -Math.cos(x)],
    ]) {
      const f = (x) => x[op]().sum();
      const g = d.grad(f)(d.tensor(xs)).toFloat32Array();
      const h = 1e-3;
      const fd = Array.from(xs, (x) => (Math[op](x + h) - Math[op](x - h)) / (2 * h));
      expectClose(g, fd, { atol: 1e-6, rtol: 1e-5, what: `${op}'` });
      expectClose(g, reference(first, xs), { atol: 2e-7, rtol: 0, what: `${op}'` });
      // d/dx Σ f'(x) through createGraph: the diagonal of the Hessian of Σ f(x)
      const gg = d.grad((x) => d.grad(f, { createGraph: true })(x).sum())(d.tensor(xs)).toFloat32Array();
      expectClose(gg, reference(second, xs), { atol: 2e-7, rtol: 0, what: `${op}''` });
    }
  });

  it('reject a non-tensor input, naming the op', () => {
    expect(() => d.sin(3)).to.throw(TypeError, /sin: input must be a Tensor/);
    expect(() => d.cos([1])).to.throw(TypeError, /cos: input/);
  });
});

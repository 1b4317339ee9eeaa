// Finite-difference gradient checks shared by the op test files: the gradient backward() gives
// along a fixed cotangent is compared with central differences of the op's own forward pass.
import * as d from '../../dist/index.js';
import { testValues } from './assert.mjs';

const sizeOf = (shape) => shape.reduce((a, b) => a * b, 1);

// Input generators: values in [-1, 1), values away from zero (divisors), positive (pow bases),
// and distinct values spread at least 0.05 apart (max/min/maximum: no ties within a step h).
export const gen = {
  any: (shape, seed) => testValues(sizeOf(shape), seed),
  nonzero: (shape, seed) => testValues(sizeOf(shape), seed).map((v) => (v < 0 ? v - 0.5 : v + 0.5)),
  positive: (shape, seed) => testValues(sizeOf(shape), seed).map((v) => Math.abs(v) + 0.5),
  spread: (shape, seed) => {
    const n = sizeOf(shape);
    const order = Array.from(testValues(n, seed), (v, i) => [v, i]).sort((a, b) => a[0] - b[0]);
    const out = new Float32Array(n);
    order.forEach(([, i], rank) => (out[i] = (rank - n / 2) * 0.1));
    return out;
  },
};
/** An input of `shape` drawn by gen[kind]. */
export const input = (shape, kind = 'any') => ({ shape, kind });

/** Central differences of f (float32 tensors → Float32Array) at the given inputs. */
function forward(op, datas, cot) {
  return d.tidy(() => {
    const ts = op.inputs.map((spec, k) => d.tensor(datas[k], { shape: spec.shape }));
    const y = d.noGrad(() => op.fn(...ts)).toFloat32Array();
    let s = 0;
    for (let i = 0; i < y.length; i++) s += y[i] * cot[i]; // float64 sum
    return s;
  });
}

/**
 * Throws naming the op and element where backward and central differences disagree, or when
 * the check leaves tensors alive.
 */
export function check(name, op) {
  const before = d.memory().tensors;
  const datas = op.inputs.map((spec, k) => gen[spec.kind](spec.shape, 7 * k + name.length));
  // analytic: backward along a fixed cotangent
  const { grads, cot } = d.tidy(() => {
    const ts = op.inputs.map((spec, k) => d.tensor(datas[k], { shape: spec.shape, requiresGrad: true }));
    const y = op.fn(...ts);
    const c = testValues(y.size, 99).map((v) => v + 0.25);
    if (y.size === 1) y.mul(c[0]).sum().backward();
    else y.backward(d.tensor(c, { shape: y.shape }));
    return { grads: ts.map((t) => t.grad.toFloat32Array()), cot: c };
  });
  const h = op.h ?? 1e-2;
  datas.forEach((data, k) => {
    for (let i = 0; i < data.length; i++) {
      const old = data[i];
      data[i] = old + h;
      const fp = forward(op, datas, cot);
      data[i] = old - h;
      const fm = forward(op, datas, cot);
      data[i] = old;
      const numeric = (fp - fm) / (2 * h);
      const analytic = grads[k][i];
      const tol = 3e-3 + 1e-2 * Math.abs(numeric);
      if (!(Math.abs(numeric - analytic) <= tol)) {
        throw new Error(`${name}: d/d input ${k}[${i}]: backward ${analytic}, finite difference ${numeric}`);
      }
    }
  });
  const after = d.memory().tensors;
  if (after !== before) throw new Error(`${name}: ${after - before} tensors left alive`);
}

/**
 * The Hessian-vector product of a scalar f at fixed [3, 4] values (x0 in ±0.9, direction v),
 * through a recorded backward pass (d.hvp), against central differences of gradients.
 */
export function checkHvp(name, f, shape = [3, 4]) {
  const n = sizeOf(shape);
  const x0 = testValues(n, 5).map((v) => v * 0.9);
  const v = testValues(n, 6);
  const gradAt = (data) => d.tidy(() => d.grad(f)(d.tensor(data, { shape })).toFloat32Array());
  const hv = d.tidy(() => d.hvp(f)(d.tensor(x0, { shape }), d.tensor(v, { shape })).toFloat32Array());
  const h = 1e-2;
  const gp = gradAt(x0.map((x, i) => x + h * v[i]));
  const gm = gradAt(x0.map((x, i) => x - h * v[i]));
  for (let i = 0; i < n; i++) {
    const numeric = (gp[i] - gm[i]) / (2 * h);
    const tol = 5e-3 + 2e-2 * Math.abs(numeric);
    if (!(Math.abs(numeric - hv[i]) <= tol)) throw new Error(`${name}: (Hv)[${i}] = ${hv[i]}, differences give ${numeric}`);
  }
}

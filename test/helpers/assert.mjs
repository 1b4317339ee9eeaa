// Shared test helpers: closeness checks with readable failures, and float64 references.
import { expect } from 'chai';

/** Asserts every element of actual is within atol + rtol·|expected| of expected. */
export function expectClose(actual, expected, { rtol = 1e-5, atol = 1e-6, what = 'value' } = {}) {
  const a = Array.from(actual.flat ? actual.flat(Infinity) : actual);
  const e = Array.from(expected.flat ? expected.flat(Infinity) : expected);
  expect(a.length, `${what}: length`).to.equal(e.length);
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(e[i])) {
      expect(Number.isNaN(a[i]), `${what}[${i}]: expected NaN, got ${a[i]}`).to.equal(true);
      continue;
    }
    if (!Number.isFinite(e[i])) {
      expect(a[i], `${what}[${i}]`).to.equal(e[i]);
      continue;
    }
    const tol = atol + rtol * Math.abs(e[i]);
    if (!(Math.abs(a[i] - e[i]) <= tol)) {
      throw new Error(`${what}[${i}]: got ${a[i]}, expected ${e[i]} (|diff| ${Math.abs(a[i] - e[i])} > ${tol})`);
    }
  }
}

/** Deterministic pseudo-random floats in [-1, 1) for test inputs (not the library's generator). */
export function testValues(n, seed = 1) {
  let s = seed >>> 0 || 1;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    out[i] = (s / 4294967296) * 2 - 1;
  }
  return out;
}

/** Central finite-difference gradient of a scalar function f(Float64Array) → number. */
export function numericGradient(f, x, h = 1e-3) {
  const g = new Float64Array(x.length);
  const xp = Float64Array.from(x);
  for (let i = 0; i < x.length; i++) {
    const old = xp[i];
    xp[i] = old + h;
    const fp = f(xp);
    xp[i] = old - h;
    const fm = f(xp);
    xp[i] = old;
    g[i] = (fp - fm) / (2 * h);
  }
  return g;
}

export const ODD_SIZES = [0, 1, 3, 4, 5, 16, 17, 33];

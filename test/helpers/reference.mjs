// Float64 reference functions for the unary ops (test-only; plain JS Math is the reference).

const SQRT_PI = Math.sqrt(Math.PI);

/** erf by its Taylor series below 2.5, else 1 - erfc (|error| < 1e-15). */
export function erf64(x) {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  if (a >= 2.5) return Math.sign(x) * (1 - erfc64(a));
  let term = x;
  let sum = x;
  for (let n = 1; n < 80; n++) {
    term *= -(x * x) / n;
    const next = sum + term / (2 * n + 1);
    if (next === sum) break;
    sum = next;
  }
  return (2 / SQRT_PI) * sum;
}

/** erfc with full relative precision in the upper tail (continued fraction from 2.5 up). */
export function erfc64(x) {
  if (Number.isNaN(x)) return NaN;
  if (x < 2.5) return 1 - erf64(x);
  if (x === Infinity) return 0;
  // erfc x = e^(-x²)/sqrt(pi) · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...))))), evaluated bottom-up
  let f = x;
  for (let k = 400; k >= 1; k--) f = x + k / 2 / f;
  return Math.exp(-x * x) / SQRT_PI / f;
}

/** The standard normal CDF, accurate in both tails. */
export function normalCdf64(x) {
  const z = x / Math.SQRT2;
  return z < 0 ? 0.5 * erfc64(-z) : 1 - 0.5 * erfc64(z);
}

export const reference = {
  abs: Math.abs,
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  square: (x) => x * x,
  relu: (x) => (Number.isNaN(x) ? NaN : x > 0 ? x : 0),
  sigmoid: (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))),
  tanh: Math.tanh,
  gelu: (x) => (x === -Infinity ? NaN : x * normalCdf64(x)),
  softplus: (x) => (x > 20 ? x : Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)))),
  erf: erf64,
  sign: (x) => (Number.isNaN(x) ? NaN : x > 0 ? 1 : x < 0 ? -1 : x),
};

/** First derivatives, for gradient checks that need no finite difference (kinks, clamps). */
export const derivative = {
  abs: (x) => Math.sign(x),
  relu: (x) => (x > 0 ? 1 : 0),
  sign: () => 0,
};

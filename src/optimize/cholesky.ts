// Dense symmetric positive-definite factorisation and solves in float64 with + − × ÷ and √
// only (Newton steps, Gaussian processes). Matrices are row-major n×n Float64Arrays.

/** L with A + shift·I = L·Lᵀ, or null when that is not (numerically) positive definite. */
export function choleskyFactor(a: Float64Array, n: number, shift = 0): Float64Array | null {
  const l = new Float64Array(n * n);
  let largestDiagonal = 0;
  for (let i = 0; i < n; i++) largestDiagonal = Math.max(largestDiagonal, Math.abs(a[i * n + i] + shift));
  const tiny = 1e-12 * Math.max(largestDiagonal, 1e-300);
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j] + shift;
    for (let k = 0; k < j; k++) d -= l[j * n + k] * l[j * n + k];
    if (!(d > tiny)) return null; // also catches NaN
    const ljj = Math.sqrt(d);
    l[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      l[i * n + j] = s / ljj;
    }
  }
  return l;
}

/** y with L·y = b (L lower triangular). */
export function solveLower(l: Float64Array, b: Float64Array): Float64Array {
  const n = b.length;
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * n + k] * y[k];
    y[i] = s / l[i * n + i];
  }
  return y;
}

/** x with Lᵀ·x = y (L lower triangular). */
export function solveUpperTransposed(l: Float64Array, y: Float64Array): Float64Array {
  const n = y.length;
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * x[k];
    x[i] = s / l[i * n + i];
  }
  return x;
}

/**
 * Solves (A + shift·I)·x = b for symmetric A by Cholesky; null when A + shift·I is not
 * positive definite.
 */
export function choleskySolve(a: Float64Array, b: Float64Array, shift = 0): Float64Array | null {
  const l = choleskyFactor(a, b.length, shift);
  return l === null ? null : solveUpperTransposed(l, solveLower(l, b));
}

// The standard normal density and distribution function for expected improvement.
// exp comes from the Wasm kernel (one call for a whole batch); erfc is our own: its Maclaurin
// series below 2, the continued fraction of Laplace (evaluated bottom-up) above, each accurate
// to float64 rounding well beyond the float32 exp it multiplies.
import { expF32 } from '../scalar_math.js';

const INV_SQRT_PI = 0.5641895835477563; // 1/√π
const INV_SQRT_2PI = 0.3989422804014327; // 1/√(2π)
const SQRT_HALF = 0.7071067811865476;

/** erfc(x)·e^{x²} for x ≥ 2, by the continued fraction 1/√π · 1/(x + ½/(x + 1/(x + (3/2)/(x + …)))). */
function scaledErfcTail(x: number): number {
  let t = x;
  for (let n = 60; n >= 1; n--) t = x + n / 2 / t;
  return INV_SQRT_PI / t;
}

/** erf(x) for |x| < 2 by its Maclaurin series 2/√π · Σ (−1)ⁿ x^{2n+1} / (n!·(2n+1)). */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x; // (−1)ⁿ x^{2n+1} / n!
  let sum = x;
  for (let n = 1; n < 60; n++) {
    term *= -x2 / n;
    const next = term / (2 * n + 1);
    sum += next;
    if (Math.abs(next) < 1e-17 * Math.abs(sum)) break;
  }
  return 2 * INV_SQRT_PI * sum;
}

/** φ(z) and Φ(z) for every z. */
export function normalPdfCdf(z: ArrayLike<number>): { pdf: Float64Array; cdf: Float64Array } {
  const n = z.length;
  const halfSquares = Float64Array.from(z, (v) => -0.5 * v * v);
  const gauss = expF32(halfSquares); // e^{−z²/2} = e^{−x²} for x = −z/√2
  const pdf = new Float64Array(n);
  const cdf = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    pdf[i] = INV_SQRT_2PI * gauss[i];
    const x = -z[i] * SQRT_HALF; // Φ(z) = ½·erfc(x)
    if (x >= 2) cdf[i] = 0.5 * scaledErfcTail(x) * gauss[i];
    else if (x <= -2) cdf[i] = 1 - 0.5 * scaledErfcTail(-x) * gauss[i];
    else cdf[i] = 0.5 * (1 - erfSeries(x));
    if (Number.isNaN(z[i])) cdf[i] = NaN;
  }
  return { pdf, cdf };
}

/**
 * Expected improvement below `best` (minimisation) of a Gaussian prediction (mean, sd):
 * EI = (best − μ − ξ)·Φ(z) + σ·φ(z), z = (best − μ − ξ)/σ; where σ = 0, max(best − μ − ξ, 0).
 */
export function expectedImprovement(mean: Float64Array, sd: Float64Array, best: number, xi: number): Float64Array {
  const n = mean.length;
  const z = Float64Array.from(mean, (m, i) => (sd[i] > 0 ? (best - m - xi) / sd[i] : 0));
  const { pdf, cdf } = normalPdfCdf(z);
  const ei = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const gain = best - mean[i] - xi;
    ei[i] = sd[i] > 0 ? Math.max(0, gain * cdf[i] + sd[i] * pdf[i]) : Math.max(0, gain);
  }
  return ei;
}

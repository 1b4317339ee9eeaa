// optimize's view of the one strong-Wolfe line search (optim/line_search.ts) over float64
// points, φ(α) = f(x + α·p): a step with a lower value, or null when none was found.
import { strongWolfe, StrongWolfeOptions } from '../optim/line_search.js';
import type { LbfgsSpace } from '../optim/lbfgs_core.js';
import { Objective, Evaluation, axpy, dot, maxAbs } from './objective.js';

export interface LineSearchPoint extends Evaluation {
  alpha: number;
  x: Float64Array;
}

/** Float64 vectors, for the line search and the L-BFGS core: plain IEEE arithmetic, no rounding. */
export const float64Space: LbfgsSpace<Float64Array> = {
  dot,
  absMax: maxAbs,
  copy: (v) => Float64Array.from(v),
  release: () => {},
  round: (x) => x,
  axpy(y, a, x) {
    for (let i = 0; i < y.length; i++) y[i] += a * x[i];
  },
  scale(v, s) {
    for (let i = 0; i < v.length; i++) v[i] *= s;
  },
  negate(g, out) {
    for (let i = 0; i < g.length; i++) out[i] = -g[i];
  },
};

/** A strong-Wolfe step along p from x (value and gradient `start`); null unless it lowers f. */
export function searchAlong(obj: Objective, x: Float64Array, start: Evaluation, p: Float64Array, alpha0: number,
  options: StrongWolfeOptions = {}): LineSearchPoint | null {
  const slope = dot(start.g, p);
  if (!(slope < 0)) return null;
  const objective = (t: number) => {
    const e = obj.evaluate(axpy(x, t, p));
    return { loss: e.f, grad: e.g };
  };
  const r = strongWolfe(objective, alpha0, p, start.f, start.g, slope, float64Space, options);
  if (!(r.t > 0) || !(r.loss < start.f)) return null;
  return { alpha: r.t, x: axpy(x, r.t, p), f: r.loss, g: r.grad };
}

/**
 * A step meeting the approximate Wolfe conditions of Hager & Zhang (2005), for when f is too
 * flat for its float32 values to show a decrease (near a minimum, f(x + α·p) − f(x) is below
 * f's rounding): the slope φ'(α) = ∇f(x + α·p)ᵀp, accurate there, decides, with
 *   |φ'(α)| ≤ c2·|φ'(0)|   and   φ(α) ≤ φ(0) + ε·|φ(0)|   (ε = 1e-6, Hager–Zhang's default).
 * Brackets a sign change of φ' (doubling the step) and closes in by safeguarded secant steps on
 * φ'; a value above φ(0) + ε·|φ(0)| shrinks the step. Null when none is found in maxLs evaluations.
 */
export function approximateWolfe(obj: Objective, x: Float64Array, start: Evaluation, p: Float64Array, alpha0: number,
  { c2 = 0.4, epsilon = 1e-6, maxLs = 30 } = {}): LineSearchPoint | null {
  const slope0 = dot(start.g, p);
  if (!(slope0 < 0) || !(alpha0 > 0)) return null;
  const ceiling = start.f + epsilon * Math.abs(start.f);
  let lo = 0;
  let slopeLo = slope0;
  let hi = Infinity;
  let slopeHi = NaN;
  let alpha = alpha0;
  for (let k = 0; k < maxLs; k++) {
    const point = axpy(x, alpha, p);
    const e = obj.evaluate(point);
    const slope = dot(e.g, p);
    if (!(e.f <= ceiling) || !Number.isFinite(slope)) {
      hi = alpha; // too far: values rose beyond noise
      slopeHi = NaN;
    } else if (Math.abs(slope) <= -c2 * slope0) {
      return { alpha, x: point, f: e.f, g: e.g };
    } else if (slope < 0) {
      lo = alpha;
      slopeLo = slope;
    } else {
      hi = alpha;
      slopeHi = slope;
    }
    if (hi === Infinity) alpha *= 2;
    else {
      // The secant root of φ' between lo and hi (bisection without a slope at hi), kept a tenth
      // of the bracket away from its ends.
      const width = hi - lo;
      const secant = Number.isFinite(slopeHi) ? lo - (slopeLo * width) / (slopeHi - slopeLo) : lo + width / 2;
      alpha = Math.min(Math.max(secant, lo + 0.1 * width), hi - 0.1 * width);
      if (!(width > 0) || alpha === lo || alpha === hi) return null;
    }
  }
  return null;
}

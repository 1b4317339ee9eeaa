// Line searches along a descent direction p from x: φ(α) = f(x + α·p), φ'(α) = ∇f(x + α·p)·p.
//   strongWolfe — Nocedal & Wright, Numerical Optimization (2nd ed.), Algorithms 3.5 and 3.6:
//     bracket a step, then zoom with safeguarded cubic interpolation until
//       φ(α) ≤ φ(0) + c1·α·φ'(0)    (sufficient decrease)   and   |φ'(α)| ≤ c2·|φ'(0)|   (curvature).
//   backtracking — Armijo: shrink α (by quadratic interpolation, safeguarded) until sufficient decrease.
import { Objective, Evaluation, axpy, dot } from './objective.js';

export interface LineSearchPoint extends Evaluation {
  alpha: number;
  x: Float64Array;
}

interface Trial extends LineSearchPoint {
  slope: number; // φ'(α)
}

export interface StrongWolfeOptions {
  c1?: number;
  c2?: number;
  /** Largest step tried. */
  alphaMax?: number;
  /** Most function evaluations spent on one search. */
  maxEvaluations?: number;
}

function trial(obj: Objective, x: Float64Array, p: Float64Array, alpha: number): Trial {
  const xa = axpy(x, alpha, p);
  const e = obj.evaluate(xa);
  return { alpha, x: xa, f: e.f, g: e.g, slope: dot(e.g, p) };
}

/** The minimiser of the cubic through (a, fa, da) and (b, fb, db), or NaN if it has none. */
function cubicMinimizer(a: number, fa: number, da: number, b: number, fb: number, db: number): number {
  const d1 = da + db - (3 * (fa - fb)) / (a - b);
  const disc = d1 * d1 - da * db;
  if (!(disc >= 0)) return NaN;
  const d2 = (b > a ? 1 : -1) * Math.sqrt(disc);
  return b - ((b - a) * (db + d2 - d1)) / (db - da + 2 * d2);
}

/**
 * A step satisfying the strong Wolfe conditions, or, when float32 precision runs out first,
 * the best step found with sufficient decrease; null when no step decreases f.
 */
export function strongWolfe(
  obj: Objective,
  x: Float64Array,
  start: Evaluation,
  p: Float64Array,
  alpha0: number,
  options: StrongWolfeOptions = {},
): LineSearchPoint | null {
  const c1 = options.c1 ?? 1e-4;
  const c2 = options.c2 ?? 0.9;
  const alphaMax = options.alphaMax ?? 1e10;
  let budget = options.maxEvaluations ?? 40;
  const f0 = start.f;
  const slope0 = dot(start.g, p);
  if (!(slope0 < 0)) return null;
  const decreases = (t: Trial) => t.f <= f0 + c1 * t.alpha * slope0;
  const curvatureHolds = (t: Trial) => Math.abs(t.slope) <= -c2 * slope0;
  let best: Trial | null = null;
  const note = (t: Trial) => {
    if (Number.isFinite(t.f) && decreases(t) && (best === null || t.f < best.f)) best = t;
  };

  const zoom = (lo: Trial, hi: Trial): LineSearchPoint | null => {
    while (budget-- > 0) {
      const width = hi.alpha - lo.alpha;
      let alpha = Number.isFinite(hi.f) ? cubicMinimizer(lo.alpha, lo.f, lo.slope, hi.alpha, hi.f, hi.slope) : NaN;
      // keep the new step well inside the interval, else bisect
      const left = Math.min(lo.alpha, hi.alpha) + 0.1 * Math.abs(width);
      const right = Math.max(lo.alpha, hi.alpha) - 0.1 * Math.abs(width);
      if (!(alpha >= left && alpha <= right)) alpha = lo.alpha + 0.5 * width;
      if (alpha === lo.alpha || alpha === hi.alpha) break; // the interval is below float64 resolution
      const t = trial(obj, x, p, alpha);
      note(t);
      if (!Number.isFinite(t.f) || !decreases(t) || t.f >= lo.f) {
        hi = t;
      } else {
        if (curvatureHolds(t)) return t;
        if (t.slope * width >= 0) hi = lo;
        lo = t;
      }
      if (Math.abs(hi.alpha - lo.alpha) <= 1e-12 * Math.max(1, Math.abs(lo.alpha))) break;
    }
    return best;
  };

  let prev: Trial = { alpha: 0, x, f: f0, g: start.g, slope: slope0 };
  let alpha = Math.min(alpha0, alphaMax);
  for (let i = 0; budget-- > 0; i++) {
    const t = trial(obj, x, p, alpha);
    note(t);
    if (!Number.isFinite(t.f) || !decreases(t) || (i > 0 && t.f >= prev.f)) return zoom(prev, t);
    if (curvatureHolds(t)) return t;
    if (t.slope >= 0) return zoom(t, prev);
    if (alpha >= alphaMax) return t;
    prev = t;
    alpha = Math.min(2 * alpha, alphaMax);
  }
  return best;
}

/** Armijo backtracking from alpha0; null when no step within maxEvaluations decreases f. */
export function backtracking(
  obj: Objective,
  x: Float64Array,
  start: Evaluation,
  p: Float64Array,
  alpha0 = 1,
  options: { c1?: number; maxEvaluations?: number; withGradient?: boolean } = {},
): LineSearchPoint | null {
  const c1 = options.c1 ?? 1e-4;
  const slope0 = dot(start.g, p);
  if (!(slope0 < 0)) return null;
  let alpha = alpha0;
  for (let i = 0; i < (options.maxEvaluations ?? 40); i++) {
    const xa = axpy(x, alpha, p);
    // without the gradient, g comes back empty (the caller evaluates it at the point it keeps)
    const e = options.withGradient === false ? { f: obj.value(xa), g: new Float64Array(0) } : obj.evaluate(xa);
    if (Number.isFinite(e.f) && e.f <= start.f + c1 * alpha * slope0) return { alpha, x: xa, f: e.f, g: e.g };
    // minimiser of the quadratic through φ(0), φ'(0), φ(α), kept within [α/10, α/2]
    const q = Number.isFinite(e.f) ? (-slope0 * alpha * alpha) / (2 * (e.f - start.f - slope0 * alpha)) : 0;
    alpha = Math.min(0.5 * alpha, Math.max(0.1 * alpha, q));
  }
  return null;
}

// Armijo backtracking along a descent direction p from x (Newton's method): shrink α, by the
// minimiser of the quadratic through φ(0), φ'(0) and φ(α) kept within [α/10, α/2], until
//   φ(α) ≤ φ(0) + c1·α·φ'(0),   φ(α) = f(x + α·p).
import { Objective, Evaluation, axpy, dot } from './objective.js';
import type { LineSearchPoint } from './line_search.js';

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

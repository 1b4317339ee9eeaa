// Damped Newton's method. The Hessian H comes from autograd (reverse over reverse). Each
// iteration solves (H + λ·I)·p = −g by Cholesky. λ = 0 (a pure Newton step) when H is
// positive definite. Otherwise λ = 2·μ, where μ is the smallest shift making H + μ·I positive
// definite (μ ≈ −(most negative eigenvalue), found by doubling, then bisection on whether the
// Cholesky factorisation succeeds): Levenberg's shift that mirrors the most negative
// curvature, so p descends and the step along negative curvature stays as long as along
// positive curvature (at a saddle too). Then it backtracks from α = 1 until the Armijo
// condition holds; if no step decreases f, λ grows tenfold (a shorter step, closer to
// steepest descent) and it tries again.
import { Objective, maxAbs } from '../objective.js';
import { backtracking } from '../backtracking.js';
import { choleskySolve } from '../cholesky.js';
import { MethodOptions, MethodResult, Monitor, Status, finish } from '../method.js';

function diagonalScale(h: Float64Array, n: number): number {
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(h[i * n + i]));
  return Math.max(scale, 1e-3);
}

/** The smallest shift μ (to about 1e-4 relative) for which H + μ·I is positive definite. */
function smallestShift(h: Float64Array, g: Float64Array): number {
  const works = (mu: number) => choleskySolve(h, g, mu) !== null;
  if (works(0)) return 0;
  let low = 0;
  let high = 1e-6 * diagonalScale(h, g.length);
  while (!works(high)) {
    low = high;
    high *= 2;
    if (!Number.isFinite(high)) return Infinity;
  }
  while (high - low > 1e-4 * high) {
    const mid = 0.5 * (low + high);
    if (works(mid)) high = mid;
    else low = mid;
  }
  return high;
}

export function newton(obj: Objective, x0: Float64Array, o: MethodOptions, monitor: Monitor): MethodResult {
  let x = x0;
  for (;;) {
    const cur = obj.evaluateWithHessian(x);
    if (!Number.isFinite(cur.f) || !cur.h.every(Number.isFinite)) return finish(x, cur.f, cur.g, Status.NotFinite);
    if (maxAbs(cur.g) <= o.gtol) return finish(x, cur.f, cur.g, Status.Converged);
    if (monitor.nit >= o.maxIter) return finish(x, cur.f, cur.g, Status.MaxIter);
    const minusG = cur.g.map((v) => -v);
    let shift = 2 * smallestShift(cur.h, minusG);
    let next = null;
    for (let attempt = 0; attempt < 12 && next === null && Number.isFinite(shift); attempt++) {
      const p = choleskySolve(cur.h, minusG, shift);
      if (p !== null) next = backtracking(obj, x, cur, p, 1, { maxEvaluations: 30, withGradient: false });
      shift = Math.max(shift, 1e-3 * diagonalScale(cur.h, x.length)) * 10;
    }
    if (next === null) return finish(x, cur.f, cur.g, Status.PrecisionLoss);
    let moved = 0;
    for (let i = 0; i < x.length; i++) moved = Math.max(moved, Math.abs(next.x[i] - x[i]));
    const scale = 1 + maxAbs(x);
    x = next.x;
    if (monitor.step(x, next.f)) return finish(x, next.f, null, Status.Stopped);
    if (moved <= o.xtol * scale) {
      const last = obj.evaluate(x);
      return finish(x, last.f, last.g, Status.Converged);
    }
  }
}

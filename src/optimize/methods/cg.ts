// Nonlinear conjugate gradients, Polak–Ribière+ (Nocedal & Wright §5.2):
//   p₀ = −g₀;   x_{k+1} = x_k + α_k·p_k  (α_k: strong Wolfe, c2 = 0.4 as SciPy's CG)
//   β_{k+1} = max(0, g_{k+1}·(g_{k+1} − g_k) / g_k·g_k);   p_{k+1} = −g_{k+1} + β_{k+1}·p_k
// restarting with −g whenever p is not a descent direction or the line search fails. The step
// meets the strong Wolfe conditions, or, where float32 values of f are too flat to show a
// decrease, Hager & Zhang's approximate Wolfe conditions on the slope alone.
import { Objective, dot, maxAbs, norm } from '../objective.js';
import { approximateWolfe, searchAlong } from '../line_search.js';
import { MethodOptions, MethodResult, Monitor, Status, finish } from '../method.js';

export function conjugateGradient(obj: Objective, x0: Float64Array, o: MethodOptions, monitor: Monitor): MethodResult {
  let x = x0;
  let cur = obj.evaluate(x);
  if (!Number.isFinite(cur.f)) return finish(x, cur.f, cur.g, Status.NotFinite);
  let p = cur.g.map((v) => -v);
  let alpha0 = Math.min(1, 1.01 / norm(cur.g));
  let steepest = true;
  for (;;) {
    if (maxAbs(cur.g) <= o.gtol) return finish(x, cur.f, cur.g, Status.Converged);
    if (monitor.nit >= o.maxIter) return finish(x, cur.f, cur.g, Status.MaxIter);
    // Strong Wolfe on values and slopes; where float32 values are too flat to show a decrease,
    // the approximate Wolfe conditions on slopes (Hager & Zhang).
    // A first step whose predicted decrease is within 10·ε·|f| of f's noise goes straight to the latter.
    const flat = -dot(cur.g, p) * alpha0 <= 1e-5 * Math.abs(cur.f);
    const next = (flat ? null : searchAlong(obj, x, cur, p, alpha0, { c1: 1e-4, c2: 0.4 })) ??
      approximateWolfe(obj, x, cur, p, alpha0, { c2: 0.4 });
    if (next === null) {
      if (steepest) return finish(x, cur.f, cur.g, Status.PrecisionLoss);
      p = cur.g.map((v) => -v); // restart along the steepest descent
      alpha0 = Math.min(1, 1.01 / norm(cur.g));
      steepest = true;
      continue;
    }
    const previous = cur;
    x = next.x;
    cur = next;
    if (monitor.step(x, cur.f)) return finish(x, cur.f, cur.g, Status.Stopped);
    let beta = 0;
    for (let i = 0; i < x.length; i++) beta += cur.g[i] * (cur.g[i] - previous.g[i]);
    beta = Math.max(0, beta / dot(previous.g, previous.g));
    p = cur.g.map((gi, i) => -gi + beta * p[i]);
    let slope = dot(cur.g, p);
    steepest = beta === 0;
    if (!(slope < 0)) {
      p = cur.g.map((v) => -v);
      slope = -dot(cur.g, cur.g);
      steepest = true;
    }
    // the step that would repeat the last decrease (Nocedal & Wright eq. 3.60)
    const guess = (1.01 * 2 * (cur.f - previous.f)) / slope;
    alpha0 = guess > 0 && Number.isFinite(guess) ? Math.min(1, guess) : Math.min(1, 1.01 / norm(cur.g));
  }
}

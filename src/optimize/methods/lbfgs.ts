// Limited-memory BFGS (Nocedal & Wright Algorithm 7.4/7.5): the direction is −H·g, H the
// BFGS inverse-Hessian estimate from the last m pairs (s, y) = (Δx, Δg), applied by the
// two-loop recursion with H₀ = (sᵀy / yᵀy)·I; steps satisfy the strong Wolfe conditions
// (c2 = 0.9). Pairs with sᵀy ≤ 0 are skipped so that H stays positive definite.
import { Objective, dot, maxAbs, norm } from '../objective.js';
import { strongWolfe } from '../linesearch.js';
import { MethodOptions, MethodResult, Monitor, Status, finish } from '../method.js';

interface Pair {
  s: Float64Array;
  y: Float64Array;
  rho: number; // 1 / sᵀy
}

function twoLoopDirection(g: Float64Array, history: Pair[]): Float64Array {
  const q = Float64Array.from(g);
  const alphas = new Float64Array(history.length);
  for (let i = history.length - 1; i >= 0; i--) {
    const { s, y, rho } = history[i];
    alphas[i] = rho * dot(s, q);
    for (let j = 0; j < q.length; j++) q[j] -= alphas[i] * y[j];
  }
  if (history.length > 0) {
    const { s, y } = history[history.length - 1];
    const gamma = dot(s, y) / dot(y, y);
    for (let j = 0; j < q.length; j++) q[j] *= gamma;
  }
  for (let i = 0; i < history.length; i++) {
    const { s, y, rho } = history[i];
    const beta = rho * dot(y, q);
    for (let j = 0; j < q.length; j++) q[j] += (alphas[i] - beta) * s[j];
  }
  for (let j = 0; j < q.length; j++) q[j] = -q[j];
  return q;
}

export function lbfgs(obj: Objective, x0: Float64Array, o: MethodOptions, monitor: Monitor): MethodResult {
  const memory = (o.extra.historySize as number | undefined) ?? 10;
  const history: Pair[] = [];
  let x = x0;
  let cur = obj.evaluate(x);
  if (!Number.isFinite(cur.f)) return finish(x, cur.f, cur.g, Status.NotFinite);
  for (;;) {
    if (maxAbs(cur.g) <= o.gtol) return finish(x, cur.f, cur.g, Status.Converged);
    if (monitor.nit >= o.maxIter) return finish(x, cur.f, cur.g, Status.MaxIter);
    const p = twoLoopDirection(cur.g, history);
    const alpha0 = history.length === 0 ? Math.min(1, 1 / norm(cur.g)) : 1;
    const next = strongWolfe(obj, x, cur, p, alpha0, { c1: 1e-4, c2: 0.9 });
    if (next === null) {
      if (history.length === 0) return finish(x, cur.f, cur.g, Status.PrecisionLoss);
      history.length = 0; // forget the curvature estimate and retry along −g
      continue;
    }
    const s = next.x.map((v, i) => v - x[i]);
    const y = next.g.map((v, i) => v - cur.g[i]);
    const sy = dot(s, y);
    if (sy > 1e-10 * dot(y, y)) {
      history.push({ s, y, rho: 1 / sy });
      if (history.length > memory) history.shift();
    }
    const previous = cur;
    x = next.x;
    cur = next;
    if (monitor.step(x, cur.f)) return finish(x, cur.f, cur.g, Status.Stopped);
    if (previous.f - cur.f <= o.ftol * Math.max(Math.abs(previous.f), Math.abs(cur.f), 1)) {
      return finish(x, cur.f, cur.g, Status.Converged);
    }
  }
}

// Limited-memory BFGS (Nocedal & Wright Algorithm 7.5) on the shared L-BFGS core
// (optim/lbfgs_core.ts: the last m pairs (s, y) = (Δx, Δg) and the two-loop recursion giving
// d = −H·g with H₀ = (sᵀy / yᵀy)·I), with steps from the shared strong-Wolfe line search
// (c2 = 0.9). Pairs with sᵀy ≤ 1e-10·yᵀy are skipped so that H stays positive definite; when no
// step lowers f along −H·g, the memory is dropped and the search retried along −g.
import { Objective, maxAbs, norm } from '../objective.js';
import { float64Space, searchAlong } from '../line_search.js';
import { LbfgsMemory } from '../../optim/lbfgs_core.js';
import { MethodOptions, MethodResult, Monitor, Status, finish } from '../method.js';

export function lbfgs(obj: Objective, x0: Float64Array, o: MethodOptions, monitor: Monitor): MethodResult {
  const memory = new LbfgsMemory(float64Space, (o.extra.historySize as number | undefined) ?? 10, true);
  let x = x0;
  let cur = obj.evaluate(x);
  if (!Number.isFinite(cur.f)) return finish(x, cur.f, cur.g, Status.NotFinite);
  const p = new Float64Array(x.length);
  for (;;) {
    if (maxAbs(cur.g) <= o.gtol) return finish(x, cur.f, cur.g, Status.Converged);
    if (monitor.nit >= o.maxIter) return finish(x, cur.f, cur.g, Status.MaxIter);
    memory.direction(cur.g, p);
    const alpha0 = memory.size === 0 ? Math.min(1, 1 / norm(cur.g)) : 1;
    const next = searchAlong(obj, x, cur, p, alpha0, { c1: 1e-4, c2: 0.9 });
    if (next === null) {
      if (memory.size === 0) return finish(x, cur.f, cur.g, Status.PrecisionLoss);
      memory.clear(); // forget the curvature estimate and retry along −g
      continue;
    }
    memory.push(next.x.map((v, i) => v - x[i]), next.g.map((v, i) => v - cur.g[i]));
    const previous = cur;
    x = next.x;
    cur = next;
    if (monitor.step(x, cur.f)) return finish(x, cur.f, cur.g, Status.Stopped);
    if (previous.f - cur.f <= o.ftol * Math.max(Math.abs(previous.f), Math.abs(cur.f), 1)) {
      return finish(x, cur.f, cur.g, Status.Converged);
    }
  }
}

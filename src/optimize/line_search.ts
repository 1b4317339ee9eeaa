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

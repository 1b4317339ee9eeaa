// The one strong-Wolfe line search, used by optim.LBFGS and by optimize.minimize's lbfgs and
// cg. It is torch.optim.LBFGS's (after torch7's lswolfe.lua): from a point with value f,
// gradient g and slope gᵀd < 0 along d, bracket a step t satisfying
//   f(x + t·d) ≤ f + c1·t·gᵀd   (sufficient decrease)   and   |∇f(x + t·d)ᵀd| ≤ −c2·gᵀd   (curvature),
// extrapolating by safeguarded cubic interpolation within [t + 0.01·(t − t_prev), 10·t], then
// zoom into the bracket by cubic interpolation, kept 0.1 of the bracket away from its ends.
// It works over any vector space: Wasm float32 vectors (optim.LBFGS, where the scalars torch
// holds as float32 tensors are rounded to float32 as there) or float64 arrays (optimize).
// A non-finite value counts as failing the sufficient-decrease test, so the search backs off.

/** What the line search and the L-BFGS core need of vectors of type V. */
export interface VectorSpace<V> {
  /** aᵀb, rounded as the space's scalars are. */
  dot(a: V, b: V): number;
  /** max |vᵢ|. */
  absMax(v: V): number;
  /** A new vector equal to v (the caller releases it). */
  copy(v: V): V;
  /** Gives back a vector made by copy() or by the objective. */
  release(v: V): void;
  /** The precision of the space's scalars: Math.fround for float32, the identity for float64. */
  round(x: number): number;
}

/** f and a new ∇f (owned by the line search, which releases what it does not return) at x + t·d. */
export type DirectionalObjective<V> = (t: number) => { loss: number; grad: V };

export interface LineSearchResult<V> {
  loss: number;
  /** The gradient at the accepted step (owned by the caller). */
  grad: V;
  t: number;
  evaluations: number;
}

export interface StrongWolfeOptions {
  /** Sufficient decrease (default 1e-4). */
  c1?: number;
  /** Curvature (default 0.9). */
  c2?: number;
  /** Stop zooming once the bracket times max|d| is below this (default 1e-9). */
  toleranceChange?: number;
  /** Evaluations at most (default 25). */
  maxLs?: number;
}

/**
 * The minimiser of the cubic through (x1, f1) and (x2, f2) with slopes g1, g2, clamped to
 * bounds (default: between x1 and x2); the bounds' midpoint when the cubic has no minimum.
 */
export function cubicInterpolate(x1: number, f1: number, g1: number, x2: number, f2: number, g2: number,
  bounds: [number, number] | undefined, round: (x: number) => number): number {
  const r = round;
  const [lo, hi] = bounds ?? (x1 <= x2 ? [x1, x2] : [x2, x1]);
  const d1 = r(r(g1 + g2) - r((3 * (f1 - f2)) / (x1 - x2)));
  const d2Square = r(r(d1 * d1) - r(g1 * g2));
  if (!(d2Square >= 0)) return (lo + hi) / 2;
  const d2 = r(Math.sqrt(d2Square));
  const minPos = x1 <= x2
    ? r(x2 - r(r(x2 - x1) * r(r(r(g2 + d2) - d1) / r(r(g2 - g1) + r(2 * d2)))))
    : r(x1 - r(r(x1 - x2) * r(r(r(g1 + d2) - d1) / r(r(g1 - g2) + r(2 * d2)))));
  if (Number.isNaN(minPos)) return (lo + hi) / 2;
  return Math.min(Math.max(minPos, lo), hi);
}

/** Finds a step t along d from a point with value f, gradient gStart and slope gtd = gᵀd < 0. */
export function strongWolfe<V>(objective: DirectionalObjective<V>, t0: number, d: V, f: number, gStart: V, gtd: number,
  space: VectorSpace<V>, options: StrongWolfeOptions = {}): LineSearchResult<V> {
  const { c1 = 1e-4, c2 = 0.9, toleranceChange = 1e-9, maxLs = 25 } = options;
  const r = space.round;
  const owned = new Set<V>();
  const keep = (v: V) => (owned.add(v), v);
  const copy = (v: V) => keep(space.copy(v));
  const evaluate = (t: number) => {
    const e = objective(t);
    keep(e.grad);
    return { loss: Number.isNaN(e.loss) ? Infinity : e.loss, grad: e.grad };
  };
  const dNorm = space.absMax(d);
  const g = copy(gStart);
  let t = t0;
  let { loss: fNew, grad: gNew } = evaluate(t);
  let evaluations = 1;
  let gtdNew = space.dot(gNew, d);
  let [tPrev, fPrev, gPrev, gtdPrev] = [0, f, g, gtd];
  let done = false;
  let iter = 0;
  let bracket: number[] = [];
  let bracketF: number[] = [];
  let bracketG: V[] = [];
  let bracketGtd: number[] = [];
  const armijoFails = (step: number, value: number) => !(value <= r(f + r(r(c1 * step) * gtd)));
  const curvatureHolds = (slope: number) => Math.abs(slope) <= r(r(-c2) * gtd);
  while (iter < maxLs) {
    if (armijoFails(t, fNew) || (iter > 1 && fNew >= fPrev)) {
      [bracket, bracketF, bracketG, bracketGtd] = [[tPrev, t], [fPrev, fNew], [gPrev, copy(gNew)], [gtdPrev, gtdNew]];
      break;
    }
    if (curvatureHolds(gtdNew)) {
      [bracket, bracketF, bracketG] = [[t], [fNew], [gNew]];
      done = true;
      break;
    }
    if (gtdNew >= 0) {
      [bracket, bracketF, bracketG, bracketGtd] = [[tPrev, t], [fPrev, fNew], [gPrev, copy(gNew)], [gtdPrev, gtdNew]];
      break;
    }
    const minStep = t + 0.01 * (t - tPrev);
    const maxStep = t * 10;
    const previous = t;
    t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, [minStep, maxStep], r);
    [tPrev, fPrev, gPrev, gtdPrev] = [previous, fNew, copy(gNew), gtdNew];
    ({ loss: fNew, grad: gNew } = evaluate(t));
    evaluations++;
    gtdNew = space.dot(gNew, d);
    iter++;
  }
  if (iter === maxLs) [bracket, bracketF, bracketG] = [[0, t], [f, fNew], [g, gNew]];

  // Zoom: shrink the bracket until a point satisfies the conditions.
  let insufficientProgress = false;
  const lowFirst = () => bracketF[0] <= bracketF[bracketF.length - 1];
  let [low, high] = lowFirst() ? [0, 1] : [1, 0];
  while (!done && iter < maxLs) {
    if (r(Math.abs(bracket[1] - bracket[0]) * dNorm) < toleranceChange) break;
    t = cubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1], undefined, r);
    const top = Math.max(bracket[0], bracket[1]);
    const bottom = Math.min(bracket[0], bracket[1]);
    const eps = 0.1 * (top - bottom);
    if (Math.min(top - t, t - bottom) < eps) {
      // Too close to an end: move 0.1 of the bracket inside after two such steps, or at an end.
      if (insufficientProgress || t >= top || t <= bottom) {
        t = Math.abs(t - top) < Math.abs(t - bottom) ? top - eps : bottom + eps;
        insufficientProgress = false;
      } else {
        insufficientProgress = true;
      }
    } else {
      insufficientProgress = false;
    }
    ({ loss: fNew, grad: gNew } = evaluate(t));
    evaluations++;
    gtdNew = space.dot(gNew, d);
    iter++;
    if (armijoFails(t, fNew) || fNew >= bracketF[low]) {
      [bracket[high], bracketF[high], bracketG[high], bracketGtd[high]] = [t, fNew, copy(gNew), gtdNew];
      [low, high] = lowFirst() ? [0, 1] : [1, 0];
    } else {
      if (curvatureHolds(gtdNew)) {
        done = true;
      } else if (r(gtdNew * r(bracket[high] - bracket[low])) >= 0) {
        [bracket[high], bracketF[high], bracketG[high], bracketGtd[high]] = [bracket[low], bracketF[low], bracketG[low], bracketGtd[low]];
      }
      [bracket[low], bracketF[low], bracketG[low], bracketGtd[low]] = [t, fNew, copy(gNew), gtdNew];
    }
  }
  const grad = bracketG[low];
  for (const v of owned) if (v !== grad) space.release(v);
  return { loss: bracketF[low], grad, t: bracket[low], evaluations };
}

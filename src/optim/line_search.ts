// The strong-Wolfe line search of torch.optim.LBFGS (after torch7's lswolfe.lua): bracket a
// step satisfying the strong Wolfe conditions, then zoom in by safeguarded cubic
// interpolation. Gradients are Wasm vectors (addresses); directional derivatives and the
// other values torch holds as float32 tensors are rounded to float32, as there.
const f32 = Math.fround;

export interface VectorOps {
  dot(a: number, b: number): number;
  absMax(v: number): number;
  copy(v: number): number;
  release(v: number): void;
}

/** f and a freshly allocated ∇f at x + t·d. */
export type DirectionalObjective = (t: number) => { loss: number; grad: number };

/**
 * The minimiser of the cubic through (x1, f1) and (x2, f2) with slopes g1, g2, clamped to
 * bounds (default: between x1 and x2); the midpoint when the cubic has no minimum.
 */
export function cubicInterpolate(x1: number, f1: number, g1: number, x2: number, f2: number, g2: number,
  bounds?: [number, number]): number {
  const [lo, hi] = bounds ?? (x1 <= x2 ? [x1, x2] : [x2, x1]);
  const d1 = f32(f32(g1 + g2) - f32((3 * (f1 - f2)) / (x1 - x2)));
  const d2Square = f32(f32(d1 * d1) - f32(g1 * g2));
  if (d2Square < 0) return (lo + hi) / 2;
  const d2 = f32(Math.sqrt(d2Square));
  const minPos = x1 <= x2
    ? f32(x2 - f32(f32(x2 - x1) * f32(f32(f32(g2 + d2) - d1) / f32(f32(g2 - g1) + f32(2 * d2)))))
    : f32(x1 - f32(f32(x1 - x2) * f32(f32(f32(g1 + d2) - d1) / f32(f32(g1 - g2) + f32(2 * d2)))));
  return Math.min(Math.max(minPos, lo), hi);
}

export interface LineSearchResult {
  loss: number;
  /** The gradient at the accepted step (owned by the caller). */
  flatGrad: number;
  t: number;
  evaluations: number;
}

/**
 * Finds a step t along d from a point with loss f, gradient g and slope gtd = gᵀd < 0,
 * with c1 = 1e-4 (sufficient decrease), c2 = 0.9 (curvature), at most maxLs evaluations.
 */
export function strongWolfe(objective: DirectionalObjective, t0: number, d: number, f: number, gStart: number,
  gtd: number, ops: VectorOps, c1 = 1e-4, c2 = 0.9, toleranceChange = 1e-9, maxLs = 25): LineSearchResult {
  const owned = new Set<number>();
  const keep = (v: number) => (owned.add(v), v);
  const copy = (v: number) => keep(ops.copy(v));
  const evaluate = (t: number) => {
    const r = objective(t);
    keep(r.grad);
    return r;
  };
  const dNorm = ops.absMax(d);
  const g = copy(gStart);
  let t = t0;
  let { loss: fNew, grad: gNew } = evaluate(t);
  let evaluations = 1;
  let gtdNew = ops.dot(gNew, d);
  let [tPrev, fPrev, gPrev, gtdPrev] = [0, f, g, gtd];
  let done = false;
  let iter = 0;
  let bracket: number[] = [];
  let bracketF: number[] = [];
  let bracketG: number[] = [];
  let bracketGtd: number[] = [];
  const armijoFails = (step: number, value: number) => value > f32(f + f32(f32(c1 * step) * gtd));
  const curvatureHolds = (slope: number) => Math.abs(slope) <= f32(f32(-c2) * gtd);
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
    t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, [minStep, maxStep]);
    [tPrev, fPrev, gPrev, gtdPrev] = [previous, fNew, copy(gNew), gtdNew];
    ({ loss: fNew, grad: gNew } = evaluate(t));
    evaluations++;
    gtdNew = ops.dot(gNew, d);
    iter++;
  }
  if (iter === maxLs) [bracket, bracketF, bracketG] = [[0, t], [f, fNew], [g, gNew]];

  // Zoom: shrink the bracket until a point satisfies the conditions.
  let insufficientProgress = false;
  let [low, high] = bracketF[0] <= bracketF[bracketF.length - 1] ? [0, 1] : [1, 0];
  while (!done && iter < maxLs) {
    if (f32(Math.abs(bracket[1] - bracket[0]) * dNorm) < toleranceChange) break;
    t = cubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1]);
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
    gtdNew = ops.dot(gNew, d);
    iter++;
    if (armijoFails(t, fNew) || fNew >= bracketF[low]) {
      [bracket[high], bracketF[high], bracketG[high], bracketGtd[high]] = [t, fNew, copy(gNew), gtdNew];
      [low, high] = bracketF[0] <= bracketF[1] ? [0, 1] : [1, 0];
    } else {
      if (curvatureHolds(gtdNew)) {
        done = true;
      } else if (f32(gtdNew * f32(bracket[high] - bracket[low])) >= 0) {
        [bracket[high], bracketF[high], bracketG[high], bracketGtd[high]] = [bracket[low], bracketF[low], bracketG[low], bracketGtd[low]];
      }
      [bracket[low], bracketF[low], bracketG[low], bracketGtd[low]] = [t, fNew, copy(gNew), gtdNew];
    }
  }
  const flatGrad = bracketG[low];
  for (const v of owned) if (v !== flatGrad) ops.release(v);
  return { loss: bracketF[low], flatGrad, t: bracket[low], evaluations };
}

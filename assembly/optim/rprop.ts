// Rprop (Riedmiller & Braun 1993; torch.optim.Rprop), one pass over p, g, the previous gradient
// and the per-element step sizes. Signs are torch's: sign(NaN) = 0.
//
//   g  = s·g                              (s = −1 when maximising)
//   f  = η+ if g·prev > 0, η− if g·prev < 0, else 1
//   Δ  = clamp(Δ·f, Δmin, Δmax)
//   g  = 0 where g·prev < 0               (no move, and no sign change remembered)
//   p  = p − sign(g)·Δ
//   prev = g
//
// hyper → f32 [s, η−, η+, Δmin, Δmax]
import { hyperAt as h, stageIn, stageOut } from './tail';

// @ts-ignore: decorator
@inline function rpropLanes(p: usize, g: usize, prev: usize, step: usize,
  sign: v128, etaMinus: v128, etaPlus: v128, stepMin: v128, stepMax: v128): void {
  const zero = f32x4.splat(0), one = f32x4.splat(1);
  const grad = f32x4.mul(v128.load(g), sign);
  const product = f32x4.mul(grad, v128.load(prev));
  const up = f32x4.gt(product, zero), down = f32x4.lt(product, zero);
  const factor = v128.bitselect(etaPlus, v128.bitselect(etaMinus, one, down), up);
  const delta = f32x4.min(f32x4.max(f32x4.mul(v128.load(step), factor), stepMin), stepMax);
  v128.store(step, delta);
  const kept = v128.andnot(grad, down);
  const direction = f32x4.sub(v128.and(f32x4.gt(kept, zero), one), v128.and(f32x4.lt(kept, zero), one));
  v128.store(p, f32x4.sub(v128.load(p), f32x4.mul(direction, delta)));
  v128.store(prev, kept);
}

/** One Rprop step over n elements. */
export function rpropUpdate(p: usize, g: usize, prev: usize, step: usize, n: i32, hyper: usize): void {
  const sign = h(hyper, 0), etaMinus = h(hyper, 1), etaPlus = h(hyper, 2), stepMin = h(hyper, 3), stepMax = h(hyper, 4);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    rpropLanes(p + o, g + o, prev + o, step + o, sign, etaMinus, etaPlus, stepMin, stepMax);
  }
  const rest = n - i;
  if (rest == 0) return;
  const o = <usize>i << 2;
  rpropLanes(stageIn(0, p + o, rest), stageIn(1, g + o, rest), stageIn(2, prev + o, rest), stageIn(3, step + o, rest),
    sign, etaMinus, etaPlus, stepMin, stepMax);
  stageOut(0, p + o, rest);
  stageOut(2, prev + o, rest);
  stageOut(3, step + o, rest);
}

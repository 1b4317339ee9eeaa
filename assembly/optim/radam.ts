// RAdam (Liu et al.; torch.optim.RAdam), one pass over p, g, m, v.
//
//   g  = g + λ·p                        (λ term only with decay)
//   m  = β1·m + (1 − β1)·g
//   v  = β2·v + (1 − β2)·g·g
//   m̂  = m / (1 − β1ᵗ)
//   p  = p − ((m̂·η)·((1 / (√v + ε))·√(1 − β2ᵗ)))·r     when ρₜ > 5 (rectified)
//   p  = p − m̂·η                                       otherwise
//
// where ρ∞ = 2/(1 − β2) − 1, ρₜ = ρ∞ − 2tβ2ᵗ/(1 − β2ᵗ) and r = √((ρₜ−4)(ρₜ−2)ρ∞ / ((ρ∞−4)(ρ∞−2)ρₜ))
// come from the caller (torch's order of operations, reciprocal included).
//
// hyper → f32 [λ, β1, 1 − β1, β2, 1 − β2, 1 − β1ᵗ, η, ε, √(1 − β2ᵗ), r]
import { hyperAt as h, stageIn, stageOut } from './tail';
import { RADAM_DECAY, RADAM_RECTIFIED } from '../opcodes';

// @ts-ignore: decorator
@inline function radamLanes(mode: i32, p: usize, g: usize, m: usize, v: usize, decay: v128, beta1: v128,
  oneMinusBeta1: v128, beta2: v128, oneMinusBeta2: v128, bc1: v128, lr: v128, eps: v128, bc2Sqrt: v128, rect: v128): void {
  const param = v128.load(p);
  let grad = v128.load(g);
  if (mode & RADAM_DECAY) grad = f32x4.add(grad, f32x4.mul(decay, param));
  const m1 = f32x4.add(f32x4.mul(v128.load(m), beta1), f32x4.mul(oneMinusBeta1, grad));
  const v1 = f32x4.add(f32x4.mul(v128.load(v), beta2), f32x4.mul(f32x4.mul(oneMinusBeta2, grad), grad));
  v128.store(m, m1);
  v128.store(v, v1);
  let step = f32x4.mul(f32x4.div(m1, bc1), lr);
  if (mode & RADAM_RECTIFIED) {
    const adaptive = f32x4.mul(f32x4.div(f32x4.splat(1), f32x4.add(f32x4.sqrt(v1), eps)), bc2Sqrt);
    step = f32x4.mul(f32x4.mul(step, adaptive), rect);
  }
  v128.store(p, f32x4.sub(param, step));
}

// @ts-ignore: decorator
@inline function radamLoop(mode: i32, p: usize, g: usize, m: usize, v: usize, n: i32, hyper: usize): void {
  const decay = h(hyper, 0), beta1 = h(hyper, 1), oneMinusBeta1 = h(hyper, 2), beta2 = h(hyper, 3);
  const oneMinusBeta2 = h(hyper, 4), bc1 = h(hyper, 5), lr = h(hyper, 6), eps = h(hyper, 7);
  const bc2Sqrt = h(hyper, 8), rect = h(hyper, 9);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    radamLanes(mode, p + o, g + o, m + o, v + o, decay, beta1, oneMinusBeta1, beta2, oneMinusBeta2, bc1, lr, eps, bc2Sqrt, rect);
  }
  const rest = n - i;
  if (rest == 0) return;
  const o = <usize>i << 2;
  radamLanes(mode, stageIn(0, p + o, rest), stageIn(1, g + o, rest), stageIn(2, m + o, rest), stageIn(3, v + o, rest),
    decay, beta1, oneMinusBeta1, beta2, oneMinusBeta2, bc1, lr, eps, bc2Sqrt, rect);
  stageOut(0, p + o, rest);
  stageOut(2, m + o, rest);
  stageOut(3, v + o, rest);
}

// One exported kernel per mode, each with its own specialised loop; the entry below dispatches
// once per call (test/node/kernel-dispatch.test.mjs checks the built module).
export function radamPlain(p: usize, g: usize, m: usize, v: usize, n: i32, hyper: usize): void { radamLoop(0, p, g, m, v, n, hyper); }
export function radamDecay(p: usize, g: usize, m: usize, v: usize, n: i32, hyper: usize): void { radamLoop(RADAM_DECAY, p, g, m, v, n, hyper); }
export function radamRectified(p: usize, g: usize, m: usize, v: usize, n: i32, hyper: usize): void { radamLoop(RADAM_RECTIFIED, p, g, m, v, n, hyper); }
export function radamDecayRectified(p: usize, g: usize, m: usize, v: usize, n: i32, hyper: usize): void { radamLoop(RADAM_DECAY | RADAM_RECTIFIED, p, g, m, v, n, hyper); }

/** One RAdam step; mode = RADAM_DECAY | RADAM_RECTIFIED bits. */
export function radamUpdate(mode: i32, p: usize, g: usize, m: usize, v: usize, n: i32, hyper: usize): void {
  switch (mode) {
    case 0: radamPlain(p, g, m, v, n, hyper); break;
    case RADAM_DECAY: radamDecay(p, g, m, v, n, hyper); break;
    case RADAM_RECTIFIED: radamRectified(p, g, m, v, n, hyper); break;
    default: radamDecayRectified(p, g, m, v, n, hyper);
  }
}

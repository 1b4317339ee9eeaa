// Averaged SGD (Polyak & Juditsky 1992; torch.optim.ASGD), one pass over p, g and the average.
// η and μ are per-parameter scalars the caller advances after each step (src/optim/asgd.ts).
//
//   g  = s·g + λ·p                      (s = −1 when maximising; λ term only with decay)
//   p  = p·(1 − λd·η)                   (λd: torch's lambd)
//   p  = p − η·g
//   ax = ax + (p − ax)·μ                (ax = p when μ = 1)
//
// hyper → f32 [s, λ, 1 − λd·η, −η, μ]
import { hyperAt as h, stageIn, stageOut } from './tail';
import { ASGD_DECAY, ASGD_AVERAGE } from '../opcodes';

// @ts-ignore: decorator
@inline function asgdLanes(mode: i32, p: usize, g: usize, ax: usize,
  sign: v128, decay: v128, shrink: v128, negEta: v128, mu: v128): void {
  const param = v128.load(p);
  let grad = f32x4.mul(v128.load(g), sign);
  if (mode & ASGD_DECAY) grad = f32x4.add(grad, f32x4.mul(decay, param));
  const moved = f32x4.add(f32x4.mul(param, shrink), f32x4.mul(negEta, grad));
  v128.store(p, moved);
  if (mode & ASGD_AVERAGE) {
    const avg = v128.load(ax);
    v128.store(ax, f32x4.add(avg, f32x4.mul(f32x4.sub(moved, avg), mu)));
  } else {
    v128.store(ax, moved);
  }
}

// @ts-ignore: decorator
@inline function asgdLoop(mode: i32, p: usize, g: usize, ax: usize, n: i32, hyper: usize): void {
  const sign = h(hyper, 0), decay = h(hyper, 1), shrink = h(hyper, 2), negEta = h(hyper, 3), mu = h(hyper, 4);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    asgdLanes(mode, p + o, g + o, ax + o, sign, decay, shrink, negEta, mu);
  }
  const rest = n - i;
  if (rest == 0) return;
  const o = <usize>i << 2;
  asgdLanes(mode, stageIn(0, p + o, rest), stageIn(1, g + o, rest), stageIn(2, ax + o, rest), sign, decay, shrink, negEta, mu);
  stageOut(0, p + o, rest);
  stageOut(2, ax + o, rest);
}

// One exported kernel per mode (test/node/kernel-dispatch.test.mjs); the entry dispatches once per call.
export function asgdPlain(p: usize, g: usize, ax: usize, n: i32, hyper: usize): void { asgdLoop(0, p, g, ax, n, hyper); }
export function asgdDecay(p: usize, g: usize, ax: usize, n: i32, hyper: usize): void { asgdLoop(ASGD_DECAY, p, g, ax, n, hyper); }
export function asgdAverage(p: usize, g: usize, ax: usize, n: i32, hyper: usize): void { asgdLoop(ASGD_AVERAGE, p, g, ax, n, hyper); }
export function asgdDecayAverage(p: usize, g: usize, ax: usize, n: i32, hyper: usize): void {
  asgdLoop(ASGD_DECAY | ASGD_AVERAGE, p, g, ax, n, hyper);
}

/** One ASGD step; mode adds ASGD_DECAY (weight decay) and ASGD_AVERAGE (μ ≠ 1: running average). */
export function asgdUpdate(mode: i32, p: usize, g: usize, ax: usize, n: i32, hyper: usize): void {
  switch (mode) {
    case 0: asgdPlain(p, g, ax, n, hyper); break;
    case ASGD_DECAY: asgdDecay(p, g, ax, n, hyper); break;
    case ASGD_AVERAGE: asgdAverage(p, g, ax, n, hyper); break;
    default: asgdDecayAverage(p, g, ax, n, hyper);
  }
}

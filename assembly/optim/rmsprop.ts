// RMSprop, plain, with momentum and/or centered (torch.optim.RMSprop), one pass.
//
//   g   = s·g + λ·p                     (s = −1 when maximising; λ term only with decay)
//   v   = α·v + (1 − α)·g·g
//   ḡ   = α·ḡ + (1 − α)·g,   a = √(v − ḡ·ḡ) + ε          (centered)
//                            a = √v + ε                   (otherwise)
//   buf = μ·buf + g / a,     p = p − η·buf                (momentum)
//                            p = p − η·g / a              (otherwise)
//
// hyper → f32 [s, λ, α, 1 − α, ε, μ, −η]
import { hyperAt as h, stageIn, stageOut } from './tail';
import { RMSPROP_DECAY, RMSPROP_CENTERED, RMSPROP_MOMENTUM } from '../opcodes';

// @ts-ignore: decorator
@inline function rmspropLanes(mode: i32, p: usize, g: usize, sq: usize, avg: usize, buf: usize,
  sign: v128, decay: v128, alpha: v128, oneMinusAlpha: v128, eps: v128, momentum: v128, negLr: v128): void {
  const param = v128.load(p);
  let grad = f32x4.mul(v128.load(g), sign);
  if (mode & RMSPROP_DECAY) grad = f32x4.add(grad, f32x4.mul(decay, param));
  const v = f32x4.add(f32x4.mul(v128.load(sq), alpha), f32x4.mul(f32x4.mul(oneMinusAlpha, grad), grad));
  v128.store(sq, v);
  let a: v128;
  if (mode & RMSPROP_CENTERED) {
    const mean = f32x4.add(f32x4.mul(v128.load(avg), alpha), f32x4.mul(oneMinusAlpha, grad));
    v128.store(avg, mean);
    a = f32x4.sqrt(f32x4.sub(v, f32x4.mul(mean, mean)));
  } else {
    a = f32x4.sqrt(v);
  }
  a = f32x4.add(a, eps);
  if (mode & RMSPROP_MOMENTUM) {
    const b = f32x4.add(f32x4.mul(v128.load(buf), momentum), f32x4.div(grad, a));
    v128.store(buf, b);
    v128.store(p, f32x4.add(param, f32x4.mul(negLr, b)));
  } else {
    v128.store(p, f32x4.add(param, f32x4.div(f32x4.mul(negLr, grad), a)));
  }
}

// @ts-ignore: decorator
@inline function rmspropLoop(mode: i32, p: usize, g: usize, sq: usize, avg: usize, buf: usize, n: i32, hyper: usize): void {
  const sign = h(hyper, 0), decay = h(hyper, 1), alpha = h(hyper, 2), oneMinusAlpha = h(hyper, 3);
  const eps = h(hyper, 4), momentum = h(hyper, 5), negLr = h(hyper, 6);
  const centered = (mode & RMSPROP_CENTERED) != 0;
  const hasBuf = (mode & RMSPROP_MOMENTUM) != 0;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    rmspropLanes(mode, p + o, g + o, sq + o, centered ? avg + o : 0, hasBuf ? buf + o : 0,
      sign, decay, alpha, oneMinusAlpha, eps, momentum, negLr);
  }
  const rest = n - i;
  if (rest == 0) return;
  const o = <usize>i << 2;
  const avgAt: usize = centered ? avg + o : 0;
  const bufAt: usize = hasBuf ? buf + o : 0;
  rmspropLanes(mode, stageIn(0, p + o, rest), stageIn(1, g + o, rest), stageIn(2, sq + o, rest),
    stageIn(3, avgAt, rest), stageIn(4, bufAt, rest), sign, decay, alpha, oneMinusAlpha, eps, momentum, negLr);
  stageOut(0, p + o, rest);
  stageOut(2, sq + o, rest);
  stageOut(3, avgAt, rest);
  stageOut(4, bufAt, rest);
}

// One exported kernel per mode, each with its own specialised loop; the entry below dispatches
// once per call (test/node/kernel-dispatch.test.mjs checks the built module).
export function rmspropPlain(p: usize, g: usize, sq: usize, avg: usize, buf: usize, n: i32, hyper: usize): void { rmspropLoop(0, p, g, sq, avg, buf, n, hyper); }
export function rmspropDecay(p: usize, g: usize, sq: usize, avg: usize, buf: usize, n: i32, hyper: usize): void { rmspropLoop(1, p, g, sq, avg, buf, n, hyper); }
export function rmspropCentered(p: usize, g: usize, sq: usize, avg: usize, buf: usize, n: i32, hyper: usize): void { rmspropLoop(2, p, g, sq, avg, buf, n, hyper); }
export function rmspropDecayCentered(p: usize, g: usize, sq: usize, avg: usize, buf: usize, n: i32, hyper: usize): void { rmspropLoop(3, p, g, sq, avg, buf, n, hyper); }
export function rmspropMomentum(p: usize, g: usize, sq: usize, avg: usize, buf: usize, n: i32, hyper: usize): void { rmspropLoop(4, p, g, sq, avg, buf, n, hyper); }
export function rmspropDecayMomentum(p: usize, g: usize, sq: usize, avg: usize, buf: usize, n: i32, hyper: usize): void { rmspropLoop(5, p, g, sq, avg, buf, n, hyper); }
export function rmspropCenteredMomentum(p: usize, g: usize, sq: usize, avg: usize, buf: usize, n: i32, hyper: usize): void { rmspropLoop(6, p, g, sq, avg, buf, n, hyper); }
export function rmspropDecayCenteredMomentum(p: usize, g: usize, sq: usize, avg: usize, buf: usize, n: i32, hyper: usize): void { rmspropLoop(7, p, g, sq, avg, buf, n, hyper); }

/** One RMSprop step; avg (centered) and buf (momentum) are 0 when their mode bit is off. */
export function rmspropUpdate(mode: i32, p: usize, g: usize, sq: usize, avg: usize, buf: usize, n: i32, hyper: usize): void {
  switch (mode) {
    case 0: rmspropPlain(p, g, sq, avg, buf, n, hyper); break;
    case 1: rmspropDecay(p, g, sq, avg, buf, n, hyper); break;
    case 2: rmspropCentered(p, g, sq, avg, buf, n, hyper); break;
    case 3: rmspropDecayCentered(p, g, sq, avg, buf, n, hyper); break;
    case 4: rmspropMomentum(p, g, sq, avg, buf, n, hyper); break;
    case 5: rmspropDecayMomentum(p, g, sq, avg, buf, n, hyper); break;
    case 6: rmspropCenteredMomentum(p, g, sq, avg, buf, n, hyper); break;
    default: rmspropDecayCenteredMomentum(p, g, sq, avg, buf, n, hyper);
  }
}

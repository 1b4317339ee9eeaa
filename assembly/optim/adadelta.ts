// Adadelta (torch.optim.Adadelta), one pass over p, g and the two running averages.
//
//   g  = s·g + λ·p                      (s = −1 when maximising; λ term only with decay)
//   v  = ρ·v + (1 − ρ)·g·g
//   Δ  = √(u + ε) / √(v + ε) · g
//   u  = ρ·u + (1 − ρ)·Δ·Δ
//   p  = p − η·Δ
//
// hyper → f32 [s, λ, ρ, 1 − ρ, ε, −η]
import { hyperAt as h, stageIn, stageOut } from './tail';
import { ADADELTA_DECAY } from '../opcodes';

// @ts-ignore: decorator
@inline function adadeltaLanes(mode: i32, p: usize, g: usize, sq: usize, acc: usize,
  sign: v128, decay: v128, rho: v128, oneMinusRho: v128, eps: v128, negLr: v128): void {
  const param = v128.load(p);
  let grad = f32x4.mul(v128.load(g), sign);
  if (mode & ADADELTA_DECAY) grad = f32x4.add(grad, f32x4.mul(decay, param));
  const v = f32x4.add(f32x4.mul(v128.load(sq), rho), f32x4.mul(f32x4.mul(oneMinusRho, grad), grad));
  v128.store(sq, v);
  const std = f32x4.sqrt(f32x4.add(v, eps));
  const u = v128.load(acc);
  const delta = f32x4.mul(f32x4.div(f32x4.sqrt(f32x4.add(u, eps)), std), grad);
  v128.store(acc, f32x4.add(f32x4.mul(u, rho), f32x4.mul(f32x4.mul(oneMinusRho, delta), delta)));
  v128.store(p, f32x4.add(param, f32x4.mul(negLr, delta)));
}

// @ts-ignore: decorator
@inline function adadeltaLoop(mode: i32, p: usize, g: usize, sq: usize, acc: usize, n: i32, hyper: usize): void {
  const sign = h(hyper, 0), decay = h(hyper, 1), rho = h(hyper, 2), oneMinusRho = h(hyper, 3);
  const eps = h(hyper, 4), negLr = h(hyper, 5);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    adadeltaLanes(mode, p + o, g + o, sq + o, acc + o, sign, decay, rho, oneMinusRho, eps, negLr);
  }
  const rest = n - i;
  if (rest == 0) return;
  const o = <usize>i << 2;
  adadeltaLanes(mode, stageIn(0, p + o, rest), stageIn(1, g + o, rest), stageIn(2, sq + o, rest),
    stageIn(3, acc + o, rest), sign, decay, rho, oneMinusRho, eps, negLr);
  stageOut(0, p + o, rest);
  stageOut(2, sq + o, rest);
  stageOut(3, acc + o, rest);
}

// One exported kernel per mode, each with its own specialised loop; the entry below dispatches
// once per call (test/node/kernel-dispatch.test.mjs checks the built module).
export function adadeltaPlain(p: usize, g: usize, sq: usize, acc: usize, n: i32, hyper: usize): void { adadeltaLoop(0, p, g, sq, acc, n, hyper); }
export function adadeltaDecay(p: usize, g: usize, sq: usize, acc: usize, n: i32, hyper: usize): void { adadeltaLoop(ADADELTA_DECAY, p, g, sq, acc, n, hyper); }

/** One adadelta step; mode ADADELTA_DECAY adds the weight-decay term. */
export function adadeltaUpdate(mode: i32, p: usize, g: usize, sq: usize, acc: usize, n: i32, hyper: usize): void {
  switch (mode) {
    case 0: adadeltaPlain(p, g, sq, acc, n, hyper); break;
    default: adadeltaDecay(p, g, sq, acc, n, hyper);
  }
}

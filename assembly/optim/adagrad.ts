// Adagrad (torch.optim.Adagrad), one pass over p, g and the running sum of squares.
//
//   g   = s·g + λ·p                     (s = −1 when maximising; λ term only with decay)
//   sum = sum + g·g
//   p   = p + (−η / (1 + (t − 1)·δ))·g / (√sum + ε)       δ: lr decay
//
// hyper → f32 [s, λ, ε, −η / (1 + (t − 1)·δ)]
import { hyperAt as h, stageIn, stageOut } from './tail';
import { ADAGRAD_DECAY } from '../opcodes';

// @ts-ignore: decorator
@inline function adagradLanes(mode: i32, p: usize, g: usize, sum: usize, sign: v128, decay: v128, eps: v128, negLr: v128): void {
  const param = v128.load(p);
  let grad = f32x4.mul(v128.load(g), sign);
  if (mode & ADAGRAD_DECAY) grad = f32x4.add(grad, f32x4.mul(decay, param));
  const s = f32x4.add(v128.load(sum), f32x4.mul(grad, grad));
  v128.store(sum, s);
  const std = f32x4.add(f32x4.sqrt(s), eps);
  v128.store(p, f32x4.add(param, f32x4.div(f32x4.mul(negLr, grad), std)));
}

// @ts-ignore: decorator
@inline function adagradLoop(mode: i32, p: usize, g: usize, sum: usize, n: i32, hyper: usize): void {
  const sign = h(hyper, 0), decay = h(hyper, 1), eps = h(hyper, 2), negLr = h(hyper, 3);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    adagradLanes(mode, p + o, g + o, sum + o, sign, decay, eps, negLr);
  }
  const rest = n - i;
  if (rest == 0) return;
  const o = <usize>i << 2;
  adagradLanes(mode, stageIn(0, p + o, rest), stageIn(1, g + o, rest), stageIn(2, sum + o, rest), sign, decay, eps, negLr);
  stageOut(0, p + o, rest);
  stageOut(2, sum + o, rest);
}

// One exported kernel per mode, each with its own specialised loop; the entry below dispatches
// once per call (test/node/kernel-dispatch.test.mjs checks the built module).
export function adagradPlain(p: usize, g: usize, sum: usize, n: i32, hyper: usize): void { adagradLoop(0, p, g, sum, n, hyper); }
export function adagradDecay(p: usize, g: usize, sum: usize, n: i32, hyper: usize): void { adagradLoop(ADAGRAD_DECAY, p, g, sum, n, hyper); }

/** One adagrad step; mode ADAGRAD_DECAY adds the weight-decay term. */
export function adagradUpdate(mode: i32, p: usize, g: usize, sum: usize, n: i32, hyper: usize): void {
  switch (mode) {
    case 0: adagradPlain(p, g, sum, n, hyper); break;
    default: adagradDecay(p, g, sum, n, hyper);
  }
}

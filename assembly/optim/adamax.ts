// Adamax (torch.optim.Adamax): Adam with an infinity-norm second moment, one pass.
//
//   g  = s·g + λ·p                      (s = −1 when maximising; λ term only with decay)
//   m  = β1·m + (1 − β1)·g
//   u  = max(β2·u, |g| + ε)             (NaN propagates, as torch.amax)
//   p  = p + (−η / (1 − β1ᵗ))·m / u
//
// hyper → f32 [s, λ, β1, 1 − β1, β2, ε, −η / (1 − β1ᵗ)]
import { hyperAt as h, stageIn, stageOut } from './tail';
import { ADAMAX_DECAY } from '../opcodes';

// @ts-ignore: decorator
@inline function adamaxLanes(mode: i32, p: usize, g: usize, m: usize, u: usize,
  sign: v128, decay: v128, beta1: v128, oneMinusBeta1: v128, beta2: v128, eps: v128, negStep: v128): void {
  const param = v128.load(p);
  let grad = f32x4.mul(v128.load(g), sign);
  if (mode & ADAMAX_DECAY) grad = f32x4.add(grad, f32x4.mul(decay, param));
  const m1 = f32x4.add(f32x4.mul(v128.load(m), beta1), f32x4.mul(oneMinusBeta1, grad));
  v128.store(m, m1);
  const u1 = f32x4.max(f32x4.mul(v128.load(u), beta2), f32x4.add(f32x4.abs(grad), eps));
  v128.store(u, u1);
  v128.store(p, f32x4.add(param, f32x4.div(f32x4.mul(negStep, m1), u1)));
}

// @ts-ignore: decorator
@inline function adamaxLoop(mode: i32, p: usize, g: usize, m: usize, u: usize, n: i32, hyper: usize): void {
  const sign = h(hyper, 0), decay = h(hyper, 1), beta1 = h(hyper, 2), oneMinusBeta1 = h(hyper, 3);
  const beta2 = h(hyper, 4), eps = h(hyper, 5), negStep = h(hyper, 6);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    adamaxLanes(mode, p + o, g + o, m + o, u + o, sign, decay, beta1, oneMinusBeta1, beta2, eps, negStep);
  }
  const rest = n - i;
  if (rest == 0) return;
  const o = <usize>i << 2;
  adamaxLanes(mode, stageIn(0, p + o, rest), stageIn(1, g + o, rest), stageIn(2, m + o, rest),
    stageIn(3, u + o, rest), sign, decay, beta1, oneMinusBeta1, beta2, eps, negStep);
  stageOut(0, p + o, rest);
  stageOut(2, m + o, rest);
  stageOut(3, u + o, rest);
}

// One exported kernel per mode, each with its own specialised loop; the entry below dispatches
// once per call (test/node/kernel-dispatch.test.mjs checks the built module).
export function adamaxPlain(p: usize, g: usize, m: usize, u: usize, n: i32, hyper: usize): void { adamaxLoop(0, p, g, m, u, n, hyper); }
export function adamaxDecay(p: usize, g: usize, m: usize, u: usize, n: i32, hyper: usize): void { adamaxLoop(ADAMAX_DECAY, p, g, m, u, n, hyper); }

/** One adamax step; mode ADAMAX_DECAY adds the weight-decay term. */
export function adamaxUpdate(mode: i32, p: usize, g: usize, m: usize, u: usize, n: i32, hyper: usize): void {
  switch (mode) {
    case 0: adamaxPlain(p, g, m, u, n, hyper); break;
    default: adamaxDecay(p, g, m, u, n, hyper);
  }
}

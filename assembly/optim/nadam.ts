// NAdam (Dozat; torch.optim.NAdam with momentum decay ψ), one pass over p, g, m, v.
//
//   g  = g + λ·p                        (λ term only with decay)
//   m  = β1·m + (1 − β1)·g
//   v  = β2·v + (1 − β2)·g·g
//   d  = √(v / (1 − β2ᵗ)) + ε
//   p  = p + c₁·g / d,   then   p = p + c₂·m / d
//
// with μₜ = β1·(1 − ½·0.96^(tψ)), c₁ = −η(1 − μₜ)/(1 − Πμ), c₂ = −η·μₜ₊₁/(1 − Πμ·μₜ·μₜ₊₁)
// computed by the caller, as torch does (its product repeats μₜ).
//
// hyper → f32 [λ, β1, 1 − β1, β2, 1 − β2, 1 − β2ᵗ, ε, c₁, c₂]
import { hyperAt as h, stageIn, stageOut } from './tail';
import { NADAM_DECAY } from '../opcodes';

// @ts-ignore: decorator
@inline function nadamLanes(mode: i32, p: usize, g: usize, m: usize, v: usize, decay: v128, beta1: v128,
  oneMinusBeta1: v128, beta2: v128, oneMinusBeta2: v128, biasCorrection2: v128, eps: v128, c1: v128, c2: v128): void {
  let param = v128.load(p);
  let grad = v128.load(g);
  if (mode & NADAM_DECAY) grad = f32x4.add(grad, f32x4.mul(decay, param));
  const m1 = f32x4.add(f32x4.mul(v128.load(m), beta1), f32x4.mul(oneMinusBeta1, grad));
  const v1 = f32x4.add(f32x4.mul(v128.load(v), beta2), f32x4.mul(f32x4.mul(oneMinusBeta2, grad), grad));
  v128.store(m, m1);
  v128.store(v, v1);
  const denom = f32x4.add(f32x4.sqrt(f32x4.div(v1, biasCorrection2)), eps);
  param = f32x4.add(param, f32x4.div(f32x4.mul(c1, grad), denom));
  v128.store(p, f32x4.add(param, f32x4.div(f32x4.mul(c2, m1), denom)));
}

// @ts-ignore: decorator
@inline function nadamLoop(mode: i32, p: usize, g: usize, m: usize, v: usize, n: i32, hyper: usize): void {
  const decay = h(hyper, 0), beta1 = h(hyper, 1), oneMinusBeta1 = h(hyper, 2), beta2 = h(hyper, 3);
  const oneMinusBeta2 = h(hyper, 4), bc2 = h(hyper, 5), eps = h(hyper, 6), c1 = h(hyper, 7), c2 = h(hyper, 8);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    nadamLanes(mode, p + o, g + o, m + o, v + o, decay, beta1, oneMinusBeta1, beta2, oneMinusBeta2, bc2, eps, c1, c2);
  }
  const rest = n - i;
  if (rest == 0) return;
  const o = <usize>i << 2;
  nadamLanes(mode, stageIn(0, p + o, rest), stageIn(1, g + o, rest), stageIn(2, m + o, rest), stageIn(3, v + o, rest),
    decay, beta1, oneMinusBeta1, beta2, oneMinusBeta2, bc2, eps, c1, c2);
  stageOut(0, p + o, rest);
  stageOut(2, m + o, rest);
  stageOut(3, v + o, rest);
}

// One exported kernel per mode, each with its own specialised loop; the entry below dispatches
// once per call (test/node/kernel-dispatch.test.mjs checks the built module).
export function nadamPlain(p: usize, g: usize, m: usize, v: usize, n: i32, hyper: usize): void { nadamLoop(0, p, g, m, v, n, hyper); }
export function nadamDecay(p: usize, g: usize, m: usize, v: usize, n: i32, hyper: usize): void { nadamLoop(NADAM_DECAY, p, g, m, v, n, hyper); }

/** One nadam step; mode NADAM_DECAY adds the weight-decay term. */
export function nadamUpdate(mode: i32, p: usize, g: usize, m: usize, v: usize, n: i32, hyper: usize): void {
  switch (mode) {
    case 0: nadamPlain(p, g, m, v, n, hyper); break;
    default: nadamDecay(p, g, m, v, n, hyper);
  }
}

// Lion (Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms"), one pass over p, g, m.
//
//   p  = p·(1 − ηλ)                     (decoupled weight decay)
//   p  = p − η·sign(β1·m + (1 − β1)·g)  (sign 0 at 0; NaN stays NaN)
//   m  = β2·m + (1 − β2)·g
//
// hyper → f32 [1 − ηλ, β1, 1 − β1, β2, 1 − β2, −η]
import { hyperAt as h, stageIn, stageOut } from './tail';

// @ts-ignore: decorator
@inline function signOf(x: v128): v128 {
  const zero = f32x4.splat(0), one = f32x4.splat(1);
  const s = f32x4.sub(v128.and(f32x4.gt(x, zero), one), v128.and(f32x4.lt(x, zero), one));
  return v128.bitselect(x, s, f32x4.ne(x, x));
}

// @ts-ignore: decorator
@inline function lionLanes(p: usize, g: usize, m: usize, decayFactor: v128, beta1: v128, oneMinusBeta1: v128,
  beta2: v128, oneMinusBeta2: v128, negLr: v128): void {
  const grad = v128.load(g);
  const m0 = v128.load(m);
  const param = f32x4.mul(v128.load(p), decayFactor);
  const direction = signOf(f32x4.add(f32x4.mul(m0, beta1), f32x4.mul(oneMinusBeta1, grad)));
  v128.store(p, f32x4.add(param, f32x4.mul(negLr, direction)));
  v128.store(m, f32x4.add(f32x4.mul(m0, beta2), f32x4.mul(oneMinusBeta2, grad)));
}

export function lionUpdate(p: usize, g: usize, m: usize, n: i32, hyper: usize): void {
  const decayFactor = h(hyper, 0), beta1 = h(hyper, 1), oneMinusBeta1 = h(hyper, 2);
  const beta2 = h(hyper, 3), oneMinusBeta2 = h(hyper, 4), negLr = h(hyper, 5);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    lionLanes(p + o, g + o, m + o, decayFactor, beta1, oneMinusBeta1, beta2, oneMinusBeta2, negLr);
  }
  const rest = n - i;
  if (rest == 0) return;
  const o = <usize>i << 2;
  lionLanes(stageIn(0, p + o, rest), stageIn(1, g + o, rest), stageIn(2, m + o, rest),
    decayFactor, beta1, oneMinusBeta1, beta2, oneMinusBeta2, negLr);
  stageOut(0, p + o, rest);
  stageOut(2, m + o, rest);
}

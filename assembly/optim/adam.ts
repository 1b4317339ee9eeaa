// Adam, AdamW and AMSGrad (torch.optim.Adam / AdamW), one pass over p, g, m, v (and v̂max).
//
//   g  = s·g + λ·p                 (Adam's coupled L2 decay; s = −1 when maximising)
//   p  = p·(1 − ηλ)                (AdamW's decoupled decay, instead of the line above)
//   m  = β1·m + (1 − β1)·g
//   v  = β2·v + (1 − β2)·g·g
//   v̂max = max(v̂max, v)            (AMSGrad; then v̂max stands for v below)
//   p  = p + (−η / (1 − β1ᵗ))·m / (√v · (1 / √(1 − β2ᵗ)) + ε)
//
// (torch divides √v by √(1 − β2ᵗ); multiplying by its reciprocal, rounded once per step, differs
// by a rounding and spares one of the two divisions per lane: this update is bound by the
// divide/square-root unit, 12 cycles per 4 lanes with both divisions.)
//
// hyper → f32 [s, λ or 1 − ηλ, β1, 1 − β1, β2, 1 − β2, 1 / √(1 − β2ᵗ), ε, −η / (1 − β1ᵗ)];
// the step-dependent scalars are computed by the caller.
import { hyperAt as h, stageIn, stageOut } from './tail';
import { ADAM_NO_DECAY, ADAM_L2, ADAM_DECOUPLED, ADAM_AMSGRAD } from '../opcodes';

// @ts-ignore: decorator
@inline function adamLanes(mode: i32, p: usize, g: usize, m: usize, v: usize, vmax: usize,
  sign: v128, decay: v128, beta1: v128, oneMinusBeta1: v128, beta2: v128, oneMinusBeta2: v128,
  invBiasCorrection2Sqrt: v128, eps: v128, negStepSize: v128): void {
  let param = v128.load(p);
  let grad = f32x4.mul(v128.load(g), sign);
  const kind = mode & 3;
  if (kind == ADAM_L2) grad = f32x4.add(grad, f32x4.mul(decay, param));
  if (kind == ADAM_DECOUPLED) param = f32x4.mul(param, decay);
  const m1 = f32x4.add(f32x4.mul(v128.load(m), beta1), f32x4.mul(oneMinusBeta1, grad));
  let v1 = f32x4.add(f32x4.mul(v128.load(v), beta2), f32x4.mul(f32x4.mul(oneMinusBeta2, grad), grad));
  v128.store(m, m1);
  v128.store(v, v1);
  if (mode & ADAM_AMSGRAD) {
    v1 = f32x4.max(v128.load(vmax), v1);
    v128.store(vmax, v1);
  }
  const denom = f32x4.add(f32x4.mul(f32x4.sqrt(v1), invBiasCorrection2Sqrt), eps);
  v128.store(p, f32x4.add(param, f32x4.div(f32x4.mul(negStepSize, m1), denom)));
}

// @ts-ignore: decorator
@inline function adamLoop(mode: i32, p: usize, g: usize, m: usize, v: usize, vmax: usize, n: i32, hyper: usize): void {
  const s = h(hyper, 0), dc = h(hyper, 1), b1 = h(hyper, 2), c1 = h(hyper, 3), b2 = h(hyper, 4);
  const c2 = h(hyper, 5), bc = h(hyper, 6), e = h(hyper, 7), st = h(hyper, 8);
  const ams = (mode & ADAM_AMSGRAD) != 0;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    adamLanes(mode, p + o, g + o, m + o, v + o, ams ? vmax + o : 0, s, dc, b1, c1, b2, c2, bc, e, st);
  }
  const rest = n - i;
  if (rest == 0) return;
  const o = <usize>i << 2;
  const vmaxAt: usize = ams ? vmax + o : 0;
  adamLanes(mode, stageIn(0, p + o, rest), stageIn(1, g + o, rest), stageIn(2, m + o, rest),
    stageIn(3, v + o, rest), stageIn(4, vmaxAt, rest), s, dc, b1, c1, b2, c2, bc, e, st);
  stageOut(0, p + o, rest);
  stageOut(2, m + o, rest);
  stageOut(3, v + o, rest);
  stageOut(4, vmaxAt, rest);
}

// One exported kernel per mode, each with its own specialised loop; the entry below dispatches
// once per call (test/node/kernel-dispatch.test.mjs checks the built module).
export function adamNoDecay(p: usize, g: usize, m: usize, v: usize, vmax: usize, n: i32, hyper: usize): void { adamLoop(ADAM_NO_DECAY, p, g, m, v, vmax, n, hyper); }
export function adamL2(p: usize, g: usize, m: usize, v: usize, vmax: usize, n: i32, hyper: usize): void { adamLoop(ADAM_L2, p, g, m, v, vmax, n, hyper); }
export function adamDecoupled(p: usize, g: usize, m: usize, v: usize, vmax: usize, n: i32, hyper: usize): void { adamLoop(ADAM_DECOUPLED, p, g, m, v, vmax, n, hyper); }
export function adamAmsgradNoDecay(p: usize, g: usize, m: usize, v: usize, vmax: usize, n: i32, hyper: usize): void { adamLoop(ADAM_AMSGRAD | ADAM_NO_DECAY, p, g, m, v, vmax, n, hyper); }
export function adamAmsgradL2(p: usize, g: usize, m: usize, v: usize, vmax: usize, n: i32, hyper: usize): void { adamLoop(ADAM_AMSGRAD | ADAM_L2, p, g, m, v, vmax, n, hyper); }
export function adamAmsgradDecoupled(p: usize, g: usize, m: usize, v: usize, vmax: usize, n: i32, hyper: usize): void { adamLoop(ADAM_AMSGRAD | ADAM_DECOUPLED, p, g, m, v, vmax, n, hyper); }

/** One Adam/AdamW step over n elements; vmax is 0 unless the mode includes ADAM_AMSGRAD. */
export function adamUpdate(mode: i32, p: usize, g: usize, m: usize, v: usize, vmax: usize, n: i32, hyper: usize): void {
  switch (mode) {
    case ADAM_NO_DECAY: adamNoDecay(p, g, m, v, vmax, n, hyper); break;
    case ADAM_L2: adamL2(p, g, m, v, vmax, n, hyper); break;
    case ADAM_DECOUPLED: adamDecoupled(p, g, m, v, vmax, n, hyper); break;
    case ADAM_AMSGRAD | ADAM_NO_DECAY: adamAmsgradNoDecay(p, g, m, v, vmax, n, hyper); break;
    case ADAM_AMSGRAD | ADAM_L2: adamAmsgradL2(p, g, m, v, vmax, n, hyper); break;
    default: adamAmsgradDecoupled(p, g, m, v, vmax, n, hyper);
  }
}

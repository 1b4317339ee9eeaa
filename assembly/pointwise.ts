// The unary ops of the tensor vocabulary with no fused backward (their gradients are written
// with ops): log1p, expm1, reciprocal, rsqrt and the four roundings. As in unary.ts, one
// exported kernel per op, its loop specialised for that op (a constant after inlining). There is
// no op-code entry: binaryen inlines the small loops (reciprocal, the roundings) into such an
// entry, so src/backend/vocabulary.ts picks the kernel by op code instead.
import { expm1_32, expm1_32x4, log1p32, log1p32x4 } from './math';
import { PW_LOG1P, PW_EXPM1, PW_RECIPROCAL, PW_RSQRT, PW_FLOOR, PW_CEIL, PW_ROUND, PW_TRUNC } from './opcodes';

// @ts-ignore: decorator
@inline function pointwiseVec(op: i32, v: v128): v128 {
  const one = f32x4.splat(1);
  switch (op) {
    case PW_LOG1P: return log1p32x4(v);
    case PW_EXPM1: return expm1_32x4(v);
    case PW_RECIPROCAL: return f32x4.div(one, v);
    case PW_RSQRT: return f32x4.div(one, f32x4.sqrt(v)); // two roundings, as torch's 1/sqrt
    case PW_FLOOR: return f32x4.floor(v);
    case PW_CEIL: return f32x4.ceil(v);
    case PW_ROUND: return f32x4.nearest(v); // half to even, as torch.round
    default: return f32x4.trunc(v);
  }
}

// @ts-ignore: decorator
@inline function pointwiseOne(op: i32, v: f32): f32 {
  switch (op) {
    case PW_LOG1P: return log1p32(v);
    case PW_EXPM1: return expm1_32(v);
    case PW_RECIPROCAL: return <f32>1 / v;
    case PW_RSQRT: return <f32>1 / sqrt<f32>(v);
    case PW_FLOOR: return floor<f32>(v);
    case PW_CEIL: return ceil<f32>(v);
    case PW_ROUND: return nearest<f32>(v);
    default: return trunc<f32>(v);
  }
}

// @ts-ignore: decorator
@inline function pointwiseLoop(op: i32, x: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, pointwiseVec(op, v128.load(x + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, pointwiseOne(op, load<f32>(x + o)));
  }
}

export function log1pForward(x: usize, out: usize, n: i32): void { pointwiseLoop(PW_LOG1P, x, out, n); }
export function expm1Forward(x: usize, out: usize, n: i32): void { pointwiseLoop(PW_EXPM1, x, out, n); }
export function reciprocalForward(x: usize, out: usize, n: i32): void { pointwiseLoop(PW_RECIPROCAL, x, out, n); }
export function rsqrtForward(x: usize, out: usize, n: i32): void { pointwiseLoop(PW_RSQRT, x, out, n); }
export function floorForward(x: usize, out: usize, n: i32): void { pointwiseLoop(PW_FLOOR, x, out, n); }
export function ceilForward(x: usize, out: usize, n: i32): void { pointwiseLoop(PW_CEIL, x, out, n); }
export function roundForward(x: usize, out: usize, n: i32): void { pointwiseLoop(PW_ROUND, x, out, n); }
export function truncForward(x: usize, out: usize, n: i32): void { pointwiseLoop(PW_TRUNC, x, out, n); }

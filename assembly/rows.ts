// Row helpers shared by the softmax family (softmax.ts) and the fused cross-entropies
// (cross_entropy.ts): inlined where they are used, never exported as kernels.
import { exp32, exp32x4 } from './math';

// @ts-ignore: decorator
@inline export function rowMax(x: usize, len: i32): f32 {
  let m = f32x4.splat(-Infinity);
  let i = 0;
  for (; i + 4 <= len; i += 4) m = f32x4.max(m, v128.load(x + (<usize>i << 2)));
  let best = max(max(f32x4.extract_lane(m, 0), f32x4.extract_lane(m, 1)),
    max(f32x4.extract_lane(m, 2), f32x4.extract_lane(m, 3)));
  for (; i < len; i++) best = max(best, load<f32>(x + (<usize>i << 2)));
  return best;
}

// Writes exp(x - shift) to out (out may equal x) and returns their sum, in a fixed order.
// @ts-ignore: decorator
@inline export function expShiftedSum(x: usize, out: usize, len: i32, shift: f32): f32 {
  const sv = f32x4.splat(shift);
  let acc = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= len; i += 4) {
    const q = <usize>i << 2;
    const e = exp32x4(f32x4.sub(v128.load(x + q), sv));
    v128.store(out + q, e);
    acc = f32x4.add(acc, e);
  }
  let sum = (f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1))
    + (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
  for (; i < len; i++) {
    const q = <usize>i << 2;
    const e = exp32(load<f32>(x + q) - shift);
    store<f32>(out + q, e);
    sum += e;
  }
  return sum;
}

// @ts-ignore: decorator
@inline export function scaleRow(out: usize, len: i32, factor: f32): void {
  const fv = f32x4.splat(factor);
  let i = 0;
  for (; i + 4 <= len; i += 4) {
    const q = <usize>i << 2;
    v128.store(out + q, f32x4.mul(v128.load(out + q), fv));
  }
  for (; i < len; i++) {
    const q = <usize>i << 2;
    store<f32>(out + q, load<f32>(out + q) * factor);
  }
}

// probs = softmax(x) over one row, given its maximum m; returns s = sum exp(x - m).
// @ts-ignore: decorator
@inline export function softmaxInto(x: usize, probs: usize, len: i32, m: f32): f32 {
  const s = expShiftedSum(x, probs, len, m);
  scaleRow(probs, len, 1 / s);
  return s;
}

// The sum of a vector's four lanes, in a fixed order.
// @ts-ignore: decorator
@inline export function laneSum(acc: v128): f32 {
  return (f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1)) + (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
}

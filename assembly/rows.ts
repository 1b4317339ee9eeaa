// Row helpers shared by the softmax family (softmax.ts) and the fused cross-entropies
// (cross_entropy.ts): inlined where they are used, never exported as kernels.
import { exp32, exp32x4 } from './math';
import { transposeLow, transposeHigh, lowHalves, highHalves } from './transpose';

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

// The four vectors of a 4×4 block of rows r0…r3 as its columns (lane l of column j = row l's element j).
// @ts-ignore: decorator
@inline function column(r0: v128, r1: v128, r2: v128, r3: v128, j: i32): v128 {
  const lo = j < 2;
  const a = lo ? transposeLow(r0, r1) : transposeHigh(r0, r1);
  const b = lo ? transposeLow(r2, r3) : transposeHigh(r2, r3);
  return (j & 1) == 0 ? lowHalves(a, b) : highHalves(a, b);
}

/**
 * softmaxInto over four consecutive rows at once (row r at x + r·len·4), the rows in the lanes:
 * probs = softmax of each row given its maximum (lane r of mv); returns the four sums s. Each
 * lane does what expShiftedSum and scaleRow do for its row — the same exponentials (exp32x4's
 * lanes are exp32), the sum in the same order, one division 1/s — so the bits are the rows'
 * one by one, with a quarter of the exponential calls' overhead for short rows (the tail of a
 * 10-class row is one f32x4 exponential for four rows instead of two scalar ones per row).
 */
// @ts-ignore: decorator
@inline export function softmaxInto4(x: usize, probs: usize, len: i32, mv: v128): v128 {
  const ld = <usize>len << 2;
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= len; i += 4) {
    const q = <usize>i << 2;
    const r0 = v128.load(x + q), r1 = v128.load(x + ld + q), r2 = v128.load(x + 2 * ld + q), r3 = v128.load(x + 3 * ld + q);
    const e0 = exp32x4(f32x4.sub(column(r0, r1, r2, r3, 0), mv));
    const e1 = exp32x4(f32x4.sub(column(r0, r1, r2, r3, 1), mv));
    const e2 = exp32x4(f32x4.sub(column(r0, r1, r2, r3, 2), mv));
    const e3 = exp32x4(f32x4.sub(column(r0, r1, r2, r3, 3), mv));
    a0 = f32x4.add(a0, e0);
    a1 = f32x4.add(a1, e1);
    a2 = f32x4.add(a2, e2);
    a3 = f32x4.add(a3, e3);
    const p = probs + q;
    v128.store(p, column(e0, e1, e2, e3, 0));
    v128.store(p + ld, column(e0, e1, e2, e3, 1));
    v128.store(p + 2 * ld, column(e0, e1, e2, e3, 2));
    v128.store(p + 3 * ld, column(e0, e1, e2, e3, 3));
  }
  let s = f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3));
  for (; i < len; i++) {
    const q = <usize>i << 2;
    let c = v128.load32_zero(x + q);
    c = v128.load32_lane(x + ld + q, c, 1);
    c = v128.load32_lane(x + 2 * ld + q, c, 2);
    c = v128.load32_lane(x + 3 * ld + q, c, 3);
    const e = exp32x4(f32x4.sub(c, mv));
    s = f32x4.add(s, e);
    v128.store32_lane(probs + q, e, 0);
    v128.store32_lane(probs + ld + q, e, 1);
    v128.store32_lane(probs + 2 * ld + q, e, 2);
    v128.store32_lane(probs + 3 * ld + q, e, 3);
  }
  const inv = f32x4.div(f32x4.splat(1), s);
  scaleRow(probs, len, f32x4.extract_lane(inv, 0));
  scaleRow(probs + ld, len, f32x4.extract_lane(inv, 1));
  scaleRow(probs + 2 * ld, len, f32x4.extract_lane(inv, 2));
  scaleRow(probs + 3 * ld, len, f32x4.extract_lane(inv, 3));
  return s;
}

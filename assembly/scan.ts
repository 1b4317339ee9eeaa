// Cumulative sums and products along an axis, the product reduction, and vector norms along an
// axis. The tensor is viewed as [outer, len, inner] and the middle axis is scanned or reduced.
// Every running value is kept in float64 (each float32 promoted exactly) in a fixed order and
// rounded once per output, as torch's CPU cumsum/cumprod do (they accumulate in double).
//
// The main loop runs four columns of `inner` at a time in two f64x2 lanes, down the axis; a
// scalar loop takes the remaining columns (and the whole scan when inner = 1: a scan along
// contiguous memory is a chain of dependent additions, nothing to vectorise).
import { NORM_INF, NORM_L1, NORM_L2, NORM_NEG_INF, NORM_ZERO } from './opcodes';

const SCAN_SUM = 0;
const SCAN_PROD = 1;

// @ts-ignore: decorator
@inline function high(v: v128): v128 {
  return v128.shuffle<i32>(v, v, 2, 3, 0, 1);
}

// @ts-ignore: decorator
@inline function pack(lo: v128, hi: v128): v128 {
  return v128.shuffle<i32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}

// @ts-ignore: decorator
@inline function combine2(kind: i32, acc: v128, v: v128): v128 {
  return kind == SCAN_PROD ? f64x2.mul(acc, v) : f64x2.add(acc, v);
}

// @ts-ignore: decorator
@inline function combine1(kind: i32, acc: f64, v: f64): f64 {
  return kind == SCAN_PROD ? acc * v : acc + v;
}

/**
 * A contiguous line reduced with + or × in four float64 lanes (elements 4j..4j+3), the lanes
 * combined in a fixed order, then the tail: the order depends only on len.
 */
// @ts-ignore: decorator
@inline function reduceLine(kind: i32, p: usize, len: i32): f64 {
  const init: f64 = kind == SCAN_PROD ? 1 : 0;
  let lo = f64x2.splat(init), hi = f64x2.splat(init);
  let l = 0;
  for (; l + 4 <= len; l += 4) {
    const v = v128.load(p + (<usize>l << 2));
    lo = combine2(kind, lo, f64x2.promote_low_f32x4(v));
    hi = combine2(kind, hi, f64x2.promote_low_f32x4(high(v)));
  }
  const both = combine2(kind, lo, hi);
  let acc = combine1(kind, f64x2.extract_lane(both, 0), f64x2.extract_lane(both, 1));
  for (; l < len; l++) acc = combine1(kind, acc, <f64>load<f32>(p + (<usize>l << 2)));
  return acc;
}

/**
 * Scans (keepAll: every running value, out is [outer, len, inner]) or reduces (out is
 * [outer, inner]) the middle axis with + or ×.
 */
// @ts-ignore: decorator
@inline function scanAxis(kind: i32, keepAll: bool, x: usize, out: usize, outer: i32, len: i32, inner: i32): void {
  const init: f64 = kind == SCAN_PROD ? 1 : 0;
  const rowBytes = <usize>inner << 2;
  if (!keepAll && inner == 1) {
    for (let o = 0; o < outer; o++) store<f32>(out + (<usize>o << 2), <f32>reduceLine(kind, x + (<usize>o * <usize>len << 2), len));
    return;
  }
  for (let o = 0; o < outer; o++) {
    const src = x + (<usize>o * <usize>len * rowBytes);
    const dst = out + (keepAll ? <usize>o * <usize>len * rowBytes : <usize>o * rowBytes);
    let i = 0;
    for (; i + 4 <= inner; i += 4) {
      let lo = f64x2.splat(init), hi = f64x2.splat(init);
      let p = src + (<usize>i << 2);
      let q = dst + (<usize>i << 2);
      for (let l = 0; l < len; l++) {
        const v = v128.load(p);
        lo = combine2(kind, lo, f64x2.promote_low_f32x4(v));
        hi = combine2(kind, hi, f64x2.promote_low_f32x4(high(v)));
        if (keepAll) {
          v128.store(q, pack(lo, hi));
          q += rowBytes;
        }
        p += rowBytes;
      }
      if (!keepAll) v128.store(q, pack(lo, hi));
    }
    for (; i < inner; i++) {
      let acc = init;
      let p = src + (<usize>i << 2);
      let q = dst + (<usize>i << 2);
      for (let l = 0; l < len; l++) {
        acc = combine1(kind, acc, <f64>load<f32>(p));
        if (keepAll) {
          store<f32>(q, <f32>acc);
          q += rowBytes;
        }
        p += rowBytes;
      }
      if (!keepAll) store<f32>(q, <f32>acc);
    }
  }
}

/** out[o, l, i] = Σ_{j ≤ l} x[o, j, i] (float64 running sum, each output rounded once). */
export function cumsumAxis(x: usize, out: usize, outer: i32, len: i32, inner: i32): void {
  scanAxis(SCAN_SUM, true, x, out, outer, len, inner);
}

/** out[o, l, i] = Π_{j ≤ l} x[o, j, i] (float64 running product, each output rounded once). */
export function cumprodAxis(x: usize, out: usize, outer: i32, len: i32, inner: i32): void {
  scanAxis(SCAN_PROD, true, x, out, outer, len, inner);
}

/** out[o, i] = Π_l x[o, l, i] in float64, rounded once (1 for len = 0). */
export function prodAxis(x: usize, out: usize, outer: i32, len: i32, inner: i32): void {
  scanAxis(SCAN_PROD, false, x, out, outer, len, inner);
}

// ---- vector norms along an axis --------------------------------------------------------------
// Σ|x| (NORM_L1), sqrt Σx² (NORM_L2), max|x| (NORM_INF), min|x| (NORM_NEG_INF) and the count
// of non-zeros (NORM_ZERO; NaN counts), accumulated in float64 and rounded once. NaN propagates
// through max and min, as in torch.

// @ts-ignore: decorator
@inline function normInit(mode: i32): f64 {
  return mode == NORM_NEG_INF ? Infinity : 0;
}

// @ts-ignore: decorator
@inline function normStep2(mode: i32, acc: v128, v: v128): v128 {
  switch (mode) {
    case NORM_L1: return f64x2.add(acc, f64x2.abs(v));
    case NORM_L2: return f64x2.add(acc, f64x2.mul(v, v));
    case NORM_INF: return f64x2.max(acc, f64x2.abs(v));
    case NORM_NEG_INF: return f64x2.min(acc, f64x2.abs(v));
    default: return f64x2.add(acc, v128.and(f64x2.ne(v, f64x2.splat(0)), f64x2.splat(1)));
  }
}

// @ts-ignore: decorator
@inline function normStep1(mode: i32, acc: f64, v: f64): f64 {
  switch (mode) {
    case NORM_L1: return acc + abs<f64>(v);
    case NORM_L2: return acc + v * v;
    case NORM_INF: return max<f64>(acc, abs<f64>(v));
    case NORM_NEG_INF: return min<f64>(acc, abs<f64>(v));
    default: return v != 0 ? acc + 1 : acc;
  }
}

// @ts-ignore: decorator
@inline function normAxisLoop(mode: i32, x: usize, out: usize, outer: i32, len: i32, inner: i32): void {
  const rowBytes = <usize>inner << 2;
  for (let o = 0; o < outer; o++) {
    const src = x + (<usize>o * <usize>len * rowBytes);
    const dst = out + <usize>o * rowBytes;
    let i = 0;
    for (; i + 4 <= inner; i += 4) {
      let lo = f64x2.splat(normInit(mode)), hi = f64x2.splat(normInit(mode));
      let p = src + (<usize>i << 2);
      for (let l = 0; l < len; l++) {
        const v = v128.load(p);
        lo = normStep2(mode, lo, f64x2.promote_low_f32x4(v));
        hi = normStep2(mode, hi, f64x2.promote_low_f32x4(high(v)));
        p += rowBytes;
      }
      if (mode == NORM_L2) {
        lo = f64x2.sqrt(lo);
        hi = f64x2.sqrt(hi);
      }
      v128.store(dst + (<usize>i << 2), pack(lo, hi));
    }
    for (; i < inner; i++) {
      let acc = normInit(mode);
      let p = src + (<usize>i << 2);
      for (let l = 0; l < len; l++) {
        acc = normStep1(mode, acc, <f64>load<f32>(p));
        p += rowBytes;
      }
      store<f32>(dst + (<usize>i << 2), <f32>(mode == NORM_L2 ? sqrt<f64>(acc) : acc));
    }
  }
}

export function normAxisL1(x: usize, out: usize, outer: i32, len: i32, inner: i32): void { normAxisLoop(NORM_L1, x, out, outer, len, inner); }
export function normAxisL2(x: usize, out: usize, outer: i32, len: i32, inner: i32): void { normAxisLoop(NORM_L2, x, out, outer, len, inner); }
export function normAxisInf(x: usize, out: usize, outer: i32, len: i32, inner: i32): void { normAxisLoop(NORM_INF, x, out, outer, len, inner); }
export function normAxisNegInf(x: usize, out: usize, outer: i32, len: i32, inner: i32): void { normAxisLoop(NORM_NEG_INF, x, out, outer, len, inner); }
export function normAxisZero(x: usize, out: usize, outer: i32, len: i32, inner: i32): void { normAxisLoop(NORM_ZERO, x, out, outer, len, inner); }

/** out[o, i] = the norm (mode NORM_L1, NORM_L2, NORM_INF, NORM_NEG_INF, NORM_ZERO) of x[o, :, i]. */
export function normAxis(mode: i32, x: usize, out: usize, outer: i32, len: i32, inner: i32): void {
  switch (mode) {
    case NORM_L1: normAxisL1(x, out, outer, len, inner); break;
    case NORM_L2: normAxisL2(x, out, outer, len, inner); break;
    case NORM_INF: normAxisInf(x, out, outer, len, inner); break;
    case NORM_NEG_INF: normAxisNegInf(x, out, outer, len, inner); break;
    default: assert(mode == NORM_ZERO, 'normAxis: unknown mode'); normAxisZero(x, out, outer, len, inner);
  }
}

// Reductions. A tensor reduced along one axis is viewed as [outer, len, inner]; reducing
// everything is outer = inner = 1. Sums accumulate in float64 lanes (each float32 promoted
// exactly), in a fixed order, and round once at the end: accurate to the last float32 bit for
// any practical length, and identical on every runtime. (A float32 running sum loses ~1e-4
// relative over 1e5 terms.)

// @ts-ignore: decorator
@inline function high(v: v128): v128 {
  return v128.shuffle<i32>(v, v, 2, 3, 0, 1); // lanes 2, 3 moved low, for promote_low
}

// @ts-ignore: decorator
@inline function sumContiguous(x: usize, n: i32): f64 {
  let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const p = x + (<usize>i << 2);
    const v0 = v128.load(p);
    const v1 = v128.load(p, 16);
    a0 = f64x2.add(a0, f64x2.promote_low_f32x4(v0));
    a1 = f64x2.add(a1, f64x2.promote_low_f32x4(high(v0)));
    a2 = f64x2.add(a2, f64x2.promote_low_f32x4(v1));
    a3 = f64x2.add(a3, f64x2.promote_low_f32x4(high(v1)));
  }
  const s = f64x2.add(f64x2.add(a0, a1), f64x2.add(a2, a3));
  let total = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  for (; i < n; i++) total += <f64>load<f32>(x + (<usize>i << 2));
  return total;
}

/**
 * The sum of n floats divided by `divisor` (1 for a sum, n for a mean): accumulated in float64
 * and rounded to float32 once, so a mean of large values does not overflow where it is finite.
 */
export function sumAll(x: usize, n: i32, divisor: f64): f32 {
  return <f32>(sumContiguous(x, n) / divisor);
}

/** The sum of squares of n floats (for norms), in float64 like sumAll. */
export function sumSquares(x: usize, n: i32): f64 {
  let a0 = f64x2.splat(0), a1 = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(x + (<usize>i << 2));
    const lo = f64x2.promote_low_f32x4(v);
    const hi = f64x2.promote_low_f32x4(high(v));
    a0 = f64x2.add(a0, f64x2.mul(lo, lo));
    a1 = f64x2.add(a1, f64x2.mul(hi, hi));
  }
  const s = f64x2.add(a0, a1);
  let total = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  for (; i < n; i++) {
    const v = <f64>load<f32>(x + (<usize>i << 2));
    total += v * v;
  }
  return total;
}

/**
 * out[o, i] = (sum over l of x[o, l, i]) / divisor, accumulated in float64 (see sumContiguous)
 * and rounded once; divisor is 1 for a sum, len for a mean (exact, so a sum's bits are unchanged).
 */
export function sumAxis(x: usize, out: usize, outer: i32, len: i32, inner: i32, divisor: f64): void {
  if (inner == 1) {
    for (let o = 0; o < outer; o++) {
      store<f32>(out + (<usize>o << 2), <f32>(sumContiguous(x + (<usize>(o * len) << 2), len) / divisor));
    }
    return;
  }
  const dv = f64x2.splat(divisor);
  const rowBytes = <usize>inner << 2;
  for (let o = 0; o < outer; o++) {
    const dst = out + (<usize>(o * inner) << 2);
    const src = x + (<usize>(o * len * inner) << 2);
    // Sixteen columns (a cache line) at a time, down all len rows, in eight f64x2 accumulators;
    // then four at a time; then one.
    let i = 0;
    for (; i + 16 <= inner; i += 16) {
      let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
      let a4 = f64x2.splat(0), a5 = f64x2.splat(0), a6 = f64x2.splat(0), a7 = f64x2.splat(0);
      let p = src + (<usize>i << 2);
      for (let l = 0; l < len; l++) {
        const v0 = v128.load(p), v1 = v128.load(p, 16), v2 = v128.load(p, 32), v3 = v128.load(p, 48);
        a0 = f64x2.add(a0, f64x2.promote_low_f32x4(v0));
        a1 = f64x2.add(a1, f64x2.promote_low_f32x4(high(v0)));
        a2 = f64x2.add(a2, f64x2.promote_low_f32x4(v1));
        a3 = f64x2.add(a3, f64x2.promote_low_f32x4(high(v1)));
        a4 = f64x2.add(a4, f64x2.promote_low_f32x4(v2));
        a5 = f64x2.add(a5, f64x2.promote_low_f32x4(high(v2)));
        a6 = f64x2.add(a6, f64x2.promote_low_f32x4(v3));
        a7 = f64x2.add(a7, f64x2.promote_low_f32x4(high(v3)));
        p += rowBytes;
      }
      const q = dst + (<usize>i << 2);
      v128.store(q, v128.shuffle<i32>(f32x4.demote_f64x2_zero(f64x2.div(a0, dv)), f32x4.demote_f64x2_zero(f64x2.div(a1, dv)), 0, 1, 4, 5));
      v128.store(q, v128.shuffle<i32>(f32x4.demote_f64x2_zero(f64x2.div(a2, dv)), f32x4.demote_f64x2_zero(f64x2.div(a3, dv)), 0, 1, 4, 5), 16);
      v128.store(q, v128.shuffle<i32>(f32x4.demote_f64x2_zero(f64x2.div(a4, dv)), f32x4.demote_f64x2_zero(f64x2.div(a5, dv)), 0, 1, 4, 5), 32);
      v128.store(q, v128.shuffle<i32>(f32x4.demote_f64x2_zero(f64x2.div(a6, dv)), f32x4.demote_f64x2_zero(f64x2.div(a7, dv)), 0, 1, 4, 5), 48);
    }
    for (; i + 4 <= inner; i += 4) {
      let lo = f64x2.splat(0), hi = f64x2.splat(0);
      let p = src + (<usize>i << 2);
      for (let l = 0; l < len; l++) {
        const v = v128.load(p);
        lo = f64x2.add(lo, f64x2.promote_low_f32x4(v));
        hi = f64x2.add(hi, f64x2.promote_low_f32x4(high(v)));
        p += rowBytes;
      }
      const r = v128.shuffle<i32>(f32x4.demote_f64x2_zero(f64x2.div(lo, dv)), f32x4.demote_f64x2_zero(f64x2.div(hi, dv)), 0, 1, 4, 5);
      v128.store(dst + (<usize>i << 2), r);
    }
    for (; i < inner; i++) {
      let total: f64 = 0;
      let p = src + (<usize>i << 2);
      for (let l = 0; l < len; l++) {
        total += <f64>load<f32>(p);
        p += rowBytes;
      }
      store<f32>(dst + (<usize>i << 2), <f32>(total / divisor));
    }
  }
}

// @ts-ignore: decorator
@inline function extremeAxis(isMax: bool, x: usize, out: usize, outer: i32, len: i32, inner: i32): void {
  for (let o = 0; o < outer; o++) {
    const dst = out + (<usize>(o * inner) << 2);
    const src = x + (<usize>(o * len * inner) << 2);
    memory.copy(dst, src, <usize>inner << 2);
    for (let l = 1; l < len; l++) {
      const row = src + (<usize>(l * inner) << 2);
      let i = 0;
      for (; i + 4 <= inner; i += 4) {
        const q = <usize>i << 2;
        const a = v128.load(dst + q), b = v128.load(row + q);
        v128.store(dst + q, isMax ? f32x4.max(a, b) : f32x4.min(a, b));
      }
      for (; i < inner; i++) {
        const q = <usize>i << 2;
        const a = load<f32>(dst + q), b = load<f32>(row + q);
        store<f32>(dst + q, a != a || b != b ? NaN : (isMax ? (b > a ? b : a) : (b < a ? b : a)));
      }
    }
  }
}

/** out[o, i] = max over l of x[o, l, i] (NaN if any is NaN). len must be >= 1. */
export function maxAxis(x: usize, out: usize, outer: i32, len: i32, inner: i32): void {
  extremeAxis(true, x, out, outer, len, inner);
}

/** out[o, i] = min over l of x[o, l, i] (NaN if any is NaN). len must be >= 1. */
export function minAxis(x: usize, out: usize, outer: i32, len: i32, inner: i32): void {
  extremeAxis(false, x, out, outer, len, inner);
}

/** out[o, i] = the first l at which x[o, l, i] is largest (a NaN counts as largest), as f32. */
export function argmaxAxis(x: usize, out: usize, outer: i32, len: i32, inner: i32): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = x + (<usize>(o * len * inner + i) << 2);
      let best = load<f32>(base);
      let at = 0;
      for (let l = 1; l < len && best == best; l++) {
        const v = load<f32>(base + (<usize>(l * inner) << 2));
        if (v > best || v != v) { best = v; at = l; }
      }
      store<f32>(out + (<usize>(o * inner + i) << 2), <f32>at);
    }
  }
}

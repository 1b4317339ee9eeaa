// Reductions. A tensor reduced along one axis is viewed as [outer, len, inner]; reducing
// everything is outer = inner = 1. Sums run in a fixed order: four f32x4 accumulators over
// blocks of 256 elements, each block's partial then added into an f64 total, so results are
// accurate and identical on every runtime.

const BLOCK = 256;

// @ts-ignore: decorator
@inline function sumContiguous(x: usize, n: i32): f64 {
  let total: f64 = 0;
  let i = 0;
  while (i + 16 <= n) {
    const end = min(n - ((n - i) & 15), i + BLOCK);
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
    for (; i < end; i += 16) {
      const p = x + (<usize>i << 2);
      s0 = f32x4.add(s0, v128.load(p));
      s1 = f32x4.add(s1, v128.load(p, 16));
      s2 = f32x4.add(s2, v128.load(p, 32));
      s3 = f32x4.add(s3, v128.load(p, 48));
    }
    const s = f32x4.add(f32x4.add(s0, s1), f32x4.add(s2, s3));
    total += <f64>f32x4.extract_lane(s, 0) + <f64>f32x4.extract_lane(s, 1)
      + <f64>f32x4.extract_lane(s, 2) + <f64>f32x4.extract_lane(s, 3);
  }
  for (; i < n; i++) total += <f64>load<f32>(x + (<usize>i << 2));
  return total;
}

/** The sum of n floats. */
export function sumAll(x: usize, n: i32): f32 {
  return <f32>sumContiguous(x, n);
}

/** The sum of squares of n floats (for norms), accumulated like sumAll. */
export function sumSquares(x: usize, n: i32): f64 {
  let total: f64 = 0;
  let i = 0;
  while (i + 4 <= n) {
    const end = min(n - ((n - i) & 3), i + BLOCK);
    let s = f32x4.splat(0);
    for (; i < end; i += 4) {
      const v = v128.load(x + (<usize>i << 2));
      s = f32x4.add(s, f32x4.mul(v, v));
    }
    total += <f64>f32x4.extract_lane(s, 0) + <f64>f32x4.extract_lane(s, 1)
      + <f64>f32x4.extract_lane(s, 2) + <f64>f32x4.extract_lane(s, 3);
  }
  for (; i < n; i++) {
    const v = load<f32>(x + (<usize>i << 2));
    total += <f64>(v * v);
  }
  return total;
}

/** out[o, i] = sum over l of x[o, l, i]. */
export function sumAxis(x: usize, out: usize, outer: i32, len: i32, inner: i32): void {
  if (inner == 1) {
    for (let o = 0; o < outer; o++) {
      store<f32>(out + (<usize>o << 2), <f32>sumContiguous(x + (<usize>(o * len) << 2), len));
    }
    return;
  }
  for (let o = 0; o < outer; o++) {
    const dst = out + (<usize>(o * inner) << 2);
    const src = x + (<usize>(o * len * inner) << 2);
    memory.fill(dst, 0, <usize>inner << 2);
    for (let l = 0; l < len; l++) {
      const row = src + (<usize>(l * inner) << 2);
      let i = 0;
      for (; i + 4 <= inner; i += 4) {
        const q = <usize>i << 2;
        v128.store(dst + q, f32x4.add(v128.load(dst + q), v128.load(row + q)));
      }
      for (; i < inner; i++) {
        const q = <usize>i << 2;
        store<f32>(dst + q, load<f32>(dst + q) + load<f32>(row + q));
      }
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

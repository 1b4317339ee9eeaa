// Softmax family over one axis of a tensor viewed as [outer, len, inner], numerically stable
// (the row maximum is subtracted before exponentiating), and the fused cross-entropy.
import { log32 } from './math';
import { rowMax, expShiftedSum, softmaxInto, laneSum } from './rows';

// @ts-ignore: decorator
// out = (x - m) - s. Subtracting the maximum first keeps the result accurate when |x| is large:
// x - (m + s) would round m + s to the coarse grid of m (an error of ~5e-4 at m = 1e4).
@inline function subRow(x: usize, out: usize, len: i32, m: f32, s: f32): void {
  const mv = f32x4.splat(m);
  const sv = f32x4.splat(s);
  let i = 0;
  for (; i + 4 <= len; i += 4) {
    const q = <usize>i << 2;
    v128.store(out + q, f32x4.sub(f32x4.sub(v128.load(x + q), mv), sv));
  }
  for (; i < len; i++) {
    const q = <usize>i << 2;
    store<f32>(out + q, (load<f32>(x + q) - m) - s);
  }
}

// Strided (inner > 1) rows: gather a column into `tmp` (len floats), work, scatter back.
// @ts-ignore: decorator
@inline function gather(x: usize, tmp: usize, len: i32, inner: i32): void {
  for (let l = 0; l < len; l++) store<f32>(tmp + (<usize>l << 2), load<f32>(x + (<usize>(l * inner) << 2)));
}
// @ts-ignore: decorator
@inline function scatter(tmp: usize, out: usize, len: i32, inner: i32): void {
  for (let l = 0; l < len; l++) store<f32>(out + (<usize>(l * inner) << 2), load<f32>(tmp + (<usize>l << 2)));
}

const MODE_SOFTMAX = 0;
const MODE_LOG_SOFTMAX = 1;

// @ts-ignore: decorator
@inline function softmaxRow(mode: i32, x: usize, out: usize, len: i32): void {
  const m = rowMax(x, len);
  if (mode == MODE_SOFTMAX) {
    softmaxInto(x, out, len, m);
  } else {
    const s = expShiftedSum(x, out, len, m);
    subRow(x, out, len, m, log32(s));
  }
}

// @ts-ignore: decorator
@inline function softmaxAny(mode: i32, x: usize, out: usize, outer: i32, len: i32, inner: i32, tmp: usize): void {
  for (let o = 0; o < outer; o++) {
    const base = <usize>(o * len * inner) << 2;
    if (inner == 1) {
      softmaxRow(mode, x + base, out + base, len);
    } else {
      for (let i = 0; i < inner; i++) {
        const col = base + (<usize>i << 2);
        const result = tmp + (<usize>len << 2);
        gather(x + col, tmp, len, inner);
        softmaxRow(mode, tmp, result, len);
        scatter(result, out + col, len, inner);
      }
    }
  }
}

/** Softmax along the middle axis of [outer, len, inner]. `tmp` holds 2·len floats when inner > 1. */
export function softmaxAxis(x: usize, out: usize, outer: i32, len: i32, inner: i32, tmp: usize): void {
  softmaxAny(MODE_SOFTMAX, x, out, outer, len, inner, tmp);
}

/** log(softmax(x)) along the middle axis, computed as x - max - log(sum(exp(x - max))). */
export function logSoftmaxAxis(x: usize, out: usize, outer: i32, len: i32, inner: i32, tmp: usize): void {
  softmaxAny(MODE_LOG_SOFTMAX, x, out, outer, len, inner, tmp);
}

/** out[o, i] = log(sum over l of exp(x[o, l, i])), stable. `tmp` holds len floats. */
export function logSumExpAxis(x: usize, out: usize, outer: i32, len: i32, inner: i32, tmp: usize): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const src = x + (<usize>(o * len * inner + i) << 2);
      let row = src;
      if (inner != 1) {
        gather(src, tmp, len, inner);
        row = tmp;
      }
      const m = rowMax(row, len);
      let result: f32 = m;
      if (m != -Infinity && m != Infinity && m == m) result = m + log32(expShiftedSum(row, tmp, len, m));
      store<f32>(out + (<usize>(o * inner + i) << 2), result);
    }
  }
}

/**
 * The attention softmax, fused: for each row r in [rowStart, rowEnd) of rows of length `len`,
 *   out = softmax(scale·x + mask_row), over the allowed prefix when causal.
 * mask (0 = none) holds additive rows of `len` floats; row r reads mask row (r / maskDiv) % maskMod,
 * which covers a mask shared by all rows ([L, S]), one per batch ([B, S] key padding) or one per
 * row. causalLen > 0 makes row r a query at position i = r % causalLen that sees keys 0..i only:
 * the rest of the row is written 0 and never read (the mask is not materialised). A row whose
 * every allowed entry is -Infinity gives NaN, as torch 1.13 does. Rows are independent, so any
 * split of the range over threads gives the same bits.
 */
export function maskedSoftmaxForward(x: usize, mask: usize, out: usize, len: i32, scale: f32,
  maskDiv: i32, maskMod: i32, causalLen: i32, rowStart: i32, rowEnd: i32): void {
  const sv = f32x4.splat(scale);
  for (let r = rowStart; r < rowEnd; r++) {
    const off = <usize>r * <usize>len << 2;
    const n = causalLen > 0 ? min(len, r % causalLen + 1) : len;
    const src = x + off;
    const dst = out + off;
    const m = mask == 0 ? 0 : mask + ((<usize>((r / maskDiv) % maskMod) * <usize>len) << 2);
    let i = 0;
    if (m == 0) {
      for (; i + 4 <= n; i += 4) v128.store(dst + (<usize>i << 2), f32x4.mul(v128.load(src + (<usize>i << 2)), sv));
      for (; i < n; i++) store<f32>(dst + (<usize>i << 2), load<f32>(src + (<usize>i << 2)) * scale);
    } else {
      for (; i + 4 <= n; i += 4) {
        const q = <usize>i << 2;
        v128.store(dst + q, f32x4.add(f32x4.mul(v128.load(src + q), sv), v128.load(m + q)));
      }
      for (; i < n; i++) {
        const q = <usize>i << 2;
        store<f32>(dst + q, load<f32>(src + q) * scale + load<f32>(m + q));
      }
    }
    const top = rowMax(dst, n);
    softmaxInto(dst, dst, n, top);
    if (n < len) memory.fill(dst + (<usize>n << 2), 0, <usize>(len - n) << 2);
  }
}

/**
 * The backward of maskedSoftmaxForward: given y = its output and g = dL/dy, per row r in
 * [rowStart, rowEnd)
 *   out = scale · y ⊙ (g − Σ g⊙y)
 * (the gradient of the scores; scale = 1 gives the mask's gradient). Σ g⊙y is summed in a fixed
 * order (four lanes, then the tail). Entries outside the causal prefix have y = 0, so they get 0.
 */
export function maskedSoftmaxBackward(y: usize, g: usize, out: usize, len: i32, scale: f32, rowStart: i32, rowEnd: i32): void {
  const sv = f32x4.splat(scale);
  for (let r = rowStart; r < rowEnd; r++) {
    const off = <usize>r * <usize>len << 2;
    const yr = y + off;
    const gr = g + off;
    const dst = out + off;
    let acc = f32x4.splat(0);
    let i = 0;
    for (; i + 4 <= len; i += 4) {
      const q = <usize>i << 2;
      acc = f32x4.add(acc, f32x4.mul(v128.load(yr + q), v128.load(gr + q)));
    }
    let dot = laneSum(acc);
    for (; i < len; i++) dot += load<f32>(yr + (<usize>i << 2)) * load<f32>(gr + (<usize>i << 2));
    const dv = f32x4.splat(dot);
    i = 0;
    for (; i + 4 <= len; i += 4) {
      const q = <usize>i << 2;
      v128.store(dst + q, f32x4.mul(f32x4.mul(v128.load(yr + q), f32x4.sub(v128.load(gr + q), dv)), sv));
    }
    for (; i < len; i++) {
      const q = <usize>i << 2;
      store<f32>(dst + q, load<f32>(yr + q) * (load<f32>(gr + q) - dot) * scale);
    }
  }
}

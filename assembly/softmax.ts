// Softmax family over one axis of a tensor viewed as [outer, len, inner], numerically stable
// (the row maximum is subtracted before exponentiating), and the fused cross-entropy.
import { exp32, exp32x4, log32 } from './math';

// @ts-ignore: decorator
@inline function rowMax(x: usize, len: i32): f32 {
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
@inline function expShiftedSum(x: usize, out: usize, len: i32, shift: f32): f32 {
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
@inline function scaleRow(out: usize, len: i32, factor: f32): void {
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
    const s = expShiftedSum(x, out, len, m);
    scaleRow(out, len, 1 / s);
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
 * Cross-entropy of `rows` rows of logits against class indices (i32), fused and stable:
 * probs = softmax(logits) is written for the backward pass; returns the sum over rows of
 * -log softmax(logits)[target]. Targets must be in range (checked by the caller).
 */
export function crossEntropyForward(logits: usize, targets: usize, probs: usize, rows: i32, classes: i32): f64 {
  let total: f64 = 0;
  for (let r = 0; r < rows; r++) {
    const off = <usize>(r * classes) << 2;
    const m = rowMax(logits + off, classes);
    const s = expShiftedSum(logits + off, probs + off, classes, m);
    scaleRow(probs + off, classes, 1 / s);
    const t = load<i32>(targets + (<usize>r << 2));
    total += <f64>((m - load<f32>(logits + off + (<usize>t << 2))) + log32(s));
  }
  return total;
}

/** grad = (probs - onehot(targets)) * scale, for all rows. */
export function crossEntropyBackward(probs: usize, targets: usize, grad: usize, rows: i32, classes: i32, scale: f32): void {
  const n = rows * classes;
  const sv = f32x4.splat(scale);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const q = <usize>i << 2;
    v128.store(grad + q, f32x4.mul(v128.load(probs + q), sv));
  }
  for (; i < n; i++) {
    const q = <usize>i << 2;
    store<f32>(grad + q, load<f32>(probs + q) * scale);
  }
  for (let r = 0; r < rows; r++) {
    const q = <usize>(r * classes + load<i32>(targets + (<usize>r << 2))) << 2;
    store<f32>(grad + q, load<f32>(grad + q) - scale);
  }
}

// ---- cross-entropy with class weights, label smoothing and ignored rows ----------------------
// For a row with logits x, p = softmax(x), log p_c = (x_c - m) - log s (m the row maximum,
// s = sum exp(x - m)), target t, class weights w (all 1 without them), W = sum_c w_c, C classes
// and smoothing e:
//   loss = (1 - e)·w_t·(-log p_t) + (e/C)·sum_c w_c·(-log p_c)
//   dloss/dx_c = ((1 - e)·w_t + (e/C)·W)·p_c - (e/C)·w_c - (1 - e)·w_t·[c = t]
// A target of -1 marks an ignored row: loss 0, gradient 0.

// Sum over c of w_c·(x_c - m), or of (x_c - m) when weights = 0.
// @ts-ignore: decorator
@inline function weightedShiftedSum(x: usize, weights: usize, len: i32, m: f32): f32 {
  const mv = f32x4.splat(m);
  let acc = f32x4.splat(0);
  let i = 0;
  if (weights == 0) {
    for (; i + 4 <= len; i += 4) acc = f32x4.add(acc, f32x4.sub(v128.load(x + (<usize>i << 2)), mv));
  } else {
    for (; i + 4 <= len; i += 4) {
      const q = <usize>i << 2;
      acc = f32x4.add(acc, f32x4.mul(v128.load(weights + q), f32x4.sub(v128.load(x + q), mv)));
    }
  }
  let sum = (f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1))
    + (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
  for (; i < len; i++) {
    const w: f32 = weights == 0 ? 1 : load<f32>(weights + (<usize>i << 2));
    sum += w * (load<f32>(x + (<usize>i << 2)) - m);
  }
  return sum;
}

/**
 * Per-row cross-entropy against class indices (i32, -1 = ignored), with optional class
 * `weights` (0 for none; `weightSum` is their sum, or `classes`) and label smoothing.
 * Writes softmax(logits) to `probs` and each row's loss to `losses`.
 */
export function crossEntropyRows(logits: usize, targets: usize, weights: usize, weightSum: f32, smoothing: f32,
  probs: usize, losses: usize, rows: i32, classes: i32): void {
  const spread = smoothing / <f32>classes;
  for (let r = 0; r < rows; r++) {
    const off = <usize>(r * classes) << 2;
    const m = rowMax(logits + off, classes);
    const s = expShiftedSum(logits + off, probs + off, classes, m);
    scaleRow(probs + off, classes, 1 / s);
    const t = load<i32>(targets + (<usize>r << 2));
    let loss: f32 = 0;
    if (t >= 0) {
      const logS = log32(s);
      const wt: f32 = weights == 0 ? 1 : load<f32>(weights + (<usize>t << 2));
      const nll = (m - load<f32>(logits + off + (<usize>t << 2))) + logS;
      loss = (<f32>1 - smoothing) * wt * nll;
      if (smoothing != 0) loss += spread * (weightSum * logS - weightedShiftedSum(logits + off, weights, classes, m));
    }
    store<f32>(losses + (<usize>r << 2), loss);
  }
}

/**
 * The gradient of crossEntropyRows: row r is scaled by scales[r·scaleStride] (stride 0: one
 * scale for every row, the mean or sum reductions).
 */
export function crossEntropyRowsBackward(probs: usize, targets: usize, weights: usize, weightSum: f32, smoothing: f32,
  scales: usize, scaleStride: i32, grad: usize, rows: i32, classes: i32): void {
  const spread = smoothing / <f32>classes;
  for (let r = 0; r < rows; r++) {
    const off = <usize>(r * classes) << 2;
    const t = load<i32>(targets + (<usize>r << 2));
    const g = load<f32>(scales + (<usize>(r * scaleStride) << 2));
    if (t < 0) {
      memory.fill(grad + off, 0, <usize>classes << 2);
      continue;
    }
    const wt: f32 = weights == 0 ? 1 : load<f32>(weights + (<usize>t << 2));
    const a = (<f32>1 - smoothing) * wt;
    const pv = f32x4.splat((a + spread * weightSum) * g);
    const sv = f32x4.splat(spread * g);
    let i = 0;
    if (weights == 0) {
      for (; i + 4 <= classes; i += 4) {
        const q = off + (<usize>i << 2);
        v128.store(grad + q, f32x4.sub(f32x4.mul(v128.load(probs + q), pv), sv));
      }
    } else {
      for (; i + 4 <= classes; i += 4) {
        const q = off + (<usize>i << 2);
        const wq = <usize>i << 2;
        v128.store(grad + q, f32x4.sub(f32x4.mul(v128.load(probs + q), pv), f32x4.mul(v128.load(weights + wq), sv)));
      }
    }
    const pc = (a + spread * weightSum) * g;
    const sc = spread * g;
    for (; i < classes; i++) {
      const q = off + (<usize>i << 2);
      const w: f32 = weights == 0 ? 1 : load<f32>(weights + (<usize>i << 2));
      store<f32>(grad + q, load<f32>(probs + q) * pc - w * sc);
    }
    const qt = off + (<usize>t << 2);
    store<f32>(grad + qt, load<f32>(grad + qt) - a * g);
  }
}

// With class probabilities q (rows of `targets`), smoothed to q' = (1 - e)·q + e/C:
//   loss = -sum_c w_c·q'_c·log p_c,   dloss/dx_c = p_c·sum_k w_k·q'_k - w_c·q'_c

/** Per-row cross-entropy against class probabilities; writes softmax(logits) and the losses. */
export function crossEntropySoftRows(logits: usize, targets: usize, weights: usize, smoothing: f32,
  probs: usize, losses: usize, rows: i32, classes: i32): void {
  const spread = smoothing / <f32>classes;
  for (let r = 0; r < rows; r++) {
    const off = <usize>(r * classes) << 2;
    const m = rowMax(logits + off, classes);
    const s = expShiftedSum(logits + off, probs + off, classes, m);
    scaleRow(probs + off, classes, 1 / s);
    const logS = log32(s);
    let loss: f32 = 0;
    for (let c = 0; c < classes; c++) {
      const q = off + (<usize>c << 2);
      const w: f32 = weights == 0 ? 1 : load<f32>(weights + (<usize>c << 2));
      const target = (<f32>1 - smoothing) * load<f32>(targets + q) + spread;
      loss += w * target * (logS - (load<f32>(logits + q) - m));
    }
    store<f32>(losses + (<usize>r << 2), loss);
  }
}

/** The gradient of crossEntropySoftRows with respect to the logits, rows scaled as above. */
export function crossEntropySoftRowsBackward(probs: usize, targets: usize, weights: usize, smoothing: f32,
  scales: usize, scaleStride: i32, grad: usize, rows: i32, classes: i32): void {
  const spread = smoothing / <f32>classes;
  for (let r = 0; r < rows; r++) {
    const off = <usize>(r * classes) << 2;
    const g = load<f32>(scales + (<usize>(r * scaleStride) << 2));
    let mass: f32 = 0;
    for (let c = 0; c < classes; c++) {
      const w: f32 = weights == 0 ? 1 : load<f32>(weights + (<usize>c << 2));
      mass += w * ((<f32>1 - smoothing) * load<f32>(targets + off + (<usize>c << 2)) + spread);
    }
    for (let c = 0; c < classes; c++) {
      const q = off + (<usize>c << 2);
      const w: f32 = weights == 0 ? 1 : load<f32>(weights + (<usize>c << 2));
      const target = (<f32>1 - smoothing) * load<f32>(targets + q) + spread;
      store<f32>(grad + q, (load<f32>(probs + q) * mass - w * target) * g);
    }
  }
}

/** Per-row negative log-likelihood: losses[r] = -w_t·logProbs[r, t] (0 for a target of -1). */
export function nllRows(logProbs: usize, targets: usize, weights: usize, losses: usize, rows: i32, classes: i32): void {
  for (let r = 0; r < rows; r++) {
    const t = load<i32>(targets + (<usize>r << 2));
    let loss: f32 = 0;
    if (t >= 0) {
      const wt: f32 = weights == 0 ? 1 : load<f32>(weights + (<usize>t << 2));
      loss = -wt * load<f32>(logProbs + (<usize>(r * classes + t) << 2));
    }
    store<f32>(losses + (<usize>r << 2), loss);
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
    scaleRow(dst, n, 1 / expShiftedSum(dst, dst, n, top));
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
    let dot = (f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1))
      + (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
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

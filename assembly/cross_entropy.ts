// The fused cross-entropies of d.nn.functional: against class indices (with class weights,
// label smoothing and ignored rows), against class probabilities, and the negative
// log-likelihood. Each writes softmax(logits) for the backward pass and one loss per row.
import { log32, log32x4 } from './math';
import { rowMax, softmaxInto, softmaxInto4, laneSum } from './rows';

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
  let sum = laneSum(acc);
  for (; i < len; i++) {
    const w: f32 = weights == 0 ? 1 : load<f32>(weights + (<usize>i << 2));
    sum += w * (load<f32>(x + (<usize>i << 2)) - m);
  }
  return sum;
}

// Row r's loss from its maximum m and logS = log sum exp(x - m); 0 for an ignored row.
// @ts-ignore: decorator
@inline function indexRowLoss(logits: usize, targets: usize, weights: usize, weightSum: f32, smoothing: f32, spread: f32,
  r: i32, classes: i32, m: f32, logS: f32): f32 {
  const off = <usize>(r * classes) << 2;
  const t = load<i32>(targets + (<usize>r << 2));
  if (t < 0) return 0;
  const wt: f32 = weights == 0 ? 1 : load<f32>(weights + (<usize>t << 2));
  const nll = (m - load<f32>(logits + off + (<usize>t << 2))) + logS;
  let loss = (<f32>1 - smoothing) * wt * nll;
  if (smoothing != 0) loss += spread * (weightSum * logS - weightedShiftedSum(logits + off, weights, classes, m));
  return loss;
}

/**
 * Per-row cross-entropy against class indices (i32, -1 = ignored), with optional class
 * `weights` (0 for none; `weightSum` is their sum, or `classes`) and label smoothing.
 * Writes softmax(logits) to `probs` and each row's loss to `losses`. Four rows at a time go
 * through softmaxInto4 and log32x4 (the bits of softmaxInto and log32 row by row).
 */
export function crossEntropyRows(logits: usize, targets: usize, weights: usize, weightSum: f32, smoothing: f32,
  probs: usize, losses: usize, rows: i32, classes: i32): void {
  const spread = smoothing / <f32>classes;
  const ld = <usize>classes << 2;
  // First the softmax and logS = log s of every row (kept in losses), then the losses.
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const row = logits + <usize>r * ld;
    const m0 = rowMax(row, classes);
    const m1 = rowMax(row + ld, classes);
    const m2 = rowMax(row + 2 * ld, classes);
    const m3 = rowMax(row + 3 * ld, classes);
    const mv = f32x4.replace_lane(f32x4.replace_lane(f32x4.replace_lane(f32x4.splat(m0), 1, m1), 2, m2), 3, m3);
    v128.store(losses + (<usize>r << 2), log32x4(softmaxInto4(row, probs + <usize>r * ld, classes, mv)));
  }
  for (; r < rows; r++) {
    const row = logits + <usize>r * ld;
    store<f32>(losses + (<usize>r << 2), log32(softmaxInto(row, probs + <usize>r * ld, classes, rowMax(row, classes))));
  }
  for (r = 0; r < rows; r++) {
    const at = losses + (<usize>r << 2);
    const m = rowMax(logits + <usize>r * ld, classes);
    store<f32>(at, indexRowLoss(logits, targets, weights, weightSum, smoothing, spread, r, classes, m, load<f32>(at)));
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

// w·q' for four classes at byte offset o, q' = keep·q + spread (the smoothed target), w = 1 without weights.
// @ts-ignore: decorator
@inline function smoothedTarget4(q: usize, weights: usize, o: usize, keep: v128, spread: v128): v128 {
  const t = f32x4.add(f32x4.mul(keep, v128.load(q + o)), spread);
  return weights == 0 ? t : f32x4.mul(v128.load(weights + o), t);
}

// The same for one class.
// @ts-ignore: decorator
@inline function smoothedTarget1(q: usize, weights: usize, o: usize, keep: f32, spread: f32): f32 {
  const t = keep * load<f32>(q + o) + spread;
  return weights == 0 ? t : load<f32>(weights + o) * t;
}

// Sum over c of w_c·q'_c·(logS - (x_c - m)): a row's loss against class probabilities q.
// @ts-ignore: decorator
@inline function softTargetRowLoss(x: usize, q: usize, weights: usize, len: i32, m: f32, logS: f32, keep: f32, spread: f32): f32 {
  const mv = f32x4.splat(m);
  const lv = f32x4.splat(logS);
  const kv = f32x4.splat(keep);
  const ev = f32x4.splat(spread);
  let acc = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= len; i += 4) {
    const o = <usize>i << 2;
    acc = f32x4.add(acc, f32x4.mul(smoothedTarget4(q, weights, o, kv, ev), f32x4.sub(lv, f32x4.sub(v128.load(x + o), mv))));
  }
  let sum = laneSum(acc);
  for (; i < len; i++) {
    const o = <usize>i << 2;
    sum += smoothedTarget1(q, weights, o, keep, spread) * (logS - (load<f32>(x + o) - m));
  }
  return sum;
}

// Sum over c of w_c·q'_c: the target mass the backward pass multiplies the probabilities by.
// @ts-ignore: decorator
@inline function softTargetMass(q: usize, weights: usize, len: i32, keep: f32, spread: f32): f32 {
  const kv = f32x4.splat(keep);
  const ev = f32x4.splat(spread);
  let acc = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= len; i += 4) acc = f32x4.add(acc, smoothedTarget4(q, weights, <usize>i << 2, kv, ev));
  let sum = laneSum(acc);
  for (; i < len; i++) sum += smoothedTarget1(q, weights, <usize>i << 2, keep, spread);
  return sum;
}

/** Per-row cross-entropy against class probabilities; writes softmax(logits) and the losses. */
export function crossEntropySoftRows(logits: usize, targets: usize, weights: usize, smoothing: f32,
  probs: usize, losses: usize, rows: i32, classes: i32): void {
  const keep = <f32>1 - smoothing;
  const spread = smoothing / <f32>classes;
  for (let r = 0; r < rows; r++) {
    const off = <usize>(r * classes) << 2;
    const m = rowMax(logits + off, classes);
    const logS = log32(softmaxInto(logits + off, probs + off, classes, m));
    const loss = softTargetRowLoss(logits + off, targets + off, weights, classes, m, logS, keep, spread);
    store<f32>(losses + (<usize>r << 2), loss);
  }
}

/** The gradient of crossEntropySoftRows with respect to the logits, rows scaled as above. */
export function crossEntropySoftRowsBackward(probs: usize, targets: usize, weights: usize, smoothing: f32,
  scales: usize, scaleStride: i32, grad: usize, rows: i32, classes: i32): void {
  const keep = <f32>1 - smoothing;
  const spread = smoothing / <f32>classes;
  const kv = f32x4.splat(keep);
  const ev = f32x4.splat(spread);
  for (let r = 0; r < rows; r++) {
    const off = <usize>(r * classes) << 2;
    const g = load<f32>(scales + (<usize>(r * scaleStride) << 2));
    const mass = softTargetMass(targets + off, weights, classes, keep, spread);
    // grad_c = (p_c·mass - w_c·q'_c)·g
    const mv = f32x4.splat(mass);
    const gv = f32x4.splat(g);
    let c = 0;
    for (; c + 4 <= classes; c += 4) {
      const o = <usize>c << 2;
      const t = smoothedTarget4(targets + off, weights, o, kv, ev);
      v128.store(grad + off + o, f32x4.mul(f32x4.sub(f32x4.mul(v128.load(probs + off + o), mv), t), gv));
    }
    for (; c < classes; c++) {
      const o = <usize>c << 2;
      store<f32>(grad + off + o, (load<f32>(probs + off + o) * mass - smoothedTarget1(targets + off, weights, o, keep, spread)) * g);
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

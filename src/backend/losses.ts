// The fused losses: cross-entropy and nll over rows of class scores (assembly/softmax.ts) and
// binary cross-entropy on logits (assembly/losses.ts). Class indices (-1 = ignored) and class
// weights are copied into kernel memory for the call; a null weight is "all ones".
import { K } from './instance.js';
import { alloc, free, heapF32, heapI32 } from './memory.js';
import type { Block } from './data.js';

// Copies values (class indices as int32, or float32 weights) into kernel memory for fn's call; null passes 0.
function withCopy<T>(values: ArrayLike<number> | null, heap: () => Int32Array | Float32Array, fn: (ptr: number) => T): T {
  if (values === null) return fn(0);
  const ptr = alloc(Math.max(4, values.length * 4));
  const view = heap();
  const at = ptr >>> 2;
  // An element loop: TypedArray.set from a plain array takes a slow generic path.
  for (let i = 0; i < values.length; i++) view[at + i] = values[i];
  try {
    return fn(ptr);
  } finally {
    free(ptr);
  }
}

/** Per-row cross-entropy (weights, smoothing); writes softmax to probs and the row losses. */
export function crossEntropyRows(logits: Block, targets: ArrayLike<number>, weights: Float32Array | null, weightSum: number,
  smoothing: number, probs: Block, losses: Block, rows: number, classes: number): void {
  withCopy(targets, heapI32, (t) => withCopy(weights, heapF32, (w) =>
    K.crossEntropyRows(logits.ptr, t, w, weightSum, smoothing, probs.ptr, losses.ptr, rows, classes)));
}

/** The gradient of crossEntropyRows, row r scaled by scale[r·scaleStride]. */
export function crossEntropyRowsBackward(probs: Block, targets: ArrayLike<number>, weights: Float32Array | null, weightSum: number,
  smoothing: number, scale: Block, scaleStride: number, grad: Block, rows: number, classes: number): void {
  withCopy(targets, heapI32, (t) => withCopy(weights, heapF32, (w) =>
    K.crossEntropyRowsBackward(probs.ptr, t, w, weightSum, smoothing, scale.ptr, scaleStride, grad.ptr, rows, classes)));
}

/** Per-row cross-entropy against class probabilities. */
export function crossEntropySoftRows(logits: Block, targets: Block, weights: Float32Array | null, smoothing: number,
  probs: Block, losses: Block, rows: number, classes: number): void {
  withCopy(weights, heapF32, (w) => K.crossEntropySoftRows(logits.ptr, targets.ptr, w, smoothing, probs.ptr, losses.ptr, rows, classes));
}

/** The gradient of crossEntropySoftRows with respect to the logits. */
export function crossEntropySoftRowsBackward(probs: Block, targets: Block, weights: Float32Array | null, smoothing: number,
  scale: Block, scaleStride: number, grad: Block, rows: number, classes: number): void {
  withCopy(weights, heapF32, (w) => K.crossEntropySoftRowsBackward(probs.ptr, targets.ptr, w, smoothing, scale.ptr, scaleStride, grad.ptr, rows, classes));
}

/** Per-row negative log-likelihood -w_t·logProbs[r, t]. */
export function nllRows(logProbs: Block, targets: ArrayLike<number>, weights: Float32Array | null, losses: Block, rows: number, classes: number): void {
  withCopy(targets, heapI32, (t) => withCopy(weights, heapF32, (w) => K.nllRows(logProbs.ptr, t, w, losses.ptr, rows, classes)));
}

/** Binary cross-entropy on logits per element (weights w, positive weights pw may be null); returns the sum. */
export function bceWithLogits(x: Block, y: Block, w: Block | null, pw: Block | null, out: Block): number {
  return out.size === 0 ? 0 : K.bceWithLogits(x.ptr, y.ptr, w?.ptr ?? 0, pw?.ptr ?? 0, out.ptr, out.size);
}

/** grad = g·w·(lw·sigmoid(x) - pw·y), with one g for all (gStride 0) or one per element. */
export function bceWithLogitsBackward(x: Block, y: Block, w: Block | null, pw: Block | null, g: Block, gStride: number, grad: Block): void {
  if (grad.size > 0) K.bceWithLogitsBackward(x.ptr, y.ptr, w?.ptr ?? 0, pw?.ptr ?? 0, g.ptr, gStride, grad.ptr, grad.size);
}

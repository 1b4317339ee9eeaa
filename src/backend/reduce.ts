// Reductions, softmax-like kernels, cross-entropy and the vector kernels of norms and
// L-BFGS. Axis kernels see x as [outer, len, inner] and reduce the middle axis; a thread pool
// splits `outer` (or `inner`) bands here, in an order that depends only on the shape.
import { K } from './instance.js';
import { alloc, free, heapI32, scratch } from './memory.js';
import type { Block } from './data.js';
import { pooled, runJob } from './threads.js';

/** The sum of all elements divided by `divisor` (float64 accumulation, rounded to float32 once). */
export function sumAll(x: Block, divisor = 1): number {
  return K.sumAll(x.ptr, x.size, divisor);
}

/** Σx² in float64 (for gradient norms). */
export function sumSquares(x: Block): number {
  return K.sumSquares(x.ptr, x.size);
}

export type AxisReduction = 'sum' | 'mean' | 'max' | 'min' | 'argmax';

/** out[o, i] = reduce over l of x[o, l, i] (a mean divides the float64 sum by len, rounding once). */
export function reduceAxis(kind: AxisReduction, x: Block, out: Block, outer: number, len: number, inner: number): void {
  if (kind === 'sum' || kind === 'mean') {
    K.sumAxis(x.ptr, out.ptr, outer, len, inner, kind === 'mean' ? len : 1);
    return;
  }
  const kernel = kind === 'max' ? K.maxAxis : kind === 'min' ? K.minAxis : K.argmaxAxis;
  kernel(x.ptr, out.ptr, outer, len, inner);
}

export type SoftmaxKind = 'softmax' | 'logSoftmax' | 'logSumExp';

/** softmax, logSoftmax or logSumExp along the middle axis of [outer, len, inner]. */
export function softmaxAxis(kind: SoftmaxKind, x: Block, out: Block, outer: number, len: number, inner: number): void {
  const tmp = inner > 1 || kind === 'logSumExp' ? scratch(8 * len) : 0;
  const kernel = kind === 'softmax' ? K.softmaxAxis : kind === 'logSoftmax' ? K.logSoftmaxAxis : K.logSumExpAxis;
  kernel(x.ptr, out.ptr, outer, len, inner, tmp);
}

/** A part of a norm of x: max|x| (NORM_INF), Σ|x| (NORM_L1), Σx² (NORM_L2), Σ|x|^p (NORM_POWER). */
export function normPart(mode: number, x: Block, p = 0): number {
  return x.size > 0 ? K.normPart(mode, x.ptr, x.size, p) : 0;
}

/** Σ a·b over a.size elements, in float64. */
export function dot(a: Block, b: Block): number {
  return K.dotF32(a.ptr, b.ptr, a.size);
}

/** y += alpha·x[xOffset..] over y.size elements. */
export function axpy(y: Block, x: Block, alpha: number, xOffset = 0): void {
  if (y.size > 0) K.axpyF32(y.ptr, x.ptr + 4 * xOffset, alpha, y.size);
}

/** Where the additive mask of maskedSoftmax comes from: row r of the scores reads mask row (r / div) % mod. */
export interface MaskRows {
  mask: Block;
  div: number;
  mod: number;
}

/** Rows of the attention softmax per band, when a thread pool is running: a quarter of the rows, at least 16 K elements a band. */
function softmaxBand(rows: number, len: number): number {
  return Math.max(Math.ceil(rows / 4), Math.ceil(16384 / Math.max(1, len)));
}

/** out = softmax(scale·x + mask) over rows of `len` (the prefix 0..r % causalLen when causalLen > 0). */
export function maskedSoftmaxForward(x: Block, mask: MaskRows | null, out: Block, rows: number, len: number, scale: number, causalLen: number): void {
  if (out.size === 0) return;
  const args = [x.ptr, mask === null ? 0 : mask.mask.ptr, out.ptr, len, scale, mask?.div ?? 1, mask?.mod ?? 1, causalLen, 0, rows];
  const band = softmaxBand(rows, len);
  if (pooled(Math.ceil(rows / band))) runJob({ kernel: 'maskedSoftmaxForward', args, total: rows, bandSize: band, kind: 'range', at: 8 });
  else K.maskedSoftmaxForward(x.ptr, args[1], out.ptr, len, scale, args[5], args[6], causalLen, 0, rows);
}

/** out = scale·y ⊙ (g − Σ g⊙y) per row: the scores' gradient of maskedSoftmaxForward. */
export function maskedSoftmaxBackward(y: Block, g: Block, out: Block, rows: number, len: number, scale: number): void {
  if (out.size === 0) return;
  const band = softmaxBand(rows, len);
  if (pooled(Math.ceil(rows / band))) runJob({ kernel: 'maskedSoftmaxBackward', args: [y.ptr, g.ptr, out.ptr, len, scale, 0, rows], total: rows, bandSize: band, kind: 'range', at: 5 });
  else K.maskedSoftmaxBackward(y.ptr, g.ptr, out.ptr, len, scale, 0, rows);
}

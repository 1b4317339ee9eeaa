// The attention softmax: softmax(scale·scores + mask) over the last axis, with an optional
// additive mask broadcast to the scores and an optional causal pattern that is never
// materialised (query i sees keys 0..i), as one fused kernel forward and one backward.
//   y = softmax(scale·x + m),  dz = y ⊙ (g − Σ g⊙y),  dx = scale·dz,  dm = dz summed to m's shape.
// Internal: scaledDotProductAttention and nn.MultiheadAttention are the public entries.
import { Tensor, formatShape, isGradEnabled } from '../tensor.js';
import * as kernels from '../backend/index.js';
import { record } from '../autograd.js';
import { checkTensor } from './util.js';
import { sumToShape } from './reduce.js';

export interface MaskedSoftmaxOptions {
  /** Additive mask, broadcastable to the scores (−Infinity removes an entry). */
  mask?: Tensor | null;
  /** Multiplies the scores before the mask is added. */
  scale?: number;
  /** Query i (the second-to-last axis) sees keys 0..i only. */
  causal?: boolean;
}

/**
 * How the kernel reads the mask's rows: when the mask's non-broadcast row dimensions form one
 * contiguous block (as [L, S], [B, 1, 1, S] and [B·H, L, S] do), row r of the scores uses mask
 * row (r / div) % mod, and the mask is read in place; otherwise it is expanded once.
 */
function maskRows(scores: Tensor, mask: Tensor, op: string): { rows: kernels.MaskRows; owned: Tensor | null } {
  const rowDims = scores.shape.slice(0, -1);
  const len = scores.shape[scores.ndim - 1];
  if (mask.ndim > scores.ndim) {
    throw new Error(`${op}: mask ${formatShape(mask.shape)} has more dimensions than the scores ${formatShape(scores.shape)}`);
  }
  const padded = [...new Array<number>(scores.ndim - mask.ndim).fill(1), ...mask.shape];
  padded.forEach((d, i) => {
    if (d !== 1 && d !== scores.shape[i]) {
      throw new Error(`${op}: mask ${formatShape(mask.shape)} cannot be broadcast to the attention scores ${formatShape(scores.shape)}`);
    }
  });
  const used = rowDims.map((d, i) => padded[i] === d && d !== 1);
  const first = used.indexOf(true);
  const last = used.lastIndexOf(true);
  const contiguous = first < 0 || used.slice(first, last + 1).every((u, i) => u || rowDims[first + i] === 1);
  if (padded[padded.length - 1] !== len || !contiguous) {
    const full = mask.expand(scores.shape as number[]);
    return { rows: { mask: full, div: 1, mod: Math.max(1, full.size / Math.max(1, len)) }, owned: full };
  }
  if (first < 0) return { rows: { mask, div: 1, mod: 1 }, owned: null };
  const prod = (a: number, b: number): number => rowDims.slice(a, b).reduce((p, d) => p * d, 1);
  return { rows: { mask, div: prod(last + 1, rowDims.length), mod: prod(first, last + 1) }, owned: null };
}

/** softmax(scale·scores + mask) along the last axis, causal if asked; one graph node. */
export function maskedSoftmax(input: Tensor, opts: MaskedSoftmaxOptions = {}, op = 'maskedSoftmax'): Tensor {
  const x = checkTensor(input, op, 'scores');
  if (x.ndim < 2) throw new Error(`${op}: the attention scores must have at least 2 dimensions, got ${formatShape(x.shape)}`);
  const mask = opts.mask === undefined || opts.mask === null ? null : checkTensor(opts.mask, op, 'mask');
  const scale = opts.scale ?? 1;
  const causal = opts.causal ?? false;
  const len = x.shape[x.ndim - 1];
  const rows = len === 0 ? 0 : x.size / len;
  const queries = x.shape[x.ndim - 2];
  const m = mask === null ? null : maskRows(x, mask, op);
  const out = Tensor.empty(x.shape);
  try {
    kernels.maskedSoftmaxForward(x, m === null ? null : m.rows, out, rows, len, scale, causal ? queries : 0);
  } finally {
    m?.owned?.dispose();
  }
  const inputs = mask === null ? [x] : [x, mask];
  return record(out, op, inputs, (g, y) => {
    const wantMask = mask !== null && mask.requiresGrad;
    if (isGradEnabled()) {
      // createGraph: the same rule from differentiable ops.
      const dz = y.mul(g.sub(g.mul(y).sum(-1, true)));
      return [x.requiresGrad ? dz.mul(scale) : null, ...(mask === null ? [] : [wantMask ? sumToShape(dz, mask.shape) : null])];
    }
    let dx: Tensor | null = null;
    if (x.requiresGrad) {
      dx = Tensor.empty(x.shape);
      kernels.maskedSoftmaxBackward(y, g, dx, rows, len, scale);
    }
    if (mask === null) return [dx];
    let dm: Tensor | null = null;
    if (wantMask) {
      const dz = Tensor.empty(x.shape);
      kernels.maskedSoftmaxBackward(y, g, dz, rows, len, 1);
      dm = sumToShape(dz, mask.shape);
      if (dm !== dz) dz.dispose();
    }
    return [dx, dm];
  });
}

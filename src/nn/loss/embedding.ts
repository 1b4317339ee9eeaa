// Losses and similarities between embeddings: cosine similarity and the triplet margin loss,
// composed from differentiable ops.
import { Tensor, tidy } from '../../tensor.js';
import { checkTensor, describe, normalizeAxis, broadcastShapes } from '../../ops/util.js';
import { abs, relu, sqrt } from '../../ops/unary.js';
import { minimum, pow } from '../../ops/elementwise.js';
import { checkReduction, checkNumberOption, Reduction } from './options.js';

/**
 * Cosine similarity along `dim`, as torch 1.13: sum((a / max(‖a‖, eps))·(b / max(‖b‖, eps)), dim),
 * with a and b broadcast together.
 */
export function cosineSimilarity(x1: Tensor, x2: Tensor, dim = 1, eps = 1e-8): Tensor {
  const op = 'cosineSimilarity';
  if (arguments.length > 4) throw new TypeError(`${op}: takes (x1, x2, dim = 1, eps = 1e-8), got ${arguments.length} arguments`);
  const a = checkTensor(x1, op, 'x1');
  const b = checkTensor(x2, op, 'x2');
  const shape = broadcastShapes(a.shape, b.shape, op);
  const axis = normalizeAxis(dim, shape.length, op);
  if (typeof eps !== 'number' || !(eps >= 0)) throw new RangeError(`${op}: eps must be a non-negative number, got ${describe(eps)}`);
  return tidy(() => {
    const unitA = a.div(sqrt(a.square().sum(axis, true)).clamp(eps));
    const unitB = b.div(sqrt(b.square().sum(axis, true)).clamp(eps));
    return unitA.mul(unitB).sum(axis);
  });
}

/** ‖x1 - x2 + eps‖_p over the last dimension (torch.nn.functional.pairwise_distance). */
export function pairwiseDistance(x1: Tensor, x2: Tensor, p = 2, eps = 1e-6, keepDim = false): Tensor {
  const op = 'pairwiseDistance';
  const a = checkTensor(x1, op, 'x1');
  const b = checkTensor(x2, op, 'x2');
  if (typeof p !== 'number' || !(p > 0) || !Number.isFinite(p)) throw new RangeError(`${op}: p must be a positive finite number, got ${describe(p)}`);
  const axis = broadcastShapes(a.shape, b.shape, op).length - 1;
  if (axis < 0) throw new Error(`${op}: inputs must have at least one dimension`);
  return tidy(() => {
    const diff = abs(a.sub(b).add(eps));
    if (p === 2) return sqrt(diff.square().sum(axis, keepDim));
    if (p === 1) return diff.sum(axis, keepDim);
    return pow(pow(diff, p).sum(axis, keepDim), 1 / p);
  });
}

export interface TripletMarginOptions {
  margin?: number;
  p?: number;
  eps?: number;
  /** Use the positive-negative distance when it is smaller (Balntas et al.). */
  swap?: boolean;
  reduction?: Reduction;
}

/** max(d(a, p) - d(a, n) + margin, 0) with d the p-norm distance, as torch. */
export function tripletMarginLoss(anchor: Tensor, positive: Tensor, negative: Tensor, opts?: TripletMarginOptions): Tensor {
  const op = 'tripletMarginLoss';
  const a = checkTensor(anchor, op, 'anchor');
  const pos = checkTensor(positive, op, 'positive');
  const neg = checkTensor(negative, op, 'negative');
  const o: TripletMarginOptions = opts ?? {};
  const reduction = checkReduction(op, o.reduction);
  const margin = checkNumberOption(op, 'margin', o.margin, 1);
  const p = checkNumberOption(op, 'p', o.p, 2, (v) => v > 0 && Number.isFinite(v), 'a positive finite number');
  const eps = checkNumberOption(op, 'eps', o.eps, 1e-6, (v) => v >= 0 && Number.isFinite(v), 'a non-negative finite number');
  const swap = o.swap ?? false;
  if (typeof swap !== 'boolean') throw new TypeError(`${op}: swap must be a boolean, got ${describe(swap)}`);
  if (a.ndim !== pos.ndim || a.ndim !== neg.ndim) {
    throw new Error(`${op}: anchor, positive and negative must have the same number of dimensions, got ${a.ndim}, ${pos.ndim} and ${neg.ndim}`);
  }
  return tidy(() => {
    const dPos = pairwiseDistance(a, pos, p, eps);
    let dNeg = pairwiseDistance(a, neg, p, eps);
    if (swap) dNeg = minimum(dNeg, pairwiseDistance(pos, neg, p, eps));
    const losses = relu(dPos.sub(dNeg).add(margin));
    return reduction === 'none' ? losses : reduction === 'sum' ? losses.sum() : losses.mean();
  });
}


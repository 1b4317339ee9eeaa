// Losses over class scores: cross-entropy (class indices or probabilities, weights, ignored
// entries, label smoothing), negative log-likelihood and the Kullback-Leibler divergence.
// Cross-entropy and nll are fused kernels (assembly/softmax.ts) recorded as one node.
import { Tensor, formatShape, isGradEnabled, reshapeOwned, fromFloat32, keep, disposeWith } from '../../tensor.js';
import * as kernels from '../../backend/index.js';
import { record } from '../../autograd.js';
import { checkTensor, sameShape, describe } from '../../ops/util.js';
import { permute } from '../../ops/shape.js';
import { full } from '../../ops/create.js';
import { where } from '../../ops/elementwise.js';
import { exp, log } from '../../ops/unary.js';
import { checkReduction, checkNumberOption, Reduction } from './options.js';
import { classIndices, classWeights, asTensor } from './targets.js';
import { pointwiseLoss, ifNeeded } from './pointwise.js';

export interface CrossEntropyOptions {
  /** A weight per class (a rescaling of each class's loss). */
  weight?: Tensor | ArrayLike<number> | null;
  /** Targets equal to it add nothing and are not counted by 'mean' (default -100, as torch). */
  ignoreIndex?: number;
  /** Mixes the target with the uniform distribution: (1 - e)·target + e/classes. */
  labelSmoothing?: number;
  reduction?: Reduction;
}

/**
 * Class indices (one per row; one number for unbatched logits) or, for crossEntropy, class
 * probabilities shaped like the logits. (undefined is in the type only so that the loss fits
 * d.fit's loss signature; it is refused.)
 */
export type ClassTarget = Tensor | Int32Array | number[] | number[][] | number | undefined;

export type NllLossOptions = Omit<CrossEntropyOptions, 'labelSmoothing'>;

/** The input seen as rows of class scores: [rows, classes], and the batch shape of a row. */
function classRows(op: string, x: Tensor): { rows: Tensor; batchShape: number[]; classes: number } {
  if (x.ndim === 0) throw new Error(`${op}: input must have a class dimension, got shape []`);
  if (x.ndim === 1) return { rows: x.reshape([1, x.shape[0]]), batchShape: [], classes: x.shape[0] };
  const classes = x.shape[1];
  if (x.ndim === 2) return { rows: x, batchShape: [x.shape[0]], classes };
  // [N, C, d1, ...]: move the classes last, then one row per (n, d1, ...).
  const order = [0, ...x.shape.slice(2).map((_, i) => i + 2), 1];
  const moved = permute(x, order);
  const rows = moved.reshape([-1, classes]);
  if (!rows.requiresGrad) moved.dispose();
  return { rows, batchShape: [x.shape[0], ...x.shape.slice(2)], classes };
}

/** The shape of the batch (every dimension but the classes, dimension 1) and its size. */
function batchShapeOf(x: Tensor): number[] {
  if (x.ndim <= 2) return x.ndim === 1 ? [] : [x.shape[0]]; // the usual [batch, classes]: no slice and spread
  return [x.shape[0], ...x.shape.slice(2)];
}

function batchCount(batchShape: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < batchShape.length; i++) n *= batchShape[i];
  return n;
}

function checkIgnoreIndex(op: string, value: unknown): number {
  if (value === undefined) return -100;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new TypeError(`${op}: ignoreIndex must be an integer, got ${describe(value)}`);
  return value;
}

/** Probability targets: a tensor (or nested arrays) shaped like the input. */
function isProbabilityTarget(target: unknown, x: Tensor): boolean {
  if (target instanceof Tensor) return sameShape(target.shape, x.shape);
  return x.ndim >= 2 && Array.isArray(target) && Array.isArray(target[0]);
}

/**
 * Cross-entropy of logits [N, C] (or [C], or [N, C, d1, ...]) against class indices or class
 * probabilities, as torch.nn.functional.cross_entropy. With 'mean', index targets are averaged
 * over the weight of the rows not ignored (their count without weights).
 */
export function crossEntropy(logits: Tensor, target: ClassTarget, opts?: CrossEntropyOptions): Tensor {
  const op = 'crossEntropy';
  const x = checkTensor(logits, op, 'input');
  const o: CrossEntropyOptions = opts ?? {};
  const reduction = checkReduction(op, o.reduction);
  const ignoreIndex = checkIgnoreIndex(op, o.ignoreIndex);
  const smoothing = checkNumberOption(op, 'labelSmoothing', o.labelSmoothing, 0, (v) => v >= 0 && v <= 1, 'a number in [0, 1]');
  if (x.ndim === 0) throw new Error(`${op}: input must have a class dimension, got shape []`);
  const classes = x.ndim === 1 ? x.shape[0] : x.shape[1];
  const weights = classWeights(op, o.weight, classes);
  if (isProbabilityTarget(target, x)) {
    if (ignoreIndex !== -100) throw new Error(`${op}: ignoreIndex is not supported with probability targets (as torch)`);
    const { t: q, owned } = asTensor(op, 'target', target);
    if (!sameShape(q.shape, x.shape)) {
      if (owned) q.dispose();
      throw new Error(`${op}: probability target of shape ${formatShape(q.shape)} does not match the input ${formatShape(x.shape)}`);
    }
    const { rows, batchShape } = classRows(op, x);
    const { rows: qRows } = classRows(op, q);
    const out = softTargetLoss(rows, qRows, weights, smoothing, reduction, batchShape);
    if (out.requiresGrad) {
      if (owned) disposeWith(out, keep(q));
      return out;
    }
    if (qRows !== q) qRows.dispose();
    if (owned) q.dispose();
    return releaseRows(out, rows, x);
  }
  const batch = batchShapeOf(x);
  const idx = classIndices(op, target, batchCount(batch), classes, ignoreIndex, batch, x.shape);
  const { rows, batchShape } = classRows(op, x);
  return releaseRows(indexTargetLoss(op, rows, idx, weights, smoothing, reduction, batchShape), rows, x);
}

/** Frees the row view of the input unless the loss's graph reads it. */
function releaseRows(out: Tensor, rows: Tensor, x: Tensor): Tensor {
  if (rows !== x && !out.requiresGrad) rows.dispose();
  return out;
}

/** Negative log-likelihood of log-probabilities [N, C] (or [C], [N, C, d1, ...]) at class indices. */
export function nllLoss(logProbs: Tensor, target: ClassTarget, opts?: NllLossOptions): Tensor {
  const op = 'nllLoss';
  const x = checkTensor(logProbs, op, 'input');
  const o: NllLossOptions = opts ?? {};
  const reduction = checkReduction(op, o.reduction);
  const ignoreIndex = checkIgnoreIndex(op, o.ignoreIndex);
  if (x.ndim === 0) throw new Error(`${op}: input must have a class dimension, got shape []`);
  const classes = x.ndim === 1 ? x.shape[0] : x.shape[1];
  const weights = classWeights(op, o.weight, classes);
  const batch = batchShapeOf(x);
  const idx = classIndices(op, target, batchCount(batch), classes, ignoreIndex, batch, x.shape);
  const { rows, batchShape } = classRows(op, x);
  return releaseRows(indexTargetLoss(op, rows, idx, weights, 0, reduction, batchShape), rows, x);
}

function weightSum(weights: Float32Array | null, classes: number): number {
  if (weights === null) return classes;
  let s = 0;
  for (const w of weights) s += w;
  return s;
}

/** What 'mean' divides by: the weight of the rows not ignored. */
function meanDenominator(idx: readonly number[], weights: Float32Array | null): number {
  let d = 0;
  for (const t of idx) if (t >= 0) d += weights === null ? 1 : weights[t];
  return d;
}

/**
 * The reduced value of per-row losses (consumed): the sum's kernel (float64, rounded once), then
 * for 'mean' the float32 division the div kernel makes (a float32 quotient rounded from the
 * float64 one is the correctly rounded float32 quotient).
 */
function reduceRows(losses: Tensor, reduction: Reduction, batchShape: number[], denominator: number): Tensor {
  if (reduction === 'none') return reshapeOwned(losses, batchShape);
  const total = kernels.sumAll(losses);
  losses.dispose();
  const out = Tensor.empty([]);
  kernels.writeFloat(out, reduction === 'sum' ? total : Math.fround(total / Math.fround(denominator)));
  return out;
}

/** Per-row scales of the upstream gradient: g per row ('none'), or one scalar. */
function rowScale(g: Tensor, reduction: Reduction, denominator: number, rows: number): { scale: Tensor; stride: number; column: Tensor } {
  if (reduction === 'none') return { scale: g, stride: 1, column: g.reshape([rows, 1]) };
  if (reduction === 'sum') return { scale: g, stride: 0, column: g };
  let scale: Tensor;
  if (isGradEnabled()) scale = g.div(denominator); // createGraph: recorded
  else {
    scale = Tensor.empty(g.shape); // g.div's kernel, without the op's checks and recording
    kernels.binaryScalarRight(kernels.OP_DIV, g, denominator, scale);
  }
  return { scale, stride: 0, column: scale };
}

function indexTargetLoss(op: string, rows: Tensor, idx: readonly number[], weights: Float32Array | null, smoothing: number,
  reduction: Reduction, batchShape: number[]): Tensor {
  const [count, classes] = rows.shape;
  const nll = op === 'nllLoss';
  const total = weightSum(weights, classes);
  const denominator = meanDenominator(idx, weights);
  const probs = nll ? null : Tensor.empty([count, classes]);
  const losses = Tensor.empty([count]);
  if (probs === null) kernels.nllRows(rows, idx, weights, losses, count, classes);
  else kernels.crossEntropyRows(rows, idx, weights, total, smoothing, probs, losses, count, classes);
  const out = reduceRows(losses, reduction, batchShape, denominator);
  if (!rows.requiresGrad || !isGradEnabled()) {
    probs?.dispose();
    return out;
  }
  // The gradient with unit scale at zero probabilities: the constant part, -(e/C)·w_c - a·[c = t].
  const constantPart = (): Tensor => {
    const zeros = full([count, classes], 0);
    const unit = full([], 1);
    const k = runBackwardKernel(zeros, unit, 0);
    zeros.dispose();
    unit.dispose();
    return k;
  };
  const runBackwardKernel = (p: Tensor, scale: Tensor, stride: number): Tensor => {
    const grad = Tensor.empty([count, classes]);
    kernels.crossEntropyRowsBackward(p, idx, weights, total, smoothing, scale, stride, grad, count, classes);
    return grad;
  };
  if (probs !== null) keep(probs); // owned by the node, freed with the loss
  const result = record(out, op, [rows], (g) => {
    const { scale, stride, column } = rowScale(g, reduction, denominator, count);
    if (!isGradEnabled()) {
      if (probs !== null) return [runBackwardKernel(probs, scale, stride)];
      const zeros = full([count, classes], 0);
      const grad = runBackwardKernel(zeros, scale, stride);
      zeros.dispose();
      return [grad];
    }
    // Recorded (createGraph): softmax(x)·coef + constant, scaled, written with ops.
    const constant = constantPart();
    if (nll) return [constant.mul(column)];
    const coef = new Float32Array(count);
    idx.forEach((t, r) => (coef[r] = t < 0 ? 0 : (1 - smoothing) * (weights === null ? 1 : weights[t]) + (smoothing / classes) * total));
    return [rows.softmax(1).mul(fromFloat32(coef, [count, 1])).add(constant).mul(column)];
  });
  if (probs !== null) disposeWith(result, probs);
  return result;
}

function softTargetLoss(rows: Tensor, q: Tensor, weights: Float32Array | null, smoothing: number,
  reduction: Reduction, batchShape: number[]): Tensor {
  const [count, classes] = rows.shape;
  const probs = Tensor.empty([count, classes]);
  const losses = Tensor.empty([count]);
  kernels.crossEntropySoftRows(rows, q, weights, smoothing, probs, losses, count, classes);
  const out = reduceRows(losses, reduction, batchShape, count);
  if (!(rows.requiresGrad || q.requiresGrad) || !isGradEnabled()) {
    probs.dispose();
    return out;
  }
  keep(probs);
  const weightRow = () => (weights === null ? null : fromFloat32(weights, [1, classes]));
  const result = record(out, 'crossEntropy', [rows, q], (g) => {
    const { scale, stride, column } = rowScale(g, reduction, count, count);
    const w = weightRow();
    let gx: Tensor | null = null;
    if (rows.requiresGrad) {
      if (!isGradEnabled()) {
        gx = Tensor.empty([count, classes]);
        kernels.crossEntropySoftRowsBackward(probs, q, weights, smoothing, scale, stride, gx, count, classes);
      } else {
        const smoothed = q.mul(1 - smoothing).add(smoothing / classes);
        const weighted = w === null ? smoothed : smoothed.mul(w);
        gx = rows.softmax(1).mul(weighted.sum(1, true)).sub(weighted).mul(column);
      }
    }
    const gq = ifNeeded(q, () => {
      const logp = rows.logSoftmax(1).mul(-(1 - smoothing));
      return (w === null ? logp : logp.mul(w)).mul(column);
    });
    return [gx, gq];
  });
  disposeWith(result, probs);
  return result;
}


export interface KlDivOptions {
  /** 'mean' over every element (torch's default), 'batchmean' (sum / batch size), 'sum', 'none'. */
  reduction?: Reduction | 'batchmean';
  /** The target holds log-probabilities. */
  logTarget?: boolean;
}

/**
 * Kullback-Leibler divergence with input = log q and target p: p·(log p - input) per element
 * (0 where p = 0), or e^t·(t - input) for a log-target t, as torch.nn.functional.kl_div.
 */
export function klDiv(input: Tensor, target: Tensor, opts?: KlDivOptions): Tensor {
  const op = 'klDiv';
  const x = checkTensor(input, op, 'input');
  const t = checkTensor(target, op, 'target');
  if (!sameShape(x.shape, t.shape)) throw new Error(`${op}: input shape ${formatShape(x.shape)} and target shape ${formatShape(t.shape)} differ`);
  const o: KlDivOptions = opts ?? {};
  const reduction = checkReduction<Reduction | 'batchmean'>(op, o.reduction, ['mean', 'batchmean', 'sum', 'none']);
  const logTarget = o.logTarget ?? false;
  if (typeof logTarget !== 'boolean') throw new TypeError(`${op}: logTarget must be a boolean, got ${describe(logTarget)}`);
  const batch = x.ndim === 0 ? 1 : x.shape[0];
  const inner: Reduction = reduction === 'batchmean' ? 'sum' : reduction;
  const loss = pointwiseLoss(op, [x, t], inner, () => {
    if (logTarget) return exp(t).mul(t.sub(x));
    // xlogy(p, p) - p·x, with 0·log 0 = 0.
    const plogp = where(t.gt(0), t.mul(log(t)), 0);
    return plogp.sub(t.mul(x));
  }, (g) => {
    const gx = logTarget ? exp(t).neg().mul(g) : t.neg().mul(g);
    const gt = ifNeeded(t, () => (logTarget ? exp(t).mul(t.sub(x).add(1)) : where(t.gt(0), log(t).add(1).sub(x), 0)).mul(g));
    return [x.requiresGrad ? gx : null, gt];
  });
  if (reduction !== 'batchmean') return loss;
  const out = loss.div(batch);
  if (!out.requiresGrad) loss.dispose();
  return out;
}

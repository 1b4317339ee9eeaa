// d.nn.functional: the losses, plus linear and dropout, as plain functions of tensors.
import { Tensor, formatShape, fromFloat32 } from '../tensor.js';
import { toIndices } from '../ops/shape.js';
import { eq } from '../ops/elementwise.js';
import { arange } from '../ops/create.js';
import { Generator, withGenerator, fillUniform } from '../random.js';
import { checkTensor, describe } from '../ops/util.js';
import { matmul, matmulTransposedA } from '../ops/linalg.js';
import { noGrad, record, recordsAny } from '../autograd.js';
import { disposeUnlessRecorded } from './graph.js';
import * as kernels from '../backend/index.js';
import { isGradEnabled } from '../tensor.js';
import { sign } from '../ops/unary.js';
import { declare } from '../signature.js';
import { probability } from './checks.js';
import * as activations from './activations.js';
import * as losses from './losses.js';
import * as conv from '../ops/conv.js';
import * as pool from '../ops/pool.js';
import * as norm from '../ops/norm.js';
import * as embeddingOps from '../ops/embedding.js';
import * as attention from './attention.js';

export type {
  ReductionOptions, ClassTarget, CrossEntropyOptions, NllLossOptions, KlDivOptions, BceOptions, BceWithLogitsOptions,
  TripletMarginOptions, Reduction,
} from './losses.js';

/** x·Wᵀ + b with torch's layout: x [batch, in], weight [out, in], bias [out]. */
function linearFunction(input: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  return linearLayer(input, weight, bias, false, 'linear');
}

/**
 * relu(x·Wᵀ + b) as one fused op (one kernel pass, one graph node): what nn.Sequential runs for
 * a Linear followed by a ReLU. Bits equal linear then relu.
 */
function linearReluFunction(input: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  return linearLayer(input, weight, bias, true, 'linearRelu');
}

function linearLayer(input: Tensor, weight: Tensor, bias: Tensor | null | undefined, relu: boolean, op: string): Tensor {
  const x = checkTensor(input, op, 'input');
  const w = checkTensor(weight, op, 'weight');
  if (w.ndim !== 2) throw new Error(`${op}: weight must be [out, in], got ${formatShape(w.shape)}`);
  if (x.ndim < 1 || x.shape[x.ndim - 1] !== w.shape[1]) {
    throw new Error(`${op}: input ${formatShape(x.shape)} has ${x.shape[x.ndim - 1]} features, weight ${formatShape(w.shape)} expects ${w.shape[1]}`);
  }
  if (bias !== undefined && bias !== null) {
    const b = checkTensor(bias, op, 'bias');
    if (b.ndim !== 1 || b.shape[0] !== w.shape[0]) {
      throw new Error(`${op}: bias ${formatShape(b.shape)} does not match weight ${formatShape(w.shape)} (expected [${w.shape[0]}])`);
    }
  }
  const x2 = x.ndim === 2 ? x : x.reshape([-1, w.shape[1]]);
  const y = affine(x2, w, bias ?? null, relu);
  if (x2 === x) return y;
  const out = y.reshape([...x.shape.slice(0, -1), w.shape[0]]);
  disposeUnlessRecorded(out, [x2, y]);
  return out;
}

/**
 * act(x·Wᵀ + b) as one recorded op, computed by one fused kernel (product, bias and ReLU over
 * each band of rows): one node instead of a product, a broadcast add and a relu, and the bias
 * gradient is a plain column sum. Backward: with ReLU, g' = g where y > 0 (relu's rule); then
 * dx = g'·W, dW = g'ᵀ·x, db = Σ_rows g'.
 */
function affine(x: Tensor, w: Tensor, b: Tensor | null, relu: boolean): Tensor {
  const [m, k] = x.shape;
  const n = w.shape[0];
  const out = Tensor.empty([m, n]);
  kernels.linear(x, w, b, out, m, k, n, relu);
  if (!recordsAny(x, w, b)) return out;
  const inputs = b === null ? [x, w] : [x, w, b];
  return record(out, relu ? 'linearRelu' : 'linear', inputs, (g, y) => {
    const recorded = isGradEnabled(); // createGraph: the gradients are built from recorded ops
    let gp = g;
    if (relu) {
      if (recorded) gp = g.mul(sign(y)); // keeps relu's gradient in the graph (relu'' = 0)
      else {
        gp = Tensor.empty(g.shape);
        kernels.unaryBackward(kernels.U_RELU, y, y, g, gp);
      }
    }
    const grads = recorded
      ? [x.requiresGrad ? matmul(gp, w) : null, w.requiresGrad ? matmulTransposedA(gp, x) : null]
      : [x.requiresGrad ? product(kernels.MATMUL_AB, gp, w, m, n, k) : null, w.requiresGrad ? product(kernels.MATMUL_ATB, gp, x, n, m, k) : null];
    if (b !== null) grads.push(!b.requiresGrad ? null : recorded ? gp.sum(0) : columnSums(gp, m, n));
    return grads;
  });
}

/**
 * out[rows, cols] = op(a)·b by depth `depth`: the kernel matmul / matmulTransposedA run, without
 * their shape work (the forward checked the shapes); a disposed operand (the input, freed before
 * backward) is refused as they refuse it.
 */
function product(mode: number, a: Tensor, b: Tensor, rows: number, depth: number, cols: number): Tensor {
  const name = mode === kernels.MATMUL_AB ? 'matmul' : 'matmulTransposedA';
  checkTensor(a, name, 'a');
  checkTensor(b, name, 'b');
  const out = Tensor.empty([rows, cols]);
  kernels.matmul(mode, a, b, out, { m: rows, k: depth, n: cols, batch: 1, aStride: 0, bStride: 0 }, false);
  return out;
}

/** Σ over the rows of g [m, n]: the kernel and arguments gp.sum(0) runs, without its reshaping. */
function columnSums(g: Tensor, m: number, n: number): Tensor {
  const out = Tensor.empty([n]);
  if (n > 0) {
    if (m === 0) kernels.fill(out, 0);
    else kernels.reduceAxis('sum', g, out, 1, m, n);
  }
  return out;
}

export interface DropoutOptions {
  /** Apply dropout (true, the default as in torch.nn.functional) or return x unchanged. */
  training?: boolean;
  /** Seed for a fresh generator: the same seed gives the same mask. */
  seed?: number;
}

/** Zeroes each element with probability p and scales the rest by 1/(1-p) (inverted dropout). */
function dropoutFunction(input: Tensor, p = 0.5, opts: DropoutOptions = {}): Tensor {
  const x = checkTensor(input, 'dropout', 'input');
  probability(p, 'dropout', 'p');
  const { training = true, seed } = opts ?? {};
  if (typeof training !== 'boolean') throw new TypeError(`dropout: training must be a boolean, got ${describe(training)}`);
  if (seed !== undefined && !Number.isInteger(seed)) throw new TypeError(`dropout: seed must be an integer, got ${describe(seed)}`);
  if (!training || p === 0) return x.clone();
  return withGenerator(seed, (g) => dropoutWith(x, p, g));
}

/** Dropout drawing its mask from generator g (the Dropout module owns one). */
function dropoutWithFunction(x: Tensor, p: number, g: Generator): Tensor {
  const uniform = Tensor.empty(x.shape);
  if (uniform.size > 0) fillUniform(g, uniform);
  const keepMask = uniform.ge(p);
  const scaled = p === 1 ? keepMask.mul(0) : keepMask.mul(1 / (1 - p));
  const out = x.mul(scaled);
  uniform.dispose();
  keepMask.dispose();
  disposeUnlessRecorded(out, [scaled]);
  return out;
}

/** One-hot rows (float32 0/1) of class indices; numClasses = -1 takes the largest index + 1. */
function oneHotFunction(indices: Tensor | number[] | Int32Array, numClasses = -1): Tensor {
  if (!Number.isInteger(numClasses) || numClasses < -1) throw new RangeError(`oneHot: numClasses must be -1 or a non-negative integer, got ${describe(numClasses)}`);
  const t = indices instanceof Tensor ? checkTensor(indices, 'oneHot', 'indices') : null;
  const values = t === null ? Array.from(indices as ArrayLike<number>) : Array.from(t.toFloat32Array());
  const top = values.reduce((m, v) => Math.max(m, v), -1);
  const classes = numClasses === -1 ? top + 1 : numClasses;
  const idx = toIndices(values, Math.max(classes, 1), 'oneHot', 'indices');
  if (idx.some((v, i) => v !== values[i])) throw new RangeError('oneHot: indices must be non-negative');
  const shape = t === null ? [values.length] : (t.shape as number[]);
  return noGrad(() => {
    const column = fromFloat32(idx, [...shape, 1]);
    const out = eq(column, arange(classes));
    column.dispose();
    return out;
  });
}

// Declared (src/signature.ts): an extra argument or unknown option is refused.
export const linear = declare('linear(input, weight, bias)', linearFunction);
export const linearRelu = declare('linearRelu(input, weight, bias)', linearReluFunction);
export const dropout = declare('dropout(input, p, {training, seed})', dropoutFunction);
export const dropoutWith = declare('dropoutWith(input, p, generator)', dropoutWithFunction);
export const oneHot = declare('oneHot(input, numClasses)', oneHotFunction);

export const relu = declare('relu(input)', activations.relu);
export const tanh = declare('tanh(input)', activations.tanh);
export const sigmoid = declare('sigmoid(input)', activations.sigmoid);
export const gelu = declare('gelu(input)', activations.gelu);
export const softplus = declare('softplus(input, beta, threshold)', activations.softplus);
export const leakyRelu = declare('leakyRelu(input, negativeSlope)', activations.leakyRelu);
export const elu = declare('elu(input, alpha)', activations.elu);
export const silu = declare('silu(input)', activations.silu);
export const mish = declare('mish(input)', activations.mish);
export const hardtanh = declare('hardtanh(input, minVal, maxVal)', activations.hardtanh);
export const prelu = declare('prelu(input, weight)', activations.prelu);

export const mseLoss = declare('mseLoss(input, target, {reduction})', losses.mseLoss);
export const l1Loss = declare('l1Loss(input, target, {reduction})', losses.l1Loss);
export const huberLoss = declare('huberLoss(input, target, delta, {reduction})', losses.huberLoss);
export const smoothL1Loss = declare('smoothL1Loss(input, target, {beta, reduction})', losses.smoothL1Loss);
export const crossEntropy = declare('crossEntropy(input, target, {weight, ignoreIndex, labelSmoothing, reduction})', losses.crossEntropy);
export const nllLoss = declare('nllLoss(input, target, {weight, ignoreIndex, reduction})', losses.nllLoss);
export const klDiv = declare('klDiv(input, target, {reduction, logTarget})', losses.klDiv);
export const binaryCrossEntropyWithLogits = declare('binaryCrossEntropyWithLogits(input, target, {weight, posWeight, reduction})', losses.binaryCrossEntropyWithLogits);
export const binaryCrossEntropy = declare('binaryCrossEntropy(input, target, {weight, reduction})', losses.binaryCrossEntropy);
export const hingeLoss = declare('hingeLoss(input, target, {reduction})', losses.hingeLoss);
export const marginRankingLoss = declare('marginRankingLoss(input1, input2, target, {margin, reduction})', losses.marginRankingLoss);
export const cosineSimilarity = declare('cosineSimilarity(x1, x2, dim, eps)', losses.cosineSimilarity);
export const pairwiseDistance = declare('pairwiseDistance(x1, x2, p, eps, keepDim)', losses.pairwiseDistance);
export const tripletMarginLoss = declare('tripletMarginLoss(anchor, positive, negative, {margin, p, eps, swap, reduction})', losses.tripletMarginLoss);

export const conv1d = declare('conv1d(input, weight, bias, {stride, padding, dilation, groups})', conv.conv1d);
export const conv2d = declare('conv2d(input, weight, bias, {stride, padding, dilation, groups})', conv.conv2d);
export const convTranspose2d = declare('convTranspose2d(input, weight, bias, {stride, padding, outputPadding, dilation, groups})', conv.convTranspose2d);
export const maxPool1d = declare('maxPool1d(input, kernelSize, {stride, padding, dilation, ceilMode})', pool.maxPool1d);
export const maxPool2d = declare('maxPool2d(input, kernelSize, {stride, padding, dilation, ceilMode})', pool.maxPool2d);
export const avgPool1d = declare('avgPool1d(input, kernelSize, {stride, padding, ceilMode, countIncludePad})', pool.avgPool1d);
export const avgPool2d = declare('avgPool2d(input, kernelSize, {stride, padding, ceilMode, countIncludePad})', pool.avgPool2d);
export const adaptiveAvgPool2d = declare('adaptiveAvgPool2d(input, outputSize)', pool.adaptiveAvgPool2d);
export const batchNorm = declare('batchNorm(input, runningMean, runningVar, {weight, bias, training, momentum, eps})', norm.batchNorm);
export const layerNorm = declare('layerNorm(input, normalizedShape, weight, bias, eps)', norm.layerNorm);
export const groupNorm = declare('groupNorm(input, numGroups, weight, bias, eps)', norm.groupNorm);
export const embedding = declare('embedding(input, weight, {paddingIdx})', embeddingOps.embedding);
export const scaledDotProductAttention = declare('scaledDotProductAttention(query, key, value, {attnMask, isCausal, dropoutP})', attention.scaledDotProductAttention);

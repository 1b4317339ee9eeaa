// Comparisons and logic that torch has and the kernels compose: results are float32 0/1, as
// the comparisons (gt, eq, ...) give. None has a gradient (their outputs are constants).
import { Tensor, TensorLike, withGradMode, tidy } from '../tensor.js';
import { checkTensor, checkOperand } from './util.js';
import { eq, sub } from './elementwise.js';
import { max, min, argmax, type Axis } from './reduce.js';
import { neg } from './elementwise.js';
import { sqrt } from './unary.js';

function constant(fn: () => Tensor): Tensor {
  return withGradMode(false, () => tidy(fn));
}

/** 1 where a != b (NaN != NaN), else 0. */
export function ne(a: TensorLike, b: TensorLike): Tensor {
  checkOperand(a, 'ne', 'a');
  checkOperand(b, 'ne', 'b');
  return constant(() => sub(1, eq(a, b)));
}

function truth(x: TensorLike, op: string): Tensor {
  return ne(checkOperand(x, op, 'input'), 0);
}

export function logicalNot(x: TensorLike): Tensor {
  return constant(() => eq(checkOperand(x, 'logicalNot', 'input'), 0));
}

export function logicalAnd(a: TensorLike, b: TensorLike): Tensor {
  return constant(() => truth(a, 'logicalAnd').mul(truth(b, 'logicalAnd')));
}

export function logicalOr(a: TensorLike, b: TensorLike): Tensor {
  return constant(() => truth(a, 'logicalOr').add(truth(b, 'logicalOr')).gt(0));
}

export function logicalXor(a: TensorLike, b: TensorLike): Tensor {
  return constant(() => ne(truth(a, 'logicalXor'), truth(b, 'logicalXor')));
}

/** 1 where x is NaN. */
export function isnan(x: Tensor): Tensor {
  const t = checkTensor(x, 'isnan', 'input');
  return constant(() => ne(t, t));
}

/** 1 where x is finite (x - x is 0 only for finite x). */
export function isfinite(x: Tensor): Tensor {
  const t = checkTensor(x, 'isfinite', 'input');
  return constant(() => eq(t.sub(t), 0));
}

/** 1 if any element (along axis) is non-zero. */
export function any(x: Tensor, axis?: Axis, keepDim?: boolean): Tensor {
  const t = checkTensor(x, 'any', 'input');
  return constant(() => max(truth(t, 'any'), axis, keepDim));
}

/** 1 if every element (along axis) is non-zero. */
export function all(x: Tensor, axis?: Axis, keepDim?: boolean): Tensor {
  const t = checkTensor(x, 'all', 'input');
  return constant(() => min(truth(t, 'all'), axis, keepDim));
}

/** The index of the smallest element (first among ties), along axis or of the flattened tensor. */
export function argmin(x: Tensor, axis?: number, keepDim?: boolean): Tensor {
  const t = checkTensor(x, 'argmin', 'input');
  return constant(() => argmax(neg(t), axis, keepDim));
}

export interface VarianceOptions {
  /** Divide by n - correction (1: Bessel's, the default, as torch; 0: the population variance). */
  correction?: number;
  keepDim?: boolean;
}

/** The variance along axis (all elements without one), with torch's correction (default 1). */
export function variance(x: Tensor, axis?: Axis, opts: VarianceOptions = {}): Tensor {
  const t = checkTensor(x, 'var', 'input');
  const correction = opts?.correction ?? 1; // keys checked by the declaration (api.ts)
  if (typeof correction !== 'number' || !Number.isInteger(correction) || correction < 0) throw new RangeError(`var: correction must be a non-negative integer, got ${String(correction)}`);
  const keepDim = opts?.keepDim ?? false;
  const axes = axis === undefined || axis === null ? t.shape.map((_, i) => i) : Array.isArray(axis) ? axis : [axis];
  const n = axes.reduce((p, a) => p * t.shape[a < 0 ? a + t.ndim : a], 1);
  // tidy frees the temporaries; a graph it returns keeps what its backward needs (tensor.ts).
  return tidy(() => t.sub(t.mean(axis, true)).square().sum(axis, keepDim).div(n - correction));
}

/** sqrt(var(x, axis, opts)). */
export function std(x: Tensor, axis?: Axis, opts: VarianceOptions = {}): Tensor {
  checkTensor(x, 'std', 'input');
  return tidy(() => sqrt(variance(x, axis, opts)));
}


// Reductions and the softmax family. A reduction along one axis views the tensor as
// [outer, len, inner] and runs one kernel; several axes reduce one after another.
import { Tensor, formatShape, reshapeOwned, withGradMode, isGradEnabled } from '../tensor.js';
import * as kernels from '../backend/index.js';
import type { AxisReduction, SoftmaxKind } from '../backend/index.js';
import { record } from '../autograd.js';
import { checkTensor, normalizeAxis } from './util.js';
import { splitAt, reductionAxes, reducedShape, checkKeepDim, expandBack } from './axes.js';

import type { Axis } from './axes.js';
export type { Axis };

/**
 * Applies a [outer,len,inner] kernel once per run of adjacent axes (from the last run), so that
 * a sum over adjacent axes rounds once; the result keeps the reduced axes as size 1.
 */
function reduceWith(x: Tensor, allAxes: number[], kind: AxisReduction, op: string, emptyValue: number | null): Tensor {
  // Size-1 dimensions that are kept do not change the memory order: drop them, so that axes
  // they separate become adjacent. Callers reshape the result to the shape they want.
  let shape: number[] = [];
  const axes: number[] = [];
  x.shape.forEach((dim, i) => {
    if (allAxes.includes(i)) axes.push(shape.length);
    else if (dim === 1) return;
    shape.push(dim);
  });
  let current: Tensor = x;
  let end = axes.length - 1;
  while (end >= 0) {
    let start = end;
    while (start > 0 && axes[start - 1] === axes[start] - 1) start--;
    const first = axes[start];
    const last = axes[end];
    let outer = 1;
    let len = 1;
    let inner = 1;
    for (let i = 0; i < first; i++) outer *= shape[i];
    for (let i = first; i <= last; i++) len *= shape[i];
    for (let i = last + 1; i < shape.length; i++) inner *= shape[i];
    shape = shape.slice();
    for (let i = first; i <= last; i++) shape[i] = 1;
    const next = Tensor.empty(shape);
    if (next.size > 0) {
      if (len === 0) {
        if (emptyValue === null) {
          throw new RangeError(`${op}: cannot reduce an empty dimension (axis ${first} of shape ${formatShape(x.shape)})`);
        }
        kernels.fill(next, emptyValue);
      } else {
        kernels.reduceAxis(kind, current, next, outer, len, inner);
      }
    }
    if (current !== x) current.dispose();
    current = next;
    end = start - 1;
  }
  return current === x ? x.clone() : current;
}

export function sum(input: Tensor, axis?: Axis, keepDim?: boolean): Tensor {
  const x = checkTensor(input, 'sum', 'input');
  const axes = reductionAxes(x, axis, 'sum');
  const keep = checkKeepDim(keepDim, 'sum');
  const finalShape = reducedShape(x.shape, axes, keep);
  let out: Tensor;
  if (axes.length === x.ndim && x.ndim > 0) {
    out = Tensor.empty(finalShape);
    kernels.writeFloat(out, kernels.sumAll(x));
  } else {
    const r = reduceWith(x, axes, 'sum', 'sum', 0);
    out = reshapeOwned(r, finalShape);
  }
  return record(out, 'sum', [x], (g) => [expandBack(g, x, axes)]);
}

export function mean(input: Tensor, axis?: Axis, keepDim?: boolean): Tensor {
  const x = checkTensor(input, 'mean', 'input');
  const axes = reductionAxes(x, axis, 'mean');
  const keep = checkKeepDim(keepDim, 'mean');
  let count = 1;
  for (const a of axes) count *= x.shape[a];
  const finalShape = reducedShape(x.shape, axes, keep);
  // The float64 sum is divided before it is rounded (a mean of large values stays finite);
  // reducing several separate groups of axes takes the mean of means, which never overflows.
  let out: Tensor;
  if (axes.length === x.ndim && x.ndim > 0) {
    out = Tensor.empty(finalShape);
    kernels.writeFloat(out, x.size === 0 ? NaN : kernels.sumAll(x, x.size));
  } else {
    out = reshapeOwned(reduceWith(x, axes, 'mean', 'mean', NaN), finalShape);
  }
  return record(out, 'mean', [x], (g) => [expandBack(g, x, axes).div(count)]);
}

function extreme(isMax: boolean, input: Tensor, axis: Axis, keepDim: boolean | undefined): Tensor {
  const op = isMax ? 'max' : 'min';
  const x = checkTensor(input, op, 'input');
  const axes = reductionAxes(x, axis, op);
  const keep = checkKeepDim(keepDim, op);
  if (x.size === 0) throw new RangeError(`${op}: cannot reduce an empty tensor of shape ${formatShape(x.shape)}`);
  const r = reduceWith(x, axes, op, op, null);
  const out = reshapeOwned(r, reducedShape(x.shape, axes, keep));
  // The gradient is shared evenly among the elements equal to the extreme (as torch.amax).
  return record(out, op, [x], (g, o) => {
    const mask = x.eq(expandBack(o.detach(), x, axes));
    const count = sum(mask, axes, true);
    return [expandBack(g, x, axes).mul(mask).div(count)];
  });
}

export function max(input: Tensor, axis?: Axis, keepDim?: boolean): Tensor {
  return extreme(true, input, axis, keepDim);
}

export function min(input: Tensor, axis?: Axis, keepDim?: boolean): Tensor {
  return extreme(false, input, axis, keepDim);
}

/** The index of the first largest element along `axis` (as float32 values). Not differentiable. */
export function argmax(input: Tensor, axis?: number, keepDim?: boolean): Tensor {
  const x = checkTensor(input, 'argmax', 'input');
  const keep = checkKeepDim(keepDim, 'argmax');
  if (x.size === 0) throw new RangeError(`argmax: cannot reduce an empty tensor of shape ${formatShape(x.shape)}`);
  if (axis === undefined || axis === null) {
    const flat = x.reshape([x.size]);
    const out = Tensor.empty([]);
    kernels.reduceAxis('argmax', flat, out, 1, x.size, 1);
    flat.dispose();
    return out;
  }
  const a = normalizeAxis(axis, x.ndim, 'argmax');
  const [outer, len, inner] = splitAt(x.shape, a);
  const out = Tensor.empty(reducedShape(x.shape, [a], keep));
  kernels.reduceAxis('argmax', x, out, outer, len, inner);
  return out;
}

function softmaxLike(name: SoftmaxKind, input: Tensor, axis: number): { x: Tensor; out: Tensor; a: number } {
  const keepAxis = name !== 'logSumExp';
  const x = checkTensor(input, name, 'input');
  if (axis === undefined) throw new TypeError(`${name}: axis is required`);
  const a = normalizeAxis(axis, x.ndim, name);
  const shape = x.ndim === 0 ? [] : x.shape.slice();
  const [outer, len, inner] = x.ndim === 0 ? [1, 1, 1] : splitAt(x.shape, a);
  if (!keepAxis && x.ndim > 0) shape.splice(a, 1);
  const out = Tensor.empty(shape);
  if (out.size > 0 && len > 0) {
    kernels.softmaxAxis(name, x, out, outer, len, inner);
  } else if (!keepAxis && out.size > 0) {
    kernels.fill(out, -Infinity);
  }
  return { x, out, a };
}

/** softmax along `axis`: exp(x - max) / sum(exp(x - max)). */
export function softmax(input: Tensor, axis: number): Tensor {
  const { x, out, a } = softmaxLike('softmax', input, axis);
  // dx = y ⊙ (g - Σ g⊙y)
  return record(out, 'softmax', [x], (g, y) => [y.mul(g.sub(g.mul(y).sum(a, true)))]);
}

/** logSoftmax along `axis`: x - max - log(sum(exp(x - max))). */
export function logSoftmax(input: Tensor, axis: number): Tensor {
  const { x, out, a } = softmaxLike('logSoftmax', input, axis);
  // dx = g - softmax(x) ⊙ Σ g
  return record(out, 'logSoftmax', [x], (g, y) => [g.sub(y.exp().mul(g.sum(a, true)))]);
}

/** log(sum(exp(x))) along `axis`, stable; the axis is removed (keepDim to keep it as 1). */
export function logSumExp(input: Tensor, axis: number, keepDim?: boolean): Tensor {
  const keep = checkKeepDim(keepDim, 'logSumExp');
  const { x, out, a } = softmaxLike('logSumExp', input, axis);
  const result = keep && x.ndim > 0 ? reshapeOwned(out, reducedShape(x.shape, [a], true)) : out;
  // dx = g ⊙ softmax(x)
  return record(result, 'logSumExp', [x], (g, y) => {
    const yk = y.reshape(reducedShape(x.shape, [a], true));
    const gk = g.reshape(reducedShape(x.shape, [a], true));
    return [gk.mul(x.sub(yk).exp())];
  });
}

/** Sums a (broadcast) gradient down to `shape`, the inverse of expand. Differentiable. */
export function sumToShape(x: Tensor, shape: readonly number[]): Tensor {
  const offset = x.ndim - shape.length;
  if (offset < 0) throw new Error(`sumToShape: cannot reduce ${formatShape(x.shape)} to ${formatShape(shape)}`);
  const axes: number[] = [];
  for (let i = 0; i < x.ndim; i++) {
    if (i < offset || (shape[i - offset] === 1 && x.shape[i] !== 1)) axes.push(i);
  }
  if (axes.length === 0) return x.reshape(shape.slice());
  const s = sum(x, axes, true);
  const out = s.reshape(shape.slice());
  if (!isGradEnabled()) s.dispose(); // else a recorded graph refers to it
  return out;
}

// sort, argsort and topk along a dimension (torch names and semantics), on the stable sort
// kernel (assembly/sort.ts): NaN sorts as the largest value, -0 equals +0, ties keep their
// order. Indices are float32 tensors holding exact integers, as argmax's. While gradients are
// recorded the values are a gather of the input at the indices, so their gradient scatters back
// (zeros where topk left elements out) and can be differentiated again.
import { Tensor, isGradEnabled, withGradMode } from '../tensor.js';
import * as kernels from '../backend/index.js';
import { record } from '../autograd.js';
import { checkTensor, normalizeAxis, describe } from './util.js';
import { splitAt } from './axes.js';
import { gather } from './shape.js';
import { narrow } from './pieces.js';

export interface SortResult {
  values: Tensor;
  indices: Tensor;
}

function checkFlag(value: unknown, op: string, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new TypeError(`${op}: ${name} must be a boolean, got ${describe(value)}`);
  return value;
}

function checkOptions(opts: unknown, op: string): Record<string, unknown> {
  if (opts === undefined) return {};
  if (opts === null || typeof opts !== 'object' || Array.isArray(opts)) throw new TypeError(`${op}: options must be an object, got ${describe(opts)}`);
  return opts as Record<string, unknown>;
}

/** Above this k, topk sorts whole lines: its buffer insertion costs up to k moves per element. */
const TOPK_BUFFER_MAX = 32;

/** The first k of every line along `a` in sort order: values and float32 positions (no graph). */
function sortLines(x: Tensor, a: number, descending: boolean, k: number): SortResult {
  const shape = x.shape.map((d, i) => (i === a ? k : d));
  const values = Tensor.empty(shape);
  const indices = Tensor.empty(shape);
  if (x.ndim === 0) {
    kernels.copy(x, values);
    kernels.fill(indices, 0);
    return { values, indices };
  }
  const [outer, len, inner] = splitAt(x.shape, a);
  if (k === len) {
    kernels.sortAxis(x, values, indices, outer, len, inner, descending);
  } else if (k <= TOPK_BUFFER_MAX) {
    kernels.topkAxis(x, values, indices, outer, len, inner, k, descending);
  } else {
    const full = sortLines(x, a, descending, len);
    for (const [from, to] of [[full.values, values], [full.indices, indices]]) {
      const part = withGradMode(false, () => narrow(from, a, 0, k));
      kernels.copy(part, to);
      part.dispose();
      from.dispose();
    }
  }
  return { values, indices };
}

/**
 * The first k of the sorted lines, recorded: while gradients are recorded the values are
 * x gathered at the indices (the same numbers), whose gradient scatters back and can itself be
 * differentiated.
 */
function sortedPrefix(op: string, x: Tensor, a: number, descending: boolean, k: number): SortResult {
  const result = sortLines(x, a, descending, k);
  if (!(x.requiresGrad && isGradEnabled())) return result;
  if (x.ndim === 0) return { values: record(result.values, op, [x], (g) => [g]), indices: result.indices };
  result.values.dispose();
  return { values: gather(x, a, result.indices), indices: result.indices };
}

export interface SortOptions {
  descending?: boolean;
  stable?: boolean;
}

/** sort's and argsort's arguments checked: the tensor, its axis, the order, the line length. */
function sortArguments(op: string, input: Tensor, dim: number, opts: SortOptions | undefined) {
  const x = checkTensor(input, op, 'input');
  const a = normalizeAxis(dim, x.ndim, op);
  const o = checkOptions(opts, op);
  const descending = checkFlag(o.descending, op, 'descending', false);
  checkFlag(o.stable, op, 'stable', true);
  return { x, a, descending, len: x.ndim === 0 ? 1 : x.shape[a] };
}

/**
 * Sorts along `dim` (default the last): { values, indices } with values[..., j, ...] =
 * input[..., indices[..., j, ...], ...]. Always stable, so `stable: false` (any order of ties)
 * gets the stable order too.
 */
export function sort(input: Tensor, dim = -1, opts?: SortOptions): SortResult {
  const { x, a, descending, len } = sortArguments('sort', input, dim, opts);
  return sortedPrefix('sort', x, a, descending, len);
}

/** The indices that sort `input` along `dim` (sort's indices); not differentiable. */
export function argsort(input: Tensor, dim = -1, opts?: SortOptions): Tensor {
  const { x, a, descending, len } = sortArguments('argsort', input, dim, opts);
  const { values, indices } = sortLines(x, a, descending, len);
  values.dispose();
  return indices;
}

/**
 * The k largest (or, with largest: false, smallest) elements along `dim` (default the last),
 * in order: { values, indices }. `sorted: false` allows any order; they come sorted anyway.
 * Ties keep their original order (torch leaves the order of ties unspecified).
 */
export function topk(input: Tensor, k: number, opts?: { dim?: number; largest?: boolean; sorted?: boolean }): SortResult {
  const x = checkTensor(input, 'topk', 'input');
  const o = checkOptions(opts, 'topk');
  const a = normalizeAxis(o.dim ?? -1, x.ndim, 'topk');
  const largest = checkFlag(o.largest, 'topk', 'largest', true);
  checkFlag(o.sorted, 'topk', 'sorted', true);
  const n = x.ndim === 0 ? 1 : x.shape[a];
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 0 || k > n) {
    throw new RangeError(`topk: k must be an integer from 0 to ${n} (the size of dimension ${a}), got ${typeof k === 'number' ? k : describe(k)}`);
  }
  if (x.ndim === 0) {
    if (k === 0) throw new RangeError('topk: k must be 1 for a 0-d tensor, got 0');
    return sort(x);
  }
  return sortedPrefix('topk', x, a, largest, k);
}

// sort, argsort and topk along a dimension (torch names and semantics), on the stable sort
// kernel (assembly/sort.ts): NaN sorts as the largest value, -0 equals +0, ties keep their
// order. Indices are float32 tensors holding exact integers, as argmax's. The values'
// gradient goes back through the inverse permutation (a gather, so it can be differentiated
// again); topk's is padded with zeros for the elements it left out.
import { Tensor, isGradEnabled, withGradMode } from '../tensor.js';
import * as kernels from '../backend/index.js';
import { record } from '../autograd.js';
import { checkTensor, normalizeAxis, describe } from './util.js';
import { splitAt } from './axes.js';
import { gather, concat } from './shape.js';
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

/** The raw sort of every line along `a`: values and float32 positions (no graph). */
function sortLines(x: Tensor, a: number, descending: boolean): SortResult {
  const values = Tensor.empty(x.shape);
  const indices = Tensor.empty(x.shape);
  if (x.ndim === 0) {
    kernels.copy(x, values);
    kernels.fill(indices, 0);
  } else {
    kernels.sortAxis(x, values, indices, ...splitAt(x.shape, a), descending);
  }
  return { values, indices };
}

/** The first k of the sorted lines of x along `a`, recorded: the gradient scatters back. */
function sortedPrefix(op: string, x: Tensor, a: number, descending: boolean, k: number): SortResult {
  const full = sortLines(x, a, descending);
  const n = x.ndim === 0 ? 1 : x.shape[a];
  let { values, indices } = full;
  if (k < n) {
    [values, indices] = withGradMode(false, () => [narrow(full.values, a, 0, k), narrow(full.indices, a, 0, k)]);
    full.values.dispose();
  }
  // inverse[perm[j]] = j: sorting the permutation gives it (positions are distinct integers).
  const inverse = x.requiresGrad && isGradEnabled() && x.ndim > 0 ? sortLines(full.indices, a, false) : null;
  if (inverse !== null) inverse.values.dispose();
  if (indices !== full.indices) full.indices.dispose();
  record(values, op, [x], (g) => {
    if (inverse === null) return [g];
    const padShape = g.shape.map((d, i) => (i === a ? n - k : d));
    const padded = k < n ? concat([g, Tensor.filled(padShape, 0)], a) : g;
    return [gather(padded, a, inverse.indices)];
  });
  return { values, indices };
}

/**
 * Sorts along `dim` (default the last): { values, indices } with values[..., j, ...] =
 * input[..., indices[..., j, ...], ...]. Always stable, so `stable: false` (any order of ties)
 * gets the stable order too.
 */
export function sort(input: Tensor, dim = -1, opts?: { descending?: boolean; stable?: boolean }): SortResult {
  const x = checkTensor(input, 'sort', 'input');
  const a = normalizeAxis(dim, x.ndim, 'sort');
  const o = checkOptions(opts, 'sort');
  const descending = checkFlag(o.descending, 'sort', 'descending', false);
  checkFlag(o.stable, 'sort', 'stable', true);
  return sortedPrefix('sort', x, a, descending, x.ndim === 0 ? 1 : x.shape[a]);
}

/** The indices that sort `input` along `dim` (sort's indices); not differentiable. */
export function argsort(input: Tensor, dim = -1, opts?: { descending?: boolean; stable?: boolean }): Tensor {
  const x = checkTensor(input, 'argsort', 'input');
  const a = normalizeAxis(dim, x.ndim, 'argsort');
  const o = checkOptions(opts, 'argsort');
  const descending = checkFlag(o.descending, 'argsort', 'descending', false);
  checkFlag(o.stable, 'argsort', 'stable', true);
  const { values, indices } = sortLines(x, a, descending);
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

// Shape ops: views (reshape, detach), strided copies (transpose, expand, slice), joins
// (concat, stack) and indexing (indexSelect, gather). Each defines its backward beside it.
import { Tensor, formatShape, shapeSize, viewWithShape, checkShape, withGradMode } from '../tensor.js';
import * as kernels from '../backend/index.js';
import { record } from '../autograd.js';
import { checkTensor, contiguousStrides, normalizeAxis, describe, sameShape } from './util.js';
import { sumToShape } from './reduce.js';

/** A new tensor with the same data and shape, outside the graph (shares storage, like torch). */
export function detach(x: Tensor): Tensor {
  checkTensor(x, 'detach', 'input');
  return viewWithShape(x, x.shape);
}

/** A copy with its own storage; gradients flow back to the original. */
export function clone(input: Tensor): Tensor {
  const x = checkTensor(input, 'clone', 'input');
  const out = Tensor.empty(x.shape);
  kernels.copy(x, out);
  return record(out, 'clone', [x], (g) => [g]);
}

function resolveShape(x: Tensor, shape: unknown, op: string): number[] {
  if (!Array.isArray(shape)) throw new TypeError(`${op}: shape must be an array of integers, got ${describe(shape)}`);
  let inferred = -1;
  let known = 1;
  shape.forEach((d, i) => {
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < -1) {
      throw new RangeError(`${op}: shape [${shape.map(String).join(',')}] has an invalid dimension ${typeof d === 'bigint' ? `${d}n` : String(d)} at ${i}`);
    }
    if (d === -1) {
      if (inferred >= 0) throw new RangeError(`${op}: shape ${formatShape(shape)} has more than one -1`);
      inferred = i;
    } else known *= d;
  });
  const out = shape.slice() as number[];
  if (inferred >= 0) {
    if (known === 0 || x.size % known !== 0) {
      throw new RangeError(`${op}: cannot reshape ${formatShape(x.shape)} (${x.size} elements) to ${formatShape(shape)}`);
    }
    out[inferred] = x.size / known;
  }
  if (shapeSize(out) !== x.size) {
    throw new RangeError(`${op}: cannot reshape ${formatShape(x.shape)} (${x.size} elements) to ${formatShape(out)} (${shapeSize(out)} elements)`);
  }
  return checkShape(out, `${op}: shape`); // an empty tensor's shape stays within what memory can hold
}

/** The same data with a new shape (one dimension may be -1); a view, no copy. */
export function reshape(input: Tensor, shape: number[]): Tensor {
  const x = checkTensor(input, 'reshape', 'input');
  const target = resolveShape(x, shape, 'reshape');
  const out = viewWithShape(x, target);
  return record(out, 'reshape', [x], (g) => [g.reshape(x.shape as number[])]);
}

/** Merges dimensions startDim..endDim into one (torch.flatten); a view. A 0-d tensor becomes [1]. */
export function flatten(input: Tensor, startDim = 0, endDim = -1): Tensor {
  const x = checkTensor(input, 'flatten', 'input');
  if (x.ndim === 0) return reshape(x, [1]);
  const a = normalizeAxis(startDim, x.ndim, 'flatten');
  const b = normalizeAxis(endDim, x.ndim, 'flatten');
  if (a > b) throw new RangeError(`flatten: startDim ${startDim} comes after endDim ${endDim} for a tensor of ${x.ndim} dimensions`);
  const merged = x.shape.slice(a, b + 1).reduce((p, d) => p * d, 1);
  return reshape(x, [...x.shape.slice(0, a), merged, ...x.shape.slice(b + 1)]);
}

/** Strided copy into a new contiguous tensor of `shape`, reading x with `strides` (elements). */
function stridedCopy(x: Tensor, shape: number[], strides: number[], offset = 0): Tensor {
  const out = Tensor.empty(shape);
  if (out.size === 0) return out;
  kernels.stridedCopy(x, offset, out, shape, strides);
  return out;
}

/** Broadcasts x to `shape` (NumPy rules; -1 keeps a dimension, as torch), materialising the copy. */
export function expand(input: Tensor, shape: number[]): Tensor {
  const x = checkTensor(input, 'expand', 'input');
  if (!Array.isArray(shape)) throw new TypeError(`expand: shape must be an array of integers, got ${describe(shape)}`);
  const offset = shape.length - x.ndim;
  if (offset < 0) throw new Error(`expand: cannot expand ${formatShape(x.shape)} to fewer dimensions ${formatShape(shape)}`);
  const target = checkShape(shape.map((d, i) => (d === -1 && i >= offset ? x.shape[i - offset] : d)), 'expand: shape');
  const own = contiguousStrides(x.shape);
  const strides = target.map((d, i) => {
    const k = i - offset;
    if (k < 0) return 0;
    if (x.shape[k] === d) return own[k];
    if (x.shape[k] === 1) return 0;
    throw new Error(`expand: shape ${formatShape(x.shape)} cannot be broadcast to ${formatShape(target)}`);
  });
  if (sameShape(x.shape, target)) return clone(x);
  const out = stridedCopy(x, target, strides);
  return record(out, 'expand', [x], (g) => [sumToShape(g, x.shape)]);
}

/** Reorders dimensions: out.shape[i] = x.shape[dims[i]]. */
export function permute(input: Tensor, dims: number[]): Tensor {
  const x = checkTensor(input, 'permute', 'input');
  if (!Array.isArray(dims) || dims.length !== x.ndim) {
    throw new RangeError(`permute: dims ${JSON.stringify(dims)} must list each of the ${x.ndim} dimensions of ${formatShape(x.shape)} once`);
  }
  const axes = dims.map((d) => normalizeAxis(d, x.ndim, 'permute'));
  if (new Set(axes).size !== axes.length) throw new RangeError(`permute: dims ${JSON.stringify(dims)} repeats a dimension`);
  const own = contiguousStrides(x.shape);
  const out = stridedCopy(x, axes.map((a) => x.shape[a]), axes.map((a) => own[a]));
  const inverse = new Array<number>(axes.length);
  axes.forEach((a, i) => (inverse[a] = i));
  return record(out, 'permute', [x], (g) => [permute(g, inverse)]);
}

/** Swaps two dimensions (default: the last two, so a matrix transposes). */
export function transpose(input: Tensor, dim0?: number, dim1?: number): Tensor {
  const x = checkTensor(input, 'transpose', 'input');
  if (x.ndim < 2 && dim0 === undefined) return clone(x);
  const a = normalizeAxis(dim0 ?? -2, x.ndim, 'transpose');
  const b = normalizeAxis(dim1 ?? -1, x.ndim, 'transpose');
  const dims = x.shape.map((_, i) => i);
  dims[a] = b;
  dims[b] = a;
  return permute(x, dims);
}

export type SliceSpec = number | [number | null, number | null] | [number | null, number | null, number] | null;

/**
 * slice(x, begin, size) as in tf.slice (size -1 = to the end), or x.slice([[start, stop, step?],
 * ...]) per dimension (null keeps a dimension whole; a number i keeps [i, i + 1]). Negative
 * indices count from the end, a null start or stop is open (x[:, -2:] is
 * x.slice([null, [-2, null]])), and [start, stop] bounds past either end are clamped to it, as
 * Python's slices are (a single index and the tf form stay strict); a step is a positive
 * integer. Returns a copy.
 */
export function slice(input: Tensor, begin: number[] | SliceSpec[], size?: number[]): Tensor {
  const x = checkTensor(input, 'slice', 'input');
  if (!Array.isArray(begin) || begin.length > x.ndim) {
    throw new RangeError(`slice: begin ${JSON.stringify(begin)} must have at most ${x.ndim} entries for shape ${formatShape(x.shape)}`);
  }
  if (size !== undefined && (!Array.isArray(size) || size.length > x.ndim)) {
    throw new RangeError(`slice: size ${JSON.stringify(size)} must have at most ${x.ndim} entries for shape ${formatShape(x.shape)}`);
  }
  const starts: number[] = [];
  const lengths: number[] = [];
  const steps: number[] = [];
  x.shape.forEach((dim, i) => {
    const spec = begin[i];
    let start = 0;
    let stop = dim;
    let step = 1;
    if (size !== undefined) {
      start = (spec as number) ?? 0;
      const len = size[i] ?? -1;
      if (typeof start !== 'number' || !Number.isInteger(start)) throw new TypeError(`slice: begin[${i}] must be an integer, got ${describe(start)}`);
      if (typeof len !== 'number' || !Number.isInteger(len) || len < -1) throw new RangeError(`slice: size[${i}] must be an integer >= -1, got ${describe(len)}`);
      if (start < 0) start += dim;
      stop = len === -1 ? dim : start + len;
    } else if (Array.isArray(spec)) {
      if (spec.length < 2 || spec.length > 3) throw new RangeError(`slice: dimension ${i}: expected [start, stop] or [start, stop, step], got ${JSON.stringify(spec)}`);
      start = spec[0] === null ? 0 : spec[0] < 0 ? spec[0] + dim : spec[0]; // null: open bound
      stop = spec[1] === null ? dim : spec[1] < 0 ? spec[1] + dim : spec[1];
      step = spec[2] ?? 1;
      if (!Number.isInteger(step) || step < 1) throw new RangeError(`slice: dimension ${i}: step must be a positive integer, got ${String(step)}`);
      if (!Number.isInteger(start) || !Number.isInteger(stop)) {
        throw new RangeError(`slice: dimension ${i}: bounds must be integers or null, got ${JSON.stringify(spec)}`);
      }
      // Python's slicing, as torch's: bounds past either end are clamped to it.
      start = Math.min(Math.max(start, 0), dim);
      stop = Math.min(Math.max(stop, start), dim);
    } else if (typeof spec === 'number') {
      start = spec < 0 ? spec + dim : spec;
      stop = start + 1;
    } else if (spec !== null && spec !== undefined) {
      throw new TypeError(`slice: dimension ${i}: expected [start, stop], a number or null, got ${describe(spec)}`);
    }
    if (!(Number.isInteger(start) && Number.isInteger(stop)) || start < 0 || stop > dim || start > stop) {
      throw new RangeError(`slice: dimension ${i} of ${formatShape(x.shape)}: range [${start}, ${stop}) is out of bounds`);
    }
    starts.push(start);
    lengths.push(Math.ceil((stop - start) / step));
    steps.push(step);
  });
  const own = contiguousStrides(x.shape);
  let offset = 0;
  starts.forEach((s, i) => (offset += lengths[i] > 0 ? s * own[i] : 0));
  const out = stridedCopy(x, lengths, own.map((st, i) => st * steps[i]), offset);
  return record(out, 'slice', [x], (g) => [padInto(g, x.shape, starts, steps)]);
}

/** The inverse of slice for gradients: zeros of `shape` with g placed at starts + i·steps. */
function padInto(g: Tensor, shape: readonly number[], starts: number[], steps: number[]): Tensor {
  const out = Tensor.empty(shape);
  kernels.fill(out, 0);
  if (g.size > 0) {
    const own = contiguousStrides(shape);
    const last = g.ndim - 1;
    const inner = g.ndim === 0 ? 1 : g.shape[last];
    const innerStep = g.ndim === 0 ? 1 : steps[last] * own[last];
    const rowOffsets = new Int32Array(g.size / inner);
    for (let r = 0; r < rowOffsets.length; r++) {
      let rem = r;
      let off = g.ndim === 0 ? 0 : starts[last] * own[last];
      for (let k = last - 1; k >= 0; k--) {
        const idx = rem % g.shape[k];
        rem = Math.floor(rem / g.shape[k]);
        off += (starts[k] + idx * steps[k]) * own[k];
      }
      rowOffsets[r] = off;
    }
    kernels.placeRows(g, out, rowOffsets, inner, innerStep);
  }
  // Its own gradient is the slice again, so createGraph differentiates through it.
  return record(out, 'pad', [g], (gg) => [slice(gg, starts.map((s, i) => [s, s + (g.shape[i] - 1) * steps[i] + 1, steps[i]] as [number, number, number]))]);
}

/** Joins tensors along an existing axis. */
export function concat(tensors: Tensor[], axis = 0): Tensor {
  if (!Array.isArray(tensors) || tensors.length === 0) throw new RangeError('concat: tensors must be a non-empty array of Tensors');
  tensors.forEach((t, i) => checkTensor(t, 'concat', `tensors[${i}]`));
  const first = tensors[0];
  if (first.ndim === 0) throw new RangeError('concat: zero-dimensional tensors cannot be concatenated (use stack)');
  const a = normalizeAxis(axis, first.ndim, 'concat');
  tensors.forEach((t, i) => {
    const ok = t.ndim === first.ndim && t.shape.every((d, k) => k === a || d === first.shape[k]);
    if (!ok) throw new Error(`concat: tensors[${i}] has shape ${formatShape(t.shape)}, incompatible with ${formatShape(first.shape)} along axis ${a}`);
  });
  const shape = first.shape.slice();
  shape[a] = tensors.reduce((s, t) => s + t.shape[a], 0);
  const out = Tensor.empty(shape);
  let outer = 1;
  for (let i = 0; i < a; i++) outer *= shape[i];
  const rowOut = out.size / Math.max(outer, 1);
  let at = 0;
  for (const t of tensors) {
    const chunk = t.size / Math.max(outer, 1);
    for (let o = 0; o < outer && chunk > 0; o++) kernels.copyRange(t, o * chunk, out, o * rowOut + at, chunk);
    at += chunk;
  }
  const sizes = tensors.map((t) => t.shape[a]);
  return record(out, 'concat', tensors, (g) => {
    let start = 0;
    return sizes.map((len) => {
      const begin = g.shape.map((_, k) => (k === a ? start : 0));
      const size = g.shape.map((d, k) => (k === a ? len : d));
      start += len;
      return slice(g, begin, size);
    });
  });
}

/** Joins same-shaped tensors along a new axis. */
export function stack(tensors: Tensor[], axis = 0): Tensor {
  if (!Array.isArray(tensors) || tensors.length === 0) throw new RangeError('stack: tensors must be a non-empty array of Tensors');
  tensors.forEach((t, i) => {
    checkTensor(t, 'stack', `tensors[${i}]`);
    if (!sameShape(t.shape, tensors[0].shape)) {
      throw new Error(`stack: tensors[${i}] has shape ${formatShape(t.shape)}, expected ${formatShape(tensors[0].shape)}`);
    }
  });
  const a = normalizeAxis(axis, tensors[0].ndim + 1, 'stack');
  const shape = tensors[0].shape.slice();
  shape.splice(a, 0, 1);
  // Views with the new axis, outside the graph: the stack records its own backward below.
  const views = tensors.map((t) => viewWithShape(t, shape));
  const out = withGradMode(false, () => concat(views, a));
  for (const v of views) v.dispose();
  const inputShape = tensors[0].shape as number[];
  return record(out, 'stack', tensors, (g) =>
    tensors.map((_, i) => {
      const begin = g.shape.map((_d, k) => (k === a ? i : 0));
      const size = g.shape.map((d, k) => (k === a ? 1 : d));
      return slice(g, begin, size).reshape(inputShape); // temporaries: freed by the backward walk
    }),
  );
}

/** Converts index input (Int32Array, number[], or Tensor of integers) to checked integers. */
export function toIndices(indices: unknown, limit: number, op: string, arg = 'indices'): Int32Array {
  let values: ArrayLike<number>;
  if (indices instanceof Int32Array) values = indices;
  else if (indices instanceof Tensor) values = indices.toFloat32Array();
  else if (Array.isArray(indices) || ArrayBuffer.isView(indices)) values = indices as ArrayLike<number>;
  else throw new TypeError(`${op}: ${arg} must be an Int32Array, number[] or Tensor, got ${describe(indices)}`);
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isInteger(v) || v < -limit || v >= limit) {
      throw new RangeError(`${op}: ${arg}[${i}] = ${v} is out of range for a dimension of size ${limit}`);
    }
    out[i] = v < 0 ? v + limit : v;
  }
  return out;
}

/** Selects entries along `axis` by index (torch.index_select); repeats allowed. */
export function indexSelect(input: Tensor, axis: number, indices: Int32Array | number[] | Tensor): Tensor {
  const x = checkTensor(input, 'indexSelect', 'input');
  if (x.ndim === 0) throw new RangeError('indexSelect: input must have at least one dimension, got shape []');
  const a = normalizeAxis(axis, x.ndim, 'indexSelect');
  const idx = toIndices(indices, x.shape[a], 'indexSelect');
  const shape = x.shape.slice();
  shape[a] = idx.length;
  const out = Tensor.empty(shape);
  let outer = 1;
  for (let i = 0; i < a; i++) outer *= x.shape[i];
  const inner = x.size / Math.max(outer * x.shape[a], 1);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < idx.length; j++) {
      kernels.copyRange(x, (o * x.shape[a] + idx[j]) * inner, out, (o * idx.length + j) * inner, inner);
    }
  }
  return record(out, 'indexSelect', [x], (g) => [indexAdd(g, x.shape, a, idx)]);
}

/** Zeros of `shape` with g's slices added at `idx` along `axis` (the transpose of indexSelect). */
function indexAdd(g: Tensor, shape: readonly number[], a: number, idx: Int32Array): Tensor {
  const out = Tensor.empty(shape);
  kernels.fill(out, 0);
  let outer = 1;
  for (let i = 0; i < a; i++) outer *= shape[i];
  const inner = out.size / Math.max(outer * shape[a], 1);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < idx.length; j++) {
      kernels.addRange(g, (o * idx.length + j) * inner, out, (o * shape[a] + idx[j]) * inner, inner);
    }
  }
  return record(out, 'indexAdd', [g], (gg) => [indexSelect(gg, a, idx)]);
}

/** torch.gather: out[i][j] = x[i][index[i][j]] along `axis`; index has x's rank. */
export function gather(input: Tensor, axis: number, index: Tensor | number[][] | number[]): Tensor {
  const x = checkTensor(input, 'gather', 'input');
  if (x.ndim === 0) throw new RangeError('gather: input must have at least one dimension, got shape []');
  const a = normalizeAxis(axis, x.ndim, 'gather');
  const indexTensor = index instanceof Tensor ? checkTensor(index, 'gather', 'index') : null;
  if (indexTensor === null && !Array.isArray(index)) {
    throw new TypeError(`gather: index must be a Tensor or nested arrays of integers, got ${describe(index)}`);
  }
  const idxShape = indexTensor ? indexTensor.shape.slice() : inferShape(index);
  if (idxShape.length !== x.ndim) {
    throw new Error(`gather: index of shape ${formatShape(idxShape)} must have as many dimensions as input ${formatShape(x.shape)}`);
  }
  idxShape.forEach((d, k) => {
    if (k !== a && d > x.shape[k]) throw new Error(`gather: index shape ${formatShape(idxShape)} exceeds input ${formatShape(x.shape)} at dimension ${k}`);
  });
  const flatIdx = toIndices(indexTensor ?? (index as number[]).flat(Infinity), x.shape[a], 'gather', 'index');
  if (flatIdx.length !== shapeSize(idxShape)) {
    throw new RangeError(`gather: index is a ragged nested array (${flatIdx.length} values for shape ${formatShape(idxShape)})`);
  }
  return takeAt(x, gatherOffsets(x.shape, idxShape, a, flatIdx), idxShape);
}

/** out[i] = x.flat[offsets[i]], shaped `shape`; the gradient scatters back (takeAt's transpose). */
function takeAt(x: Tensor, offsets: Int32Array, shape: readonly number[]): Tensor {
  const out = Tensor.empty(shape);
  kernels.takeOffsets(x, offsets, out);
  return record(out, 'gather', [x], (g) => [scatterAdd(g, x.shape, offsets)]);
}

function inferShape(value: unknown): number[] {
  const shape: number[] = [];
  let v = value;
  while (Array.isArray(v)) {
    shape.push(v.length);
    v = v[0];
  }
  return shape;
}

function gatherOffsets(shape: readonly number[], idxShape: number[], a: number, idx: Int32Array): Int32Array {
  const own = contiguousStrides(shape);
  const offsets = new Int32Array(idx.length);
  const counter = new Array<number>(idxShape.length).fill(0);
  for (let i = 0; i < idx.length; i++) {
    let off = 0;
    for (let k = 0; k < idxShape.length; k++) off += (k === a ? idx[i] : counter[k]) * own[k];
    offsets[i] = off;
    for (let k = idxShape.length - 1; k >= 0; k--) {
      if (++counter[k] < idxShape[k]) break;
      counter[k] = 0;
    }
  }
  return offsets;
}

function scatterAdd(g: Tensor, shape: readonly number[], offsets: Int32Array): Tensor {
  const out = Tensor.empty(shape);
  kernels.fill(out, 0);
  kernels.scatterAddOffsets(g, offsets, out);
  return record(out, 'scatterAdd', [g], (gg) => [takeAt(gg, offsets, g.shape)]);
}

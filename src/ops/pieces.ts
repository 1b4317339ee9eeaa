// Shape ops of torch's vocabulary, built on slice, concat, reshape, expand and one strided copy:
// narrow, select, split, chunk, flip, roll, repeat, tile. Each is differentiable through the
// ops it is made of (flip records its own backward: it is its own inverse).
import { Tensor, formatShape } from '../tensor.js';
import * as kernels from '../backend/index.js';
import { record } from '../autograd.js';
import { checkTensor, contiguousStrides, normalizeAxis, describe } from './util.js';
import { slice, concat, reshape, expand, clone } from './shape.js';

function checkInteger(value: unknown, op: string, arg: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new TypeError(`${op}: ${arg} must be an integer, got ${describe(value)}`);
  return value;
}

function requireDims(x: Tensor, op: string): void {
  if (x.ndim === 0) throw new RangeError(`${op}: input must have at least one dimension, got shape []`);
}

/** Frees the intermediate results of a composite op unless a recorded graph refers to them. */
function release(result: Tensor, temporaries: Tensor[]): Tensor {
  if (!result.requiresGrad) for (const t of temporaries) if (t !== result) t.dispose();
  return result;
}

/** x[..., start:start+length, ...] along `dim` (start may be negative, counting from the end). */
export function narrow(input: Tensor, dim: number, start: number, length: number): Tensor {
  const x = checkTensor(input, 'narrow', 'input');
  requireDims(x, 'narrow');
  const a = normalizeAxis(dim, x.ndim, 'narrow');
  const n = x.shape[a];
  let s = checkInteger(start, 'narrow', 'start');
  const len = checkInteger(length, 'narrow', 'length');
  if (s < -n || s > n) throw new RangeError(`narrow: start ${start} is out of range for dimension ${a} of size ${n} (shape ${formatShape(x.shape)})`);
  if (s < 0) s += n;
  if (len < 0 || s + len > n) throw new RangeError(`narrow: start ${start} + length ${length} exceeds dimension ${a} of size ${n} (shape ${formatShape(x.shape)})`);
  return slice(x, x.shape.map((_, i) => (i === a ? [s, s + len] : null)));
}

/** x[..., index, ...] along `dim`, that dimension removed (torch.select). */
export function select(input: Tensor, dim: number, index: number): Tensor {
  const x = checkTensor(input, 'select', 'input');
  requireDims(x, 'select');
  const a = normalizeAxis(dim, x.ndim, 'select');
  const n = x.shape[a];
  const i = checkInteger(index, 'select', 'index');
  if (i < -n || i >= n) throw new RangeError(`select: index ${index} is out of range for dimension ${a} of size ${n} (shape ${formatShape(x.shape)})`);
  const part = narrow(x, a, i < 0 ? i + n : i, 1);
  return release(reshape(part, x.shape.filter((_, k) => k !== a) as number[]), [part]);
}

/**
 * Pieces along `dim`: of `sizeOrSizes` each (the last may be smaller) for a number, or of the
 * listed sizes, which must add up to the dimension (torch.split).
 */
export function split(input: Tensor, sizeOrSizes: number | number[], dim = 0): Tensor[] {
  const x = checkTensor(input, 'split', 'input');
  requireDims(x, 'split');
  const a = normalizeAxis(dim, x.ndim, 'split');
  const n = x.shape[a];
  let sizes: number[];
  if (Array.isArray(sizeOrSizes)) {
    sizes = sizeOrSizes.map((s, i) => checkInteger(s, 'split', `sizes[${i}]`));
    if (sizes.some((s) => s < 0) || sizes.reduce((p, q) => p + q, 0) !== n) {
      throw new RangeError(`split: sizes [${sizes.join(', ')}] must be non-negative and add up to dimension ${a} of size ${n} (shape ${formatShape(x.shape)})`);
    }
  } else {
    const size = checkInteger(sizeOrSizes, 'split', 'splitSize');
    if (size < 0 || (size === 0 && n > 0)) throw new RangeError(`split: splitSize must be positive, got ${size}`);
    sizes = n === 0 ? [0] : Array.from({ length: Math.ceil(n / size) }, (_, i) => Math.min(size, n - i * size));
  }
  let start = 0;
  return sizes.map((len) => {
    const piece = narrow(x, a, start, len);
    start += len;
    return piece;
  });
}

/** n pieces of ceil(size / n) along `dim` (fewer when they run out, as torch.chunk). */
export function chunk(input: Tensor, chunks: number, dim = 0): Tensor[] {
  const x = checkTensor(input, 'chunk', 'input');
  requireDims(x, 'chunk');
  const n = checkInteger(chunks, 'chunk', 'chunks');
  if (n < 1) throw new RangeError(`chunk: chunks must be at least 1, got ${chunks}`);
  const a = normalizeAxis(dim, x.ndim, 'chunk');
  const len = x.shape[a];
  return split(x, len === 0 ? 0 : Math.ceil(len / n), a);
}

function dimList(dims: unknown, x: Tensor, op: string, arg: string): number[] {
  const list = Array.isArray(dims) ? dims : [dims];
  const axes = list.map((d) => normalizeAxis(d, x.ndim, op));
  if (new Set(axes).size !== axes.length) throw new RangeError(`${op}: ${arg} ${JSON.stringify(dims)} repeats a dimension`);
  return axes;
}

/** The order of elements reversed along each of `dims` (torch.flip): one strided copy. */
export function flip(input: Tensor, dims: number | number[]): Tensor {
  const x = checkTensor(input, 'flip', 'input');
  const axes = dimList(dims, x, 'flip', 'dims');
  const own = contiguousStrides(x.shape);
  let offset = 0;
  const strides = own.map((s, i) => {
    if (!axes.includes(i)) return s;
    offset += (x.shape[i] - 1) * s;
    return -s;
  });
  const out = Tensor.empty(x.shape);
  if (out.size > 0) kernels.stridedCopy(x, offset, out, x.shape, strides);
  return record(out, 'flip', [x], (g) => [flip(g, axes)]);
}

/**
 * Elements shifted by `shifts` along `dims`, wrapping around (torch.roll); without dims the
 * tensor is rolled as if flattened.
 */
export function roll(input: Tensor, shifts: number | number[], dims?: number | number[]): Tensor {
  const x = checkTensor(input, 'roll', 'input');
  const shiftList = (Array.isArray(shifts) ? shifts : [shifts]).map((s, i) => checkInteger(s, 'roll', `shifts[${i}]`));
  if (dims === undefined || dims === null) {
    if (shiftList.length !== 1) throw new RangeError(`roll: ${shiftList.length} shifts need as many dims`);
    const flat = reshape(x, [x.size]);
    const rolled = roll(flat, shiftList[0], 0);
    return release(reshape(rolled, x.shape as number[]), [flat, rolled]);
  }
  requireDims(x, 'roll');
  const axes = (Array.isArray(dims) ? dims : [dims]).map((d) => normalizeAxis(d, x.ndim, 'roll'));
  if (axes.length !== shiftList.length) throw new RangeError(`roll: shifts ${JSON.stringify(shifts)} and dims ${JSON.stringify(dims)} must have the same length`);
  let current = x;
  const temporaries: Tensor[] = [];
  axes.forEach((a, i) => {
    const n = current.shape[a];
    const s = n === 0 ? 0 : ((shiftList[i] % n) + n) % n;
    if (s === 0) return;
    const tail = narrow(current, a, n - s, s);
    const head = narrow(current, a, 0, n - s);
    temporaries.push(tail, head);
    current = concat([tail, head], a);
    temporaries.push(current);
  });
  return current === x ? clone(x) : release(current, temporaries);
}

function checkReps(reps: unknown[], op: string): number[] {
  const list = reps.length === 1 && Array.isArray(reps[0]) ? (reps[0] as unknown[]) : reps;
  return list.map((r, i) => {
    const v = checkInteger(r, op, `reps[${i}]`);
    if (v < 0) throw new RangeError(`${op}: reps[${i}] must be non-negative, got ${v}`);
    return v;
  });
}

/**
 * The tensor repeated reps[i] times along dimension i (torch.repeat; reps as varargs or one
 * array, at least as many as x has dimensions: x is read with leading dimensions of size 1).
 */
export function repeat(input: Tensor, ...reps: number[] | [number[]]): Tensor {
  const x = checkTensor(input, 'repeat', 'input');
  const r = checkReps(reps, 'repeat');
  if (r.length < x.ndim) {
    throw new RangeError(`repeat: ${r.length} repetitions given for a tensor of ${x.ndim} dimensions ${formatShape(x.shape)}; give at least ${x.ndim}`);
  }
  const shape = [...new Array<number>(r.length - x.ndim).fill(1), ...x.shape];
  // x viewed as [1, s0, 1, s1, ...], expanded to [r0, s0, r1, s1, ...], merged pairwise.
  const spread = reshape(x, shape.flatMap((s) => [1, s]));
  const expanded = expand(spread, shape.flatMap((s, i) => [r[i], s]));
  return release(reshape(expanded, shape.map((s, i) => s * r[i])), [spread, expanded]);
}

/** torch.tile: repeat, with reps padded by leading 1s when shorter than x's dimensions. */
export function tile(input: Tensor, reps: number[]): Tensor {
  const x = checkTensor(input, 'tile', 'input');
  if (!Array.isArray(reps)) throw new TypeError(`tile: reps must be an array of integers, got ${describe(reps)}`);
  const r = checkReps(reps, 'tile');
  return repeat(x, [...new Array<number>(Math.max(x.ndim - r.length, 0)).fill(1), ...r]);
}

// Embedding lookup (torch.nn.functional.embedding): rows of a weight table picked by index.
// Forward gathers rows (gather.ts's gatherRows); the weight gradient scatter-adds the incoming
// rows back, skipping paddingIdx. Both are linear and each is the other's derivative, so
// gradients of gradients work.
import { Tensor, formatShape } from '../tensor.js';
import * as kernels from '../backend/index.js';
import { record } from '../autograd.js';
import { checkTensor, describe } from './util.js';

export interface EmbeddingOptions {
  /** A row that receives no gradient (negative counts from the end). */
  paddingIdx?: number | null;
}

/** Flat integer indices and their shape from a Tensor, Int32Array or (nested) number array. */
function readIndices(indices: unknown, rows: number, op: string): { flat: Int32Array; shape: number[] } {
  let shape: number[];
  let values: ArrayLike<number>;
  if (indices instanceof Tensor) {
    checkTensor(indices, op, 'indices');
    shape = indices.shape.slice();
    values = indices.toFloat32Array();
  } else if (indices instanceof Int32Array) {
    shape = [indices.length];
    values = indices;
  } else if (Array.isArray(indices)) {
    shape = [];
    let level: unknown = indices;
    while (Array.isArray(level)) {
      shape.push(level.length);
      level = level[0];
    }
    values = (indices as unknown[]).flat(Infinity) as number[];
    if (values.length !== shape.reduce((a, b) => a * b, 1)) throw new Error(`${op}: indices is a ragged nested array`);
  } else {
    throw new TypeError(`${op}: indices must be a Tensor, Int32Array or array of integers, got ${describe(indices)}`);
  }
  const flat = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isInteger(v) || v < 0 || v >= rows) {
      throw new RangeError(`${op}: indices[${i}] = ${v} is out of range for a table of ${rows} rows`);
    }
    flat[i] = v;
  }
  return { flat, shape };
}

/** out[..., :] = weight[indices[...], :]; weight is [numEmbeddings, embeddingDim]. */
export function embedding(indices: Tensor | Int32Array | number[] | number[][], weight: Tensor, opts: EmbeddingOptions = {}): Tensor {
  const op = 'embedding';
  if (arguments.length > 3) throw new TypeError(`${op}: expected at most 3 arguments (indices, weight, options), got ${arguments.length}`);
  const w = checkTensor(weight, op, 'weight');
  if (w.ndim !== 2) throw new Error(`${op}: weight must be [numEmbeddings, embeddingDim], got ${formatShape(w.shape)}`);
  const o = (opts ?? {}) as EmbeddingOptions;
  const [rows, dim] = w.shape;
  const skip = checkPaddingIdx(o.paddingIdx, rows, op);
  const { flat, shape } = readIndices(indices, rows, op);
  return gatherRows(w, [...shape, dim]);
  function gatherRows(table: Tensor, outShape: number[]): Tensor {
    const y = Tensor.empty(outShape);
    if (y.size > 0) kernels.gatherRows(table, flat, dim, y);
    return record(y, op, [table], (g) => [scatterRows(g)]);
  }
  function scatterRows(g: Tensor): Tensor {
    const dw = Tensor.empty([rows, dim]);
    if (dw.size > 0) kernels.scatterAddRows(g, flat, dim, dw, rows, skip);
    return record(dw, 'embeddingBackward', [g], (gg) => [gatherRows(gg, g.shape as number[])]);
  }
}

/** torch's padding_idx: -rows ≤ p < rows, negative from the end; -1 in the kernel means none. */
export function checkPaddingIdx(paddingIdx: unknown, rows: number, op: string): number {
  if (paddingIdx === undefined || paddingIdx === null) return -1;
  if (typeof paddingIdx !== 'number' || !Number.isInteger(paddingIdx) || paddingIdx < -rows || paddingIdx >= rows) {
    throw new RangeError(`${op}: paddingIdx must be an integer in [-${rows}, ${rows}), got ${describe(paddingIdx)}`);
  }
  return paddingIdx < 0 ? paddingIdx + rows : paddingIdx;
}

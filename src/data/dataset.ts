// torch.utils.data's map-style datasets: the `Dataset` protocol (`length` and `getItem(i)`),
// `Subset`, `randomSplit`, and the default collation DataLoader applies to a batch of items
// (torch's default_collate: tensors stacked, numbers into a tensor, arrays and objects
// recursively, strings kept as a list).
import { Tensor, assertAlive, formatShape, tidy } from '../tensor.js';
import { noGrad } from '../autograd.js';
import { stack } from '../ops/shape.js';
import { tensor } from '../ops/create.js';
import { Generator, defaultGenerator } from '../random.js';
import { describe } from '../ops/util.js';
import type { Batch } from './loader.js';

/**
 * A map-style data set, as torch's: `length` items, item i from `getItem(i)` — e.g. `{ x, y }`
 * or `[x, y]` of tensors and numbers. Extend it, or pass any object with these two members.
 */
export abstract class Dataset<T = unknown> {
  abstract get length(): number;
  abstract getItem(index: number): T;
}

/** What DataLoader, Subset and randomSplit accept as an item data set. */
export interface ItemDataset<T = unknown> {
  readonly length: number;
  getItem(index: number): T;
}

/** A data set that makes a whole batch at once (TensorDataset, a Subset of one). */
export interface BatchDataset {
  readonly length: number;
  batch(indices: Int32Array): Batch;
}

export function isItemDataset(data: unknown): data is ItemDataset {
  return data !== null && typeof data === 'object' && typeof (data as ItemDataset).getItem === 'function' && isLength((data as ItemDataset).length);
}

export function isBatchDataset(data: unknown): data is BatchDataset {
  return data !== null && typeof data === 'object' && typeof (data as BatchDataset).batch === 'function' && isLength((data as BatchDataset).length);
}

function isLength(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

function checkDataset(data: unknown, op: string): ItemDataset | BatchDataset {
  if (isItemDataset(data) || isBatchDataset(data)) return data;
  throw new TypeError(`${op}: dataset must have a non-negative integer length and getItem(i) (or batch(indices)), got ${describe(data)}`);
}

/** The items of `dataset` at `indices`, in that order (torch.utils.data.Subset). */
export class Subset<T = unknown> implements ItemDataset<T> {
  readonly dataset: ItemDataset<T> | BatchDataset;
  readonly indices: Int32Array;

  constructor(dataset: ItemDataset<T> | BatchDataset, indices: ArrayLike<number>) {
    this.dataset = checkDataset(dataset, 'Subset') as ItemDataset<T> | BatchDataset;
    if (indices === null || typeof indices !== 'object' || typeof indices.length !== 'number') {
      throw new TypeError(`Subset: indices must be an array of integers, got ${describe(indices)}`);
    }
    const n = dataset.length;
    const list = new Int32Array(indices.length);
    for (let i = 0; i < indices.length; i++) {
      const k = indices[i];
      if (!Number.isInteger(k) || k < 0 || k >= n) throw new RangeError(`Subset: indices[${i}] = ${String(k)} is not an index of a data set of length ${n}`);
      list[i] = k;
    }
    this.indices = list;
  }

  get length(): number {
    return this.indices.length;
  }

  getItem(index: number): T {
    const k = this.indices[checkIndex(index, this.indices.length, 'Subset.getItem')];
    if (isItemDataset(this.dataset)) return this.dataset.getItem(k) as T;
    throw new TypeError('Subset.getItem: the underlying data set has no getItem (it makes whole batches); iterate a DataLoader over the subset');
  }

  /** A whole batch from a batch-making data set (TensorDataset), by one gather. */
  batch(indices: Int32Array): Batch {
    if (!isBatchDataset(this.dataset)) return collateBatch(this, indices);
    const inner = indices.map((i) => this.indices[checkIndex(i, this.indices.length, 'Subset.batch')]);
    return { ...this.dataset.batch(inner), indices };
  }
}

export function checkIndex(index: unknown, length: number, op: string): number {
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= length) {
    throw new RangeError(`${op}: index ${typeof index === 'number' ? index : describe(index)} is out of range for length ${length}`);
  }
  return index;
}

export interface RandomSplitOptions {
  /** Seed of a generator made for this split (the global generator without seed or generator). */
  seed?: number;
  /** A generator to draw the permutation from (torch's `generator`). */
  generator?: Generator;
}

/**
 * Splits a data set into non-overlapping random subsets of the given lengths, or of fractions of
 * its length summing to 1 (torch 1.13: floor of each share, the remainder dealt one by one from
 * the first subset on).
 */
export function randomSplit<T>(dataset: ItemDataset<T> | BatchDataset, lengths: number[], options: RandomSplitOptions = {}): Subset<T>[] {
  checkDataset(dataset, 'randomSplit');
  if (!Array.isArray(lengths) || lengths.length === 0 || !lengths.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw new TypeError(`randomSplit: lengths must be a non-empty array of numbers, got ${describe(lengths)}`);
  }
  if (options === null || typeof options !== 'object') throw new TypeError(`randomSplit: options must be an object, got ${describe(options)}`);
  const { seed, generator } = options;
  if (seed !== undefined && generator !== undefined) throw new TypeError('randomSplit: pass seed or generator, not both');
  if (generator !== undefined && !(generator instanceof Generator)) throw new TypeError(`randomSplit: generator must be a d.Generator, got ${describe(generator)}`);
  if (seed !== undefined && !Number.isInteger(seed)) throw new TypeError(`randomSplit: seed must be an integer, got ${describe(seed)}`);
  const n = dataset.length;
  let sizes = lengths.slice();
  const sum = sizes.reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) <= 1e-9 && sum <= 1) {
    sizes = sizes.map((frac, i) => {
      if (frac < 0 || frac > 1) throw new RangeError(`randomSplit: Fraction at index ${i} is not between 0 and 1`);
      return Math.floor(n * frac);
    });
    const remainder = n - sizes.reduce((a, b) => a + b, 0);
    for (let i = 0; i < remainder; i++) sizes[i % sizes.length] += 1;
  }
  sizes.forEach((v, i) => {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`randomSplit: lengths[${i}] = ${v} is neither a count nor a fraction`);
  });
  if (sizes.reduce((a, b) => a + b, 0) !== n) {
    throw new RangeError(`randomSplit: Sum of input lengths does not equal the length of the input dataset! (lengths ${sizes.join(' + ')}, dataset ${n})`);
  }
  const own = seed === undefined ? null : new Generator(seed);
  let order: Int32Array;
  try {
    order = (own ?? generator ?? defaultGenerator()).permutation(n);
  } finally {
    own?.dispose();
  }
  let offset = 0;
  return sizes.map((size) => new Subset<T>(dataset as ItemDataset<T>, order.subarray(offset, (offset += size))));
}

/**
 * torch's default_collate over a batch of items: tensors (all one shape) are stacked on a new
 * first axis, numbers (and booleans, as 0/1) become a float32 tensor, strings stay a list,
 * arrays (all one length) and plain objects (all the same keys) are collated position by
 * position and key by key; typed arrays are tensors' data.
 */
export function collate(items: unknown[], path = 'item'): unknown {
  const first = items[0];
  if (first instanceof Tensor) {
    items.forEach((t, i) => {
      if (!(t instanceof Tensor)) throw new TypeError(`DataLoader: ${path} of item ${i} is ${describe(t)}, but a Tensor in item 0`);
      assertAlive(t, 'DataLoader');
      if (formatShape(t.shape) !== formatShape(first.shape)) {
        throw new RangeError(`DataLoader: cannot stack ${path}: item ${i} has shape ${formatShape(t.shape)}, item 0 ${formatShape(first.shape)}`);
      }
    });
    return stack(items as Tensor[], 0);
  }
  if (typeof first === 'number' || typeof first === 'boolean') {
    return tensor(items.map((v, i) => {
      if (typeof v !== typeof first) throw new TypeError(`DataLoader: ${path} of item ${i} is ${describe(v)}, but a ${typeof first} in item 0`);
      return Number(v);
    }));
  }
  if (typeof first === 'string') return items.map((v, i) => checkSame(v, 'string', path, i));
  if (ArrayBuffer.isView(first) && !(first instanceof DataView)) {
    return collate(items.map((v, i) => {
      if (!ArrayBuffer.isView(v) || v instanceof DataView) throw new TypeError(`DataLoader: ${path} of item ${i} is ${describe(v)}, but a typed array in item 0`);
      return tensor(v as unknown as Float32Array);
    }), path);
  }
  if (Array.isArray(first)) {
    items.forEach((v, i) => {
      if (!Array.isArray(v) || v.length !== first.length) {
        throw new RangeError(`DataLoader: each element in list of batch should be of equal size: ${path} of item ${i} is ${describe(v)}, item 0 has ${first.length} elements`);
      }
    });
    return first.map((_, k) => collate(items.map((v) => (v as unknown[])[k]), `${path}[${k}]`));
  }
  if (first !== null && typeof first === 'object' && (Object.getPrototypeOf(first) === Object.prototype || Object.getPrototypeOf(first) === null)) {
    const keys = Object.keys(first);
    const out: Record<string, unknown> = {};
    items.forEach((v, i) => {
      if (v === null || typeof v !== 'object' || Object.keys(v).join() !== keys.join()) {
        throw new TypeError(`DataLoader: ${path} of item ${i} is ${describe(v)}, expected an object with keys ${keys.join(', ')} as item 0`);
      }
    });
    for (const key of keys) out[key] = collate(items.map((v) => (v as Record<string, unknown>)[key]), `${path}.${key}`);
    return out;
  }
  throw new TypeError(`DataLoader: cannot collate ${path}: ${describe(first)} (items may hold Tensors, numbers, booleans, strings, typed arrays, arrays and plain objects)`);
}

function checkSame(v: unknown, type: string, path: string, i: number): unknown {
  if (typeof v !== type) throw new TypeError(`DataLoader: ${path} of item ${i} is ${describe(v)}, but a ${type} in item 0`);
  return v;
}

/**
 * One batch of an item data set: getItem for each index, collated, outside any graph. Tensors
 * getItem makes are freed once stacked; tensors the data set keeps (returned as they are) are
 * left alone. `x` and `y` are the collated `x`/`y` of `{ x, y }` items, or the first and second
 * of `[x, y]` items (the array itself is the batch too, so `const [x, y] = batch` works).
 */
export function collateBatch(dataset: ItemDataset, indices: Int32Array): Batch {
  const collated = tidy(() => noGrad(() => collate(Array.from(indices, (i) => dataset.getItem(i)))));
  if (Array.isArray(collated)) {
    return Object.assign(collated, { x: collated[0] as Tensor, y: collated[1] as Tensor | undefined, indices });
  }
  if (collated instanceof Tensor) return { x: collated, y: undefined, indices };
  if (collated !== null && typeof collated === 'object') return { ...(collated as { x: Tensor; y?: Tensor }), y: (collated as { y?: Tensor }).y, indices };
  throw new TypeError(`DataLoader: a batch of items collated to ${describe(collated)}; items must be tensors, arrays or objects`);
}

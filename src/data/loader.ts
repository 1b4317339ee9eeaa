// DataLoader: batches of (x, y) rows in order or in a seeded shuffled order. The batch size
// decides the flavour of gradient descent: the whole set (batch), one row (stochastic), or
// anything between (mini-batch).
import { Tensor, assertAlive, formatShape, tidy } from '../tensor.js';
import { Generator, defaultGenerator } from '../random.js';
import { describe } from '../ops/util.js';
import * as kernels from '../backend/index.js';
import { type BatchDataset, type ItemDataset, checkIndex, collateBatch, isBatchDataset, isItemDataset } from './dataset.js';

/** Targets: class indices (Int32Array / number[]) or a tensor whose first axis is the sample. */
export type Targets = Tensor | Int32Array | number[];

export interface Batch {
  x: Tensor;
  /** The batch's targets in the form they were given (a Tensor, or an Int32Array of labels). */
  y: Tensor | Int32Array | undefined;
  /** The rows of the data set in this batch. */
  indices: Int32Array;
}

/** Rows of x (and y) indexed along the first axis. */
export class TensorDataset implements BatchDataset {
  readonly x: Tensor;
  readonly y: Tensor | Int32Array | undefined;

  constructor(x: Tensor, y?: Targets) {
    if (!(x instanceof Tensor)) throw new TypeError(`TensorDataset: x must be a Tensor, got ${describe(x)}`);
    assertAlive(x, 'TensorDataset');
    if (x.ndim < 1) throw new RangeError(`TensorDataset: x must have a sample axis, got shape ${formatShape(x.shape)}`);
    this.x = x;
    this.y = y === undefined ? undefined : checkTargets(y, x.shape[0], 'TensorDataset');
  }

  get length(): number {
    return this.x.shape[0];
  }

  /** Row i as torch's TensorDataset[i]: `[x[i], y[i]]` (a label stays a number), or `[x[i]]`. */
  getItem(index: number): [Tensor, (Tensor | number)?] {
    const i = checkIndex(index, this.length, 'TensorDataset.getItem');
    const row = (t: Tensor) => tidy(() => gatherRows(t, Int32Array.of(i)).reshape(t.shape.slice(1)));
    if (this.y === undefined) return [row(this.x)];
    return [row(this.x), this.y instanceof Tensor ? row(this.y) : this.y[i]];
  }

  batch(indices: Int32Array): Batch {
    const x = gatherRows(this.x, indices);
    let y: Tensor | Int32Array | undefined;
    if (this.y instanceof Tensor) y = gatherRows(this.y, indices);
    else if (this.y !== undefined) {
      const labels = this.y;
      y = indices.map((i) => labels[i]);
    }
    return { x, y, indices };
  }
}

/** Rows `indices` of t (first axis) as a new tensor, outside any graph, by one kernel call. */
function gatherRows(t: Tensor, indices: Int32Array): Tensor {
  const rows = t.shape[0];
  for (const i of indices) if (!(i >= 0 && i < rows)) throw new RangeError(`DataLoader: row index ${i} is out of range for ${rows} rows`);
  const out = Tensor.empty([indices.length, ...t.shape.slice(1)]);
  if (out.size === 0) return out;
  kernels.gatherRows(t, indices, t.size / rows, out);
  return out;
}

/** Checks targets have one entry per sample; number[] becomes an Int32Array of integers. */
export function checkTargets(y: unknown, samples: number, op: string): Tensor | Int32Array {
  if (y instanceof Tensor) {
    assertAlive(y, op);
    if (y.ndim < 1 || y.shape[0] !== samples) throw new RangeError(`${op}: y has shape ${formatShape(y.shape)}, expected ${samples} samples on its first axis`);
    return y;
  }
  if (y instanceof Int32Array || Array.isArray(y)) {
    if (y.length !== samples) throw new RangeError(`${op}: y has ${y.length} entries, x has ${samples} samples`);
    if (y instanceof Int32Array) return y;
    y.forEach((v, i) => {
      if (!Number.isInteger(v)) throw new TypeError(`${op}: y[${i}] = ${String(v)} is not an integer label (use a Tensor for real targets)`);
    });
    return Int32Array.from(y);
  }
  throw new TypeError(`${op}: y must be a Tensor, an Int32Array or an array of integer labels, got ${describe(y)}`);
}

export interface DataLoaderOptions {
  /** Rows per batch: the data set's size gives batch GD, 1 gives stochastic GD. */
  batchSize?: number;
  /** Reshuffle the rows at the start of every pass (default false). */
  shuffle?: boolean;
  /** Seed of the loader's own generator (the global generator without it). */
  seed?: number;
  /** Drop the last batch when it is smaller than batchSize (default false). */
  dropLast?: boolean;
}

export class DataLoader implements Iterable<Batch> {
  /** The data set as given (a `{ x, y }` pair becomes a TensorDataset). */
  readonly dataset: ItemDataset | BatchDataset;
  private readonly source: BatchDataset;
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  private generator: Generator | null;
  private disposed = false;

  constructor(data: ItemDataset | BatchDataset | { x: Tensor; y?: Targets }, opts: DataLoaderOptions = {}) {
    if (data === null || typeof data !== 'object') throw new TypeError(`DataLoader: data must be a dataset or { x, y }, got ${describe(data)}`);
    if (isBatchDataset(data)) this.dataset = this.source = data;
    else if (isItemDataset(data)) {
      // Items are collated batch by batch (torch's default_collate).
      const items = data;
      this.dataset = items;
      this.source = { get length() { return items.length; }, batch: (indices) => collateBatch(items, indices) };
    } else {
      this.dataset = this.source = new TensorDataset((data as { x: Tensor }).x, (data as { y?: Targets }).y);
    }
    if (opts === null || typeof opts !== 'object') throw new TypeError(`DataLoader: options must be an object, got ${describe(opts)}`);
    const { batchSize = 1, shuffle = false, seed, dropLast = false } = opts;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`DataLoader: batchSize must be a positive integer, got ${describe(batchSize)}`);
    if (typeof shuffle !== 'boolean') throw new TypeError(`DataLoader: shuffle must be a boolean, got ${describe(shuffle)}`);
    if (typeof dropLast !== 'boolean') throw new TypeError(`DataLoader: dropLast must be a boolean, got ${describe(dropLast)}`);
    if (seed !== undefined && !Number.isInteger(seed)) throw new TypeError(`DataLoader: seed must be an integer, got ${describe(seed)}`);
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.dropLast = dropLast;
    this.generator = seed === undefined ? null : new Generator(seed);
  }

  /** Batches per pass. */
  get length(): number {
    const n = this.source.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /** The row order of one pass: identity, or a fresh seeded permutation. */
  order(): Int32Array {
    if (this.disposed) throw new Error('DataLoader: the loader was disposed and cannot be used');
    const n = this.source.length;
    if (this.shuffle) return (this.generator ?? defaultGenerator()).permutation(n);
    const ids = new Int32Array(n);
    for (let i = 0; i < n; i++) ids[i] = i;
    return ids;
  }

  /** Frees the loader's own generator (a seeded loader's); it cannot shuffle afterwards. */
  dispose(): void {
    this.generator?.dispose();
    this.generator = null;
    this.disposed = true;
  }

  /** One pass over the data. Each batch's tensors belong to the caller (use tidy). */
  *[Symbol.iterator](): Iterator<Batch> {
    const ids = this.order();
    const count = this.length;
    for (let b = 0; b < count; b++) {
      const start = b * this.batchSize;
      yield this.source.batch(ids.subarray(start, Math.min(start + this.batchSize, ids.length)));
    }
  }
}


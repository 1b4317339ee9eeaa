// trainTestSplit (seeded, optionally stratified) and StandardScaler.
import { Tensor, formatShape, fromFloat32 } from '../tensor.js';
import { Generator } from '../random.js';
import { describe, checkTensor } from '../ops/util.js';
import { indexSelect } from '../ops/shape.js';
import { Targets, checkTargets } from './loader.js';

export interface SplitOptions {
  /** Fraction in (0, 1) of the rows, or a number of rows, for the test part (default 0.25). */
  testSize?: number;
  /** Seed of the shuffle (default 0: the same split every run). */
  seed?: number;
  /** Keep class proportions: true to stratify by y, or the labels to stratify by. */
  stratify?: boolean | Int32Array | number[];
}

export interface Split<Y> {
  xTrain: Tensor;
  xTest: Tensor;
  yTrain: Y;
  yTest: Y;
  trainIndices: Int32Array;
  testIndices: Int32Array;
}

function testCount(testSize: unknown, n: number): number {
  if (typeof testSize !== 'number' || !Number.isFinite(testSize) || testSize <= 0) {
    throw new RangeError(`trainTestSplit: testSize must be a fraction in (0, 1) or a positive number of rows, got ${describe(testSize)}`);
  }
  const count = testSize < 1 ? Math.ceil(testSize * n) : testSize; // scikit-learn rounds the test part up
  if (!Number.isInteger(count) || count >= n) {
    throw new RangeError(`trainTestSplit: testSize ${testSize} leaves no training rows out of ${n}`);
  }
  return count;
}

/**
 * Test rows per class: the proportional share, rounded down, then the leftover rows to the
 * classes with the largest remainders (ties in a seeded random order), as scikit-learn's
 * StratifiedShuffleSplit allocates them.
 */
function allocate(counts: number[], total: number, n: number, g: Generator): number[] {
  const exact = counts.map((c) => (c * total) / n);
  const take = exact.map((e) => Math.floor(e));
  let left = total - take.reduce((a, b) => a + b, 0);
  const tieBreak = g.permutation(counts.length);
  const order = counts.map((_, k) => k).sort((a, b) => exact[b] - take[b] - (exact[a] - take[a]) || tieBreak[a] - tieBreak[b]);
  for (const k of order) {
    if (left === 0) break;
    if (take[k] < counts[k]) {
      take[k]++;
      left--;
    }
  }
  return take;
}

function stratifiedIndices(labels: Int32Array, nTest: number, g: Generator): [Int32Array, Int32Array] {
  const classes = Array.from(new Set(labels)).sort((a, b) => a - b);
  const members = classes.map((c) => {
    const rows: number[] = [];
    labels.forEach((v, i) => v === c && rows.push(i));
    return rows;
  });
  const take = allocate(members.map((m) => m.length), nTest, labels.length, g);
  const test: number[] = [];
  const train: number[] = [];
  members.forEach((rows, k) => {
    const p = g.permutation(rows.length);
    p.forEach((j, r) => (r < take[k] ? test : train).push(rows[j]));
  });
  // Shuffle each part so classes are interleaved.
  const shuffle = (ids: number[]) => Int32Array.from(g.permutation(ids.length), (j) => ids[j]);
  return [shuffle(train), shuffle(test)];
}

function stratifyLabels(stratify: SplitOptions['stratify'], y: Tensor | Int32Array | undefined, n: number): Int32Array | null {
  if (stratify === undefined || stratify === false) return null;
  if (stratify === true) {
    if (!(y instanceof Int32Array)) throw new TypeError('trainTestSplit: stratify: true needs y to be integer class labels');
    return y;
  }
  const labels = checkTargets(stratify, n, 'trainTestSplit: stratify');
  if (!(labels instanceof Int32Array)) throw new TypeError('trainTestSplit: stratify must be true or integer labels');
  return labels;
}

/** Splits rows into a training and a test part (scikit-learn's train_test_split). */
export function trainTestSplit<Y extends Targets>(x: Tensor, y: Y, opts: SplitOptions = {}): Split<Y extends number[] ? Int32Array : Y> {
  checkTensor(x, 'trainTestSplit', 'x');
  if (x.ndim < 1) throw new RangeError(`trainTestSplit: x must have a sample axis, got shape ${formatShape(x.shape)}`);
  const n = x.shape[0];
  const targets = checkTargets(y, n, 'trainTestSplit');
  if (opts === null || typeof opts !== 'object') throw new TypeError(`trainTestSplit: options must be an object, got ${describe(opts)}`);
  const { testSize = 0.25, seed = 0, stratify } = opts;
  if (!Number.isInteger(seed)) throw new TypeError(`trainTestSplit: seed must be an integer, got ${describe(seed)}`);
  const nTest = testCount(testSize, n);
  const labels = stratifyLabels(stratify, targets, n);
  const g = new Generator(seed);
  let train: Int32Array;
  let test: Int32Array;
  try {
    if (labels !== null) [train, test] = stratifiedIndices(labels, nTest, g);
    else {
      const p = g.permutation(n);
      test = p.slice(0, nTest);
      train = p.slice(nTest);
    }
  } finally {
    g.dispose();
  }
  const pick = (ids: Int32Array) => (targets instanceof Tensor ? indexSelect(targets, 0, ids) : ids.map((i) => targets[i]));
  return {
    xTrain: indexSelect(x, 0, train),
    xTest: indexSelect(x, 0, test),
    yTrain: pick(train),
    yTest: pick(test),
    trainIndices: train,
    testIndices: test,
  } as Split<Y extends number[] ? Int32Array : Y>;
}

/**
 * Standardises features to zero mean and unit variance (scikit-learn's StandardScaler: the
 * population standard deviation, and a scale of 1 for constant features). Statistics are
 * accumulated in float64.
 */
export class StandardScaler {
  mean: Tensor | null = null;
  scale: Tensor | null = null;

  fit(input: Tensor): this {
    const x = checkTensor(input, 'StandardScaler.fit', 'x');
    if (x.ndim !== 2 || x.shape[0] === 0) throw new RangeError(`StandardScaler.fit: x must be [samples, features] with samples > 0, got ${formatShape(x.shape)}`);
    const [rows, cols] = x.shape;
    const v = x.toFloat32Array();
    const mean = new Float64Array(cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) mean[j] += v[i * cols + j];
    for (let j = 0; j < cols; j++) mean[j] /= rows;
    const variance = new Float64Array(cols);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const dev = v[i * cols + j] - mean[j];
        variance[j] += dev * dev;
      }
    }
    const scale = variance.map((s) => {
      const sd = Math.sqrt(s / rows);
      return sd > 1e-12 ? sd : 1;
    });
    this.dispose();
    this.mean = fromFloat32(mean, [cols]);
    this.scale = fromFloat32(scale, [cols]);
    this.mean.kept = true;
    this.scale.kept = true;
    return this;
  }

  private fitted(op: string, x: Tensor): [Tensor, Tensor] {
    if (this.mean === null || this.scale === null) throw new Error(`StandardScaler.${op}: call fit(x) first`);
    checkTensor(x, `StandardScaler.${op}`, 'x');
    if (x.ndim !== 2 || x.shape[1] !== this.mean.size) {
      throw new RangeError(`StandardScaler.${op}: x ${formatShape(x.shape)} must be [samples, ${this.mean.size}]`);
    }
    return [this.mean, this.scale];
  }

  /** (x - mean) / scale. */
  transform(x: Tensor): Tensor {
    const [mean, scale] = this.fitted('transform', x);
    const centred = x.sub(mean);
    const out = centred.div(scale);
    if (!out.requiresGrad) centred.dispose();
    return out;
  }

  fitTransform(x: Tensor): Tensor {
    return this.fit(x).transform(x);
  }

  /** x·scale + mean. */
  inverseTransform(x: Tensor): Tensor {
    const [mean, scale] = this.fitted('inverseTransform', x);
    const scaled = x.mul(scale);
    const out = scaled.add(mean);
    if (!out.requiresGrad) scaled.dispose();
    return out;
  }

  /** Frees the fitted statistics. */
  dispose(): void {
    this.mean?.dispose();
    this.scale?.dispose();
    this.mean = null;
    this.scale = null;
  }
}

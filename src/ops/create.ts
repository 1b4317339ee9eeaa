// Tensor constructors: from data, filled, ranges, identity and seeded random tensors.
import { Tensor, NestedArray, MAX_DIMS, MAX_ELEMENTS, fromFloat32, checkShape, shapeSize, formatShape } from '../tensor.js';
import { fill } from '../backend/index.js';
import { withGenerator, fillUniform, fillNormal } from '../random.js';
import { checkTensor, describe } from './util.js';

export interface TensorOptions {
  shape?: number[];
  requiresGrad?: boolean;
}

export interface RandomOptions {
  seed?: number;
  requiresGrad?: boolean;
}

function checkRequiresGrad(value: unknown, op: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw new TypeError(`${op}: requiresGrad must be a boolean, got ${describe(value)}`);
  return value;
}

/**
 * Walks nested arrays, checking they are rectangular and hold only numbers. Iterative (any
 * depth), one pass, and the innermost arrays are copied in a tight loop (1e6 numbers in ~10 ms).
 */
function flattenNested(data: NestedArray[]): { values: Float32Array; shape: number[] } {
  const shape: number[] = [];
  let probe: NestedArray = data;
  while (Array.isArray(probe)) {
    if (shape.length === MAX_DIMS) throw new RangeError(`tensor: data is nested more than ${MAX_DIMS} arrays deep (a tensor has at most ${MAX_DIMS} dimensions)`);
    shape.push(probe.length);
    if (probe.length === 0) break;
    probe = probe[0];
  }
  checkShape(shape, 'tensor: data');
  const values = new Float32Array(shapeSize(shape));
  const last = shape.length - 1;
  const arrays: NestedArray[][] = [data];
  const next: number[] = [0]; // per depth: the index of the next child to visit
  const path = (depth: number, index?: number) =>
    next.slice(0, depth).map((i) => `[${i - 1}]`).join('') + (index === undefined ? '' : `[${index}]`);
  let at = 0;
  while (arrays.length > 0) {
    const depth = arrays.length - 1;
    const array = arrays[depth];
    if (depth === last) {
      for (let i = 0; i < array.length; i++) {
        const v = array[i];
        if (typeof v !== 'number') {
          throw new TypeError(`tensor: data${path(depth, i)} must be a number, got ${describe(v)} (ragged or non-numeric nested array)`);
        }
        values[at++] = v;
      }
      arrays.pop();
      next.pop();
      continue;
    }
    const i = next[depth];
    if (i === array.length) {
      arrays.pop();
      next.pop();
      continue;
    }
    next[depth] = i + 1;
    const child = array[i];
    if (!Array.isArray(child) || child.length !== shape[depth + 1]) {
      const got = Array.isArray(child) ? `length ${child.length}` : describe(child);
      throw new RangeError(`tensor: ragged nested array: data${path(depth + 1)} has ${got}, expected length ${shape[depth + 1]} (shape ${formatShape(shape)})`);
    }
    arrays.push(child);
    next.push(0);
  }
  return { values, shape };
}

/** Makes a float32 tensor from a number, nested arrays or a flat typed array (with opts.shape). */
export function tensor(data: NestedArray | Float32Array | ArrayLike<number>, opts: TensorOptions = {}): Tensor {
  if (opts === null || typeof opts !== 'object') throw new TypeError(`tensor: opts must be an object, got ${describe(opts)}`);
  const requiresGrad = checkRequiresGrad(opts.requiresGrad, 'tensor');
  let values: ArrayLike<number>;
  let shape: number[];
  if (typeof data === 'number') {
    values = [data];
    shape = [];
  } else if (typeof BigInt64Array === 'function' && (data instanceof BigInt64Array || data instanceof BigUint64Array)) {
    throw new TypeError(`tensor: data is a ${(data as object).constructor.name}; descent's tensors are float32, convert with Float32Array.from(data, Number)`);
  } else if (ArrayBuffer.isView(data) && !(data instanceof DataView)) {
    values = data as unknown as ArrayLike<number>;
    shape = [values.length];
  } else if (Array.isArray(data)) {
    ({ values, shape } = flattenNested(data as NestedArray[]));
  } else {
    throw new TypeError(`tensor: data must be a number, nested number arrays or a Float32Array, got ${describe(data)}`);
  }
  if (opts.shape !== undefined) {
    const given = checkShape(opts.shape, 'tensor: shape');
    if (shapeSize(given) !== values.length) {
      throw new RangeError(`tensor: shape ${formatShape(given)} needs ${shapeSize(given)} values, data has ${values.length}`);
    }
    shape = given;
  }
  const t = fromFloat32(values, shape);
  t.requiresGrad = requiresGrad;
  return t;
}

function filled(op: string, shape: unknown, value: unknown, opts: TensorOptions | undefined): Tensor {
  const s = checkShape(shape, `${op}: shape`);
  if (typeof value !== 'number') throw new TypeError(`${op}: value must be a number, got ${describe(value)}`);
  const requiresGrad = checkRequiresGrad(opts?.requiresGrad, op);
  const t = Tensor.filled(s, value);
  t.requiresGrad = requiresGrad;
  return t;
}

/** Sizes as one array or as numbers (torch's varargs), then an optional options object. */
type SizesThen<O> = [number[], O?] | number[] | [...number[], O];

function sizesAndOptions<O extends object>(op: string, args: readonly unknown[]): [number[], O | undefined] {
  const last = args[args.length - 1];
  const hasOptions = last !== undefined && last !== null && typeof last === 'object' && !Array.isArray(last);
  const sizes = hasOptions ? args.slice(0, -1) : args.slice();
  if (sizes.length === 1 && Array.isArray(sizes[0])) return [sizes[0] as number[], hasOptions ? (last as O) : undefined];
  for (const v of sizes) if (typeof v !== 'number') throw new TypeError(`${op}: shape must be numbers, ${op}(2, 3), or one array of numbers, ${op}([2, 3]); got ${describe(v)}`);
  return [sizes as number[], hasOptions ? (last as O) : undefined];
}

export function full(shape: number[], value: number, opts: TensorOptions = {}): Tensor {
  return filled('full', shape, value, opts);
}

/** zeros([2, 3]) or zeros(2, 3), with an optional { requiresGrad } last. */
export function zeros(...args: SizesThen<TensorOptions>): Tensor {
  const [shape, opts] = sizesAndOptions<TensorOptions>('zeros', args);
  return filled('zeros', shape, 0, opts);
}

export function ones(...args: SizesThen<TensorOptions>): Tensor {
  const [shape, opts] = sizesAndOptions<TensorOptions>('ones', args);
  return filled('ones', shape, 1, opts);
}

/** An uninitialised tensor (here: zeros, so nothing is ever read uninitialised). */
export function empty(...args: SizesThen<TensorOptions>): Tensor {
  const [shape, opts] = sizesAndOptions<TensorOptions>('empty', args);
  return filled('empty', shape, 0, opts);
}

export function zerosLike(x: Tensor, opts: TensorOptions = {}): Tensor {
  return full(checkTensor(x, 'zerosLike', 'input').shape as number[], 0, opts);
}

export function onesLike(x: Tensor, opts: TensorOptions = {}): Tensor {
  return full(checkTensor(x, 'onesLike', 'input').shape as number[], 1, opts);
}

export function fullLike(x: Tensor, value: number, opts: TensorOptions = {}): Tensor {
  return full(checkTensor(x, 'fullLike', 'input').shape as number[], value, opts);
}

export function randLike(x: Tensor, opts: RandomOptions = {}): Tensor {
  return rand(checkTensor(x, 'randLike', 'input').shape as number[], opts);
}

export function randnLike(x: Tensor, opts: RandomOptions = {}): Tensor {
  return randn(checkTensor(x, 'randnLike', 'input').shape as number[], opts);
}

function checkFinite(value: unknown, name: string, op: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new RangeError(`${op}: ${name} must be a finite number, got ${describe(value)}`);
  return value;
}

/** Values start, start + step, ... below stop (torch.arange); arange(n) counts 0..n-1. */
export function arange(start: number, stop?: number, step = 1): Tensor {
  let lo = checkFinite(start, 'start', 'arange');
  let hi: number;
  if (stop === undefined) {
    hi = lo;
    lo = 0;
  } else hi = checkFinite(stop, 'stop', 'arange');
  checkFinite(step, 'step', 'arange');
  if (step === 0) throw new RangeError('arange: step must be non-zero, got 0');
  if ((hi - lo) / step < 0) throw new RangeError(`arange: step ${step} moves away from stop (start ${lo}, stop ${hi})`);
  const n = Math.ceil((hi - lo) / step);
  if (n > MAX_ELEMENTS) throw new RangeError(`arange: ${n} values (start ${lo}, stop ${hi}, step ${step}), more than Wasm memory can hold (2^30)`);
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) values[i] = lo + i * step;
  return fromFloat32(values, [n]);
}

/** n evenly spaced values from start to stop inclusive (torch.linspace's symmetric formula). */
export function linspace(start: number, stop: number, n: number): Tensor {
  checkFinite(start, 'start', 'linspace');
  checkFinite(stop, 'stop', 'linspace');
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`linspace: n must be a non-negative integer, got ${describe(n)}`);
  if (n > MAX_ELEMENTS) throw new RangeError(`linspace: ${n} values, more than Wasm memory can hold (2^30)`);
  const values = new Float32Array(n);
  if (n === 1) values[0] = start;
  if (n > 1) {
    const step = (stop - start) / (n - 1);
    const half = Math.floor(n / 2);
    for (let i = 0; i < n; i++) values[i] = i < half ? start + step * i : stop - step * (n - 1 - i);
  }
  return fromFloat32(values, [n]);
}

/** The n×m identity matrix (m = n by default): ones on the diagonal. */
export function eye(n: number, m: number = n): Tensor {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`eye: n must be a non-negative integer, got ${describe(n)}`);
  if (!Number.isInteger(m) || m < 0) throw new RangeError(`eye: m must be a non-negative integer, got ${describe(m)}`);
  if (n * m > MAX_ELEMENTS) throw new RangeError(`eye: ${n}×${m} is more than Wasm memory can hold (2^30 elements)`);
  const values = new Float32Array(n * m);
  for (let i = 0; i < Math.min(n, m); i++) values[i * m + i] = 1;
  return fromFloat32(values, [n, m]);
}

function checkSeed(seed: unknown, op: string): number | undefined {
  if (seed === undefined) return undefined;
  if (typeof seed !== 'number' || !Number.isInteger(seed)) throw new TypeError(`${op}: seed must be an integer, got ${describe(seed)}`);
  return seed;
}

/** Uniform values in [0, 1) from the seeded generator (the global one without opts.seed); rand(2, 3) ≡ rand([2, 3]). */
export function rand(...args: SizesThen<RandomOptions>): Tensor {
  const [shape, opts = {}] = sizesAndOptions<RandomOptions>('rand', args);
  const s = checkShape(shape, 'rand: shape');
  const seed = checkSeed(opts?.seed, 'rand');
  const requiresGrad = checkRequiresGrad(opts?.requiresGrad, 'rand');
  const t = Tensor.empty(s);
  withGenerator(seed, (g) => fillUniform(g, t));
  t.requiresGrad = requiresGrad;
  return t;
}

/** Standard normal values (Marsaglia's polar method) from the seeded generator; randn(2, 3) ≡ randn([2, 3]). */
export function randn(...args: SizesThen<RandomOptions>): Tensor {
  const [shape, opts = {}] = sizesAndOptions<RandomOptions>('randn', args);
  const s = checkShape(shape, 'randn: shape');
  const seed = checkSeed(opts?.seed, 'randn');
  const requiresGrad = checkRequiresGrad(opts?.requiresGrad, 'randn');
  const t = Tensor.empty(s);
  withGenerator(seed, (g) => fillNormal(g, t));
  t.requiresGrad = requiresGrad;
  return t;
}

// Small helpers shared by the ops: argument checks, broadcasting rules, axis handling.
import { Tensor, assertAlive, formatShape, fromFloat32 } from '../tensor.js';
import { otherCopyOf } from '../registry.js';

/** Throws a TypeError naming the op and argument unless x is a Tensor. */
export function checkTensor(x: unknown, op: string, arg: string): Tensor {
  if (!(x instanceof Tensor)) {
    throw new TypeError(`${op}: ${arg} must be a Tensor, got ${describe(x)}`);
  }
  checkAlive(x, op, arg);
  return x;
}

/** A Tensor operand or a finite-or-not JavaScript number. */
export function checkOperand(x: unknown, op: string, arg: string): Tensor | number {
  if (typeof x === 'number') return x;
  if (!(x instanceof Tensor)) throw new TypeError(`${op}: ${arg} must be a Tensor or a number, got ${describe(x)}`);
  checkAlive(x, op, arg);
  return x;
}

function checkAlive(x: Tensor, op: string, arg: string): void {
  if (x.disposed) assertAlive(x, `${op}: ${arg}`); // the name is built only for the message
}

export function describe(x: unknown): string {
  if (x === null) return 'null';
  if (typeof x === 'object' && !(x instanceof Tensor)) {
    const other = otherCopyOf(x);
    if (other !== null) return other;
  }
  if (x === undefined) return 'undefined';
  if (Array.isArray(x)) return `an array of length ${x.length}`;
  if (x instanceof Tensor) return `a Tensor of shape ${formatShape(x.shape)}`;
  if (typeof x === 'object') return `a ${(x as object).constructor?.name ?? 'object'}`;
  return `${typeof x} ${String(x)}`;
}

/** NumPy broadcasting of two shapes; the error names the op and both shapes. */
export function broadcastShapes(a: readonly number[], b: readonly number[], op: string): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new Error(`${op}: shapes ${formatShape(a)} and ${formatShape(b)} cannot be broadcast (dimension ${i}: ${da} vs ${db})`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Row-major element strides of a shape. */
export function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

/** Strides of `shape` read as if broadcast to `outShape`: 0 along broadcast dimensions. */
export function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const own = contiguousStrides(shape);
  const offset = outShape.length - shape.length;
  return outShape.map((d, i) => {
    const k = i - offset;
    if (k < 0 || shape[k] === 1) return 0;
    return own[k];
  });
}

/** Normalises a possibly negative axis for a tensor of ndim dimensions. */
export function normalizeAxis(axis: unknown, ndim: number, op: string): number {
  if (typeof axis !== 'number' || !Number.isInteger(axis)) {
    throw new TypeError(`${op}: axis must be an integer, got ${describe(axis)}`);
  }
  const lo = ndim === 0 ? -1 : -ndim;
  const hi = ndim === 0 ? 0 : ndim - 1;
  if (axis < lo || axis > hi) {
    throw new RangeError(`${op}: axis ${axis} is out of range for a tensor of ${ndim} dimensions (expected ${lo} to ${hi})`);
  }
  return axis < 0 ? axis + Math.max(ndim, 1) : axis;
}

/** A scalar constant tensor (used where a number meets an op that needs a tensor). */
export function scalarTensor(value: number): Tensor {
  return fromFloat32([value], []);
}

export { sameShape } from '../tensor.js';

/** A new tensor of x's shape, filled by an elementwise kernel family `(op, x, out)`. */
export function mapKernel(kernel: (op: number, x: Tensor, out: Tensor) => void, op: number, x: Tensor): Tensor {
  const out = Tensor.empty(x.shape);
  kernel(op, x, out);
  return out;
}

/** The sizes given as one array or as separate numbers (torch's varargs: zeros(2, 3) ≡ zeros([2, 3])). */
export function sizesOf(op: string, args: readonly unknown[]): number[] {
  if (args.length === 1 && Array.isArray(args[0])) return args[0] as number[];
  for (const a of args) if (typeof a !== 'number') throw new TypeError(`${op}: sizes must be numbers or one array of numbers, got ${describe(a)}`);
  return args as number[];
}

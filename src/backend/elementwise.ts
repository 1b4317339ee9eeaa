// Elementwise kernel families: binary (with broadcasting), unary and its fused backward,
// leakyRelu, clamp, trig, where, and the vector helpers behind norms and L-BFGS. One function
// per family: a thread pool splits the element range here, where every call passes.
import { K } from './instance.js';
import { writeI32Table } from './memory.js';
import { elementBands, pooledElements, runJob } from './threads.js';
import type { Block } from './data.js';

/** out = a (op) b elementwise, all three of out.size elements. */
export function binary(op: number, a: Block, b: Block, out: Block): void {
  if (pooledElements(out.size, 'binary')) runJob({ kernel: 'binary', args: [op, a.ptr, b.ptr, out.ptr, out.size], total: out.size, bands: elementBands(out.size), kind: 'elements', at: 4, pointers: [1, 2, 3] });
  else if (out.size > 0) K.binary(op, a.ptr, b.ptr, out.ptr, out.size);
}

/** out = a (op) s. */
export function binaryScalarRight(op: number, a: Block, s: number, out: Block): void {
  if (pooledElements(out.size, 'binary')) runJob({ kernel: 'binaryScalarRight', args: [op, a.ptr, s, out.ptr, out.size], total: out.size, bands: elementBands(out.size), kind: 'elements', at: 4, pointers: [1, 3] });
  else if (out.size > 0) K.binaryScalarRight(op, a.ptr, s, out.ptr, out.size);
}

/** out = s (op) b. */
export function binaryScalarLeft(op: number, s: number, b: Block, out: Block): void {
  if (pooledElements(out.size, 'binary')) runJob({ kernel: 'binaryScalarLeft', args: [op, s, b.ptr, out.ptr, out.size], total: out.size, bands: elementBands(out.size), kind: 'elements', at: 4, pointers: [2, 3] });
  else if (out.size > 0) K.binaryScalarLeft(op, s, b.ptr, out.ptr, out.size);
}

/** out = a (op) b over a collapsed broadcast `shape`, reading a and b with element strides. */
export function binaryBroadcast(op: number, a: Block, b: Block, out: Block, shape: readonly number[], aStrides: readonly number[], bStrides: readonly number[]): void {
  const n = shape.length;
  const table = writeI32Table([...shape, ...aStrides, ...bStrides]);
  K.binaryBroadcast(op, a.ptr, b.ptr, out.ptr, n, table, table + 4 * n, table + 8 * n);
}

/** acc += x elementwise (gradient accumulation). */
export function addInPlace(acc: Block, x: Block): void {
  if (acc.size > 0) K.addInPlace(acc.ptr, x.ptr, acc.size);
}

/** out = cond != 0 ? a : b, all of out's shape. */
export function where(cond: Block, a: Block, b: Block, out: Block): void {
  if (out.size > 0) K.where(cond.ptr, a.ptr, b.ptr, out.ptr, out.size);
}

/** out = f(x) for the unary op code's f. */
export function unary(op: number, x: Block, out: Block): void {
  if (pooledElements(out.size, 'unary')) runJob({ kernel: 'unary', args: [op, x.ptr, out.ptr, out.size], total: out.size, bands: elementBands(out.size), kind: 'elements', at: 3, pointers: [1, 2] });
  else if (out.size > 0) K.unary(op, x.ptr, out.ptr, out.size);
}

/** out = g·f'(x) in one pass (y = f(x)). */
export function unaryBackward(op: number, x: Block, y: Block, g: Block, out: Block): void {
  if (pooledElements(out.size, 'unary')) {
    runJob({ kernel: 'unaryBackward', args: [op, x.ptr, y.ptr, g.ptr, out.ptr, out.size], total: out.size, bands: elementBands(out.size), kind: 'elements', at: 5, pointers: [1, 2, 3, 4] });
  } else if (out.size > 0) K.unaryBackward(op, x.ptr, y.ptr, g.ptr, out.ptr, out.size);
}

export function leakyRelu(x: Block, out: Block, slope: number): void {
  if (out.size > 0) K.leakyRelu(x.ptr, out.ptr, out.size, slope);
}

export function leakyReluBackward(x: Block, g: Block, out: Block, slope: number): void {
  if (out.size > 0) K.leakyReluBackward(x.ptr, g.ptr, out.ptr, out.size, slope);
}

export function clamp(x: Block, out: Block, lo: number, hi: number): void {
  if (out.size > 0) K.clamp(x.ptr, out.ptr, out.size, lo, hi);
}

export function clampBackward(x: Block, g: Block, out: Block, lo: number, hi: number): void {
  if (out.size > 0) K.clampBackward(x.ptr, g.ptr, out.ptr, out.size, lo, hi);
}

/** out = sin x or cos x (TRIG_SIN, TRIG_COS). */
export function trig(op: number, x: Block, out: Block): void {
  if (out.size > 0) K.trig(op, x.ptr, out.ptr, out.size);
}

/** out = scale·sign(x). */
export function scaledSign(x: Block, out: Block, scale: number): void {
  if (out.size > 0) K.scaledSign(x.ptr, out.ptr, scale, out.size);
}

/** The number of NaN and ±Infinity elements. */
export function countNonFinite(x: Block): number {
  return K.countNonFinite(x.ptr, x.size);
}

// The kernels behind the tensor vocabulary: the pointwise family (log1p, expm1, reciprocal,
// rsqrt, roundings), scans and products along an axis, vector norms along an axis, and sorting.
// Axis kernels see x as [outer, len, inner] and work on the middle axis.
import { K } from './instance.js';
import { PW_LOG1P, PW_EXPM1, PW_RECIPROCAL, PW_RSQRT, PW_FLOOR, PW_CEIL, PW_ROUND, PW_TRUNC } from '../generated/opcodes.js';
import { scratch } from './memory.js';
import type { Block } from './data.js';

/** The kernel of a PW_* op code (assembly/pointwise.ts has one per op and no entry). */
function pointwiseKernel(op: number): (x: number, out: number, n: number) => void {
  switch (op) {
    case PW_LOG1P: return K.log1pForward;
    case PW_EXPM1: return K.expm1Forward;
    case PW_RECIPROCAL: return K.reciprocalForward;
    case PW_RSQRT: return K.rsqrtForward;
    case PW_FLOOR: return K.floorForward;
    case PW_CEIL: return K.ceilForward;
    case PW_ROUND: return K.roundForward;
    case PW_TRUNC: return K.truncForward;
    default: throw new Error(`descent: internal error: unknown pointwise op code ${op}`);
  }
}

/** out = f(x) for the PW_* op code's f. */
export function pointwise(op: number, x: Block, out: Block): void {
  if (out.size > 0) pointwiseKernel(op)(x.ptr, out.ptr, out.size);
}

export type ScanKind = 'cumsum' | 'cumprod' | 'prod';

/** cumsum/cumprod (out has x's shape) or prod (out is [outer, inner]) along the middle axis. */
export function scanAxis(kind: ScanKind, x: Block, out: Block, outer: number, len: number, inner: number): void {
  if (out.size === 0) return;
  const kernel = kind === 'cumsum' ? K.cumsumAxis : kind === 'cumprod' ? K.cumprodAxis : K.prodAxis;
  kernel(x.ptr, out.ptr, outer, len, inner);
}

/** out[o, i] = the norm (NORM_L1, NORM_L2, NORM_INF, NORM_NEG_INF, NORM_ZERO) of x[o, :, i]. */
export function normAxis(mode: number, x: Block, out: Block, outer: number, len: number, inner: number): void {
  if (out.size > 0) K.normAxis(mode, x.ptr, out.ptr, outer, len, inner);
}

/** Sorts every line of the middle axis, stably; indices are float32 positions along it. */
export function sortAxis(x: Block, values: Block, indices: Block, outer: number, len: number, inner: number, descending: boolean): void {
  if (values.size === 0) return;
  const keys = scratch(16 * len + 16);
  K.sortAxis(x.ptr, values.ptr, indices.ptr, outer, len, inner, descending ? 1 : 0, keys, keys + 8 * len);
}

/** The first k of every sorted line (values, indices: [outer, k, inner]), without sorting the rest. */
export function topkAxis(x: Block, values: Block, indices: Block, outer: number, len: number, inner: number, k: number, descending: boolean): void {
  if (values.size === 0) return;
  K.topkAxis(x.ptr, values.ptr, indices.ptr, outer, len, inner, k, descending ? 1 : 0, scratch(8 * k + 16));
}

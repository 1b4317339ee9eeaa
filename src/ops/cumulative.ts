// Cumulative sums and products along an axis, and the product reduction (torch.cumsum,
// torch.cumprod, torch.prod), on the scan kernels (assembly/scan.ts: float64 running values,
// each output rounded once). Gradients are written with ops, zeros included, as torch's.
import { Tensor, reshapeOwned } from '../tensor.js';
import * as kernels from '../backend/index.js';
import type { ScanKind } from '../backend/index.js';
import { record } from '../autograd.js';
import { checkTensor, normalizeAxis } from './util.js';
import { splitAt, reducedShape, checkKeepDim, expandBack } from './axes.js';
import { flip } from './pieces.js';
import { eq, where } from './elementwise.js';

function scan(kind: ScanKind, x: Tensor, a: number): Tensor {
  const out = Tensor.empty(kind === 'prod' ? reducedShape(x.shape, [a], true) : x.shape);
  if (x.ndim === 0) kernels.copy(x, out);
  else kernels.scanAxis(kind, x, out, ...splitAt(x.shape, a));
  return out;
}

/** out[..., l, ...] = Σ_{j ≤ l} x[..., j, ...] along `axis` (required, as torch's dim). */
export function cumsum(input: Tensor, axis: number): Tensor {
  const x = checkTensor(input, 'cumsum', 'input');
  const a = normalizeAxis(axis, x.ndim, 'cumsum');
  // The gradient is the reversed cumulative sum of g.
  return record(scan('cumsum', x, a), 'cumsum', [x], (g) => [reverseCumsum(g, a)]);
}

/** The reversed cumulative sum along a (Σ_{j ≥ l}). */
function reverseCumsum(t: Tensor, a: number): Tensor {
  return t.ndim === 0 ? t : flip(cumsum(flip(t, [a]), a), [a]);
}

/** out[..., l, ...] = Π_{j ≤ l} x[..., j, ...] along `axis`. */
export function cumprod(input: Tensor, axis: number): Tensor {
  const x = checkTensor(input, 'cumprod', 'input');
  const a = normalizeAxis(axis, x.ndim, 'cumprod');
  return record(scan('cumprod', x, a), 'cumprod', [x], (g, y) => [cumprodGradient(g, x, y, a)]);
}

/**
 * d/dx_k of Σ_j g_j y_j = Σ_{j ≥ k} g_j Π_{i ≤ j, i ≠ k} x_i, exact with zeros (as torch): before
 * the first zero of a line it is (Σ_{j ≥ k} g_j y_j) / x_k; at the first zero, Σ_{j ≥ k} g_j ỹ_j
 * with ỹ the cumulative product of x whose first zero is replaced by 1; after it, 0.
 */
function cumprodGradient(g: Tensor, x: Tensor, y: Tensor, a: number): Tensor {
  if (x.ndim === 0) return g;
  const zerosSoFar = cumsum(eq(x, 0), a);
  const before = eq(zerosSoFar, 0);
  const firstZero = eq(x, 0).mul(eq(zerosSoFar, 1));
  const safeX = where(before, x, 1);
  const beforePart = reverseCumsum(g.mul(y), a).div(safeX);
  const atPart = reverseCumsum(g.mul(cumprod(where(firstZero, 1, x), a)), a);
  return where(before, beforePart, where(firstZero, atPart, 0));
}

/** The product of all elements, or along `axis` (keepDim keeps it as size 1). */
export function prod(input: Tensor, axis?: number | null, keepDim?: boolean): Tensor {
  const x = checkTensor(input, 'prod', 'input');
  const keep = checkKeepDim(keepDim, 'prod');
  if (axis === undefined || axis === null) {
    if (keepDim !== undefined) throw new TypeError('prod: keepDim needs an axis (torch.prod(input) reduces everything)');
    const flat = x.reshape([x.size]);
    const all = prod(flat, 0);
    if (!all.requiresGrad) flat.dispose();
    return all;
  }
  const a = normalizeAxis(axis, x.ndim, 'prod');
  const axes = x.ndim === 0 ? [] : [a];
  const out = reshapeOwned(scan('prod', x, a), reducedShape(x.shape, axes, keep));
  return record(out, 'prod', [x], (g, y) => [prodGradient(expandBack(g, x, axes), x, expandBack(y, x, axes), axes)]);
}

/**
 * g·Π_{i ≠ k} x_i, exact with zeros (as torch): y/x_k in a line without zeros; at the only zero
 * of a line, the product of the others; 0 everywhere else.
 */
function prodGradient(g: Tensor, x: Tensor, y: Tensor, axes: number[]): Tensor {
  if (axes.length === 0) return g;
  const isZero = eq(x, 0);
  const zeros = isZero.sum(axes, true);
  const others = where(isZero, 1, x).prod(axes[0], true);
  const noZero = eq(zeros, 0);
  const safeX = where(isZero, 1, x);
  const whole = where(noZero, y.div(safeX), where(isZero.mul(eq(zeros, 1)), others, 0));
  return g.mul(whole);
}

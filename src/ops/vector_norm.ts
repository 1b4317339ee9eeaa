// Vector norms along axes (torch.norm with a number p or 'fro', i.e. torch.linalg.vector_norm):
// p = 1, 2 ('fro'), ±Infinity and 0 in one pass of the normAxis kernel (float64 accumulation);
// any other p as (Σ|x|^p)^(1/p) through the pow kernel. Gradients follow torch's formulas,
// written with ops, and are 0 where the norm is 0.
import { Tensor, formatShape, reshapeOwned, withGradMode } from '../tensor.js';
import * as kernels from '../backend/index.js';
import { NORM_L1, NORM_L2, NORM_INF, NORM_NEG_INF, NORM_ZERO } from '../backend/index.js';
import { record } from '../autograd.js';
import { checkTensor, describe } from './util.js';
import { reductionAxes, reducedShape, checkKeepDim, expandBack, type Axis } from './axes.js';
import { permute } from './shape.js';
import { eq, where, pow } from './elementwise.js';
import { abs, sign } from './unary.js';
import { sum } from './reduce.js';

const MODES = new Map<number, number>([[1, NORM_L1], [2, NORM_L2], [Infinity, NORM_INF], [-Infinity, NORM_NEG_INF], [0, NORM_ZERO]]);

function checkOrder(p: unknown): number {
  if (p === 'fro' || p === undefined || p === null) return 2; // null: the default, so an axis can follow
  if (typeof p !== 'number' || Number.isNaN(p)) {
    throw new TypeError(`norm: p must be a number (1, 2, Infinity, -Infinity, 0 or any other) or 'fro', got ${typeof p === 'string' ? `'${p}'` : describe(p)}`);
  }
  return p;
}

/** The norm kernel over `axes`: the reduced axes moved last (one copy) unless they are adjacent. */
function normKernel(mode: number, x: Tensor, axes: number[]): Tensor {
  const out = Tensor.empty(reducedShape(x.shape, axes, true));
  if (out.size === 0) return out;
  const adjacent = axes.every((a, i) => i === 0 || a === axes[i - 1] + 1);
  const source = adjacent ? x : withGradMode(false, () => permute(x, [...x.shape.keys()].filter((i) => !axes.includes(i)).concat(axes)));
  let len = 1;
  for (const a of axes) len *= x.shape[a];
  const inner = adjacent ? x.shape.slice((axes.at(-1) ?? -1) + 1).reduce((p, d) => p * d, 1) : 1;
  kernels.normAxis(mode, source, out, out.size / inner, len, inner);
  if (source !== x) source.dispose();
  return out;
}

/**
 * The vector p-norm of x over `axis` (all elements when absent): (Σ|x|^p)^(1/p); p = Infinity
 * is max|x|, -Infinity min|x|, 0 the number of non-zeros; 'fro' is p = 2. keepDim keeps the
 * reduced axes as size 1.
 */
export function norm(input: Tensor, p: number | 'fro' | null = 2, axis?: Axis, keepDim?: boolean): Tensor {
  const x = checkTensor(input, 'norm', 'input');
  const order = checkOrder(p);
  const keep = checkKeepDim(keepDim, 'norm');
  const axes = reductionAxes(x, axis, 'norm');
  const mode = MODES.get(order);
  let len = 1;
  for (const a of axes) len *= x.shape[a];
  if (len === 0 && (mode === NORM_INF || mode === NORM_NEG_INF)) {
    throw new RangeError(`norm: the ${order}-norm of an empty dimension is undefined (shape ${formatShape(x.shape)}, axis ${JSON.stringify(axis ?? null)})`);
  }
  const kept = mode !== undefined ? normKernel(mode, x, axes) : powerNorm(x, order, axes);
  const out = reshapeOwned(kept, reducedShape(x.shape, axes, keep));
  return record(out, 'norm', [x], (g, y) => [normGradient(order, x, expandBack(g, x, axes), expandBack(y, x, axes), axes)]);
}

function powerNorm(x: Tensor, order: number, axes: number[]): Tensor {
  return withGradMode(false, () => {
    const a = abs(x);
    const powered = pow(a, order);
    const total = sum(powered, axes, true);
    const out = pow(total, 1 / order);
    for (const t of [a, powered, total]) t.dispose();
    return out;
  });
}

/** torch's norm_backward: g and y (the norm) already broadcast to x's shape. */
function normGradient(order: number, x: Tensor, g: Tensor, y: Tensor, axes: number[]): Tensor {
  if (order === 0) return Tensor.filled(x.shape, 0);
  if (order === 1) return g.mul(sign(x));
  const normIsZero = eq(y, 0);
  const safeNorm = where(normIsZero, 1, y);
  if (order === 2) return g.mul(x).div(safeNorm);
  if (order === Infinity || order === -Infinity) {
    // shared evenly among the elements whose |x| attains the norm
    const attains = eq(abs(x), y);
    return g.mul(sign(x)).mul(attains).div(sum(attains, axes, true));
  }
  const isZero = eq(x, 0);
  const scaled = where(isZero, 0, sign(x).mul(pow(where(isZero, 1, abs(x)), order - 1)));
  return where(normIsZero, 0, scaled.mul(g).div(pow(safeNorm, order - 1)));
}

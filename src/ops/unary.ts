// Unary elementwise ops. Each op is defined once: its kernel op code, and its backward rule in
// two forms — a fused kernel (one pass, g·f'(x)) for ordinary backward passes, and the same
// formula written with differentiable ops when the backward pass is itself being recorded
// (createGraph), so that second derivatives work.
import { Tensor, TensorLike, isGradEnabled } from '../tensor.js';
import * as kernels from '../backend/index.js';
import { U_ABS, U_EXP, U_LOG, U_SQRT, U_SQUARE, U_RELU, U_SIGMOID, U_TANH, U_GELU, U_SOFTPLUS, U_SIGN, U_ERF } from '../backend/index.js';
import { record } from '../autograd.js';
import { checkTensor, describe, mapKernel } from './util.js';
import { gt, sub, maximum, minimum } from './elementwise.js';

const TWO_OVER_SQRT_PI = 1.1283791670955126;
const INV_SQRT2 = 0.7071067811865476;
const INV_SQRT_2PI = 0.3989422804014327;

function unaryKernel(op: number, x: Tensor): Tensor {
  return mapKernel(kernels.unary, op, x);
}

function fusedBackward(op: number, x: Tensor, y: Tensor, g: Tensor): Tensor {
  const out = Tensor.empty(g.shape);
  kernels.unaryBackward(op, x, y, g, out);
  return out;
}

/**
 * Defines a unary op from its kernel code and its derivative written with ops: `composite(g, x, y)`
 * returns g·f'(x) (y = f(x)) and runs only while a backward pass is being recorded.
 */
function defineUnary(name: string, op: number, composite: (g: Tensor, x: Tensor, y: Tensor) => Tensor) {
  return (input: Tensor): Tensor => {
    const x = checkTensor(input, name, 'input');
    return record(unaryKernel(op, x), name, [x], (g, y) =>
      [isGradEnabled() ? composite(g, x, y) : fusedBackward(op, x, y, g)]);
  };
}

export const abs = defineUnary('abs', U_ABS, (g, x) => g.mul(sign(x)));
export const exp = defineUnary('exp', U_EXP, (g, _x, y) => g.mul(y));
export const log = defineUnary('log', U_LOG, (g, x) => g.div(x));
export const sqrt = defineUnary('sqrt', U_SQRT, (g, _x, y) => g.div(y.mul(2)));
export const square = defineUnary('square', U_SQUARE, (g, x) => g.mul(x.mul(2)));
// sign(y) (1 where y > 0, else 0) keeps relu's gradient in the graph, so relu'' = 0 as in torch.
export const relu = defineUnary('relu', U_RELU, (g, _x, y) => g.mul(sign(y)));
export const sigmoid = defineUnary('sigmoid', U_SIGMOID, (g, _x, y) => g.mul(y.mul(sub(1, y))));
export const tanh = defineUnary('tanh', U_TANH, (g, _x, y) => g.mul(sub(1, y.mul(y))));
// gelu'(x) = Phi(x) + x phi(x), Phi(x) = (1 + erf(x/sqrt 2))/2, phi(x) = e^(-x²/2)/sqrt(2 pi).
export const gelu = defineUnary('gelu', U_GELU, (g, x) => {
  const cdf = erf(x.mul(INV_SQRT2)).add(1).mul(0.5);
  const density = exp(x.mul(x).mul(-0.5)).mul(INV_SQRT_2PI);
  return g.mul(cdf.add(x.mul(density)));
});
export const softplus = defineUnary('softplus', U_SOFTPLUS, (g, x) => g.mul(sigmoid(x)));
/** The error function (an extension of the API, as torch.erf). */
export const erf = defineUnary('erf', U_ERF, (g, x) => g.mul(exp(x.mul(x).neg())).mul(TWO_OVER_SQRT_PI));
/** sign(x): -1, 0 or 1 (NaN stays NaN); its gradient is zero. */
export const sign = defineUnary('sign', U_SIGN, (g) => g.mul(0));

function checkNumber(value: unknown, op: string, arg: string): number {
  if (typeof value !== 'number') throw new TypeError(`${op}: ${arg} must be a number, got ${describe(value)}`);
  return value;
}

/** leakyRelu(x, negativeSlope = 0.01): x where x > 0, else negativeSlope·x. */
export function leakyRelu(input: Tensor, negativeSlope = 0.01): Tensor {
  const x = checkTensor(input, 'leakyRelu', 'input');
  const slope = checkNumber(negativeSlope, 'leakyRelu', 'negativeSlope');
  if (!Number.isFinite(slope)) throw new RangeError(`leakyRelu: negativeSlope must be finite, got ${slope}`);
  const out = Tensor.empty(x.shape);
  kernels.leakyRelu(x, out, slope);
  return record(out, 'leakyRelu', [x], (g) => {
    // sign(relu(x)) is 1 where x > 0, else 0, and keeps the graph (zero second derivative, as torch)
    if (isGradEnabled()) return [g.mul(sign(relu(x)).mul(1 - slope).add(slope))];
    const grad = Tensor.empty(g.shape);
    kernels.leakyReluBackward(x, g, grad, slope);
    return [grad];
  });
}

type Bound = number | Tensor | null | undefined;

function checkBound(value: unknown, arg: string): Bound {
  if (value === undefined || value === null || typeof value === 'number') return value;
  if (value instanceof Tensor) return checkTensor(value, 'clamp', arg);
  throw new TypeError(`clamp: ${arg} must be a number, a Tensor or undefined, got ${describe(value)}`);
}

/**
 * clamp(x, min?, max?) = min(max(x, min), max), as torch.clamp: a NaN in x stays NaN, and
 * min > max gives max everywhere. The gradient passes where min <= x <= max. Tensor bounds
 * broadcast (computed with maximum/minimum, whose gradients split ties evenly).
 */
export function clamp(input: Tensor, min?: TensorLike | null, max?: TensorLike | null): Tensor {
  const x = checkTensor(input, 'clamp', 'input');
  const lo = checkBound(min, 'min');
  const hi = checkBound(max, 'max');
  if ((lo === undefined || lo === null) && (hi === undefined || hi === null)) {
    throw new TypeError("clamp: at least one of 'min' or 'max' must be given");
  }
  if (lo instanceof Tensor || hi instanceof Tensor) {
    const lower = lo === undefined || lo === null ? x : maximum(x, lo);
    if (hi === undefined || hi === null) return lower;
    const result = minimum(lower, hi);
    if (lower !== x && !result.requiresGrad) lower.dispose(); // else the graph refers to it
    return result;
  }
  const a = lo ?? -Infinity;
  const b = hi ?? Infinity;
  const out = Tensor.empty(x.shape);
  kernels.clamp(x, out, a, b);
  return record(out, 'clamp', [x], (g, y) => {
    // 1 - sign|x - y| is 1 where min <= x <= max (y = x there), else 0, and keeps the graph
    if (isGradEnabled()) return [g.mul(sub(1, sign(abs(x.sub(y)))))];
    const grad = Tensor.empty(g.shape);
    kernels.clampBackward(x, g, grad, a, b);
    return [grad];
  });
}

// The vocabulary's unary ops (torch names): log1p, expm1, reciprocal, rsqrt and the roundings,
// on the pointwise kernel family (assembly/pointwise.ts). Their gradients are written with ops,
// so they can be differentiated again; the roundings' gradient is zero, as torch's.
import { Tensor } from '../tensor.js';
import * as kernels from '../backend/index.js';
import { PW_LOG1P, PW_EXPM1, PW_RECIPROCAL, PW_RSQRT, PW_FLOOR, PW_CEIL, PW_ROUND, PW_TRUNC } from '../backend/index.js';
import { record } from '../autograd.js';
import { checkTensor, mapKernel } from './util.js';

function definePointwise(name: string, op: number, gradient: (g: Tensor, x: Tensor, y: Tensor) => Tensor) {
  return (input: Tensor): Tensor => {
    const x = checkTensor(input, name, 'input');
    return record(mapKernel(kernels.pointwise, op, x), name, [x], (g, y) => [gradient(g, x, y)]);
  };
}

const zeroGradient = (g: Tensor): Tensor => Tensor.filled(g.shape, 0);

/** log(1 + x), accurate for small x. */
export const log1p = definePointwise('log1p', PW_LOG1P, (g, x) => g.div(x.add(1)));
/** exp(x) - 1, accurate for small x. */
export const expm1 = definePointwise('expm1', PW_EXPM1, (g, _x, y) => g.mul(y.add(1)));
/** 1 / x. */
export const reciprocal = definePointwise('reciprocal', PW_RECIPROCAL, (g, _x, y) => g.mul(y.mul(y)).neg());
/** 1 / sqrt(x). */
export const rsqrt = definePointwise('rsqrt', PW_RSQRT, (g, _x, y) => g.mul(y.mul(y).mul(y)).mul(-0.5));
/** The largest integer not above x. */
export const floor = definePointwise('floor', PW_FLOOR, zeroGradient);
/** The smallest integer not below x. */
export const ceil = definePointwise('ceil', PW_CEIL, zeroGradient);
/** The nearest integer, halves to even (torch.round: round(0.5) = 0, round(1.5) = 2). */
export const round = definePointwise('round', PW_ROUND, zeroGradient);
/** x without its fractional part (towards zero). */
export const trunc = definePointwise('trunc', PW_TRUNC, zeroGradient);

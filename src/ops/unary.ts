// TEMPORARY: exp and log only, to be completed with every unary op.
import { Tensor } from '../tensor.js';
import { K } from '../engine.js';
import { record } from '../autograd.js';
import { checkTensor } from './util.js';

const U_EXP = 2;
const U_LOG = 3;

function unaryKernel(op: number, x: Tensor): Tensor {
  const out = Tensor.empty(x.shape);
  if (out.size > 0) K.unary(op, x.ptr, out.ptr, out.size);
  return out;
}

export function exp(input: Tensor): Tensor {
  const x = checkTensor(input, 'exp', 'input');
  return record(unaryKernel(U_EXP, x), 'exp', [x], (g, y) => [g.mul(y)]);
}

export function log(input: Tensor): Tensor {
  const x = checkTensor(input, 'log', 'input');
  return record(unaryKernel(U_LOG, x), 'log', [x], (g) => [g.div(x)]);
}

declare module '../tensor.js' {
  interface Tensor {
    exp(): Tensor;
    log(): Tensor;
  }
}
Tensor.prototype.exp = function (this: Tensor) { return exp(this); };
Tensor.prototype.log = function (this: Tensor) { return log(this); };

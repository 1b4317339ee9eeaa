// The activation functions d.nn uses (the unary ops, and torch's other activations composed
// from them), and their modules: Identity, ELU, SiLU, Mish, Softplus, Softmax, LogSoftmax,
// Hardtanh, PReLU. ReLU, Tanh, Sigmoid, GELU and LeakyReLU live in layers.ts.
import { Tensor } from '../tensor.js';
import { relu, tanh, sigmoid, gelu, leakyRelu, abs, exp, softplus as softplusUnit, clamp } from '../ops/unary.js';
import { where } from '../ops/elementwise.js';
import { softmax, logSoftmax } from '../ops/reduce.js';
import { full } from '../ops/create.js';
import { checkTensor, describe } from '../ops/util.js';
import { tidy } from '../tensor.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import { pyFloat } from './repr.js';

export { relu, tanh, sigmoid, gelu, leakyRelu, abs };

function checkFiniteNumber(op: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`${op}: ${name} must be a finite number, got ${describe(v)}`);
  return v;
}

/** softplus(x) = log(1 + e^(βx))/β, and x where βx > threshold (torch's defaults β = 1, threshold 20). */
export function softplus(input: Tensor, beta = 1, threshold = 20): Tensor {
  const x = checkTensor(input, 'softplus', 'input');
  checkFiniteNumber('softplus', 'beta', beta);
  checkFiniteNumber('softplus', 'threshold', threshold);
  if (beta === 0) throw new RangeError('softplus: beta must not be 0');
  if (beta === 1 && threshold === 20) return softplusUnit(x);
  return tidy(() => where(x.mul(beta).gt(threshold), x, softplusUnit(x.mul(beta)).div(beta)));
}

/** elu(x) = x for x > 0, else α(e^x - 1). */
export function elu(input: Tensor, alpha = 1): Tensor {
  const x = checkTensor(input, 'elu', 'input');
  checkFiniteNumber('elu', 'alpha', alpha);
  return tidy(() => where(x.gt(0), x, exp(x).sub(1).mul(alpha)));
}

/** silu(x) = x·sigmoid(x) (swish). */
export function silu(input: Tensor): Tensor {
  const x = checkTensor(input, 'silu', 'input');
  return tidy(() => x.mul(sigmoid(x)));
}

/** mish(x) = x·tanh(softplus(x)). */
export function mish(input: Tensor): Tensor {
  const x = checkTensor(input, 'mish', 'input');
  return tidy(() => x.mul(tanh(softplusUnit(x))));
}

/** hardtanh(x) = clamp(x, minVal, maxVal). */
export function hardtanh(input: Tensor, minVal = -1, maxVal = 1): Tensor {
  const x = checkTensor(input, 'hardtanh', 'input');
  checkFiniteNumber('hardtanh', 'minVal', minVal);
  checkFiniteNumber('hardtanh', 'maxVal', maxVal);
  if (minVal > maxVal) throw new RangeError(`hardtanh: minVal ${minVal} is above maxVal ${maxVal}`);
  return clamp(x, minVal, maxVal);
}

/** prelu(x, weight) = x for x > 0, else weight·x, one weight per channel (dimension 1) or one for all. */
export function prelu(input: Tensor, weight: Tensor): Tensor {
  const x = checkTensor(input, 'prelu', 'input');
  const w = checkTensor(weight, 'prelu', 'weight');
  const channels = x.ndim >= 2 ? x.shape[1] : 1;
  if (w.ndim > 1 || (w.size !== 1 && w.size !== channels)) {
    throw new Error(`prelu: weight of shape [${w.shape.join(',')}] must have 1 or ${channels} (channels) entries for an input of shape [${x.shape.join(',')}]`);
  }
  return tidy(() => {
    const wb = w.size === 1 || x.ndim < 2 ? w.reshape([]) : w.reshape([channels, ...x.shape.slice(2).map(() => 1)]);
    return where(x.gt(0), x, x.mul(wb));
  });
}

export class Identity extends Module {
  forward(x: Tensor): Tensor {
    return x;
  }
}

export class ELU extends Module {
  constructor(readonly alpha = 1) {
    super();
      checkFiniteNumber('ELU', 'alpha', alpha);
  }
  forward(x: Tensor): Tensor {
    return elu(x, this.alpha);
  }
  override extraRepr(): string {
    return `alpha=${pyFloat(this.alpha)}`;
  }
}

export class SiLU extends Module {
  forward(x: Tensor): Tensor {
    return silu(x);
  }
}

export class Mish extends Module {
  forward(x: Tensor): Tensor {
    return mish(x);
  }
}

export class Softplus extends Module {
  constructor(readonly beta = 1, readonly threshold = 20) {
    super();
      checkFiniteNumber('Softplus', 'beta', beta);
    checkFiniteNumber('Softplus', 'threshold', threshold);
  }
  forward(x: Tensor): Tensor {
    return softplus(x, this.beta, this.threshold);
  }
  override extraRepr(): string {
    return `beta=${this.beta}, threshold=${this.threshold}`;
  }
}

function checkDim(op: string, dim: unknown): number {
  if (typeof dim !== 'number' || !Number.isInteger(dim)) throw new TypeError(`${op}: dim must be an integer, got ${describe(dim)}`);
  return dim;
}

export class Softmax extends Module {
  constructor(readonly dim: number) {
    super();
      checkDim('Softmax', dim);
  }
  forward(x: Tensor): Tensor {
    return softmax(x, this.dim);
  }
  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}

export class LogSoftmax extends Module {
  constructor(readonly dim: number) {
    super();
      checkDim('LogSoftmax', dim);
  }
  forward(x: Tensor): Tensor {
    return logSoftmax(x, this.dim);
  }
  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}

export class Hardtanh extends Module {
  constructor(readonly minVal = -1, readonly maxVal = 1) {
    super();
      checkFiniteNumber('Hardtanh', 'minVal', minVal);
    checkFiniteNumber('Hardtanh', 'maxVal', maxVal);
    if (minVal > maxVal) throw new RangeError(`Hardtanh: minVal ${minVal} is above maxVal ${maxVal}`);
  }
  forward(x: Tensor): Tensor {
    return hardtanh(x, this.minVal, this.maxVal);
  }
  override extraRepr(): string {
    return `min_val=${pyFloat(this.minVal)}, max_val=${pyFloat(this.maxVal)}`;
  }
}

/** PReLU with a learnt slope per channel (numParameters = channels) or one shared (1). */
export class PReLU extends Module {
  readonly numParameters: number;
  weight: Tensor;

  constructor(numParameters = 1, init = 0.25) {
    super();
      if (!Number.isInteger(numParameters) || numParameters < 1) throw new RangeError(`PReLU: numParameters must be a positive integer, got ${describe(numParameters)}`);
    checkFiniteNumber('PReLU', 'init', init);
    this.numParameters = numParameters;
    this.weight = Parameter(full([numParameters], init));
  }
  forward(x: Tensor): Tensor {
    return prelu(x, this.weight);
  }
  override extraRepr(): string {
    return `num_parameters=${this.numParameters}`;
  }
}

// Layers: Linear, Sequential, activation modules and Dropout.
import { Tensor } from '../tensor.js';
import { Generator, defaultGenerator, fillUniform } from '../random.js';
import { describe, checkTensor } from '../ops/util.js';
import { Module } from './module.js';
import { pyBool, pyFloat } from './repr.js';
import { flatten } from '../ops/shape.js';
import { linear, dropoutWith } from './functional.js';
import { relu, tanh, sigmoid, gelu, leakyRelu } from './activations.js';
import * as init from './init.js';

export interface LinearOptions {
  /** Learn an additive bias (default true). */
  bias?: boolean;
  /**
   * 'xavier' (Glorot uniform) or 'he' (He uniform) weights with a zero bias, 'zeros' for all
   * zeros; without it, torch's default: weight and bias U(-1/√in, 1/√in).
   */
  init?: 'xavier' | 'he' | 'zeros';
  /** Seed for the initial values (the global generator without it). */
  seed?: number;
}

function checkFeatures(n: unknown, what: string): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) throw new RangeError(`Linear: ${what} must be a positive integer, got ${describe(n)}`);
  return n;
}

/** y = x·Wᵀ + b, weight [out, in] as in torch. */
export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly weight: Tensor;
  readonly bias: Tensor | null;

  constructor(inFeatures: number, outFeatures: number, opts: LinearOptions = {}) {
    super();
    this.inFeatures = checkFeatures(inFeatures, 'inFeatures');
    this.outFeatures = checkFeatures(outFeatures, 'outFeatures');
    if (opts === null || typeof opts !== 'object') throw new TypeError(`Linear: options must be an object, got ${describe(opts)}`);
    const { bias = true, init: scheme, seed } = opts;
    if (typeof bias !== 'boolean') throw new TypeError(`Linear: bias must be a boolean, got ${describe(bias)}`);
    if (scheme !== undefined && scheme !== 'xavier' && scheme !== 'he' && scheme !== 'zeros') {
      throw new RangeError(`Linear: init must be 'xavier', 'he' or 'zeros', got ${describe(scheme)}`);
    }
    if (seed !== undefined && !Number.isInteger(seed)) throw new TypeError(`Linear: seed must be an integer, got ${describe(seed)}`);
    const weight = Tensor.empty([outFeatures, inFeatures]);
    const b = bias ? Tensor.empty([outFeatures]) : null;
    // One generator draws the weight, then the bias, so a seed fixes both.
    const g = seed === undefined ? defaultGenerator() : new Generator(seed);
    const bound = 1 / Math.sqrt(inFeatures);
    if (scheme === 'xavier') fillUniform(g, weight, -xavierBound(inFeatures, outFeatures), xavierBound(inFeatures, outFeatures));
    else if (scheme === 'he') fillUniform(g, weight, -Math.sqrt(6 / inFeatures), Math.sqrt(6 / inFeatures));
    else if (scheme === 'zeros') init.zeros(weight);
    else fillUniform(g, weight, -bound, bound);
    if (b !== null) {
      if (scheme === undefined) fillUniform(g, b, -bound, bound);
      else init.zeros(b);
    }
    if (seed !== undefined) g.dispose();
    this.weight = this.registerParameter('weight', weight);
    this.bias = b === null ? null : this.registerParameter('bias', b);
  }

  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${pyBool(this.bias !== null)}`;
  }
}

function xavierBound(fanIn: number, fanOut: number): number {
  return Math.sqrt(6 / (fanIn + fanOut));
}

export { Sequential } from './containers.js';

export class ReLU extends Module {
  forward(x: Tensor): Tensor {
    return relu(x);
  }
}

export class Tanh extends Module {
  forward(x: Tensor): Tensor {
    return tanh(x);
  }
}

export class Sigmoid extends Module {
  forward(x: Tensor): Tensor {
    return sigmoid(x);
  }
}

export class GELU extends Module {
  forward(x: Tensor): Tensor {
    return gelu(x);
  }

  override extraRepr(): string {
    return "approximate='none'";
  }
}

export class LeakyReLU extends Module {
  constructor(readonly negativeSlope = 0.01) {
    super();
    if (typeof negativeSlope !== 'number' || !Number.isFinite(negativeSlope)) {
      throw new RangeError(`LeakyReLU: negativeSlope must be a finite number, got ${describe(negativeSlope)}`);
    }
  }

  forward(x: Tensor): Tensor {
    return leakyRelu(x, this.negativeSlope);
  }

  override extraRepr(): string {
    return `negative_slope=${pyFloat(this.negativeSlope)}`;
  }
}

/** Merges dimensions startDim..endDim (default: all but the batch, [batch, features]), as torch. */
export class Flatten extends Module {
  constructor(readonly startDim = 1, readonly endDim = -1) {
    super();
    for (const [name, v] of [['startDim', startDim], ['endDim', endDim]] as const) {
      if (typeof v !== 'number' || !Number.isInteger(v)) throw new TypeError(`Flatten: ${name} must be an integer, got ${describe(v)}`);
    }
  }

  forward(x: Tensor): Tensor {
    checkTensor(x, 'Flatten', 'input');
    return flatten(x, this.startDim, this.endDim);
  }

  override extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }
}

/**
 * Inverted dropout in training mode, the identity in eval mode. With a seed the module owns a
 * generator, so a run's sequence of masks is reproducible; without one it draws from the
 * global generator (d.manualSeed).
 */
export class Dropout extends Module {
  readonly p: number;
  private generator: Generator | null;

  constructor(p = 0.5, opts: { seed?: number } = {}) {
    super();
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new RangeError(`Dropout: p must be a probability in [0, 1], got ${describe(p)}`);
    const seed = opts?.seed;
    if (seed !== undefined && !Number.isInteger(seed)) throw new TypeError(`Dropout: seed must be an integer, got ${describe(seed)}`);
    this.p = p;
    this.generator = seed === undefined ? null : new Generator(seed);
  }

  override extraRepr(): string {
    return `p=${pyFloat(this.p)}, inplace=False`;
  }

  protected override releaseResources(): void {
    this.generator?.dispose();
    this.generator = null;
  }

  forward(x: Tensor): Tensor {
    checkTensor(x, 'Dropout', 'input');
    if (!this.training || this.p === 0) return x.clone();
    return dropoutWith(x, this.p, this.generator ?? defaultGenerator());
  }
}

// Layers: Linear, Sequential, activation modules and Dropout.
import { Tensor } from '../tensor.js';
import { Generator, defaultGenerator, fillUniform } from '../random.js';
import { describe, checkTensor } from '../ops/util.js';
import { Module } from './module.js';
import { linear, linearRelu, dropoutWith } from './functional.js';
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
}

function xavierBound(fanIn: number, fanOut: number): number {
  return Math.sqrt(6 / (fanIn + fanOut));
}

/** Applies its modules in order; children are named '0', '1', ... as in torch. */
export class Sequential extends Module {
  readonly layers: Module[];

  constructor(...modules: Module[]) {
    super();
    modules.forEach((m, i) => {
      if (!(m instanceof Module)) throw new TypeError(`Sequential: argument ${i} must be a Module, got ${describe(m)}`);
      this.registerModule(String(i), m);
    });
    this.layers = modules.slice();
  }

  forward(x: Tensor): Tensor {
    checkTensor(x, 'Sequential', 'input');
    let current = x;
    const layers = this.layers;
    for (let i = 0; i < layers.length; i++) {
      const layer = layers[i];
      let next: Tensor;
      if (isPlain(layer, Linear) && i + 1 < layers.length && isPlain(layers[i + 1], ReLU)) {
        // A Linear then a ReLU run as one fused op (the same bits, one kernel pass, one node).
        next = linearRelu(current, (layer as Linear).weight, (layer as Linear).bias);
        i++;
      } else {
        next = layer.forward(current);
      }
      // Outside a recorded graph, intermediate activations can go at once.
      if (current !== x && next !== current && !next.requiresGrad) current.dispose();
      current = next;
    }
    return current;
  }
}

/** Whether m is exactly a `cls` with that class's own forward (not a subclass or a patched instance). */
function isPlain(m: Module, cls: { prototype: Module }): boolean {
  return Object.getPrototypeOf(m) === cls.prototype && m.forward === cls.prototype.forward;
}

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
}

/** Reshapes [batch, ...] to [batch, features]. */
export class Flatten extends Module {
  forward(x: Tensor): Tensor {
    checkTensor(x, 'Flatten', 'input');
    return x.reshape([x.shape[0] ?? 1, -1]);
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

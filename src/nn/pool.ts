// Pooling modules (torch.nn.MaxPool1d/2d, AvgPool1d/2d, AdaptiveAvgPool2d): options checked at
// construction, the functional form at each call.
import { Tensor } from '../tensor.js';
import { checkOptions } from '../ops/options.js';
import { describe } from '../ops/util.js';
import { tuple } from '../ops/conv.js';
import { maxPool1d, maxPool2d, avgPool1d, avgPool2d, adaptiveAvgPool2d } from '../ops/pool.js';
import { Module } from './module.js';

type Pool = (x: Tensor, k: number | number[], o: object) => Tensor;

abstract class PoolNd extends Module {
  readonly kernelSize: number | number[];
  protected readonly options: Record<string, unknown>;
  private readonly fn: Pool;

  constructor(name: string, spatial: number, fn: Pool, keys: string[], kernelSize: number | number[], opts: unknown) {
    super();
    // Checked at construction as far as no input is needed (sizes against the input: at each call).
    tuple(kernelSize, spatial, name, 'kernelSize', 1);
    const o = checkOptions(opts, keys, name);
    if (o.stride !== undefined && o.stride !== null) tuple(o.stride, spatial, name, 'stride', 1);
    if (o.padding !== undefined) tuple(o.padding, spatial, name, 'padding', 0);
    if (o.dilation !== undefined) tuple(o.dilation, spatial, name, 'dilation', 1);
    for (const key of ['ceilMode', 'countIncludePad']) {
      if (o[key] !== undefined && typeof o[key] !== 'boolean') throw new TypeError(`${name}: ${key} must be a boolean, got ${describe(o[key])}`);
    }
    this.kernelSize = kernelSize;
    this.options = { ...o };
    this.fn = fn;
  }

  forward(x: Tensor): Tensor {
    return this.fn(x, this.kernelSize, this.options);
  }
}

const MAX_KEYS = ['stride', 'padding', 'dilation', 'ceilMode'];
const AVG_KEYS = ['stride', 'padding', 'ceilMode', 'countIncludePad'];

export class MaxPool1d extends PoolNd {
  constructor(kernelSize: number | number[], opts = {}) {
    super('MaxPool1d', 1, maxPool1d, MAX_KEYS, kernelSize, opts);
  }
}

export class MaxPool2d extends PoolNd {
  constructor(kernelSize: number | number[], opts = {}) {
    super('MaxPool2d', 2, maxPool2d, MAX_KEYS, kernelSize, opts);
  }
}

export class AvgPool1d extends PoolNd {
  constructor(kernelSize: number | number[], opts = {}) {
    super('AvgPool1d', 1, avgPool1d, AVG_KEYS, kernelSize, opts);
  }
}

export class AvgPool2d extends PoolNd {
  constructor(kernelSize: number | number[], opts = {}) {
    super('AvgPool2d', 2, avgPool2d, AVG_KEYS, kernelSize, opts);
  }
}

export class AdaptiveAvgPool2d extends Module {
  constructor(readonly outputSize: number | (number | null)[]) {
    super();
  }

  forward(x: Tensor): Tensor {
    return adaptiveAvgPool2d(x, this.outputSize);
  }
}

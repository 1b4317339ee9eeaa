// Pooling modules (torch.nn.MaxPool1d/2d, AvgPool1d/2d, AdaptiveAvgPool2d): options checked at
// construction, the functional form at each call.
import { Tensor } from '../tensor.js';
import { describe } from '../ops/util.js';
import { tuple } from '../ops/conv.js';
import { maxPool1d, maxPool2d, avgPool1d, avgPool2d, adaptiveAvgPool2d } from '../ops/pool.js';
import { Module } from './module.js';
import { pyTuple, pyBool } from './repr.js';

type Pool = (x: Tensor, k: number | number[], o: object) => Tensor;

/** A pooling module: a functional form and its options, checked at construction. */
export class PoolNd extends Module {
  readonly kernelSize: number | number[];
  protected readonly options: Record<string, unknown>;
  private readonly fn: Pool;

  constructor(name: string, spatial: number, fn: Pool, kernelSize: number | number[], opts: unknown) {
    super();
    // Checked at construction as far as no input is needed (sizes against the input: at each call).
    tuple(kernelSize, spatial, name, 'kernelSize', 1);
    const o = (opts ?? {}) as Record<string, unknown>; // its keys: declared in nn/index.ts
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

  override extraRepr(): string {
    const o = this.options;
    const name = (this.constructor as { name: string }).name;
    const stride = o.stride === undefined || o.stride === null ? this.kernelSize : o.stride;
    if (name.startsWith('Max')) {
      return `kernel_size=${pyTuple(this.kernelSize)}, stride=${pyTuple(stride)}, padding=${pyTuple(o.padding ?? 0)}, dilation=${pyTuple(o.dilation ?? 1)}, ceil_mode=${pyBool(o.ceilMode === true)}`;
    }
    if (name === 'AvgPool1d') {
      const one = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);
      return `kernel_size=${pyTuple(one(this.kernelSize))}, stride=${pyTuple(one(stride))}, padding=${pyTuple(one(o.padding ?? 0))}`;
    }
    return `kernel_size=${pyTuple(this.kernelSize)}, stride=${pyTuple(stride)}, padding=${pyTuple(o.padding ?? 0)}`;
  }

  forward(x: Tensor): Tensor {
    return this.fn(x, this.kernelSize, this.options);
  }
}

/** The constructor of a pooling module: (kernelSize, options). */
export type PoolConstructor = new (kernelSize: number | number[], opts?: object) => PoolNd;

/** A pooling module class over one functional form, named as torch's (for printing). */
function poolModule(name: string, spatial: number, fn: Pool): PoolConstructor {
  const cls = class extends PoolNd {
    constructor(kernelSize: number | number[], opts = {}) {
      super(name, spatial, fn, kernelSize, opts);
    }
  };
  Object.defineProperty(cls, 'name', { value: name });
  return cls;
}

/** torch.nn.MaxPool1d over [N, C, L]. */
export const MaxPool1d = poolModule('MaxPool1d', 1, maxPool1d);
export type MaxPool1d = PoolNd;
/** torch.nn.MaxPool2d over [N, C, H, W]. */
export const MaxPool2d = poolModule('MaxPool2d', 2, maxPool2d);
export type MaxPool2d = PoolNd;
/** torch.nn.AvgPool1d over [N, C, L]. */
export const AvgPool1d = poolModule('AvgPool1d', 1, avgPool1d);
export type AvgPool1d = PoolNd;
/** torch.nn.AvgPool2d over [N, C, H, W]. */
export const AvgPool2d = poolModule('AvgPool2d', 2, avgPool2d);
export type AvgPool2d = PoolNd;

export class AdaptiveAvgPool2d extends Module {
  constructor(readonly outputSize: number | (number | null)[]) {
    super();
  }

  forward(x: Tensor): Tensor {
    return adaptiveAvgPool2d(x, this.outputSize);
  }

  override extraRepr(): string {
    return `output_size=${pyTuple(this.outputSize)}`;
  }
}

// Normalisation modules (torch.nn.BatchNorm1d/2d, LayerNorm, GroupNorm) with torch's parameter
// and buffer names: weight, bias, running_mean, running_var, num_batches_tracked.
import { Tensor } from '../tensor.js';
import { describe } from '../ops/util.js';
import { full } from '../ops/create.js';
import * as kernels from '../backend/index.js';
import { batchNorm, layerNorm, groupNorm } from '../ops/norm.js';
import { Module } from './module.js';
import { pyFloat, pyBool, pyTuple } from './repr.js';
import { positive, boolOption } from './checks.js';
import { formatShape } from '../tensor.js';

export interface BatchNormModuleOptions {
  eps?: number;
  /** null: a cumulative average over all batches seen (torch's momentum=None). */
  momentum?: number | null;
  affine?: boolean;
  trackRunningStats?: boolean;
}

export function epsOption(v: unknown, name: string, what = 'eps'): number {
  if (v === undefined) return 1e-5;
  if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v)) throw new RangeError(`${name}: ${what} must be a finite number ≥ 0, got ${describe(v)}`);
  return v;
}

abstract class BatchNormNd extends Module {
  readonly numFeatures: number;
  readonly eps: number;
  readonly momentum: number | null;
  readonly affine: boolean;
  readonly trackRunningStats: boolean;
  readonly weight: Tensor | null;
  readonly bias: Tensor | null;
  readonly runningMean: Tensor | null;
  readonly runningVar: Tensor | null;
  readonly numBatchesTrackedTensor: Tensor | null;

  constructor(private readonly name: string, private readonly ranks: number[], numFeatures: number, opts: unknown) {
    super();
    const o = (opts ?? {}) as BatchNormModuleOptions;
    this.numFeatures = positive(numFeatures, name, 'numFeatures');
    this.eps = epsOption(o.eps, name);
    const momentum = o.momentum === undefined ? 0.1 : o.momentum;
    if (momentum !== null && (typeof momentum !== 'number' || !Number.isFinite(momentum))) {
      throw new RangeError(`${name}: momentum must be a finite number or null, got ${describe(momentum)}`);
    }
    this.momentum = momentum;
    this.affine = boolOption(o.affine, true, name, 'affine');
    this.trackRunningStats = boolOption(o.trackRunningStats, true, name, 'trackRunningStats');
    this.weight = this.affine ? this.registerParameter('weight', full([numFeatures], 1)) : null;
    this.bias = this.affine ? this.registerParameter('bias', full([numFeatures], 0)) : null;
    const track = this.trackRunningStats;
    this.runningMean = this.registerBuffer('running_mean', track ? full([numFeatures], 0) : null);
    this.runningVar = this.registerBuffer('running_var', track ? full([numFeatures], 1) : null);
    this.numBatchesTrackedTensor = this.registerBuffer('num_batches_tracked', track ? full([], 0) : null);
  }

  /** Batches seen in training mode (torch's num_batches_tracked). */
  get numBatchesTracked(): number {
    return this.numBatchesTrackedTensor === null ? 0 : this.numBatchesTrackedTensor.item();
  }

  override extraRepr(): string {
    return `${this.numFeatures}, eps=${pyFloat(this.eps)}, momentum=${this.momentum === null ? 'None' : pyFloat(this.momentum)}, affine=${pyBool(this.affine)}, track_running_stats=${pyBool(this.trackRunningStats)}`;
  }

  forward(x: Tensor): Tensor {
    if (!(x instanceof Tensor)) throw new TypeError(`${this.name}: input must be a Tensor, got ${describe(x)}`);
    if (!this.ranks.includes(x.ndim)) {
      throw new Error(`${this.name}: expected ${this.ranks.map((r) => `${r}-D`).join(' or ')} input, got ${formatShape(x.shape)}`);
    }
    let factor = this.momentum ?? 0;
    if (this.training && this.numBatchesTrackedTensor !== null) {
      const count = this.numBatchesTracked + 1;
      // Counted before the call so that a refused input leaves it unchanged, as batchNorm checks first.
      factor = this.momentum ?? 1 / count;
      const out = this.normalizeBatch(x, factor);
      kernels.writeFloat(this.numBatchesTrackedTensor, count);
      return out;
    }
    return this.normalizeBatch(x, factor);
  }

  private normalizeBatch(x: Tensor, momentum: number): Tensor {
    const useBatch = this.training || this.runningMean === null;
    const track = !this.training || this.trackRunningStats;
    return batchNorm(x, track ? this.runningMean : null, track ? this.runningVar : null, {
      weight: this.weight, bias: this.bias, training: useBatch, momentum, eps: this.eps,
    });
  }
}

/** torch.nn.BatchNorm1d over [N, C] or [N, C, L]. */
export class BatchNorm1d extends BatchNormNd {
  constructor(numFeatures: number, opts: BatchNormModuleOptions = {}) {
    super('BatchNorm1d', [2, 3], numFeatures, opts);
  }
}

/** torch.nn.BatchNorm2d over [N, C, H, W]. */
export class BatchNorm2d extends BatchNormNd {
  constructor(numFeatures: number, opts: BatchNormModuleOptions = {}) {
    super('BatchNorm2d', [4], numFeatures, opts);
  }
}

/** torch.nn.LayerNorm over the trailing normalizedShape; weight ones, bias zeros. */
export class LayerNorm extends Module {
  readonly normalizedShape: number[];
  readonly eps: number;
  readonly weight: Tensor | null;
  readonly bias: Tensor | null;

  constructor(normalizedShape: number | number[], opts: { eps?: number; elementwiseAffine?: boolean } = {}) {
    super();
    const o = (opts ?? {}) as Record<string, unknown>;
    const shape = typeof normalizedShape === 'number' ? [normalizedShape] : normalizedShape;
    if (!Array.isArray(shape) || shape.length === 0 || !shape.every((v) => Number.isInteger(v) && v >= 1)) {
      throw new RangeError(`LayerNorm: normalizedShape must be a positive integer or a non-empty array of them, got ${describe(normalizedShape)}`);
    }
    this.normalizedShape = shape.slice();
    this.eps = epsOption(o.eps, 'LayerNorm');
    const affine = boolOption(o.elementwiseAffine, true, 'LayerNorm', 'elementwiseAffine');
    this.weight = affine ? this.registerParameter('weight', full(shape, 1)) : null;
    this.bias = affine ? this.registerParameter('bias', full(shape, 0)) : null;
  }

  override extraRepr(): string {
    return `${pyTuple(this.normalizedShape)}, eps=${pyFloat(this.eps)}, elementwise_affine=${pyBool(this.weight !== null)}`;
  }

  forward(x: Tensor): Tensor {
    return layerNorm(x, this.normalizedShape, this.weight, this.bias, this.eps);
  }
}

/** torch.nn.GroupNorm(numGroups, numChannels); weight ones, bias zeros (per channel). */
export class GroupNorm extends Module {
  readonly numGroups: number;
  readonly numChannels: number;
  readonly eps: number;
  readonly weight: Tensor | null;
  readonly bias: Tensor | null;

  constructor(numGroups: number, numChannels: number, opts: { eps?: number; affine?: boolean } = {}) {
    super();
    const o = (opts ?? {}) as Record<string, unknown>;
    this.numGroups = positive(numGroups, 'GroupNorm', 'numGroups');
    this.numChannels = positive(numChannels, 'GroupNorm', 'numChannels');
    if (numChannels % numGroups !== 0) throw new RangeError(`GroupNorm: numChannels ${numChannels} is not divisible by numGroups ${numGroups}`);
    this.eps = epsOption(o.eps, 'GroupNorm');
    const affine = boolOption(o.affine, true, 'GroupNorm', 'affine');
    this.weight = affine ? this.registerParameter('weight', full([numChannels], 1)) : null;
    this.bias = affine ? this.registerParameter('bias', full([numChannels], 0)) : null;
  }

  override extraRepr(): string {
    return `${this.numGroups}, ${this.numChannels}, eps=${pyFloat(this.eps)}, affine=${pyBool(this.weight !== null)}`;
  }

  forward(x: Tensor): Tensor {
    return groupNorm(x, this.numGroups, this.weight, this.bias, this.eps);
  }
}

// Convolution modules (torch.nn.Conv1d, Conv2d, ConvTranspose2d): torch's parameter names,
// shapes and default initialisation — weight and bias U(-1/√fanIn, 1/√fanIn), which is
// kaiming_uniform_(a = √5) — drawn from our seeded generator.
import { Tensor } from '../tensor.js';
import { Generator, defaultGenerator, fillUniform } from '../random.js';
import { describe } from '../ops/util.js';
import { conv1d, conv2d, convTranspose2d, tuple, type ConvOptions, type ConvTransposeOptions } from '../ops/conv.js';
import { Module } from './module.js';
import { pyTuple } from './repr.js';

export interface ConvModuleOptions extends ConvOptions {
  bias?: boolean;
  seed?: number;
}

export interface ConvTransposeModuleOptions extends ConvTransposeOptions {
  bias?: boolean;
  seed?: number;
}

function positive(n: unknown, name: string, what: string): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) throw new RangeError(`${name}: ${what} must be a positive integer, got ${describe(n)}`);
  return n;
}

/** weight U(-1/√fanIn, 1/√fanIn), then bias the same, from one generator (torch's reset_parameters). */
function initUniform(weight: Tensor, bias: Tensor | null, fanIn: number, seed: number | undefined): void {
  const g = seed === undefined ? defaultGenerator() : new Generator(seed);
  const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
  if (weight.size > 0) fillUniform(g, weight, -bound, bound);
  if (bias !== null && bias.size > 0) fillUniform(g, bias, -bound, bound);
  if (seed !== undefined) g.dispose();
}

// The option keys are declared with the classes (nn/index.ts, src/signature.ts), which refuse others.
function commonOptions(opts: unknown, name: string): { bias: boolean; seed: number | undefined; groups: number; rest: Record<string, unknown> } {
  const { bias = true, seed, groups = 1, ...rest } = (opts ?? {}) as { bias?: unknown; seed?: unknown; groups?: unknown };
  if (typeof bias !== 'boolean') throw new TypeError(`${name}: bias must be a boolean, got ${describe(bias)}`);
  if (seed !== undefined && !Number.isInteger(seed)) throw new TypeError(`${name}: seed must be an integer, got ${describe(seed)}`);
  positive(groups, name, 'groups');
  return { bias, seed: seed as number | undefined, groups: groups as number, rest };
}

/**
 * The geometry options checked when the module is built, as torch's constructor does (a padding
 * string other than 'same'/'valid', 'same' with a stride, outputPadding not below stride or
 * dilation), rather than at the first forward.
 */
function checkGeometry(o: Record<string, unknown>, spatial: number, transposed: boolean, name: string): void {
  const stride = tuple(o.stride ?? 1, spatial, name, 'stride', 1);
  const dilation = tuple(o.dilation ?? 1, spatial, name, 'dilation', 1);
  const padding = o.padding ?? 0;
  if (transposed || typeof padding !== 'string') tuple(padding, spatial, name, 'padding', 0);
  else if (padding !== 'same' && padding !== 'valid') throw new RangeError(`${name}: padding must be 'same', 'valid' or integers, got '${padding}'`);
  else if (padding === 'same' && stride.some((v) => v !== 1)) throw new RangeError(`${name}: padding 'same' needs stride 1, got stride ${JSON.stringify(o.stride)}`);
  if (!transposed) return;
  tuple(o.outputPadding ?? 0, spatial, name, 'outputPadding', 0).forEach((p, i) => {
    if (p >= stride[i] && p >= dilation[i]) throw new RangeError(`${name}: outputPadding ${JSON.stringify(o.outputPadding)} must be smaller than stride or dilation`);
  });
}

abstract class ConvNd extends Module {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: number[];
  readonly groups: number;
  readonly weight: Tensor;
  readonly bias: Tensor | null;
  protected readonly options: Record<string, unknown>;

  constructor(name: string, spatial: 1 | 2, transposed: boolean, inChannels: number, outChannels: number, kernelSize: unknown, opts: unknown) {
    super();
    this.inChannels = positive(inChannels, name, 'inChannels');
    this.outChannels = positive(outChannels, name, 'outChannels');
    this.kernelSize = tuple(kernelSize, spatial, name, 'kernelSize', 1);
    const { bias, seed, groups, rest } = commonOptions(opts, name);
    if (inChannels % groups !== 0) throw new RangeError(`${name}: inChannels ${inChannels} is not divisible by groups ${groups}`);
    if (outChannels % groups !== 0) throw new RangeError(`${name}: outChannels ${outChannels} is not divisible by groups ${groups}`);
    checkGeometry(rest, spatial, transposed, name);
    this.groups = groups;
    this.options = { ...rest, groups };
    // torch: Conv weight [out, in/groups, *k]; ConvTranspose weight [in, out/groups, *k].
    const shape = transposed ? [inChannels, outChannels / groups, ...this.kernelSize] : [outChannels, inChannels / groups, ...this.kernelSize];
    const weight = Tensor.empty(shape);
    const b = bias ? Tensor.empty([outChannels]) : null;
    initUniform(weight, b, shape[1] * this.kernelSize.reduce((p, v) => p * v, 1), seed);
    this.weight = this.registerParameter('weight', weight);
    this.bias = b === null ? null : this.registerParameter('bias', b);
  }
}

function reprConv(m: ConvNd, o: Record<string, unknown>, spatial: number, transposed: boolean): string {
  const tup = (v: unknown, fill: number): number[] => (v === undefined ? Array(spatial).fill(fill) : Array.isArray(v) ? (v as number[]) : Array(spatial).fill(v));
  let s = `${m.inChannels}, ${m.outChannels}, kernel_size=${pyTuple(m.kernelSize)}, stride=${pyTuple(tup(o.stride, 1))}`;
  if (typeof o.padding === 'string') s += `, padding=${o.padding}`;
  else if (tup(o.padding, 0).some((x) => x !== 0)) s += `, padding=${pyTuple(tup(o.padding, 0))}`;
  if (tup(o.dilation, 1).some((x) => x !== 1)) s += `, dilation=${pyTuple(tup(o.dilation, 1))}`;
  if (transposed && tup(o.outputPadding, 0).some((x) => x !== 0)) s += `, output_padding=${pyTuple(tup(o.outputPadding, 0))}`;
  if (m.groups !== 1) s += `, groups=${m.groups}`;
  if (m.bias === null) s += ', bias=False';
  return s;
}

/** torch.nn.Conv1d: input [N, C, L] (or [C, L]). */
export class Conv1d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: number | number[], opts: ConvModuleOptions = {}) {
    super('Conv1d', 1, false, inChannels, outChannels, kernelSize, opts);
  }

  override extraRepr(): string {
    return reprConv(this, this.options, 1, false);
  }

  forward(x: Tensor): Tensor {
    return conv1d(x, this.weight, this.bias, this.options);
  }
}

/** torch.nn.Conv2d: input [N, C, H, W] (or [C, H, W]). */
export class Conv2d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: number | number[], opts: ConvModuleOptions = {}) {
    super('Conv2d', 2, false, inChannels, outChannels, kernelSize, opts);
  }

  override extraRepr(): string {
    return reprConv(this, this.options, 2, false);
  }

  forward(x: Tensor): Tensor {
    return conv2d(x, this.weight, this.bias, this.options);
  }
}

/** torch.nn.ConvTranspose2d: input [N, Cin, H, W]; weight [Cin, Cout/groups, kh, kw]. */
export class ConvTranspose2d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: number | number[], opts: ConvTransposeModuleOptions = {}) {
    super('ConvTranspose2d', 2, true, inChannels, outChannels, kernelSize, opts);
  }

  override extraRepr(): string {
    return reprConv(this, this.options, 2, true);
  }

  forward(x: Tensor): Tensor {
    return convTranspose2d(x, this.weight, this.bias, this.options);
  }
}

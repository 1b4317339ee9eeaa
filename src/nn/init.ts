// Weight initialisers (torch.nn.init formulas), filling a tensor in place from the seeded
// generator: the global one, or a fresh one when `seed` is given.
//   xavierUniform: U(-a, a), a = gain·√(6 / (fanIn + fanOut))      (Glorot & Bengio 2010)
//   xavierNormal:  N(0, σ²), σ = gain·√(2 / (fanIn + fanOut))
//   heUniform:     U(-a, a), a = √(6 / fanIn)   (kaiming_uniform_, ReLU gain √2, fan_in mode)
//   heNormal:      N(0, σ²), σ = √(2 / fanIn)                        (He et al. 2015)
// For a Linear weight [out, in], fanIn = in and fanOut = out (receptive field 1 otherwise).
import { Tensor, formatShape } from '../tensor.js';
import { fill } from '../backend/index.js';
import { withGenerator, fillUniform as drawUniform, fillNormal as drawNormal } from '../random.js';
import { checkTensor, describe } from '../ops/util.js';
import { declare } from '../signature.js';

export interface InitOptions {
  /** Seed for a fresh generator; the global generator is used without it. */
  seed?: number;
  /** Scale factor for the Xavier initialisers (torch's gain), default 1. */
  gain?: number;
}

function fans(t: Tensor, op: string): [number, number] {
  if (t.ndim < 2) {
    throw new Error(`${op}: fan in and fan out cannot be computed for a tensor of shape ${formatShape(t.shape)} (fewer than 2 dimensions)`);
  }
  let receptive = 1;
  for (let i = 2; i < t.ndim; i++) receptive *= t.shape[i];
  return [t.shape[1] * receptive, t.shape[0] * receptive];
}

function checkOptions(opts: InitOptions, op: string): { seed: number | undefined; gain: number } {
  if (opts === null || typeof opts !== 'object') throw new TypeError(`${op}: options must be an object, got ${describe(opts)}`);
  const { seed, gain = 1 } = opts;
  if (seed !== undefined && !Number.isInteger(seed)) throw new TypeError(`${op}: seed must be an integer, got ${describe(seed)}`);
  if (typeof gain !== 'number' || !Number.isFinite(gain)) throw new RangeError(`${op}: gain must be a finite number, got ${describe(gain)}`);
  return { seed, gain };
}

function fillUniform(t: Tensor, bound: number, seed: number | undefined): Tensor {
  if (t.size > 0) withGenerator(seed, (g) => drawUniform(g, t, -bound, bound));
  return t;
}

function fillNormal(t: Tensor, std: number, seed: number | undefined): Tensor {
  if (t.size > 0) withGenerator(seed, (g) => drawNormal(g, t, 0, std));
  return t;
}

export const xavierUniform = declare('xavierUniform(tensor, {gain, seed})', function xavierUniform(tensor: Tensor, opts: InitOptions = {}): Tensor {
  const t = checkTensor(tensor, 'xavierUniform', 'input');
  const { seed, gain } = checkOptions(opts, 'xavierUniform');
  const [fanIn, fanOut] = fans(t, 'xavierUniform');
  return fillUniform(t, gain * Math.sqrt(6 / (fanIn + fanOut)), seed);
});

export const xavierNormal = declare('xavierNormal(tensor, {gain, seed})', function xavierNormal(tensor: Tensor, opts: InitOptions = {}): Tensor {
  const t = checkTensor(tensor, 'xavierNormal', 'input');
  const { seed, gain } = checkOptions(opts, 'xavierNormal');
  const [fanIn, fanOut] = fans(t, 'xavierNormal');
  return fillNormal(t, gain * Math.sqrt(2 / (fanIn + fanOut)), seed);
});

export const heUniform = declare('heUniform(tensor, {seed})', function heUniform(tensor: Tensor, opts: InitOptions = {}): Tensor {
  const t = checkTensor(tensor, 'heUniform', 'input');
  const { seed } = checkOptions(opts, 'heUniform');
  const [fanIn] = fans(t, 'heUniform');
  return fillUniform(t, Math.sqrt(6 / fanIn), seed);
});

export const heNormal = declare('heNormal(tensor, {seed})', function heNormal(tensor: Tensor, opts: InitOptions = {}): Tensor {
  const t = checkTensor(tensor, 'heNormal', 'input');
  const { seed } = checkOptions(opts, 'heNormal');
  const [fanIn] = fans(t, 'heNormal');
  return fillNormal(t, Math.sqrt(2 / fanIn), seed);
});

/** U(-bound, bound) in place. */
export const uniform = declare('uniform(tensor, bound, {seed})', function uniform(tensor: Tensor, bound: number, opts: InitOptions = {}): Tensor {
  const t = checkTensor(tensor, 'uniform', 'input');
  if (typeof bound !== 'number' || !(bound >= 0) || !Number.isFinite(bound)) {
    throw new RangeError(`uniform: bound must be a finite non-negative number, got ${describe(bound)}`);
  }
  return fillUniform(t, bound, checkOptions(opts, 'uniform').seed);
});

/** N(0, std²) in place; the default std = 0.01 is the usual "small normal". */
export const normal = declare('normal(tensor, std, {seed})', function normal(tensor: Tensor, std = 0.01, opts: InitOptions = {}): Tensor {
  const t = checkTensor(tensor, 'normal', 'input');
  if (typeof std !== 'number' || !(std >= 0) || !Number.isFinite(std)) {
    throw new RangeError(`normal: std must be a finite non-negative number, got ${describe(std)}`);
  }
  return fillNormal(t, std, checkOptions(opts, 'normal').seed);
});

export const zeros = declare('zeros(tensor)', function zeros(tensor: Tensor): Tensor {
  const t = checkTensor(tensor, 'zeros', 'input');
  fill(t, 0);
  return t;
});

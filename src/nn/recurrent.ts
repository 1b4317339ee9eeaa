// Recurrent modules (torch.nn.RNN, LSTM, GRU and their cells) with torch's parameter names, gate
// order (LSTM i, f, g, o; GRU r, z, n), shapes and init (every parameter uniform ±1/√hidden,
// drawn from our seeded generator in torch's registration order), so torch state dicts load
// unchanged. Per layer and direction: the input projection of all steps is one product (linear),
// then one recorded scan (src/ops/recurrent.ts) runs the steps with fused gate kernels.
import { Tensor, formatShape } from '../tensor.js';
import { Generator, defaultGenerator, fillUniform } from '../random.js';
import { describe, checkTensor } from '../ops/util.js';
import { slice, concat, stack, transpose } from '../ops/shape.js';
import { zeros } from '../ops/create.js';
import { recurrentScan, gateCount, type RecurrentMode } from '../ops/recurrent.js';
import { linear, dropoutWith } from './functional.js';
import { Module } from './module.js';
import { pyFloat } from './repr.js';
import { positive, boolOption } from './checks.js';

export interface RecurrentOptions {
  numLayers?: number;
  bias?: boolean;
  batchFirst?: boolean;
  /** Dropout on the outputs of every layer but the last, in training mode. */
  dropout?: number;
  bidirectional?: boolean;
  /** RNN only: 'tanh' (default) or 'relu'. */
  nonlinearity?: 'tanh' | 'relu';
  seed?: number;
}

function modeOf(name: string, nonlinearity: unknown): RecurrentMode {
  if (name.startsWith('LSTM')) return 'LSTM';
  if (name.startsWith('GRU')) return 'GRU';
  if (nonlinearity === undefined || nonlinearity === 'tanh') return 'RNN_TANH';
  if (nonlinearity === 'relu') return 'RNN_RELU';
  throw new RangeError(`${name}: nonlinearity must be 'tanh' or 'relu', got ${describe(nonlinearity)}`);
}

function seedOption(seed: unknown, name: string): number | undefined {
  if (seed !== undefined && !Number.isInteger(seed)) throw new TypeError(`${name}: seed must be an integer, got ${describe(seed)}`);
  return seed as number | undefined;
}

/** The bias of the input projection: b_ih + b_hh, except for the GRU (b_hn sits inside r·(…)). */
function projectionBias(mode: RecurrentMode, bih: Tensor | null, bhh: Tensor | null): Tensor | null {
  if (bih === null || bhh === null) return null;
  return mode === 'GRU' ? bih : bih.add(bhh);
}

interface DirectionParams { wih: Tensor; whh: Tensor; bih: Tensor | null; bhh: Tensor | null }

/** What layers and cells share: mode, sizes and bias, checked (before anything is allocated). */
function commonSettings(name: string, inputSize: unknown, hiddenSize: unknown, o: RecurrentOptions) {
  const mode = modeOf(name, o.nonlinearity);
  return {
    mode,
    nonlinearity: mode === 'RNN_RELU' ? 'relu' as const : 'tanh' as const,
    inputSize: positive(inputSize, name, 'inputSize'),
    hiddenSize: positive(hiddenSize, name, 'hiddenSize'),
    bias: boolOption(o.bias, true, name, 'bias'),
    seed: seedOption(o.seed, name),
  };
}

/**
 * Registers weight_ih, weight_hh, bias_ih, bias_hh (+ suffix) in torch's order, each drawn
 * U(±1/√H) from g.
 */
function registerWeights(register: (name: string, t: Tensor) => Tensor, g: Generator, mode: RecurrentMode, H: number,
  inSize: number, bias: boolean, suffix: string): DirectionParams {
  const GH = gateCount(mode) * H;
  const k = 1 / Math.sqrt(H);
  const draw = (name: string, shape: number[]): Tensor => {
    const t = Tensor.empty(shape);
    fillUniform(g, t, -k, k);
    return register(`${name}${suffix}`, t);
  };
  const wih = draw('weight_ih', [GH, inSize]);
  const whh = draw('weight_hh', [GH, H]);
  const bih = bias ? draw('bias_ih', [GH]) : null;
  const bhh = bias ? draw('bias_hh', [GH]) : null;
  return { wih, whh, bih, bhh };
}

abstract class RecurrentBase extends Module {
  readonly mode: RecurrentMode;
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly bias: boolean;
  readonly batchFirst: boolean;
  readonly dropout: number;
  readonly bidirectional: boolean;
  readonly nonlinearity: 'tanh' | 'relu';
  private readonly params: DirectionParams[] = [];
  private generator: Generator | null;

  constructor(private readonly name: string, inputSize: number, hiddenSize: number, opts: unknown) {
    super();
    // Unknown options and extra arguments are refused by the declaration (nn/index.ts).
    const o = (opts ?? {}) as RecurrentOptions;
    const c = commonSettings(name, inputSize, hiddenSize, o);
    this.mode = c.mode;
    this.nonlinearity = c.nonlinearity;
    this.inputSize = c.inputSize;
    this.hiddenSize = c.hiddenSize;
    this.bias = c.bias;
    this.numLayers = positive(o.numLayers ?? 1, name, 'numLayers');
    this.batchFirst = boolOption(o.batchFirst, false, name, 'batchFirst');
    this.bidirectional = boolOption(o.bidirectional, false, name, 'bidirectional');
    const p = o.dropout ?? 0;
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new RangeError(`${name}: dropout must be a probability in [0, 1], got ${describe(p)}`);
    this.dropout = p;
    const g = c.seed === undefined ? defaultGenerator() : new Generator(c.seed);
    this.generator = c.seed === undefined ? null : g;
    const H = this.hiddenSize;
    const D = this.bidirectional ? 2 : 1;
    const register = (n: string, t: Tensor): Tensor => this.registerParameter(n, t);
    for (let l = 0; l < this.numLayers; l++) {
      for (let d = 0; d < D; d++) {
        const suffix = `_l${l}${d === 1 ? '_reverse' : ''}`;
        this.params.push(registerWeights(register, g, this.mode, H, l === 0 ? this.inputSize : H * D, this.bias, suffix));
      }
    }
  }

  protected override releaseResources(): void {
    this.generator?.dispose();
    this.generator = null;
    super.releaseResources();
  }

  /** Checks an initial state [L·D, B, H] (or [L·D, H] unbatched); returns it batched. */
  private checkState(t: unknown, what: string, batched: boolean, B: number): Tensor {
    const s = checkTensor(t, this.name, what);
    const LD = this.numLayers * (this.bidirectional ? 2 : 1);
    const want = batched ? [LD, B, this.hiddenSize] : [LD, this.hiddenSize];
    if (s.ndim !== want.length || s.shape.some((v, i) => v !== want[i])) {
      throw new Error(`${this.name}: ${what} must be ${formatShape(want)}, got ${formatShape(s.shape)}`);
    }
    return batched ? s : s.reshape([LD, 1, this.hiddenSize]);
  }

  protected run(input: unknown, hx: unknown): [Tensor, Tensor, Tensor | null] {
    const name = this.name;
    const x0 = checkTensor(input, name, 'input');
    if (x0.ndim !== 2 && x0.ndim !== 3) throw new Error(`${name}: expected a 2-D (unbatched) or 3-D input, got ${formatShape(x0.shape)}`);
    if (x0.shape[x0.ndim - 1] !== this.inputSize) {
      throw new Error(`${name}: input ${formatShape(x0.shape)} has ${x0.shape[x0.ndim - 1]} features, expected inputSize ${this.inputSize}`);
    }
    const batched = x0.ndim === 3;
    let x = batched ? (this.batchFirst ? transpose(x0, 0, 1) : x0) : x0.reshape([x0.shape[0], 1, this.inputSize]);
    const [T, B] = x.shape;
    if (T === 0) throw new Error(`${name}: the input sequence is empty (${formatShape(x0.shape)})`);
    const lstm = this.mode === 'LSTM';
    const H = this.hiddenSize;
    const D = this.bidirectional ? 2 : 1;
    let h0: Tensor | null = null;
    let c0: Tensor | null = null;
    if (hx !== undefined && hx !== null) {
      if (lstm) {
        if (!Array.isArray(hx) || hx.length !== 2) throw new TypeError(`${name}: the initial state must be [h0, c0], got ${describe(hx)}`);
        h0 = this.checkState(hx[0], 'h0', batched, B);
        c0 = this.checkState(hx[1], 'c0', batched, B);
      } else {
        h0 = this.checkState(hx, 'h0', batched, B);
      }
    }
    const hN: Tensor[] = [];
    const cN: Tensor[] = [];
    const G = gateCount(this.mode);
    for (let l = 0; l < this.numLayers; l++) {
      const inSize = x.shape[2];
      const flat = x.reshape([T * B, inSize]);
      const outs: Tensor[] = [];
      for (let d = 0; d < D; d++) {
        const p = this.params[l * D + d];
        const idx = l * D + d;
        const xp = linear(flat, p.wih, projectionBias(this.mode, p.bih, p.bhh)).reshape([T, B, G * H]);
        const hi = h0 === null ? zeros([B, H]) : slice(h0, [idx, 0, 0], [1, B, H]).reshape([B, H]);
        const ci = !lstm ? null : c0 === null ? zeros([B, H]) : slice(c0, [idx, 0, 0], [1, B, H]).reshape([B, H]);
        const states = recurrentScan(this.mode, xp, p.whh, this.mode === 'GRU' ? p.bhh : null, hi, ci, d === 1, name);
        const last = d === 1 ? 0 : T - 1;
        if (lstm) {
          outs.push(slice(states, [0, 0, 0, 0], [1, T, B, H]).reshape([T, B, H]));
          hN.push(slice(states, [0, last, 0, 0], [1, 1, B, H]).reshape([B, H]));
          cN.push(slice(states, [1, last, 0, 0], [1, 1, B, H]).reshape([B, H]));
        } else {
          outs.push(states);
          hN.push(slice(states, [last, 0, 0], [1, B, H]).reshape([B, H]));
        }
      }
      x = D === 1 ? outs[0] : concat(outs, 2);
      if (l < this.numLayers - 1 && this.training && this.dropout > 0) {
        x = dropoutWith(x, this.dropout, this.generator ?? defaultGenerator());
      }
    }
    let output = x;
    let h = stack(hN, 0);
    let c = lstm ? stack(cN, 0) : null;
    if (!batched) {
      output = output.reshape([T, D * H]);
      h = h.reshape([this.numLayers * D, H]);
      c = c === null ? null : c.reshape([this.numLayers * D, H]);
    } else if (this.batchFirst) {
      output = transpose(output, 0, 1);
    }
    return [output, h, c];
  }

  override extraRepr(): string {
    let s = `${this.inputSize}, ${this.hiddenSize}`;
    if (this.numLayers !== 1) s += `, num_layers=${this.numLayers}`;
    if (!this.bias) s += ', bias=False';
    if (this.batchFirst) s += ', batch_first=True';
    if (this.dropout !== 0) s += `, dropout=${pyFloat(this.dropout)}`;
    if (this.bidirectional) s += ', bidirectional=True';
    return s;
  }
}

/** The layers with one state (RNN, GRU): forward(x, h0?) → [output, hN]. */
abstract class OneStateLayer extends RecurrentBase {
  forward(x: Tensor, h0?: Tensor | null): [Tensor, Tensor] {
    const [out, h] = this.run(x, h0);
    return [out, h];
  }
}

/** torch.nn.RNN: h' = tanh (or relu)(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh). */
export class RNN extends OneStateLayer {
  constructor(inputSize: number, hiddenSize: number, opts: RecurrentOptions = {}) {
    super('RNN', inputSize, hiddenSize, opts);
  }
}

/** torch.nn.GRU (gates r, z, n). */
export class GRU extends OneStateLayer {
  constructor(inputSize: number, hiddenSize: number, opts: Omit<RecurrentOptions, 'nonlinearity'> = {}) {
    super('GRU', inputSize, hiddenSize, opts);
  }
}

/** torch.nn.LSTM (gates i, f, g, o). forward(x, [h0, c0]?) → [output, [hN, cN]]. */
export class LSTM extends RecurrentBase {
  constructor(inputSize: number, hiddenSize: number, opts: Omit<RecurrentOptions, 'nonlinearity'> = {}) {
    super('LSTM', inputSize, hiddenSize, opts);
  }

  forward(x: Tensor, hx?: [Tensor, Tensor] | null): [Tensor, [Tensor, Tensor]] {
    const [out, h, c] = this.run(x, hx);
    return [out, [h, c as Tensor]];
  }
}

// ---- cells ----

abstract class CellBase extends Module {
  readonly mode: RecurrentMode;
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly bias: boolean;
  readonly nonlinearity: 'tanh' | 'relu';
  readonly weight_ih: Tensor;
  readonly weight_hh: Tensor;
  readonly bias_ih: Tensor | null;
  readonly bias_hh: Tensor | null;

  constructor(protected readonly name: string, inputSize: number, hiddenSize: number, opts: unknown) {
    super();
    const c = commonSettings(name, inputSize, hiddenSize, (opts ?? {}) as RecurrentOptions);
    this.mode = c.mode;
    this.nonlinearity = c.nonlinearity;
    this.inputSize = c.inputSize;
    this.hiddenSize = c.hiddenSize;
    this.bias = c.bias;
    const g = c.seed === undefined ? defaultGenerator() : new Generator(c.seed);
    const w = registerWeights((n, t) => this.registerParameter(n, t), g, this.mode, this.hiddenSize, this.inputSize, this.bias, '');
    this.weight_ih = w.wih;
    this.weight_hh = w.whh;
    this.bias_ih = w.bih;
    this.bias_hh = w.bhh;
    if (c.seed !== undefined) g.dispose();
  }

  private checkState(t: unknown, what: string, batched: boolean, B: number): Tensor {
    const s = checkTensor(t, this.name, what);
    const want = batched ? [B, this.hiddenSize] : [this.hiddenSize];
    if (s.ndim !== want.length || s.shape.some((v, i) => v !== want[i])) {
      throw new Error(`${this.name}: ${what} must be ${formatShape(want)}, got ${formatShape(s.shape)}`);
    }
    return batched ? s : s.reshape([1, this.hiddenSize]);
  }

  protected step(input: unknown, hx: unknown): [Tensor, Tensor | null] {
    const name = this.name;
    const x0 = checkTensor(input, name, 'input');
    if (x0.ndim !== 1 && x0.ndim !== 2) throw new Error(`${name}: expected a 1-D (unbatched) or 2-D input, got ${formatShape(x0.shape)}`);
    if (x0.shape[x0.ndim - 1] !== this.inputSize) {
      throw new Error(`${name}: input ${formatShape(x0.shape)} has ${x0.shape[x0.ndim - 1]} features, expected inputSize ${this.inputSize}`);
    }
    const batched = x0.ndim === 2;
    const x = batched ? x0 : x0.reshape([1, this.inputSize]);
    const B = x.shape[0];
    const H = this.hiddenSize;
    const lstm = this.mode === 'LSTM';
    let h0: Tensor | null = null;
    let c0: Tensor | null = null;
    if (hx !== undefined && hx !== null) {
      if (lstm) {
        if (!Array.isArray(hx) || hx.length !== 2) throw new TypeError(`${name}: the state must be [h, c], got ${describe(hx)}`);
        h0 = this.checkState(hx[0], 'h', batched, B);
        c0 = this.checkState(hx[1], 'c', batched, B);
      } else {
        h0 = this.checkState(hx, 'h', batched, B);
      }
    }
    const G = gateCount(this.mode);
    const xp = linear(x, this.weight_ih, projectionBias(this.mode, this.bias_ih, this.bias_hh)).reshape([1, B, G * H]);
    const states = recurrentScan(this.mode, xp, this.weight_hh, this.mode === 'GRU' ? this.bias_hh : null,
      h0 ?? zeros([B, H]), lstm ? c0 ?? zeros([B, H]) : null, false, name);
    const outShape = batched ? [B, H] : [H];
    if (!lstm) return [states.reshape(outShape), null];
    return [slice(states, [0, 0, 0, 0], [1, 1, B, H]).reshape(outShape), slice(states, [1, 0, 0, 0], [1, 1, B, H]).reshape(outShape)];
  }

  override extraRepr(): string {
    let s = `${this.inputSize}, ${this.hiddenSize}`;
    if (!this.bias) s += ', bias=False';
    if (this.nonlinearity !== 'tanh') s += `, nonlinearity=${this.nonlinearity}`;
    return s;
  }
}

/** The cells with one state (RNNCell, GRUCell): forward(x, h?) → h'. */
abstract class OneStateCell extends CellBase {
  forward(x: Tensor, h?: Tensor | null): Tensor {
    return this.step(x, h)[0];
  }
}

/** torch.nn.RNNCell. */
export class RNNCell extends OneStateCell {
  constructor(inputSize: number, hiddenSize: number, opts: { bias?: boolean; nonlinearity?: 'tanh' | 'relu'; seed?: number } = {}) {
    super('RNNCell', inputSize, hiddenSize, opts);
  }
}

/** torch.nn.GRUCell. */
export class GRUCell extends OneStateCell {
  constructor(inputSize: number, hiddenSize: number, opts: { bias?: boolean; seed?: number } = {}) {
    super('GRUCell', inputSize, hiddenSize, opts);
  }
}

/** torch.nn.LSTMCell: forward(x, [h, c]?) → [h', c']. */
export class LSTMCell extends CellBase {
  constructor(inputSize: number, hiddenSize: number, opts: { bias?: boolean; seed?: number } = {}) {
    super('LSTMCell', inputSize, hiddenSize, opts);
  }

  forward(x: Tensor, hx?: [Tensor, Tensor] | null): [Tensor, Tensor] {
    const [h, c] = this.step(x, hx);
    return [h, c as Tensor];
  }
}

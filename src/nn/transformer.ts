// nn.TransformerEncoderLayer and nn.TransformerEncoder, as torch 1.13's (children, state-dict
// keys `self_attn.in_proj_weight`, `linear1.weight`, `norm1.weight`…, `layers.0.…`):
//   post-norm (default): x = norm1(x + sa(x)); x = norm2(x + ff(x))
//   pre-norm (normFirst): x = x + sa(norm1(x)); x = x + ff(norm2(x))
// with sa(x) = dropout1(self_attn(x, x, x)) and ff(x) = dropout2(linear2(dropout(act(linear1(x))))).
import { Tensor } from '../tensor.js';
import { Generator } from '../random.js';
import { checkTensor, describe } from '../ops/util.js';
import { Module } from './module.js';
import { Linear, Dropout, Sequential } from './layers.js';
import { LayerNorm, epsOption } from './norm.js';
import { relu, gelu } from './activations.js';
import { MultiheadAttention, type AttentionMask } from './attention.js';
import { disposeUnlessRecorded } from './graph.js';
import { boolOption, positive, probability } from './checks.js';

export interface TransformerEncoderLayerOptions {
  dimFeedforward?: number;
  dropout?: number;
  activation?: 'relu' | 'gelu';
  layerNormEps?: number;
  batchFirst?: boolean;
  normFirst?: boolean;
  /**
   * Seed of the initial values and dropout masks: the children's seeds (self_attn, linear1,
   * linear2, dropout, dropout1, dropout2) are the first draws of a generator seeded with it;
   * the global generator without it.
   */
  seed?: number;
}

export interface TransformerEncoderForwardOptions {
  /** [L, S] or [N·nhead, L, S]: true / −Infinity = not allowed (MultiheadAttention's attnMask). */
  srcMask?: AttentionMask | null;
  /** [N, S]: true / −Infinity = padding. */
  srcKeyPaddingMask?: AttentionMask | null;
  /** Causal self-attention without a materialised mask (torch 2.x); exclusive with srcMask. */
  isCausal?: boolean;
}

const CHILD_SEEDS = 6;

/** The first n draws of a generator seeded with `seed`: seeds for children, uncorrelated with seed + 1's. */
function seedsFrom(seed: number | undefined, n: number): ({ seed?: number })[] {
  if (seed === undefined) return new Array(n).fill({});
  const g = new Generator(seed);
  try {
    return Array.from({ length: n }, () => ({ seed: g.nextU32() }));
  } finally {
    g.dispose();
  }
}

export class TransformerEncoderLayer extends Module {
  readonly selfAttn: MultiheadAttention;
  readonly linear1: Linear;
  readonly dropout: Dropout;
  readonly linear2: Linear;
  readonly normFirst: boolean;
  readonly norm1: LayerNorm;
  readonly norm2: LayerNorm;
  readonly dropout1: Dropout;
  readonly dropout2: Dropout;
  readonly activation: 'relu' | 'gelu';
  /** The constructor's arguments, for TransformerEncoder's copies. */
  readonly config: { dModel: number; nhead: number; opts: TransformerEncoderLayerOptions };

  constructor(dModel: number, nhead: number, opts: TransformerEncoderLayerOptions = {}) {
    super();
    const op = 'TransformerEncoderLayer';
    const o = opts ?? {};
    const { dimFeedforward = 2048, dropout = 0.1, activation = 'relu', layerNormEps = 1e-5, batchFirst = false, normFirst = false, seed } = o;
    positive(dimFeedforward, op, 'dimFeedforward');
    // Checked here, before any child allocates, so the message names this class.
    positive(dModel, op, 'dModel');
    positive(nhead, op, 'nhead');
    if (dModel % nhead !== 0) throw new RangeError(`${op}: dModel ${dModel} is not divisible by nhead ${nhead}`);
    probability(dropout, op, 'dropout');
    epsOption(layerNormEps, op, 'layerNormEps');
    if (activation !== 'relu' && activation !== 'gelu') throw new RangeError(`${op}: activation must be 'relu' or 'gelu', got ${describe(activation)}`);
    boolOption(normFirst, false, op, 'normFirst');
    if (seed !== undefined && !Number.isInteger(seed)) throw new TypeError(`${op}: seed must be an integer, got ${describe(seed)}`);
    this.config = { dModel, nhead, opts: { ...o } };
    this.activation = activation;
    this.normFirst = normFirst;
    const seeds = seedsFrom(seed, CHILD_SEEDS);
    // Children in torch's registration order (its state_dict order).
    this.selfAttn = this.registerModule('self_attn', new MultiheadAttention(dModel, nhead, { dropout, batchFirst, ...seeds[0] }));
    this.linear1 = this.registerModule('linear1', new Linear(dModel, dimFeedforward, seeds[1]));
    this.dropout = this.registerModule('dropout', new Dropout(dropout, seeds[3]));
    this.linear2 = this.registerModule('linear2', new Linear(dimFeedforward, dModel, seeds[2]));
    this.norm1 = this.registerModule('norm1', new LayerNorm(dModel, { eps: layerNormEps }));
    this.norm2 = this.registerModule('norm2', new LayerNorm(dModel, { eps: layerNormEps }));
    this.dropout1 = this.registerModule('dropout1', new Dropout(dropout, seeds[4]));
    this.dropout2 = this.registerModule('dropout2', new Dropout(dropout, seeds[5]));
  }


  /** src [L, N, E] (batchFirst: [N, L, E]; unbatched [L, E]) → the same shape. */
  forward(src: Tensor, opts: TransformerEncoderForwardOptions = {}): Tensor {
    const x = checkTensor(src, 'TransformerEncoderLayer.forward', 'src');
    const o = opts ?? {};
    const temps: Tensor[] = [];
    const keep = (t: Tensor): Tensor => (temps.push(t), t);
    const sa = (t: Tensor): Tensor => {
      const [a] = this.selfAttn.forward(t, t, t, { attnMask: o.srcMask, keyPaddingMask: o.srcKeyPaddingMask, needWeights: false, isCausal: o.isCausal });
      return this.dropout1.forward(keep(a));
    };
    const ff = (t: Tensor): Tensor => {
      const h = keep(this.linear1.forward(t));
      const act = keep(this.activation === 'relu' ? relu(h) : gelu(h));
      const dropped = keep(this.dropout.forward(act));
      return this.dropout2.forward(keep(this.linear2.forward(dropped)));
    };
    let out: Tensor;
    if (this.normFirst) {
      const a = keep(x.add(keep(sa(keep(this.norm1.forward(x))))));
      out = a.add(keep(ff(keep(this.norm2.forward(a)))));
    } else {
      const a = keep(this.norm1.forward(keep(x.add(keep(sa(x))))));
      out = this.norm2.forward(keep(a.add(keep(ff(a)))));
    }
    disposeUnlessRecorded(out, temps);
    return out;
  }
}

export class TransformerEncoder extends Module {
  readonly layers: Sequential;
  readonly numLayers: number;
  readonly norm: Module | null;

  /**
   * numLayers copies of encoderLayer (same values, as torch's deep copies); when the layer has a
   * seed, copy i's dropout masks come from the (6 + i)-th draw of a generator seeded with it.
   * `norm` is applied last.
   */
  constructor(encoderLayer: TransformerEncoderLayer, numLayers: number, opts: { norm?: Module | null } = {}) {
    super();
    const op = 'TransformerEncoder';
    if (!(encoderLayer instanceof TransformerEncoderLayer)) throw new TypeError(`${op}: encoderLayer must be a TransformerEncoderLayer, got ${describe(encoderLayer)}`);
    positive(numLayers, op, 'numLayers');
    const norm = opts?.norm ?? null;
    if (norm !== null && !(norm instanceof Module)) throw new TypeError(`${op}: norm must be a Module, got ${describe(norm)}`);
    const { dModel, nhead, opts: layerOpts } = encoderLayer.config;
    const state = encoderLayer.stateDict();
    const copies: TransformerEncoderLayer[] = [];
    const seeds = seedsFrom(layerOpts.seed, CHILD_SEEDS + numLayers).slice(CHILD_SEEDS);
    try {
      for (let i = 0; i < numLayers; i++) {
        const copy = new TransformerEncoderLayer(dModel, nhead, { ...layerOpts, ...seeds[i] });
        copy.loadStateDict(state);
        copy.train(encoderLayer.training);
        copies.push(copy);
      }
    } finally {
      for (const t of Object.values(state)) t.dispose();
    }
    this.numLayers = numLayers;
    this.layers = this.registerModule('layers', new Sequential(...copies));
    this.norm = norm === null ? null : this.registerModule('norm', norm);
  }


  /** Runs src through every layer with the same masks, then norm. */
  forward(src: Tensor, opts: { mask?: AttentionMask | null; srcKeyPaddingMask?: AttentionMask | null; isCausal?: boolean } = {}): Tensor {
    const x = checkTensor(src, 'TransformerEncoder.forward', 'src');
    const o = opts ?? {};
    const layerOpts = { srcMask: o.mask, srcKeyPaddingMask: o.srcKeyPaddingMask, isCausal: o.isCausal };
    let current = x;
    const temps: Tensor[] = [];
    for (const layer of this.layers.layers as TransformerEncoderLayer[]) {
      current = layer.forward(current, layerOpts);
      temps.push(current);
    }
    const out = this.norm === null ? current : this.norm.forward(current);
    disposeUnlessRecorded(out, temps);
    return out;
  }
}

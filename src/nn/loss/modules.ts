// Loss modules (torch.nn.CrossEntropyLoss and friends): options are checked when the module is
// made, and forward(input, target) calls the functional form with them.
import { Tensor } from '../../tensor.js';
import { Module } from '../module.js';
import { mseLoss, l1Loss, huberLoss, smoothL1Loss } from './regression.js';
import { crossEntropy, nllLoss, klDiv, CrossEntropyOptions, NllLossOptions, KlDivOptions } from './entropy.js';
import { binaryCrossEntropy, binaryCrossEntropyWithLogits, marginRankingLoss, BceOptions, BceWithLogitsOptions } from './binary.js';
import { cosineSimilarity, tripletMarginLoss, TripletMarginOptions } from './embedding.js';
import type { Reduction } from './options.js';

type Target = Tensor | Int32Array | number[] | number[][];

/**
 * A module holding a loss's options: their keys are checked by the declared constructor
 * (src/nn/index.ts), their values by a probe here, so a bad option throws at construction.
 */
abstract class Loss<O extends object> extends Module {
  protected readonly options: O;

  constructor(opts: O | undefined, probe: (o: O) => void) {
    super();
    this.options = { ...(opts ?? {}) } as O;
    probe(this.options);
  }
}

// Each constructor probes its options on a tiny input, so a bad option throws at construction.
function probePair(fn: (a: Tensor, b: Tensor) => Tensor): void {
  const a = Tensor.empty([0]);
  const b = Tensor.empty([0]);
  try {
    fn(a, b).dispose();
  } finally {
    a.dispose();
    b.dispose();
  }
}

export class MSELoss extends Loss<{ reduction?: Reduction }> {
  constructor(opts?: { reduction?: Reduction }) {
    super(opts, (o) => probePair((a, b) => mseLoss(a, b, o)));
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return mseLoss(input, target, this.options);
  }
}

export class L1Loss extends Loss<{ reduction?: Reduction }> {
  constructor(opts?: { reduction?: Reduction }) {
    super(opts, (o) => probePair((a, b) => l1Loss(a, b, o)));
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return l1Loss(input, target, this.options);
  }
}

export class HuberLoss extends Loss<{ reduction?: Reduction; delta?: number }> {
  constructor(opts?: { reduction?: Reduction; delta?: number }) {
    super(opts, (o) => probePair((a, b) => huberLoss(a, b, o)));
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return huberLoss(input, target, this.options);
  }
}

export class SmoothL1Loss extends Loss<{ reduction?: Reduction; beta?: number }> {
  constructor(opts?: { reduction?: Reduction; beta?: number }) {
    super(opts, (o) => probePair((a, b) => smoothL1Loss(a, b, o)));
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return smoothL1Loss(input, target, this.options);
  }
}

export class CrossEntropyLoss extends Loss<CrossEntropyOptions> {
  constructor(opts?: CrossEntropyOptions) {
    super(opts, (o) => checkClassOptions(o, (x) => crossEntropy(x, [0], o)));
    weightBuffers(this, this.options, { weight: 'weight' });
  }
  forward(input: Tensor, target: Target): Tensor {
    return crossEntropy(input, target, this.options);
  }
}

export class NLLLoss extends Loss<NllLossOptions> {
  constructor(opts?: NllLossOptions) {
    super(opts, (o) => checkClassOptions(o, (x) => nllLoss(x, [0], o)));
    weightBuffers(this, this.options, { weight: 'weight' });
  }
  forward(input: Tensor, target: Tensor | Int32Array | number[]): Tensor {
    return nllLoss(input, target, this.options);
  }
}

// Weight tensors are buffers, as torch's (so they are in stateDict under 'weight', 'pos_weight').
function weightBuffers(m: Module, opts: object, names: Record<string, string>): void {
  for (const [option, name] of Object.entries(names)) {
    const t = (opts as Record<string, unknown>)[option];
    if (t instanceof Tensor) m.registerBuffer(name, t);
  }
}

// Class options are probed on one row with as many classes as the weight has (or 2).
function checkClassOptions(o: { weight?: unknown }, fn: (x: Tensor) => Tensor): void {
  const w = o.weight as { size?: number; length?: number } | null | undefined;
  const classes = w == null ? 2 : Math.max(1, w.size ?? w.length ?? 2);
  const x = Tensor.empty([1, classes]);
  x.toFloat32Array(); // (contents irrelevant: only the options are being checked)
  try {
    fn(x).dispose();
  } finally {
    x.dispose();
  }
}

export class BCELoss extends Loss<BceOptions> {
  constructor(opts?: BceOptions) {
    super(opts, () => {});
    weightBuffers(this, this.options, { weight: 'weight' });
  }
  forward(input: Tensor, target: Tensor | ArrayLike<number>): Tensor {
    return binaryCrossEntropy(input, target, this.options);
  }
}

export class BCEWithLogitsLoss extends Loss<BceWithLogitsOptions> {
  constructor(opts?: BceWithLogitsOptions) {
    super(opts, () => {});
    weightBuffers(this, this.options, { weight: 'weight', posWeight: 'pos_weight' });
  }
  forward(input: Tensor, target: Tensor | ArrayLike<number>): Tensor {
    return binaryCrossEntropyWithLogits(input, target, this.options);
  }
}

export class KLDivLoss extends Loss<KlDivOptions> {
  constructor(opts?: KlDivOptions) {
    super(opts, (o) => probePair((a, b) => klDiv(a, b, o)));
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return klDiv(input, target, this.options);
  }
}

export class MarginRankingLoss extends Loss<{ margin?: number; reduction?: Reduction }> {
  constructor(opts?: { margin?: number; reduction?: Reduction }) {
    super(opts, (o) => probePair((a, b) => marginRankingLoss(a, b, b, o)));
  }
  forward(input1: Tensor, input2: Tensor, target: Tensor | ArrayLike<number>): Tensor {
    return marginRankingLoss(input1, input2, target, this.options);
  }
}

export class TripletMarginLoss extends Loss<TripletMarginOptions> {
  constructor(opts?: TripletMarginOptions) {
    super(opts, () => {});
  }
  forward(anchor: Tensor, positive: Tensor, negative: Tensor): Tensor {
    return tripletMarginLoss(anchor, positive, negative, this.options);
  }
}

/** torch.nn.CosineSimilarity(dim = 1, eps = 1e-8). */
export class CosineSimilarity extends Module {
  constructor(readonly dim = 1, readonly eps = 1e-8) {
    super();
    if (!Number.isInteger(dim)) throw new TypeError(`CosineSimilarity: dim must be an integer, got ${String(dim)}`);
    if (typeof eps !== 'number' || !(eps >= 0)) throw new RangeError(`CosineSimilarity: eps must be a non-negative number, got ${String(eps)}`);
  }
  forward(x1: Tensor, x2: Tensor): Tensor {
    return cosineSimilarity(x1, x2, this.dim, this.eps);
  }
}

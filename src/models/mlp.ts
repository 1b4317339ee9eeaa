// Multi-layer perceptrons with scikit-learn's surface and defaults (Adam, lr 1e-3, batches of
// 200, L2 alpha 1e-4, Glorot-uniform weights, up to 200 epochs stopped by tol 1e-4 over 10
// epochs), trained by descent's Adam. Features (and, for regression, targets) are
// standardised inside the model unless standardize is false.
import { Tensor, fromFloat32 } from '../tensor.js';
import { describe } from '../ops/util.js';
import { Module } from '../nn/module.js';
import { Linear, Sequential, ReLU, Tanh, Sigmoid, GELU } from '../nn/layers.js';
import { StandardScaler } from '../data/split.js';
import * as F from '../nn/losses.js';
import { accuracy, predictedClasses } from '../metrics.js';
import {
  Features, Labels, TrainingOptions, checkTraining, encodeLabels, fitScaler, notFitted, targetNumbers, toFeatures,
  train, withScaled, Estimator, r2Of,
} from './base.js';

export type Activation = 'relu' | 'tanh' | 'logistic' | 'gelu';

export interface MLPOptions extends TrainingOptions {
  /** Units per hidden layer (default [100], as scikit-learn). */
  hiddenLayerSizes?: number[];
  activation?: Activation;
  /** L2 penalty, scikit-learn's alpha (default 1e-4). */
  alpha?: number;
}

const ACTIVATIONS: Record<Activation, () => Module> = {
  relu: () => new ReLU(),
  tanh: () => new Tanh(),
  logistic: () => new Sigmoid(),
  gelu: () => new GELU(),
};

function checkMLP(options: MLPOptions, op: string): MLPOptions {
  checkTraining(options, op);
  const sizes = options.hiddenLayerSizes;
  if (sizes !== undefined && (!Array.isArray(sizes) || !sizes.every((s) => Number.isInteger(s) && s > 0))) {
    throw new RangeError(`${op}: hiddenLayerSizes must be an array of positive integers, got ${describe(sizes)}`);
  }
  if (options.activation !== undefined && !(options.activation in ACTIVATIONS)) {
    throw new RangeError(`${op}: activation must be one of ${Object.keys(ACTIVATIONS).join(', ')}, got ${describe(options.activation)}`);
  }
  const alpha = options.alpha;
  if (alpha !== undefined && (typeof alpha !== 'number' || !Number.isFinite(alpha) || alpha < 0)) {
    throw new RangeError(`${op}: alpha must be a finite number ≥ 0, got ${describe(alpha)}`);
  }
  return options;
}

abstract class MLPBase extends Estimator {
  readonly options: MLPOptions;
  protected network: Sequential | null = null;
  protected scaler: StandardScaler | null = null;

  constructor(name: string, options: MLPOptions) {
    super(name);
    this.options = checkMLP(options, name);
  }

  protected build(inputs: number, outputs: number): { network: Sequential; weights: Tensor[] } {
    const sizes = [inputs, ...(this.options.hiddenLayerSizes ?? [100]), outputs];
    const seed = this.options.seed ?? 0;
    const activation = ACTIVATIONS[this.options.activation ?? 'relu'];
    const layers: Module[] = [];
    const weights: Tensor[] = [];
    for (let i = 0; i + 1 < sizes.length; i++) {
      const layer = new Linear(sizes[i], sizes[i + 1], { init: 'xavier', seed: seed * 1000 + i });
      layers.push(layer);
      weights.push(layer.weight);
      if (i + 2 < sizes.length) layers.push(activation());
    }
    return { network: new Sequential(...layers), weights };
  }

  protected *trainNetwork(x: Tensor, target: Tensor | Int32Array, outputs: number, loss: (p: Tensor, t: Tensor | Int32Array | undefined) => Tensor, op: string): Generator<unknown, void, void> {
    this.dispose();
    this.scaler = fitScaler(x, this.options.standardize);
    const { network, weights } = this.build(x.shape[1], outputs);
    this.network = network;
    const batchSize = Math.min(this.options.batchSize ?? 200, x.shape[0]);
    const xs = this.scaler === null ? x : this.scaler.transform(x);
    try {
      this.history = yield* train({
        module: network, x: xs, y: target, loss,
        // scikit-learn adds alpha/2·‖W‖² divided by the batch size to the mean loss.
        penalised: weights, alpha: (this.options.alpha ?? 1e-4) / batchSize,
        defaults: { optimizer: 'adam', adam: { lr: 1e-3, maxIter: 200, tol: 1e-4, nIterNoChange: 10, batchSize } },
        options: this.options, op,
      });
    } finally {
      if (xs !== x) xs.dispose();
    }
  }

  protected outputs(x: Features, op: string): Tensor {
    if (this.network === null) throw notFitted(`${this.name}.${op}`);
    const network = this.network;
    const inputs = (network.layers[0] as Linear).inFeatures;
    const { t, owned } = toFeatures(x, `${this.name}.${op}`, inputs);
    network.eval();
    const out = withScaled(this.scaler, t, (xs) => network.forward(xs));
    network.train();
    if (owned) t.dispose();
    return out;
  }

  /** The trained network (a d.nn.Sequential), e.g. for stateDict(). */
  get module(): Sequential {
    if (this.network === null) throw notFitted(`${this.name}.module`);
    return this.network;
  }

  dispose(): void {
    this.network?.dispose();
    this.network = null;
    this.scaler?.dispose();
    this.scaler = null;
  }
}

/** A neural network classifier: softmax cross-entropy over hidden layers of ReLU units. */
export class MLPClassifier extends MLPBase {
  classes: number[] = [];

  constructor(options: MLPOptions = {}) {
    super('MLPClassifier', options);
  }

  protected *fitSteps(x: Features, y: Labels, op: string): Generator<unknown, void, void> {
    const { t, owned } = toFeatures(x, op);
    try {
      const { classes, indices } = encodeLabels(y, t.shape[0], op);
      // Set before training, so that a network stopped early (fitAsync's signal) predicts these labels.
      this.classes = classes;
      yield* this.trainNetwork(t, indices, classes.length, (p, target) => F.crossEntropy(p, target as Int32Array), op);
    } finally {
      if (owned) t.dispose();
    }
  }

  /** Class probabilities [n, classes]. */
  predictProba(x: Features): Tensor {
    const logits = this.outputs(x, 'predictProba');
    const p = logits.softmax(1);
    logits.dispose();
    return p;
  }

  predict(x: Features): Int32Array {
    const logits = this.outputs(x, 'predict');
    const idx = predictedClasses(logits);
    logits.dispose();
    return idx.map((i) => this.classes[i]);
  }

  score(x: Features, y: Labels): number {
    const pred = this.predict(x);
    return accuracy(pred, Array.from(targetNumbers(y, pred.length, 'MLPClassifier.score')));
  }
}

/** A neural network regressor: mean squared error, identity output. */
export class MLPRegressor extends MLPBase {
  private yMean = 0;
  private yScale = 1;

  constructor(options: MLPOptions = {}) {
    super('MLPRegressor', options);
  }

  protected *fitSteps(x: Features, y: Labels, op: string): Generator<unknown, void, void> {
    const { t, owned } = toFeatures(x, op);
    try {
      const n = t.shape[0];
      const values = targetNumbers(y, n, op);
      let mean = 0;
      for (const v of values) mean += v;
      mean /= n;
      let ss = 0;
      for (const v of values) ss += (v - mean) * (v - mean);
      const scale = this.options.standardize === false ? 1 : Math.sqrt(ss / n) || 1;
      if (this.options.standardize === false) mean = 0;
      const target = fromFloat32(values.map((v) => (v - mean) / scale), [n, 1]);
      // Set before training, so that a network stopped early (fitAsync's signal) predicts on this scale.
      this.yMean = mean;
      this.yScale = scale;
      try {
        yield* this.trainNetwork(t, target, 1, (p, tt) => F.mseLoss(p, tt as Tensor), op);
      } finally {
        target.dispose();
      }
    } finally {
      if (owned) t.dispose();
    }
  }

  /** Predictions [n]. */
  predict(x: Features): Tensor {
    const out = this.outputs(x, 'predict');
    const scaled = out.mul(this.yScale);
    const shifted = scaled.add(this.yMean);
    const flat = shifted.reshape([out.shape[0]]);
    for (const t of [out, scaled, shifted]) t.dispose(); // flat keeps the shared storage
    return flat;
  }

  /** R² of the predictions. */
  score(x: Features, y: Labels): number {
    return r2Of(this.predict(x), y, 'MLPRegressor.score');
  }
}

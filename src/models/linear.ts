// Linear models with a scikit-learn-like surface, trained by descent's own optimizers (full-
// batch L-BFGS by default, Adam for the SVM):
// LinearRegression (least squares), LogisticRegression (binary or multinomial, L2 penalty as
// scikit-learn's C), SoftmaxRegression (multinomial) and LinearSVM (hinge loss, L2, one
// vs rest). Features are standardised inside the model unless standardize is false; coef and
// intercept are reported in the original feature space.
import { Tensor, fromFloat32, tidy } from '../tensor.js';
import { noGrad } from '../autograd.js';
import { concat } from '../ops/shape.js';
import { sub } from '../ops/elementwise.js';
import { describe } from '../ops/util.js';
import { Linear } from '../nn/layers.js';
import { StandardScaler } from '../data/split.js';
import * as F from '../nn/losses.js';
import { accuracy, predictedClasses } from '../metrics.js';
import {
  Features, Labels, TrainingOptions, checkTraining, columnTensor, encodeLabels, fitScaler, notFitted, targetNumbers,
  toFeatures, train, withScaled, Estimator, r2Of,
} from './base.js';

function nonNegative(v: unknown, name: string, op: string, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new RangeError(`${op}: ${name} must be a finite number ≥ 0, got ${describe(v)}`);
  return v;
}

function positive(v: unknown, name: string, op: string, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new RangeError(`${op}: ${name} must be a positive finite number, got ${describe(v)}`);
  return v;
}

/** Weights [k, d] and biases [k] of a Linear fitted on scaled features, mapped back to raw features. */
function unscaledCoefficients(layer: Linear, scaler: StandardScaler | null): { coef: number[][]; intercept: number[] } {
  const [k, d] = layer.weight.shape;
  const w = layer.weight.toFloat32Array();
  const b = layer.bias?.toFloat32Array() ?? new Float32Array(k);
  const mean = scaler?.mean?.toFloat32Array() ?? new Float32Array(d);
  const scale = scaler?.scale?.toFloat32Array() ?? new Float32Array(d).fill(1);
  const coef: number[][] = [];
  const intercept: number[] = [];
  for (let i = 0; i < k; i++) {
    const row: number[] = [];
    let shift = 0;
    for (let j = 0; j < d; j++) {
      row.push(w[i * d + j] / scale[j]);
      shift += (w[i * d + j] * mean[j]) / scale[j];
    }
    coef.push(row);
    intercept.push(b[i] - shift);
  }
  return { coef, intercept };
}

export interface LinearRegressionOptions extends TrainingOptions {
  fitIntercept?: boolean;
  /** L2 penalty on the weights (ridge), on the scale of the mean squared error; default 0. */
  alpha?: number;
}

/** Ordinary least squares (ridge with alpha > 0), fitted by gradient descent. */
export class LinearRegression extends Estimator {
  readonly options: LinearRegressionOptions;
  private layer: Linear | null = null;
  private scaler: StandardScaler | null = null;
  private yMean = 0;
  private yScale = 1;

  constructor(options: LinearRegressionOptions = {}) {
    super('LinearRegression');
    this.options = checkTraining(options, 'LinearRegression');
    nonNegative(options.alpha, 'alpha', 'LinearRegression', 0);
  }

  protected *fitSteps(x: Features, y: Labels, op: string): Generator<unknown, void, void> {
    const { t: xt, owned } = toFeatures(x, op);
    try {
      const [n, d] = xt.shape;
      const target = targetNumbers(y, n, op);
      const fitIntercept = this.options.fitIntercept ?? true;
      // The target is centred and scaled too, so one set of defaults suits any units.
      let mean = 0;
      for (const v of target) mean += v;
      mean = fitIntercept ? mean / n : 0;
      let ss = 0;
      for (const v of target) ss += (v - mean) * (v - mean);
      const scale = Math.sqrt(ss / n) || 1;
      const scaled = target.map((v) => (v - mean) / scale);
      this.dispose();
      this.scaler = fitIntercept ? fitScaler(xt, this.options.standardize) : null;
      this.yMean = mean;
      this.yScale = scale;
      const layer = new Linear(d, 1, { init: 'zeros', bias: fitIntercept });
      this.layer = layer;
      const yt = columnTensor(scaled);
      const xs = this.scaler === null ? xt : this.scaler.transform(xt);
      try {
        this.history = yield* train({
          module: layer, x: xs, y: yt, loss: (p, t) => F.mseLoss(p, t as Tensor),
          penalised: [layer.weight], alpha: nonNegative(this.options.alpha, 'alpha', op, 0),
          defaults: {
            optimizer: 'lbfgs',
            lbfgs: { maxIter: 100, tol: 1e-9, nIterNoChange: 3 },
            adam: { lr: 0.05, maxIter: 3000, tol: 1e-9, nIterNoChange: 20 },
          },
          options: this.options, op,
        });
      } finally {
        yt.dispose();
        if (xs !== xt) xs.dispose();
      }
    } finally {
      if (owned) xt.dispose();
    }
  }

  private fitted(op: string): Linear {
    if (this.layer === null) throw notFitted(op);
    return this.layer;
  }

  /** Predictions [n]. */
  predict(x: Features): Tensor {
    const layer = this.fitted('LinearRegression.predict');
    const { t, owned } = toFeatures(x, 'LinearRegression.predict', layer.inFeatures);
    const out = withScaled(this.scaler, t, (xs) => layer.forward(xs).mul(this.yScale).add(this.yMean).reshape([t.shape[0]]));
    if (owned) t.dispose();
    return out;
  }

  /** R² of the predictions. */
  score(x: Features, y: Labels): number {
    return r2Of(this.predict(x), y, 'LinearRegression.score');
  }

  /** Weights on the raw features. */
  get coef(): number[] {
    const { coef } = unscaledCoefficients(this.fitted('LinearRegression.coef'), this.scaler);
    return coef[0].map((c) => c * this.yScale);
  }

  get intercept(): number {
    const { intercept } = unscaledCoefficients(this.fitted('LinearRegression.intercept'), this.scaler);
    return intercept[0] * this.yScale + this.yMean;
  }

  dispose(): void {
    for (const p of this.layer?.parameters() ?? []) p.dispose();
    this.layer = null;
    this.scaler?.dispose();
    this.scaler = null;
  }
}

export interface LinearClassifierOptions extends TrainingOptions {
  /** Inverse L2 strength as scikit-learn's C: the penalty is ‖W‖² / (2·C·n). Default 1. */
  C?: number;
  fitIntercept?: boolean;
}

type ClassifierKind = 'logistic' | 'softmax' | 'svm';

/** Shared by the linear classifiers: one score per class (or one for two classes). */
abstract class LinearClassifier extends Estimator {
  readonly options: LinearClassifierOptions;
  /** The labels seen in fit, sorted; predict returns these. */
  classes: number[] = [];
  protected layer: Linear | null = null;
  protected scaler: StandardScaler | null = null;

  constructor(protected readonly kind: ClassifierKind, name: string, options: LinearClassifierOptions) {
    super(name);
    this.options = checkTraining(options, name);
    positive(options.C, 'C', name, 1);
  }

  /** Scores per class: one column when a single logit decides between two classes. */
  protected abstract outputs(classes: number): number;

  protected *fitSteps(x: Features, y: Labels, op: string): Generator<unknown, void, void> {
    const { t: xt, owned } = toFeatures(x, op);
    try {
      const [n, d] = xt.shape;
      const { classes, indices } = encodeLabels(y, n, op);
      const k = this.outputs(classes.length);
      this.dispose();
      this.classes = classes;
      this.scaler = fitScaler(xt, this.options.standardize);
      const layer = new Linear(d, k, { init: 'zeros', bias: this.options.fitIntercept ?? true });
      this.layer = layer;
      const target = this.targets(indices, k);
      const xs = this.scaler === null ? xt : this.scaler.transform(xt);
      try {
        this.history = yield* train({
          module: layer, x: xs, y: target, loss: this.lossFn(),
          penalised: [layer.weight], alpha: 1 / (positive(this.options.C, 'C', op, 1) * n),
          // The hinge loss has kinks, where L-BFGS's curvature model breaks down: Adam for the SVM.
          defaults: this.kind === 'svm'
            ? { optimizer: 'adam', adam: { lr: 0.01, maxIter: 1000, tol: 1e-5, nIterNoChange: 10 } }
            : {
              optimizer: 'lbfgs',
              lbfgs: { maxIter: 100, tol: 1e-7, nIterNoChange: 3 },
              adam: { lr: 0.05, maxIter: 1000, tol: 1e-6, nIterNoChange: 10 },
            },
          options: this.options, op,
        });
      } finally {
        if (target instanceof Tensor) target.dispose();
        if (xs !== xt) xs.dispose();
      }
    } finally {
      if (owned) xt.dispose();
    }
  }

  /** Targets in the form the loss wants: class indices, 0/1 column, or ±1 one-vs-rest matrix. */
  private targets(indices: Int32Array, k: number): Tensor | Int32Array {
    if (this.kind === 'softmax' || (this.kind === 'logistic' && k > 1)) return indices;
    if (this.kind === 'logistic') return fromFloat32(Float32Array.from(indices), [indices.length, 1]);
    const signs = new Float32Array(indices.length * k);
    indices.forEach((c, i) => {
      for (let j = 0; j < k; j++) signs[i * k + j] = k === 1 ? (c === 1 ? 1 : -1) : c === j ? 1 : -1;
    });
    return fromFloat32(signs, [indices.length, k]);
  }

  private lossFn() {
    if (this.kind === 'svm') {
      // Sum over the one-vs-rest classifiers of their mean hinge loss.
      return (p: Tensor, t: Tensor | Int32Array | undefined) => F.hingeLoss(p, t as Tensor).mul(p.shape[1]);
    }
    return (p: Tensor, t: Tensor | Int32Array | undefined) =>
      p.shape[1] === 1 ? F.binaryCrossEntropyWithLogits(p, t as Tensor) : F.crossEntropy(p, t as Int32Array);
  }

  protected fitted(op: string): Linear {
    if (this.layer === null) throw notFitted(`${this.name}.${op}`);
    return this.layer;
  }

  /** Raw scores [n, k] (or [n, 1] for two classes with one score). */
  decisionFunction(x: Features): Tensor {
    const layer = this.fitted('decisionFunction');
    const { t, owned } = toFeatures(x, `${this.name}.decisionFunction`, layer.inFeatures);
    const out = withScaled(this.scaler, t, (xs) => layer.forward(xs));
    if (owned) t.dispose();
    return out;
  }

  /** Predicted labels (from the classes seen in fit). */
  predict(x: Features): Int32Array {
    const scores = this.decisionFunction(x);
    const idx = predictedClasses(scores);
    scores.dispose();
    return idx.map((i) => this.classes[i]);
  }

  /** Mean accuracy. */
  score(x: Features, y: Labels): number {
    const pred = this.predict(x);
    return accuracy(pred, Array.from(targetNumbers(y, pred.length, `${this.name}.score`)));
  }

  /** Weights on the raw features, [k][d]. */
  get coef(): number[][] {
    return unscaledCoefficients(this.fitted('coef'), this.scaler).coef;
  }

  get intercept(): number[] {
    return unscaledCoefficients(this.fitted('intercept'), this.scaler).intercept;
  }

  dispose(): void {
    for (const p of this.layer?.parameters() ?? []) p.dispose();
    this.layer = null;
    this.scaler?.dispose();
    this.scaler = null;
  }
}

/** Class probabilities [n, classes] from the scores (consumes them). */
function probabilities(scores: Tensor): Tensor {
  const out = scores.shape[1] > 1 ? scores.softmax(1) : noGrad(() => tidy(() => {
    const p1 = scores.sigmoid();
    return concat([sub(1, p1), p1], 1);
  }));
  scores.dispose();
  return out;
}

/** The linear classifiers trained on a likelihood, whose scores are log-odds: they give probabilities. */
abstract class ProbabilisticLinearClassifier extends LinearClassifier {
  /** Class probabilities [n, classes]. */
  predictProba(x: Features): Tensor {
    return probabilities(this.decisionFunction(x));
  }
}

/** Logistic regression: a sigmoid for two classes, softmax (multinomial) for more; L2 penalty 1/C. */
export class LogisticRegression extends ProbabilisticLinearClassifier {
  constructor(options: LinearClassifierOptions = {}) {
    super('logistic', 'LogisticRegression', options);
  }

  protected outputs(classes: number): number {
    return classes === 2 ? 1 : classes;
  }
}

/** Multinomial logistic regression: one score per class, softmax cross-entropy. */
export class SoftmaxRegression extends ProbabilisticLinearClassifier {
  constructor(options: LinearClassifierOptions = {}) {
    super('softmax', 'SoftmaxRegression', options);
  }

  protected outputs(classes: number): number {
    return classes;
  }
}

/** A linear support vector machine: hinge loss with an L2 penalty, one vs rest for several classes. */
export class LinearSVM extends LinearClassifier {
  constructor(options: LinearClassifierOptions = {}) {
    super('svm', 'LinearSVM', options);
  }

  protected outputs(classes: number): number {
    return classes === 2 ? 1 : classes;
  }
}

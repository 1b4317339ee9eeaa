// What the scikit-learn-like models share: the Estimator base class (fit and fitAsync over one
// generator of training steps), input checks, label encoding, internal feature scaling, the
// optimizer choice and one training routine on d.fit's loop.
import { Tensor, assertAlive, formatShape, fromFloat32, tidy } from '../tensor.js';
import { noGrad } from '../autograd.js';
import { describe } from '../ops/util.js';
import { tensor } from '../ops/create.js';
import { Module } from '../nn/module.js';
import { DataLoader } from '../data/loader.js';
import { StandardScaler } from '../data/split.js';
import type { FitOptimizer, History, LossFn } from '../fit.js';
import { makePlan } from '../training/options.js';
import { trainingRun, TrainingRun } from '../training/loop.js';
import { AsyncControl, runAsync, runToEnd, splitAsyncOptions } from '../training/drive.js';
import * as optim from '../optim/index.js';
import { r2Score } from '../metrics.js';

export type Features = Tensor | number[][];
export type Labels = Int32Array | number[] | Tensor;

/** A d.optim optimizer, or how to make one. */
type AnyOptimizer = InstanceType<typeof optim.SGD> | InstanceType<typeof optim.Adam>;
export type OptimizerChoice = 'adam' | 'sgd' | 'lbfgs' | ((params: Tensor[]) => { step(closure?: () => unknown): unknown; zeroGrad(): void; paramGroups: { params: Tensor[]; lr: number }[] });

export interface TrainingOptions {
  /** The optimizer: 'adam', 'sgd' (with Nesterov momentum 0.9), 'lbfgs', or a factory (params) => optimizer. */
  optimizer?: OptimizerChoice;
  /** Learning rate of the chosen optimizer. */
  lr?: number;
  /** Epochs at most. */
  maxIter?: number;
  /** Stop when the training loss has not improved by tol for nIterNoChange epochs. */
  tol?: number;
  nIterNoChange?: number;
  /** Rows per step; the whole training set by default for linear models. */
  batchSize?: number;
  /** Seed for initial weights and shuffling. */
  seed?: number;
  /** Standardise features inside the model (default true). */
  standardize?: boolean;
  /** Show the progress bar on a terminal (default false). */
  verbose?: boolean;
}

/** A feature matrix as a [n, d] tensor (owned when it was converted from arrays). */
export function toFeatures(x: unknown, op: string, features?: number): { t: Tensor; owned: boolean } {
  let t: Tensor;
  let owned = false;
  if (x instanceof Tensor) {
    assertAlive(x, op);
    t = x;
  } else if (Array.isArray(x)) {
    t = tensor(x as number[][]);
    owned = true;
  } else throw new TypeError(`${op}: x must be a Tensor or an array of rows, got ${describe(x)}`);
  if (t.ndim !== 2 || t.shape[0] === 0) {
    if (owned) t.dispose();
    throw new RangeError(`${op}: x must be [samples, features] with at least one sample, got ${formatShape(t.shape)}`);
  }
  if (features !== undefined && t.shape[1] !== features) {
    if (owned) t.dispose();
    throw new RangeError(`${op}: x has ${t.shape[1]} features, the model was fitted with ${features}`);
  }
  return { t, owned };
}

/** Targets as float64 values, one per sample (labels or a [n] / [n, 1] tensor). */
export function targetNumbers(y: unknown, n: number, op: string): Float64Array {
  let values: ArrayLike<number>;
  if (y instanceof Tensor) {
    if (y.size !== n || (y.ndim === 2 && y.shape[1] !== 1) || y.ndim > 2) {
      throw new RangeError(`${op}: y has shape ${formatShape(y.shape)}, expected [${n}]`);
    }
    values = y.toFloat32Array();
  } else if (y instanceof Int32Array || Array.isArray(y) || y instanceof Float32Array || y instanceof Float64Array) {
    values = y as ArrayLike<number>;
  } else throw new TypeError(`${op}: y must be a Tensor or an array of numbers, got ${describe(y)}`);
  if (values.length !== n) throw new RangeError(`${op}: y has ${values.length} entries, x has ${n} samples`);
  const out = Float64Array.from(values);
  out.forEach((v, i) => {
    if (!Number.isFinite(v)) throw new RangeError(`${op}: y[${i}] is ${v}`);
  });
  return out;
}

/** Sorted distinct labels and each sample's index among them. */
export function encodeLabels(y: unknown, n: number, op: string): { classes: number[]; indices: Int32Array } {
  const values = targetNumbers(y, n, op);
  values.forEach((v, i) => {
    if (!Number.isInteger(v)) throw new TypeError(`${op}: y[${i}] = ${v} is not an integer class label`);
  });
  const classes = Array.from(new Set(values)).sort((a, b) => a - b);
  if (classes.length < 2) throw new RangeError(`${op}: y needs at least 2 classes, got ${classes.length}`);
  const index = new Map(classes.map((c, k) => [c, k]));
  return { classes, indices: Int32Array.from(values, (v) => index.get(v) as number) };
}

export function checkTraining(opts: unknown, op: string): TrainingOptions {
  if (opts === undefined) return {};
  if (opts === null || typeof opts !== 'object') throw new TypeError(`${op}: options must be an object, got ${describe(opts)}`);
  const o = opts as TrainingOptions;
  const positive = (v: unknown, name: string, integer: boolean) => {
    if (v === undefined) return;
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || (integer && !Number.isInteger(v))) {
      throw new RangeError(`${op}: ${name} must be a positive ${integer ? 'integer' : 'finite number'}, got ${describe(v)}`);
    }
  };
  positive(o.lr, 'lr', false);
  positive(o.maxIter, 'maxIter', true);
  positive(o.nIterNoChange, 'nIterNoChange', true);
  positive(o.batchSize, 'batchSize', true);
  if (o.tol !== undefined && (typeof o.tol !== 'number' || !(o.tol >= 0))) throw new RangeError(`${op}: tol must be a number ≥ 0, got ${describe(o.tol)}`);
  if (o.seed !== undefined && !Number.isInteger(o.seed)) throw new TypeError(`${op}: seed must be an integer, got ${describe(o.seed)}`);
  const choice = o.optimizer;
  if (choice !== undefined && typeof choice !== 'function' && choice !== 'adam' && choice !== 'sgd' && choice !== 'lbfgs') {
    throw new RangeError(`${op}: optimizer must be 'adam', 'sgd', 'lbfgs' or a function (params) => optimizer, got ${describe(choice)}`);
  }
  return o;
}

/**
 * The optimizer over `params`. For the built-in choices the L2 penalty alpha/2·‖w‖² on
 * `penalised` is their (coupled) weight decay, which adds alpha·w to the gradient at no extra
 * cost; `penaltyInLoss` tells the caller to add it to the loss itself instead.
 */
function makeOptimizer(choice: OptimizerChoice, params: Tensor[], penalised: Tensor[], alpha: number, lr: number | undefined, op: string) {
  if (typeof choice === 'function') return { optimizer: choice(params), penaltyInLoss: true };
  if (choice === 'lbfgs') {
    const LBFGS = (optim as Record<string, unknown>).LBFGS as (new (p: Tensor[], o: object) => AnyOptimizer) | undefined;
    if (LBFGS === undefined) throw new Error(`${op}: the 'lbfgs' optimizer is not available in this build`);
    return { optimizer: new LBFGS(params, { lr: lr ?? 1, lineSearchFn: 'strong_wolfe' }), penaltyInLoss: true };
  }
  const decayed = new Set(penalised);
  const groups = [
    { params: params.filter((p) => decayed.has(p)), weightDecay: alpha },
    { params: params.filter((p) => !decayed.has(p)), weightDecay: 0 },
  ].filter((g) => g.params.length > 0);
  const optimizer = choice === 'sgd'
    ? new optim.SGD(groups as unknown as Tensor[], { lr: lr ?? 0.01, momentum: 0.9, nesterov: true })
    : new optim.Adam(groups as unknown as Tensor[], { lr: lr ?? 1e-3 });
  return { optimizer, penaltyInLoss: false };
}

/** Training settings for one optimizer choice. */
export interface Settings {
  lr?: number;
  maxIter: number;
  tol: number;
  nIterNoChange: number;
  batchSize?: number;
}

type BuiltIn = 'adam' | 'sgd' | 'lbfgs';

/** What a model uses with an optimizer it was not tuned for (a user's choice). */
const FALLBACK: Record<BuiltIn, Settings> = {
  adam: { maxIter: 1000, tol: 1e-6, nIterNoChange: 10 },
  sgd: { maxIter: 1000, tol: 1e-6, nIterNoChange: 10 },
  lbfgs: { maxIter: 100, tol: 1e-7, nIterNoChange: 3 },
};

export interface TrainSpec {
  module: Module;
  x: Tensor;
  y: Tensor | Int32Array;
  loss: LossFn;
  /** Weights whose squared norm is penalised by alpha/2 (not biases). */
  penalised: Tensor[];
  alpha: number;
  /** The model's optimizer and its settings for it (and, optionally, for the others). */
  defaults: { optimizer: BuiltIn } & Partial<Record<BuiltIn, Settings>>;
  options: TrainingOptions;
  op: string;
}

/** Trains spec.module on (x, y) with d.fit's loop, yielding at batch boundaries; returns the history. */
export function* train(spec: TrainSpec): TrainingRun {
  const o = spec.options;
  const choice = o.optimizer ?? spec.defaults.optimizer;
  const settings = (typeof choice === 'string' ? spec.defaults[choice] ?? FALLBACK[choice] : undefined) ?? FALLBACK.adam;
  const lr = o.lr ?? settings.lr;
  const { alpha, penalised } = spec;
  const { optimizer, penaltyInLoss } = makeOptimizer(choice, spec.module.parameters(), penalised, alpha, lr, spec.op);
  const n = spec.x.shape[0];
  const batchSize = Math.min(o.batchSize ?? settings.batchSize ?? n, n);
  const loader = new DataLoader({ x: spec.x, y: spec.y }, { batchSize, shuffle: batchSize < n, seed: o.seed ?? 0 });
  const loss: LossFn = alpha === 0 || !penaltyInLoss ? spec.loss : (pred, target) => {
    let total = spec.loss(pred, target);
    for (const w of penalised) total = total.add(w.mul(w).sum().mul(alpha / 2));
    return total;
  };
  try {
    return yield* trainingRun(makePlan(spec.module, optimizer as FitOptimizer, {
      data: loader,
      loss,
      epochs: o.maxIter ?? settings.maxIter,
      tol: o.tol ?? settings.tol,
      nIterNoChange: o.nIterNoChange ?? settings.nIterNoChange,
      progress: o.verbose ?? false,
    }, 'fit'));
  } finally {
    // The optimizer's state and the loader's generator live in Wasm memory: free them now
    // rather than whenever the garbage collector gets round to it.
    (optimizer as { dispose?(): void }).dispose?.();
    loader.dispose();
  }
}

/** estimator.fitAsync's options. */
export type EstimatorAsyncOptions = AsyncControl;

/** Every d.models estimator: fit and fitAsync drive the same generator of training steps. */
export abstract class Estimator {
  /** The last training's per-epoch history (of an aborted fitAsync: the epochs it completed). */
  history: History | null = null;

  constructor(protected readonly name: string) {}

  /** All of fit, yielding at the training loop's batch boundaries; `op` names the call in errors. */
  protected abstract fitSteps(x: Features, y: Labels, op: string): Generator<unknown, void, void>;

  fit(x: Features, y: Labels): this {
    runToEnd(this.fitSteps(x, y, `${this.name}.fit`));
    return this;
  }

  /**
   * fit without blocking the event loop (d.fitAsync's loop): the same result; aborting `signal`
   * rejects with an AbortError and leaves the partly trained model, which can predict.
   */
  async fitAsync(x: Features, y: Labels, options?: EstimatorAsyncOptions): Promise<this> {
    const op = `${this.name}.fitAsync`;
    const { control } = splitAsyncOptions(options ?? {}, op);
    try {
      await runAsync(this.fitSteps(x, y, op) as Generator<{ epoch: number; batch: number }, void, void>, control, op);
    } catch (e) {
      // Stopped mid-run: the model is the partly trained one, so the history must be its own.
      const partial = (e as { name?: string; history?: History }).history;
      if ((e as { name?: string }).name === 'AbortError' && partial !== undefined) this.history = partial;
      throw e;
    }
    return this;
  }
}

/** The internal scaler (or none), fitted on x. */
export function fitScaler(x: Tensor, standardize: boolean | undefined): StandardScaler | null {
  return standardize === false ? null : new StandardScaler().fit(x);
}

/** Runs fn on x after scaling, without recording gradients; frees temporaries. */
export function withScaled<T>(scaler: StandardScaler | null, x: Tensor, fn: (xs: Tensor) => T): T {
  return noGrad(() => tidy(() => fn(scaler === null ? x : scaler.transform(x))));
}

/** R² of a regressor's predictions (which it frees) against y. */
export function r2Of(pred: Tensor, y: Labels, op: string): number {
  try {
    return r2Score(pred, Array.from(targetNumbers(y, pred.size, op)));
  } finally {
    pred.dispose();
  }
}

export function columnTensor(values: Float64Array): Tensor {
  return fromFloat32(values, [values.length, 1]);
}

export function notFitted(op: string): Error {
  return new Error(`${op}: the model is not fitted yet; call fit(x, y) first`);
}

// The types of d.fit / d.fitAsync: what they take, what they report, and the two things they
// ask of an optimizer and a scheduler (which declare what they need; nothing is sniffed).
import type { Tensor } from '../tensor.js';
import type { DataLoader, Targets } from '../data/loader.js';
import type { TrainingProgress } from './progress.js';

export type Target = Tensor | Int32Array | undefined;
export type LossFn = (pred: Tensor, target: Target) => Tensor;
// A user's loss or metric, declared as a method so that one typed for a kind of target
// (mseLoss's Tensor, crossEntropy's indices) is accepted: methods' parameters are bivariant.
export type LossOption = { loss(pred: Tensor, target: Target | number[]): Tensor }['loss'];
export type MetricOption = { metric(pred: Tensor, target: Target | number[]): number }['metric'];
export type LossName = 'mse' | 'l1' | 'huber' | 'crossEntropy' | 'binaryCrossEntropyWithLogits' | 'hinge';
export type MetricFn = (pred: Tensor, target: Target) => number;
export type MetricName = 'accuracy' | 'mae' | 'mse';

/** What fit trains: a module (forward, parameters, train/eval) or a plain function of x. */
export type Model = { forward(x: Tensor): Tensor; train?(mode?: boolean): unknown; eval?(): unknown } | ((x: Tensor) => Tensor);

/** The part of an optimizer fit uses (every d.optim optimizer has it). */
export interface FitOptimizer {
  paramGroups: { params: Tensor[]; lr: number }[];
  step(closure?: () => unknown): unknown;
  zeroGrad(): void;
  /** True when step() must be given a closure that re-evaluates the loss (L-BFGS). */
  readonly needsClosure?: boolean;
}

/** When a scheduler's step() is called: after every batch, every epoch, or every epoch with the monitored loss. */
export type SchedulerStepsOn = 'batch' | 'epoch' | 'metric';

export interface FitScheduler {
  step(metric?: number): void;
  /** Declared by every d.optim.lrScheduler class; a scheduler without it steps per epoch. */
  readonly stepsOn?: SchedulerStepsOn;
}

export interface EarlyStopping {
  /** Epochs without improvement before stopping (default 5). */
  patience?: number;
  /** The smallest decrease that counts as an improvement (default 0). */
  minDelta?: number;
  /** The quantity watched: 'valLoss' (default when there is validation data) or 'loss'. */
  monitor?: 'valLoss' | 'loss';
  /** Put back the weights of the best epoch when training ends (default true). */
  restoreBestWeights?: boolean;
}

export interface EpochLogs {
  epoch: number;
  loss: number;
  valLoss?: number;
  gradNorm: number;
  lr: number;
  seconds: number;
  [metric: string]: number | undefined;
}

/** A metric to report: a built-in name, or your own function with the name it is reported under. */
export type MetricSpec = MetricName | { readonly name: string; fn: MetricOption };

/**
 * d.fit's options. `M` is the metrics requested (inferred from `metrics`), which types the
 * history d.fit returns.
 */
export interface FitOptions<M extends MetricSpec = MetricSpec> {
  /** Training data: a DataLoader, or { x, y } for full-batch gradient descent. */
  data: DataLoader | { x: Tensor; y?: Targets };
  validation?: DataLoader | { x: Tensor; y?: Targets };
  loss: LossName | LossOption;
  /** Passes over the data (default 10). */
  epochs?: number;
  scheduler?: FitScheduler;
  /** Overrides the scheduler's own stepsOn ('epoch' or 'batch'; a 'metric' scheduler always steps per epoch). */
  schedulerStep?: 'epoch' | 'batch';
  /** Rescale gradients whose total L2 norm exceeds this. */
  clipGradNorm?: number;
  earlyStopping?: EarlyStopping;
  /** Stop once the training loss has not improved by tol for nIterNoChange epochs (scikit-learn's rule). */
  tol?: number;
  nIterNoChange?: number;
  /** Metrics on the training batches and on the validation data ('val' + Name). */
  metrics?: readonly M[];
  /** Called after every epoch; returning false stops training. */
  onEpoch?(logs: EpochLogs): void | boolean;
  /**
   * The progress display: true (default) writes to stderr in Node, Deno and Bun — a live line
   * on a terminal, one plain line per epoch elsewhere; false shows nothing.
   */
  progress?: boolean;
  /** Receives every progress event as a plain object (for a page, a worker, a custom display). */
  onProgress?(event: TrainingProgress): void;
}

export interface FitAsyncOptions<M extends MetricSpec = MetricSpec> extends FitOptions<M> {
  /** Aborting it stops training at the next batch boundary; the promise rejects with an AbortError. */
  signal?: AbortSignal;
  /** Let the event loop run at least this often, in milliseconds of training (default 16). */
  yieldEveryMs?: number;
}

export type StopReason = 'epochs' | 'earlyStopping' | 'tol' | 'callback';

/** What every history has, whatever the metrics. */
export interface HistoryBase {
  loss: number[];
  /** Empty without validation data. */
  valLoss: number[];
  gradNorm: number[];
  lr: number[];
  /** Epochs run. */
  epochs: number;
  /** Why training ended. */
  stopReason: StopReason;
  /** The epoch (1-based) whose weights the model holds after early stopping restored them. */
  bestEpoch?: number;
  seconds: number;
}

/** The name a metric is reported under. */
export type MetricKey<M> = M extends string ? M : M extends { readonly name: infer N extends string } ? N : never;

/**
 * What d.fit returns, typed by the metrics requested (`M`) and whether validation data was
 * given (`V`): `metrics: ['accuracy']` gives `history.accuracy: number[]`, and with validation
 * data `history.valAccuracy: number[]`; a name that was not requested does not compile.
 */
export type History<M extends MetricSpec = never, V extends boolean = false> = HistoryBase & { [K in MetricKey<M>]: number[] } &
  (V extends true ? { [K in MetricKey<M> as `val${Capitalize<K>}`]: number[] } : unknown);

/** The history as the training loop fills it in: metrics by name. */
export interface HistoryRecord extends HistoryBase {
  [metric: string]: number[] | number | string | undefined;
}

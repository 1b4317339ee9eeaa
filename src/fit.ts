// d.fit: the training loop. Epochs over a DataLoader; per step: zeroGrad, forward, loss,
// backward, gradient norm (and clipping), optimizer step. Per epoch: validation, metrics,
// scheduler, early stopping and tolerance stopping, history, callbacks and the progress bar.
import { Tensor, tidy } from './tensor.js';
import { sumSquares as sumOfSquares, writeFloats } from './backend/index.js';
import { clipGradNorm } from './nn/utils.js';
import { OneCycleLR } from './optim/lr_scheduler/one_cycle.js';
import { ReduceLROnPlateau } from './optim/lr_scheduler/plateau.js';
import { noGrad } from './autograd.js';
import { describe } from './ops/util.js';
import { DataLoader, Targets } from './data/loader.js';
import * as losses from './nn/losses.js';
import { accuracy, meanAbsoluteError, meanSquaredError } from './metrics.js';
import { ProgressBar } from './progress.js';

type Target = Tensor | Int32Array | undefined;
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
  defaults?: Record<string, unknown>;
}

export interface FitScheduler {
  step(metric?: number): void;
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

export interface FitOptions {
  /** Training data: a DataLoader, or { x, y } for full-batch gradient descent. */
  data: DataLoader | { x: Tensor; y?: Targets };
  validation?: DataLoader | { x: Tensor; y?: Targets };
  loss: LossName | LossOption;
  /** Passes over the data (default 10). */
  epochs?: number;
  scheduler?: FitScheduler;
  /** Step the scheduler after every epoch, or after every batch (the default for OneCycleLR). */
  schedulerStep?: 'epoch' | 'batch';
  /** Rescale gradients whose total L2 norm exceeds this. */
  clipGradNorm?: number;
  earlyStopping?: EarlyStopping;
  /** Stop once the training loss has not improved by tol for nIterNoChange epochs (scikit-learn's rule). */
  tol?: number;
  nIterNoChange?: number;
  /** Metrics on the training batches and on the validation data ('val' + Name). */
  metrics?: (MetricName | { name: string; fn: MetricOption })[];
  /** Called after every epoch; returning false stops training. */
  onEpoch?(logs: EpochLogs): void | boolean;
  /** Show the progress bar when stderr is a terminal (default true; never elsewhere). */
  progress?: boolean;
}

export interface History {
  loss: number[];
  valLoss: number[];
  gradNorm: number[];
  lr: number[];
  /** Epochs run. */
  epochs: number;
  /** Why training ended. */
  stopReason: 'epochs' | 'earlyStopping' | 'tol' | 'callback';
  /** The epoch (1-based) whose weights the model holds after early stopping restored them. */
  bestEpoch?: number;
  seconds: number;
  [metric: string]: number[] | number | string | undefined;
}

const LOSSES: Record<LossName, LossFn> = {
  mse: (p, y) => losses.mseLoss(p, y as Tensor),
  l1: (p, y) => losses.l1Loss(p, y as Tensor),
  huber: (p, y) => losses.huberLoss(p, y as Tensor),
  crossEntropy: (p, y) => losses.crossEntropy(p, y as Int32Array | Tensor),
  binaryCrossEntropyWithLogits: (p, y) => losses.binaryCrossEntropyWithLogits(p, y as Tensor),
  hinge: (p, y) => losses.hingeLoss(p, y as Tensor),
};

const METRICS: Record<MetricName, MetricFn> = {
  accuracy: (p, y) => accuracy(p, y as Tensor | Int32Array),
  mae: (p, y) => meanAbsoluteError(p, y as Tensor | Int32Array),
  mse: (p, y) => meanSquaredError(p, y as Tensor | Int32Array),
};

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** A tensor target of the prediction's size but another shape ([n] vs [n, 1]) is viewed as the prediction's shape. */
function alignTarget(pred: Tensor, y: Target): Target {
  if (!(y instanceof Tensor) || y.size !== pred.size || y.shape.join() === pred.shape.join()) return y;
  return y.reshape(pred.shape as number[]);
}

function resolveLoss(loss: unknown): LossFn {
  if (typeof loss === 'function') return loss as LossFn;
  if (typeof loss === 'string' && loss in LOSSES) {
    const fn = LOSSES[loss as LossName];
    return (p, y) => fn(p, alignTarget(p, y));
  }
  throw new TypeError(`fit: loss must be a function or one of ${Object.keys(LOSSES).join(', ')}, got ${describe(loss)}`);
}

function resolveMetrics(metrics: unknown): { name: string; fn: MetricFn }[] {
  if (metrics === undefined) return [];
  if (!Array.isArray(metrics)) throw new TypeError(`fit: metrics must be an array, got ${describe(metrics)}`);
  return metrics.map((m, i) => {
    if (typeof m === 'string' && m in METRICS) return { name: m, fn: METRICS[m as MetricName] };
    if (m !== null && typeof m === 'object' && typeof m.name === 'string' && typeof m.fn === 'function') return m;
    throw new TypeError(`fit: metrics[${i}] must be one of ${Object.keys(METRICS).join(', ')} or { name, fn }, got ${describe(m)}`);
  });
}

function asLoader(data: unknown, what: string, wholeBatch: boolean): DataLoader {
  if (data instanceof DataLoader) return data;
  if (data === null || typeof data !== 'object' || !((data as { x?: unknown }).x instanceof Tensor)) {
    throw new TypeError(`fit: ${what} must be a DataLoader or { x: Tensor, y }, got ${describe(data)}`);
  }
  const { x, y } = data as { x: Tensor; y?: Targets };
  const n = x.shape[0] ?? 1;
  return new DataLoader({ x, y }, { batchSize: wholeBatch ? Math.max(n, 1) : Math.min(Math.max(n, 1), 4096) });
}

function checkPositiveInt(v: unknown, what: string): number {
  if (!Number.isInteger(v) || (v as number) < 1) throw new RangeError(`fit: ${what} must be a positive integer, got ${describe(v)}`);
  return v as number;
}

function checkNonNegative(v: unknown, what: string): number {
  if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v)) throw new RangeError(`fit: ${what} must be a finite number ≥ 0, got ${describe(v)}`);
  return v;
}

function forwardOf(model: Model): (x: Tensor) => Tensor {
  if (typeof model === 'function') return model;
  if (model !== null && typeof model === 'object' && typeof model.forward === 'function') return (x) => model.forward(x);
  throw new TypeError(`fit: model must be a module with forward(x) or a function, got ${describe(model)}`);
}

function setTraining(model: Model, training: boolean): void {
  if (typeof model === 'function') return;
  if (training) model.train?.(true);
  else model.eval?.();
}

/** The L2 norm of all gradients together, accumulated in float64. */
function totalGradNorm(params: Tensor[]): number {
  let sumSquares = 0;
  for (const p of params) if (p.grad !== null && p.grad.size > 0) sumSquares += sumOfSquares(p.grad);
  return Math.sqrt(sumSquares);
}

class NonFiniteLossError extends Error {
  history?: History;
}

function nonFinite(what: string, value: number, epoch: number, batch: number, batches: number, step: number): NonFiniteLossError {
  return new NonFiniteLossError(
    `fit: the ${what} became ${value} at epoch ${epoch}, batch ${batch} of ${batches} (step ${step}); ` +
      'training stopped before that step changed the parameters (try a smaller learning rate or clipGradNorm)',
  );
}

interface Accumulator {
  weight: number;
  sum: number;
  metrics: number[];
}

function evaluate(forward: (x: Tensor) => Tensor, loader: DataLoader, lossFn: LossFn, metrics: { fn: MetricFn }[]): Accumulator {
  const acc: Accumulator = { weight: 0, sum: 0, metrics: metrics.map(() => 0) };
  noGrad(() => {
    for (const batch of loader) {
      tidy(() => {
        const n = batch.x.shape[0];
        const pred = forward(batch.x);
        acc.sum += lossFn(pred, batch.y).item() * n;
        metrics.forEach((m, i) => (acc.metrics[i] += m.fn(pred, batch.y) * n));
        acc.weight += n;
      });
      releaseBatch(batch);
    }
  });
  return acc;
}

function releaseBatch(batch: { x: Tensor; y: Target }): void {
  batch.x.dispose();
  if (batch.y instanceof Tensor) batch.y.dispose();
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** Trains `model` with `optimizer` and returns the per-epoch history. */
export function fit(model: Model, optimizer: FitOptimizer, options: FitOptions): History {
  const forward = forwardOf(model);
  if (optimizer === null || typeof optimizer !== 'object' || typeof optimizer.step !== 'function' || !Array.isArray(optimizer.paramGroups)) {
    throw new TypeError(`fit: optimizer must be a d.optim optimizer, got ${describe(optimizer)}`);
  }
  if (options === null || typeof options !== 'object') throw new TypeError(`fit: options must be an object, got ${describe(options)}`);
  const loader = asLoader(options.data, 'data', true);
  if (loader.length === 0) {
    throw new RangeError(`fit: data gives no batches (${loader.dataset.length} rows, batchSize ${loader.batchSize}${loader.dropLast ? ', dropLast' : ''})`);
  }
  const validation = options.validation === undefined ? null : asLoader(options.validation, 'validation', false);
  const lossFn = resolveLoss(options.loss);
  const metrics = resolveMetrics(options.metrics);
  const epochs = checkPositiveInt(options.epochs ?? 10, 'epochs');
  const clip = options.clipGradNorm === undefined ? null : checkNonNegative(options.clipGradNorm, 'clipGradNorm');
  const tol = options.tol === undefined ? null : checkNonNegative(options.tol, 'tol');
  const nIterNoChange = checkPositiveInt(options.nIterNoChange ?? 10, 'nIterNoChange');
  const scheduler = options.scheduler ?? null;
  if (scheduler !== null && typeof scheduler.step !== 'function') throw new TypeError(`fit: scheduler must have step(), got ${describe(scheduler)}`);
  // OneCycleLR counts batches (its totalSteps); every other schedule counts epochs.
  const schedulerStep = options.schedulerStep ?? (scheduler instanceof OneCycleLR ? 'batch' : 'epoch');
  if (schedulerStep !== 'epoch' && schedulerStep !== 'batch') throw new RangeError(`fit: schedulerStep must be 'epoch' or 'batch', got ${describe(schedulerStep)}`);
  const needsMetric = scheduler !== null && isPlateauScheduler(scheduler);
  const es = options.earlyStopping ?? null;
  const monitor = es?.monitor ?? (validation !== null ? 'valLoss' : 'loss');
  if (es !== null) {
    if (typeof es !== 'object') throw new TypeError(`fit: earlyStopping must be an object, got ${describe(es)}`);
    if (monitor !== 'valLoss' && monitor !== 'loss') throw new RangeError(`fit: earlyStopping.monitor must be 'valLoss' or 'loss', got ${describe(monitor)}`);
    if (monitor === 'valLoss' && validation === null) throw new Error("fit: earlyStopping monitors 'valLoss' but no validation data was given");
  }
  const patience = es === null ? 0 : checkPositiveInt(es.patience ?? 5, 'earlyStopping.patience');
  const minDelta = es === null ? 0 : checkNonNegative(es.minDelta ?? 0, 'earlyStopping.minDelta');
  const restoreBest = es?.restoreBestWeights ?? true;
  if (options.onEpoch !== undefined && typeof options.onEpoch !== 'function') throw new TypeError(`fit: onEpoch must be a function, got ${describe(options.onEpoch)}`);
  const params = optimizer.paramGroups.flatMap((g) => g.params);
  const usesClosure = optimizer.defaults !== undefined && 'historySize' in optimizer.defaults; // L-BFGS re-evaluates

  const history: History = { loss: [], valLoss: [], gradNorm: [], lr: [], epochs: 0, stopReason: 'epochs', seconds: 0 };
  for (const m of metrics) {
    history[m.name] = [];
    if (validation !== null) history[`val${capitalise(m.name)}`] = [];
  }
  const bar = new ProgressBar(options.progress ?? true);
  const started = now();
  let step = 0;
  let best = Infinity;
  let bestEpoch = 0;
  let bestWeights: Float32Array[] | null = null;
  let wait = 0;
  let tolBest = Infinity;
  let tolWait = 0;

  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const epochStart = now();
      setTraining(model, true);
      const acc: Accumulator = { weight: 0, sum: 0, metrics: metrics.map(() => 0) };
      let normSum = 0;
      let batchIndex = 0;
      const batches = loader.length;
      const lr = optimizer.paramGroups[0].lr;
      for (const batch of loader) {
        batchIndex++;
        step++;
        const n = batch.x.shape[0];
        try {
          tidy(() => {
            const evaluateLoss = () => {
              optimizer.zeroGrad();
              const pred = forward(batch.x);
              const loss = lossFn(pred, batch.y);
              return { pred, loss };
            };
            const { pred, loss } = evaluateLoss();
            const value = loss.item();
            if (!Number.isFinite(value)) throw nonFinite('loss', value, epoch, batchIndex, batches, step);
            loss.backward();
            const norm = totalGradNorm(params);
            if (!Number.isFinite(norm)) throw nonFinite('gradient norm', norm, epoch, batchIndex, batches, step);
            if (clip !== null && norm > clip) clipGradNorm(params, clip);
            metrics.forEach((m, i) => (acc.metrics[i] += m.fn(pred, batch.y) * n));
            if (usesClosure) {
              let first = true;
              optimizer.step(() => {
                if (first) {
                  first = false; // the gradients of this point are already in place
                  return loss;
                }
                const again = evaluateLoss().loss;
                again.backward();
                return again;
              });
            } else optimizer.step();
            acc.sum += value * n;
            acc.weight += n;
            normSum += norm;
          });
        } finally {
          releaseBatch(batch);
        }
        if (scheduler !== null && schedulerStep === 'batch' && !needsMetric) scheduler.step();
        bar.update({
          epoch, epochs, batch: batchIndex, batches,
          loss: acc.sum / acc.weight,
          valLoss: history.valLoss[history.valLoss.length - 1],
          samplesPerSecond: (acc.weight * 1000) / Math.max(now() - epochStart, 1e-3),
        });
      }
      const trainLoss = acc.sum / Math.max(acc.weight, 1);
      const logs: EpochLogs = { epoch, loss: trainLoss, gradNorm: normSum / Math.max(batchIndex, 1), lr, seconds: 0 };
      history.loss.push(trainLoss);
      history.gradNorm.push(logs.gradNorm);
      history.lr.push(lr);
      metrics.forEach((m, i) => {
        logs[m.name] = acc.metrics[i] / Math.max(acc.weight, 1);
        (history[m.name] as number[]).push(logs[m.name] as number);
      });
      if (validation !== null) {
        setTraining(model, false);
        const v = evaluate(forward, validation, lossFn, metrics);
        setTraining(model, true);
        logs.valLoss = v.sum / Math.max(v.weight, 1);
        history.valLoss.push(logs.valLoss);
        metrics.forEach((m, i) => {
          const key = `val${capitalise(m.name)}`;
          logs[key] = v.metrics[i] / Math.max(v.weight, 1);
          (history[key] as number[]).push(logs[key] as number);
        });
      }
      history.epochs = epoch;
      logs.seconds = (now() - epochStart) / 1000;
      bar.update({
        epoch, epochs, batch: batchIndex, batches, loss: trainLoss, valLoss: logs.valLoss,
        samplesPerSecond: acc.weight / Math.max(logs.seconds, 1e-6),
      }, true);
      if (scheduler !== null) {
        if (needsMetric) scheduler.step(logs.valLoss ?? trainLoss);
        else if (schedulerStep === 'epoch') scheduler.step();
      }
      let stop = false;
      if (es !== null) {
        const watched = monitor === 'valLoss' ? (logs.valLoss as number) : trainLoss;
        if (watched < best - minDelta) {
          best = watched;
          bestEpoch = epoch;
          wait = 0;
          if (restoreBest) bestWeights = params.map((p) => p.toFloat32Array());
        } else if (++wait >= patience) {
          history.stopReason = 'earlyStopping';
          stop = true;
        }
      }
      if (tol !== null) {
        if (trainLoss > tolBest - tol) tolWait++;
        else tolWait = 0;
        if (trainLoss < tolBest) tolBest = trainLoss;
        if (tolWait >= nIterNoChange && !stop) {
          history.stopReason = 'tol';
          stop = true;
        }
      }
      if (options.onEpoch !== undefined && options.onEpoch(logs) === false && !stop) {
        history.stopReason = 'callback';
        stop = true;
      }
      if (stop) break;
    }
  } catch (e) {
    if (e instanceof NonFiniteLossError) e.history = history;
    throw e;
  } finally {
    bar.finish();
    history.seconds = (now() - started) / 1000;
  }
  if (bestWeights !== null && bestEpoch !== history.epochs) {
    const weights = bestWeights;
    params.forEach((p, i) => writeFloats(p, weights[i]));
    history.bestEpoch = bestEpoch;
  } else if (es !== null) {
    history.bestEpoch = bestEpoch || history.epochs;
  }
  return history;
}

/** ReduceLROnPlateau steps on a metric (recognised by class, or by its torch attributes). */
function isPlateauScheduler(s: FitScheduler): boolean {
  if (s instanceof ReduceLROnPlateau) return true;
  const o = s as unknown as Record<string, unknown>;
  return 'numBadEpochs' in o && 'mode' in o && 'best' in o;
}

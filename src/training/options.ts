// fit's options, checked whole before training starts and resolved into a Plan: loaders, the
// loss and metric functions, the numbers, and the optimizer's and scheduler's declared needs.
import { Tensor } from '../tensor.js';
import { describe } from '../ops/util.js';
import { DataLoader, Targets } from '../data/loader.js';
import * as losses from '../nn/losses.js';
import { accuracy, meanAbsoluteError, meanSquaredError } from '../metrics.js';
import type {
  FitOptimizer, FitOptions, FitScheduler, LossFn, LossName, MetricFn, MetricName, Model, SchedulerStepsOn, Target,
} from './types.js';

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

export interface Metric {
  name: string;
  fn: MetricFn;
}

/** Everything the loop and its parts need, checked. */
export interface Plan {
  where: string;
  model: Model;
  forward: (x: Tensor) => Tensor;
  optimizer: FitOptimizer;
  params: Tensor[];
  needsClosure: boolean;
  loader: DataLoader;
  validation: DataLoader | null;
  lossFn: LossFn;
  metrics: Metric[];
  epochs: number;
  clip: number | null;
  scheduler: { scheduler: FitScheduler; stepsOn: SchedulerStepsOn } | null;
  earlyStopping: { patience: number; minDelta: number; monitor: 'valLoss' | 'loss'; restoreBest: boolean } | null;
  tol: { tol: number; nIterNoChange: number } | null;
  onEpoch: NonNullable<FitOptions['onEpoch']> | null;
  progress: boolean;
  onProgress: NonNullable<FitOptions['onProgress']> | null;
}

/** A tensor target of the prediction's size but another shape ([n] vs [n, 1]) is viewed as the prediction's shape. */
function alignTarget(pred: Tensor, y: Target): Target {
  if (!(y instanceof Tensor) || y.size !== pred.size || y.shape.join() === pred.shape.join()) return y;
  return y.reshape(pred.shape as number[]);
}

function resolveLoss(loss: unknown, where: string): LossFn {
  if (typeof loss === 'function') return loss as LossFn;
  if (typeof loss === 'string' && loss in LOSSES) {
    const fn = LOSSES[loss as LossName];
    return (p, y) => fn(p, alignTarget(p, y));
  }
  throw new TypeError(`${where}: loss must be a function or one of ${Object.keys(LOSSES).join(', ')}, got ${describe(loss)}`);
}

function resolveMetrics(metrics: unknown, where: string): Metric[] {
  if (metrics === undefined) return [];
  if (!Array.isArray(metrics)) throw new TypeError(`${where}: metrics must be an array, got ${describe(metrics)}`);
  return metrics.map((m, i) => {
    if (typeof m === 'string' && m in METRICS) return { name: m, fn: METRICS[m as MetricName] };
    if (m !== null && typeof m === 'object' && typeof m.name === 'string' && typeof m.fn === 'function') return m;
    throw new TypeError(`${where}: metrics[${i}] must be one of ${Object.keys(METRICS).join(', ')} or { name, fn }, got ${describe(m)}`);
  });
}

function asLoader(data: unknown, what: string, wholeBatch: boolean, where: string): DataLoader {
  if (data instanceof DataLoader) return data;
  if (data === null || typeof data !== 'object' || !((data as { x?: unknown }).x instanceof Tensor)) {
    throw new TypeError(`${where}: ${what} must be a DataLoader or { x: Tensor, y }, got ${describe(data)}`);
  }
  const { x, y } = data as { x: Tensor; y?: Targets };
  const n = x.shape[0] ?? 1;
  return new DataLoader({ x, y }, { batchSize: wholeBatch ? Math.max(n, 1) : Math.min(Math.max(n, 1), 4096) });
}

function positiveInt(v: unknown, what: string, where: string): number {
  if (!Number.isInteger(v) || (v as number) < 1) throw new RangeError(`${where}: ${what} must be a positive integer, got ${describe(v)}`);
  return v as number;
}

export function nonNegative(v: unknown, what: string, where: string): number {
  if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v)) throw new RangeError(`${where}: ${what} must be a finite number ≥ 0, got ${describe(v)}`);
  return v;
}

function forwardOf(model: Model, where: string): (x: Tensor) => Tensor {
  if (typeof model === 'function') return model;
  if (model !== null && typeof model === 'object' && typeof model.forward === 'function') return (x) => model.forward(x);
  throw new TypeError(`${where}: model must be a module with forward(x) or a function, got ${describe(model)}`);
}

function checkFunction(v: unknown, what: string, where: string): void {
  if (v !== undefined && typeof v !== 'function') throw new TypeError(`${where}: ${what} must be a function, got ${describe(v)}`);
}

/** The scheduler and when it steps: its declared stepsOn, unless schedulerStep overrides it. */
function resolveScheduler(options: FitOptions, where: string): Plan['scheduler'] {
  const scheduler = options.scheduler ?? null;
  const override = options.schedulerStep;
  if (override !== undefined && override !== 'epoch' && override !== 'batch') {
    throw new RangeError(`${where}: schedulerStep must be 'epoch' or 'batch', got ${describe(override)}`);
  }
  if (scheduler === null) return null;
  if (typeof scheduler !== 'object' || typeof scheduler.step !== 'function') throw new TypeError(`${where}: scheduler must have step(), got ${describe(scheduler)}`);
  const declared = scheduler.stepsOn ?? 'epoch';
  if (declared !== 'batch' && declared !== 'epoch' && declared !== 'metric') {
    throw new RangeError(`${where}: scheduler.stepsOn must be 'batch', 'epoch' or 'metric', got ${describe(declared)}`);
  }
  if (declared === 'metric' && override === 'batch') {
    throw new RangeError(`${where}: schedulerStep 'batch' cannot drive a scheduler that steps on a metric (ReduceLROnPlateau steps once per epoch)`);
  }
  return { scheduler, stepsOn: declared === 'metric' ? 'metric' : override ?? declared };
}

function resolveEarlyStopping(options: FitOptions, hasValidation: boolean, where: string): Plan['earlyStopping'] {
  const es = options.earlyStopping ?? null;
  if (es === null) return null;
  if (typeof es !== 'object') throw new TypeError(`${where}: earlyStopping must be an object, got ${describe(es)}`);
  const monitor = es.monitor ?? (hasValidation ? 'valLoss' : 'loss');
  if (monitor !== 'valLoss' && monitor !== 'loss') throw new RangeError(`${where}: earlyStopping.monitor must be 'valLoss' or 'loss', got ${describe(monitor)}`);
  if (monitor === 'valLoss' && !hasValidation) throw new Error(`${where}: earlyStopping monitors 'valLoss' but no validation data was given`);
  return {
    monitor,
    patience: positiveInt(es.patience ?? 5, 'earlyStopping.patience', where),
    minDelta: nonNegative(es.minDelta ?? 0, 'earlyStopping.minDelta', where),
    restoreBest: es.restoreBestWeights ?? true,
  };
}

/** Checks d.fit's arguments whole and resolves them; nothing has changed when it throws. */
export function makePlan(model: Model, optimizer: FitOptimizer, options: FitOptions, where: string): Plan {
  const forward = forwardOf(model, where);
  if (optimizer === null || typeof optimizer !== 'object' || typeof optimizer.step !== 'function' || !Array.isArray(optimizer.paramGroups)) {
    throw new TypeError(`${where}: optimizer must be a d.optim optimizer, got ${describe(optimizer)}`);
  }
  if (options === null || typeof options !== 'object') throw new TypeError(`${where}: options must be an object, got ${describe(options)}`);
  const loader = asLoader(options.data, 'data', true, where);
  if (loader.length === 0) {
    throw new RangeError(`${where}: data gives no batches (${loader.dataset.length} rows, batchSize ${loader.batchSize}${loader.dropLast ? ', dropLast' : ''})`);
  }
  const validation = options.validation === undefined ? null : asLoader(options.validation, 'validation', false, where);
  const lossFn = resolveLoss(options.loss, where);
  const metrics = resolveMetrics(options.metrics, where);
  const epochs = positiveInt(options.epochs ?? 10, 'epochs', where);
  const clip = options.clipGradNorm === undefined ? null : nonNegative(options.clipGradNorm, 'clipGradNorm', where);
  const tol = options.tol === undefined ? null : nonNegative(options.tol, 'tol', where);
  const nIterNoChange = positiveInt(options.nIterNoChange ?? 10, 'nIterNoChange', where);
  const scheduler = resolveScheduler(options, where);
  const earlyStopping = resolveEarlyStopping(options, validation !== null, where);
  checkFunction(options.onEpoch, 'onEpoch', where);
  checkFunction(options.onProgress, 'onProgress', where);
  if (options.progress !== undefined && typeof options.progress !== 'boolean') {
    throw new TypeError(`${where}: progress must be a boolean, got ${describe(options.progress)}`);
  }
  return {
    where, model, forward, optimizer, loader, validation, lossFn, metrics, epochs, clip, scheduler, earlyStopping,
    params: optimizer.paramGroups.flatMap((g) => g.params),
    needsClosure: optimizer.needsClosure === true,
    tol: tol === null ? null : { tol, nIterNoChange },
    onEpoch: options.onEpoch ?? null,
    progress: options.progress ?? true,
    onProgress: options.onProgress ?? null,
  };
}

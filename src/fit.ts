// d.fit and d.fitAsync: one training loop (training/loop.ts, a generator of batch boundaries)
// over explicit parts (training/parts.ts), driven straight through or with the event loop
// given a turn between batches. The same seeds give the same history and the same bits.
import { makePlan } from './training/options.js';
import { trainingRun } from './training/loop.js';
import { runAsync, runToEnd, splitAsyncOptions } from './training/drive.js';
import type { FitAsyncOptions, FitOptimizer, FitOptions, History, HistoryRecord, MetricSpec, Model } from './training/types.js';
import { describe } from './ops/util.js';

export type {
  EarlyStopping, EpochLogs, FitAsyncOptions, FitOptimizer, FitOptions, FitScheduler, History, HistoryBase, HistoryRecord, LossFn,
  LossName, LossOption, MetricFn, MetricKey, MetricName, MetricOption, MetricSpec, Model, SchedulerStepsOn, StopReason,
} from './training/types.js';
export type { TrainingProgress } from './training/progress.js';

// Unknown keys are refused by fit's declaration (api.ts, src/signature.ts); the options
// themselves are required.
function checkOptions(options: unknown, where: string): void {
  if (options === null || typeof options !== 'object') throw new TypeError(`${where}: options must be an object, got ${describe(options)}`);
}

/** Validation data, as d.fit takes it. */
type WithValidation = { validation: NonNullable<FitOptions['validation']> };

/**
 * Trains `model` with `optimizer` and returns the per-epoch history, typed by the metrics
 * requested (and their validation counterparts when validation data is given).
 */
export function fit<const M extends MetricSpec = never>(model: Model, optimizer: FitOptimizer, options: FitOptions<M> & WithValidation): History<M, true>;
export function fit<const M extends MetricSpec = never>(model: Model, optimizer: FitOptimizer, options: FitOptions<M>): History<M, false>;
export function fit(model: Model, optimizer: FitOptimizer, options: FitOptions): HistoryRecord {
  checkOptions(options, 'fit');
  return runToEnd(trainingRun(makePlan(model, optimizer, options, 'fit')));
}

/**
 * d.fit without blocking: the same steps, with the event loop given a macrotask turn whenever
 * `yieldEveryMs` (default 16) of training has passed. Aborting `signal` stops at the next batch
 * boundary and rejects with an AbortError; the model keeps the weights of its last step.
 */
export function fitAsync<const M extends MetricSpec = never>(
  model: Model,
  optimizer: FitOptimizer,
  options: FitAsyncOptions<M> & WithValidation,
): Promise<History<M, true>>;
export function fitAsync<const M extends MetricSpec = never>(model: Model, optimizer: FitOptimizer, options: FitAsyncOptions<M>): Promise<History<M, false>>;
export async function fitAsync(model: Model, optimizer: FitOptimizer, options: FitAsyncOptions): Promise<HistoryRecord> {
  const { rest, control } = splitAsyncOptions<FitOptions>(options, 'fitAsync');
  return runAsync(trainingRun(makePlan(model, optimizer, rest, 'fitAsync')), control, 'fitAsync');
}

// The training loop, written once as a generator that yields at every batch boundary: d.fit
// drives it straight through, d.fitAsync lets the event loop run between batches. Everything
// optional (metrics, schedules, stopping rules, progress, callbacks) is a part (./parts.ts).
import { Tensor, tidy } from '../tensor.js';
import { sumSquares } from '../backend/index.js';
import { noGrad } from '../autograd.js';
import { clipGradNorm } from '../nn/utils.js';
import type { Batch, DataLoader } from '../data/loader.js';
import type { Plan } from './options.js';
import type { EpochLogs, HistoryRecord as History, StopReason } from './types.js';
import {
  EarlyStopping, Ending, EpochCallback, EpochState, Metrics, Progress, SchedulerStepping, ToleranceStopping, TrainingPart,
} from './parts.js';
import { clock } from './progress.js';

/** What the loop yields at a batch boundary: where it is, and the history so far. */
export interface Position {
  epoch: number;
  batch: number;
  history: History;
}

export type TrainingRun = Generator<Position, History, void>;

export class NonFiniteLossError extends Error {
  history?: History;
}

function nonFinite(plan: Plan, what: string, value: number, s: EpochState, step: number): NonFiniteLossError {
  return new NonFiniteLossError(
    `${plan.where}: the ${what} became ${value} at epoch ${s.epoch}, batch ${s.batch} of ${s.batches} (step ${step}); ` +
      'training stopped before that step changed the parameters (try a smaller learning rate or clipGradNorm)',
  );
}

/** The L2 norm of all gradients together, accumulated in float64. */
function totalGradNorm(params: Tensor[]): number {
  let sum = 0;
  for (const p of params) if (p.grad !== null && p.grad.size > 0) sum += sumSquares(p.grad);
  return Math.sqrt(sum);
}

function releaseBatch(batch: Batch): void {
  batch.x.dispose();
  if (batch.y instanceof Tensor) batch.y.dispose();
}

function setTraining(plan: Plan, training: boolean): void {
  if (typeof plan.model === 'function') return;
  if (training) plan.model.train?.(true);
  else plan.model.eval?.();
}

function makeParts(plan: Plan, history: History): { metrics: Metrics; parts: TrainingPart[] } {
  const metrics = new Metrics(plan.metrics, history, plan.validation !== null);
  const parts: (TrainingPart | null)[] = [
    metrics,
    Progress.of(plan, metrics),
    plan.scheduler === null ? null : new SchedulerStepping(plan.scheduler.scheduler, plan.scheduler.stepsOn),
    plan.earlyStopping === null ? null : new EarlyStopping(plan.params, plan.earlyStopping),
    plan.tol === null ? null : new ToleranceStopping(plan.tol),
    plan.onEpoch === null ? null : new EpochCallback(plan.onEpoch),
  ];
  return { metrics, parts: parts.filter((p): p is TrainingPart => p !== null) };
}

/**
 * One optimizer step on a batch: zeroGrad, forward, loss, backward, gradient norm (and
 * clipping), then step — with a closure that re-evaluates the loss when the optimizer needs
 * one. Returns the loss and the gradient norm before clipping.
 */
function trainStep(plan: Plan, parts: TrainingPart[], batch: Batch, s: EpochState, step: number): { loss: number; norm: number } {
  const { optimizer, params } = plan;
  return tidy(() => {
    const evaluateLoss = () => {
      optimizer.zeroGrad();
      const pred = plan.forward(batch.x);
      return { pred, loss: plan.lossFn(pred, batch.y) };
    };
    const { pred, loss } = evaluateLoss();
    const value = loss.item();
    if (!Number.isFinite(value)) throw nonFinite(plan, 'loss', value, s, step);
    loss.backward();
    const norm = totalGradNorm(params);
    if (!Number.isFinite(norm)) throw nonFinite(plan, 'gradient norm', norm, s, step);
    if (plan.clip !== null && norm > plan.clip) clipGradNorm(params, plan.clip);
    for (const part of parts) part.observe?.(pred, batch.y, batch.x.shape[0]);
    if (plan.needsClosure) {
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
    return { loss: value, norm };
  });
}

/** Loss and metric sums over a loader, without gradients; yields between batches. */
function* evaluate(plan: Plan, loader: DataLoader, metrics: Metrics, at: () => Position): Generator<Position, { weight: number; sum: number; sums: number[] }, void> {
  const acc = { weight: 0, sum: 0, sums: metrics.list.map(() => 0) };
  const batches = loader[Symbol.iterator]();
  for (;;) {
    const next = noGrad(() => batches.next());
    if (next.done === true) break;
    const batch = next.value;
    try {
      noGrad(() => tidy(() => {
        const n = batch.x.shape[0];
        const pred = plan.forward(batch.x);
        acc.sum += plan.lossFn(pred, batch.y).item() * n;
        metrics.list.forEach((m, i) => (acc.sums[i] += m.fn(pred, batch.y) * n));
        acc.weight += n;
      }));
    } finally {
      releaseBatch(batch);
    }
    yield at();
  }
  return acc;
}

/** One epoch of steps; returns its logs (complete with validation) after the parts saw every batch. */
function* runEpoch(plan: Plan, history: History, metrics: Metrics, parts: TrainingPart[], s: EpochState, steps: { count: number }): Generator<Position, EpochLogs, void> {
  const at = (): Position => ({ epoch: s.epoch, batch: s.batch, history });
  setTraining(plan, true);
  for (const part of parts) part.beginEpoch?.(s);
  let normSum = 0;
  const lr = plan.optimizer.paramGroups[0].lr;
  for (const batch of plan.loader) {
    s.batch++;
    steps.count++;
    try {
      const { loss, norm } = trainStep(plan, parts, batch, s, steps.count);
      s.lossSum += loss * batch.x.shape[0];
      s.samples += batch.x.shape[0];
      normSum += norm;
    } finally {
      releaseBatch(batch);
    }
    for (const part of parts) part.afterBatch?.(s);
    yield at();
  }
  const logs: EpochLogs = { epoch: s.epoch, loss: s.lossSum / Math.max(s.samples, 1), gradNorm: normSum / Math.max(s.batch, 1), lr, seconds: 0 };
  history.loss.push(logs.loss);
  history.gradNorm.push(logs.gradNorm);
  history.lr.push(lr);
  metrics.record(logs);
  if (plan.validation !== null) {
    setTraining(plan, false);
    const v = yield* evaluate(plan, plan.validation, metrics, at);
    setTraining(plan, true);
    logs.valLoss = v.sum / Math.max(v.weight, 1);
    history.valLoss.push(logs.valLoss);
    metrics.recordValidation(logs, v.sums, v.weight);
  }
  history.epochs = s.epoch;
  logs.seconds = (clock() - s.started) / 1000;
  return logs;
}

/** Trains per the plan, yielding at every batch boundary; returns the history. */
export function* trainingRun(plan: Plan): TrainingRun {
  const history: History = { loss: [], valLoss: [], gradNorm: [], lr: [], epochs: 0, stopReason: 'epochs', seconds: 0 };
  const { metrics, parts } = makeParts(plan, history);
  const started = clock();
  const steps = { count: 0 };
  let ending: Ending = 'aborted'; // unless the loop finishes or throws
  try {
    for (let epoch = 1; epoch <= plan.epochs; epoch++) {
      const s: EpochState = { epoch, epochs: plan.epochs, batch: 0, batches: plan.loader.length, samples: 0, lossSum: 0, started: clock() };
      const logs = yield* runEpoch(plan, history, metrics, parts, s, steps);
      let stop: StopReason | undefined; // every part sees the epoch; the first to ask to stop names the reason
      for (const part of parts) {
        const reason = part.afterEpoch?.(logs, s);
        stop = stop ?? reason;
      }
      if (stop !== undefined) {
        history.stopReason = stop;
        break;
      }
      if (epoch < plan.epochs) yield { epoch, batch: s.batch, history }; // a signal fired in onEpoch stops before the next step
    }
    ending = 'completed';
  } catch (e) {
    ending = 'error';
    if (e instanceof NonFiniteLossError) e.history = history;
    throw e;
  } finally {
    history.seconds = (clock() - started) / 1000;
    for (const part of parts) part.close?.(history, ending);
  }
  for (const part of parts) part.complete?.(history);
  return history;
}

// The parts the training loop calls at fixed points: metrics, scheduler stepping, early
// stopping, tolerance stopping, the user's onEpoch and the progress display. Each is a small
// object with the hooks it needs; the loop knows none of them by name beyond building the list.
import { Tensor } from '../tensor.js';
import { writeFloats } from '../backend/index.js';
import type { Metric, Plan } from './options.js';
import type { EpochLogs, FitScheduler, HistoryRecord as History, SchedulerStepsOn, StopReason, Target } from './types.js';
import { ProgressDisplay, TrainingProgress, clock, standardError } from './progress.js';

/** Where the loop is within an epoch; read by the parts, written only by the loop. */
export interface EpochState {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  /** Samples seen this epoch, and the sum of their losses. */
  samples: number;
  lossSum: number;
  /** Clock time (ms) the epoch began: display only. */
  started: number;
}

/** How training ended: ran to its end, threw, or was stopped from outside (fitAsync's signal). */
export type Ending = 'completed' | 'error' | 'aborted';

export interface TrainingPart {
  /** A new epoch begins. */
  beginEpoch?(state: EpochState): void;
  /** A batch's prediction and target, before the optimizer step (inside the step's tidy). */
  observe?(pred: Tensor, target: Target, n: number): void;
  /** The optimizer has stepped on a batch. */
  afterBatch?(state: EpochState): void;
  /** The epoch's logs are complete; a returned reason asks training to stop (the first one wins). */
  afterEpoch?(logs: EpochLogs, state: EpochState): StopReason | undefined;
  /** The run ended, however it ended (an error, an abort): release what the part holds. */
  close?(history: History, ending: Ending): void;
  /** After close, only when training ran to its end (no error, no abort). */
  complete?(history: History): void;
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
export const validationKey = (name: string): string => `val${capitalise(name)}`;

/** Per-batch metrics averaged over each epoch (weighted by batch size), into logs and history. */
export class Metrics implements TrainingPart {
  private sums: number[];
  private weight = 0;

  constructor(readonly list: Metric[], private readonly history: History, hasValidation: boolean) {
    this.sums = list.map(() => 0);
    for (const m of list) {
      history[m.name] = [];
      if (hasValidation) history[validationKey(m.name)] = [];
    }
  }

  beginEpoch(): void {
    this.sums = this.list.map(() => 0);
    this.weight = 0;
  }

  observe(pred: Tensor, target: Target, n: number): void {
    this.list.forEach((m, i) => (this.sums[i] += m.fn(pred, target) * n));
    this.weight += n;
  }

  /** The running means so far this epoch. */
  means(): Record<string, number> {
    const out: Record<string, number> = {};
    this.list.forEach((m, i) => (out[m.name] = this.sums[i] / Math.max(this.weight, 1)));
    return out;
  }

  /** Writes the epoch's means into logs and history. */
  record(logs: EpochLogs): void {
    for (const [name, value] of Object.entries(this.means())) {
      logs[name] = value;
      (this.history[name] as number[]).push(value);
    }
  }

  /** Writes a validation pass's sums (weighted by `weight`) as val* entries. */
  recordValidation(logs: EpochLogs, sums: number[], weight: number): void {
    this.list.forEach((m, i) => {
      const key = validationKey(m.name);
      logs[key] = sums[i] / Math.max(weight, 1);
      (this.history[key] as number[]).push(logs[key] as number);
    });
  }
}

/** Steps the scheduler when it declared it wants to: per batch, per epoch, or per epoch on the monitored loss. */
export class SchedulerStepping implements TrainingPart {
  constructor(private readonly scheduler: FitScheduler, private readonly stepsOn: SchedulerStepsOn) {}

  afterBatch(): void {
    if (this.stepsOn === 'batch') this.scheduler.step();
  }

  afterEpoch(logs: EpochLogs): undefined {
    if (this.stepsOn === 'metric') this.scheduler.step(logs.valLoss ?? logs.loss);
    else if (this.stepsOn === 'epoch') this.scheduler.step();
    return undefined;
  }
}

/** Stops after `patience` epochs without an improvement of minDelta; restores the best weights at the end. */
export class EarlyStopping implements TrainingPart {
  private best = Infinity;
  private bestEpoch = 0;
  private wait = 0;
  private bestWeights: Float32Array[] | null = null;

  constructor(private readonly params: Tensor[], private readonly o: NonNullable<Plan['earlyStopping']>) {}

  afterEpoch(logs: EpochLogs): StopReason | undefined {
    const watched = this.o.monitor === 'valLoss' ? (logs.valLoss as number) : logs.loss;
    if (watched < this.best - this.o.minDelta) {
      this.best = watched;
      this.bestEpoch = logs.epoch;
      this.wait = 0;
      if (this.o.restoreBest) this.bestWeights = this.params.map((p) => p.toFloat32Array());
      return undefined;
    }
    return ++this.wait >= this.o.patience ? 'earlyStopping' : undefined;
  }

  complete(history: History): void {
    if (this.bestWeights !== null && this.bestEpoch !== history.epochs) {
      const weights = this.bestWeights;
      this.params.forEach((p, i) => writeFloats(p, weights[i]));
      history.bestEpoch = this.bestEpoch;
    } else {
      history.bestEpoch = this.bestEpoch || history.epochs;
    }
  }
}

/** scikit-learn's rule: stop once the training loss has not improved by tol for nIterNoChange epochs. */
export class ToleranceStopping implements TrainingPart {
  private best = Infinity;
  private wait = 0;

  constructor(private readonly o: NonNullable<Plan['tol']>) {}

  afterEpoch(logs: EpochLogs): StopReason | undefined {
    if (logs.loss > this.best - this.o.tol) this.wait++;
    else this.wait = 0;
    if (logs.loss < this.best) this.best = logs.loss;
    return this.wait >= this.o.nIterNoChange ? 'tol' : undefined;
  }
}

/** The user's onEpoch(logs); returning false stops training. */
export class EpochCallback implements TrainingPart {
  constructor(private readonly fn: (logs: EpochLogs) => void | boolean) {}

  afterEpoch(logs: EpochLogs): StopReason | undefined {
    return this.fn(logs) === false ? 'callback' : undefined;
  }
}

/** Progress events for onProgress and the display (stderr where there is one). */
export class Progress implements TrainingPart {
  private readonly started = clock();
  private last: EpochState | null = null;

  constructor(private readonly metrics: Metrics, private readonly display: ProgressDisplay | null,
    private readonly listener: ((e: TrainingProgress) => void) | null) {}

  /** The part for a plan, or null when nothing would see its events. */
  static of(plan: Plan, metrics: Metrics): Progress | null {
    const out = plan.progress ? standardError() : null;
    if (out === null && plan.onProgress === null) return null;
    return new Progress(metrics, out === null ? null : new ProgressDisplay(out), plan.onProgress);
  }

  private emit(e: TrainingProgress): void {
    this.display?.show(e);
    this.listener?.(e);
  }

  private event(type: 'batch' | 'epoch', s: EpochState, metrics: Record<string, number>, loss: number): TrainingProgress {
    const elapsed = (clock() - s.started) / 1000;
    const eta = type === 'batch' && s.batch > 0 ? (elapsed / s.batch) * (s.batches - s.batch) : 0;
    return {
      type, epoch: s.epoch, epochs: s.epochs, batch: s.batch, batches: s.batches, samples: s.samples, loss, metrics,
      elapsed, eta, rate: s.samples / Math.max(elapsed, 1e-6),
    };
  }

  afterBatch(s: EpochState): void {
    this.last = s;
    this.emit(this.event('batch', s, this.metrics.means(), s.lossSum / Math.max(s.samples, 1)));
  }

  afterEpoch(logs: EpochLogs, s: EpochState): undefined {
    const shown: Record<string, number> = {};
    for (const [key, v] of Object.entries(logs)) {
      if (!['epoch', 'loss', 'gradNorm', 'lr', 'seconds'].includes(key) && v !== undefined) shown[key] = v;
    }
    this.emit(this.event('epoch', s, shown, logs.loss));
    return undefined;
  }

  close(history: History, ending: Ending): void {
    const s = this.last;
    if (s !== null && ending !== 'error') {
      this.emit({
        type: 'end', epoch: history.epochs, epochs: s.epochs, batch: s.batch, batches: s.batches, samples: s.samples,
        loss: history.loss[history.loss.length - 1] ?? NaN, metrics: {}, elapsed: (clock() - this.started) / 1000, eta: 0,
        rate: 0, stopReason: ending === 'aborted' ? 'aborted' : history.stopReason,
      });
    }
    this.display?.close();
  }
}

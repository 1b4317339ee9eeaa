// SequentialLR: one scheduler after another, switching at milestones (torch's semantics,
// including restarting each later scheduler at epoch 0 through its closed form), and
// ChainedScheduler: several schedulers stepped together, each on the lr the previous one set.
import { LRScheduler, SchedulerState, check, checkLrList, checkOptimizer } from './scheduler.js';
import type { Optimizer } from '../optimizer.js';
import { describe } from '../../ops/util.js';

export class SequentialLR {
  readonly stepsOn = 'epoch';
  readonly optimizer: Optimizer;
  readonly schedulers: LRScheduler[];
  readonly milestones: number[];
  lastEpoch: number;
  private lastLr: number[];

  constructor(optimizer: Optimizer, { schedulers, milestones }: { schedulers: LRScheduler[]; milestones: number[] } = {} as never) {
    this.optimizer = checkOptimizer('SequentialLR', optimizer);
    if (!Array.isArray(schedulers) || schedulers.length === 0) {
      throw new TypeError(`SequentialLR: schedulers must be a non-empty array, got ${describe(schedulers)}`);
    }
    schedulers.forEach((s, i) => {
      if (!(s instanceof LRScheduler)) throw new TypeError(`SequentialLR: schedulers[${i}] is not a scheduler, got ${describe(s)}`);
      check(s.optimizer === optimizer, 'Sequential Schedulers expects all schedulers to belong to the same optimizer, but ' +
        `got schedulers at index ${i} to be different than the optimizer passed in.`);
    });
    const count = Array.isArray(milestones) ? milestones.length : String(milestones);
    check(Array.isArray(milestones) && milestones.length === schedulers.length - 1,
      'Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone points, ' +
      `but got number of schedulers ${schedulers.length} and the number of milestones to be equal to ${count}`);
    this.schedulers = schedulers.slice();
    this.milestones = milestones.slice();
    this.lastEpoch = 0;
    // Undo the other schedulers' initial steps and start the first one afresh, as torch does.
    for (const group of optimizer.paramGroups as Record<string, unknown>[]) group.lr = group.initialLr;
    for (const s of this.schedulers) s.lastEpoch -= 1;
    this.schedulers[0].restart();
    this.lastLr = this.schedulers[0].getLastLr();
  }

  step(): void {
    this.lastEpoch += 1;
    const index = this.milestones.filter((m) => m <= this.lastEpoch).length;
    const scheduler = this.schedulers[index];
    if (index > 0 && this.milestones[index - 1] === this.lastEpoch) scheduler.stepTo(0);
    else scheduler.step();
    this.lastLr = scheduler.getLastLr();
  }

  getLastLr(): number[] {
    return this.lastLr.slice();
  }

  stateDict(): SchedulerState {
    return { lastEpoch: this.lastEpoch, lastLr: this.lastLr.slice(), schedulers: this.schedulers.map((s) => s.stateDict()) };
  }

  loadStateDict(state: SchedulerState): void {
    const where = 'SequentialLR.loadStateDict';
    const inner = state?.schedulers;
    if (!Array.isArray(inner) || inner.length !== this.schedulers.length || typeof state.lastEpoch !== 'number' || !Array.isArray(state.lastLr)) {
      throw new RangeError(`${where}: expected { lastEpoch, lastLr, schedulers: [${this.schedulers.length} states] }`);
    }
    loadAll(this.schedulers, inner);
    this.lastEpoch = state.lastEpoch;
    this.lastLr = (state.lastLr as number[]).slice();
  }
}

/** Loads one state into each scheduler, all or none: on a refusal the loaded ones are rolled back. */
function loadAll(schedulers: readonly { stateDict(): SchedulerState; loadStateDict(s: SchedulerState): void }[], states: unknown[]): void {
  const before = schedulers.map((s) => s.stateDict());
  try {
    schedulers.forEach((s, i) => s.loadStateDict(states[i] as SchedulerState));
  } catch (e) {
    schedulers.forEach((s, i) => s.loadStateDict(before[i]));
    throw e;
  }
}

type Chainable = LRScheduler | SequentialLR;

/**
 * Steps every scheduler at each step(), in order, so their factors multiply (torch 1.13's
 * ChainedScheduler(schedulers)). They must share one optimizer and step at the same time
 * (stepsOn); ReduceLROnPlateau, which needs a metric, cannot be chained (as in torch 1.13).
 */
export class ChainedScheduler {
  readonly stepsOn: 'batch' | 'epoch';
  readonly optimizer: Optimizer;
  readonly schedulers: Chainable[];
  private lastLr: number[];

  constructor(schedulers: Chainable[]) {
    if (!Array.isArray(schedulers) || schedulers.length === 0) {
      throw new TypeError(`ChainedScheduler: schedulers must be a non-empty array, got ${describe(schedulers)}`);
    }
    schedulers.forEach((s, i) => {
      if (!(s instanceof LRScheduler || s instanceof SequentialLR)) {
        throw new TypeError(`ChainedScheduler: schedulers[${i}] is not a scheduler it can chain (an LRScheduler or SequentialLR), got ${describe(s)}`);
      }
      check(s.optimizer === schedulers[0].optimizer, 'ChainedScheduler expects all schedulers to belong to the same optimizer, but ' +
        `got schedulers at index ${i} to be different than the optimizer passed in.`);
      check(s.stepsOn === schedulers[0].stepsOn, `ChainedScheduler: schedulers[${i}] steps on '${s.stepsOn}' but schedulers[0] on '${schedulers[0].stepsOn}'; chained schedulers must step together`);
    });
    this.schedulers = schedulers.slice();
    this.optimizer = schedulers[0].optimizer;
    this.stepsOn = schedulers[0].stepsOn as 'batch' | 'epoch';
    this.lastLr = this.currentLrs();
  }

  private currentLrs(): number[] {
    return this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** Steps each scheduler in turn; if one throws, all are put back and no lr has changed. */
  step(): void {
    const states = this.schedulers.map((s) => s.stateDict());
    const groups = this.optimizer.paramGroups.map(({ params, ...options }) => options);
    try {
      for (const s of this.schedulers) s.step();
    } catch (e) {
      loadAll(this.schedulers, states);
      this.optimizer.paramGroups.forEach((g, i) => Object.assign(g, groups[i]));
      throw e;
    }
    this.lastLr = this.currentLrs();
  }

  getLastLr(): number[] {
    return this.lastLr.slice();
  }

  stateDict(): SchedulerState {
    return { lastLr: this.lastLr.slice(), schedulers: this.schedulers.map((s) => s.stateDict()) };
  }

  loadStateDict(state: SchedulerState): void {
    const where = 'ChainedScheduler.loadStateDict';
    const inner = state?.schedulers;
    if (!Array.isArray(inner) || inner.length !== this.schedulers.length || Object.keys(state).sort().join() !== 'lastLr,schedulers') {
      throw new RangeError(`${where}: expected { lastLr, schedulers: [${this.schedulers.length} states] }`);
    }
    checkLrList(state.lastLr, this.optimizer.paramGroups.length, `${where}: lastLr`);
    loadAll(this.schedulers, inner);
    this.lastLr = (state.lastLr as number[]).slice();
  }
}

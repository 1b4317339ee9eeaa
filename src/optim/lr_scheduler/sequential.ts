// SequentialLR: one scheduler after another, switching at milestones (torch's semantics,
// including restarting each later scheduler at epoch 0 through its closed form).
import { LRScheduler, SchedulerState, check, checkOptimizer } from './scheduler.js';
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
    // Check every inner state before loading any: load into the first, roll back on failure.
    const before = this.schedulers.map((s) => s.stateDict());
    try {
      this.schedulers.forEach((s, i) => s.loadStateDict(inner[i] as SchedulerState));
    } catch (e) {
      this.schedulers.forEach((s, i) => s.loadStateDict(before[i]));
      throw e;
    }
    this.lastEpoch = state.lastEpoch;
    this.lastLr = (state.lastLr as number[]).slice();
  }
}

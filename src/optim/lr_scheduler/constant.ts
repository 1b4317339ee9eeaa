// ConstantLR: the lr times a constant factor until totalIters, then the lr itself (torch's
// chainable form, and its closed form for SequentialLR's restarts).
import { LRScheduler, check, isCount, isFiniteNumber } from './scheduler.js';
import type { Optimizer } from '../optimizer.js';

export class ConstantLR extends LRScheduler {
  readonly factor: number;
  readonly totalIters: number;

  constructor(optimizer: Optimizer, { factor = 1 / 3, totalIters = 5 }: { factor?: number; totalIters?: number } = {}) {
    super('ConstantLR', optimizer);
    check(isFiniteNumber(factor) && factor >= 0 && factor <= 1, 'Constant multiplicative factor expected to be between 0 and 1.');
    // torch accepts 0 and then divides by it at totalIters (a NaN lr); refused here.
    check(factor > 0, 'ConstantLR: factor 0 would divide the lr by zero at totalIters; use a factor in (0, 1]');
    check(isCount(totalIters, 0), `ConstantLR: totalIters must be a non-negative integer, got ${totalIters}`);
    [this.factor, this.totalIters] = [factor, totalIters];
    this.initialStep();
  }

  protected getLr(): number[] {
    const { lastEpoch: t, totalIters: n } = this;
    if (t === 0) return this.groups.map((g) => g.lr * this.factor);
    if (t !== n) return this.groups.map((g) => g.lr);
    return this.groups.map((g) => g.lr * (1 / this.factor));
  }

  protected override closedForm(): number[] {
    const done = this.lastEpoch >= this.totalIters ? 1 : 0;
    return this.baseLrs.map((lr) => lr * (this.factor + done * (1 - this.factor)));
  }
}

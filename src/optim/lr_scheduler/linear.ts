// Linear warm-up/decay (LinearLR) and polynomial decay (PolynomialLR), in torch's chainable
// forms; closed forms in schedules.ts.
import { LRScheduler, check, isCount, isFiniteNumber } from './scheduler.js';
import { linearSchedule, polynomialDecay } from './schedules.js';
import { pow } from '../../scalar_math.js';
import type { Optimizer } from '../optimizer.js';

/** lr times a factor moving linearly from startFactor to endFactor over totalIters epochs. */
export class LinearLR extends LRScheduler {
  readonly startFactor: number;
  readonly endFactor: number;
  readonly totalIters: number;

  constructor(optimizer: Optimizer, { startFactor = 1 / 3, endFactor = 1, totalIters = 5 }:
    { startFactor?: number; endFactor?: number; totalIters?: number } = {}) {
    super('LinearLR', optimizer);
    check(isFiniteNumber(startFactor) && startFactor >= 0 && startFactor <= 1, 'Starting multiplicative factor expected to be between 0 and 1.');
    // torch 1.13 accepts 0 and then keeps the lr at 0 for ever (its chainable form multiplies by
    // the previous lr); torch 2 refuses it, and so does descent.
    check(startFactor !== 0, 'Starting multiplicative factor expected to be greater than 0 and less or equal to 1.');
    check(isFiniteNumber(endFactor) && endFactor >= 0 && endFactor <= 1, 'Ending multiplicative factor expected to be between 0 and 1.');
    check(isCount(totalIters), `LinearLR: totalIters must be a positive integer, got ${totalIters}`);
    [this.startFactor, this.endFactor, this.totalIters] = [startFactor, endFactor, totalIters];
    this.initialStep();
  }

  protected getLr(): number[] {
    const { startFactor: s, endFactor: e, totalIters: n, lastEpoch: t } = this;
    if (t === 0) return this.groups.map((g) => g.lr * s);
    if (t > n) return this.groups.map((g) => g.lr);
    return this.groups.map((g) => g.lr * (1 + (e - s) / (n * s + (t - 1) * (e - s))));
  }

  protected override closedForm(): number[] {
    return this.baseLrs.map((lr) => linearSchedule(lr, this)(this.lastEpoch));
  }
}

/** lr·(1 − t/totalIters)^power, reaching 0 at totalIters. */
export class PolynomialLR extends LRScheduler {
  readonly totalIters: number;
  readonly power: number;

  constructor(optimizer: Optimizer, { totalIters = 5, power = 1 }: { totalIters?: number; power?: number } = {}) {
    super('PolynomialLR', optimizer);
    check(isCount(totalIters), `PolynomialLR: totalIters must be a positive integer, got ${totalIters}`);
    check(isFiniteNumber(power) && power >= 0, `PolynomialLR: power must be a finite non-negative number, got ${power}`);
    [this.totalIters, this.power] = [totalIters, power];
    this.initialStep();
  }

  protected getLr(): number[] {
    const { totalIters: n, lastEpoch: t } = this;
    if (t === 0 || t > n) return this.groups.map((g) => g.lr);
    const factor = pow((1 - t / n) / (1 - (t - 1) / n), this.power);
    return this.groups.map((g) => g.lr * factor);
  }

  protected override closedForm(): number[] {
    return this.baseLrs.map((lr) => polynomialDecay(lr, this)(this.lastEpoch));
  }
}

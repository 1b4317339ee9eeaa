// Step-wise decays: StepLR, MultiStepLR, ExponentialLR (torch's chainable forms; closed forms
// in schedules.ts).
import { LRScheduler, check, isCount, isFiniteNumber } from './scheduler.js';
import { exponentialDecay, multiStepDecay, stepDecay } from './schedules.js';
import { powInt } from '../../scalar_math.js';
import type { Optimizer } from '../optimizer.js';

/** lr·γ every stepSize epochs. */
export class StepLR extends LRScheduler {
  readonly stepSize: number;
  readonly gamma: number;

  constructor(optimizer: Optimizer, { stepSize, gamma = 0.1 }: { stepSize: number; gamma?: number } = {} as never) {
    super('StepLR', optimizer);
    check(isCount(stepSize), `StepLR: stepSize must be a positive integer, got ${stepSize}`);
    check(isFiniteNumber(gamma) && gamma >= 0, `StepLR: gamma must be a finite non-negative number, got ${gamma}`);
    [this.stepSize, this.gamma] = [stepSize, gamma];
    this.initialStep();
  }

  protected getLr(): number[] {
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) return this.groups.map((g) => g.lr);
    return this.groups.map((g) => g.lr * this.gamma);
  }

  protected override closedForm(): number[] {
    return this.baseLrs.map((lr) => stepDecay(lr, this)(this.lastEpoch));
  }
}

/** lr·γ at each milestone (a milestone listed k times multiplies by γ^k). */
export class MultiStepLR extends LRScheduler {
  readonly milestones: number[];
  readonly gamma: number;

  constructor(optimizer: Optimizer, { milestones, gamma = 0.1 }: { milestones: number[]; gamma?: number } = {} as never) {
    super('MultiStepLR', optimizer);
    check(Array.isArray(milestones) && milestones.every((m) => isCount(m, 0)),
      `MultiStepLR: milestones must be an array of non-negative integers, got ${String(milestones)}`);
    check(isFiniteNumber(gamma) && gamma >= 0, `MultiStepLR: gamma must be a finite non-negative number, got ${gamma}`);
    [this.milestones, this.gamma] = [milestones.slice(), gamma];
    this.initialStep();
  }

  protected getLr(): number[] {
    const count = this.milestones.filter((m) => m === this.lastEpoch).length;
    if (count === 0) return this.groups.map((g) => g.lr);
    return this.groups.map((g) => g.lr * powInt(this.gamma, count));
  }

  protected override closedForm(): number[] {
    return this.baseLrs.map((lr) => multiStepDecay(lr, this)(this.lastEpoch));
  }
}

/** lr·γ every epoch. */
export class ExponentialLR extends LRScheduler {
  readonly gamma: number;

  constructor(optimizer: Optimizer, { gamma }: { gamma: number } = {} as never) {
    super('ExponentialLR', optimizer);
    check(isFiniteNumber(gamma) && gamma >= 0, `ExponentialLR: gamma must be a finite non-negative number, got ${gamma}`);
    this.gamma = gamma;
    this.initialStep();
  }

  protected getLr(): number[] {
    if (this.lastEpoch === 0) return this.groups.map((g) => g.lr);
    return this.groups.map((g) => g.lr * this.gamma);
  }

  protected override closedForm(): number[] {
    return this.baseLrs.map((lr) => exponentialDecay(lr, this)(this.lastEpoch));
  }
}

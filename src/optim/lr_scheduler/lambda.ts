// LambdaLR: each group's base lr times a user function of the epoch.
import { LRScheduler, check } from './scheduler.js';
import { describe } from '../../ops/util.js';
import type { Optimizer } from '../optimizer.js';

export type LrLambda = (epoch: number) => number;

export class LambdaLR extends LRScheduler {
  private readonly lambdas: LrLambda[];

  constructor(optimizer: Optimizer, { lrLambda }: { lrLambda: LrLambda | LrLambda[] } = {} as never) {
    super('LambdaLR', optimizer);
    const n = this.groups.length;
    const list = Array.isArray(lrLambda) ? lrLambda : new Array<LrLambda>(n).fill(lrLambda);
    check(list.length === n, `Expected ${n} lr_lambdas, but got ${list.length}`);
    list.forEach((f, i) => {
      if (typeof f !== 'function') throw new TypeError(`LambdaLR: lrLambda ${i} must be a function, got ${typeof f}`);
    });
    this.lambdas = list;
    this.initialStep();
  }

  protected getLr(): number[] {
    return this.baseLrs.map((base, i) => {
      const factor: unknown = this.lambdas[i](this.lastEpoch);
      if (typeof factor !== 'number' || !Number.isFinite(factor)) {
        throw new TypeError(`LambdaLR: lrLambda ${i} returned ${describe(factor)} for epoch ${this.lastEpoch}, not a finite number`);
      }
      return base * factor;
    });
  }
}

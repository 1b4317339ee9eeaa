// LambdaLR (each group's base lr times a user function of the epoch) and MultiplicativeLR (the
// current lr times a user function of the epoch, at every step after the first).
import { LRScheduler, check } from './scheduler.js';
import { describe } from '../../ops/util.js';
import type { Optimizer } from '../optimizer.js';

export type LrLambda = (epoch: number) => number;

/** One function per param group (a single one is repeated), with torch's count message. */
function lambdasFor(name: string, n: number, lrLambda: LrLambda | LrLambda[]): LrLambda[] {
  const list = Array.isArray(lrLambda) ? lrLambda : new Array<LrLambda>(n).fill(lrLambda);
  check(list.length === n, `Expected ${n} lr_lambdas, but got ${list.length}`);
  list.forEach((f, i) => {
    if (typeof f !== 'function') throw new TypeError(`${name}: lrLambda ${i} must be a function, got ${typeof f}`);
  });
  return list.slice();
}

/** The factor lambda i gives for `epoch`, refused unless a finite number. */
function factorOf(name: string, lambdas: LrLambda[], i: number, epoch: number): number {
  const factor: unknown = lambdas[i](epoch);
  if (typeof factor !== 'number' || !Number.isFinite(factor)) {
    throw new TypeError(`${name}: lrLambda ${i} returned ${describe(factor)} for epoch ${epoch}, not a finite number`);
  }
  return factor;
}

export class LambdaLR extends LRScheduler {
  private readonly lambdas: LrLambda[];

  constructor(optimizer: Optimizer, { lrLambda }: { lrLambda: LrLambda | LrLambda[] } = {} as never) {
    super('LambdaLR', optimizer);
    this.lambdas = lambdasFor(this.name, this.groups.length, lrLambda);
    this.initialStep();
  }

  protected getLr(): number[] {
    return this.baseLrs.map((base, i) => base * factorOf(this.name, this.lambdas, i, this.lastEpoch));
  }
}

/** lr ← lr·λ(epoch) at each step after the first (torch.optim.lr_scheduler.MultiplicativeLR). */
export class MultiplicativeLR extends LRScheduler {
  private readonly lambdas: LrLambda[];

  constructor(optimizer: Optimizer, { lrLambda }: { lrLambda: LrLambda | LrLambda[] } = {} as never) {
    super('MultiplicativeLR', optimizer);
    this.lambdas = lambdasFor(this.name, this.groups.length, lrLambda);
    this.initialStep();
  }

  protected getLr(): number[] {
    if (this.lastEpoch === 0) return this.groups.map((g) => g.lr);
    return this.groups.map((g, i) => g.lr * factorOf(this.name, this.lambdas, i, this.lastEpoch));
  }
}

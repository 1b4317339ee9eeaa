// Cosine annealing (Loshchilov & Hutter, SGDR): CosineAnnealingLR in torch's chainable
// (recursive) form, and CosineAnnealingWarmRestarts. cos() is scalar_math's deterministic one.
import { LRScheduler, check, isCount, isFiniteNumber } from './scheduler.js';
import { cosineAnnealing, cosineFactor } from './schedules.js';
import { cos, log, pow } from '../../scalar_math.js';
import type { Optimizer } from '../optimizer.js';

/**
 * ηmin + (lr − ηmin)·(1 + cos(π·t/tMax))/2, computed as torch does: each lr from the previous
 * one by the ratio of cosine factors, so an lr changed from outside carries on smoothly.
 */
export class CosineAnnealingLR extends LRScheduler {
  readonly tMax: number;
  readonly etaMin: number;

  constructor(optimizer: Optimizer, { tMax, etaMin = 0 }: { tMax: number; etaMin?: number } = {} as never) {
    super('CosineAnnealingLR', optimizer);
    check(isCount(tMax), `CosineAnnealingLR: tMax must be a positive integer, got ${tMax}`);
    check(isFiniteNumber(etaMin) && etaMin >= 0, `CosineAnnealingLR: etaMin must be a finite non-negative number, got ${etaMin}`);
    [this.tMax, this.etaMin] = [tMax, etaMin];
    this.initialStep();
  }

  protected getLr(): number[] {
    const [t, tMax, etaMin] = [this.lastEpoch, this.tMax, this.etaMin];
    if (t === 0) return this.groups.map((g) => g.lr);
    if (this.stepCount === 1 && t > 0) {
      return this.baseLrs.map((base) => etaMin + ((base - etaMin) * (1 + cos((t * Math.PI) / tMax))) / 2);
    }
    if ((t - 1 - tMax) % (2 * tMax) === 0) {
      return this.groups.map((g, i) => g.lr + ((this.baseLrs[i] - etaMin) * (1 - cos(Math.PI / tMax))) / 2);
    }
    const ratio = cosineFactor(t, tMax) / cosineFactor(t - 1, tMax);
    return this.groups.map((g) => ratio * (g.lr - etaMin) + etaMin);
  }

  protected override closedForm(): number[] {
    return this.baseLrs.map((lr) => cosineAnnealing(lr, this)(this.lastEpoch));
  }
}

/** Cosine annealing from each base lr, restarted every t0·tMult^k epochs. */
export class CosineAnnealingWarmRestarts extends LRScheduler {
  readonly t0: number;
  readonly tMult: number;
  readonly etaMin: number;
  tI: number;
  tCur = -1;

  constructor(optimizer: Optimizer, { t0, tMult = 1, etaMin = 0 }: { t0: number; tMult?: number; etaMin?: number } = {} as never) {
    super('CosineAnnealingWarmRestarts', optimizer);
    check(isCount(t0), `Expected positive integer T_0, but got ${t0}`);
    check(isCount(tMult), `Expected integer T_mult >= 1, but got ${tMult}`);
    check(isFiniteNumber(etaMin) && etaMin >= 0, `CosineAnnealingWarmRestarts: etaMin must be a finite non-negative number, got ${etaMin}`);
    [this.t0, this.tMult, this.etaMin, this.tI] = [t0, tMult, etaMin, t0];
    this.initialStep();
  }

  protected getLr(): number[] {
    const factor = cosineFactor(this.tCur, this.tI);
    return this.baseLrs.map((base) => this.etaMin + ((base - this.etaMin) * factor) / 2);
  }

  override step(): void {
    if (this.lastEpoch < 0) {
      this.stepTo(0);
      return;
    }
    this.transaction(() => {
      this.tCur += 1;
      if (this.tCur >= this.tI) {
        this.tCur -= this.tI;
        this.tI *= this.tMult;
      }
      super.stepTo(this.lastEpoch + 1);
    });
  }

  override stepTo(epoch: number): void {
    check(typeof epoch === 'number' && Number.isSafeInteger(epoch) && epoch >= 0, `Expected non-negative epoch, but got ${epoch}`);
    this.transaction(() => this.restartAt(epoch));
  }

  private restartAt(epoch: number): void {
    if (epoch >= this.t0) {
      if (this.tMult === 1) {
        this.tCur = epoch % this.t0;
      } else {
        const n = Math.floor(log((epoch / this.t0) * (this.tMult - 1) + 1) / log(this.tMult));
        this.tCur = epoch - (this.t0 * (pow(this.tMult, n) - 1)) / (this.tMult - 1);
        this.tI = this.t0 * pow(this.tMult, n);
      }
    } else {
      this.tI = this.t0;
      this.tCur = epoch;
    }
    super.stepTo(Math.floor(epoch));
  }

  protected override stateKeys(): string[] {
    return ['tI', 'tCur'];
  }

  protected override checkState(values: Record<string, unknown>, where: string): void {
    const { tI, tCur } = values as { tI: number; tCur: number };
    if (!Number.isSafeInteger(tI) || tI < 1) throw new RangeError(`${where}: tI must be a positive integer, got ${String(tI)}`);
    if (!Number.isFinite(tCur) || tCur < -1 || tCur > tI) throw new RangeError(`${where}: tCur must be within [-1, tI], got ${String(tCur)}`);
  }
}

// OneCycleLR (Smith & Topin, "Super-Convergence"): lr up to maxLr and down far below the start,
// with momentum (SGD, RMSprop) or β1 (the Adam family) cycling the other way. Built on
// oneCyclePhases/annealCos/annealLinear from schedules.ts, reading the per-group values torch
// stores in the param groups (initialLr, maxLr, minLr, maxMomentum, baseMomentum).
import { LRScheduler, check, isCount, isFiniteNumber, perGroup } from './scheduler.js';
import { annealCos, annealLinear, oneCyclePhases, oneCyclePosition } from './schedules.js';
import { checkOptimizer } from './scheduler.js';
import { describe } from '../../ops/util.js';
import type { Optimizer } from '../optimizer.js';

export interface OneCycleLROptions {
  maxLr: number | number[];
  totalSteps?: number;
  epochs?: number;
  stepsPerEpoch?: number;
  pctStart?: number;
  annealStrategy?: 'cos' | 'linear';
  cycleMomentum?: boolean;
  baseMomentum?: number | number[];
  maxMomentum?: number | number[];
  divFactor?: number;
  finalDivFactor?: number;
  threePhase?: boolean;
}

function totalStepsOf(o: OneCycleLROptions): number {
  if (o.totalSteps !== undefined) {
    check(isCount(o.totalSteps), `Expected positive integer total_steps, but got ${o.totalSteps}`);
    return o.totalSteps;
  }
  if (o.epochs === undefined || o.stepsPerEpoch === undefined) {
    throw new RangeError('You must define either total_steps OR (epochs AND steps_per_epoch)');
  }
  check(isCount(o.epochs), `Expected positive integer epochs, but got ${o.epochs}`);
  check(isCount(o.stepsPerEpoch), `Expected positive integer steps_per_epoch, but got ${o.stepsPerEpoch}`);
  return o.epochs * o.stepsPerEpoch;
}

export class OneCycleLR extends LRScheduler {
  /** Its totalSteps counts batches. */
  override readonly stepsOn = 'batch';
  readonly totalSteps: number;
  private readonly phases: ReturnType<typeof oneCyclePhases>;
  private readonly anneal: (start: number, end: number, pct: number) => number;
  private readonly cycleMomentum: boolean;
  private readonly useBeta1: boolean;

  constructor(optimizer: Optimizer, options: OneCycleLROptions = {} as OneCycleLROptions) {
    const opt = checkOptimizer('OneCycleLR', optimizer);
    const maxLr: unknown = options.maxLr;
    const positive = (x: unknown) => typeof x === 'number' && Number.isFinite(x) && x > 0;
    check(Array.isArray(maxLr) ? maxLr.every(positive) : positive(maxLr),
      `OneCycleLR: maxLr is required: a finite positive number or one per param group, got ${describe(maxLr)}`);
    const { pctStart = 0.3, annealStrategy = 'cos', cycleMomentum = true, divFactor = 25, finalDivFactor = 1e4 } = options;
    const totalSteps = totalStepsOf(options);
    check(isFiniteNumber(pctStart) && pctStart >= 0 && pctStart <= 1, `Expected float between 0 and 1 pct_start, but got ${pctStart}`);
    check(annealStrategy === 'cos' || annealStrategy === 'linear', `anneal_strategy must by one of 'cos' or 'linear', instead got ${annealStrategy}`);
    check(isFiniteNumber(divFactor) && isFiniteNumber(finalDivFactor), 'OneCycleLR: divFactor and finalDivFactor must be finite numbers');
    const maxLrs = perGroup(opt, 'max_lr', options.maxLr);
    const useBeta1 = 'betas' in opt.defaults;
    if (cycleMomentum) check('momentum' in opt.defaults || useBeta1, 'optimizer must support momentum with `cycle_momentum` option enabled');
    const maxMomenta = perGroup(opt, 'max_momentum', options.maxMomentum ?? 0.95);
    const baseMomenta = perGroup(opt, 'base_momentum', options.baseMomentum ?? 0.85);
    // Everything checked: write torch's per-group values, then the base class reads initialLr.
    opt.paramGroups.forEach((group, i) => {
      const g = group as Record<string, unknown>;
      g.initialLr = maxLrs[i] / divFactor;
      g.maxLr = maxLrs[i];
      g.minLr = (g.initialLr as number) / finalDivFactor;
      if (!cycleMomentum) return;
      if (useBeta1) g.betas = [maxMomenta[i], ...(g.betas as number[]).slice(1)];
      else g.momentum = maxMomenta[i];
      g.maxMomentum = maxMomenta[i];
      g.baseMomentum = baseMomenta[i];
    });
    super('OneCycleLR', opt);
    this.totalSteps = totalSteps;
    this.phases = oneCyclePhases(totalSteps, pctStart, options.threePhase ?? false);
    this.anneal = annealStrategy === 'cos' ? annealCos : annealLinear;
    this.cycleMomentum = cycleMomentum;
    this.useBeta1 = useBeta1;
    this.initialStep();
  }

  protected getLr(): number[] {
    const step = this.lastEpoch;
    if (step > this.totalSteps) {
      throw new RangeError(`Tried to step ${step + 1} times. The specified number of total steps is ${this.totalSteps}`);
    }
    const { phase, pct } = oneCyclePosition(this.phases, step);
    return this.groups.map((g) => {
      const value = (key: string) => g[key] as number;
      if (this.cycleMomentum) {
        const momentum = this.anneal(value(phase.startMomentum), value(phase.endMomentum), pct);
        if (this.useBeta1) g.betas = [momentum, ...(g.betas as number[]).slice(1)];
        else g.momentum = momentum;
      }
      return this.anneal(value(phase.startLr), value(phase.endLr), pct);
    });
  }

  override step(): void {
    this.transaction(() => this.stepOnce());
  }

  private stepOnce(): void {
    if (this.lastEpoch + 1 > this.totalSteps) {
      throw new RangeError(`Tried to step ${this.lastEpoch + 2} times. The specified number of total steps is ${this.totalSteps}`);
    }
    super.step();
  }
}

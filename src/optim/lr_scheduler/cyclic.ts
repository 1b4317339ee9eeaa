// CyclicLR (Smith 2017, "Cyclical Learning Rates for Training Neural Networks"; torch 1.13's
// semantics): the lr runs between baseLr and maxLr in triangles of stepSizeUp + stepSizeDown
// batches ('triangular'), halving their height every cycle ('triangular2') or scaled by γ^step
// ('exp_range'); momentum cycles the other way, between maxMomentum and baseMomentum.
import { LRScheduler, SchedulerState, check, checkLrList, isFiniteNumber, perGroup } from './scheduler.js';
import { powInt } from '../../scalar_math.js';
import { describe } from '../../ops/util.js';
import type { Optimizer } from '../optimizer.js';

export type CyclicMode = 'triangular' | 'triangular2' | 'exp_range';

export interface CyclicLROptions {
  baseLr: number | number[];
  maxLr: number | number[];
  stepSizeUp?: number;
  stepSizeDown?: number;
  mode?: CyclicMode;
  gamma?: number;
  /** A scale of your own, replacing mode's: called with the cycle number or the step (scaleMode). */
  scaleFn?: (x: number) => number;
  scaleMode?: 'cycle' | 'iterations';
  cycleMomentum?: boolean;
  baseMomentum?: number | number[];
  maxMomentum?: number | number[];
}

const MODES: readonly string[] = ['triangular', 'triangular2', 'exp_range'];

function checkValues(values: number[], what: string): void {
  check(values.every((v) => isFiniteNumber(v) && v >= 0), `CyclicLR: ${what} must be finite non-negative numbers, got ${describe(values)}`);
}

export class CyclicLR extends LRScheduler {
  /** Its cycle is counted in batches. */
  override readonly stepsOn = 'batch';
  maxLrs: number[];
  totalSize: number;
  stepRatio: number;
  mode: CyclicMode;
  gamma: number;
  scaleMode: 'cycle' | 'iterations';
  cycleMomentum: boolean;
  baseMomentums: number[];
  maxMomentums: number[];
  private readonly scaleFn: ((x: number) => number) | null;

  constructor(optimizer: Optimizer, options: CyclicLROptions = {} as CyclicLROptions) {
    super('CyclicLR', optimizer);
    const {
      stepSizeUp = 2000, stepSizeDown = stepSizeUp, mode = 'triangular', gamma = 1, scaleFn, cycleMomentum = true,
    } = options;
    const opt = this.optimizer;
    check(options.baseLr !== undefined && options.maxLr !== undefined, 'CyclicLR: baseLr and maxLr are required');
    const baseLrs = perGroup(opt, 'base_lr', options.baseLr);
    const maxLrs = perGroup(opt, 'max_lr', options.maxLr);
    checkValues(baseLrs, 'baseLr');
    checkValues(maxLrs, 'maxLr');
    check(isFiniteNumber(stepSizeUp) && stepSizeUp > 0, `CyclicLR: stepSizeUp must be a finite positive number, got ${describe(stepSizeUp)}`);
    check(isFiniteNumber(stepSizeDown) && stepSizeDown >= 0, `CyclicLR: stepSizeDown must be a finite non-negative number, got ${describe(stepSizeDown)}`);
    check(MODES.includes(mode), scaleFn === undefined ? 'mode is invalid and scale_fn is None' : `CyclicLR: mode must be one of ${MODES.join(', ')}, got ${describe(mode)}`);
    if (scaleFn !== undefined && typeof scaleFn !== 'function') throw new TypeError(`CyclicLR: scaleFn must be a function, got ${describe(scaleFn)}`);
    const scaleMode = scaleFn === undefined ? (mode === 'exp_range' ? 'iterations' : 'cycle') : options.scaleMode ?? 'cycle';
    check(scaleMode === 'cycle' || scaleMode === 'iterations', `CyclicLR: scaleMode must be 'cycle' or 'iterations', got ${describe(scaleMode)}`);
    check(isFiniteNumber(gamma), `CyclicLR: gamma must be a finite number, got ${describe(gamma)}`);
    check(typeof cycleMomentum === 'boolean', `CyclicLR: cycleMomentum must be a boolean, got ${describe(cycleMomentum)}`);
    let baseMomentums: number[] = [];
    let maxMomentums: number[] = [];
    if (cycleMomentum) {
      // torch 1.13 cycles `momentum` only (not Adam's β1): set cycleMomentum false for Adam.
      check('momentum' in opt.defaults, 'optimizer must support momentum with `cycle_momentum` option enabled');
      baseMomentums = perGroup(opt, 'base_momentum', options.baseMomentum ?? 0.8);
      maxMomentums = perGroup(opt, 'max_momentum', options.maxMomentum ?? 0.9);
      checkValues(baseMomentums, 'baseMomentum');
      checkValues(maxMomentums, 'maxMomentum');
    }
    // Everything checked: torch sets each group's lr (and momentum) to the base values first
    // (put back if the initial step throws, e.g. in a scaleFn).
    const before = this.groups.map((g) => (cycleMomentum ? { lr: g.lr, momentum: g.momentum } : { lr: g.lr }));
    this.groups.forEach((g, i) => {
      g.lr = baseLrs[i];
      if (cycleMomentum) g.momentum = baseMomentums[i];
    });
    this.baseLrs = baseLrs;
    this.maxLrs = maxLrs;
    this.totalSize = stepSizeUp + stepSizeDown;
    this.stepRatio = stepSizeUp / this.totalSize;
    this.mode = mode;
    this.gamma = gamma;
    this.scaleFn = scaleFn ?? null;
    this.scaleMode = scaleMode;
    this.cycleMomentum = cycleMomentum;
    this.baseMomentums = baseMomentums;
    this.maxMomentums = maxMomentums;
    try {
      this.initialStep();
    } catch (e) {
      this.groups.forEach((g, i) => Object.assign(g, before[i]));
      throw e;
    }
    // torch's base class records initial_lr before CyclicLR overrides base_lrs with baseLr.
    this.baseLrs = baseLrs;
  }

  private scale(x: number): number {
    if (this.scaleFn !== null) {
      const s: unknown = this.scaleFn(x);
      if (!isFiniteNumber(s)) throw new TypeError(`CyclicLR: scaleFn returned ${describe(s)} for ${x}, not a finite number`);
      return s;
    }
    if (this.mode === 'triangular2') return 1 / powInt(2, x - 1);
    if (this.mode === 'exp_range') return powInt(this.gamma, x);
    return 1;
  }

  protected getLr(): number[] {
    const t = this.lastEpoch;
    const cycle = Math.floor(1 + t / this.totalSize);
    const x = 1 + t / this.totalSize - cycle;
    const factor = x <= this.stepRatio ? x / this.stepRatio : (x - 1) / (this.stepRatio - 1);
    const scale = this.scale(this.scaleMode === 'cycle' ? cycle : t);
    const lrs = this.baseLrs.map((base, i) => base + (this.maxLrs[i] - base) * factor * scale);
    if (this.cycleMomentum) {
      // Checked before any group changes: the lrs (by apply) and the momenta here.
      const momenta = this.maxMomentums.map((top, i) => top - (top - this.baseMomentums[i]) * factor * scale);
      checkValues(momenta, 'the momenta the schedule gives');
      checkValues(lrs, 'the lrs the schedule gives');
      this.groups.forEach((g, i) => {
        g.momentum = momenta[i];
      });
    }
    return lrs;
  }

  protected override stateKeys(): string[] {
    return ['maxLrs', 'totalSize', 'stepRatio', 'mode', 'gamma', 'scaleMode', 'cycleMomentum', 'baseMomentums', 'maxMomentums'];
  }

  protected override checkState(values: SchedulerState, where: string): void {
    super.checkState(values, where);
    const n = this.groups.length;
    checkLrList(values.maxLrs, n, `${where}: maxLrs`);
    const momenta = values.cycleMomentum ? n : 0;
    checkLrList(values.baseMomentums, momenta, `${where}: baseMomentums`);
    checkLrList(values.maxMomentums, momenta, `${where}: maxMomentums`);
    const { totalSize, stepRatio } = values as { totalSize: number; stepRatio: number };
    check(totalSize > 0 && stepRatio > 0 && stepRatio <= 1, `${where}: totalSize must be > 0 and stepRatio in (0, 1], got ${totalSize} and ${stepRatio}`);
    check(MODES.includes(values.mode as string), `${where}: mode must be one of ${MODES.join(', ')}, got ${describe(values.mode)}`);
    check(values.scaleMode === 'cycle' || values.scaleMode === 'iterations', `${where}: scaleMode must be 'cycle' or 'iterations', got ${describe(values.scaleMode)}`);
  }
}

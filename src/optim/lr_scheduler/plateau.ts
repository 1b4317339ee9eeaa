// ReduceLROnPlateau: divide the lr by 1/factor when a metric has stopped improving for
// `patience` epochs (torch's semantics: relative or absolute threshold, cooldown, min lrs).
import { Tensor } from '../../tensor.js';
import {
  SchedulerState, check, checkInteger, checkLrList, checkOptimizer, isCount, isFiniteNumber, packFields, perGroup, unpackFields,
} from './scheduler.js';
import type { Optimizer } from '../optimizer.js';
import { describe } from '../../ops/util.js';

export interface ReduceLROnPlateauOptions {
  mode?: 'min' | 'max';
  factor?: number;
  patience?: number;
  threshold?: number;
  thresholdMode?: 'rel' | 'abs';
  cooldown?: number;
  minLr?: number | number[];
  eps?: number;
}

const STATE_KEYS = ['mode', 'factor', 'patience', 'threshold', 'thresholdMode', 'cooldown', 'minLrs', 'eps',
  'best', 'numBadEpochs', 'cooldownCounter', 'lastEpoch', 'lastLr'];

export class ReduceLROnPlateau {
  /** d.fit calls step(metric) after every epoch with the monitored loss (valLoss, else loss). */
  readonly stepsOn = 'metric';
  readonly optimizer: Optimizer;
  mode: 'min' | 'max';
  factor: number;
  patience: number;
  threshold: number;
  thresholdMode: 'rel' | 'abs';
  cooldown: number;
  minLrs: number[];
  eps: number;
  best: number;
  numBadEpochs = 0;
  cooldownCounter = 0;
  lastEpoch = 0;
  private lastLr: number[];

  constructor(optimizer: Optimizer, options: ReduceLROnPlateauOptions = {}) {
    const { mode = 'min', factor = 0.1, patience = 10, threshold = 1e-4, thresholdMode = 'rel', cooldown = 0, minLr = 0, eps = 1e-8 } = options;
    check(isFiniteNumber(factor) && factor < 1, 'Factor should be < 1.0.');
    this.optimizer = checkOptimizer('ReduceLROnPlateau', optimizer);
    const n = optimizer.paramGroups.length;
    if (Array.isArray(minLr)) check(minLr.length === n, `expected ${n} min_lrs, got ${minLr.length}`);
    check(mode === 'min' || mode === 'max', `mode ${String(mode)} is unknown!`);
    check(thresholdMode === 'rel' || thresholdMode === 'abs', `threshold mode ${String(thresholdMode)} is unknown!`);
    check(isCount(patience, 0), `ReduceLROnPlateau: patience must be a non-negative integer, got ${patience}`);
    check(isCount(cooldown, 0), `ReduceLROnPlateau: cooldown must be a non-negative integer, got ${cooldown}`);
    check(isFiniteNumber(threshold) && isFiniteNumber(eps), 'ReduceLROnPlateau: threshold and eps must be finite numbers');
    this.minLrs = perGroup(optimizer, 'min_lr', minLr);
    [this.mode, this.factor, this.patience, this.threshold] = [mode, factor, patience, threshold];
    [this.thresholdMode, this.cooldown, this.eps] = [thresholdMode, cooldown, eps];
    this.best = mode === 'min' ? Infinity : -Infinity;
    this.lastLr = optimizer.paramGroups.map((g) => g.lr);
  }

  private isBetter(a: number, best: number): boolean {
    if (this.mode === 'min' && this.thresholdMode === 'rel') return a < best * (1 - this.threshold);
    if (this.mode === 'min') return a < best - this.threshold;
    if (this.thresholdMode === 'rel') return a > best * (this.threshold + 1);
    return a > best + this.threshold;
  }

  /** Records this epoch's metric (a number or a one-element tensor) and reduces lrs on a plateau. */
  step(metric: number | Tensor): void {
    const current = metric instanceof Tensor ? metric.item() : metric;
    if (typeof current !== 'number') {
      throw new TypeError(`ReduceLROnPlateau.step: metric must be a number or a scalar Tensor, got ${describe(metric)}`);
    }
    this.lastEpoch += 1;
    if (this.isBetter(current, this.best)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.patience) {
      this.reduceLr();
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  private reduceLr(): void {
    this.optimizer.paramGroups.forEach((group, i) => {
      const old = group.lr;
      const next = Math.max(old * this.factor, this.minLrs[i]);
      if (old - next > this.eps) group.lr = next;
    });
  }

  getLastLr(): number[] {
    return this.lastLr.slice();
  }

  stateDict(): SchedulerState {
    return packFields(this, STATE_KEYS);
  }

  /** Restores a state dict, every field checked (names, ranges, one lr per group) before any is set. */
  loadStateDict(state: SchedulerState): void {
    const where = 'ReduceLROnPlateau.loadStateDict';
    const v = unpackFields(this, STATE_KEYS, state, where) as Record<string, unknown>;
    const n = this.optimizer.paramGroups.length;
    check(v.mode === 'min' || v.mode === 'max', `${where}: mode must be 'min' or 'max', got ${describe(v.mode)}`);
    check(v.thresholdMode === 'rel' || v.thresholdMode === 'abs', `${where}: thresholdMode must be 'rel' or 'abs', got ${describe(v.thresholdMode)}`);
    check(isFiniteNumber(v.factor) && v.factor >= 0 && v.factor < 1, `${where}: factor must be in [0, 1), got ${describe(v.factor)}`);
    for (const key of ['threshold', 'eps']) check(isFiniteNumber(v[key]) && (v[key] as number) >= 0, `${where}: ${key} must be a finite non-negative number, got ${describe(v[key])}`);
    for (const key of ['patience', 'cooldown', 'numBadEpochs', 'cooldownCounter', 'lastEpoch']) checkInteger(v[key], 0, `${where}: ${key}`);
    check(typeof v.best === 'number' && !Number.isNaN(v.best), `${where}: best must be a number (not NaN), got ${describe(v.best)}`);
    checkLrList(v.minLrs, n, `${where}: minLrs`);
    checkLrList(v.lastLr, n, `${where}: lastLr`);
    Object.assign(this, v);
  }
}

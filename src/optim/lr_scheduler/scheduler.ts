// The base of the epoch-driven schedulers (torch.optim.lr_scheduler._LRScheduler): records
// each group's initial lr, counts steps, writes the new lr into every param group, and keeps a
// JSON state dict. Subclasses give getLr() in torch's chainable form and, where torch has one,
// the closed form used when a scheduler is restarted at an epoch (SequentialLR).
import { Optimizer } from '../optimizer.js';
import { decodeFloat, encodeFloat } from '../state_dict.js';
import { describe } from '../../ops/util.js';

export type SchedulerState = Record<string, unknown>;

type Group = Record<string, unknown> & { lr: number };

/** Checks a scheduler's optimizer argument. */
export function checkOptimizer(name: string, optimizer: unknown): Optimizer {
  if (!(optimizer instanceof Optimizer)) throw new TypeError(`${name}: ${describe(optimizer)} is not an Optimizer`);
  return optimizer;
}

/** A RangeError with torch's message unless `ok`. */
export function check(ok: boolean, message: string): void {
  if (!ok) throw new RangeError(message);
}

/** One value per param group: a number is repeated, an array must have one per group. */
export function perGroup(optimizer: Optimizer, name: string, value: number | readonly number[]): number[] {
  const n = optimizer.paramGroups.length;
  if (Array.isArray(value)) {
    check(value.length === n, `expected ${n} values for ${name}, got ${value.length}`);
    return value.slice();
  }
  return new Array<number>(n).fill(value as number);
}

/** A list of one finite non-negative lr per group (state dicts). */
export function checkLrList(v: unknown, n: number, where: string): void {
  if (!Array.isArray(v) || v.length !== n || !Array.from({ length: n }, (_, i) => v[i]).every((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0)) {
    throw new RangeError(`${where} must hold ${n} finite non-negative numbers (one per param group), got ${describe(v)}`);
  }
}

/** An integer count >= min (state dicts). */
export function checkInteger(v: unknown, min: number, where: string): void {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) throw new RangeError(`${where} must be an integer >= ${min}, got ${describe(v)}`);
}

export function isCount(x: unknown, min = 1): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= min;
}

export function isFiniteNumber(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/** JSON for a scheduler's fields: numbers (non-finite as strings), arrays, strings, booleans. */
export function packFields(owner: object, keys: readonly string[]): SchedulerState {
  const out: SchedulerState = {};
  const encode = (v: unknown): unknown => (typeof v === 'number' ? encodeFloat(v) : Array.isArray(v) ? v.map(encode) : v);
  for (const key of keys) out[key] = encode((owner as Record<string, unknown>)[key]);
  return out;
}

/** Checks that `state` has exactly `keys`, each like the current value; returns the decoded values. */
export function unpackFields(owner: object, keys: readonly string[], state: unknown, where: string): SchedulerState {
  if (state === null || typeof state !== 'object' || Array.isArray(state)) {
    throw new TypeError(`${where}: expected an object, got ${describe(state)}`);
  }
  const have = Object.keys(state).sort().join(', ');
  const want = keys.slice().sort().join(', ');
  if (have !== want) throw new RangeError(`${where}: the state has keys [${have}], expected [${want}]`);
  const decode = (current: unknown, v: unknown, path: string): unknown => {
    if (typeof current === 'number' || current === null) return v === null && current === null ? null : decodeFloat(v, path);
    if (Array.isArray(current)) {
      if (!Array.isArray(v)) throw new TypeError(`${path} must be an array, got ${describe(v)}`);
      return Array.from({ length: v.length }, (_, i) => {
        if (!(i in v)) throw new TypeError(`${path}[${i}] is missing (a hole in the array)`);
        return decode(current.length > 0 ? current[Math.min(i, current.length - 1)] : 0, v[i], `${path}[${i}]`);
      });
    }
    if (typeof v !== typeof current) throw new TypeError(`${path} must be a ${typeof current}, got ${describe(v)}`);
    return v;
  };
  const out: SchedulerState = {};
  for (const key of keys) out[key] = decode((owner as Record<string, unknown>)[key], (state as SchedulerState)[key], `${where}.${key}`);
  return out;
}

/** When d.fit steps a scheduler: after every batch, every epoch, or every epoch with a metric. */
export type StepsOn = 'batch' | 'epoch' | 'metric';

export abstract class LRScheduler {
  readonly optimizer: Optimizer;
  /** Epoch-driven, as torch's schedules (OneCycleLR counts batches). */
  readonly stepsOn: StepsOn = 'epoch';
  /** Each group's lr when the schedule started (its `initialLr`). */
  baseLrs: number[];
  /** The number of step() calls since the schedule started (0 after construction). */
  lastEpoch = -1;
  protected stepCount = 0;
  private lastLr: number[] = [];

  constructor(readonly name: string, optimizer: unknown) {
    this.optimizer = checkOptimizer(name, optimizer);
    // initialLr is written into the groups only by initialStep(), once the subclass has checked
    // its options: a refused constructor leaves the optimizer as it was.
    this.baseLrs = this.groups.map((g) => (g.initialLr ?? g.lr) as number);
  }

  protected get groups(): Group[] {
    return this.optimizer.paramGroups as unknown as Group[];
  }

  /** Subclass constructors call this last: torch's initial step to epoch 0. */
  protected initialStep(): void {
    const added = this.groups.filter((g) => g.initialLr === undefined);
    for (const g of added) g.initialLr = g.lr;
    const stepCount = this.stepCount;
    try {
      this.stepCount = 0;
      this.step();
    } catch (e) {
      for (const g of added) delete g.initialLr;
      this.stepCount = stepCount;
      throw e;
    }
  }

  /**
   * Runs a change of the schedule's position: if it throws (a user's lrLambda, a step past the
   * end), every field of the scheduler is put back and no group's lr has changed.
   */
  protected transaction(change: () => void): void {
    const saved = { ...this };
    try {
      change();
    } catch (e) {
      Object.assign(this, saved);
      throw e;
    }
  }

  /** Starts the schedule over from its current lastEpoch (SequentialLR's first scheduler). */
  restart(): void {
    this.initialStep();
  }

  /** Advances the schedule by one epoch (or iteration) and sets every group's lr. */
  step(): void {
    this.transaction(() => {
      this.stepCount++;
      this.lastEpoch++;
      this.apply(this.getLr());
    });
  }

  /**
   * Jumps to `epoch` and sets the lrs from the closed form where there is one (torch's
   * deprecated step(epoch), which SequentialLR uses to restart a scheduler at 0).
   */
  stepTo(epoch: number): void {
    if (typeof epoch !== 'number' || !Number.isSafeInteger(epoch) || epoch < 0) {
      throw new RangeError(`${this.name}.stepTo: epoch must be a non-negative integer, got ${describe(epoch)}`);
    }
    this.transaction(() => {
      this.stepCount++;
      this.lastEpoch = epoch;
      this.apply(this.closedForm() ?? this.getLr());
    });
  }

  /** Writes the new lrs into the groups, all checked (finite, non-negative) before any is written. */
  protected apply(lrs: number[]): void {
    lrs.forEach((lr, i) => {
      if (typeof lr !== 'number' || !Number.isFinite(lr) || lr < 0) {
        throw new RangeError(`${this.name}.step: the schedule gives group ${i} the lr ${describe(lr)}; an lr must be a finite non-negative number`);
      }
    });
    this.groups.forEach((g, i) => {
      g.lr = lrs[i];
    });
    this.lastLr = this.groups.map((g) => g.lr);
  }

  /** The lrs for lastEpoch, in torch's chainable form (from the groups' current lrs). */
  protected abstract getLr(): number[];

  /** The lrs for lastEpoch from the base lrs alone, where the schedule has a closed form. */
  protected closedForm(): number[] | null {
    return null;
  }

  /** The lrs the last step() set, one per param group. */
  getLastLr(): number[] {
    return this.lastLr.slice();
  }

  /** The schedule's own fields (beyond baseLrs, lastEpoch, stepCount, lastLr) for its state dict. */
  protected stateKeys(): string[] {
    return [];
  }

  private allKeys(): string[] {
    return ['baseLrs', 'lastEpoch', 'stepCount', 'lastLr', ...this.stateKeys()];
  }

  stateDict(): SchedulerState {
    return packFields(this, this.allKeys());
  }

  /** Restores a state dict; a dict with other keys or types is refused, changing nothing. */
  loadStateDict(state: SchedulerState): void {
    const where = `${this.name}.loadStateDict`;
    const values = unpackFields(this, this.allKeys(), state, where);
    const n = this.groups.length;
    checkLrList(values.baseLrs, n, `${where}: baseLrs`);
    checkLrList(values.lastLr, n, `${where}: lastLr`);
    checkInteger(values.lastEpoch, -1, `${where}: lastEpoch`);
    checkInteger(values.stepCount, 0, `${where}: stepCount`);
    this.checkState(values, where);
    Object.assign(this, values);
  }

  /** A subclass's checks of its own state fields (beyond the types unpackFields checks). */
  protected checkState(values: SchedulerState, where: string): void {
    for (const key of this.stateKeys()) {
      const v = values[key];
      if (typeof v === 'number' && !Number.isFinite(v)) throw new RangeError(`${where}: ${key} must be finite, got ${String(v)}`);
    }
  }
}

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
      return v.map((x, i) => decode(current.length > 0 ? current[Math.min(i, current.length - 1)] : 0, x, `${path}[${i}]`));
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
    for (const group of this.groups) if (group.initialLr === undefined) group.initialLr = group.lr;
    this.baseLrs = this.groups.map((g) => g.initialLr as number);
  }

  protected get groups(): Group[] {
    return this.optimizer.paramGroups as unknown as Group[];
  }

  /** Subclass constructors call this last: torch's initial step to epoch 0. */
  protected initialStep(): void {
    this.stepCount = 0;
    this.step();
  }

  /** Starts the schedule over from its current lastEpoch (SequentialLR's first scheduler). */
  restart(): void {
    this.initialStep();
  }

  /** Advances the schedule by one epoch (or iteration) and sets every group's lr. */
  step(): void {
    this.stepCount++;
    this.lastEpoch++;
    this.apply(this.getLr());
  }

  /**
   * Jumps to `epoch` and sets the lrs from the closed form where there is one (torch's
   * deprecated step(epoch), which SequentialLR uses to restart a scheduler at 0).
   */
  stepTo(epoch: number): void {
    this.stepCount++;
    this.lastEpoch = epoch;
    this.apply(this.closedForm() ?? this.getLr());
  }

  protected apply(lrs: number[]): void {
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
    const values = unpackFields(this, this.allKeys(), state, `${this.name}.loadStateDict`);
    Object.assign(this, values);
  }
}

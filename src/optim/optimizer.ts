// The base of every optimizer: param groups over defaults, lazily created per-parameter state
// in raw Wasm blocks owned by the optimizer, step(closure?), zeroGrad, and a JSON state dict
// keyed by parameter index (as torch.optim.Optimizer). Subclasses write only their update.
import { Tensor, assertAlive, formatShape, sameShape, tidy } from '../tensor.js';
import * as kernels from '../backend/index.js';
import { enableGrad } from '../autograd.js';
import { describe } from '../ops/util.js';
import { otherCopyOf } from '../registry.js';
import { Options, checkFinite, checkKnown, checkTypes, optionValues, sameOptionValues } from './hyperparameters.js';
import {
  OptimizerStateDict, SCHEDULER_GROUP_KEYS, StateLayout, checkOwnKeys, copyJson, decodeStateEntry, encodeFloat,
} from './state_dict.js';

export type { OptionValue, Options } from './hyperparameters.js';
export { require, nonNegative } from './hyperparameters.js';
export type { JsonFloat, OptimizerStateDict, StateLayout } from './state_dict.js';
export { encodeFloat, decodeFloat } from './state_dict.js';

/** A param group: its tensors and its own copy of every hyperparameter (all writable). */
export type ParamGroup<O extends Options = Options> = O & { params: Tensor[] };
/** O's named hyperparameters, optional. */
export type Overrides<O> = { [K in keyof O as string extends K ? never : K]?: O[K] };
/** The `params` argument: tensors, or groups of tensors with per-group overrides. */
export type ParamsInput<O extends Options = Options> = Tensor[] | ({ params: Tensor[] } & Overrides<O>)[];

/** Per-parameter state: counters (step, ...) and float32 buffers shaped like the parameter. */
export interface ParamState {
  scalars: Record<string, number>;
  /** Buffer name → Wasm address of param.size floats. */
  buffers: Record<string, number>;
}

// Optimizers dropped without dispose() still give their state blocks back.
const finalizer: FinalizationRegistry<Set<number>> | null =
  typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry<Set<number>>((blocks) => blocks.forEach((ptr) => kernels.freeBlock(ptr)))
    : null;

export abstract class Optimizer<O extends Options = Options> {
  readonly defaults: O;
  private readonly base: O;
  readonly paramGroups: ParamGroup<O>[] = [];
  /** True when step() needs a closure that re-evaluates the loss (d.fit then passes one). */
  readonly needsClosure: boolean = false;
  protected readonly state = new Map<Tensor, ParamState>();
  private readonly blocks = new Set<number>();
  private disposed = false;

  /**
   * `name` prefixes messages; `base` holds torch's default for every option (undefined:
   * required) and fixes each option's type; `options` are the user's defaults over it.
   */
  constructor(readonly name: string, params: ParamsInput<O>, base: O, options: Partial<O> = {}) {
    this.base = base;
    if (options === null || typeof options !== 'object') throw new TypeError(`${name}: options must be an object, got ${describe(options)}`);
    checkKnown(base, options, `${name}: options`);
    this.defaults = { ...base, ...given(options) } as O;
    this.checkOptions(this.defaults, true);
    if (params instanceof Tensor || !Array.isArray(params)) {
      throw new TypeError(`${name}: params must be an array of Tensors or of param groups, got ${describe(params)}`);
    }
    if (params.length === 0) throw new RangeError(`${name}: optimizer got an empty parameter list`);
    // A list of tensors (also of another copy's, so that they are refused as tensors, saying so) or of groups.
    const tensors = params[0] instanceof Tensor || otherCopyOf(params[0]) !== null;
    const specs = tensors ? [{ params: params as Tensor[] }] : (params as { params: Tensor[] }[]);
    const seen = new Set<Tensor>();
    const groups = specs.map((spec, i) => this.makeGroup(spec, i, seen));
    this.paramGroups.push(...groups);
    finalizer?.register(this, this.blocks, this);
  }

  /**
   * Adds a param group (torch's add_param_group): options it leaves out take the optimizer's
   * defaults; a param already in a group is refused. Checked whole before the group is added.
   */
  addParamGroup(paramGroup: { params: Tensor[] | Tensor } & Overrides<O>): void {
    this.checkAlive();
    const seen = new Set<Tensor>(this.allParams());
    const group = this.makeGroup(paramGroup, this.paramGroups.length, seen, `${this.name}.addParamGroup`);
    this.paramGroups.push(group);
  }

  private makeGroup(spec: unknown, index: number, seen: Set<Tensor>, caller = this.name): ParamGroup<O> {
    const where = `${caller}: param group ${index}`;
    if (spec === null || typeof spec !== 'object' || spec instanceof Tensor || Array.isArray(spec)) {
      throw new TypeError(`${where} must be { params, ...options }, got ${describe(spec)}`);
    }
    const { params, ...overrides } = spec as { params: unknown };
    const list = params instanceof Tensor ? [params] : params;
    if (!Array.isArray(list)) throw new TypeError(`${where}: params must be an array of Tensors, got ${describe(params)}`);
    list.forEach((p, k) => {
      if (!(p instanceof Tensor)) {
        throw new TypeError(`${caller}: optimizer can only optimize Tensors, but param ${k} of group ${index} is ${describe(p)}`);
      }
      assertAlive(p, this.name);
      // A param that does not require grad (a frozen layer) is accepted, as torch: it has no
      // grad, so step() skips it.
      if (seen.has(p)) throw new Error(`${caller}: param ${k} of group ${index} appears more than once (in this or an earlier parameter group)`);
      seen.add(p);
    });
    checkKnown(this.base, overrides, where);
    const group = { ...this.defaults, ...given(overrides as object), params: list.slice() } as ParamGroup<O>;
    this.checkOptions(group, false);
    return group;
  }

  /**
   * Type checks every option against its default; for a group (not the defaults alone), also
   * the optimizer's range checks (RangeError with torch's message) and finiteness.
   */
  private checkOptions(options: Options, isDefaults: boolean): void {
    checkTypes(this.name, this.base, options as Record<string, unknown>, !isDefaults);
    if (isDefaults) return;
    this.validate(options as O);
    checkFinite(this.name, Object.keys(this.defaults), options as Record<string, unknown>);
  }

  /** Throws a RangeError for an out-of-range hyperparameter (torch's message). */
  protected abstract validate(options: O): void;
  /** The state one parameter of this group needs. */
  protected abstract layout(group: ParamGroup<O>): StateLayout;
  /** Updates one parameter in place from its gradient; state exists and matches layout(group). */
  protected abstract update(param: Tensor, grad: Tensor, state: ParamState, group: ParamGroup<O>, created: boolean): void;

  /**
   * One optimization step over every parameter that has a gradient. With a closure, calls it
   * first (gradients on, inside tidy) and returns its result. Everything is checked before
   * anything changes.
   */
  step<T = unknown>(closure?: () => T): T | undefined {
    this.checkAlive();
    if (closure !== undefined && typeof closure !== 'function') {
      throw new TypeError(`${this.name}.step: closure must be a function, got ${describe(closure)}`);
    }
    const loss = closure === undefined ? undefined : enableGrad(() => tidy(closure));
    if (this.disposed) throw new Error(`${this.name}.step: the closure disposed the optimizer; no parameter was updated`);
    const work = this.checkedWork();
    for (const { group, param, grad } of work) {
      const { state, created } = this.stateFor(param, group);
      this.update(param, grad, state, group, created);
    }
    return loss;
  }

  /** Validates every group and gradient, returning the (group, param, grad) triples to update. */
  protected checkedWork(): { group: ParamGroup<O>; param: Tensor; grad: Tensor }[] {
    const work: { group: ParamGroup<O>; param: Tensor; grad: Tensor }[] = [];
    for (let gi = 0; gi < this.paramGroups.length; gi++) {
      const group = this.paramGroups[gi];
      if (!sameOptionValues(this.base, group, this.checkedValues.get(group))) {
        this.checkOptions(group, false);
        this.checkedValues.set(group, optionValues(this.base, group));
      }
      for (let k = 0; k < group.params.length; k++) {
        const param = group.params[k];
        if (param.disposed) assertAlive(param, `${this.name}.step`);
        const grad = param.grad;
        if (grad === null || grad === undefined) continue;
        if (!(grad instanceof Tensor)) {
          throw new TypeError(`${this.name}.step: the grad of param ${k} of group ${gi} must be a Tensor, got ${describe(grad)}`);
        }
        if (grad.disposed) assertAlive(grad, `${this.name}.step`);
        if (grad.size !== param.size || !sameShape(grad.shape, param.shape)) {
          const shapes = `has shape ${formatShape(param.shape)} but its grad has shape ${formatShape(grad.shape)}`;
          throw new Error(`${this.name}.step: param ${k} of group ${gi} ${shapes}`);
        }
        work.push({ group, param, grad });
      }
    }
    return work;
  }

  // A group's option values as last checked by step(): steps skip the checks while they are unchanged.
  private readonly checkedValues = new WeakMap<object, unknown[]>();

  /**
   * The parameter's state, created on demand and kept to the group's current layout: when its
   * options change (momentum switched on or off, amsgrad...), missing entries start fresh and
   * entries no longer used are dropped (as torch drops SGD's buffer when momentum is 0).
   */
  protected stateFor(param: Tensor, group: ParamGroup<O>): { state: ParamState; created: boolean } {
    let state = this.state.get(param);
    let created = false;
    if (state === undefined) {
      state = { scalars: {}, buffers: {} };
      this.state.set(param, state);
    }
    const layout = this.layout(group);
    // for…in rather than Object.entries: this runs for every parameter on every step.
    for (const key in layout.scalars) {
      if (!(key in state.scalars)) state.scalars[key] = layout.scalars[key];
    }
    for (const key in layout.buffers) {
      if (key in state.buffers) continue;
      state.buffers[key] = this.allocFloats(param.size, layout.buffers[key]);
      created = true;
    }
    for (const key in state.scalars) if (!(key in layout.scalars)) delete state.scalars[key];
    for (const key in state.buffers) {
      if (key in layout.buffers) continue;
      this.freeFloats(state.buffers[key]);
      delete state.buffers[key];
    }
    return { state, created };
  }

  /** A block of `size` floats set to `value`, owned by this optimizer until freeFloats/dispose. */
  protected allocFloats(size: number, value: number): number {
    const ptr = kernels.allocFloats(size);
    this.blocks.add(ptr);
    kernels.fill({ ptr, size }, value);
    return ptr;
  }

  /** The blocks this optimizer owns now (a copy). */
  protected ownedBlocks(): Set<number> {
    return new Set(this.blocks);
  }

  protected freeFloats(ptr: number): void {
    this.blocks.delete(ptr);
    kernels.freeBlock(ptr);
  }

  /** Frees all per-parameter state. */
  protected clearState(): void {
    for (const s of this.state.values()) for (const ptr of Object.values(s.buffers)) this.freeFloats(ptr);
    this.state.clear();
  }

  /** Sets every gradient to zero (or drops it, with setToNone), as torch 1.13's zero_grad. */
  zeroGrad(setToNone = false): void {
    if (typeof setToNone !== 'boolean') throw new TypeError(`${this.name}.zeroGrad: setToNone must be a boolean, got ${describe(setToNone)}`);
    // Every gradient is checked first: a disposed one refuses the call before any is zeroed.
    for (let gi = 0; gi < this.paramGroups.length; gi++) {
      const params = this.paramGroups[gi].params;
      for (let k = 0; k < params.length; k++) {
        const g = params[k].grad;
        if (g !== null && g.disposed) {
          throw new Error(`${this.name}.zeroGrad: the grad of param ${k} of group ${gi} was disposed (set p.grad = null instead of disposing it, or use zeroGrad(true))`);
        }
      }
    }
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        const g = p.grad;
        if (g === null) continue;
        if (setToNone) {
          g.dispose();
          p.grad = null;
        } else {
          kernels.fill(g, 0);
        }
      }
    }
  }

  /** All parameters in group order; a parameter's index is its key in the state dict. */
  protected allParams(): Tensor[] {
    return this.paramGroups.flatMap((g) => g.params);
  }

  /** The optimizer's state as plain JSON data (torch's layout: state by param index, groups). */
  stateDict(): OptimizerStateDict {
    this.checkAlive();
    let next = 0;
    const paramGroups = this.paramGroups.map((g) => {
      const { params, ...options } = g;
      return { ...copyJson(options), params: params.map(() => next++) };
    });
    return { state: this.packState(), paramGroups };
  }

  /** The state part of stateDict(): per-parameter entries keyed by index. */
  protected packState(): OptimizerStateDict['state'] {
    const state: OptimizerStateDict['state'] = {};
    let index = 0;
    for (const group of this.paramGroups) {
      // Written in the group's current layout (what the next step would use), so that a dict
      // always loads back even after the group's options changed since the last step.
      const layout = this.layout(group);
      for (const p of group.params) {
        const s = this.state.get(p);
        const key = String(index++);
        if (s === undefined || Object.keys(layout.scalars).length + Object.keys(layout.buffers).length === 0) continue;
        const entry: Record<string, unknown> = {};
        for (const [name, initial] of Object.entries(layout.scalars)) entry[name] = encodeFloat(s.scalars[name] ?? initial);
        for (const [name, initial] of Object.entries(layout.buffers)) {
          const ptr = s.buffers[name];
          entry[name] = ptr === undefined ? new Array<number>(p.size).fill(initial) : Array.from(kernels.readFloats({ ptr, size: p.size }), encodeFloat);
        }
        state[key] = entry;
      }
    }
    return state;
  }

  /**
   * Replaces state and group options with a state dict's. The whole dict is checked first
   * (group count and sizes, option types and ranges, state names and buffer lengths), so a
   * refused dict changes nothing.
   */
  loadStateDict(dict: OptimizerStateDict): void {
    this.checkAlive();
    const where = `${this.name}.loadStateDict`;
    if (dict === null || typeof dict !== 'object' || Array.isArray(dict) || !Array.isArray(dict.paramGroups) ||
      dict.state === null || typeof dict.state !== 'object' || Array.isArray(dict.state)) {
      throw new TypeError(`${where}: expected { state, paramGroups }, got ${describe(dict)}`);
    }
    checkOwnKeys(dict, ['state', 'paramGroups'], where);
    if (dict.paramGroups.length !== this.paramGroups.length) {
      throw new RangeError(`${where}: the dict has ${dict.paramGroups.length} parameter groups, the optimizer ${this.paramGroups.length}`);
    }
    const groups = dict.paramGroups.map((saved, i) => {
      const own = this.paramGroups[i];
      if (saved === null || typeof saved !== 'object' || Array.isArray(saved)) {
        throw new TypeError(`${where}: parameter group ${i} must be an object, got ${describe(saved)}`);
      }
      // Only the optimizer's options, params and what schedulers write (torch's initial_lr...):
      // an unknown key, `__proto__` included, is refused rather than copied into the group.
      checkOwnKeys(saved, ['params', ...Object.keys(this.base), ...SCHEDULER_GROUP_KEYS], `${where}: parameter group ${i}`);
      const { params, ...options } = saved as { params?: unknown };
      for (const key of SCHEDULER_GROUP_KEYS) {
        const v = (options as Record<string, unknown>)[key];
        if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v))) {
          throw new TypeError(`${where}: parameter group ${i}: ${key} must be a finite number, got ${describe(v)}`);
        }
      }
      if (!Array.isArray(params) || params.length !== own.params.length) {
        const count = Array.isArray(params) ? params.length : 'no';
        throw new RangeError(`${where}: parameter group ${i} has ${count} params, the optimizer's ${own.params.length}`);
      }
      for (const key of Object.keys(this.base)) {
        if (!(key in options)) throw new RangeError(`${where}: parameter group ${i} lacks option '${key}'`);
      }
      const group = { ...copyJson(options), params: own.params } as ParamGroup<O>;
      this.checkOptions(group, false);
      return group;
    });
    const commit = this.prepareLoad(dict.state, groups, where);
    // Everything checked: replace.
    groups.forEach((g, i) => Object.assign(this.paramGroups[i], g));
    commit();
  }

  /** Checks the state part of a state dict against the (loaded) groups; returns what installs it. */
  protected prepareLoad(stateDict: OptimizerStateDict['state'], groups: ParamGroup<O>[], where: string): () => void {
    const params = this.allParams();
    const owner = groups.flatMap((g) => g.params.map(() => g));
    const loaded = new Map<Tensor, { scalars: Record<string, number>; buffers: Record<string, Float32Array> }>();
    for (const key of Reflect.ownKeys(stateDict)) {
      // Keys are canonical indices ('0', '1', ...): '0.0', '' or ' 1' would alias a parameter.
      const index = typeof key === 'string' && /^(0|[1-9][0-9]*)$/.test(key) ? Number(key) : -1;
      if (index < 0 || index >= params.length) {
        throw new RangeError(`${where}: state key ${typeof key === 'string' ? `'${key}'` : String(key)} is not a parameter index (0 to ${params.length - 1})`);
      }
      const entry = (stateDict as Record<string, unknown>)[key as string];
      loaded.set(params[index], decodeStateEntry(entry, params[index], this.layout(owner[index]), `${where}: state ${String(key)}`));
    }
    return () => {
      this.clearState();
      for (const [p, entry] of loaded) {
        const s: ParamState = { scalars: entry.scalars, buffers: {} };
        for (const [name, data] of Object.entries(entry.buffers)) s.buffers[name] = this.floatsFrom(data);
        this.state.set(p, s);
      }
    };
  }

  /** A new owned block holding a copy of `data`. */
  protected floatsFrom(data: Float32Array): number {
    const ptr = this.allocFloats(data.length, 0);
    kernels.writeFloats({ ptr, size: data.length }, data);
    return ptr;
  }

  /** Frees the state buffers; the optimizer cannot be used afterwards. Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.clearState();
    for (const ptr of [...this.blocks]) this.freeFloats(ptr); // scratch of an interrupted step, too
    finalizer?.unregister(this);
    this.disposed = true;
  }

  protected checkAlive(): void {
    if (this.disposed) throw new Error(`${this.name}: the optimizer was disposed and cannot be used`);
  }
}


/** The options a user gave: an option set to undefined means "the default" (as when left out). */
function given<T extends object>(options: T): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options)) if (v !== undefined) out[k] = v;
  return out as Partial<T>;
}

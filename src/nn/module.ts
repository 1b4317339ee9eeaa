// The Module base class, as torch.nn.Module: a module's structure is what its attributes hold.
// Attributes holding Modules or Parameters (class fields, or assignments in the constructor)
// are registered automatically, in assignment order; registerParameter / registerModule /
// registerBuffer register explicitly. Names are torch's ('0.weight', 'bn.running_mean'), so a
// state dict moves between descent and PyTorch.
import { Tensor, assertAlive, formatShape } from '../tensor.js';
import { isParameter, Parameter } from './parameter.js';
import { checkSource } from './state_values.js';
import { indentTail } from './repr.js';
import { copy, writeFloats } from '../backend/index.js';
import { describe, sameShape } from '../ops/util.js';
import { className } from '../signature.js';
import { clone } from '../ops/shape.js';
import { noGrad } from '../autograd.js';

/** A module's parameters and persistent buffers by name, as copies (stateDict) or values to load. */
export type StateDict = Record<string, Tensor | ArrayLike<number>>;

type Kind = 'parameter' | 'buffer' | 'module';
interface Entry {
  kind: Kind;
  value: Tensor | Module | null;
  persistent: boolean;
  /** Registered by registerParameter / registerModule / registerBuffer (not found as an attribute). */
  explicit?: boolean;
}

/** A handle that removes the hook it was returned for. */
export interface RemovableHandle {
  remove(): void;
}

export type ForwardPreHook = (module: Module, args: unknown[]) => unknown;
export type ForwardHook = (module: Module, args: unknown[], output: unknown) => unknown;

export abstract class Module {
  /** True in training mode (Dropout active); set by train() / eval(). */
  training = true;
  // Registered names in registration order, and what each holds.
  #entries = new Map<string, Entry>();
  #preHooks = new Map<number, ForwardPreHook>();
  #hooks = new Map<number, ForwardHook>();

  /** The computation: maps its arguments (a batch; a loss takes input and target) to the output. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  abstract forward(...args: any[]): any;

  /** Runs the forward pre-hooks, forward and the forward hooks (torch's module(...args)). */
  call(...args: Parameters<this['forward']>): ReturnType<this['forward']> {
    let input: unknown[] = args;
    if (this.#preHooks.size > 0) for (const hook of this.#preHooks.values()) {
      const replaced = hook(this, input);
      if (replaced !== undefined) input = Array.isArray(replaced) ? replaced : [replaced];
    }
    let output = this.forward(...input);
    if (this.#hooks.size > 0) for (const hook of this.#hooks.values()) {
      const replaced = hook(this, input, output);
      if (replaced !== undefined) output = replaced;
    }
    return output;
  }

  /** Whether any forward (pre-)hook is registered (containers fuse only modules without). */
  get hasForwardHooks(): boolean {
    return this.#preHooks.size > 0 || this.#hooks.size > 0;
  }

  /** fn(module, args) runs before each call(); a returned value replaces the arguments. */
  registerForwardPreHook(fn: ForwardPreHook): RemovableHandle {
    return addHook(this.#preHooks, fn, 'registerForwardPreHook');
  }

  /** fn(module, args, output) runs after each call(); a returned value replaces the output. */
  registerForwardHook(fn: ForwardHook): RemovableHandle {
    return addHook(this.#hooks, fn, 'registerForwardHook');
  }

  // ---- registration -------------------------------------------------------------------------

  /**
   * Registers attributes assigned since the last look (class fields are assigned after the
   * base constructor returns, so they are found lazily), in assignment order, and follows
   * reassignments of registered names.
   */
  #discover(): Map<string, Entry> {
    const entries = this.#entries;
    let found = 0; // registered names that are own properties: when all are, none was deleted
    for (const key of Object.keys(this)) {
      const value = (this as unknown as Record<string, unknown>)[key];
      const entry = entries.get(key);
      if (entry !== undefined) {
        if (value !== entry.value) entry.value = this.#checkReassigned(key, entry, value);
      } else if ((value instanceof Module || isParameter(value)) && !holds(entries, value)) {
        entries.set(key, { kind: value instanceof Module ? 'module' : 'parameter', value, persistent: true });
      } else continue;
      found++;
    }
    if (found < entries.size) for (const [key, entry] of entries) {
      if (!Object.prototype.hasOwnProperty.call(this, key) && entry.value !== null) entries.delete(key);
    }
    return entries;
  }

  #checkReassigned(key: string, entry: Entry, value: unknown): Tensor | Module | null {
    if (value === null || value === undefined) return null;
    if (entry.kind === 'module') {
      if (!(value instanceof Module)) throw new TypeError(`${className(this)}: cannot assign ${describe(value)} to the submodule ${key} (a Module or null expected)`);
      return value;
    }
    if (!(value instanceof Tensor)) throw new TypeError(`${className(this)}: cannot assign ${describe(value)} to the ${entry.kind} ${key} (a Tensor or null expected)`);
    if (entry.kind === 'parameter' && !isParameter(value)) {
      throw new TypeError(`${className(this)}: cannot assign a plain Tensor to the parameter ${key} (wrap it in d.nn.Parameter, or assign null)`);
    }
    if (entry.kind === 'buffer') value.kept = true;
    return value;
  }

  #register(kind: Kind, name: unknown, value: Tensor | Module | null, persistent = true): void {
    const op = kind === 'module' ? 'registerModule' : kind === 'buffer' ? 'registerBuffer' : 'registerParameter';
    if (typeof name !== 'string' || name === '' || name.includes('.')) {
      throw new TypeError(`${op}: name must be a non-empty string without '.', got ${describe(name)}`);
    }
    const entries = this.#discover();
    const existing = entries.get(name);
    if (existing !== undefined && existing.kind !== kind) throw new Error(`${op}: '${name}' is already registered as a ${existing.kind}`);
    if (existing === undefined && name in this) {
      const current = (this as unknown as Record<string, unknown>)[name];
      if (current !== undefined && current !== null && current !== value) {
        throw new Error(`${op}: attribute '${name}' already exists on ${className(this)}`);
      }
    }
    entries.set(name, { kind, value, persistent, explicit: true });
    // The attribute reads the registered value, as in torch (reassigning it is followed).
    Object.defineProperty(this, name, { value, writable: true, enumerable: true, configurable: true });
  }

  /** Registers a parameter (made a Parameter: a leaf that requires grad) under `name`; returns it. */
  registerParameter<T extends Tensor | null>(name: string, t: T): T {
    if (t !== null && !(t instanceof Tensor)) throw new TypeError(`registerParameter: ${name} must be a Tensor or null, got ${describe(t)}`);
    const p = t === null ? null : isParameter(t) ? t : Parameter(t);
    this.#register('parameter', name, p);
    return p as T;
  }

  /** Registers a child module under `name` (torch's add_module); returns it. */
  registerModule<M extends Module | null>(name: string, m: M): M {
    if (m !== null && !(m instanceof Module)) throw new TypeError(`${className(this)}: submodule ${name} must be a Module, got ${describe(m)}`);
    this.#register('module', name, m);
    return m;
  }

  /**
   * Registers a buffer: state that is not a parameter (running statistics). Persistent buffers
   * are in stateDict(); all move with the module. Returns the tensor.
   */
  registerBuffer<T extends Tensor | null>(name: string, t: T, opts: { persistent?: boolean } = {}): T {
    if (t !== null && !(t instanceof Tensor)) throw new TypeError(`registerBuffer: ${name} must be a Tensor or null, got ${describe(t)}`);
    const persistent = opts?.persistent ?? true; // keys checked by the declared method (nn/index.ts)
    if (typeof persistent !== 'boolean') throw new TypeError(`registerBuffer: persistent must be a boolean, got ${describe(persistent)}`);
    if (t !== null) t.kept = true;
    this.#register('buffer', name, t, persistent);
    return t;
  }

  #own(kind: Kind): [string, Entry][] {
    return [...this.#discover()].filter(([, e]) => e.kind === kind);
  }

  // ---- the tree -----------------------------------------------------------------------------

  /** Direct children with their names, each module once. */
  namedChildren(): [string, Module][] {
    const out: [string, Module][] = [];
    this.#eachChild((name, m) => out.push([name, m]));
    return out;
  }

  children(): Module[] {
    // Every forward of a container asks: no name pairs, no Set for a handful of children.
    const out: Module[] = [];
    this.#eachChild((_, m) => out.push(m));
    return out;
  }

  /** Visits each direct child once, in registration order (a module registered twice: its first name). */
  #eachChild(visit: (name: string, m: Module) => void): void {
    const seen: Module[] = [];
    let many: Set<Module> | null = null;
    for (const [name, e] of this.#discover()) {
      if (e.kind !== 'module' || e.value === null) continue;
      const m = e.value as Module;
      if (many !== null ? many.has(m) : seen.includes(m)) continue;
      if (many !== null) many.add(m);
      else if (seen.push(m) > 16) many = new Set(seen);
      visit(name, m);
    }
  }

  /** This module and every descendant, itself first, depth first, each once, with dotted names. */
  namedModules(prefix = ''): [string, Module][] {
    const seen = new Set<Module>();
    const out: [string, Module][] = [];
    const stack: [string, Module][] = [[prefix, this]];
    while (stack.length > 0) {
      const [name, m] = stack.pop() as [string, Module];
      if (seen.has(m)) continue;
      seen.add(m);
      out.push([name, m]);
      const kids = m.#own('module').filter(([, e]) => e.value !== null);
      for (let i = kids.length - 1; i >= 0; i--) stack.push([name === '' ? kids[i][0] : `${name}.${kids[i][0]}`, kids[i][1].value as Module]);
    }
    return out;
  }

  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  /** Entries of one kind over the tree, with dotted names; each tensor once unless `all`. */
  #namedTensors(kind: 'parameter' | 'buffer', all: boolean, persistentOnly: boolean): [string, Tensor][] {
    const seen = new Set<Tensor>();
    const out: [string, Tensor][] = [];
    for (const [prefix, m] of this.#namedModulesAll(all)) {
      for (const [name, e] of m.#own(kind)) {
        const t = e.value as Tensor | null;
        if (t === null || (persistentOnly && !e.persistent)) continue;
        if (!all) {
          if (seen.has(t)) continue;
          seen.add(t);
        }
        out.push([prefix === '' ? name : `${prefix}.${name}`, t]);
      }
    }
    return out;
  }

  // Every (name, module) pair, shared modules under each of their names when `all` (state_dict).
  #namedModulesAll(all: boolean): [string, Module][] {
    if (!all) return this.namedModules();
    const out: [string, Module][] = [];
    const stack: [string, Module, Module[]][] = [['', this, []]];
    while (stack.length > 0) {
      const [name, m, ancestors] = stack.pop() as [string, Module, Module[]];
      if (ancestors.includes(m)) continue; // a module that contains itself is walked once
      out.push([name, m]);
      const path = [...ancestors, m];
      const kids = m.#own('module').filter(([, e]) => e.value !== null);
      for (let i = kids.length - 1; i >= 0; i--) stack.push([name === '' ? kids[i][0] : `${name}.${kids[i][0]}`, kids[i][1].value as Module, path]);
    }
    return out;
  }

  /** Every parameter of this module and its descendants, each once (tied weights once), with dotted names. */
  namedParameters(): [string, Tensor][] {
    return this.#namedTensors('parameter', false, false);
  }

  parameters(): Tensor[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /** Every buffer of this module and its descendants, each once, with dotted names. */
  namedBuffers(): [string, Tensor][] {
    return this.#namedTensors('buffer', false, false);
  }

  buffers(): Tensor[] {
    return this.namedBuffers().map(([, b]) => b);
  }

  /** Calls fn on every descendant, children before parents, then on this module; returns this. */
  apply(fn: (m: Module) => void): this {
    if (typeof fn !== 'function') throw new TypeError(`apply: fn must be a function, got ${describe(fn)}`);
    for (const child of this.children()) child.apply(fn);
    fn(this);
    return this;
  }

  /** Sets requiresGrad on every parameter (false freezes them); returns this. */
  requiresGrad_(requiresGrad = true): this {
    if (typeof requiresGrad !== 'boolean') throw new TypeError(`requiresGrad_: requiresGrad must be a boolean, got ${describe(requiresGrad)}`);
    for (const p of this.parameters()) p.requiresGrad = requiresGrad;
    return this;
  }

  /** Sets training mode here and in every descendant. */
  train(mode = true): this {
    if (typeof mode !== 'boolean') throw new TypeError(`train: mode must be a boolean, got ${describe(mode)}`);
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  /** Clears every parameter's gradient. */
  zeroGrad(): void {
    for (const p of this.parameters()) {
      p.grad?.dispose();
      p.grad = null;
    }
  }

  /** Frees every parameter and buffer (and gradients) of this module and its descendants. */
  dispose(): void {
    for (const p of this.parameters()) p.dispose();
    for (const b of this.buffers()) b.dispose();
    for (const m of this.modules()) m.releaseResources();
  }

  /** Frees what a module owns besides parameters and buffers (a Dropout's generator). */
  protected releaseResources(): void {}

  // ---- printing -----------------------------------------------------------------------------

  /** The module's own settings, as torch's extra_repr ('in_features=4, out_features=2, bias=True'). */
  extraRepr(): string {
    return '';
  }

  /** The structure, as torch prints it. */
  toString(): string {
    const extra = this.extraRepr();
    const extraLines = extra === '' ? [] : extra.split('\n');
    const childLines = this.#own('module').map(([name, e]) => `(${name}): ${indentTail(e.value === null ? 'None' : String(e.value), 2)}`);
    const lines = [...extraLines, ...childLines];
    let s = `${className(this)}(`;
    if (lines.length > 0) s += extraLines.length === 1 && childLines.length === 0 ? extraLines[0] : `\n  ${lines.join('\n  ')}\n`;
    return `${s})`;
  }

  // ---- state --------------------------------------------------------------------------------

  /** Parameters and persistent buffers by name, as detached copies (the caller disposes them). */
  stateDict(): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    noGrad(() => {
      for (const [name, t] of this.#stateEntries()) out[name] = clone(t);
    });
    return out;
  }

  // torch's order: each module's parameters, then its persistent buffers, then its children;
  // a tied tensor under every name.
  #stateEntries(): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [prefix, m] of this.#namedModulesAll(true)) {
      for (const kind of ['parameter', 'buffer'] as const) {
        for (const [name, e] of m.#own(kind)) {
          if (e.value === null || !e.persistent) continue;
          out.push([prefix === '' ? name : `${prefix}.${name}`, e.value as Tensor]);
        }
      }
    }
    return out;
  }

  /**
   * Copies values into the parameters and persistent buffers, in place (optimizers keep their
   * references). Every key must match and every shape (or length, for plain arrays) must agree;
   * all is checked before anything is written.
   */
  loadStateDict(dict: StateDict): void {
    if (dict === null || typeof dict !== 'object' || Array.isArray(dict) || dict instanceof Tensor) {
      throw new TypeError(`loadStateDict: dict must be an object of parameter values by name, got ${describe(dict)}`);
    }
    const named = this.#stateEntries();
    const names = new Set(named.map(([n]) => n));
    const unexpected = Object.keys(dict).filter((k) => !names.has(k));
    const missing = named.map(([n]) => n).filter((n) => !(n in dict));
    if (unexpected.length > 0 || missing.length > 0) {
      throw new Error(`loadStateDict: missing keys [${missing.join(', ')}], unexpected keys [${unexpected.join(', ')}]`);
    }
    const sources = named.map(([name, p]) => checkSource(name, p, dict[name]));
    named.forEach(([, p], i) => {
      const src = sources[i];
      if (src instanceof Tensor) copy(src, p);
      else writeFloats(p, src);
    });
  }
}

// An attribute holding what the module registered explicitly under another name is an alias,
// not a second registration (`this.selfAttn = this.registerModule('self_attn', m)` keeps torch's
// name). Two attributes assigned the same module are both registered, as in torch.
function holds(entries: Map<string, Entry>, value: unknown): boolean {
  for (const e of entries.values()) if (e.explicit === true && e.value === value) return true;
  return false;
}

let nextHookId = 0;

function addHook<F>(hooks: Map<number, F>, fn: F, op: string): RemovableHandle {
  if (typeof fn !== 'function') throw new TypeError(`${op}: the hook must be a function, got ${describe(fn)}`);
  const id = nextHookId++;
  hooks.set(id, fn);
  return { remove: () => void hooks.delete(id) };
}

// The Module base class: a tree of modules that own parameters, in registration order (so
// parameters() and stateDict() are deterministic), with torch's naming ('0.weight').
import { Tensor, formatShape, shapeSize } from '../tensor.js';
import { K, heapF32 } from '../engine.js';
import { describe, sameShape } from '../ops/util.js';
import { clone } from '../ops/shape.js';
import { noGrad } from '../autograd.js';

/** A module's parameters by name, as copies (stateDict) or as values to load. */
export type StateDict = Record<string, Tensor | ArrayLike<number>>;

export abstract class Module {
  /** True in training mode (Dropout active); set by train() / eval(). */
  training = true;
  private readonly ownParameters: [string, Tensor][] = [];
  private readonly children: [string, Module][] = [];

  /** The computation: maps its arguments (a batch; a loss takes input and target) to the output. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  abstract forward(...args: any[]): any;

  /** Same as forward (torch's module(...args)). */
  call(...args: Parameters<this['forward']>): ReturnType<this['forward']> {
    return this.forward(...args);
  }

  /** Registers a parameter (a leaf that requires grad) under `name`; returns it. */
  protected registerParameter(name: string, t: Tensor): Tensor {
    t.requiresGrad = true;
    t.kept = true; // parameters outlive every tidy scope
    this.ownParameters.push([name, t]);
    return t;
  }

  /** Registers a child module under `name`; returns it. */
  protected registerModule<M extends Module>(name: string, m: M): M {
    if (!(m instanceof Module)) throw new TypeError(`${this.constructor.name}: submodule ${name} must be a Module, got ${describe(m)}`);
    this.children.push([name, m]);
    return m;
  }

  /** Direct children, in registration order. */
  modules(): Module[] {
    return this.children.map(([, m]) => m);
  }

  /** Every parameter of this module and its descendants, each once, with dotted names. */
  namedParameters(): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    const seen = new Set<Tensor>();
    const stack: [string, Module][] = [['', this]];
    while (stack.length > 0) {
      const [prefix, m] = stack.pop() as [string, Module];
      for (const [name, p] of m.ownParameters) {
        if (seen.has(p)) continue;
        seen.add(p);
        out.push([prefix + name, p]);
      }
      for (let i = m.children.length - 1; i >= 0; i--) {
        const [name, child] = m.children[i];
        stack.push([`${prefix}${name}.`, child]);
      }
    }
    return out;
  }

  parameters(): Tensor[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /** Sets training mode here and in every descendant. */
  train(mode = true): this {
    if (typeof mode !== 'boolean') throw new TypeError(`train: mode must be a boolean, got ${describe(mode)}`);
    const stack: Module[] = [this];
    while (stack.length > 0) {
      const m = stack.pop() as Module;
      m.training = mode;
      for (const [, child] of m.children) stack.push(child);
    }
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

  /** Frees every parameter (and their gradients) of this module and its descendants. */
  dispose(): void {
    for (const p of this.parameters()) p.dispose();
    this.releaseResources();
  }

  /** Frees what a module owns besides parameters (a Dropout's generator); recursive. */
  protected releaseResources(): void {
    for (const m of this.modules()) m.releaseResources();
  }

  /** Copies of the parameters by name (detached; the caller owns and disposes them). */
  stateDict(): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    noGrad(() => {
      for (const [name, p] of this.namedParameters()) out[name] = clone(p);
    });
    return out;
  }

  /**
   * Copies values into the parameters, in place (optimizers keep their references). Every key
   * must match a parameter and every shape (or length, for plain arrays) must agree; all is
   * checked before anything is written.
   */
  loadStateDict(dict: StateDict): void {
    if (dict === null || typeof dict !== 'object') throw new TypeError(`loadStateDict: dict must be an object, got ${describe(dict)}`);
    const named = this.namedParameters();
    const names = new Set(named.map(([n]) => n));
    const unexpected = Object.keys(dict).filter((k) => !names.has(k));
    const missing = named.map(([n]) => n).filter((n) => !(n in dict));
    if (unexpected.length > 0 || missing.length > 0) {
      throw new Error(`loadStateDict: missing keys [${missing.join(', ')}], unexpected keys [${unexpected.join(', ')}]`);
    }
    const sources = named.map(([name, p]) => checkSource(name, p, dict[name]));
    named.forEach(([, p], i) => {
      const src = sources[i];
      if (src instanceof Tensor) K.copyF32(src.ptr, p.ptr, p.size);
      else heapF32().set(src, p.ptr >> 2);
    });
  }
}

function checkSource(name: string, p: Tensor, value: unknown): Tensor | Float32Array {
  if (value instanceof Tensor) {
    value.ptr; // a disposed tensor says so
    if (!sameShape(value.shape, p.shape)) {
      throw new Error(`loadStateDict: ${name} has shape ${formatShape(value.shape)}, the parameter has ${formatShape(p.shape)}`);
    }
    return value;
  }
  const isArrayLike = Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
  if (!isArrayLike) throw new TypeError(`loadStateDict: ${name} must be a Tensor or an array of numbers, got ${describe(value)}`);
  const flat = Float32Array.from((value as number[]).flat ? (value as number[]).flat(Infinity as 1) : (value as ArrayLike<number>));
  if (flat.length !== shapeSize(p.shape)) {
    throw new Error(`loadStateDict: ${name} has ${flat.length} values, the parameter ${formatShape(p.shape)} needs ${p.size}`);
  }
  return flat;
}

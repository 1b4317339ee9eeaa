// The Module base class: a tree of modules that own parameters, in registration order (so
// parameters() and stateDict() are deterministic), with torch's naming ('0.weight').
import { Tensor, assertAlive, decodeJsonFloat, formatShape, shapeSize } from '../tensor.js';
import { copy, writeFloats } from '../backend/index.js';
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
  private readonly ownBuffers: [string, Tensor | null, boolean][] = [];

  /** The computation: maps a batch to the module's output. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a recurrent layer returns [output, state] (as vocab's Module)
  abstract forward(...args: any[]): any;

  /** Same as forward (torch's module(x)). */
  call(x: Tensor): Tensor {
    return this.forward(x);
  }

  /** Registers a parameter (a leaf that requires grad) under `name`; returns it. */
  protected registerParameter(name: string, t: Tensor): Tensor {
    t.requiresGrad = true;
    t.kept = true; // parameters outlive every tidy scope
    this.ownParameters.push([name, t]);
    return t;
  }

  /**
   * Registers a buffer: state that is not a parameter (a batch norm's running statistics),
   * saved in stateDict under its dotted name unless persistent is false.
   */
  registerBuffer(name: string, tensor: Tensor | null, opts: { persistent?: boolean } = {}): Tensor | null {
    if (typeof name !== 'string' || name === '' || name.includes('.')) throw new TypeError(`registerBuffer: name must be a non-empty string without '.', got ${describe(name)}`);
    if (tensor !== null && !(tensor instanceof Tensor)) throw new TypeError(`registerBuffer: ${name} must be a Tensor or null, got ${describe(tensor)}`);
    const { persistent = true, ...rest } = opts ?? {};
    if (Object.keys(rest).length > 0) throw new TypeError(`registerBuffer: unknown option '${Object.keys(rest)[0]}' (accepted: persistent)`);
    if (typeof persistent !== 'boolean') throw new TypeError(`registerBuffer: persistent must be a boolean, got ${describe(persistent)}`);
    if (tensor !== null) tensor.kept = true;
    const at = this.ownBuffers.findIndex(([n]) => n === name);
    if (at >= 0) this.ownBuffers[at] = [name, tensor, persistent];
    else this.ownBuffers.push([name, tensor, persistent]);
    return tensor;
  }

  /** Every buffer (not null) of this module and its descendants, with dotted names. */
  namedBuffers(): [string, Tensor][] {
    return this.namedState().filter(([, , kind]) => kind !== 'parameter').map(([n, t]) => [n, t]);
  }

  buffers(): Tensor[] {
    return this.namedBuffers().map(([, t]) => t);
  }

  /**
   * Parameters and buffers in torch's state_dict order: a module's own parameters, then its
   * own buffers, then each child's, depth first. Tied parameters are listed once.
   */
  private namedState(): [string, Tensor, 'parameter' | 'buffer' | 'transient'][] {
    const out: [string, Tensor, 'parameter' | 'buffer' | 'transient'][] = [];
    const seen = new Set<Tensor>();
    const stack: [string, Module][] = [['', this]];
    while (stack.length > 0) {
      const [prefix, m] = stack.pop() as [string, Module];
      for (const [name, p] of m.ownParameters) {
        if (seen.has(p)) continue;
        seen.add(p);
        out.push([prefix + name, p, 'parameter']);
      }
      for (const [name, b, persistent] of m.ownBuffers) if (b !== null) out.push([prefix + name, b, persistent ? 'buffer' : 'transient']);
      for (let i = m.children.length - 1; i >= 0; i--) {
        const [name, child] = m.children[i];
        stack.push([`${prefix}${name}.`, child]);
      }
    }
    return out;
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
    return this.namedState().filter(([, , kind]) => kind === 'parameter').map(([n, t]) => [n, t]);
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

  /** Frees every parameter (and their gradients) and buffer of this module and its descendants. */
  dispose(): void {
    for (const p of this.parameters()) p.dispose();
    for (const b of this.buffers()) b.dispose();
    this.releaseResources();
  }

  /** Frees what a module owns besides parameters (a Dropout's generator); recursive. */
  protected releaseResources(): void {
    for (const m of this.modules()) m.releaseResources();
  }

  /** Copies of the parameters and persistent buffers by name (detached; the caller owns and disposes them). */
  stateDict(): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    noGrad(() => {
      for (const [name, p, kind] of this.namedState()) if (kind !== 'transient') out[name] = clone(p);
    });
    return out;
  }

  /**
   * Copies values into the parameters, in place (optimizers keep their references). Every key
   * must match a parameter and every shape (or length, for plain arrays) must agree; all is
   * checked before anything is written.
   */
  loadStateDict(dict: StateDict): void {
    if (dict === null || typeof dict !== 'object' || Array.isArray(dict) || dict instanceof Tensor) {
      throw new TypeError(`loadStateDict: dict must be an object of parameter values by name, got ${describe(dict)}`);
    }
    const named = this.namedState().filter(([, , kind]) => kind !== 'transient');
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

/**
 * A parameter's new values: a Tensor of its shape, or nested arrays of exactly its shape (or a
 * flat array of its size), holding numbers or the strings 'NaN', 'Infinity', '-Infinity', '-0'
 * that a tensor's JSON uses. Ragged arrays, holes, other strings, null and BigInt are refused.
 */
function checkSource(name: string, p: Tensor, value: unknown): Tensor | Float32Array {
  const where = `loadStateDict: ${name}`;
  if (value instanceof Tensor) {
    assertAlive(value, 'loadStateDict');
    if (!sameShape(value.shape, p.shape)) {
      throw new Error(`${where} has shape ${formatShape(value.shape)}, the parameter has ${formatShape(p.shape)}`);
    }
    return value;
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    if (typeof BigInt64Array === 'function' && (value instanceof BigInt64Array || value instanceof BigUint64Array)) {
      throw new TypeError(`${where} is a ${value.constructor.name}; convert it to numbers`);
    }
    const flat = Float32Array.from(value as unknown as ArrayLike<number>);
    if (flat.length !== p.size) throw new Error(`${where} has ${flat.length} values, the parameter ${formatShape(p.shape)} needs ${p.size}`);
    return flat;
  }
  if (!Array.isArray(value)) throw new TypeError(`${where} must be a Tensor or an array of numbers, got ${describe(value)}`);
  // A flat array of the parameter's size, or nested arrays of exactly its shape.
  const flatForm = value.length === p.size && !value.some((v) => Array.isArray(v));
  const shape = flatForm || p.ndim === 0 ? [p.size] : p.shape;
  const out = new Float32Array(p.size);
  let at = 0;
  // Iterative walk against the expected shape: every array has exactly the expected length.
  const pending: { array: unknown[]; dim: number; path: string; i: number }[] = [{ array: value, dim: 0, path: '', i: 0 }];
  while (pending.length > 0) {
    const top = pending[pending.length - 1];
    if (top.i === 0 && top.array.length !== shape[top.dim]) {
      throw new Error(`${where}${top.path} has length ${top.array.length}, expected ${shape[top.dim]} (parameter shape ${formatShape(p.shape)})`);
    }
    if (top.i === top.array.length) {
      pending.pop();
      continue;
    }
    const i = top.i++;
    const path = `${top.path}[${i}]`;
    if (!(i in top.array)) throw new TypeError(`${where}${path} is missing (a hole in the array)`);
    const v = top.array[i];
    if (top.dim === shape.length - 1) {
      const x = decodeJsonFloat(v);
      if (x === undefined) throw new TypeError(`${where}${path} must be a number, got ${describe(v)}`);
      out[at++] = x;
    } else {
      if (!Array.isArray(v)) throw new TypeError(`${where}${path} must be an array, got ${describe(v)}`);
      pending.push({ array: v, dim: top.dim + 1, path, i: 0 });
    }
  }
  return out;
}

// The Tensor: a shape over float32 bytes in Wasm memory, plus the autograd link to the op that
// made it, and the tidy/keep scopes that free tensors. The class holds the data and life-cycle
// methods (item, toArray, toFloat32Array, dispose, grad); its op methods (x.add(y),
// x.matmul(y)…) are defined in one place, src/ops/methods.ts, over the ops in src/ops/.
// Shapes' checks live in tensor/shapes.ts, nested arrays and JSON floats in tensor/nested.ts,
// freeing (dispose, the finalizer, shared bytes) in tensor/lifetime.ts.
import { allocFloats, fill, readFloat, readFloats, writeFloats } from './backend/index.js';
import { Storage, deferRegistration, forgetPending, finalizer, liveTensorCount, madeTensor, releaseBytes } from './tensor/lifetime.js';
import { formatShape, frozenShape, sameShape, shapeSize } from './tensor/shapes.js';
import { JsonNested, encodeJsonFloat, nested } from './tensor/nested.js';
import { holdForGraphs, releaseHeld, holdingAny } from './tensor/graph_hold.js';
import { moveVersion } from './tensor/versions.js';
export { releaseHeld, markWalked, isWalked } from './tensor/graph_hold.js';
export { bumpVersion, versionOf, anyChangedInPlace } from './tensor/versions.js';
import { otherCopyOf } from './registry.js';

export { Storage, liveTensorCount };
export { MAX_DIMS, MAX_ELEMENTS, checkShape, formatShape, sameShape, shapeSize } from './tensor/shapes.js';
export { decodeJsonFloat, encodeJsonFloat } from './tensor/nested.js';
export type { JsonFloat, JsonNested } from './tensor/nested.js';

/** A recorded op: the inputs it read and how to turn the output's gradient into theirs. */
export interface GradNode {
  readonly name: string;
  readonly inputs: readonly Tensor[];
  /** Returns one gradient per input (null where the input needs none), shaped like that input. */
  backward(gradOutput: Tensor, output: Tensor): (Tensor | null)[];
  /** The byte versions of the inputs, then of the output, when the op was recorded (absent: all 0). */
  readonly versions?: readonly number[];
  /** Set once a backward() walked the node without retainGraph (tensor/graph_hold.ts). */
  walked?: boolean;
}

export type NestedArray = number | NestedArray[];
export type TensorLike = Tensor | number;

// Tidy scopes: every tensor made while a scope is open is recorded in it.
const scopes: Tensor[][] = [];

let gradEnabled = true;

export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** Runs fn with gradient recording switched on or off, restoring the previous mode. */
export function withGradMode<T>(enabled: boolean, fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = enabled;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}

/** Frees `owned` with `owner` (dispose() or its scope): what a recorded op saved for backward, e.g. a loss's softmax. */
// eslint-disable-next-line prefer-const
export let disposeWith: (owner: Tensor, owned: Tensor) => void;

// Only this module makes tensors: the constructor refuses a call without this key.
const MAKE: unique symbol = Symbol('Tensor');
const DISPOSED = -1;

export class Tensor {
  // Shape, size, pointer and gradient are true private fields behind getters: a user cannot
  // make a tensor claim another size or point at other memory (`t.size = 8` throws).
  #shape: number[];
  #size: number;
  /** The block's byte address (0 for an empty tensor); DISPOSED once freed. */
  #ptr: number;
  /** The Storage counting the tensors that view these bytes; null while this one owns them alone. */
  #shared: Storage | null;
  requiresGrad: boolean;
  #gradient: Tensor | null = null;
  /** The op that produced this tensor, when it was recorded for autograd. */
  node: GradNode | null = null;
  /** Set when this tensor must survive the tidy scope it was made in (a .grad, a keep()). */
  kept = false;
  #registered = false;
  /** The tensor's slot in the queue of tensors waiting for registration (tensor/lifetime.ts), or -1. */
  #pending = -1;
  /** Tensors freed with this one (disposeWith): what a loss's graph saved, e.g. its softmax. */
  #companions: Tensor[] | null = null;

  static {
    disposeWith = (owner, owned) => void (owner.#companions ??= []).push(owned);
  }

  constructor(key: typeof MAKE, ptr: number, size: number, shape: readonly number[], shared: Storage | null) {
    if (key !== MAKE) throw new TypeError('Tensor: not a public constructor; make tensors with d.tensor(data) or the ops');
    this.#ptr = ptr;
    this.#size = size;
    this.#shared = shared;
    // Frozen and shared by every tensor of this shape (tensor/shapes.ts).
    this.#shape = frozenShape(shape) as number[];
    this.requiresGrad = false;
    madeTensor();
    if (finalizer !== null) this.#pending = deferRegistration(this);
    const scope = scopes[scopes.length - 1];
    if (scope !== undefined) scope.push(this);
  }

  /** The dimensions (a frozen array). */
  get shape(): number[] {
    return this.#shape;
  }

  /** The number of elements. */
  get size(): number {
    return this.#size;
  }

  /** Hands a live tensor to the FinalizationRegistry (see tensor/lifetime.ts). */
  registerForFinalization(): void {
    this.#pending = -1;
    if (this.#ptr === DISPOSED || this.#registered) return;
    (finalizer as FinalizationRegistry<number | Storage>).register(this, this.#shared ?? this.#ptr, this);
    this.#registered = true;
  }

  /** A new, uninitialised tensor of the given shape (validated by the caller). */
  static empty(shape: readonly number[]): Tensor {
    const length = shapeSize(shape);
    return new Tensor(MAKE, length > 0 ? allocFloats(length) : 0, length, shape, null);
  }

  /** A new tensor of the given shape (validated by the caller) with every element `value`. */
  static filled(shape: readonly number[], value: number): Tensor {
    const t = Tensor.empty(shape);
    fill(t, value);
    return t;
  }

  /** The gradient accumulated by backward(); assignable (a tensor of this shape, or null). */
  get grad(): Tensor | null {
    return this.#gradient;
  }

  set grad(value: Tensor | null) {
    if (value !== null && !(value instanceof Tensor)) {
      throw new TypeError(`grad: must be a Tensor or null, got ${typeof value}`);
    }
    if (value !== null) {
      assertAlive(value, 'grad');
      if (!sameShape(value.shape, this.shape)) {
        throw new Error(`grad: a gradient of shape ${formatShape(value.shape)} cannot be assigned to a tensor of shape ${formatShape(this.shape)}`);
      }
      value.kept = true; // a .grad outlives the tidy scope it was made in
    }
    this.#gradient = value;
  }

  get ndim(): number {
    return this.shape.length;
  }

  get disposed(): boolean {
    return this.#ptr === DISPOSED;
  }

  /** The byte address of the data in Wasm memory; throws if the tensor was disposed. */
  get ptr(): number {
    if (this.#ptr === DISPOSED) assertAlive(this, 'descent');
    return this.#ptr;
  }

  /** A new tensor of the given shape (same size) over this tensor's bytes (reshape, detach). */
  viewBytes(shape: readonly number[]): Tensor {
    assertAlive(this, 'view');
    let s = this.#shared;
    if (s === null) {
      s = new Storage(this.#ptr, this.#size);
      this.#shared = s;
      moveVersion(this, s);
      // Registered with its pointer as the held value: from now on the finalizer must count down the Storage.
      if (this.#registered) {
        finalizer?.unregister(this);
        this.#registered = false;
        this.registerForFinalization();
      }
    }
    s.refs++;
    return new Tensor(MAKE, this.#ptr, this.#size, shape, s);
  }

  /** Whether another live tensor views these bytes (writing in place would show through it). */
  get sharesBytes(): boolean {
    return this.#shared !== null && this.#shared.refs > 1;
  }

  /** An object that is the same for tensors viewing the same bytes (null once disposed). */
  get bytesIdentity(): object | null {
    if (this.#ptr === DISPOSED) return null;
    return this.#shared ?? this;
  }

  /** Frees this tensor's memory now. Idempotent. */
  dispose(): void {
    if (this.#ptr === DISPOSED) return;
    if (holdingAny()) releaseHeld(this);
    if (this.#pending >= 0) {
      forgetPending(this.#pending);
      this.#pending = -1;
    }
    if (this.#registered) finalizer?.unregister(this);
    releaseBytes(this.#shared ?? this.#ptr);
    this.#ptr = DISPOSED;
    this.#shared = null;
    if (this.#gradient !== null) {
      this.#gradient.dispose();
      this.#gradient = null;
    }
    const companions = this.#companions;
    if (companions !== null) {
      this.#companions = null;
      for (let i = 0; i < companions.length; i++) companions[i].dispose();
    }
  }

  toFloat32Array(): Float32Array {
    return readFloats(this);
  }

  toArray(): NestedArray {
    return nested(this.toFloat32Array(), this.shape) as NestedArray;
  }

  /**
   * JSON.stringify writes a tensor as its nested array (float32 values print and parse back
   * exactly); NaN, ±Infinity and -0, which JSON numbers cannot carry, are written as the strings
   * 'NaN', 'Infinity', '-Infinity' and '-0' (as optimizer state dicts do), which
   * module.loadStateDict reads back.
   */
  toJSON(): JsonNested {
    return nested(Array.from(this.toFloat32Array(), encodeJsonFloat), this.shape) as JsonNested;
  }

  item(): number {
    assertAlive(this, 'item');
    if (this.size !== 1) {
      throw new Error(`item: tensor of shape [${this.shape.join(',')}] has ${this.size} elements, not 1`);
    }
    return readFloat(this);
  }

}

/**
 * Throws, naming `op`, when t was disposed (by dispose(), or by the tidy scope it was made in):
 * the check every op makes before it reads a tensor or changes anything.
 */
export function assertAlive(t: Tensor, op: string): void {
  if (t.disposed) {
    throw new Error(
      `${op}: a tensor of shape ${formatShape(t.shape)} was disposed and cannot be used ` +
        '(a tensor made inside d.tidy is freed when the scope ends unless it is returned, or kept with d.keep)',
    );
  }
}

/** Makes a tensor from already-validated float data. */
export function fromFloat32(data: ArrayLike<number>, shape: readonly number[]): Tensor {
  const t = Tensor.empty(shape);
  if (t.size > 0) writeFloats(t, data);
  return t;
}

/** A tensor that views another's storage with a new shape of the same size. */
export function viewWithShape(source: Tensor, shape: readonly number[]): Tensor {
  return source.viewBytes(shape);
}

/** Gives a freshly made tensor a new shape of the same size, consuming the original. */
export function reshapeOwned(source: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(source.shape, shape)) return source;
  const view = viewWithShape(source, shape);
  source.dispose();
  return view;
}

// ---- tidy and memory accounting -------------------------------------------------------------

/** Marks a tensor to survive the enclosing tidy scopes; returns it. */
export function keep<T extends Tensor>(t: T): T {
  if (!(t instanceof Tensor)) throw new TypeError(`keep: tensor must be a Tensor, got ${otherCopyOf(t) ?? (t === null ? 'null' : typeof t)}`);
  t.kept = true;
  return t;
}

/**
 * Runs fn and frees every tensor made inside it that fn does not return (a tensor, or tensors
 * inside a returned array, plain object, Map or Set, at any depth), nor kept (keep(), gradients in .grad).
 */
export function tidy<T>(fn: () => T): T {
  if (typeof fn !== 'function') throw new TypeError(`tidy: fn must be a function, got ${typeof fn}`);
  scopes.push([]);
  let result: T;
  let made: Tensor[];
  try {
    result = fn();
  } catch (e) {
    made = scopes.pop() as Tensor[];
    disposeUnkept(made);
    throw e;
  }
  made = scopes.pop() as Tensor[];
  let survivors: Tensor[] | Set<Tensor>;
  try {
    if (result !== null && typeof result === 'object' && typeof (result as { then?: unknown }).then === 'function') {
      // The tensors an async fn makes after its first await escape the scope, and the ones made
      // before would be freed while it still runs: refuse, freeing what was made.
      throw new TypeError('tidy: fn returned a Promise; tidy tracks synchronous code only (await outside, tidy inside)');
    }
    survivors = returnedTensors(result);
  } catch (e) {
    // A refused result, or one whose getters throw: nothing made inside survives.
    disposeUnkept(made);
    throw e;
  }
  const held = holdForGraphs(survivors, made);
  const outer = scopes[scopes.length - 1];
  for (let i = 0; i < made.length; i++) {
    const t = made[i];
    if (t.kept) continue;
    if ((Array.isArray(survivors) ? survivors.includes(t) : survivors.has(t)) || held?.has(t)) {
      if (outer !== undefined) outer.push(t);
    } else {
      t.dispose();
    }
  }
  return result;
}

function disposeUnkept(made: Tensor[]): void {
  for (let i = 0; i < made.length; i++) if (!made[i].kept) made[i].dispose();
}

const NONE: Tensor[] = [];

/**
 * The tensors in a returned value (and their gradients): an array when there are a few (the
 * usual case: nothing, one tensor, a pair), a Set when there are many.
 */
function returnedTensors(value: unknown): Tensor[] | Set<Tensor> {
  if (value === null || typeof value !== 'object') return NONE;
  if (value instanceof Tensor) return value.grad === null ? [value] : [value, value.grad];
  const found: Tensor[] = [];
  if (Array.isArray(value) && value.length <= 16) {
    // A short flat list of tensors (a backward rule's gradients) needs no walk.
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (v === null || v === undefined) continue;
      if (!(v instanceof Tensor)) {
        found.length = 0;
        collectTensors(value, found);
        return found.length > 16 ? new Set(found) : found;
      }
      found.push(v);
      if (v.grad !== null) found.push(v.grad);
    }
    return found;
  }
  if (Object.getPrototypeOf(value) === Object.prototype && onlyPrimitives(value as Record<string, unknown>)) return NONE; // fit's { loss, norm }
  collectTensors(value, found);
  return found.length > 16 ? new Set(found) : found;
}

function onlyPrimitives(o: Record<string, unknown>): boolean {
  for (const key in o) {
    const v = o[key];
    if (v !== null && typeof v === 'object') return false;
  }
  return true;
}

// Walks the returned value iteratively (any depth, cycles visited once): tensors in arrays,
// plain objects (also without a prototype), Maps and Sets survive the scope.
function collectTensors(value: unknown, into: Tensor[]): void {
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object' || seen.has(v)) continue;
    seen.add(v);
    if (v instanceof Tensor) {
      into.push(v);
      if (v.grad !== null) into.push(v.grad);
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) stack.push(v[i]);
    } else if (v instanceof Map || v instanceof Set) {
      for (const item of v.values()) stack.push(item);
    } else {
      const proto = Object.getPrototypeOf(v);
      if (proto === Object.prototype || proto === null) for (const k of Object.keys(v)) stack.push((v as Record<string, unknown>)[k]);
    }
  }
}

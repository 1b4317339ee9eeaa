// The Tensor: a shape over float32 storage in Wasm memory, plus the autograd link to the op
// that made it, and the tidy/keep scopes that free tensors. The class holds the data and
// life-cycle methods (item, toArray, toFloat32Array, dispose, grad); its op methods (x.add(y),
// x.matmul(y)…) are defined in one place, src/ops/methods.ts, over the ops in src/ops/.
import { allocFloats, fill, freeBlock, readFloat, readFloats, writeFloats } from './backend/index.js';

/** Storage shared by tensors that view the same bytes (reshape, detach). */
export class Storage {
  refs = 1;
  /** Bumped by every in-place change (torch's version counter), so a graph that saved it can tell. */
  version = 0;
  constructor(
    readonly ptr: number,
    readonly length: number,
  ) {}
}

/** A recorded op: the inputs it read and how to turn the output's gradient into theirs. */
export interface GradNode {
  readonly name: string;
  readonly inputs: readonly Tensor[];
  /** Returns one gradient per input (null where the input needs none), shaped like that input. */
  backward(gradOutput: Tensor, output: Tensor): (Tensor | null)[];
  /** The storage versions of the inputs, then of the output, when the op was recorded. */
  readonly versions?: readonly number[];
}

export type NestedArray = number | NestedArray[];
export type TensorLike = Tensor | number;

// FinalizationRegistry frees storage of tensors the program dropped without dispose(); where
// the runtime lacks it, only dispose()/tidy() free memory.
const finalizer: FinalizationRegistry<Storage> | null =
  typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry<Storage>((s) => {
        release(s);
        liveTensors--;
      })
    : null;

// Registering costs about as much as a whole small op, and most tensors are disposed (by tidy
// or dispose) soon after they are made. So registration is deferred: new tensors wait in
// `unregistered` and are registered in batches, when the list grows long and in a microtask
// after the current synchronous run, skipping those already disposed. Waiting here holds a
// tensor strongly, which only delays its finalisation.
const unregistered: Tensor[] = [];
const REGISTER_BATCH = 1024;
let registrationQueued = false;

function deferRegistration(t: Tensor): void {
  unregistered.push(t);
  if (unregistered.length >= REGISTER_BATCH) {
    registerPending();
  } else if (!registrationQueued && typeof queueMicrotask === 'function') {
    // One microtask per synchronous run (queueMicrotask costs about a microsecond).
    registrationQueued = true;
    queueMicrotask(() => {
      registrationQueued = false;
      registerPending();
    });
  }
}

function registerPending(): void {
  for (let i = 0; i < unregistered.length; i++) unregistered[i].registerForFinalization();
  unregistered.length = 0;
}

function release(storage: Storage): void {
  storage.refs--;
  if (storage.refs === 0) {
    if (storage.length > 0) freeBlock(storage.ptr);
  }
}

// Tidy scopes: every tensor made while a scope is open is recorded in it.
const scopes: Tensor[][] = [];
let liveTensors = 0;

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

export class Tensor {
  // Shape, size, storage and gradient are true private fields behind getters: a user cannot
  // make a tensor claim another size or point at other memory (`t.size = 8` throws).
  #shape: number[];
  #size: number;
  requiresGrad: boolean;
  #gradient: Tensor | null = null;
  /** The op that produced this tensor, when it was recorded for autograd. */
  node: GradNode | null = null;
  #storage: Storage | null;
  /** Set when this tensor must survive the tidy scope it was made in (a .grad, a keep()). */
  kept = false;
  private registered = false;

  constructor(storage: Storage, shape: readonly number[], requiresGrad = false) {
    if (!(storage instanceof Storage)) throw new TypeError('Tensor: not a public constructor; make tensors with d.tensor(data) or the ops');
    this.#storage = storage;
    // A frozen shape (another tensor's) is shared rather than copied.
    this.#shape = (Object.isFrozen(shape) ? shape : Object.freeze(shape.slice())) as number[];
    this.#size = storage.length;
    this.requiresGrad = requiresGrad;
    liveTensors++;
    if (finalizer !== null) deferRegistration(this);
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

  /** Hands a live tensor to the FinalizationRegistry (see deferRegistration). */
  registerForFinalization(): void {
    if (this.#storage === null || this.registered) return;
    (finalizer as FinalizationRegistry<Storage>).register(this, this.#storage, this);
    this.registered = true;
  }

  /** A new, uninitialised tensor of the given shape (validated by the caller). */
  static empty(shape: readonly number[]): Tensor {
    const length = shapeSize(shape);
    const ptr = length > 0 ? allocFloats(length) : 0;
    return new Tensor(new Storage(ptr, length), shape);
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
      if (value.shape.length !== this.shape.length || value.shape.some((d, i) => d !== this.shape[i])) {
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
    return this.#storage === null;
  }

  /** The byte address of the data in Wasm memory; throws if the tensor was disposed. */
  get ptr(): number {
    if (this.#storage === null) assertAlive(this, 'descent');
    return (this.#storage as Storage).ptr;
  }

  /** The storage, for ops that share it (reshape, detach). */
  sharedStorage(): Storage {
    assertAlive(this, 'view');
    const s = this.#storage as Storage;
    s.refs++;
    return s;
  }

  /** The storage object itself (identity only: no reference is taken), null when disposed. */
  get storageRef(): Storage | null {
    return this.#storage;
  }

  /** Frees this tensor's memory now. Idempotent. */
  dispose(): void {
    if (this.#storage === null) return;
    if (holdingResults > 0) releaseHeld(this);
    if (this.registered) finalizer?.unregister(this);
    release(this.#storage);
    this.#storage = null;
    liveTensors--;
    if (this.#gradient !== null) {
      this.#gradient.dispose();
      this.#gradient = null;
    }
  }

  toFloat32Array(): Float32Array {
    return readFloats(this);
  }

  toArray(): NestedArray {
    const flat = this.toFloat32Array();
    if (this.shape.length === 0) return flat[0];
    return nest(flat, this.shape, 0, 0).value as NestedArray;
  }

  /**
   * JSON.stringify writes a tensor as its nested array (float32 values print and parse back
   * exactly); NaN, ±Infinity and -0, which JSON numbers cannot carry, are written as the strings
   * 'NaN', 'Infinity', '-Infinity' and '-0' (as optimizer state dicts do), which
   * module.loadStateDict reads back.
   */
  toJSON(): JsonNested {
    const flat = Array.from(this.toFloat32Array(), encodeJsonFloat);
    if (this.shape.length === 0) return flat[0];
    return nest(flat, this.shape, 0, 0).value as JsonNested;
  }

  item(): number {
    assertAlive(this, 'item');
    if (this.size !== 1) {
      throw new Error(`item: tensor of shape [${this.shape.join(',')}] has ${this.size} elements, not 1`);
    }
    return readFloat(this);
  }
}

export type JsonFloat = number | 'NaN' | 'Infinity' | '-Infinity' | '-0';
export type JsonNested = JsonFloat | JsonNested[];

/** A float as JSON: a number, or a string for the values JSON numbers cannot carry. */
export function encodeJsonFloat(x: number): JsonFloat {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0 && 1 / x < 0) return '-0';
  return x;
}

/** The inverse of encodeJsonFloat; undefined for anything else (strings other than the four included). */
export function decodeJsonFloat(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  if (v === '-0') return -0;
  return undefined;
}

function nest<T>(flat: ArrayLike<T>, shape: readonly number[], dim: number, offset: number): { value: (T | unknown[])[]; next: number } {
  const out: (T | unknown[])[] = [];
  let at = offset;
  for (let i = 0; i < shape[dim]; i++) {
    if (dim === shape.length - 1) {
      out.push(flat[at++]);
    } else {
      const inner = nest(flat, shape, dim + 1, at);
      out.push(inner.value);
      at = inner.next;
    }
  }
  return { value: out, next: at };
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

export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/** The most elements a tensor can hold: 4 GiB of Wasm memory in float32. */
export const MAX_ELEMENTS = 2 ** 30;
/** The most dimensions a tensor can have (deep enough for any use; bounded so nothing recurses without end). */
export const MAX_DIMS = 1024;

/** A short, never-throwing rendering of a user value for messages (BigInt, symbols, cycles). */
function show(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'string') return JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value);
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? `an array of length ${value.length}` : 'an object';
}

function listShape(shape: unknown[]): string {
  const dims = shape.map((x) => show(x)).join(',');
  return `[${dims.length > 80 ? `${dims.slice(0, 80)}…` : dims}]`;
}

/**
 * Checks a user-given shape: an array (no holes) of at most 1024 non-negative safe integers whose
 * product — counting a 0 as 1, so that nested arrays of an empty tensor stay small too — is at
 * most 2^30 elements (what Wasm memory can hold). `what` names the op: 'zeros: shape'.
 */
export function checkShape(shape: unknown, what = 'shape'): number[] {
  if (!Array.isArray(shape)) throw new TypeError(`${what} must be an array of non-negative integers, got ${show(shape)}`);
  if (shape.length > MAX_DIMS) throw new RangeError(`${what} has ${shape.length} dimensions, more than ${MAX_DIMS}`);
  const out = new Array<number>(shape.length);
  let elements = 1;
  for (let i = 0; i < shape.length; i++) {
    const d: unknown = i in shape ? shape[i] : undefined;
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) {
      throw new RangeError(`${what} ${listShape(shape)}: dimension ${show(d)} (at ${i}) is not a non-negative integer`);
    }
    elements *= Math.max(d, 1);
    if (elements > MAX_ELEMENTS) {
      const size = shape.reduce((n: number, x: number) => n * x, 1);
      throw new RangeError(size > 0
        ? `${what} ${listShape(shape)}: cannot allocate ${size * 4} bytes (${size} float32 elements): more than Wasm memory can hold (4 GiB)`
        : `${what} ${listShape(shape)}: more than 2^30 elements even counting its empty dimensions as 1 (a tensor's nested arrays would not fit in memory)`);
    }
    out[i] = d;
  }
  return out;
}

/** Makes a tensor from already-validated float data. */
export function fromFloat32(data: ArrayLike<number>, shape: readonly number[]): Tensor {
  const t = Tensor.empty(shape);
  if (t.size > 0) writeFloats(t, data);
  return t;
}

/** A tensor that views another's storage with a new shape of the same size. */
export function viewWithShape(source: Tensor, shape: readonly number[]): Tensor {
  return new Tensor(source.sharedStorage(), shape);
}

/** Gives a freshly made tensor a new shape of the same size, consuming the original. */
export function reshapeOwned(source: Tensor, shape: readonly number[]): Tensor {
  if (source.shape.length === shape.length && source.shape.every((d, i) => d === shape[i])) return source;
  const view = viewWithShape(source, shape);
  source.dispose();
  return view;
}

// ---- tidy and memory accounting -------------------------------------------------------------

/** Marks a tensor to survive the enclosing tidy scopes; returns it. */
export function keep<T extends Tensor>(t: T): T {
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
    for (const t of made) if (!t.kept) t.dispose();
    throw e;
  }
  made = scopes.pop() as Tensor[];
  const survivors = new Set<Tensor>();
  try {
    if (result !== null && typeof result === 'object' && typeof (result as { then?: unknown }).then === 'function') {
      // The tensors an async fn makes after its first await escape the scope, and the ones made
      // before would be freed while it still runs: refuse, freeing what was made.
      throw new TypeError('tidy: fn returned a Promise; tidy tracks synchronous code only (await outside, tidy inside)');
    }
    collectTensors(result, survivors);
  } catch (e) {
    // A refused result, or one whose getters throw: nothing made inside survives.
    for (const t of made) if (!t.kept) t.dispose();
    throw e;
  }
  const held = holdForGraphs(survivors, made);
  const outer = scopes[scopes.length - 1];
  for (const t of made) {
    if (survivors.has(t) || t.kept || held?.has(t)) {
      if (outer !== undefined && !t.kept) outer.push(t);
    } else {
      t.dispose();
    }
  }
  return result;
}

// ---- tensors a live graph saved -----------------------------------------------------------
// tidy never breaks a graph: when the scope returns a recorded tensor, what the scope made is
// not freed with it but held by that result's graph (TF.js's semantics; in torch the graph's
// references keep its saved tensors). A backward rule may read a node's inputs and whatever it
// captured (a mask, a softmax), so the scope's tensors are held as one bundle, freed when the
// graph is released: by a backward() through it without retainGraph (autograd.ts), or when
// every result holding it is disposed. A held tensor moves to the enclosing scope like a result.
interface Bundle {
  readonly tensors: Tensor[];
  holders: number;
}
const heldBy = new WeakMap<Tensor, Bundle[]>(); // a result -> the bundles it holds
let holdingResults = 0;

function holdForGraphs(survivors: Set<Tensor>, made: Tensor[]): Set<Tensor> | null {
  let roots = 0;
  for (const t of survivors) if (t.node !== null) roots++;
  if (roots === 0) return null;
  const tensors = made.filter((t) => !survivors.has(t) && !t.kept && !t.disposed);
  if (tensors.length === 0) return null;
  const bundle: Bundle = { tensors, holders: roots };
  for (const root of survivors) {
    if (root.node === null) continue;
    const list = heldBy.get(root);
    if (list === undefined) {
      heldBy.set(root, [bundle]);
      holdingResults++;
    } else {
      list.push(bundle);
    }
  }
  return new Set(tensors);
}

/** Lets go of what `root` holds for its graph; a bundle no result holds any more is freed. */
export function releaseHeld(root: Tensor): void {
  const list = heldBy.get(root);
  if (list === undefined) return;
  heldBy.delete(root);
  holdingResults--;
  for (const bundle of list) if (--bundle.holders === 0) for (const t of bundle.tensors) t.dispose();
}

// Walks the returned value iteratively (any depth, cycles visited once): tensors in arrays,
// plain objects (also without a prototype), Maps and Sets survive the scope.
function collectTensors(value: unknown, into: Set<Tensor>): void {
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object' || seen.has(v)) continue;
    seen.add(v);
    if (v instanceof Tensor) {
      into.add(v);
      if (v.grad !== null) into.add(v.grad);
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

export function liveTensorCount(): number {
  return liveTensors;
}

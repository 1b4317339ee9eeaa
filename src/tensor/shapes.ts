// Shapes: checking a user-given shape, its element count, and how messages write one. Pure
// helpers over arrays of numbers (no tensor, no memory), re-exported by src/tensor.ts.

export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/** Whether two shapes are the same (without building strings). */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a === b) return true; // tensors' shapes are shared (frozenShape)
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// Tensors' shapes are frozen arrays. Object.freeze is a slow runtime call (~0.2 µs, as much as a
// whole small op), so the frozen shapes are made once per distinct shape and shared: a trie by
// dimension, each node holding the frozen array of the shape ending there. Arrays made here
// carry a private mark, so a tensor made with another tensor's shape takes it as it is.
const INTERNED: unique symbol = Symbol('descent.shape');
interface ShapeNode {
  shape: readonly number[] | null;
  next: Map<number, ShapeNode> | null;
}
let shapeRoot: ShapeNode = { shape: null, next: null };
let internedCount = 0;
const MAX_INTERNED = 8192; // distinct shapes kept; past it the table starts afresh

// In front of the trie, a direct-mapped cache of the last shape seen per hash slot (most new
// tensors' shapes are fresh arrays equal to a recent one: one array read instead of a Map per dimension).
const RECENT_SLOTS = 256;
let recent: (readonly number[] | undefined)[] = new Array(RECENT_SLOTS).fill(undefined);

function recentSlot(shape: readonly number[]): number {
  let h = shape.length;
  for (let i = 0; i < shape.length; i++) h = (Math.imul(h, 0x9e3779b1) + shape[i]) | 0;
  return (h ^ (h >>> 16)) & (RECENT_SLOTS - 1);
}

/** The frozen, shared array for a shape of non-negative integers (validated by the caller). */
export function frozenShape(shape: readonly number[]): readonly number[] {
  if ((shape as { [INTERNED]?: true })[INTERNED] === true) return shape;
  const slot = recentSlot(shape);
  const seen = recent[slot];
  if (seen !== undefined && sameShape(seen, shape)) return seen;
  const made = internedShape(shape);
  recent[slot] = made;
  return made;
}

function internedShape(shape: readonly number[]): readonly number[] {
  let node = shapeRoot;
  for (let i = 0; i < shape.length; i++) {
    let next = node.next;
    if (next === null) next = node.next = new Map();
    let child = next.get(shape[i]);
    if (child === undefined) {
      child = { shape: null, next: null };
      next.set(shape[i], child);
    }
    node = child;
  }
  if (node.shape !== null) return node.shape;
  if (internedCount >= MAX_INTERNED) {
    shapeRoot = { shape: null, next: null };
    internedCount = 0;
    recent = new Array(RECENT_SLOTS).fill(undefined);
  }
  const made = shape.slice();
  Object.defineProperty(made, INTERNED, { value: true });
  node.shape = Object.freeze(made);
  internedCount++;
  return node.shape;
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

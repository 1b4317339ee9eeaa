// Optimizer state dicts as plain JSON (torch's layout: per-parameter state keyed by parameter
// index, then the param groups): float32 values as numbers, the ones JSON numbers cannot carry
// (-0, NaN, ±Infinity) as strings, so that a dict round-trips bit-exactly.
import { Tensor, formatShape, decodeJsonFloat, encodeJsonFloat } from '../tensor.js';
import { describe } from '../ops/util.js';

/** A JSON value of a state dict: float32 data as numbers; -0, NaN and ±Infinity as strings. */
export type JsonFloat = number | '-0' | 'NaN' | 'Infinity' | '-Infinity';
export interface OptimizerStateDict {
  state: Record<string, Record<string, JsonFloat | JsonFloat[] | unknown>>;
  paramGroups: Record<string, unknown>[];
}

/** The state names an optimizer keeps for one parameter of a group, and their initial values. */
export interface StateLayout {
  scalars: Record<string, number>;
  buffers: Record<string, number>;
}

export function copyJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** A float as JSON: a number, or a string for the values JSON numbers cannot carry. */
export const encodeFloat: (x: number) => JsonFloat = encodeJsonFloat;

export function decodeFloat(v: unknown, where: string): number {
  const x = decodeJsonFloat(v);
  if (x === undefined) throw new TypeError(`${where} must be a number, got ${describe(v)}`);
  return x;
}

/** One parameter's saved state, checked against the layout it must have; nothing is installed. */
export function decodeStateEntry(entry: unknown, p: Tensor, layout: StateLayout, where: string):
  { scalars: Record<string, number>; buffers: Record<string, Float32Array> } {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
    throw new TypeError(`${where} must be an object, got ${describe(entry)}`);
  }
  const want = [...Object.keys(layout.scalars), ...Object.keys(layout.buffers)].sort();
  const have = Object.keys(entry).sort();
  if (want.join() !== have.join()) {
    throw new RangeError(`${where} has keys [${have.join(', ')}], expected [${want.join(', ')}]`);
  }
  checkOwnKeys(entry, want, where);
  const scalars: Record<string, number> = {};
  const buffers: Record<string, Float32Array> = {};
  const record = entry as Record<string, unknown>;
  for (const key of Object.keys(layout.scalars)) scalars[key] = decodeScalar(record[key], key, `${where}.${key}`);
  for (const key of Object.keys(layout.buffers)) {
    const values = record[key];
    if (!Array.isArray(values) || values.length !== p.size) {
      throw new RangeError(`${where}.${key} must be an array of ${p.size} numbers (param shape ${formatShape(p.shape)}), got ${describe(values)}`);
    }
    buffers[key] = decodeFloats(values, `${where}.${key}`);
  }
  return { scalars, buffers };
}

/** Keys a scheduler may have written into a parameter group (torch's initial_lr, max_lr, min_lr, max/base_momentum). */
export const SCHEDULER_GROUP_KEYS = ['initialLr', 'maxLr', 'minLr', 'maxMomentum', 'baseMomentum'];

/** Refuses an object holding a key outside `allowed` (own keys of every kind, `__proto__` included). */
export function checkOwnKeys(value: object, allowed: readonly string[], where: string): void {
  for (const key of Reflect.ownKeys(value)) {
    if (typeof key !== 'string' || !allowed.includes(key)) {
      throw new RangeError(`${where}: unknown key ${typeof key === 'string' ? `'${key}'` : String(key)} (expected ${allowed.join(', ')})`);
    }
  }
}

/**
 * A per-parameter scalar of a state dict: a step count must be a non-negative integer (a step of
 * Infinity, NaN, -1 or 0.5 would hang or poison the update); any other scalar must be finite.
 */
export function decodeScalar(v: unknown, name: string, where: string): number {
  const x = decodeFloat(v, where);
  if (name === 'step') {
    if (!Number.isSafeInteger(x) || x < 0) throw new RangeError(`${where} must be a non-negative integer step count, got ${describe(v)}`);
  } else if (!Number.isFinite(x)) {
    throw new RangeError(`${where} must be finite, got ${describe(v)}`);
  }
  return x;
}

/** A float32 array from a state dict's list: no holes, every element a number or an encoded float. */
export function decodeFloats(values: unknown[], where: string): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    if (!(i in values)) throw new TypeError(`${where}[${i}] is missing (a hole in the array)`);
    out[i] = decodeFloat(values[i], `${where}[${i}]`);
  }
  return out;
}

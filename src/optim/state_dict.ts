// Optimizer state dicts as plain JSON (torch's layout: per-parameter state keyed by parameter
// index, then the param groups): float32 values as numbers, the ones JSON numbers cannot carry
// (-0, NaN, ±Infinity) as strings, so that a dict round-trips bit-exactly.
import { Tensor, formatShape } from '../tensor.js';
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
export function encodeFloat(x: number): JsonFloat {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0 && 1 / x < 0) return '-0';
  return x;
}

export function decodeFloat(v: unknown, where: string): number {
  if (typeof v === 'number') return v;
  switch (v) {
    case 'NaN': return NaN;
    case 'Infinity': return Infinity;
    case '-Infinity': return -Infinity;
    case '-0': return -0;
    default: throw new TypeError(`${where} must be a number, got ${describe(v)}`);
  }
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
  const scalars: Record<string, number> = {};
  const buffers: Record<string, Float32Array> = {};
  const record = entry as Record<string, unknown>;
  for (const key of Object.keys(layout.scalars)) scalars[key] = decodeFloat(record[key], `${where}.${key}`);
  for (const key of Object.keys(layout.buffers)) {
    const values = record[key];
    if (!Array.isArray(values) || values.length !== p.size) {
      throw new RangeError(`${where}.${key} must be an array of ${p.size} numbers (param shape ${formatShape(p.shape)}), got ${describe(values)}`);
    }
    buffers[key] = Float32Array.from(values, (v, i) => decodeFloat(v, `${where}.${key}[${i}]`));
  }
  return { scalars, buffers };
}

// The values loadStateDict accepts for one parameter or buffer, checked against it whole.
import { Tensor, assertAlive, decodeJsonFloat, formatShape } from '../tensor.js';
import { describe, sameShape } from '../ops/util.js';

/**
 * A parameter's new values: a Tensor of its shape, or nested arrays of exactly its shape (or a
 * flat array of its size), holding numbers or the strings 'NaN', 'Infinity', '-Infinity', '-0'
 * that a tensor's JSON uses. Ragged arrays, holes, other strings, null and BigInt are refused.
 */
export function checkSource(name: string, p: Tensor, value: unknown): Tensor | Float32Array {
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

// Class-index targets and class weights, checked and copied into Wasm memory for the kernels.
import { Tensor, formatShape, fromFloat32, shapeSize } from '../../tensor.js';
import { describe, checkTensor } from '../../ops/util.js';

/**
 * Class indices as whole numbers, ignored entries (== ignoreIndex) as -1. Every other value
 * must be a whole number in [0, classes).
 */
export function classIndices(op: string, target: unknown, count: number, classes: number, ignoreIndex: number, batchShape: readonly number[], inputShape: readonly number[]): number[] {
  let values: ArrayLike<number>;
  const unbatched = batchShape.length === 0;
  if (typeof target === 'number' && unbatched) {
    values = [target];
  } else if (target instanceof Tensor) {
    checkTensor(target, op, 'targets');
    if (target.size !== count || target.ndim !== batchShape.length) {
      throw new Error(`${op}: logits ${formatShape(inputShape)} need targets of shape ${formatShape(batchShape)}, got ${formatShape(target.shape)}${oneHotHint(target.size, count, classes)}`);
    }
    values = target.toFloat32Array();
  } else if (target instanceof Int32Array || Array.isArray(target) || (ArrayBuffer.isView(target) && !(target instanceof DataView))) {
    if (unbatched) {
      throw new Error(`${op}: logits ${formatShape(inputShape)} are one unbatched row: the target is one class index (a number or a 0-d tensor), got ${describe(target)}`);
    }
    values = target as ArrayLike<number>;
    if (values.length !== count) {
      throw new Error(`${op}: logits ${formatShape(inputShape)} need ${count} targets, got ${values.length}${oneHotHint(values.length, count, classes)}`);
    }
  } else {
    throw new TypeError(`${op}: targets must be class indices (an Int32Array, number[] or Tensor) or a Tensor of class probabilities, got ${describe(target)}`);
  }
  // A plain array: a fresh Int32Array of more than 16 entries costs an off-heap buffer (~1 µs).
  const out: number[] = [];
  if (values instanceof Int32Array && int32Indices(values, out, classes, ignoreIndex)) return out;
  out.length = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      throw new RangeError(`${op}: targets[${i}] = ${String(v)} is out of range for class indices: not a whole number (probabilities go in a tensor shaped like the logits)`);
    }
    if (v === ignoreIndex) out.push(-1);
    else if (v < 0 || v >= classes) {
      throw new RangeError(`${op}: targets[${i}] = ${v} is out of range for a dimension of size ${classes} (class indices run from 0 to ${classes - 1}; ignoreIndex is ${ignoreIndex})`);
    }
    else out.push(v);
  }
  return out;
}

/** The usual targets, an Int32Array, all in range: one monomorphic pass; false sends an error to the checks above. */
function int32Indices(values: Int32Array, out: number[], classes: number, ignoreIndex: number): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === ignoreIndex) out.push(-1);
    else if (v >= 0 && v < classes) out.push(v);
    else return false;
  }
  return true;
}

function oneHotHint(got: number, count: number, classes: number): string {
  return got === count * classes && classes > 1
    ? ` (it has batch × classes values: for one-hot or probability targets pass a tensor shaped like the input, or pass class indices)`
    : '';
}

/** Class weights: a tensor or array of `classes` numbers, or null. */
export function classWeights(op: string, weight: unknown, classes: number): Float32Array | null {
  if (weight === undefined || weight === null) return null;
  let values: Float32Array;
  if (weight instanceof Tensor) {
    checkTensor(weight, op, 'weight');
    if (weight.requiresGrad) throw new Error(`${op}: a weight that requires grad is not supported (weights are constants here); pass weight.detach()`);
    if (weight.ndim !== 1) throw new Error(`${op}: weight must be 1-D with ${classes} entries, got shape ${formatShape(weight.shape)}`);
    values = weight.toFloat32Array();
  } else if (Array.isArray(weight) || weight instanceof Float32Array) {
    values = Float32Array.from(weight as ArrayLike<number>);
  } else {
    throw new TypeError(`${op}: weight must be a Tensor or an array of numbers, got ${describe(weight)}`);
  }
  if (values.length !== classes) throw new Error(`${op}: weight has ${values.length} entries, the input has ${classes} classes`);
  return values;
}

/** A tensor from a Tensor or (nested) arrays of numbers, and whether the caller owns it. */
export function asTensor(op: string, arg: string, value: unknown): { t: Tensor; owned: boolean } {
  if (value instanceof Tensor) return { t: checkTensor(value, op, arg), owned: false };
  if (Array.isArray(value) || value instanceof Float32Array) {
    const flat = Array.isArray(value) ? (value as unknown[]).flat(Infinity as 1) : Array.from(value);
    const shape: number[] = [];
    let level: unknown = value;
    while (Array.isArray(level) || level instanceof Float32Array) {
      shape.push((level as ArrayLike<unknown>).length);
      level = (level as ArrayLike<unknown>)[0];
    }
    for (const v of flat) if (typeof v !== 'number') throw new TypeError(`${op}: ${arg} must hold numbers, got ${describe(v)}`);
    if (shapeSize(shape) !== flat.length) throw new RangeError(`${op}: ${arg} is a ragged array`);
    return { t: fromFloat32(flat as number[], shape), owned: true };
  }
  throw new TypeError(`${op}: ${arg} must be a Tensor or an array of numbers, got ${describe(value)}`);
}

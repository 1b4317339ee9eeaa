// Axis bookkeeping shared by the reductions, scans, norms and sorts: a tensor reduced along one
// axis is viewed as [outer, len, inner]. Internal to ops (not re-exported by ops/index.ts).
import { Tensor, formatShape } from '../tensor.js';
import { normalizeAxis, describe } from './util.js';

export type Axis = number | number[] | null | undefined;

export function splitAt(shape: readonly number[], axis: number): [number, number, number] {
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i];
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i];
  return [outer, shape[axis], inner];
}

/** The sorted, de-duplicated, non-negative axes a reduction runs over (all when axis is absent). */
export function reductionAxes(x: Tensor, axis: Axis, op: string): number[] {
  if (axis === undefined || axis === null) return x.shape.map((_, i) => i);
  const list = Array.isArray(axis) ? axis : [axis];
  const axes = list.map((a) => normalizeAxis(a, x.ndim, op));
  if (new Set(axes).size !== axes.length) throw new RangeError(`${op}: axis ${JSON.stringify(axis)} repeats a dimension`);
  if (x.ndim === 0) return [];
  return axes.sort((p, q) => p - q);
}

export function reducedShape(shape: readonly number[], axes: number[], keepDim: boolean): number[] {
  const out: number[] = [];
  shape.forEach((d, i) => {
    if (!axes.includes(i)) out.push(d);
    else if (keepDim) out.push(1);
  });
  return out;
}

export function checkKeepDim(keepDim: unknown, op: string): boolean {
  if (keepDim === undefined) return false;
  if (typeof keepDim !== 'boolean') throw new TypeError(`${op}: keepDim must be a boolean, got ${describe(keepDim)}`);
  return keepDim;
}

/** Reshapes a reduced gradient back (keepDim form) and broadcasts it over the input's shape. */
export function expandBack(g: Tensor, input: Tensor, axes: number[]): Tensor {
  const kept = g.reshape(reducedShape(input.shape, axes, true));
  const e = kept.expand(input.shape);
  return e;
}

// The optimizers' fused update kernels: one pass over a parameter, its gradient and its state
// buffers (`Ptr`s of p.size floats owned by the optimizer). Hyperparameters travel as a float32
// table in scratch space (rounded to float32 there, as torch casts them). The maths of each
// update is written above its kernel in assembly/optim/.
import { K } from './instance.js';
import { heapF32, scratch } from './memory.js';
import type { Block, Ptr } from './data.js';
import { elementBands, pooledElements, runJob, type JobKernel } from './threads.js';

/**
 * Runs an update kernel, split into bands of about 64K elements across the thread pool when it is large:
 * args are (mode?, pointers…, n, hyper); `pointers` lists the indices of the pointer arguments.
 */
function update(kernel: JobKernel, args: number[], pointers: number[], countAt: number): void {
  const n = args[countAt];
  if (pooledElements(n, 'update')) runJob({ kernel, args, total: n, bands: elementBands(n), kind: 'elements', at: countAt, pointers });
  else (K as unknown as Record<string, (...a: number[]) => void>)[kernel](...args);
}

function table(values: readonly number[]): Ptr {
  const ptr = scratch(values.length * 4);
  const view = heapF32();
  const at = ptr >>> 2;
  // An element loop: TypedArray.set from a plain array takes a slow generic path.
  for (let i = 0; i < values.length; i++) view[at + i] = values[i];
  return ptr;
}

export function sgdUpdate(mode: number, p: Block, g: Block, buf: Ptr, hyper: readonly number[]): void {
  update('sgdUpdate', [mode, p.ptr, g.ptr, buf, p.size, table(hyper)], [1, 2, 3], 4);
}

export function adamUpdate(mode: number, p: Block, g: Block, m: Ptr, v: Ptr, vmax: Ptr, hyper: readonly number[]): void {
  // The small-model case calls the kernel directly (no argument array and spread call per parameter).
  if (!pooledElements(p.size, 'update')) K.adamUpdate(mode, p.ptr, g.ptr, m, v, vmax, p.size, table(hyper));
  else update('adamUpdate', [mode, p.ptr, g.ptr, m, v, vmax, p.size, table(hyper)], [1, 2, 3, 4, 5], 6);
}

export function adagradUpdate(mode: number, p: Block, g: Block, sum: Ptr, hyper: readonly number[]): void {
  update('adagradUpdate', [mode, p.ptr, g.ptr, sum, p.size, table(hyper)], [1, 2, 3], 4);
}

export function rmspropUpdate(mode: number, p: Block, g: Block, sq: Ptr, avg: Ptr, buf: Ptr, hyper: readonly number[]): void {
  update('rmspropUpdate', [mode, p.ptr, g.ptr, sq, avg, buf, p.size, table(hyper)], [1, 2, 3, 4, 5], 6);
}

export function adadeltaUpdate(mode: number, p: Block, g: Block, sq: Ptr, acc: Ptr, hyper: readonly number[]): void {
  update('adadeltaUpdate', [mode, p.ptr, g.ptr, sq, acc, p.size, table(hyper)], [1, 2, 3, 4], 5);
}

export function adamaxUpdate(mode: number, p: Block, g: Block, m: Ptr, u: Ptr, hyper: readonly number[]): void {
  update('adamaxUpdate', [mode, p.ptr, g.ptr, m, u, p.size, table(hyper)], [1, 2, 3, 4], 5);
}

export function nadamUpdate(mode: number, p: Block, g: Block, m: Ptr, v: Ptr, hyper: readonly number[]): void {
  update('nadamUpdate', [mode, p.ptr, g.ptr, m, v, p.size, table(hyper)], [1, 2, 3, 4], 5);
}

export function radamUpdate(mode: number, p: Block, g: Block, m: Ptr, v: Ptr, hyper: readonly number[]): void {
  update('radamUpdate', [mode, p.ptr, g.ptr, m, v, p.size, table(hyper)], [1, 2, 3, 4], 5);
}

export function lionUpdate(p: Block, g: Block, m: Ptr, hyper: readonly number[]): void {
  update('lionUpdate', [p.ptr, g.ptr, m, p.size, table(hyper)], [0, 1, 2], 3);
}

export function rpropUpdate(p: Block, g: Block, prev: Ptr, step: Ptr, hyper: readonly number[]): void {
  update('rpropUpdate', [p.ptr, g.ptr, prev, step, p.size, table(hyper)], [0, 1, 2, 3], 4);
}

export function asgdUpdate(mode: number, p: Block, g: Block, ax: Ptr, hyper: readonly number[]): void {
  update('asgdUpdate', [mode, p.ptr, g.ptr, ax, p.size, table(hyper)], [1, 2, 3], 4);
}

// The optimizers' fused update kernels: one pass over a parameter, its gradient and its state
// buffers (`Ptr`s of p.size floats owned by the optimizer). Hyperparameters travel as a float32
// table in scratch space (rounded to float32 there, as torch casts them). The maths of each
// update is written above its kernel in assembly/optim/.
import { K } from './instance.js';
import { heapF32, scratch } from './memory.js';
import type { Block, Ptr } from './data.js';

function table(values: readonly number[]): Ptr {
  const ptr = scratch(values.length * 4);
  heapF32().set(values, ptr >> 2);
  return ptr;
}

export function sgdUpdate(mode: number, p: Block, g: Block, buf: Ptr, hyper: readonly number[]): void {
  K.sgdUpdate(mode, p.ptr, g.ptr, buf, p.size, table(hyper));
}

export function adamUpdate(mode: number, p: Block, g: Block, m: Ptr, v: Ptr, vmax: Ptr, hyper: readonly number[]): void {
  K.adamUpdate(mode, p.ptr, g.ptr, m, v, vmax, p.size, table(hyper));
}

export function adagradUpdate(mode: number, p: Block, g: Block, sum: Ptr, hyper: readonly number[]): void {
  K.adagradUpdate(mode, p.ptr, g.ptr, sum, p.size, table(hyper));
}

export function rmspropUpdate(mode: number, p: Block, g: Block, sq: Ptr, avg: Ptr, buf: Ptr, hyper: readonly number[]): void {
  K.rmspropUpdate(mode, p.ptr, g.ptr, sq, avg, buf, p.size, table(hyper));
}

export function adadeltaUpdate(mode: number, p: Block, g: Block, sq: Ptr, acc: Ptr, hyper: readonly number[]): void {
  K.adadeltaUpdate(mode, p.ptr, g.ptr, sq, acc, p.size, table(hyper));
}

export function adamaxUpdate(mode: number, p: Block, g: Block, m: Ptr, u: Ptr, hyper: readonly number[]): void {
  K.adamaxUpdate(mode, p.ptr, g.ptr, m, u, p.size, table(hyper));
}

export function nadamUpdate(mode: number, p: Block, g: Block, m: Ptr, v: Ptr, hyper: readonly number[]): void {
  K.nadamUpdate(mode, p.ptr, g.ptr, m, v, p.size, table(hyper));
}

export function radamUpdate(mode: number, p: Block, g: Block, m: Ptr, v: Ptr, hyper: readonly number[]): void {
  K.radamUpdate(mode, p.ptr, g.ptr, m, v, p.size, table(hyper));
}

export function lionUpdate(p: Block, g: Block, m: Ptr, hyper: readonly number[]): void {
  K.lionUpdate(p.ptr, g.ptr, m, p.size, table(hyper));
}

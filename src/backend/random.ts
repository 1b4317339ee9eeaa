// The xoshiro128** generator's kernels: its 16-byte state is a block the engine owns.
import { K } from './instance.js';
import { alloc, free, heapI32, viewI32 } from './memory.js';
import type { Block, Ptr } from './data.js';

export function randomSeed(state: Ptr, seed: number): void {
  K.randomSeed(state, seed);
}

/** Fills out[0..count) (all of out by default) with uniform values in [low, high). */
export function randomUniform(state: Ptr, out: Block, low: number, high: number, count = out.size): void {
  K.randomUniform(state, out.ptr, count, low, high);
}

/** Fills out[0..count) with normal values. */
export function randomNormal(state: Ptr, out: Block, mean: number, std: number, count = out.size): void {
  K.randomNormal(state, out.ptr, count, mean, std);
}

/** One uniformly random unsigned 32-bit integer. */
export function randomWord(state: Ptr): number {
  const out = scratchWord();
  K.randomU32(state, out, 1);
  return heapI32()[out >>> 2] >>> 0;
}

/** `count` raw 32-bit draws from one kernel call. */
export function randomU32(state: Ptr, count: number): Uint32Array {
  const ptr = alloc(4 * count, true);
  K.randomU32(state, ptr, count);
  const words = new Uint32Array(viewI32(ptr, count));
  free(ptr);
  return words;
}

let word = 0;
function scratchWord(): Ptr {
  if (word === 0) word = alloc(16, true);
  return word;
}

// Moving data in and out of kernel memory, and the engine-owned blocks behind tensors and
// optimizer state. A `Block` is anything naming float32 data there: a Tensor (its `ptr` getter
// refuses a disposed tensor) or a `{ ptr, size }` handle the caller owns.
import type { Ptr } from '../generated/kernels-api.js';
import { K } from './instance.js';
import { alloc, free, heapF32, heapI32, viewF32, viewI32, writeI32Table } from './memory.js';

export type { Ptr };

/** Float32 data in kernel memory: `size` floats from byte address `ptr`. */
export interface Block {
  readonly ptr: Ptr;
  readonly size: number;
}

/** A new block for `n` floats (uninitialised), counted in d.memory(). */
export function allocFloats(n: number): Ptr {
  return alloc(n * 4);
}

/** A block the engine keeps for itself (generator state), left out of d.memory(). */
export function allocInternal(bytes: number): Ptr {
  return alloc(bytes, true);
}

/** Returns a block from allocFloats or allocInternal. */
export function freeBlock(ptr: Ptr): void {
  free(ptr);
}

/** A copy of a block's floats. */
export function readFloats(b: Block): Float32Array {
  return viewF32(b.ptr, b.size).slice();
}

/** Element `index` of a block. */
export function readFloat(b: Block, index = 0): number {
  return heapF32()[(b.ptr >>> 2) + index];
}

/** Writes `data` into a block from element `offset` on. */
export function writeFloats(b: Block, data: ArrayLike<number>, offset = 0): void {
  heapF32().set(data, (b.ptr >>> 2) + offset);
}

export function writeFloat(b: Block, value: number, index = 0): void {
  heapF32()[(b.ptr >>> 2) + index] = value;
}

/** Reads `count` int32 words at `ptr` (generator state). */
export function readWords(ptr: Ptr, count: number): Int32Array {
  return viewI32(ptr, count).slice();
}

export function writeWords(ptr: Ptr, words: ArrayLike<number>): void {
  heapI32().set(words, ptr >>> 2);
}

/** b[i] = value for every element. */
export function fill(b: Block, value: number): void {
  if (b.size > 0) K.fillF32(b.ptr, value, b.size);
}

/** dst[i] = src[i] for dst.size elements. */
export function copy(src: Block, dst: Block): void {
  if (dst.size > 0) K.copyF32(src.ptr, dst.ptr, dst.size);
}

/** Copies `n` floats from src[srcOffset..] to dst[dstOffset..] (offsets in elements). */
export function copyRange(src: Block, srcOffset: number, dst: Block, dstOffset: number, n: number): void {
  if (n > 0) K.copyF32(src.ptr + 4 * srcOffset, dst.ptr + 4 * dstOffset, n);
}

/** dst[dstOffset + i] += src[srcOffset + i] for n elements (offsets in elements). */
export function addRange(src: Block, srcOffset: number, dst: Block, dstOffset: number, n: number): void {
  if (n > 0) K.addInPlace(dst.ptr + 4 * dstOffset, src.ptr + 4 * srcOffset, n);
}

/**
 * dst = src read from element `srcOffset` with element `strides` over `shape` (0 broadcasts):
 * transpose, permute, expand and slicing in one kernel.
 */
export function stridedCopy(src: Block, srcOffset: number, dst: Block, shape: readonly number[], strides: readonly number[]): void {
  const n = shape.length;
  const table = writeI32Table([...shape, ...strides]);
  K.stridedCopy(src.ptr + 4 * srcOffset, dst.ptr, n, table, table + 4 * n);
}

/** dst row i = src row indices[i], rows of `width` floats (one kernel call per batch). */
export function gatherRows(src: Block, indices: ArrayLike<number>, width: number, dst: Block): void {
  const table = alloc(4 * indices.length);
  heapI32().set(indices, table >>> 2);
  K.gatherRows(src.ptr, table, indices.length, width, dst.ptr);
  free(table);
}

/** dst[i] = src[offsets[i]] (element offsets into src), for offsets.length elements. */
export function takeOffsets(src: Block, offsets: Int32Array, dst: Block): void {
  const heap = heapF32();
  const sb = src.ptr >>> 2;
  const db = dst.ptr >>> 2;
  for (let i = 0; i < offsets.length; i++) heap[db + i] = heap[sb + offsets[i]];
}

/** dst[offsets[i]] += src[i]: the transpose of takeOffsets. */
export function scatterAddOffsets(src: Block, offsets: Int32Array, dst: Block): void {
  const heap = heapF32();
  const sb = src.ptr >>> 2;
  const db = dst.ptr >>> 2;
  for (let i = 0; i < offsets.length; i++) heap[db + offsets[i]] += heap[sb + i];
}

/**
 * Places src's rows of `inner` floats into dst: row r starts at element rowOffsets[r] and its
 * elements are `step` apart (the inverse of a strided slice).
 */
export function placeRows(src: Block, dst: Block, rowOffsets: Int32Array, inner: number, step: number): void {
  const heap = heapF32();
  const sb = src.ptr >>> 2;
  const db = dst.ptr >>> 2;
  for (let r = 0; r < rowOffsets.length; r++) {
    const from = sb + r * inner;
    const to = db + rowOffsets[r];
    if (step === 1) heap.copyWithin(to, from, from + inner);
    else for (let j = 0; j < inner; j++) heap[to + j * step] = heap[from + j];
  }
}

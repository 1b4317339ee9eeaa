// Matrix products. One entry for every variant (MATMUL_AB, MATMUL_ATB, MATMUL_ABT), single or
// batched: a thread pool splits the rows of `out` (or the batch) here.
import { MATMUL_AB, MATMUL_ATB } from '../generated/opcodes.js';
import { K } from './instance.js';
import { scratch } from './memory.js';
import type { Block } from './data.js';

export interface MatmulDims {
  m: number;
  k: number;
  n: number;
  /** 1 for a single product. */
  batch: number;
  /** Elements between consecutive matrices of a and b in a batch (0 broadcasts). */
  aStride: number;
  bStride: number;
}

/** out = op(a)·op(b) for the variant `mode`; k = 0 gives zeros. */
export function matmul(mode: number, a: Block, b: Block, out: Block, d: MatmulDims, batched: boolean): void {
  if (out.size === 0) return;
  if (d.k === 0) {
    K.fillF32(out.ptr, 0, out.size);
    return;
  }
  const work = scratch(K.matmulScratchBytes(d.m, d.k, d.n) + 16);
  if (!batched) {
    const kernel = mode === MATMUL_AB ? K.matmul : mode === MATMUL_ATB ? K.matmulTransposedA : K.matmulTransposedB;
    kernel(a.ptr, b.ptr, out.ptr, d.m, d.k, d.n, work);
  } else {
    K.matmulBatched(a.ptr, b.ptr, out.ptr, d.batch, d.m, d.k, d.n, d.aStride, d.bStride, mode, work);
  }
}

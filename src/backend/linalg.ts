// Matrix products. One entry for every variant (MATMUL_AB, MATMUL_ATB, MATMUL_ABT), single or
// batched: a thread pool splits the rows of `out` (or the batch) here.
import { MATMUL_AB, MATMUL_ABT, MATMUL_ATB } from '../generated/opcodes.js';
import { pooled, runJob } from './threads.js';
import { K } from './instance.js';
import { scratch } from './memory.js';
import type { Block } from './data.js';

const MR = 5; // the micro-tile's rows (assembly/matmul.ts)
const NR = 8; // the micro-tile's columns
/** Below this much work (~100 µs on one thread) a product stays on the caller's thread: a hand-off costs ~20 µs. */
const POOL_MIN_FLOPS = 1 << 22;
/**
 * A pooled product's row bands share one packing of B (packed by bands of columns first, then
 * read by every row band) when the packed B takes from 64 KB (below, packing it is a few µs, or
 * B is read in place) to 8 MB (the shared scratch it needs is kept; above, each band packs its
 * own KC×NC blocks as one thread does, ~1/m of the work).
 */
const SHARED_B_BYTES = { min: 64 << 10, max: 8 << 20 } as const;

/** B packed whole for the row bands of a pooled product (a job of its own, by bands of NR-wide panels), or 0 to let each band pack. */
function sharedPackedB(b: Block, transposed: boolean, k: number, n: number): number {
  const bytes = K.matmulPackedBBytes(k, n);
  if (bytes < SHARED_B_BYTES.min || bytes > SHARED_B_BYTES.max) return 0;
  const packed = scratch(bytes);
  runJob({ kernel: 'matmulPackB', args: [b.ptr, transposed ? 1 : 0, k, n, 0, 0, packed], total: n, bands: 4, unit: NR, kind: 'range', at: 4 });
  return packed;
}

/** Row bands of a product with m rows: 4, or one per micro-tile when there are fewer. */
function rowBands(m: number): number {
  return Math.min(4, Math.ceil(m / MR));
}

/**
 * Row bands over a shared packed B: 4 per 256 rows up to 16 (a multiple of 4, so 2 and 4
 * threads get equal shares). A band then only packs its rows of A, so finer bands cost next to
 * nothing (CPU time of the 512² product on one thread as 1, 4, 8, 16 bands: 7.39, 7.42, 7.40,
 * 7.42 ms) and they bound what a late or descheduled thread adds at the end of a job (a band).
 */
function sharedRowBands(m: number): number {
  return 4 * Math.min(4, Math.max(1, Math.floor(m / 256)));
}

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
  const scratchBytes = K.matmulScratchBytes(d.m, d.k, d.n) + 16;
  const flops = 2 * d.m * d.k * d.n * (batched ? d.batch : 1);
  if (flops >= POOL_MIN_FLOPS) {
    // Bands that depend only on the shapes: even shares of the rows (in micro-tiles of 5 rows)
    // over one shared packing of B, or else a quarter of the rows each packing its own B; or
    // bands of the batch's items.
    if (!batched) {
      const bands = rowBands(d.m);
      if (pooled(bands)) {
        const packed = sharedPackedB(b, mode === MATMUL_ABT, d.k, d.n);
        if (packed !== 0) {
          const args = [a.ptr, mode === MATMUL_ATB ? 1 : 0, packed, out.ptr, d.m, d.k, d.n, 0, 0, 0];
          runJob({ kernel: 'matmulRowsPackedB', args, total: d.m, bands: sharedRowBands(d.m), unit: MR, kind: 'range', at: 7, scratch: { at: 9, bytes: scratchBytes } });
          return;
        }
        const kernel = mode === MATMUL_AB ? 'matmulRowsAB' : mode === MATMUL_ATB ? 'matmulRowsATB' : 'matmulRowsABT';
        runJob({ kernel, args: [a.ptr, b.ptr, out.ptr, d.m, d.k, d.n, 0, 0, 0], total: d.m, bands, unit: MR, kind: 'range', at: 6, scratch: { at: 8, bytes: scratchBytes } });
        return;
      }
    } else if (batched && pooled(Math.min(d.batch, 8))) {
      runJob({
        kernel: 'matmulBatchedItems', args: [a.ptr, b.ptr, out.ptr, d.batch, d.m, d.k, d.n, d.aStride, d.bStride, mode, 0, 0, 0],
        total: d.batch, bandSize: Math.ceil(d.batch / 8), kind: 'range', at: 10, scratch: { at: 12, bytes: scratchBytes },
      });
      return;
    }
  }
  const work = scratch(scratchBytes);
  if (!batched) {
    // One call site per kernel: a site that calls several Wasm exports (a kernel picked into a
    // variable) cannot be specialised, and each call then goes through V8's generic wrapper.
    if (mode === MATMUL_AB) K.matmul(a.ptr, b.ptr, out.ptr, d.m, d.k, d.n, work);
    else if (mode === MATMUL_ATB) K.matmulTransposedA(a.ptr, b.ptr, out.ptr, d.m, d.k, d.n, work);
    else K.matmulTransposedB(a.ptr, b.ptr, out.ptr, d.m, d.k, d.n, work);
  } else {
    K.matmulBatched(a.ptr, b.ptr, out.ptr, d.batch, d.m, d.k, d.n, d.aStride, d.bStride, mode, work);
  }
}

/**
 * out[m,n] = x[m,k]·w[n,k]ᵀ + b, then ReLU when `relu` (the fused linear layer); b null: no
 * bias. Split into row bands across the pool like a product.
 */
export function linear(x: Block, w: Block, b: Block | null, out: Block, m: number, k: number, n: number, relu: boolean): void {
  if (out.size === 0) return;
  const bias = b === null ? 0 : b.ptr;
  const scratchBytes = K.linearScratchBytes(m, k, n) + 16;
  const kernel = relu ? 'linearReluRows' : 'linearRows';
  if (2 * m * k * n >= POOL_MIN_FLOPS && pooled(rowBands(m))) {
    const packed = sharedPackedB(w, true, k, n);
    if (packed !== 0) {
      const args = [x.ptr, packed, bias, out.ptr, m, k, n, 0, 0, 0, relu ? 1 : 0];
      runJob({ kernel: 'linearRowsPackedW', args, total: m, bands: sharedRowBands(m), unit: MR, kind: 'range', at: 7, scratch: { at: 9, bytes: scratchBytes } });
      return;
    }
    runJob({ kernel, args: [x.ptr, w.ptr, bias, out.ptr, m, k, n, 0, 0, 0], total: m, bands: rowBands(m), unit: MR, kind: 'range', at: 7, scratch: { at: 9, bytes: scratchBytes } });
    return;
  }
  const work = scratch(scratchBytes);
  if (relu) K.linearReluRows(x.ptr, w.ptr, bias, out.ptr, m, k, n, 0, m, work); // one call site per kernel (see matmul)
  else K.linearRows(x.ptr, w.ptr, bias, out.ptr, m, k, n, 0, m, work);
}

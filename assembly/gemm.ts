// The pieces of the blocked matrix product (the GotoBLAS/BLIS scheme described in matmul.ts),
// shared by the matmul kernels and the convolution's implicit-im2col product (conv_forward.ts):
// the block sizes, the MR×NR micro-kernel, the packing of A and B panels, the tile loop. Not
// exported from assembly/index.ts: these are building blocks, not kernels.

import { transposeLow, transposeHigh, lowHalves, highHalves } from './transpose';

export const MR = 5; // rows of a micro-tile
export const NR = 8; // columns of a micro-tile (two f32x4)
export const KC = 256; // depth of a packed block: a B micro-panel (KC×NR, 8 KB) stays in L1
export const MC = 120; // rows of a packed A block (MC×KC, 120 KB, in L2)
export const NC = 1024; // columns of a packed B block (KC×NC, 1 MB)

/**
 * Up to this many floats per depth block (32 KB, the L1 cache) a row-major B is read in place
 * rather than packed (matmul.ts's gemm): its rows are n·4 bytes apart, and a larger block would
 * evict itself from L1 between the micro-tiles that reuse it.
 */
export const IN_PLACE_B_MAX_FLOATS: i32 = 8192;

// @ts-ignore: decorator
@inline export function roundUp(x: i32, to: i32): i32 {
  return (x + to - 1) / to * to;
}

// @ts-ignore: decorator
@inline export function minI32(x: i32, y: i32): i32 {
  return x < y ? x : y;
}

/**
 * The micro-kernel: C[MR,NR] (row stride ldc bytes) = (accumulate ? C : 0) + Apanel·Bpanel over
 * kc steps, where Apanel holds MR floats per step and Bpanel NR floats per step. Ten f32x4
 * accumulators, two B vectors and a broadcast fit the 15 xmm registers V8 allocates on x64; a
 * sixth row spills, and unrolling the p loop makes TurboFan schedule loads early and spill too.
 */
export function microKernel(pa: usize, pb: usize, kc: i32, c: usize, ldc: usize, accumulate: bool): void {
  microKernelAt(pa, pb, NR * 4, kc, c, ldc, accumulate, false, 0);
}

/**
 * The micro-kernel over B read in place: the NR floats of step p at pb + p·bStep (a row-major B
 * whose rows are bStep bytes apart, so small products skip packing B). Same sums, same order.
 */
export function microKernelRows(pa: usize, pb: usize, bStep: usize, kc: i32, c: usize, ldc: usize, accumulate: bool): void {
  microKernelAt(pa, pb, bStep, kc, c, ldc, accumulate, false, 0);
}

/**
 * The micro-kernel over A read in place through an offset table: the MR floats of step p are
 * consecutive at pa + table[p] (i32 byte offsets, may be negative) — a convolution's panel of MR
 * positions read straight from the image (conv_forward.ts), never packed. Same sums, same order.
 */
export function microKernelGather(pa: usize, table: usize, pb: usize, kc: i32, c: usize, ldc: usize, accumulate: bool): void {
  microKernelAt(pa, pb, NR * 4, kc, c, ldc, accumulate, true, table);
}

// @ts-ignore: decorator
@inline function microKernelAt(pa: usize, pb: usize, bStep: usize, kc: i32, c: usize, ldc: usize, accumulate: bool,
  gather: bool, table: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let c40 = f32x4.splat(0), c41 = f32x4.splat(0);
  const c1 = c + ldc;
  const c2 = c1 + ldc;
  const c3 = c2 + ldc;
  const c4 = c3 + ldc;
  if (accumulate) {
    c00 = v128.load(c); c01 = v128.load(c, 16);
    c10 = v128.load(c1); c11 = v128.load(c1, 16);
    c20 = v128.load(c2); c21 = v128.load(c2, 16);
    c30 = v128.load(c3); c31 = v128.load(c3, 16);
    c40 = v128.load(c4); c41 = v128.load(c4, 16);
  }
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    const at = gather ? pa + <usize>load<i32>(table) : pa;
    let a = v128.load32_splat(at);
    c00 = f32x4.add(c00, f32x4.mul(a, b0));
    c01 = f32x4.add(c01, f32x4.mul(a, b1));
    a = v128.load32_splat(at, 4);
    c10 = f32x4.add(c10, f32x4.mul(a, b0));
    c11 = f32x4.add(c11, f32x4.mul(a, b1));
    a = v128.load32_splat(at, 8);
    c20 = f32x4.add(c20, f32x4.mul(a, b0));
    c21 = f32x4.add(c21, f32x4.mul(a, b1));
    a = v128.load32_splat(at, 12);
    c30 = f32x4.add(c30, f32x4.mul(a, b0));
    c31 = f32x4.add(c31, f32x4.mul(a, b1));
    a = v128.load32_splat(at, 16);
    c40 = f32x4.add(c40, f32x4.mul(a, b0));
    c41 = f32x4.add(c41, f32x4.mul(a, b1));
    if (gather) table += 4;
    else pa += MR * 4;
    pb += bStep;
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(c1, c10); v128.store(c1, c11, 16);
  v128.store(c2, c20); v128.store(c2, c21, 16);
  v128.store(c3, c30); v128.store(c3, c31, 16);
  v128.store(c4, c40); v128.store(c4, c41, 16);
}

/**
 * Packs rows [0, mc) × columns [0, kc) of a strided matrix (element (i,p) at
 * src + 4·(i·rowStride + p·colStride)) into MR-high panels, zero-padding the last one.
 */
// @ts-ignore: decorator
@inline export function packA(src: usize, rowStride: i32, colStride: i32, mc: i32, kc: i32, dst: usize): void {
  for (let i0 = 0; i0 < mc; i0 += MR) {
    const rows = minI32(MR, mc - i0);
    const panel = dst + (<usize>(i0 * kc) << 2);
    if (rows == MR && rowStride == 1) packARowsContiguous(src + (<usize>i0 << 2), colStride, kc, panel);
    else if (rows == MR && colStride == 1) packARowsStrided(src + (<usize>(i0 * rowStride) << 2), rowStride, kc, panel);
    else if (colStride == 1) packARowsPartial(src + (<usize>(i0 * rowStride) << 2), rowStride, rows, kc, panel);
    else if (rowStride == 1) packAContiguousPartial(src + (<usize>i0 << 2), colStride, rows, kc, panel);
    else packAEdge(src + (<usize>(i0 * rowStride) << 2), rowStride, colStride, rows, kc, panel);
  }
}

/** A full A panel whose MR values per step are contiguous (Aᵀ stored): one v128 and a float. */
function packARowsContiguous(src: usize, colStride: i32, kc: i32, panel: usize): void {
  const step = <usize>colStride << 2;
  for (let p = 0; p < kc; p++) {
    const to = panel + <usize>(p * MR * 4);
    v128.store(to, v128.load(src));
    store<f32>(to, load<f32>(src, 16), 16);
    src += step;
  }
}

/**
 * The last A panel of a block from rows < MR values per step, contiguous (Aᵀ stored): step by
 * step, the missing rows as zeros (same layout as a full panel). Reads only the `rows` values.
 */
function packAContiguousPartial(src: usize, colStride: i32, rows: i32, kc: i32, panel: usize): void {
  const step = <usize>colStride << 2;
  const zero = f32x4.splat(0);
  if (rows == 4) {
    for (let p = 0; p < kc; p++) {
      const to = panel + <usize>(p * MR * 4);
      v128.store(to, v128.load(src));
      store<f32>(to, 0, 16);
      src += step;
    }
    return;
  }
  for (let p = 0; p < kc; p++) {
    const to = panel + <usize>(p * MR * 4);
    v128.store(to, zero);
    store<f32>(to, 0, 16);
    store<f32>(to, load<f32>(src));
    if (rows > 1) store<f32>(to, load<f32>(src, 4), 4);
    if (rows > 2) store<f32>(to, load<f32>(src, 8), 8);
    src += step;
  }
}

/** A full A panel from MR row-major rows: 4×4 transposes of rows 0-3, row 4 lane by lane. */
function packARowsStrided(src: usize, rowStride: i32, kc: i32, panel: usize): void {
  packRows(src, rowStride, MR, kc, panel);
}

/** The last A panel of a block from rows < MR row-major rows, the missing rows as zeros (same layout as a full panel). */
function packARowsPartial(src: usize, rowStride: i32, rows: i32, kc: i32, panel: usize): void {
  packRows(src, rowStride, rows, kc, panel);
}

/**
 * Packs `rows` (1…MR) row-major rows of A into an MR-high panel, the rows past `rows` as zeros
 * (never read: they may lie past A's end). With rows == MR inlined as a constant the row tests fold.
 */
// @ts-ignore: decorator
@inline function packRows(src: usize, rowStride: i32, rows: i32, kc: i32, panel: usize): void {
  const lda = <usize>rowStride << 2;
  const s1 = src + lda;
  const s2 = s1 + lda;
  const s3 = s2 + lda;
  const s4 = s3 + lda;
  const zero = f32x4.splat(0);
  let p = 0;
  for (; p + 4 <= kc; p += 4) {
    const q = <usize>p << 2;
    const r0 = v128.load(src + q);
    let r1 = zero;
    let r2 = zero;
    let r3 = zero;
    let r4 = zero;
    if (rows > 1) r1 = v128.load(s1 + q);
    if (rows > 2) r2 = v128.load(s2 + q);
    if (rows > 3) r3 = v128.load(s3 + q);
    if (rows > 4) r4 = v128.load(s4 + q);
    const t0 = transposeLow(r0, r1);
    const t1 = transposeLow(r2, r3);
    const t2 = transposeHigh(r0, r1);
    const t3 = transposeHigh(r2, r3);
    const to = panel + <usize>(p * MR * 4);
    v128.store(to, lowHalves(t0, t1));
    v128.store32_lane(to, r4, 0, 16);
    v128.store(to, highHalves(t0, t1), 20);
    v128.store32_lane(to, r4, 1, 36);
    v128.store(to, lowHalves(t2, t3), 40);
    v128.store32_lane(to, r4, 2, 56);
    v128.store(to, highHalves(t2, t3), 60);
    v128.store32_lane(to, r4, 3, 76);
  }
  for (; p < kc; p++) {
    const q = <usize>p << 2;
    const to = panel + <usize>(p * MR * 4);
    let v1: f32 = 0;
    let v2: f32 = 0;
    let v3: f32 = 0;
    let v4: f32 = 0;
    if (rows > 1) v1 = load<f32>(s1 + q);
    if (rows > 2) v2 = load<f32>(s2 + q);
    if (rows > 3) v3 = load<f32>(s3 + q);
    if (rows > 4) v4 = load<f32>(s4 + q);
    store<f32>(to, load<f32>(src + q));
    store<f32>(to, v1, 4);
    store<f32>(to, v2, 8);
    store<f32>(to, v3, 12);
    store<f32>(to, v4, 16);
  }
}

/** A partial (or arbitrarily strided) A panel, element by element, zero-padded to MR rows. */
function packAEdge(src: usize, rowStride: i32, colStride: i32, rows: i32, kc: i32, panel: usize): void {
  for (let ii = 0; ii < MR; ii++) {
    const to = panel + (<usize>ii << 2);
    if (ii < rows) {
      const row = src + (<usize>(ii * rowStride) << 2);
      for (let p = 0; p < kc; p++) {
        store<f32>(to + <usize>(p * MR * 4), load<f32>(row + (<usize>(p * colStride) << 2)));
      }
    } else {
      for (let p = 0; p < kc; p++) store<f32>(to + <usize>(p * MR * 4), 0);
    }
  }
}

/**
 * Packs rows [0, kc) × columns [0, nc) of a strided matrix (element (p,j) at
 * src + 4·(p·rowStride + j·colStride)) into NR-wide panels, zero-padding the last one.
 */
// @ts-ignore: decorator
@inline export function packB(src: usize, rowStride: i32, colStride: i32, kc: i32, nc: i32, dst: usize): void {
  for (let j0 = 0; j0 < nc; j0 += NR) {
    const cols = minI32(NR, nc - j0);
    const panel = dst + (<usize>(j0 * kc) << 2);
    if (cols == NR && colStride == 1) packBRowsContiguous(src + (<usize>j0 << 2), rowStride, kc, panel);
    else if (cols == NR && rowStride == 1) packBColumnsContiguous(src + (<usize>(j0 * colStride) << 2), colStride, kc, panel);
    else packBEdge(src + (<usize>(j0 * colStride) << 2), rowStride, colStride, cols, kc, panel);
  }
}

/** A full B panel from a row-major B: two v128 per step. */
function packBRowsContiguous(src: usize, rowStride: i32, kc: i32, panel: usize): void {
  const step = <usize>rowStride << 2;
  for (let p = 0; p < kc; p++) {
    const to = panel + (<usize>(p * NR) << 2);
    v128.store(to, v128.load(src));
    v128.store(to, v128.load(src, 16), 16);
    src += step;
  }
}

/** A full B panel from Bᵀ stored row-major (each column contiguous): 4×4 transposes. */
function packBColumnsContiguous(src: usize, colStride: i32, kc: i32, panel: usize): void {
  const ldb = <usize>colStride << 2;
  let p = 0;
  for (; p + 4 <= kc; p += 4) {
    const to = panel + (<usize>(p * NR) << 2);
    let col = src + (<usize>p << 2);
    for (let half = 0; half < 2; half++) {
      const r0 = v128.load(col);
      const r1 = v128.load(col + ldb);
      const r2 = v128.load(col + 2 * ldb);
      const r3 = v128.load(col + 3 * ldb);
      const t0 = transposeLow(r0, r1);
      const t1 = transposeLow(r2, r3);
      const t2 = transposeHigh(r0, r1);
      const t3 = transposeHigh(r2, r3);
      const at = to + (<usize>half << 4);
      v128.store(at, lowHalves(t0, t1));
      v128.store(at, highHalves(t0, t1), NR * 4);
      v128.store(at, lowHalves(t2, t3), NR * 8);
      v128.store(at, highHalves(t2, t3), NR * 12);
      col += 4 * ldb;
    }
  }
  for (; p < kc; p++) {
    const to = panel + (<usize>(p * NR) << 2);
    const from = src + (<usize>p << 2);
    for (let jj = 0; jj < NR; jj++) store<f32>(to + (<usize>jj << 2), load<f32>(from + <usize>jj * ldb));
  }
}

/** A partial (or arbitrarily strided) B panel, element by element, zero-padded to NR columns. */
function packBEdge(src: usize, rowStride: i32, colStride: i32, cols: i32, kc: i32, panel: usize): void {
  for (let jj = 0; jj < NR; jj++) {
    const to = panel + (<usize>jj << 2);
    if (jj < cols) {
      const col = src + (<usize>(jj * colStride) << 2);
      for (let p = 0; p < kc; p++) {
        store<f32>(to + (<usize>(p * NR) << 2), load<f32>(col + (<usize>(p * rowStride) << 2)));
      }
    } else {
      for (let p = 0; p < kc; p++) store<f32>(to + (<usize>(p * NR) << 2), 0);
    }
  }
}

/** Runs the micro-kernel on a tile with only rows×cols valid, through the tile buffer (B's steps bStep bytes apart). */
export function edgeTile(pa: usize, pb: usize, bStep: usize, kc: i32, c: usize, ldc: usize, accumulate: bool, rows: i32, cols: i32, tile: usize): void {
  if (accumulate) copyTile(c, ldc, tile, NR * 4, rows, cols);
  microKernelRows(pa, pb, bStep, kc, tile, NR * 4, accumulate);
  copyTile(tile, NR * 4, c, ldc, rows, cols);
}

/** Copies rows × cols floats between two tiles (row strides in bytes); whole NR-wide rows as two v128. */
function copyTile(from: usize, fromStride: usize, to: usize, toStride: usize, rows: i32, cols: i32): void {
  for (let i = 0; i < rows; i++) {
    const f = from + <usize>i * fromStride;
    const t = to + <usize>i * toStride;
    if (cols == NR) {
      v128.store(t, v128.load(f));
      v128.store(t, v128.load(f, 16), 16);
    } else {
      for (let j = 0; j < cols; j++) store<f32>(t + (<usize>j << 2), load<f32>(f + (<usize>j << 2)));
    }
  }
}

/**
 * The micro-tiles of one packed block: out[ic.., jc..] (row stride ldc bytes) over mc × nc,
 * from mc/MR packed A panels and nc/NR B panels of depth kc; edge tiles go through the tile
 * buffer. accumulate: add to out (a later depth block) rather than overwrite it. B's panels are
 * packed (panelStep kc·4 bytes per column, bStep NR·4) or read in place from a row-major B
 * (panelStep 4, bStep its row stride in bytes; then nc is a multiple of NR).
 */
// @ts-ignore: decorator
@inline export function tiles(packedA: usize, packedB: usize, panelStep: usize, bStep: usize, c0: usize, ldc: usize,
  mc: i32, nc: i32, kc: i32, accumulate: bool, tile: usize): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = minI32(NR, nc - jr);
    const pb = packedB + <usize>jr * panelStep;
    for (let ir = 0; ir < mc; ir += MR) {
      const rows = minI32(MR, mc - ir);
      const pa = packedA + (<usize>(ir * kc) << 2);
      const c = c0 + <usize>ir * ldc + (<usize>jr << 2);
      if (rows == MR && cols == NR) {
        if (bStep == NR * 4) microKernel(pa, pb, kc, c, ldc, accumulate);
        else microKernelRows(pa, pb, bStep, kc, c, ldc, accumulate);
      } else edgeTile(pa, pb, bStep, kc, c, ldc, accumulate, rows, cols, tile);
    }
  }
}

// The fused linear layer: out = act(x·Wᵀ + b) with torch's layout (x [m,k], W [n,k], b [n]),
// over rows r0…r1-1 of out (a band for the thread pool). The product is matmul.ts's (its fixed
// summation order); the bias add and the ReLU then run over each band's rows while they are in
// cache, each element with the very instruction the separate broadcast add and relu kernels
// give it, so the bits equal those of matmul, add and relu done one by one (NaNs included).
import { matmulRowsABT, matmulRowsPackedB, matmulScratchBytes } from './matmul';
import { MR, NR, roundUp } from './gemm';
import { transposeLow, transposeHigh, lowHalves, highHalves } from './transpose';

// A narrow layer (few outputs n, many rows m: a classifier's last layer) computes its product
// transposed, outᵀ[n, rows] = W·xᵀ, when that takes fewer micro-tiles: n = 10 fills two 5-row
// tiles exactly where the direct product pays a second 8-column tile for 2 columns (64 rows:
// 16 tiles instead of 26, 13 of them edge tiles). Each element is the same sum in the same
// order — w·x instead of x·w per term, the same IEEE product — so the bits are those of the
// direct product. The [n, rows] result goes to scratch past the product's own, then is
// transposed into out.

/** Whether rows×n outputs run as the transposed product: fewer micro-tiles that way. */
// @ts-ignore: decorator
@inline function runsTransposed(rows: i32, n: i32): bool {
  return ((n + MR - 1) / MR) * ((rows + NR - 1) / NR) < ((rows + MR - 1) / MR) * ((n + NR - 1) / NR);
}

/** Bytes of scratch linearRows needs for an [m,k]·[n,k]ᵀ layer (any band of its rows). */
export function linearScratchBytes(m: i32, k: i32, n: i32): i32 {
  const direct = matmulScratchBytes(m, k, n);
  if (!runsTransposed(m, n)) return direct;
  const transposed = roundUp(matmulScratchBytes(n, k, m), 16) + m * n * 4;
  return transposed > direct ? transposed : direct;
}

/** out[rows, n] = tᵀ for t [n, rows]: 4×4 blocks through two shuffles per pair, the last n % 4 columns and rows % 4 rows by element. */
function transposeInto(t: usize, rows: i32, n: i32, out: usize): void {
  const ldt = <usize>rows << 2;
  const ldo = <usize>n << 2;
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const t0 = t + <usize>j * ldt;
    let i = 0;
    for (; i + 4 <= rows; i += 4) {
      const q = <usize>i << 2;
      const a0 = v128.load(t0 + q);
      const a1 = v128.load(t0 + ldt + q);
      const a2 = v128.load(t0 + 2 * ldt + q);
      const a3 = v128.load(t0 + 3 * ldt + q);
      const l01 = transposeLow(a0, a1);
      const l23 = transposeLow(a2, a3);
      const h01 = transposeHigh(a0, a1);
      const h23 = transposeHigh(a2, a3);
      const o = out + <usize>i * ldo + (<usize>j << 2);
      v128.store(o, lowHalves(l01, l23));
      v128.store(o + ldo, highHalves(l01, l23));
      v128.store(o + 2 * ldo, lowHalves(h01, h23));
      v128.store(o + 3 * ldo, highHalves(h01, h23));
    }
    for (; i < rows; i++) {
      for (let jj = j; jj < j + 4; jj++) store<f32>(out + <usize>i * ldo + (<usize>jj << 2), load<f32>(t + <usize>jj * ldt + (<usize>i << 2)));
    }
  }
  for (; j < n; j++) {
    for (let i = 0; i < rows; i++) store<f32>(out + <usize>i * ldo + (<usize>j << 2), load<f32>(t + <usize>j * ldt + (<usize>i << 2)));
  }
}

/** Rows r0…r1-1 of out[m,n] = x[m,k]·W[n,k]ᵀ, directly or as the transposed product. */
// @ts-ignore: decorator
@inline function productRows(x: usize, w: usize, out: usize, m: i32, k: i32, n: i32, r0: i32, r1: i32, scratch: usize): void {
  const rows = r1 - r0;
  if (rows <= 0 || !runsTransposed(rows, n)) {
    matmulRowsABT(x, w, out, m, k, n, r0, r1, scratch);
    return;
  }
  const t = scratch + <usize>roundUp(matmulScratchBytes(n, k, m), 16);
  matmulRowsABT(w, x + (<usize>(r0 * k) << 2), t, n, k, rows, 0, n, scratch);
  transposeInto(t, rows, n, out + (<usize>(r0 * n) << 2));
}

// @ts-ignore: decorator
@inline function biasRows(out: usize, bias: usize, r0: i32, r1: i32, n: i32): void {
  // Row by row, as the broadcast add does it: f32x4 over each row, scalars for its last n % 4.
  for (let r = r0; r < r1; r++) {
    const row = out + (<usize>(r * n) << 2);
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const o = <usize>j << 2;
      v128.store(row + o, f32x4.add(v128.load(row + o), v128.load(bias + o)));
    }
    for (; j < n; j++) {
      const o = <usize>j << 2;
      store<f32>(row + o, load<f32>(row + o) + load<f32>(bias + o));
    }
  }
}

/**
 * ReLU over flat elements [start, end) of a tensor whose first `vectorEnd` elements the relu
 * kernel runs as f32x4 (the rest as scalars): each element gets the instruction the separate
 * relu would give it, so even a NaN keeps its bits (f32x4.max and f32.max differ in the NaN
 * they return on x86).
 */
// @ts-ignore: decorator
@inline function reluFlat(out: usize, start: i32, end: i32, vectorEnd: i32): void {
  const zero = f32x4.splat(0);
  const vend = end < vectorEnd ? end : vectorEnd;
  let f = start;
  for (; f < vend && (f & 3) != 0; f++) {
    const o = out + (<usize>f << 2);
    store<f32>(o, f32x4.extract_lane(f32x4.max(f32x4.splat(load<f32>(o)), zero), 0));
  }
  for (; f + 4 <= vend; f += 4) {
    const o = out + (<usize>f << 2);
    v128.store(o, f32x4.max(v128.load(o), zero));
  }
  for (; f < vend; f++) {
    const o = out + (<usize>f << 2);
    store<f32>(o, f32x4.extract_lane(f32x4.max(f32x4.splat(load<f32>(o)), zero), 0));
  }
  for (; f < end; f++) {
    const o = out + (<usize>f << 2);
    store<f32>(o, max<f32>(load<f32>(o), 0));
  }
}

/**
 * Bias and ReLU in one pass when every row is whole f32x4 vectors (n % 4 = 0): each element
 * then gets the vector add and the vector max the two passes give it, so the bits are theirs.
 */
// @ts-ignore: decorator
@inline function biasReluRows(out: usize, bias: usize, r0: i32, r1: i32, n: i32): void {
  const zero = f32x4.splat(0);
  for (let r = r0; r < r1; r++) {
    const row = out + (<usize>(r * n) << 2);
    for (let j = 0; j < n; j += 4) {
      const o = <usize>j << 2;
      v128.store(row + o, f32x4.max(f32x4.add(v128.load(row + o), v128.load(bias + o)), zero));
    }
  }
}

/** The bias and ReLU of rows r0…r1-1 once their product is in out. */
// @ts-ignore: decorator
@inline function finishRows(b: usize, out: usize, m: i32, n: i32, r0: i32, r1: i32, relu: bool): void {
  if (b != 0 && relu && (n & 3) == 0) {
    biasReluRows(out, b, r0, r1, n);
    return;
  }
  if (b != 0) biasRows(out, b, r0, r1, n);
  if (relu) reluFlat(out, r0 * n, r1 * n, (m * n) & ~3);
}

/** Rows r0…r1-1 of out[m,n] = x[m,k]·W[n,k]ᵀ + b (b = 0: no bias). */
export function linearRows(x: usize, w: usize, b: usize, out: usize, m: i32, k: i32, n: i32, r0: i32, r1: i32, scratch: usize): void {
  productRows(x, w, out, m, k, n, r0, r1, scratch);
  finishRows(b, out, m, n, r0, r1, false);
}

/** Rows r0…r1-1 of out[m,n] = relu(x[m,k]·W[n,k]ᵀ + b) (b = 0: no bias). */
export function linearReluRows(x: usize, w: usize, b: usize, out: usize, m: i32, k: i32, n: i32, r0: i32, r1: i32, scratch: usize): void {
  productRows(x, w, out, m, k, n, r0, r1, scratch);
  finishRows(b, out, m, n, r0, r1, true);
}

/** linearRows (relu: linearReluRows) over W packed whole by matmulPackB (transposed): a pooled layer's bands share it. */
export function linearRowsPackedW(x: usize, packedW: usize, b: usize, out: usize, m: i32, k: i32, n: i32, r0: i32, r1: i32, scratch: usize, relu: i32): void {
  matmulRowsPackedB(x, 0, packedW, out, m, k, n, r0, r1, scratch);
  finishRows(b, out, m, n, r0, r1, relu != 0);
}

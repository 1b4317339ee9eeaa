// Matrix products over row-major float32 matrices: out[m,n] = op(A)·op(B), op = identity or
// transpose. One blocked driver serves all variants; the transposes are absorbed by packing.
//
// Scheme (the GotoBLAS/BLIS loop nest): B is packed, KC rows × NC columns at a time, into
// column panels NR wide (p-major, so a panel row is one v128 pair); A is packed, MC rows × KC
// at a time, into row panels MR high (p-major, MR values per p). A register-blocked MR×NR
// micro-kernel then runs over the packed panels: MR·NR/4 f32x4 accumulators, one pair of B
// loads and MR broadcast loads of A per step of p. Partial panels are zero-padded and their
// tiles computed into a small tile buffer, so edge tiles run the same code as full ones.
//
// Summation order, fixed and independent of blocking: every output element is the plain
// sequential sum ((a₀b₀ + a₁b₁) + a₂b₂) + … over p = 0…k-1, starting from +0, in float32 with
// separate multiply and add (no FMA). All three variants therefore give bit-identical results
// for the same mathematical product, on every runtime.
//
// Signatures are fixed: `out` is overwritten; `scratch` is a 16-byte aligned block of at least
// matmulScratchBytes(m, k, n) bytes.

import { MR, NR, KC, MC, NC, IN_PLACE_B_MAX_FLOATS, roundUp, minI32, packA, packB, tiles } from './gemm';

// Variant codes (assembly/opcodes.ts).
import { MATMUL_AB as AB, MATMUL_ATB as ATB, MATMUL_ABT as ABT } from './opcodes';

/** Bytes of scratch the matmul kernels need for an [m,k]·[k,n] product (any variant). */
export function matmulScratchBytes(m: i32, k: i32, n: i32): i32 {
  const kc = minI32(k, KC);
  const mc = minI32(roundUp(m, MR), MC);
  const nc = minI32(roundUp(n, NR), NC);
  return (mc * kc + kc * nc + MR * NR) * 4;
}

/**
 * The blocked driver over rows r0…r1-1 of out (a band: the thread pool splits the rows; every
 * element's sum is the same whatever the band, so bands change no bits). mode selects where
 * A's and B's elements live; it folds away when inlined. packedAll: 0, or the whole of B
 * already packed by matmulPackB (then b is not read; bands of a pooled product share one
 * packing of B instead of each packing all of it); the sums are the same either way.
 */
// @ts-ignore: decorator
@inline function gemm(mode: i32, a: usize, b: usize, out: usize, m: i32, k: i32, n: i32, r0: i32, r1: i32, scratch: usize, packedAll: usize): void {
  if (r1 <= r0 || n <= 0) return;
  if (k <= 0) {
    memory.fill(out + (<usize>(r0 * n) << 2), 0, <usize>((r1 - r0) * n) << 2);
    return;
  }
  // Element strides: A(i,p) = a[i·aRow + p·aCol], B(p,j) = b[p·bRow + j·bCol].
  const aRow = mode == ATB ? 1 : k;
  const aCol = mode == ATB ? m : 1;
  const bRow = mode == ABT ? 1 : n;
  const bCol = mode == ABT ? k : 1;
  const kcMax = minI32(k, KC);
  const packedA = scratch;
  const packedB = packedA + (<usize>(minI32(roundUp(m, MR), MC) * kcMax) << 2);
  const tile = packedB + (<usize>(kcMax * minI32(roundUp(n, NR), NC)) << 2);
  const ldc = <usize>n << 2;
  // A small row-major B made of whole NR-wide panels is read in place: packing it costs a
  // sizeable share of a small product (~5% at 64²), and it stays in L1 anyway.
  const inPlace = packedAll == 0 && mode != ABT && (n & (NR - 1)) == 0 && n * kcMax <= IN_PLACE_B_MAX_FLOATS;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = minI32(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = minI32(KC, k - pc);
      const accumulate = pc > 0;
      const bBlock = b + (<usize>(pc * bRow + jc * bCol) << 2);
      if (!inPlace && packedAll == 0) packB(bBlock, bRow, bCol, kc, nc, packedB);
      // The packed whole of B: panel j (NR columns, all k steps) at j·NR·k floats; this block's steps from pc.
      const shared = packedAll + (<usize>(jc * k + pc * NR) << 2);
      for (let ic = r0; ic < r1; ic += MC) {
        const mc = minI32(MC, r1 - ic);
        packA(a + (<usize>(ic * aRow + pc * aCol) << 2), aRow, aCol, mc, kc, packedA);
        const c = out + (<usize>(ic * n + jc) << 2);
        if (inPlace) tiles(packedA, bBlock, 4, <usize>bRow << 2, c, ldc, mc, nc, kc, accumulate, tile);
        else if (packedAll != 0) tiles(packedA, shared, <usize>k << 2, NR * 4, c, ldc, mc, nc, kc, accumulate, tile);
        else tiles(packedA, packedB, <usize>kc << 2, NR * 4, c, ldc, mc, nc, kc, accumulate, tile);
      }
    }
  }
}

// One instance of the driver per variant (the kernels below share them; packedAll is a runtime argument).
function gemmAB(a: usize, b: usize, out: usize, m: i32, k: i32, n: i32, r0: i32, r1: i32, scratch: usize, packedAll: usize): void {
  gemm(AB, a, b, out, m, k, n, r0, r1, scratch, packedAll);
}

function gemmATB(a: usize, b: usize, out: usize, m: i32, k: i32, n: i32, r0: i32, r1: i32, scratch: usize, packedAll: usize): void {
  gemm(ATB, a, b, out, m, k, n, r0, r1, scratch, packedAll);
}

/** Rows r0…r1-1 of out[m,n] = A[m,k] · B[k,n]. */
export function matmulRowsAB(a: usize, b: usize, out: usize, m: i32, k: i32, n: i32, r0: i32, r1: i32, scratch: usize): void {
  gemmAB(a, b, out, m, k, n, r0, r1, scratch, 0);
}

/** Rows r0…r1-1 of out[m,n] = Aᵀ · B, A stored [k,m]. */
export function matmulRowsATB(a: usize, b: usize, out: usize, m: i32, k: i32, n: i32, r0: i32, r1: i32, scratch: usize): void {
  gemmATB(a, b, out, m, k, n, r0, r1, scratch, 0);
}

/** Rows r0…r1-1 of out[m,n] = A · Bᵀ, B stored [n,k]. */
export function matmulRowsABT(a: usize, b: usize, out: usize, m: i32, k: i32, n: i32, r0: i32, r1: i32, scratch: usize): void {
  gemm(ABT, a, b, out, m, k, n, r0, r1, scratch, 0);
}

/** Bytes of B packed whole for matmulPackB: k steps of every NR-wide panel of its n columns. */
export function matmulPackedBBytes(k: i32, n: i32): i32 {
  return roundUp(n, NR) * k * 4;
}

/**
 * Packs columns j0…j1-1 of B (j0 a multiple of NR) for the whole depth k into dst (a band of the
 * packing a pooled product shares: panel j, NR columns by k steps, at dst + j·NR·k floats).
 * transposed: B stored [n,k] (the A·Bᵀ variant), else [k,n].
 */
export function matmulPackB(b: usize, transposed: i32, k: i32, n: i32, j0: i32, j1: i32, dst: usize): void {
  if (j1 <= j0) return;
  const bRow = transposed != 0 ? 1 : n;
  const bCol = transposed != 0 ? k : 1;
  packB(b + (<usize>(j0 * bCol) << 2), bRow, bCol, k, j1 - j0, dst + (<usize>(j0 * k) << 2));
}

/**
 * Rows r0…r1-1 of out[m,n] = op(A)·B over B packed whole by matmulPackB (any variant: the
 * transpose of B went into the packing); aTransposed: A stored [k,m] (Aᵀ·B). Same sums, same
 * bits as matmulRowsAB/ATB/ABT.
 */
export function matmulRowsPackedB(a: usize, aTransposed: i32, packed: usize, out: usize, m: i32, k: i32, n: i32, r0: i32, r1: i32, scratch: usize): void {
  if (aTransposed != 0) gemmATB(a, 0, out, m, k, n, r0, r1, scratch, packed);
  else gemmAB(a, 0, out, m, k, n, r0, r1, scratch, packed);
}

/** out[m,n] = A[m,k] · B[k,n]. */
export function matmul(a: usize, b: usize, out: usize, m: i32, k: i32, n: i32, scratch: usize): void {
  matmulRowsAB(a, b, out, m, k, n, 0, m, scratch);
}

/** out[m,n] = Aᵀ · B where A is stored [k,m] and B is [k,n]. */
export function matmulTransposedA(a: usize, b: usize, out: usize, m: i32, k: i32, n: i32, scratch: usize): void {
  matmulRowsATB(a, b, out, m, k, n, 0, m, scratch);
}

/** out[m,n] = A · Bᵀ where A is [m,k] and B is stored [n,k]. */
export function matmulTransposedB(a: usize, b: usize, out: usize, m: i32, k: i32, n: i32, scratch: usize): void {
  matmulRowsABT(a, b, out, m, k, n, 0, m, scratch);
}

/**
 * Batched products: for each of `batch` items, out_b = op(A_b) · op(B_b), where A_b starts at
 * a + b·aStride and B_b at b + b·bStride (strides in elements; 0 broadcasts one matrix), and
 * mode 0 = A·B, 1 = Aᵀ·B, 2 = A·Bᵀ.
 */
export function matmulBatched(a: usize, b: usize, out: usize, batch: i32, m: i32, k: i32, n: i32,
  aStride: i32, bStride: i32, mode: i32, scratch: usize): void {
  matmulBatchedItems(a, b, out, batch, m, k, n, aStride, bStride, mode, 0, batch, scratch);
}

/** Items t0…t1-1 of matmulBatched (a band for the thread pool). */
export function matmulBatchedItems(a: usize, b: usize, out: usize, batch: i32, m: i32, k: i32, n: i32,
  aStride: i32, bStride: i32, mode: i32, t0: i32, t1: i32, scratch: usize): void {
  for (let t = t0; t < t1; t++) {
    const ap = a + (<usize>(t * aStride) << 2);
    const bp = b + (<usize>(t * bStride) << 2);
    const op = out + (<usize>(t * m * n) << 2);
    if (mode == AB) matmulRowsAB(ap, bp, op, m, k, n, 0, m, scratch);
    else if (mode == ATB) matmulRowsATB(ap, bp, op, m, k, n, 0, m, scratch);
    else matmulRowsABT(ap, bp, op, m, k, n, 0, m, scratch);
  }
}

// Matrix products over row-major float32 matrices. PLACEHOLDER implementation (correct, simple
// SIMD over columns); the register-blocked, panel-packed kernels replace it.
// Signatures are fixed: out is overwritten; `scratch` is a block of matmulScratchBytes(m, k, n).

/** Bytes of scratch the matmul kernels need for an [m,k]·[k,n] product. */
export function matmulScratchBytes(m: i32, k: i32, n: i32): i32 {
  return 0;
}

// @ts-ignore: decorator
@inline function rowTimesB(arow: usize, aStep: i32, b: usize, orow: usize, k: i32, n: i32): void {
  memory.fill(orow, 0, <usize>n << 2);
  for (let p = 0; p < k; p++) {
    const av = load<f32>(arow + (<usize>(p * aStep) << 2));
    const a4 = f32x4.splat(av);
    const brow = b + (<usize>(p * n) << 2);
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const q = <usize>j << 2;
      v128.store(orow + q, f32x4.add(v128.load(orow + q), f32x4.mul(a4, v128.load(brow + q))));
    }
    for (; j < n; j++) {
      const q = <usize>j << 2;
      store<f32>(orow + q, load<f32>(orow + q) + av * load<f32>(brow + q));
    }
  }
}

/** out[m,n] = A[m,k] · B[k,n]. */
export function matmul(a: usize, b: usize, out: usize, m: i32, k: i32, n: i32, scratch: usize): void {
  for (let i = 0; i < m; i++) rowTimesB(a + (<usize>(i * k) << 2), 1, b, out + (<usize>(i * n) << 2), k, n);
}

/** out[m,n] = Aᵀ · B where A is stored [k,m] and B is [k,n]. */
export function matmulTransposedA(a: usize, b: usize, out: usize, m: i32, k: i32, n: i32, scratch: usize): void {
  for (let i = 0; i < m; i++) rowTimesB(a + (<usize>i << 2), m, b, out + (<usize>(i * n) << 2), k, n);
}

/** out[m,n] = A · Bᵀ where A is [m,k] and B is stored [n,k]. */
export function matmulTransposedB(a: usize, b: usize, out: usize, m: i32, k: i32, n: i32, scratch: usize): void {
  for (let i = 0; i < m; i++) {
    const arow = a + (<usize>(i * k) << 2);
    for (let j = 0; j < n; j++) {
      const brow = b + (<usize>(j * k) << 2);
      let acc = f32x4.splat(0);
      let p = 0;
      for (; p + 4 <= k; p += 4) {
        const q = <usize>p << 2;
        acc = f32x4.add(acc, f32x4.mul(v128.load(arow + q), v128.load(brow + q)));
      }
      let s = (f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1))
        + (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
      for (; p < k; p++) s += load<f32>(arow + (<usize>p << 2)) * load<f32>(brow + (<usize>p << 2));
      store<f32>(out + (<usize>(i * n + j) << 2), s);
    }
  }
}

/**
 * Batched products: for each of `batch` items, out_b = op(A_b) · op(B_b), where A_b starts at
 * a + b·aStride and B_b at b + b·bStride (strides in elements; 0 broadcasts one matrix), and
 * mode 0 = A·B, 1 = Aᵀ·B, 2 = A·Bᵀ.
 */
export function matmulBatched(a: usize, b: usize, out: usize, batch: i32, m: i32, k: i32, n: i32,
  aStride: i32, bStride: i32, mode: i32, scratch: usize): void {
  for (let t = 0; t < batch; t++) {
    const ap = a + (<usize>(t * aStride) << 2);
    const bp = b + (<usize>(t * bStride) << 2);
    const op = out + (<usize>(t * m * n) << 2);
    if (mode == 0) matmul(ap, bp, op, m, k, n, scratch);
    else if (mode == 1) matmulTransposedA(ap, bp, op, m, k, n, scratch);
    else matmulTransposedB(ap, bp, op, m, k, n, scratch);
  }
}

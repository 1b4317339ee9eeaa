// Memory primitives: the TypeScript allocator manages everything above __heap_base.

/** The first byte the TypeScript allocator may hand out. */
export function heapBase(): usize {
  return __heap_base;
}

/** dst[i] = src[i] for n floats (regions may overlap). */
export function copyF32(src: usize, dst: usize, n: i32): void {
  memory.copy(dst, src, <usize>n << 2);
}

/** dst[i] = value for n floats. */
export function fillF32(dst: usize, value: f32, n: i32): void {
  const v = f32x4.splat(value);
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(dst + (<usize>i << 2), v);
  for (; i < n; i++) store<f32>(dst + (<usize>i << 2), value);
}

/**
 * Strided gather into a contiguous destination: dst[j] = src[offset(j)], where j walks the
 * row-major index space of `shape` and offset uses `srcStrides` (in elements, 0 to broadcast).
 * Serves transpose/permute, expand (broadcast) and slicing. Tables are i32 arrays of `ndim`.
 */
export function stridedCopy(src: usize, dst: usize, ndim: i32, shape: usize, srcStrides: usize): void {
  if (ndim == 0) {
    store<f32>(dst, load<f32>(src));
    return;
  }
  let total: i32 = 1;
  for (let d = 0; d < ndim; d++) total *= load<i32>(shape + (<usize>d << 2));
  if (total == 0) return;
  const last = ndim - 1;
  const inner = load<i32>(shape + (<usize>last << 2));
  const innerStride = load<i32>(srcStrides + (<usize>last << 2));
  // index counters for the outer dimensions live on the wasm stack? No: recompute offsets.
  const rows = total / inner;
  for (let r = 0; r < rows; r++) {
    let rem = r;
    let offset: i32 = 0;
    for (let d = last - 1; d >= 0; d--) {
      const size = load<i32>(shape + (<usize>d << 2));
      offset += (rem % size) * load<i32>(srcStrides + (<usize>d << 2));
      rem /= size;
    }
    const from = src + (<usize>offset << 2);
    const to = dst + (<usize>(r * inner) << 2);
    if (innerStride == 1) {
      memory.copy(to, from, <usize>inner << 2);
    } else if (innerStride == 0) {
      const value = load<f32>(from);
      const v = f32x4.splat(value);
      let i = 0;
      for (; i + 4 <= inner; i += 4) v128.store(to + (<usize>i << 2), v);
      for (; i < inner; i++) store<f32>(to + (<usize>i << 2), value);
    } else {
      for (let i = 0; i < inner; i++) {
        store<f32>(to + (<usize>i << 2), load<f32>(from + (<usize>(i * innerStride) << 2)));
      }
    }
  }
}

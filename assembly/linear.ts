// The fused linear layer: out = act(x·Wᵀ + b) with torch's layout (x [m,k], W [n,k], b [n]),
// over rows r0…r1-1 of out (a band for the thread pool). The product is matmul.ts's (its fixed
// summation order); the bias add and the ReLU then run over each band's rows while they are in
// cache, each element with the very instruction the separate broadcast add and relu kernels
// give it, so the bits equal those of matmul, add and relu done one by one (NaNs included).
import { matmulRowsABT, matmulRowsPackedB } from './matmul';

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

/** The bias and ReLU of rows r0…r1-1 once their product is in out. */
// @ts-ignore: decorator
@inline function finishRows(b: usize, out: usize, m: i32, n: i32, r0: i32, r1: i32, relu: bool): void {
  if (b != 0) biasRows(out, b, r0, r1, n);
  if (relu) reluFlat(out, r0 * n, r1 * n, (m * n) & ~3);
}

/** Rows r0…r1-1 of out[m,n] = x[m,k]·W[n,k]ᵀ + b (b = 0: no bias). */
export function linearRows(x: usize, w: usize, b: usize, out: usize, m: i32, k: i32, n: i32, r0: i32, r1: i32, scratch: usize): void {
  matmulRowsABT(x, w, out, m, k, n, r0, r1, scratch);
  finishRows(b, out, m, n, r0, r1, false);
}

/** Rows r0…r1-1 of out[m,n] = relu(x[m,k]·W[n,k]ᵀ + b) (b = 0: no bias). */
export function linearReluRows(x: usize, w: usize, b: usize, out: usize, m: i32, k: i32, n: i32, r0: i32, r1: i32, scratch: usize): void {
  matmulRowsABT(x, w, out, m, k, n, r0, r1, scratch);
  finishRows(b, out, m, n, r0, r1, true);
}

/** linearRows (relu: linearReluRows) over W packed whole by matmulPackB (transposed): a pooled layer's bands share it. */
export function linearRowsPackedW(x: usize, packedW: usize, b: usize, out: usize, m: i32, k: i32, n: i32, r0: i32, r1: i32, scratch: usize, relu: i32): void {
  matmulRowsPackedB(x, 0, packedW, out, m, k, n, r0, r1, scratch);
  finishRows(b, out, m, n, r0, r1, relu != 0);
}

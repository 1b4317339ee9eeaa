// The loop templates of the binary elementwise kernels. Each takes the op as a constant (the
// generated kernels in assembly/generated/binary.ts call them with one op each), so after
// inlining the formula switches of applyVec/applyOne fold away and one loop nest remains per op.
// Ops and their formulas: tools/elementwise-ops.mjs. A row of a broadcast calls the op's
// contiguous kernel (callVV & co: a call per row, not a copy of its loops).
import { applyVec, applyOne, unrolled, callVV, callVS, callSV } from './generated/binary_inline';

/** Stores four vectors at p, p + 16, p + 32, p + 48 (the unrolled loops' results). */
// @ts-ignore: decorator
@inline export function store4(p: usize, r0: v128, r1: v128, r2: v128, r3: v128): void {
  v128.store(p, r0);
  v128.store(p, r1, 16);
  v128.store(p, r2, 32);
  v128.store(p, r3, 48);
}

// Inner loops over n elements. aStep/bStep are 1 (walk) or 0 (hold one value): the four
// cases are same-shape, scalar-right, scalar-left, and (for strided calls) all-scalar.
// @ts-ignore: decorator
@inline export function loopSame(op: i32, a: usize, b: usize, out: usize, n: i32): void {
  let i = 0;
  if (unrolled(op)) { // cheap ops: four vectors per iteration (measured a little faster)
    for (; i + 16 <= n; i += 16) {
      const o = <usize>i << 2;
      const r0 = applyVec(op, v128.load(a + o), v128.load(b + o));
      const r1 = applyVec(op, v128.load(a + o, 16), v128.load(b + o, 16));
      const r2 = applyVec(op, v128.load(a + o, 32), v128.load(b + o, 32));
      const r3 = applyVec(op, v128.load(a + o, 48), v128.load(b + o, 48));
      store4(out + o, r0, r1, r2, r3);
    }
  }
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, applyVec(op, v128.load(a + o), v128.load(b + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, applyOne(op, load<f32>(a + o), load<f32>(b + o)));
  }
}

// One vector operand and a scalar s, on the right (x op s) or, when `left`, on the left (s op x).
// @ts-ignore: decorator
@inline function withScalar(op: i32, left: bool, x: v128, sv: v128): v128 {
  return left ? applyVec(op, sv, x) : applyVec(op, x, sv);
}

// @ts-ignore: decorator
@inline function withScalarOne(op: i32, left: bool, x: f32, s: f32): f32 {
  return left ? applyOne(op, s, x) : applyOne(op, x, s);
}

// @ts-ignore: decorator
@inline function loopScalar(op: i32, left: bool, x: usize, s: f32, out: usize, n: i32): void {
  const sv = f32x4.splat(s);
  let i = 0;
  if (unrolled(op)) { // cheap ops: four vectors per iteration (measured a little faster)
    for (; i + 16 <= n; i += 16) {
      const o = <usize>i << 2;
      const r0 = withScalar(op, left, v128.load(x + o), sv);
      const r1 = withScalar(op, left, v128.load(x + o, 16), sv);
      const r2 = withScalar(op, left, v128.load(x + o, 32), sv);
      const r3 = withScalar(op, left, v128.load(x + o, 48), sv);
      store4(out + o, r0, r1, r2, r3);
    }
  }
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, withScalar(op, left, v128.load(x + o), sv));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, withScalarOne(op, left, load<f32>(x + o), s));
  }
}

// @ts-ignore: decorator
@inline export function loopScalarRight(op: i32, a: usize, s: f32, out: usize, n: i32): void {
  loopScalar(op, false, a, s, out, n);
}

// @ts-ignore: decorator
@inline export function loopScalarLeft(op: i32, s: f32, b: usize, out: usize, n: i32): void {
  loopScalar(op, true, b, s, out, n);
}

// @ts-ignore: decorator
@inline export function loopStrided(op: i32, a: usize, aStride: i32, b: usize, bStride: i32, out: usize, n: i32): void {
  if (aStride == 1 && bStride == 1) callVV(op, a, b, out, n);
  else if (aStride == 1 && bStride == 0) callVS(op, a, load<f32>(b), out, n);
  else if (aStride == 0 && bStride == 1) callSV(op, load<f32>(a), b, out, n);
  else {
    for (let i = 0; i < n; i++) {
      store<f32>(out + (<usize>i << 2), applyOne(op,
        load<f32>(a + (<usize>(i * aStride) << 2)),
        load<f32>(b + (<usize>(i * bStride) << 2))));
    }
  }
}

// General broadcasting: `shape` has ndim entries (already collapsed by the caller); the stride
// tables give each operand's element strides, 0 along broadcast dimensions. The innermost
// dimension runs as a SIMD loop (row broadcast: b's inner stride 1; column broadcast: 0).
// @ts-ignore: decorator
@inline export function loopBroadcast(op: i32, a: usize, b: usize, out: usize, ndim: i32, shape: usize, aStrides: usize, bStrides: usize): void {
  const last = ndim - 1;
  const inner = load<i32>(shape + (<usize>last << 2));
  const aInner = load<i32>(aStrides + (<usize>last << 2));
  const bInner = load<i32>(bStrides + (<usize>last << 2));
  let rows: i32 = 1;
  for (let d = 0; d < last; d++) rows *= load<i32>(shape + (<usize>d << 2));
  if (inner == 0) return;
  for (let r = 0; r < rows; r++) {
    let rem = r;
    let aOff: i32 = 0;
    let bOff: i32 = 0;
    for (let d = last - 1; d >= 0; d--) {
      const size = load<i32>(shape + (<usize>d << 2));
      const idx = rem % size;
      rem /= size;
      aOff += idx * load<i32>(aStrides + (<usize>d << 2));
      bOff += idx * load<i32>(bStrides + (<usize>d << 2));
    }
    loopStrided(op, a + (<usize>aOff << 2), aInner, b + (<usize>bOff << 2), bInner,
      out + (<usize>(r * inner) << 2), inner);
  }
}

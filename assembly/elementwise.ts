// Binary elementwise kernels. Each op code selects, once per call, a loop specialised for that
// op (the op is a constant after inlining, so the branch folds away inside the loop).
import { pow32, pow32x4 } from './math';
import { OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MAX, OP_MIN, OP_POW, OP_GT, OP_GE, OP_LT, OP_LE, OP_EQ } from './opcodes';

// @ts-ignore: decorator
@inline function applyVec(op: i32, a: v128, b: v128): v128 {
  const one = f32x4.splat(1);
  switch (op) {
    case OP_ADD: return f32x4.add(a, b);
    case OP_SUB: return f32x4.sub(a, b);
    case OP_MUL: return f32x4.mul(a, b);
    case OP_DIV: return f32x4.div(a, b);
    // NaN-propagating like torch.maximum/minimum: f32x4.max/min return NaN if either is NaN.
    case OP_MAX: return f32x4.max(a, b);
    case OP_MIN: return f32x4.min(a, b);
    case OP_POW: return pow32x4(a, b);
    case OP_GT: return v128.and(f32x4.gt(a, b), one);
    case OP_GE: return v128.and(f32x4.ge(a, b), one);
    case OP_LT: return v128.and(f32x4.lt(a, b), one);
    case OP_LE: return v128.and(f32x4.le(a, b), one);
    default: return v128.and(f32x4.eq(a, b), one);
  }
}

// @ts-ignore: decorator
@inline function applyOne(op: i32, a: f32, b: f32): f32 {
  switch (op) {
    case OP_ADD: return a + b;
    case OP_SUB: return a - b;
    case OP_MUL: return a * b;
    case OP_DIV: return a / b;
    case OP_MAX: return a != a || b != b ? NaN : (a > b ? a : b);
    case OP_MIN: return a != a || b != b ? NaN : (a < b ? a : b);
    case OP_POW: return pow32(a, b);
    case OP_GT: return a > b ? 1 : 0;
    case OP_GE: return a >= b ? 1 : 0;
    case OP_LT: return a < b ? 1 : 0;
    case OP_LE: return a <= b ? 1 : 0;
    default: return a == b ? 1 : 0;
  }
}

// Inner loops over n elements. aStep/bStep are 1 (walk) or 0 (hold one value): the four
// cases are same-shape, scalar-right, scalar-left, and (for strided calls) all-scalar.
// @ts-ignore: decorator
@inline function loopSame(op: i32, a: usize, b: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, applyVec(op, v128.load(a + o), v128.load(b + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, applyOne(op, load<f32>(a + o), load<f32>(b + o)));
  }
}

// @ts-ignore: decorator
@inline function loopScalarRight(op: i32, a: usize, s: f32, out: usize, n: i32): void {
  const sv = f32x4.splat(s);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, applyVec(op, v128.load(a + o), sv));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, applyOne(op, load<f32>(a + o), s));
  }
}

// @ts-ignore: decorator
@inline function loopScalarLeft(op: i32, s: f32, b: usize, out: usize, n: i32): void {
  const sv = f32x4.splat(s);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, applyVec(op, sv, v128.load(b + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, applyOne(op, s, load<f32>(b + o)));
  }
}

// @ts-ignore: decorator
@inline function loopStrided(op: i32, a: usize, aStride: i32, b: usize, bStride: i32, out: usize, n: i32): void {
  if (aStride == 1 && bStride == 1) loopSame(op, a, b, out, n);
  else if (aStride == 1 && bStride == 0) loopScalarRight(op, a, load<f32>(b), out, n);
  else if (aStride == 0 && bStride == 1) loopScalarLeft(op, load<f32>(a), b, out, n);
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
@inline function loopBroadcast(op: i32, a: usize, b: usize, out: usize, ndim: i32, shape: usize, aStrides: usize, bStrides: usize): void {
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

/** out[i] = a[i] (op) b[i] for n elements. */
export function binary(op: i32, a: usize, b: usize, out: usize, n: i32): void {
  switch (op) {
    case OP_ADD: loopSame(OP_ADD, a, b, out, n); break;
    case OP_SUB: loopSame(OP_SUB, a, b, out, n); break;
    case OP_MUL: loopSame(OP_MUL, a, b, out, n); break;
    case OP_DIV: loopSame(OP_DIV, a, b, out, n); break;
    case OP_MAX: loopSame(OP_MAX, a, b, out, n); break;
    case OP_MIN: loopSame(OP_MIN, a, b, out, n); break;
    case OP_POW: loopSame(OP_POW, a, b, out, n); break;
    case OP_GT: loopSame(OP_GT, a, b, out, n); break;
    case OP_GE: loopSame(OP_GE, a, b, out, n); break;
    case OP_LT: loopSame(OP_LT, a, b, out, n); break;
    case OP_LE: loopSame(OP_LE, a, b, out, n); break;
    case OP_EQ: loopSame(OP_EQ, a, b, out, n); break;
    default: assert(false, 'binary: unknown op code');
  }
}

/** out[i] = a[i] (op) s. */
export function binaryScalarRight(op: i32, a: usize, s: f32, out: usize, n: i32): void {
  switch (op) {
    case OP_ADD: loopScalarRight(OP_ADD, a, s, out, n); break;
    case OP_SUB: loopScalarRight(OP_SUB, a, s, out, n); break;
    case OP_MUL: loopScalarRight(OP_MUL, a, s, out, n); break;
    case OP_DIV: loopScalarRight(OP_DIV, a, s, out, n); break;
    case OP_MAX: loopScalarRight(OP_MAX, a, s, out, n); break;
    case OP_MIN: loopScalarRight(OP_MIN, a, s, out, n); break;
    case OP_POW: loopScalarRight(OP_POW, a, s, out, n); break;
    case OP_GT: loopScalarRight(OP_GT, a, s, out, n); break;
    case OP_GE: loopScalarRight(OP_GE, a, s, out, n); break;
    case OP_LT: loopScalarRight(OP_LT, a, s, out, n); break;
    case OP_LE: loopScalarRight(OP_LE, a, s, out, n); break;
    case OP_EQ: loopScalarRight(OP_EQ, a, s, out, n); break;
    default: assert(false, 'binaryScalarRight: unknown op code');
  }
}

/** out[i] = s (op) b[i]. */
export function binaryScalarLeft(op: i32, s: f32, b: usize, out: usize, n: i32): void {
  switch (op) {
    case OP_ADD: loopScalarLeft(OP_ADD, s, b, out, n); break;
    case OP_SUB: loopScalarLeft(OP_SUB, s, b, out, n); break;
    case OP_MUL: loopScalarLeft(OP_MUL, s, b, out, n); break;
    case OP_DIV: loopScalarLeft(OP_DIV, s, b, out, n); break;
    case OP_MAX: loopScalarLeft(OP_MAX, s, b, out, n); break;
    case OP_MIN: loopScalarLeft(OP_MIN, s, b, out, n); break;
    case OP_POW: loopScalarLeft(OP_POW, s, b, out, n); break;
    case OP_GT: loopScalarLeft(OP_GT, s, b, out, n); break;
    case OP_GE: loopScalarLeft(OP_GE, s, b, out, n); break;
    case OP_LT: loopScalarLeft(OP_LT, s, b, out, n); break;
    case OP_LE: loopScalarLeft(OP_LE, s, b, out, n); break;
    case OP_EQ: loopScalarLeft(OP_EQ, s, b, out, n); break;
    default: assert(false, 'binaryScalarLeft: unknown op code');
  }
}

/** out = a (op) b with general broadcasting over the collapsed `shape` (see loopBroadcast). */
export function binaryBroadcast(op: i32, a: usize, b: usize, out: usize, ndim: i32, shape: usize, aStrides: usize, bStrides: usize): void {
  switch (op) {
    case OP_ADD: loopBroadcast(OP_ADD, a, b, out, ndim, shape, aStrides, bStrides); break;
    case OP_SUB: loopBroadcast(OP_SUB, a, b, out, ndim, shape, aStrides, bStrides); break;
    case OP_MUL: loopBroadcast(OP_MUL, a, b, out, ndim, shape, aStrides, bStrides); break;
    case OP_DIV: loopBroadcast(OP_DIV, a, b, out, ndim, shape, aStrides, bStrides); break;
    case OP_MAX: loopBroadcast(OP_MAX, a, b, out, ndim, shape, aStrides, bStrides); break;
    case OP_MIN: loopBroadcast(OP_MIN, a, b, out, ndim, shape, aStrides, bStrides); break;
    case OP_POW: loopBroadcast(OP_POW, a, b, out, ndim, shape, aStrides, bStrides); break;
    case OP_GT: loopBroadcast(OP_GT, a, b, out, ndim, shape, aStrides, bStrides); break;
    case OP_GE: loopBroadcast(OP_GE, a, b, out, ndim, shape, aStrides, bStrides); break;
    case OP_LT: loopBroadcast(OP_LT, a, b, out, ndim, shape, aStrides, bStrides); break;
    case OP_LE: loopBroadcast(OP_LE, a, b, out, ndim, shape, aStrides, bStrides); break;
    case OP_EQ: loopBroadcast(OP_EQ, a, b, out, ndim, shape, aStrides, bStrides); break;
    default: assert(false, 'binaryBroadcast: unknown op code');
  }
}

/** out[i] = cond[i] != 0 ? a[i] : b[i] (same shape; the caller expands broadcast operands). */
export function where(cond: usize, a: usize, b: usize, out: usize, n: i32): void {
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const mask = f32x4.ne(v128.load(cond + o), zero);
    v128.store(out + o, v128.bitselect(v128.load(a + o), v128.load(b + o), mask));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, load<f32>(cond + o) != 0 ? load<f32>(a + o) : load<f32>(b + o));
  }
}

/** acc[i] += x[i]: gradient accumulation in place. */
export function addInPlace(acc: usize, x: usize, n: i32): void {
  loopSame(OP_ADD, acc, x, acc, n);
}

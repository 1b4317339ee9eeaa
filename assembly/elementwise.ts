// Binary elementwise kernels: a loop nest specialised for each op (the op is a constant after
// inlining, so the switches in applyVec/applyOne fold away) in its own exported function.
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
  if (op != OP_POW) { // cheap ops: four vectors per iteration (measured a little faster)
    for (; i + 16 <= n; i += 16) {
      const o = <usize>i << 2;
      const r0 = applyVec(op, v128.load(a + o), v128.load(b + o));
      const r1 = applyVec(op, v128.load(a + o, 16), v128.load(b + o, 16));
      const r2 = applyVec(op, v128.load(a + o, 32), v128.load(b + o, 32));
      const r3 = applyVec(op, v128.load(a + o, 48), v128.load(b + o, 48));
      v128.store(out + o, r0);
      v128.store(out + o, r1, 16);
      v128.store(out + o, r2, 32);
      v128.store(out + o, r3, 48);
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

// @ts-ignore: decorator
@inline function loopScalarRight(op: i32, a: usize, s: f32, out: usize, n: i32): void {
  const sv = f32x4.splat(s);
  let i = 0;
  if (op != OP_POW) { // cheap ops: four vectors per iteration (measured a little faster)
    for (; i + 16 <= n; i += 16) {
      const o = <usize>i << 2;
      const r0 = applyVec(op, v128.load(a + o), sv);
      const r1 = applyVec(op, v128.load(a + o, 16), sv);
      const r2 = applyVec(op, v128.load(a + o, 32), sv);
      const r3 = applyVec(op, v128.load(a + o, 48), sv);
      v128.store(out + o, r0);
      v128.store(out + o, r1, 16);
      v128.store(out + o, r2, 32);
      v128.store(out + o, r3, 48);
    }
  }
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
  if (op != OP_POW) { // cheap ops: four vectors per iteration (measured a little faster)
    for (; i + 16 <= n; i += 16) {
      const o = <usize>i << 2;
      const r0 = applyVec(op, sv, v128.load(b + o));
      const r1 = applyVec(op, sv, v128.load(b + o, 16));
      const r2 = applyVec(op, sv, v128.load(b + o, 32));
      const r3 = applyVec(op, sv, v128.load(b + o, 48));
      v128.store(out + o, r0);
      v128.store(out + o, r1, 16);
      v128.store(out + o, r2, 32);
      v128.store(out + o, r3, 48);
    }
  }
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, applyVec(op, sv, v128.load(b + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, applyOne(op, s, load<f32>(b + o)));
  }
}

// A row of a broadcast calls the op's contiguous kernel (a call per row, not a copy of its loops).
// @ts-ignore: decorator
@inline function callSame(op: i32, a: usize, b: usize, out: usize, n: i32): void {
  switch (op) {
    case OP_ADD: addVV(a, b, out, n); break;
    case OP_SUB: subVV(a, b, out, n); break;
    case OP_MUL: mulVV(a, b, out, n); break;
    case OP_DIV: divVV(a, b, out, n); break;
    case OP_MAX: maximumVV(a, b, out, n); break;
    case OP_MIN: minimumVV(a, b, out, n); break;
    case OP_POW: powVV(a, b, out, n); break;
    case OP_GT: gtVV(a, b, out, n); break;
    case OP_GE: geVV(a, b, out, n); break;
    case OP_LT: ltVV(a, b, out, n); break;
    case OP_LE: leVV(a, b, out, n); break;
    default: eqVV(a, b, out, n);
  }
}

// @ts-ignore: decorator
@inline function callScalarRight(op: i32, a: usize, s: f32, out: usize, n: i32): void {
  switch (op) {
    case OP_ADD: addVS(a, s, out, n); break;
    case OP_SUB: subVS(a, s, out, n); break;
    case OP_MUL: mulVS(a, s, out, n); break;
    case OP_DIV: divVS(a, s, out, n); break;
    case OP_MAX: maximumVS(a, s, out, n); break;
    case OP_MIN: minimumVS(a, s, out, n); break;
    case OP_POW: powVS(a, s, out, n); break;
    case OP_GT: gtVS(a, s, out, n); break;
    case OP_GE: geVS(a, s, out, n); break;
    case OP_LT: ltVS(a, s, out, n); break;
    case OP_LE: leVS(a, s, out, n); break;
    default: eqVS(a, s, out, n);
  }
}

// @ts-ignore: decorator
@inline function callScalarLeft(op: i32, s: f32, b: usize, out: usize, n: i32): void {
  switch (op) {
    case OP_ADD: addSV(s, b, out, n); break;
    case OP_SUB: subSV(s, b, out, n); break;
    case OP_MUL: mulSV(s, b, out, n); break;
    case OP_DIV: divSV(s, b, out, n); break;
    case OP_MAX: maximumSV(s, b, out, n); break;
    case OP_MIN: minimumSV(s, b, out, n); break;
    case OP_POW: powSV(s, b, out, n); break;
    case OP_GT: gtSV(s, b, out, n); break;
    case OP_GE: geSV(s, b, out, n); break;
    case OP_LT: ltSV(s, b, out, n); break;
    case OP_LE: leSV(s, b, out, n); break;
    default: eqSV(s, b, out, n);
  }
}

// @ts-ignore: decorator
@inline function loopStrided(op: i32, a: usize, aStride: i32, b: usize, bStride: i32, out: usize, n: i32): void {
  if (aStride == 1 && bStride == 1) callSame(op, a, b, out, n);
  else if (aStride == 1 && bStride == 0) callScalarRight(op, a, load<f32>(b), out, n);
  else if (aStride == 0 && bStride == 1) callScalarLeft(op, load<f32>(a), b, out, n);
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

// One exported kernel per op and operand layout, each holding exactly one specialised loop nest.
// (When the loops for every op sat in one function behind a switch, binaryen's -O3 merged them
// back into a single loop with a br_table on every vector; test/node/kernel-dispatch.test.mjs
// reads the built module and fails if that comes back.) The op-code entries below dispatch once
// per call, by calling these, outside any loop.

export function addVV(a: usize, b: usize, out: usize, n: i32): void { loopSame(OP_ADD, a, b, out, n); }
export function addVS(a: usize, s: f32, out: usize, n: i32): void { loopScalarRight(OP_ADD, a, s, out, n); }
export function addSV(s: f32, b: usize, out: usize, n: i32): void { loopScalarLeft(OP_ADD, s, b, out, n); }
export function addBroadcast(a: usize, b: usize, out: usize, ndim: i32, shape: usize, aStrides: usize, bStrides: usize): void {
  loopBroadcast(OP_ADD, a, b, out, ndim, shape, aStrides, bStrides);
}

export function subVV(a: usize, b: usize, out: usize, n: i32): void { loopSame(OP_SUB, a, b, out, n); }
export function subVS(a: usize, s: f32, out: usize, n: i32): void { loopScalarRight(OP_SUB, a, s, out, n); }
export function subSV(s: f32, b: usize, out: usize, n: i32): void { loopScalarLeft(OP_SUB, s, b, out, n); }
export function subBroadcast(a: usize, b: usize, out: usize, ndim: i32, shape: usize, aStrides: usize, bStrides: usize): void {
  loopBroadcast(OP_SUB, a, b, out, ndim, shape, aStrides, bStrides);
}

export function mulVV(a: usize, b: usize, out: usize, n: i32): void { loopSame(OP_MUL, a, b, out, n); }
export function mulVS(a: usize, s: f32, out: usize, n: i32): void { loopScalarRight(OP_MUL, a, s, out, n); }
export function mulSV(s: f32, b: usize, out: usize, n: i32): void { loopScalarLeft(OP_MUL, s, b, out, n); }
export function mulBroadcast(a: usize, b: usize, out: usize, ndim: i32, shape: usize, aStrides: usize, bStrides: usize): void {
  loopBroadcast(OP_MUL, a, b, out, ndim, shape, aStrides, bStrides);
}

export function divVV(a: usize, b: usize, out: usize, n: i32): void { loopSame(OP_DIV, a, b, out, n); }
export function divVS(a: usize, s: f32, out: usize, n: i32): void { loopScalarRight(OP_DIV, a, s, out, n); }
export function divSV(s: f32, b: usize, out: usize, n: i32): void { loopScalarLeft(OP_DIV, s, b, out, n); }
export function divBroadcast(a: usize, b: usize, out: usize, ndim: i32, shape: usize, aStrides: usize, bStrides: usize): void {
  loopBroadcast(OP_DIV, a, b, out, ndim, shape, aStrides, bStrides);
}

export function maximumVV(a: usize, b: usize, out: usize, n: i32): void { loopSame(OP_MAX, a, b, out, n); }
export function maximumVS(a: usize, s: f32, out: usize, n: i32): void { loopScalarRight(OP_MAX, a, s, out, n); }
export function maximumSV(s: f32, b: usize, out: usize, n: i32): void { loopScalarLeft(OP_MAX, s, b, out, n); }
export function maximumBroadcast(a: usize, b: usize, out: usize, ndim: i32, shape: usize, aStrides: usize, bStrides: usize): void {
  loopBroadcast(OP_MAX, a, b, out, ndim, shape, aStrides, bStrides);
}

export function minimumVV(a: usize, b: usize, out: usize, n: i32): void { loopSame(OP_MIN, a, b, out, n); }
export function minimumVS(a: usize, s: f32, out: usize, n: i32): void { loopScalarRight(OP_MIN, a, s, out, n); }
export function minimumSV(s: f32, b: usize, out: usize, n: i32): void { loopScalarLeft(OP_MIN, s, b, out, n); }
export function minimumBroadcast(a: usize, b: usize, out: usize, ndim: i32, shape: usize, aStrides: usize, bStrides: usize): void {
  loopBroadcast(OP_MIN, a, b, out, ndim, shape, aStrides, bStrides);
}

export function powVV(a: usize, b: usize, out: usize, n: i32): void { loopSame(OP_POW, a, b, out, n); }
export function powVS(a: usize, s: f32, out: usize, n: i32): void { loopScalarRight(OP_POW, a, s, out, n); }
export function powSV(s: f32, b: usize, out: usize, n: i32): void { loopScalarLeft(OP_POW, s, b, out, n); }
export function powBroadcast(a: usize, b: usize, out: usize, ndim: i32, shape: usize, aStrides: usize, bStrides: usize): void {
  loopBroadcast(OP_POW, a, b, out, ndim, shape, aStrides, bStrides);
}

export function gtVV(a: usize, b: usize, out: usize, n: i32): void { loopSame(OP_GT, a, b, out, n); }
export function gtVS(a: usize, s: f32, out: usize, n: i32): void { loopScalarRight(OP_GT, a, s, out, n); }
export function gtSV(s: f32, b: usize, out: usize, n: i32): void { loopScalarLeft(OP_GT, s, b, out, n); }
export function gtBroadcast(a: usize, b: usize, out: usize, ndim: i32, shape: usize, aStrides: usize, bStrides: usize): void {
  loopBroadcast(OP_GT, a, b, out, ndim, shape, aStrides, bStrides);
}

export function geVV(a: usize, b: usize, out: usize, n: i32): void { loopSame(OP_GE, a, b, out, n); }
export function geVS(a: usize, s: f32, out: usize, n: i32): void { loopScalarRight(OP_GE, a, s, out, n); }
export function geSV(s: f32, b: usize, out: usize, n: i32): void { loopScalarLeft(OP_GE, s, b, out, n); }
export function geBroadcast(a: usize, b: usize, out: usize, ndim: i32, shape: usize, aStrides: usize, bStrides: usize): void {
  loopBroadcast(OP_GE, a, b, out, ndim, shape, aStrides, bStrides);
}

export function ltVV(a: usize, b: usize, out: usize, n: i32): void { loopSame(OP_LT, a, b, out, n); }
export function ltVS(a: usize, s: f32, out: usize, n: i32): void { loopScalarRight(OP_LT, a, s, out, n); }
export function ltSV(s: f32, b: usize, out: usize, n: i32): void { loopScalarLeft(OP_LT, s, b, out, n); }
export function ltBroadcast(a: usize, b: usize, out: usize, ndim: i32, shape: usize, aStrides: usize, bStrides: usize): void {
  loopBroadcast(OP_LT, a, b, out, ndim, shape, aStrides, bStrides);
}

export function leVV(a: usize, b: usize, out: usize, n: i32): void { loopSame(OP_LE, a, b, out, n); }
export function leVS(a: usize, s: f32, out: usize, n: i32): void { loopScalarRight(OP_LE, a, s, out, n); }
export function leSV(s: f32, b: usize, out: usize, n: i32): void { loopScalarLeft(OP_LE, s, b, out, n); }
export function leBroadcast(a: usize, b: usize, out: usize, ndim: i32, shape: usize, aStrides: usize, bStrides: usize): void {
  loopBroadcast(OP_LE, a, b, out, ndim, shape, aStrides, bStrides);
}

export function eqVV(a: usize, b: usize, out: usize, n: i32): void { loopSame(OP_EQ, a, b, out, n); }
export function eqVS(a: usize, s: f32, out: usize, n: i32): void { loopScalarRight(OP_EQ, a, s, out, n); }
export function eqSV(s: f32, b: usize, out: usize, n: i32): void { loopScalarLeft(OP_EQ, s, b, out, n); }
export function eqBroadcast(a: usize, b: usize, out: usize, ndim: i32, shape: usize, aStrides: usize, bStrides: usize): void {
  loopBroadcast(OP_EQ, a, b, out, ndim, shape, aStrides, bStrides);
}

/** out[i] = a[i] (op) b[i] for n elements. */
export function binary(op: i32, a: usize, b: usize, out: usize, n: i32): void {
  switch (op) {
    case OP_ADD: addVV(a, b, out, n); break;
    case OP_SUB: subVV(a, b, out, n); break;
    case OP_MUL: mulVV(a, b, out, n); break;
    case OP_DIV: divVV(a, b, out, n); break;
    case OP_MAX: maximumVV(a, b, out, n); break;
    case OP_MIN: minimumVV(a, b, out, n); break;
    case OP_POW: powVV(a, b, out, n); break;
    case OP_GT: gtVV(a, b, out, n); break;
    case OP_GE: geVV(a, b, out, n); break;
    case OP_LT: ltVV(a, b, out, n); break;
    case OP_LE: leVV(a, b, out, n); break;
    case OP_EQ: eqVV(a, b, out, n); break;
    default: assert(false, 'binary: unknown op code');
  }
}

/** out[i] = a[i] (op) s. */
export function binaryScalarRight(op: i32, a: usize, s: f32, out: usize, n: i32): void {
  switch (op) {
    case OP_ADD: addVS(a, s, out, n); break;
    case OP_SUB: subVS(a, s, out, n); break;
    case OP_MUL: mulVS(a, s, out, n); break;
    case OP_DIV: divVS(a, s, out, n); break;
    case OP_MAX: maximumVS(a, s, out, n); break;
    case OP_MIN: minimumVS(a, s, out, n); break;
    case OP_POW: powVS(a, s, out, n); break;
    case OP_GT: gtVS(a, s, out, n); break;
    case OP_GE: geVS(a, s, out, n); break;
    case OP_LT: ltVS(a, s, out, n); break;
    case OP_LE: leVS(a, s, out, n); break;
    case OP_EQ: eqVS(a, s, out, n); break;
    default: assert(false, 'binaryScalarRight: unknown op code');
  }
}

/** out[i] = s (op) b[i]. */
export function binaryScalarLeft(op: i32, s: f32, b: usize, out: usize, n: i32): void {
  switch (op) {
    case OP_ADD: addSV(s, b, out, n); break;
    case OP_SUB: subSV(s, b, out, n); break;
    case OP_MUL: mulSV(s, b, out, n); break;
    case OP_DIV: divSV(s, b, out, n); break;
    case OP_MAX: maximumSV(s, b, out, n); break;
    case OP_MIN: minimumSV(s, b, out, n); break;
    case OP_POW: powSV(s, b, out, n); break;
    case OP_GT: gtSV(s, b, out, n); break;
    case OP_GE: geSV(s, b, out, n); break;
    case OP_LT: ltSV(s, b, out, n); break;
    case OP_LE: leSV(s, b, out, n); break;
    case OP_EQ: eqSV(s, b, out, n); break;
    default: assert(false, 'binaryScalarLeft: unknown op code');
  }
}

/** out = a (op) b with general broadcasting over the collapsed `shape` (see loopBroadcast). */
export function binaryBroadcast(op: i32, a: usize, b: usize, out: usize, ndim: i32, shape: usize, aStrides: usize, bStrides: usize): void {
  switch (op) {
    case OP_ADD: addBroadcast(a, b, out, ndim, shape, aStrides, bStrides); break;
    case OP_SUB: subBroadcast(a, b, out, ndim, shape, aStrides, bStrides); break;
    case OP_MUL: mulBroadcast(a, b, out, ndim, shape, aStrides, bStrides); break;
    case OP_DIV: divBroadcast(a, b, out, ndim, shape, aStrides, bStrides); break;
    case OP_MAX: maximumBroadcast(a, b, out, ndim, shape, aStrides, bStrides); break;
    case OP_MIN: minimumBroadcast(a, b, out, ndim, shape, aStrides, bStrides); break;
    case OP_POW: powBroadcast(a, b, out, ndim, shape, aStrides, bStrides); break;
    case OP_GT: gtBroadcast(a, b, out, ndim, shape, aStrides, bStrides); break;
    case OP_GE: geBroadcast(a, b, out, ndim, shape, aStrides, bStrides); break;
    case OP_LT: ltBroadcast(a, b, out, ndim, shape, aStrides, bStrides); break;
    case OP_LE: leBroadcast(a, b, out, ndim, shape, aStrides, bStrides); break;
    case OP_EQ: eqBroadcast(a, b, out, ndim, shape, aStrides, bStrides); break;
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
  addVV(acc, x, acc, n);
}

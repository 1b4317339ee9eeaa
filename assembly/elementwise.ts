// Binary elementwise kernels. The per-op kernels (`addVV`, `mulVS`, `powBroadcast`, …) are
// generated from the table of ops in tools/elementwise-ops.mjs into assembly/generated/binary.ts
// (loops: elementwise_loops.ts); the op-code entries (`binary`, …) call them by code. One exported kernel per op and operand layout, each holding
// exactly one specialised loop nest: when the loops for every op sat in one function behind a
// switch, binaryen's -O3 merged them back into a single loop with a br_table on every vector;
// test/node/kernel-dispatch.test.mjs reads the built module and fails if that comes back.
import { addVV } from './generated/binary';
import { callVV, callVS, callSV, callBroadcast } from './generated/binary_inline';
export * from './generated/binary';

// The op-code entries the TypeScript side calls: one switch per call, outside any loop.

/** out[i] = a[i] (op) b[i] for n elements. */
export function binary(op: i32, a: usize, b: usize, out: usize, n: i32): void {
  if (!callVV(op, a, b, out, n)) assert(false, 'binary: unknown op code');
}

/** out[i] = a[i] (op) s. */
export function binaryScalarRight(op: i32, a: usize, s: f32, out: usize, n: i32): void {
  if (!callVS(op, a, s, out, n)) assert(false, 'binaryScalarRight: unknown op code');
}

/** out[i] = s (op) b[i]. */
export function binaryScalarLeft(op: i32, s: f32, b: usize, out: usize, n: i32): void {
  if (!callSV(op, s, b, out, n)) assert(false, 'binaryScalarLeft: unknown op code');
}

/** out = a (op) b with general broadcasting over the collapsed `shape` (see loopBroadcast in elementwise_loops.ts). */
export function binaryBroadcast(op: i32, a: usize, b: usize, out: usize, ndim: i32, shape: usize, aStrides: usize, bStrides: usize): void {
  if (!callBroadcast(op, a, b, out, ndim, shape, aStrides, bStrides)) assert(false, 'binaryBroadcast: unknown op code');
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

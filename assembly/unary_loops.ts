// The loop templates of the unary elementwise kernels and their fused backward passes. Each
// takes the op as a constant (the generated kernels in assembly/generated/unary.ts call them
// with one op each), so the formula switches fold away after inlining. Ops and their formulas:
// tools/elementwise-ops.mjs.
import { forwardVec, forwardOne, forwardUnrolled, backwardVec, backwardOne, backwardUnrolled } from './generated/unary_inline';
import { store4 } from './elementwise_loops';

// @ts-ignore: decorator
@inline export function forwardLoop(op: i32, x: usize, out: usize, n: i32): void {
  let i = 0;
  if (forwardUnrolled(op)) { // cheap: four vectors per iteration
    for (; i + 16 <= n; i += 16) {
      const o = <usize>i << 2;
      const r0 = forwardVec(op, v128.load(x + o));
      const r1 = forwardVec(op, v128.load(x + o, 16));
      const r2 = forwardVec(op, v128.load(x + o, 32));
      const r3 = forwardVec(op, v128.load(x + o, 48));
      store4(out + o, r0, r1, r2, r3);
    }
  }
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, forwardVec(op, v128.load(x + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, forwardOne(op, load<f32>(x + o)));
  }
}

// @ts-ignore: decorator
@inline export function backwardLoop(op: i32, x: usize, y: usize, g: usize, out: usize, n: i32): void {
  let i = 0;
  if (backwardUnrolled(op)) {
    for (; i + 16 <= n; i += 16) { // cheap: four vectors per iteration
      const o = <usize>i << 2;
      const r0 = backwardVec(op, v128.load(x + o), v128.load(y + o), v128.load(g + o));
      const r1 = backwardVec(op, v128.load(x + o, 16), v128.load(y + o, 16), v128.load(g + o, 16));
      const r2 = backwardVec(op, v128.load(x + o, 32), v128.load(y + o, 32), v128.load(g + o, 32));
      const r3 = backwardVec(op, v128.load(x + o, 48), v128.load(y + o, 48), v128.load(g + o, 48));
      store4(out + o, r0, r1, r2, r3);
    }
  }
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, backwardVec(op, v128.load(x + o), v128.load(y + o), v128.load(g + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, backwardOne(op, load<f32>(x + o), load<f32>(y + o), load<f32>(g + o)));
  }
}

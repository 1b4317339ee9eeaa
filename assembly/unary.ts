// TEMPORARY STUB, to be replaced: unary kernels.
import { exp32, log32, tanh32, sigmoid32 } from './math';
export const U_NEG = 0;
export const U_EXP = 2;
export const U_LOG = 3;
export function unary(op: i32, x: usize, out: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 2;
    const v = load<f32>(x + o);
    let r: f32 = -v;
    if (op == U_EXP) r = exp32(v);
    else if (op == U_LOG) r = log32(v);
    store<f32>(out + o, r);
  }
}

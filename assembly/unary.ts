// Unary elementwise kernels. The per-op kernels (`expForward`, `tanhBackward`, …) are generated
// from the table of ops in tools/elementwise-ops.mjs into assembly/generated/unary.ts (loops:
// unary_loops.ts; see elementwise.ts for why one kernel per op). The op-code entries and the
// kernels that take a parameter live here.
import { callForward, callBackward } from './generated/unary_inline';
export * from './generated/unary';

/** out[i] = f(x[i]) for the op code's f. */
export function unary(op: i32, x: usize, out: usize, n: i32): void {
  if (!callForward(op, x, out, n)) assert(false, 'unary: unknown op code');
}

/** out[i] = g[i]·f'(x[i]) in one pass; y = f(x) is the forward output (read by exp, sqrt, relu, sigmoid, tanh). */
export function unaryBackward(op: i32, x: usize, y: usize, g: usize, out: usize, n: i32): void {
  if (!callBackward(op, x, y, g, out, n)) assert(false, 'unaryBackward: unknown op code');
}

/** out[i] = x[i] > 0 ? x[i] : slope·x[i] (NaN propagates). */
export function leakyRelu(x: usize, out: usize, n: i32, slope: f32): void {
  const s = f32x4.splat(slope);
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const v = v128.load(x + o);
    v128.store(out + o, v128.bitselect(v, f32x4.mul(v, s), f32x4.gt(v, zero)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const v = load<f32>(x + o);
    store<f32>(out + o, v > 0 ? v : v * slope);
  }
}

/** out[i] = g[i]·(x[i] > 0 ? 1 : slope). */
export function leakyReluBackward(x: usize, g: usize, out: usize, n: i32, slope: f32): void {
  const s = f32x4.splat(slope);
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const gv = v128.load(g + o);
    v128.store(out + o, v128.bitselect(gv, f32x4.mul(gv, s), f32x4.gt(v128.load(x + o), zero)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const gv = load<f32>(g + o);
    store<f32>(out + o, load<f32>(x + o) > 0 ? gv : gv * slope);
  }
}

/** out[i] = min(max(x[i], lo), hi), as torch.clamp: NaN in x (or a NaN bound) gives NaN; lo > hi gives hi. */
export function clamp(x: usize, out: usize, n: i32, lo: f32, hi: f32): void {
  const l = f32x4.splat(lo);
  const h = f32x4.splat(hi);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, f32x4.min(f32x4.max(v128.load(x + o), l), h));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, min<f32>(max<f32>(load<f32>(x + o), lo), hi));
  }
}

/** out[i] = g[i] where lo <= x[i] <= hi, else 0 (torch's clamp backward). */
export function clampBackward(x: usize, g: usize, out: usize, n: i32, lo: f32, hi: f32): void {
  const l = f32x4.splat(lo);
  const h = f32x4.splat(hi);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const v = v128.load(x + o);
    const inside = v128.and(f32x4.ge(v, l), f32x4.le(v, h));
    v128.store(out + o, v128.and(v128.load(g + o), inside));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const v = load<f32>(x + o);
    store<f32>(out + o, v >= lo && v <= hi ? load<f32>(g + o) : 0);
  }
}

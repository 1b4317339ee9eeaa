// Unary elementwise kernels and their fused backward passes: one exported kernel per op, its loop
// specialised for that op (the op is a constant after inlining); the op-code entries dispatch.
import {
  exp32, exp32x4, log32, log32x4, tanh32, tanh32x4, sigmoid32, sigmoid32x4, softplus32, softplus32x4,
  gelu32, gelu32x4, geluGrad32, geluGrad32x4, erf32, erf32x4, erfGrad32, erfGrad32x4,
} from './math';
import { U_ABS, U_EXP, U_LOG, U_SQRT, U_SQUARE, U_RELU, U_SIGMOID, U_TANH, U_GELU, U_SOFTPLUS, U_SIGN, U_ERF } from './opcodes';

// sign x: -1, 0 (keeping the sign of a zero) or 1; NaN stays NaN.
// @ts-ignore: decorator
@inline function sign32(v: f32): f32 {
  return v > 0 ? 1 : v < 0 ? -1 : v;
}

// @ts-ignore: decorator
@inline function sign32x4(v: v128): v128 {
  const one = f32x4.splat(1);
  const pos = f32x4.gt(v, f32x4.splat(0));
  const neg = f32x4.lt(v, f32x4.splat(0));
  return v128.bitselect(one, v128.bitselect(f32x4.neg(one), v, neg), pos);
}

// @ts-ignore: decorator
@inline function forwardVec(op: i32, v: v128): v128 {
  switch (op) {
    case U_ABS: return f32x4.abs(v);
    case U_EXP: return exp32x4(v);
    case U_LOG: return log32x4(v);
    case U_SQRT: return f32x4.sqrt(v);
    case U_SQUARE: return f32x4.mul(v, v);
    case U_RELU: return f32x4.max(v, f32x4.splat(0)); // NaN propagates, as in torch
    case U_SIGMOID: return sigmoid32x4(v);
    case U_TANH: return tanh32x4(v);
    case U_GELU: return gelu32x4(v);
    case U_SOFTPLUS: return softplus32x4(v);
    case U_SIGN: return sign32x4(v);
    default: return erf32x4(v);
  }
}

// @ts-ignore: decorator
@inline function forwardOne(op: i32, v: f32): f32 {
  switch (op) {
    case U_ABS: return abs<f32>(v);
    case U_EXP: return exp32(v);
    case U_LOG: return log32(v);
    case U_SQRT: return sqrt<f32>(v);
    case U_SQUARE: return v * v;
    case U_RELU: return max<f32>(v, 0);
    case U_SIGMOID: return sigmoid32(v);
    case U_TANH: return tanh32(v);
    case U_GELU: return gelu32(v);
    case U_SOFTPLUS: return softplus32(v);
    case U_SIGN: return sign32(v);
    default: return erf32(v);
  }
}

// @ts-ignore: decorator
@inline function forwardLoop(op: i32, x: usize, out: usize, n: i32): void {
  let i = 0;
  if (op == U_ABS || op == U_SQRT || op == U_SQUARE || op == U_RELU || op == U_SIGN) { // cheap: four vectors per iteration
    for (; i + 16 <= n; i += 16) {
      const o = <usize>i << 2;
      const r0 = forwardVec(op, v128.load(x + o));
      const r1 = forwardVec(op, v128.load(x + o, 16));
      const r2 = forwardVec(op, v128.load(x + o, 32));
      const r3 = forwardVec(op, v128.load(x + o, 48));
      v128.store(out + o, r0);
      v128.store(out + o, r1, 16);
      v128.store(out + o, r2, 32);
      v128.store(out + o, r3, 48);
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

// One exported kernel per op (see elementwise.ts for why); unary() dispatches once per call.
export function absForward(x: usize, out: usize, n: i32): void { forwardLoop(U_ABS, x, out, n); }
export function expForward(x: usize, out: usize, n: i32): void { forwardLoop(U_EXP, x, out, n); }
export function logForward(x: usize, out: usize, n: i32): void { forwardLoop(U_LOG, x, out, n); }
export function sqrtForward(x: usize, out: usize, n: i32): void { forwardLoop(U_SQRT, x, out, n); }
export function squareForward(x: usize, out: usize, n: i32): void { forwardLoop(U_SQUARE, x, out, n); }
export function reluForward(x: usize, out: usize, n: i32): void { forwardLoop(U_RELU, x, out, n); }
export function sigmoidForward(x: usize, out: usize, n: i32): void { forwardLoop(U_SIGMOID, x, out, n); }
export function tanhForward(x: usize, out: usize, n: i32): void { forwardLoop(U_TANH, x, out, n); }
export function geluForward(x: usize, out: usize, n: i32): void { forwardLoop(U_GELU, x, out, n); }
export function softplusForward(x: usize, out: usize, n: i32): void { forwardLoop(U_SOFTPLUS, x, out, n); }
export function signForward(x: usize, out: usize, n: i32): void { forwardLoop(U_SIGN, x, out, n); }
export function erfForward(x: usize, out: usize, n: i32): void { forwardLoop(U_ERF, x, out, n); }

/** out[i] = f(x[i]) for the op code's f. */
export function unary(op: i32, x: usize, out: usize, n: i32): void {
  switch (op) {
    case U_ABS: absForward(x, out, n); break;
    case U_EXP: expForward(x, out, n); break;
    case U_LOG: logForward(x, out, n); break;
    case U_SQRT: sqrtForward(x, out, n); break;
    case U_SQUARE: squareForward(x, out, n); break;
    case U_RELU: reluForward(x, out, n); break;
    case U_SIGMOID: sigmoidForward(x, out, n); break;
    case U_TANH: tanhForward(x, out, n); break;
    case U_GELU: geluForward(x, out, n); break;
    case U_SOFTPLUS: softplusForward(x, out, n); break;
    case U_SIGN: signForward(x, out, n); break;
    case U_ERF: erfForward(x, out, n); break;
    default: assert(false, 'unary: unknown op code');
  }
}

// g·f'(x), given x, y = f(x) and g (torch's formulas: relu passes g where y > 0 is not false).
// @ts-ignore: decorator
@inline function backwardVec(op: i32, x: v128, y: v128, g: v128): v128 {
  const zero = f32x4.splat(0);
  const one = f32x4.splat(1);
  switch (op) {
    case U_ABS: return f32x4.mul(g, sign32x4(x));
    case U_EXP: return f32x4.mul(g, y);
    case U_LOG: return f32x4.div(g, x);
    case U_SQRT: return f32x4.div(g, f32x4.add(y, y));
    case U_SQUARE: return f32x4.mul(g, f32x4.add(x, x));
    case U_RELU: return v128.andnot(g, f32x4.le(y, zero));
    case U_SIGMOID: return f32x4.mul(g, f32x4.mul(f32x4.sub(one, y), y));
    case U_TANH: return f32x4.mul(g, f32x4.sub(one, f32x4.mul(y, y)));
    case U_GELU: return f32x4.mul(g, geluGrad32x4(x));
    case U_SOFTPLUS: return f32x4.mul(g, sigmoid32x4(x));
    case U_SIGN: return f32x4.mul(g, zero);
    default: return f32x4.mul(g, erfGrad32x4(x));
  }
}

// @ts-ignore: decorator
@inline function backwardOne(op: i32, x: f32, y: f32, g: f32): f32 {
  switch (op) {
    case U_ABS: return g * sign32(x);
    case U_EXP: return g * y;
    case U_LOG: return g / x;
    case U_SQRT: return g / (y + y);
    case U_SQUARE: return g * (x + x);
    case U_RELU: return y <= 0 ? 0 : g;
    case U_SIGMOID: return g * ((<f32>1 - y) * y);
    case U_TANH: return g * (<f32>1 - y * y);
    case U_GELU: return g * geluGrad32(x);
    case U_SOFTPLUS: return g * sigmoid32(x);
    case U_SIGN: return g * 0;
    default: return g * erfGrad32(x);
  }
}

// @ts-ignore: decorator
@inline function backwardLoop(op: i32, x: usize, y: usize, g: usize, out: usize, n: i32): void {
  let i = 0;
  if (op != U_GELU && op != U_SOFTPLUS && op != U_ERF) {
    for (; i + 16 <= n; i += 16) { // cheap: four vectors per iteration
      const o = <usize>i << 2;
      const r0 = backwardVec(op, v128.load(x + o), v128.load(y + o), v128.load(g + o));
      const r1 = backwardVec(op, v128.load(x + o, 16), v128.load(y + o, 16), v128.load(g + o, 16));
      const r2 = backwardVec(op, v128.load(x + o, 32), v128.load(y + o, 32), v128.load(g + o, 32));
      const r3 = backwardVec(op, v128.load(x + o, 48), v128.load(y + o, 48), v128.load(g + o, 48));
      v128.store(out + o, r0);
      v128.store(out + o, r1, 16);
      v128.store(out + o, r2, 32);
      v128.store(out + o, r3, 48);
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

export function absBackward(x: usize, y: usize, g: usize, out: usize, n: i32): void { backwardLoop(U_ABS, x, y, g, out, n); }
export function expBackward(x: usize, y: usize, g: usize, out: usize, n: i32): void { backwardLoop(U_EXP, x, y, g, out, n); }
export function logBackward(x: usize, y: usize, g: usize, out: usize, n: i32): void { backwardLoop(U_LOG, x, y, g, out, n); }
export function sqrtBackward(x: usize, y: usize, g: usize, out: usize, n: i32): void { backwardLoop(U_SQRT, x, y, g, out, n); }
export function squareBackward(x: usize, y: usize, g: usize, out: usize, n: i32): void { backwardLoop(U_SQUARE, x, y, g, out, n); }
export function reluBackward(x: usize, y: usize, g: usize, out: usize, n: i32): void { backwardLoop(U_RELU, x, y, g, out, n); }
export function sigmoidBackward(x: usize, y: usize, g: usize, out: usize, n: i32): void { backwardLoop(U_SIGMOID, x, y, g, out, n); }
export function tanhBackward(x: usize, y: usize, g: usize, out: usize, n: i32): void { backwardLoop(U_TANH, x, y, g, out, n); }
export function geluBackward(x: usize, y: usize, g: usize, out: usize, n: i32): void { backwardLoop(U_GELU, x, y, g, out, n); }
export function softplusBackward(x: usize, y: usize, g: usize, out: usize, n: i32): void { backwardLoop(U_SOFTPLUS, x, y, g, out, n); }
export function signBackward(x: usize, y: usize, g: usize, out: usize, n: i32): void { backwardLoop(U_SIGN, x, y, g, out, n); }
export function erfBackward(x: usize, y: usize, g: usize, out: usize, n: i32): void { backwardLoop(U_ERF, x, y, g, out, n); }

/** out[i] = g[i]·f'(x[i]) in one pass; y = f(x) is the forward output (read by exp, sqrt, relu, sigmoid, tanh). */
export function unaryBackward(op: i32, x: usize, y: usize, g: usize, out: usize, n: i32): void {
  switch (op) {
    case U_ABS: absBackward(x, y, g, out, n); break;
    case U_EXP: expBackward(x, y, g, out, n); break;
    case U_LOG: logBackward(x, y, g, out, n); break;
    case U_SQRT: sqrtBackward(x, y, g, out, n); break;
    case U_SQUARE: squareBackward(x, y, g, out, n); break;
    case U_RELU: reluBackward(x, y, g, out, n); break;
    case U_SIGMOID: sigmoidBackward(x, y, g, out, n); break;
    case U_TANH: tanhBackward(x, y, g, out, n); break;
    case U_GELU: geluBackward(x, y, g, out, n); break;
    case U_SOFTPLUS: softplusBackward(x, y, g, out, n); break;
    case U_SIGN: signBackward(x, y, g, out, n); break;
    case U_ERF: erfBackward(x, y, g, out, n); break;
    default: assert(false, 'unaryBackward: unknown op code');
  }
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

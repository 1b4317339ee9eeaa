// Vector kernels for the optimizers: dot products and axpy for L-BFGS, and the power sums
// behind gradient norms (clipGradNorm) and L1 penalties. Products and powers are float32, as
// torch computes them; their sums accumulate in float64 lanes, so the order of summation
// barely matters and results are identical on every runtime.
import { pow32x4 } from '../math';
import { stageIn } from './tail';
import { NORM_L1, NORM_L2, NORM_INF, NORM_POWER } from '../opcodes';

// @ts-ignore: decorator
@inline function widenSum(acc: v128, v: v128): v128 {
  const low = f64x2.promote_low_f32x4(v);
  const high = f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1));
  return f64x2.add(acc, f64x2.add(low, high));
}

// @ts-ignore: decorator
@inline function total(acc: v128): f64 {
  return f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
}

/** Σ a[i]·b[i], each product rounded to float32, summed in float64. */
export function dotF32(a: usize, b: usize, n: i32): f64 {
  let acc = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    acc = widenSum(acc, f32x4.mul(v128.load(a + o), v128.load(b + o)));
  }
  if (i < n) {
    const o = <usize>i << 2;
    acc = widenSum(acc, f32x4.mul(v128.load(stageIn(0, a + o, n - i)), v128.load(stageIn(1, b + o, n - i))));
  }
  return total(acc);
}

/** y[i] = y[i] + α·x[i] in place (torch's y.add_(x, alpha=α)). */
export function axpyF32(y: usize, x: usize, alpha: f32, n: i32): void {
  const a = f32x4.splat(alpha);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(y + o, f32x4.add(v128.load(y + o), f32x4.mul(a, v128.load(x + o))));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(y + o, load<f32>(y + o) + alpha * load<f32>(x + o));
  }
}

// @ts-ignore: decorator
@inline function powerLanes(mode: i32, v: v128, p: v128): v128 {
  const a = f32x4.abs(v);
  if (mode == NORM_L1) return a;
  if (mode == NORM_L2) return f32x4.mul(v, v);
  return pow32x4(a, p);
}

// @ts-ignore: decorator
@inline function powerSum(mode: i32, x: usize, n: i32, p: f32): f64 {
  const pv = f32x4.splat(p);
  let acc = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) acc = widenSum(acc, powerLanes(mode, v128.load(x + (<usize>i << 2)), pv));
  if (i < n) acc = widenSum(acc, powerLanes(mode, v128.load(stageIn(0, x + (<usize>i << 2), n - i)), pv));
  return total(acc);
}

/** max |x[i]| (NaN if any is NaN; 0 for n = 0). */
// @ts-ignore: decorator
@inline function absMax(x: usize, n: i32): f64 {
  let m = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) m = f32x4.max(m, f32x4.abs(v128.load(x + (<usize>i << 2))));
  if (i < n) m = f32x4.max(m, f32x4.abs(v128.load(stageIn(0, x + (<usize>i << 2), n - i))));
  const a = f32x4.extract_lane(m, 0), b = f32x4.extract_lane(m, 1);
  const c = f32x4.extract_lane(m, 2), d = f32x4.extract_lane(m, 3);
  if (a != a || b != b || c != c || d != d) return NaN;
  return <f64>max(max(a, b), max(c, d));
}

export function normPartL1(x: usize, n: i32): f64 { return powerSum(NORM_L1, x, n, 1); }
export function normPartL2(x: usize, n: i32): f64 { return powerSum(NORM_L2, x, n, 2); }
export function normPartInf(x: usize, n: i32): f64 { return absMax(x, n); }
export function normPartPower(x: usize, n: i32, p: f32): f64 { return powerSum(NORM_POWER, x, n, p); }

/** By mode: Σ|x| (L1), Σx² (L2), max|x| (INF), Σ|x|^p (POWER), over n floats; dispatches once per call. */
export function normPart(mode: i32, x: usize, n: i32, p: f32): f64 {
  switch (mode) {
    case NORM_L1: return normPartL1(x, n);
    case NORM_L2: return normPartL2(x, n);
    case NORM_INF: return normPartInf(x, n);
    default: return normPartPower(x, n, p);
  }
}

/** out[i] = s·sign(x[i]) (0 at 0, NaN at NaN): the gradient of s·Σ|x|. */
export function scaledSign(x: usize, out: usize, s: f32, n: i32): void {
  const zero = f32x4.splat(0), scale = f32x4.splat(s), negScale = f32x4.splat(-s);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const v = v128.load(x + o);
    const signed = v128.or(v128.and(f32x4.gt(v, zero), scale), v128.and(f32x4.lt(v, zero), negScale));
    v128.store(out + o, v128.bitselect(v, signed, f32x4.ne(v, v)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const v = load<f32>(x + o);
    store<f32>(out + o, v != v ? v : v > 0 ? s : v < 0 ? -s : 0);
  }
}

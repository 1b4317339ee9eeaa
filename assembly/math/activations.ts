// tanh, sigmoid and softplus in float32, scalar and f32x4, built on exp and log; and sign.
import { V_ONE, V_SIGN_MASK, V_TWO, splat, splatI, zeros } from './simd';
import { exp32, exp32x4, log1pUnit, log1pUnitx4 } from './exp_log';

// tanh x = x + x^3 P(x^2) on |x| < 0.55 (relative error 1.4e-10)
const TANH_SMALL: f32 = 0.55;
const TANH_C0: f32 = -0.3333333134651184;
const TANH_C1: f32 = 0.1333322674036026;
const TANH_C2: f32 = -0.05394915118813515;
const TANH_C3: f32 = 0.021711383014917374;
const TANH_C4: f32 = -0.008193974383175373;
const TANH_C5: f32 = 0.002144390484318137;

// Broadcast sources for the SIMD code (see simd.ts).
const V_SOFTPLUS_THRESHOLD = memory.data<f32>([20]);
const V_TANH_C4 = memory.data<f32>([TANH_C4]);
const V_TANH_C5 = memory.data<f32>([TANH_C5]);
const V_TANH_C3 = memory.data<f32>([TANH_C3]);
const V_TANH_C2 = memory.data<f32>([TANH_C2]);
const V_TANH_C1 = memory.data<f32>([TANH_C1]);
const V_TANH_C0 = memory.data<f32>([TANH_C0]);
const V_TANH_SMALL = memory.data<f32>([TANH_SMALL]);

// ---- tanh, sigmoid, softplus -----------------------------------------------------------------

// tanh |x| = |x| + |x|^3 P(x^2) below 0.55, else 1 - 2/(e^(2|x|) + 1); the sign is copied back.
// @ts-ignore: decorator
@inline export function tanh32(x: f32): f32 {
  const a = abs<f32>(x);
  let r: f32;
  if (a < TANH_SMALL) {
    const z = a * a;
    r = a + a * (z * (TANH_C0 + z * (TANH_C1 + z * (TANH_C2 + z * (TANH_C3 + z * (TANH_C4 + z * TANH_C5))))));
  } else {
    r = <f32>1 - <f32>2 / (exp32(a + a) + 1);
  }
  return copysign<f32>(r, x);
}

// @ts-ignore: decorator
@inline export function tanh32x4(x: v128): v128 {
  const a = f32x4.abs(x);
  const z = f32x4.mul(a, a);
  let p = f32x4.add(splat(V_TANH_C4), f32x4.mul(z, splat(V_TANH_C5)));
  p = f32x4.add(splat(V_TANH_C3), f32x4.mul(z, p));
  p = f32x4.add(splat(V_TANH_C2), f32x4.mul(z, p));
  p = f32x4.add(splat(V_TANH_C1), f32x4.mul(z, p));
  p = f32x4.add(splat(V_TANH_C0), f32x4.mul(z, p));
  const small = f32x4.add(a, f32x4.mul(a, f32x4.mul(z, p)));
  const large = f32x4.sub(splat(V_ONE), f32x4.div(splat(V_TWO), f32x4.add(exp32x4(f32x4.add(a, a)), splat(V_ONE))));
  const r = v128.bitselect(small, large, f32x4.lt(a, splat(V_TANH_SMALL)));
  return v128.or(r, v128.and(x, splatI(V_SIGN_MASK)));
}

// sigmoid x = 1/(1 + e^-x) for x >= 0, e^x/(1 + e^x) below: e = e^-|x| never overflows, and the
// negative side keeps full relative precision down to the denormals. The rounding error of
// s = 1 + e is recovered exactly ((1 - s) + e) and folded into 1/s to first order.
// @ts-ignore: decorator
@inline export function sigmoid32(x: f32): f32 {
  const e = exp32(-abs<f32>(x));
  const s = <f32>1 + e;
  const t0 = <f32>1 / s;
  const t = t0 - t0 * ((<f32>1 - s + e) * t0);
  return x >= 0 ? t : e * t;
}

// @ts-ignore: decorator
@inline export function sigmoid32x4(x: v128): v128 {
  const e = exp32x4(f32x4.neg(f32x4.abs(x)));
  const s = f32x4.add(splat(V_ONE), e);
  const t0 = f32x4.div(splat(V_ONE), s);
  const t = f32x4.sub(t0, f32x4.mul(t0, f32x4.mul(f32x4.add(f32x4.sub(splat(V_ONE), s), e), t0)));
  return v128.bitselect(t, f32x4.mul(e, t), f32x4.ge(x, zeros()));
}

// softplus x = log(1 + e^x) = max(x, 0) + log1p(e^-|x|); x above 20 returns x (torch's threshold).
// @ts-ignore: decorator
@inline export function softplus32(x: f32): f32 {
  if (x > 20) return x;
  return max<f32>(x, 0) + log1pUnit(exp32(-abs<f32>(x)));
}

// @ts-ignore: decorator
@inline export function softplus32x4(x: v128): v128 {
  const r = f32x4.add(f32x4.max(x, zeros()), log1pUnitx4(exp32x4(f32x4.neg(f32x4.abs(x)))));
  return v128.bitselect(x, r, f32x4.gt(x, splat(V_SOFTPLUS_THRESHOLD)));
}

// ---- sign ------------------------------------------------------------------------------------

// sign x: -1, 0 (keeping the sign of a zero) or 1; NaN stays NaN.
// @ts-ignore: decorator
@inline export function sign32(v: f32): f32 {
  return v > 0 ? 1 : v < 0 ? -1 : v;
}

// @ts-ignore: decorator
@inline export function sign32x4(v: v128): v128 {
  const one = f32x4.splat(1);
  const pos = f32x4.gt(v, f32x4.splat(0));
  const neg = f32x4.lt(v, f32x4.splat(0));
  return v128.bitselect(one, v128.bitselect(f32x4.neg(one), v, neg), pos);
}

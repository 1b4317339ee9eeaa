// pow in float32, computed in float64 (log2 by atanh series, 2^r by Taylor), scalar and f64x2.
import { V64_ONE, V_127, V_HALF, V_INF, V_NAN, V_NEG_INF, V_ONE, V_SIGN_MASK, V_TWO, splat, splat64, splatI, zeros } from './simd';
import { MANTISSA_MASK, SQRT_HALF_BITS, V_MANTISSA_MASK, V_SQRT_HALF_BITS, logBits, logBitsx4 } from './exp_log';

// pow works in float64: log2 m = 2 log2(e) atanh(s), s = (m-1)/(m+1) (Taylor, error < 1e-12),
// 2^r = sum (r ln2)^j / j! on |r| <= 1/2 (Taylor to degree 10, error < 1e-13).
const POW_L0: f64 = 2.8853900817779268;
const POW_L1: f64 = 0.9617966939259756;
const POW_L2: f64 = 0.5770780163555853;
const POW_L3: f64 = 0.4121985831111324;
const POW_L4: f64 = 0.3205988979753252;
const POW_L5: f64 = 0.2623081892525388;
const POW_L6: f64 = 0.22195308321368667;
const POW_E1: f64 = 0.6931471805599453;
const POW_E2: f64 = 0.24022650695910072;
const POW_E3: f64 = 0.05550410866482158;
const POW_E4: f64 = 0.009618129107628477;
const POW_E5: f64 = 0.0013333558146428443;
const POW_E6: f64 = 0.0001540353039338161;
const POW_E7: f64 = 1.5252733804059841e-05;
const POW_E8: f64 = 1.321548679014431e-06;
const POW_E9: f64 = 1.01780860092397e-07;
const POW_E10: f64 = 7.054911620801123e-09;
const POW_ROUND_MAGIC: f64 = 6755399441055744.0; // 1.5·2^52
const POW_EXP2_LIMIT: f64 = 200.0;

// Broadcast sources for the SIMD code (see simd.ts).
const V64_POW_L5 = memory.data<f64>([POW_L5]);
const V64_POW_L6 = memory.data<f64>([POW_L6]);
const V64_POW_L4 = memory.data<f64>([POW_L4]);
const V64_POW_L3 = memory.data<f64>([POW_L3]);
const V64_POW_L2 = memory.data<f64>([POW_L2]);
const V64_POW_L1 = memory.data<f64>([POW_L1]);
const V64_POW_L0 = memory.data<f64>([POW_L0]);
const V64_NEG_POW_EXP2_LIMIT = memory.data<f64>([-POW_EXP2_LIMIT]);
const V64_POW_EXP2_LIMIT = memory.data<f64>([POW_EXP2_LIMIT]);
const V64_POW_ROUND_MAGIC = memory.data<f64>([POW_ROUND_MAGIC]);
const V64_POW_E9 = memory.data<f64>([POW_E9]);
const V64_POW_E10 = memory.data<f64>([POW_E10]);
const V64_POW_E8 = memory.data<f64>([POW_E8]);
const V64_POW_E7 = memory.data<f64>([POW_E7]);
const V64_POW_E6 = memory.data<f64>([POW_E6]);
const V64_POW_E5 = memory.data<f64>([POW_E5]);
const V64_POW_E4 = memory.data<f64>([POW_E4]);
const V64_POW_E3 = memory.data<f64>([POW_E3]);
const V64_POW_E2 = memory.data<f64>([POW_E2]);
const V64_POW_E1 = memory.data<f64>([POW_E1]);
const V64_EXPONENT_BIAS = memory.data<i64>([<i64>1023 << 52]);

// ---- pow -----------------------------------------------------------------------------------
// |x|^y = 2^(y log2|x|), evaluated in float64 so that the error of log2|x| is not multiplied by
// y (a float32 log would lose up to 7 bits at y log2|x| ~ 100). The exponent of x is read from
// its float32 bits; the special cases follow C's powf (see the overrides below).

// @ts-ignore: decorator
@inline function log2Mantissa64(m: f64, k: f64): f64 {
  const s = (m - 1) / (m + 1);
  const z = s * s;
  return k + s * (POW_L0 + z * (POW_L1 + z * (POW_L2 + z * (POW_L3 + z * (POW_L4 + z * (POW_L5 + z * POW_L6))))));
}

// @ts-ignore: decorator
@inline function log2Mantissa64x2(m: v128, k: v128): v128 {
  const s = f64x2.div(f64x2.sub(m, splat64(V64_ONE)), f64x2.add(m, splat64(V64_ONE)));
  const z = f64x2.mul(s, s);
  let p = f64x2.add(splat64(V64_POW_L5), f64x2.mul(z, splat64(V64_POW_L6)));
  p = f64x2.add(splat64(V64_POW_L4), f64x2.mul(z, p));
  p = f64x2.add(splat64(V64_POW_L3), f64x2.mul(z, p));
  p = f64x2.add(splat64(V64_POW_L2), f64x2.mul(z, p));
  p = f64x2.add(splat64(V64_POW_L1), f64x2.mul(z, p));
  p = f64x2.add(splat64(V64_POW_L0), f64x2.mul(z, p));
  return f64x2.add(k, f64x2.mul(s, p));
}

// @ts-ignore: decorator
@inline function exp2Poly64(r: f64): f64 {
  return 1 + r * (POW_E1 + r * (POW_E2 + r * (POW_E3 + r * (POW_E4 + r * (POW_E5 + r * (POW_E6 +
    r * (POW_E7 + r * (POW_E8 + r * (POW_E9 + r * POW_E10)))))))));
}

// @ts-ignore: decorator
@inline function exp2_64(v: f64): f64 {
  const vc = min<f64>(max<f64>(v, -POW_EXP2_LIMIT), POW_EXP2_LIMIT);
  const t = vc + POW_ROUND_MAGIC;
  const r = vc - (t - POW_ROUND_MAGIC);
  const scale = reinterpret<f64>((reinterpret<i64>(t) << 52) + (<i64>1023 << 52));
  return exp2Poly64(r) * scale;
}

// @ts-ignore: decorator
@inline function exp2_64x2(v: v128): v128 {
  const vc = f64x2.min(f64x2.max(v, splat64(V64_NEG_POW_EXP2_LIMIT)), splat64(V64_POW_EXP2_LIMIT));
  const t = f64x2.add(vc, splat64(V64_POW_ROUND_MAGIC));
  const r = f64x2.sub(vc, f64x2.sub(t, splat64(V64_POW_ROUND_MAGIC)));
  let p = f64x2.add(splat64(V64_POW_E9), f64x2.mul(r, splat64(V64_POW_E10)));
  p = f64x2.add(splat64(V64_POW_E8), f64x2.mul(r, p));
  p = f64x2.add(splat64(V64_POW_E7), f64x2.mul(r, p));
  p = f64x2.add(splat64(V64_POW_E6), f64x2.mul(r, p));
  p = f64x2.add(splat64(V64_POW_E5), f64x2.mul(r, p));
  p = f64x2.add(splat64(V64_POW_E4), f64x2.mul(r, p));
  p = f64x2.add(splat64(V64_POW_E3), f64x2.mul(r, p));
  p = f64x2.add(splat64(V64_POW_E2), f64x2.mul(r, p));
  p = f64x2.add(splat64(V64_POW_E1), f64x2.mul(r, p));
  p = f64x2.add(splat64(V64_ONE), f64x2.mul(r, p));
  const scale = i64x2.add(i64x2.shl(t, 52), splat64(V64_EXPONENT_BIAS));
  return f64x2.mul(p, scale);
}

// @ts-ignore: decorator
@inline function isOddInteger(y: f32): bool {
  return trunc<f32>(y) == y && trunc<f32>(y * 0.5) * 2 != y;
}

// @ts-ignore: decorator
@inline export function pow32(x: f32, y: f32): f32 {
  if (y == 0 || x == 1) return 1;
  const ax = abs<f32>(x);
  if (x != x || y != y) return NaN;
  if (ax == 1 && abs<f32>(y) == Infinity) return 1; // (-1)^±Inf
  if (x < 0 && x != -Infinity && trunc<f32>(y) != y) return NaN;
  let mag: f32;
  if (ax == 0 || ax == Infinity) {
    mag = (ax == 0) != (y < 0) ? 0 : Infinity;
  } else {
    const b = logBits(ax);
    const m = <f64>reinterpret<f32>((b & MANTISSA_MASK) + SQRT_HALF_BITS);
    const k = <f64>((b >> 23) - 127);
    mag = <f32>exp2_64(<f64>y * log2Mantissa64(m, k));
  }
  return reinterpret<i32>(x) < 0 && isOddInteger(y) ? -mag : mag;
}

// @ts-ignore: decorator
@inline export function pow32x4(x: v128, y: v128): v128 {
  const ax = f32x4.abs(x);
  const b = logBitsx4(ax);
  const m = i32x4.add(v128.and(b, splatI(V_MANTISSA_MASK)), splatI(V_SQRT_HALF_BITS));
  const k = i32x4.sub(i32x4.shr_s(b, 23), splatI(V_127));
  const mHigh = v128.shuffle<i32>(m, m, 2, 3, 2, 3);
  const kHigh = v128.shuffle<i32>(k, k, 2, 3, 2, 3);
  const yHigh = v128.shuffle<i32>(y, y, 2, 3, 2, 3);
  const lo = exp2_64x2(f64x2.mul(f64x2.promote_low_f32x4(y),
    log2Mantissa64x2(f64x2.promote_low_f32x4(m), f64x2.convert_low_i32x4_s(k))));
  const hi = exp2_64x2(f64x2.mul(f64x2.promote_low_f32x4(yHigh),
    log2Mantissa64x2(f64x2.promote_low_f32x4(mHigh), f64x2.convert_low_i32x4_s(kHigh))));
  let mag = v128.shuffle<i32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
  // 0 and Inf bases: 0^y and Inf^-y are 0, the other two are Inf.
  const zero = f32x4.eq(ax, zeros());
  const edge = v128.or(zero, f32x4.eq(ax, splat(V_INF)));
  const edgeMag = v128.bitselect(zeros(), splat(V_INF), v128.xor(zero, f32x4.lt(y, zeros())));
  mag = v128.bitselect(edgeMag, mag, edge);
  // A negative base (or -0, -Inf) to an odd integer power is negative.
  const isInt = f32x4.eq(f32x4.trunc(y), y);
  const isOdd = v128.and(isInt, f32x4.ne(f32x4.mul(f32x4.trunc(f32x4.mul(y, splat(V_HALF))), splat(V_TWO)), y));
  let r = v128.or(mag, v128.and(v128.and(isOdd, x), splatI(V_SIGN_MASK)));
  // A finite negative base to a non-integer power, and any NaN operand, give NaN.
  const negFinite = v128.and(f32x4.lt(x, zeros()), f32x4.ne(x, splat(V_NEG_INF)));
  const nan = v128.or(v128.andnot(negFinite, isInt), v128.or(f32x4.ne(x, x), f32x4.ne(y, y)));
  r = v128.bitselect(splat(V_NAN), r, nan);
  // x^0 = 1, 1^y = 1 (even for NaN), (-1)^±Inf = 1.
  const one = v128.or(v128.or(f32x4.eq(y, zeros()), f32x4.eq(x, splat(V_ONE))),
    v128.and(f32x4.eq(ax, splat(V_ONE)), f32x4.eq(f32x4.abs(y), splat(V_INF))));
  return v128.bitselect(splat(V_ONE), r, one);
}

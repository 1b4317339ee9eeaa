// exp and log in float32, scalar and f32x4 (the same IEEE operations in the same order), and
// the log1p of [0, 1] that softplus uses.
import { V_127, V_HALF, V_INF, V_NAN, V_NEG_INF, V_ONE, V_TWO, splat, splatI, zeros } from './simd';

export const LOG2E: f32 = 1.4426950216293335;
// Cody–Waite split of ln 2: LN2_HI has 16 significant bits, so n·LN2_HI is exact for |n| < 256.
export const LN2_HI: f32 = 0.693145751953125;
export const LN2_LO: f32 = 1.428606765330187e-6;
// Adding 1.5·2^23 rounds a float of magnitude < 2^22 to an integer held in the low mantissa bits.
export const ROUND_MAGIC: f32 = 12582912.0;
export const ROUND_MAGIC_BITS: i32 = 0x4b400000;
// exp's input range after clamping: below -110 the result is 0, above 89 it is +Inf.
const EXP_MIN: f32 = -110.0;
const EXP_MAX: f32 = 89.0;
const MIN_NORMAL: f32 = 1.1754943508222875e-38;
const TWO_POW_23: f32 = 8388608.0;
// Moves the exponent boundary from 1 to sqrt(0.5): 0x3f800000 - bits(sqrt(0.5)).
export const SQRT_HALF_BITS: i32 = 0x3f3504f3;
const SQRT_HALF_SHIFT: i32 = 0x004afb0d;
export const MANTISSA_MASK: i32 = 0x007fffff;

// e^r = 1 + r + r^2 P(r) on |r| <= ln2/2 (relative error 3.2e-9)
const EXP_C0: f32 = 0.4999999403953552;
const EXP_C1: f32 = 0.16666516661643982;
const EXP_C2: f32 = 0.04166810214519501;
const EXP_C3: f32 = 0.008369192481040955;
const EXP_C4: f32 = 0.001383890281431377;

// log(1+f) = f - f^2/2 + s (f^2/2 + R), s = f/(2+f), R = z P(z), z = s^2 <= 0.02944 (2.5e-11)
const LOG_C0: f32 = 0.6666666269302368;
const LOG_C1: f32 = 0.40000975131988525;
const LOG_C2: f32 = 0.28498485684394836;
const LOG_C3: f32 = 0.24286235868930817;

// Broadcast sources for the SIMD code (see simd.ts).
const V_EXP_C3 = memory.data<f32>([EXP_C3]);
const V_EXP_C4 = memory.data<f32>([EXP_C4]);
const V_EXP_C2 = memory.data<f32>([EXP_C2]);
const V_EXP_C1 = memory.data<f32>([EXP_C1]);
const V_EXP_C0 = memory.data<f32>([EXP_C0]);
const V_EXP_MIN = memory.data<f32>([EXP_MIN]);
const V_EXP_MAX = memory.data<f32>([EXP_MAX]);
export const V_LOG2E = memory.data<f32>([LOG2E]);
export const V_ROUND_MAGIC = memory.data<f32>([ROUND_MAGIC]);
export const V_LN2_HI = memory.data<f32>([LN2_HI]);
export const V_LN2_LO = memory.data<f32>([LN2_LO]);
const V_MIN_NORMAL = memory.data<f32>([MIN_NORMAL]);
const V_TWO_POW_23 = memory.data<f32>([TWO_POW_23]);
const V_LOG_C2 = memory.data<f32>([LOG_C2]);
const V_LOG_C3 = memory.data<f32>([LOG_C3]);
const V_LOG_C1 = memory.data<f32>([LOG_C1]);
const V_LOG_C0 = memory.data<f32>([LOG_C0]);
const V_23_EXPONENT = memory.data<i32>([23 << 23]);
export const V_ROUND_MAGIC_BITS = memory.data<i32>([ROUND_MAGIC_BITS]);
const V_SQRT_HALF_SHIFT = memory.data<i32>([SQRT_HALF_SHIFT]);
export const V_MANTISSA_MASK = memory.data<i32>([MANTISSA_MASK]);
export const V_SQRT_HALF_BITS = memory.data<i32>([SQRT_HALF_BITS]);

// ---- exp -----------------------------------------------------------------------------------
// x = n ln2 + r with n = round(x / ln2), |r| <= ln2/2 (Cody–Waite: r = x - n LN2_HI - n LN2_LO);
// e^x = 2^n e^r, with 2^n applied as two exponent-field multiplies 2^(n>>1) · 2^(n - n>>1) so
// that overflow gives +Inf and results below 2^-126 round once into the denormals.

// e^r - 1 = r + r^2 P(r) on |r| <= ln2/2, without the 1 (expm1 uses it for n = 0).
// @ts-ignore: decorator
@inline export function expm1Poly(r: f32): f32 {
  return r + r * r * (EXP_C0 + r * (EXP_C1 + r * (EXP_C2 + r * (EXP_C3 + r * EXP_C4))));
}

// @ts-ignore: decorator
@inline export function expm1Polyx4(r: v128): v128 {
  let p = f32x4.add(splat(V_EXP_C3), f32x4.mul(r, splat(V_EXP_C4)));
  p = f32x4.add(splat(V_EXP_C2), f32x4.mul(r, p));
  p = f32x4.add(splat(V_EXP_C1), f32x4.mul(r, p));
  p = f32x4.add(splat(V_EXP_C0), f32x4.mul(r, p));
  return f32x4.add(r, f32x4.mul(f32x4.mul(r, r), p));
}

// @ts-ignore: decorator
@inline export function expPoly(r: f32): f32 {
  return <f32>1 + expm1Poly(r);
}

// @ts-ignore: decorator
@inline export function expPolyx4(r: v128): v128 {
  return f32x4.add(splat(V_ONE), expm1Polyx4(r));
}

// @ts-ignore: decorator
@inline export function scaleByPow2(p: f32, n: i32): f32 {
  const n1 = n >> 1;
  const s1 = reinterpret<f32>((n1 + 127) << 23);
  const s2 = reinterpret<f32>((n - n1 + 127) << 23);
  return p * s1 * s2;
}

// @ts-ignore: decorator
@inline export function scaleByPow2x4(p: v128, n: v128): v128 {
  const n1 = i32x4.shr_s(n, 1);
  const s1 = i32x4.shl(i32x4.add(n1, splatI(V_127)), 23);
  const s2 = i32x4.shl(i32x4.add(i32x4.sub(n, n1), splatI(V_127)), 23);
  return f32x4.mul(f32x4.mul(p, s1), s2);
}

// @ts-ignore: decorator
@inline export function exp32(x: f32): f32 {
  const xc = min<f32>(max<f32>(x, EXP_MIN), EXP_MAX); // NaN stays NaN
  const t = xc * LOG2E + ROUND_MAGIC;
  const n = t - ROUND_MAGIC;
  const r = (xc - n * LN2_HI) - n * LN2_LO;
  return scaleByPow2(expPoly(r), reinterpret<i32>(t) - ROUND_MAGIC_BITS);
}

// @ts-ignore: decorator
@inline export function exp32x4(x: v128): v128 {
  const xc = f32x4.min(f32x4.max(x, splat(V_EXP_MIN)), splat(V_EXP_MAX));
  const t = f32x4.add(f32x4.mul(xc, splat(V_LOG2E)), splat(V_ROUND_MAGIC));
  const n = f32x4.sub(t, splat(V_ROUND_MAGIC));
  const r = f32x4.sub(f32x4.sub(xc, f32x4.mul(n, splat(V_LN2_HI))), f32x4.mul(n, splat(V_LN2_LO)));
  return scaleByPow2x4(expPolyx4(r), i32x4.sub(t, splatI(V_ROUND_MAGIC_BITS)));
}

// ---- expm1 ---------------------------------------------------------------------------------
// e^x - 1 with exp's reduction: for n = 0 (|x| < ln2/2) the polynomial without its 1, which
// keeps the relative accuracy of tiny x; otherwise 2^n (1 + p) - 1, where the subtraction loses
// at most a bit (the result is at least 1 - 2^-0.5 in magnitude).

// @ts-ignore: decorator
@inline export function expm1_32(x: f32): f32 {
  const xc = min<f32>(max<f32>(x, EXP_MIN), EXP_MAX); // NaN stays NaN
  const t = xc * LOG2E + ROUND_MAGIC;
  const n = t - ROUND_MAGIC;
  const r = (xc - n * LN2_HI) - n * LN2_LO;
  const p = expm1Poly(r);
  const k = reinterpret<i32>(t) - ROUND_MAGIC_BITS;
  return k == 0 ? p : scaleByPow2(<f32>1 + p, k) - 1;
}

// @ts-ignore: decorator
@inline export function expm1_32x4(x: v128): v128 {
  const xc = f32x4.min(f32x4.max(x, splat(V_EXP_MIN)), splat(V_EXP_MAX));
  const t = f32x4.add(f32x4.mul(xc, splat(V_LOG2E)), splat(V_ROUND_MAGIC));
  const n = f32x4.sub(t, splat(V_ROUND_MAGIC));
  const r = f32x4.sub(f32x4.sub(xc, f32x4.mul(n, splat(V_LN2_HI))), f32x4.mul(n, splat(V_LN2_LO)));
  const p = expm1Polyx4(r);
  const k = i32x4.sub(t, splatI(V_ROUND_MAGIC_BITS));
  const scaled = f32x4.sub(scaleByPow2x4(f32x4.add(splat(V_ONE), p), k), splat(V_ONE));
  return v128.bitselect(p, scaled, i32x4.eq(k, zeros()));
}

// ---- log -----------------------------------------------------------------------------------
// x = 2^k m with m in [sqrt(1/2), sqrt 2) read from the bits (denormals are first scaled by
// 2^23); f = m - 1, s = f/(2+f), log(1+f) = 2 atanh s = f - f^2/2 + s (f^2/2 + R(s^2)), and
// log x = k LN2_HI + (log(1+f) + k LN2_LO), small terms added first.

// The bits of x (positive) with the exponent re-based at sqrt(1/2): k = (b >> 23) - 127 and
// m = bits((b & MANTISSA) + bits(sqrt(1/2))).
// @ts-ignore: decorator
@inline export function logBits(x: f32): i32 {
  if (x < MIN_NORMAL) return reinterpret<i32>(x * TWO_POW_23) + SQRT_HALF_SHIFT - (23 << 23);
  return reinterpret<i32>(x) + SQRT_HALF_SHIFT;
}

// @ts-ignore: decorator
@inline export function logBitsx4(x: v128): v128 {
  const tiny = f32x4.lt(x, splat(V_MIN_NORMAL));
  const xs = v128.bitselect(f32x4.mul(x, splat(V_TWO_POW_23)), x, tiny);
  return i32x4.sub(i32x4.add(xs, splatI(V_SQRT_HALF_SHIFT)), v128.and(tiny, splatI(V_23_EXPONENT)));
}

// @ts-ignore: decorator
@inline function logFromBits(b: i32): f32 {
  const dk = <f32>((b >> 23) - 127);
  const f = reinterpret<f32>((b & MANTISSA_MASK) + SQRT_HALF_BITS) - 1;
  const s = f / (<f32>2 + f);
  const z = s * s;
  const r = z * (LOG_C0 + z * (LOG_C1 + z * (LOG_C2 + z * LOG_C3)));
  const hfsq = <f32>0.5 * f * f;
  return dk * LN2_HI + (f - hfsq + (s * (hfsq + r) + dk * LN2_LO));
}

// @ts-ignore: decorator
@inline function logFromBitsx4(b: v128): v128 {
  const dk = f32x4.convert_i32x4_s(i32x4.sub(i32x4.shr_s(b, 23), splatI(V_127)));
  const m = i32x4.add(v128.and(b, splatI(V_MANTISSA_MASK)), splatI(V_SQRT_HALF_BITS));
  const f = f32x4.sub(m, splat(V_ONE));
  const s = f32x4.div(f, f32x4.add(splat(V_TWO), f));
  const z = f32x4.mul(s, s);
  let r = f32x4.add(splat(V_LOG_C2), f32x4.mul(z, splat(V_LOG_C3)));
  r = f32x4.add(splat(V_LOG_C1), f32x4.mul(z, r));
  r = f32x4.mul(z, f32x4.add(splat(V_LOG_C0), f32x4.mul(z, r)));
  const hfsq = f32x4.mul(f32x4.mul(splat(V_HALF), f), f);
  const tail = f32x4.add(f32x4.mul(s, f32x4.add(hfsq, r)), f32x4.mul(dk, splat(V_LN2_LO)));
  return f32x4.add(f32x4.mul(dk, splat(V_LN2_HI)), f32x4.add(f32x4.sub(f, hfsq), tail));
}

// @ts-ignore: decorator
@inline export function log32(x: f32): f32 {
  if (!(x >= 0)) return NaN; // negative or NaN
  if (x == 0) return -Infinity;
  if (x == Infinity) return Infinity;
  return logFromBits(logBits(x));
}

// @ts-ignore: decorator
@inline export function log32x4(x: v128): v128 {
  let r = logFromBitsx4(logBitsx4(x));
  r = v128.bitselect(splat(V_NEG_INF), r, f32x4.eq(x, zeros()));
  r = v128.bitselect(splat(V_INF), r, f32x4.eq(x, splat(V_INF)));
  return v128.bitselect(splat(V_NAN), r, v128.not(f32x4.ge(x, zeros())));
}

// log(1 + e) for e in [0, 1]: u = fl(1 + e) loses the low bits of e; (e - (u - 1)) / u puts
// their first-order effect back (u - 1 and e - (u - 1) are exact).
// @ts-ignore: decorator
@inline export function log1pUnit(e: f32): f32 {
  const u = <f32>1 + e;
  return logFromBits(reinterpret<i32>(u) + SQRT_HALF_SHIFT) + (e - (u - 1)) / u;
}

// @ts-ignore: decorator
@inline export function log1pUnitx4(e: v128): v128 {
  const u = f32x4.add(splat(V_ONE), e);
  const c = f32x4.div(f32x4.sub(e, f32x4.sub(u, splat(V_ONE))), u);
  return f32x4.add(logFromBitsx4(i32x4.add(u, splatI(V_SQRT_HALF_SHIFT))), c);
}

// ---- log1p ---------------------------------------------------------------------------------
// log(1 + x) for any x: u = fl(1 + x), log u + (x - (u - 1)) / u (log1pUnit's correction, exact
// in u - 1 and x - (u - 1)); u = 0 (x = -1) gives -Inf and x = +Inf gives +Inf, where the
// correction would be NaN; x < -1 gives NaN through log.

// @ts-ignore: decorator
@inline export function log1p32(x: f32): f32 {
  if (x == Infinity) return Infinity;
  const u = <f32>1 + x;
  if (u == 0) return -Infinity;
  return log32(u) + (x - (u - 1)) / u;
}

// @ts-ignore: decorator
@inline export function log1p32x4(x: v128): v128 {
  const u = f32x4.add(splat(V_ONE), x);
  const c = f32x4.div(f32x4.sub(x, f32x4.sub(u, splat(V_ONE))), u);
  let r = f32x4.add(log32x4(u), c);
  r = v128.bitselect(splat(V_NEG_INF), r, f32x4.eq(u, zeros()));
  return v128.bitselect(splat(V_INF), r, f32x4.eq(x, splat(V_INF)));
}

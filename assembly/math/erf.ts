// erf, the normal CDF and gelu (with their derivatives) in float32, scalar and f32x4. The
// normal tail is exp of a piecewise polynomial, evaluated with exp's reduction.
import { V_HALF, V_ONE, V_SIGN_MASK, V_TWO, splat, splatI, zeros } from './simd';
import { LN2_HI, LN2_LO, LOG2E, ROUND_MAGIC, ROUND_MAGIC_BITS, V_LN2_HI, V_LN2_LO, V_LOG2E, V_ROUND_MAGIC, V_ROUND_MAGIC_BITS, exp32, exp32x4, expPoly, expPolyx4, scaleByPow2, scaleByPow2x4 } from './exp_log';

// Keeps 10 significant bits: for 0.5 <= v < 64 such a float is a multiple of 2^-10 whose square
// is exact and a multiple of 2^-20.
const SPLIT_MASK: i32 = 0xffffc000;
const SQRT2: f32 = 1.4142135381698608;
const INV_SQRT2: f32 = 0.7071067690849304;
const TWO_OVER_SQRT_PI: f32 = 1.128379225730896;
const INV_SQRT_2PI: f32 = 0.3989422917366028;

// erf x = x + x P(x^2) on |x| < 0.875 (relative error 1e-9)
const ERF_SMALL: f32 = 0.875;
const ERF_C0: f32 = 0.12837916612625122;
const ERF_C1: f32 = -0.3761262893676758;
const ERF_C2: f32 = 0.11283622682094574;
const ERF_C3: f32 = -0.02685534954071045;
const ERF_C4: f32 = 0.00519077992066741;
const ERF_C5: f32 = -0.0008022527908906341;
const ERF_C6: f32 = 7.840833131922409e-05;

// The lower tail of the normal CDF, Phi(-u) = exp(-u^2/2 + G(u)) for 0.6 <= u <= 15.5, G in four
// pieces, each a degree-9 polynomial in (u - centre); the constant is a pair C0H + C0L with C0H a
// multiple of 2^-20 (see normalTail). Coefficients: tools/reference/minimax.py normal.
const NT_SPLIT1: f32 = 1.6;
const NT_SPLIT2: f32 = 3.55;
const NT_SPLIT3: f32 = 7.8;
const NT_MAX: f32 = 15.5; // Phi(-15.5) ~ 1.7e-54: 0 in float32
const ERF_MAX: f32 = 10.9; // erfc(10.9) ~ 4e-53; keeps u = a sqrt 2 below NT_MAX
const CDF_TAIL_START: f32 = 0.7; // Phi(x) for x <= -0.7 comes from the tail
// normal tail piece 0 on [0.6, 1.6], centre 1.0: error 1.07e-09 (float32 coefficients 7.06e-09)
const NT0_CENTRE: f32 = 1.0;
const NT0_C0H: f32 = -1.3410215377807617;
const NT0_C0L: f32 = -1.0983632847683111e-07;
const NT0_C1: f32 = -0.5251352787017822;
const NT0_C2: f32 = 0.09954893589019775;
const NT0_C3: f32 = -0.019488753750920296;
const NT0_C4: f32 = 0.0032974642235785723;
const NT0_C5: f32 = -0.00040362298022955656;
const NT0_C6: f32 = 1.684091148490552e-05;
const NT0_C7: f32 = 0.0;
const NT0_C8: f32 = 0.0;
const NT0_C9: f32 = 0.0;

// normal tail piece 1 on [1.6, 3.55], centre 2.375: error 1.68e-11 (float32 coefficients 1.25e-08)
const NT1_CENTRE: f32 = 2.375;
const NT1_C0H: f32 = -1.9155960083007812;
const NT1_C0L: f32 = 1.769536197571142e-07;
const NT1_C1: f32 = -0.3342105746269226;
const NT1_C2: f32 = 0.0472765676677227;
const NT1_C3: f32 = -0.007740924600511789;
const NT1_C4: f32 = 0.001244678976945579;
const NT1_C5: f32 = -0.00018396100495010614;
const NT1_C6: f32 = 2.329510243725963e-05;
const NT1_C7: f32 = -2.0925028820784064e-06;
const NT1_C8: f32 = -4.700570599425191e-09;
const NT1_C9: f32 = 3.421971683792435e-08;

// normal tail piece 2 on [3.55, 7.8], centre 5.625: error 6.6e-10 (float32 coefficients 5.06e-09)
const NT2_CENTRE: f32 = 5.625;
const NT2_C0H: f32 = -2.6755876541137695;
const NT2_C0L: f32 = -8.472851220631128e-08;
const NT2_C1: f32 = -0.1679937094449997;
const NT2_C2: f32 = 0.01340674702078104;
const NT2_C3: f32 = -0.0013597877696156502;
const NT2_C4: f32 = 0.00014814008318353444;
const NT2_C5: f32 = -1.6432612028438598e-05;
const NT2_C6: f32 = 1.8021620462604915e-06;
const NT2_C7: f32 = -1.9470246570563177e-07;
const NT2_C8: f32 = 2.2214603490056106e-08;
const NT2_C9: f32 = -2.0671968581353894e-09;

// normal tail piece 3 on [7.8, 15.6], centre 11.75: error 1.94e-09 (float32 coefficients 5.21e-09)
const NT3_CENTRE: f32 = 11.75;
const NT3_C0H: f32 = -3.3899078369140625;
const NT3_C0L: f32 = -3.3491414797026664e-07;
const NT3_C1: f32 = -0.08391592651605606;
const NT3_C2: f32 = 0.0034729994367808104;
const NT3_C3: f32 = -0.00018908752826973796;
const NT3_C4: f32 = 1.143223653343739e-05;
const NT3_C5: f32 = -7.27817734968994e-07;
const NT3_C6: f32 = 4.7009280024212785e-08;
const NT3_C7: f32 = -3.081269461802094e-09;
const NT3_C8: f32 = 2.5110993839838613e-10;
const NT3_C9: f32 = -1.7999341600516416e-11;

// Broadcast sources for the SIMD code (see simd.ts).
const V_NEG_CDF_TAIL_START = memory.data<f32>([-CDF_TAIL_START]);
const V_NT0_CENTRE = memory.data<f32>([NT0_CENTRE]);
const V_NT1_CENTRE = memory.data<f32>([NT1_CENTRE]);
const V_NT2_CENTRE = memory.data<f32>([NT2_CENTRE]);
const V_NT3_CENTRE = memory.data<f32>([NT3_CENTRE]);
const V_NT0_C8 = memory.data<f32>([NT0_C8]);
const V_NT1_C8 = memory.data<f32>([NT1_C8]);
const V_NT2_C8 = memory.data<f32>([NT2_C8]);
const V_NT3_C8 = memory.data<f32>([NT3_C8]);
const V_NT0_C9 = memory.data<f32>([NT0_C9]);
const V_NT1_C9 = memory.data<f32>([NT1_C9]);
const V_NT2_C9 = memory.data<f32>([NT2_C9]);
const V_NT3_C9 = memory.data<f32>([NT3_C9]);
const V_NT0_C7 = memory.data<f32>([NT0_C7]);
const V_NT1_C7 = memory.data<f32>([NT1_C7]);
const V_NT2_C7 = memory.data<f32>([NT2_C7]);
const V_NT3_C7 = memory.data<f32>([NT3_C7]);
const V_NT0_C6 = memory.data<f32>([NT0_C6]);
const V_NT1_C6 = memory.data<f32>([NT1_C6]);
const V_NT2_C6 = memory.data<f32>([NT2_C6]);
const V_NT3_C6 = memory.data<f32>([NT3_C6]);
const V_NT0_C5 = memory.data<f32>([NT0_C5]);
const V_NT1_C5 = memory.data<f32>([NT1_C5]);
const V_NT2_C5 = memory.data<f32>([NT2_C5]);
const V_NT3_C5 = memory.data<f32>([NT3_C5]);
const V_NT0_C4 = memory.data<f32>([NT0_C4]);
const V_NT1_C4 = memory.data<f32>([NT1_C4]);
const V_NT2_C4 = memory.data<f32>([NT2_C4]);
const V_NT3_C4 = memory.data<f32>([NT3_C4]);
const V_NT0_C3 = memory.data<f32>([NT0_C3]);
const V_NT1_C3 = memory.data<f32>([NT1_C3]);
const V_NT2_C3 = memory.data<f32>([NT2_C3]);
const V_NT3_C3 = memory.data<f32>([NT3_C3]);
const V_NT0_C2 = memory.data<f32>([NT0_C2]);
const V_NT1_C2 = memory.data<f32>([NT1_C2]);
const V_NT2_C2 = memory.data<f32>([NT2_C2]);
const V_NT3_C2 = memory.data<f32>([NT3_C2]);
const V_NT0_C1 = memory.data<f32>([NT0_C1]);
const V_NT1_C1 = memory.data<f32>([NT1_C1]);
const V_NT2_C1 = memory.data<f32>([NT2_C1]);
const V_NT3_C1 = memory.data<f32>([NT3_C1]);
const V_NT0_C0H = memory.data<f32>([NT0_C0H]);
const V_NT1_C0H = memory.data<f32>([NT1_C0H]);
const V_NT2_C0H = memory.data<f32>([NT2_C0H]);
const V_NT3_C0H = memory.data<f32>([NT3_C0H]);
const V_NT0_C0L = memory.data<f32>([NT0_C0L]);
const V_NT1_C0L = memory.data<f32>([NT1_C0L]);
const V_NT2_C0L = memory.data<f32>([NT2_C0L]);
const V_NT3_C0L = memory.data<f32>([NT3_C0L]);
const V_NT_SPLIT1 = memory.data<f32>([NT_SPLIT1]);
const V_NT_SPLIT2 = memory.data<f32>([NT_SPLIT2]);
const V_NT_SPLIT3 = memory.data<f32>([NT_SPLIT3]);
const V_ERF_C5 = memory.data<f32>([ERF_C5]);
const V_ERF_C6 = memory.data<f32>([ERF_C6]);
const V_ERF_C4 = memory.data<f32>([ERF_C4]);
const V_ERF_C3 = memory.data<f32>([ERF_C3]);
const V_ERF_C2 = memory.data<f32>([ERF_C2]);
const V_ERF_C1 = memory.data<f32>([ERF_C1]);
const V_ERF_C0 = memory.data<f32>([ERF_C0]);
const V_ERF_MAX = memory.data<f32>([ERF_MAX]);
const V_SQRT2 = memory.data<f32>([SQRT2]);
const V_ERF_SMALL = memory.data<f32>([ERF_SMALL]);
const V_INV_SQRT2 = memory.data<f32>([INV_SQRT2]);
const V_NT_MAX = memory.data<f32>([NT_MAX]);
const V_INV_SQRT_2PI = memory.data<f32>([INV_SQRT_2PI]);
const V_TWO_OVER_SQRT_PI = memory.data<f32>([TWO_OVER_SQRT_PI]);
const V_SPLIT_MASK = memory.data<i32>([SPLIT_MASK]);

// ---- erf, the normal CDF, gelu ----------------------------------------------------------------

// Phi(-u) for 0.6 <= u <= 15.5, given u^2/2 = sqHi + sqLo with sqHi a multiple of 2^-21.
// exp(-sqHi + C0H + lo) is reduced as r = ((-sqHi - n LN2_HI) + C0H) + (lo - n LN2_LO): the
// first three terms are multiples of 2^-21 and both of their sums are below 4 in magnitude, so
// both sums are exact and the only roundings are in the small terms. u - centre is exact too
// (each piece lies within a factor 2 of its centre).
// @ts-ignore: decorator
@inline function normalTail(u: f32, sqHi: f32, sqLo: f32): f32 {
  let centre: f32, c0h: f32, c0l: f32, c1: f32, c2: f32, c3: f32, c4: f32, c5: f32, c6: f32, c7: f32, c8: f32, c9: f32;
  if (u < NT_SPLIT1) {
    centre = NT0_CENTRE; c0h = NT0_C0H; c0l = NT0_C0L; c1 = NT0_C1; c2 = NT0_C2; c3 = NT0_C3;
    c4 = NT0_C4; c5 = NT0_C5; c6 = NT0_C6; c7 = NT0_C7; c8 = NT0_C8; c9 = NT0_C9;
  } else if (u < NT_SPLIT2) {
    centre = NT1_CENTRE; c0h = NT1_C0H; c0l = NT1_C0L; c1 = NT1_C1; c2 = NT1_C2; c3 = NT1_C3;
    c4 = NT1_C4; c5 = NT1_C5; c6 = NT1_C6; c7 = NT1_C7; c8 = NT1_C8; c9 = NT1_C9;
  } else if (u < NT_SPLIT3) {
    centre = NT2_CENTRE; c0h = NT2_C0H; c0l = NT2_C0L; c1 = NT2_C1; c2 = NT2_C2; c3 = NT2_C3;
    c4 = NT2_C4; c5 = NT2_C5; c6 = NT2_C6; c7 = NT2_C7; c8 = NT2_C8; c9 = NT2_C9;
  } else {
    centre = NT3_CENTRE; c0h = NT3_C0H; c0l = NT3_C0L; c1 = NT3_C1; c2 = NT3_C2; c3 = NT3_C3;
    c4 = NT3_C4; c5 = NT3_C5; c6 = NT3_C6; c7 = NT3_C7; c8 = NT3_C8; c9 = NT3_C9;
  }
  const d = u - centre;
  const q = d * (c1 + d * (c2 + d * (c3 + d * (c4 + d * (c5 + d * (c6 + d * (c7 + d * (c8 + d * c9))))))));
  const hi = -sqHi;
  const lo = (q + c0l) - sqLo;
  const t = ((hi + c0h) + lo) * LOG2E + ROUND_MAGIC;
  const n = t - ROUND_MAGIC;
  const r = ((hi - n * LN2_HI) + c0h) + (lo - n * LN2_LO);
  return scaleByPow2(expPoly(r), reinterpret<i32>(t) - ROUND_MAGIC_BITS);
}

// The coefficient of the piece each lane falls in (m1..m3: u below the first..third split).
// @ts-ignore: decorator
@inline function pick(m1: v128, m2: v128, m3: v128, a: usize, b: usize, c: usize, d: usize): v128 {
  return v128.bitselect(splat(a), v128.bitselect(splat(b), v128.bitselect(splat(c), splat(d), m3), m2), m1);
}

// @ts-ignore: decorator
@inline function normalTailx4(u: v128, sqHi: v128, sqLo: v128): v128 {
  const m1 = f32x4.lt(u, splat(V_NT_SPLIT1));
  const m2 = f32x4.lt(u, splat(V_NT_SPLIT2));
  const m3 = f32x4.lt(u, splat(V_NT_SPLIT3));
  const d = f32x4.sub(u, pick(m1, m2, m3, V_NT0_CENTRE, V_NT1_CENTRE, V_NT2_CENTRE, V_NT3_CENTRE));
  let p = f32x4.add(pick(m1, m2, m3, V_NT0_C8, V_NT1_C8, V_NT2_C8, V_NT3_C8), f32x4.mul(d, pick(m1, m2, m3, V_NT0_C9, V_NT1_C9, V_NT2_C9, V_NT3_C9)));
  p = f32x4.add(pick(m1, m2, m3, V_NT0_C7, V_NT1_C7, V_NT2_C7, V_NT3_C7), f32x4.mul(d, p));
  p = f32x4.add(pick(m1, m2, m3, V_NT0_C6, V_NT1_C6, V_NT2_C6, V_NT3_C6), f32x4.mul(d, p));
  p = f32x4.add(pick(m1, m2, m3, V_NT0_C5, V_NT1_C5, V_NT2_C5, V_NT3_C5), f32x4.mul(d, p));
  p = f32x4.add(pick(m1, m2, m3, V_NT0_C4, V_NT1_C4, V_NT2_C4, V_NT3_C4), f32x4.mul(d, p));
  p = f32x4.add(pick(m1, m2, m3, V_NT0_C3, V_NT1_C3, V_NT2_C3, V_NT3_C3), f32x4.mul(d, p));
  p = f32x4.add(pick(m1, m2, m3, V_NT0_C2, V_NT1_C2, V_NT2_C2, V_NT3_C2), f32x4.mul(d, p));
  p = f32x4.add(pick(m1, m2, m3, V_NT0_C1, V_NT1_C1, V_NT2_C1, V_NT3_C1), f32x4.mul(d, p));
  const q = f32x4.mul(d, p);
  const c0h = pick(m1, m2, m3, V_NT0_C0H, V_NT1_C0H, V_NT2_C0H, V_NT3_C0H);
  const hi = f32x4.neg(sqHi);
  const lo = f32x4.sub(f32x4.add(q, pick(m1, m2, m3, V_NT0_C0L, V_NT1_C0L, V_NT2_C0L, V_NT3_C0L)), sqLo);
  const t = f32x4.add(f32x4.mul(f32x4.add(f32x4.add(hi, c0h), lo), splat(V_LOG2E)), splat(V_ROUND_MAGIC));
  const n = f32x4.sub(t, splat(V_ROUND_MAGIC));
  const r = f32x4.add(f32x4.add(f32x4.sub(hi, f32x4.mul(n, splat(V_LN2_HI))), c0h), f32x4.sub(lo, f32x4.mul(n, splat(V_LN2_LO))));
  return scaleByPow2x4(expPolyx4(r), i32x4.sub(t, splatI(V_ROUND_MAGIC_BITS)));
}

// erf of |z| < 0.875 (odd polynomial, sign included).
// @ts-ignore: decorator
@inline function erfSmall(z: f32): f32 {
  const w = z * z;
  return z + z * (ERF_C0 + w * (ERF_C1 + w * (ERF_C2 + w * (ERF_C3 + w * (ERF_C4 + w * (ERF_C5 + w * ERF_C6))))));
}

// @ts-ignore: decorator
@inline function erfSmallx4(z: v128): v128 {
  const w = f32x4.mul(z, z);
  let p = f32x4.add(splat(V_ERF_C5), f32x4.mul(w, splat(V_ERF_C6)));
  p = f32x4.add(splat(V_ERF_C4), f32x4.mul(w, p));
  p = f32x4.add(splat(V_ERF_C3), f32x4.mul(w, p));
  p = f32x4.add(splat(V_ERF_C2), f32x4.mul(w, p));
  p = f32x4.add(splat(V_ERF_C1), f32x4.mul(w, p));
  p = f32x4.add(splat(V_ERF_C0), f32x4.mul(w, p));
  return f32x4.add(z, f32x4.mul(z, p));
}

// erf x = x + x P(x^2) below 0.875; above, erf a = 1 - erfc a = 1 - 2 Phi(-a sqrt 2), with the
// exponent's a^2 split exactly (u = a sqrt 2 is rounded, but only enters G).
// @ts-ignore: decorator
@inline export function erf32(x: f32): f32 {
  const a = abs<f32>(x);
  if (a < ERF_SMALL) return erfSmall(x);
  const ac = min<f32>(a, ERF_MAX);
  const ah = reinterpret<f32>(reinterpret<i32>(ac) & SPLIT_MASK);
  const al = ac - ah;
  return copysign<f32>(<f32>1 - <f32>2 * normalTail(ac * SQRT2, ah * ah, (ah + ac) * al), x);
}

// @ts-ignore: decorator
@inline export function erf32x4(x: v128): v128 {
  const a = f32x4.abs(x);
  const ac = f32x4.min(a, splat(V_ERF_MAX));
  const ah = v128.and(ac, splatI(V_SPLIT_MASK));
  const al = f32x4.sub(ac, ah);
  const tail = normalTailx4(f32x4.mul(ac, splat(V_SQRT2)), f32x4.mul(ah, ah), f32x4.mul(f32x4.add(ah, ac), al));
  const large = v128.or(f32x4.sub(splat(V_ONE), f32x4.mul(splat(V_TWO), tail)), v128.and(x, splatI(V_SIGN_MASK)));
  return v128.bitselect(erfSmallx4(x), large, f32x4.lt(a, splat(V_ERF_SMALL)));
}

// Phi(x) = (1 + erf(x/sqrt 2))/2 for -0.7 < x < 1.237; elsewhere Phi(-|x|) from normalTail (or 1
// minus it), with |x|^2/2 formed exactly from x, so the lower tail keeps its relative precision
// (below -0.7, 1 + erf would cancel: Phi(-1.2) = 0.115 from 1 - 0.77).
// @ts-ignore: decorator
@inline function normalCdf(x: f32): f32 {
  const z = x * INV_SQRT2;
  if (abs<f32>(z) < ERF_SMALL && x > -CDF_TAIL_START) return <f32>0.5 + <f32>0.5 * erfSmall(z);
  const u = min<f32>(abs<f32>(x), NT_MAX);
  const uh = reinterpret<f32>(reinterpret<i32>(u) & SPLIT_MASK);
  const ul = u - uh;
  const tail = normalTail(u, uh * uh * <f32>0.5, (uh + u) * ul * <f32>0.5);
  return x > 0 ? <f32>1 - tail : tail;
}

// @ts-ignore: decorator
@inline function normalCdfx4(x: v128): v128 {
  const z = f32x4.mul(x, splat(V_INV_SQRT2));
  const near = f32x4.add(splat(V_HALF), f32x4.mul(splat(V_HALF), erfSmallx4(z)));
  const u = f32x4.min(f32x4.abs(x), splat(V_NT_MAX));
  const uh = v128.and(u, splatI(V_SPLIT_MASK));
  const ul = f32x4.sub(u, uh);
  const sqHi = f32x4.mul(f32x4.mul(uh, uh), splat(V_HALF));
  const sqLo = f32x4.mul(f32x4.mul(f32x4.add(uh, u), ul), splat(V_HALF));
  const tail = normalTailx4(u, sqHi, sqLo);
  const far = v128.bitselect(f32x4.sub(splat(V_ONE), tail), tail, f32x4.gt(x, zeros()));
  const nearMask = v128.and(f32x4.lt(f32x4.abs(z), splat(V_ERF_SMALL)), f32x4.gt(x, splat(V_NEG_CDF_TAIL_START)));
  return v128.bitselect(near, far, nearMask);
}

/** gelu x = x Phi(x), torch's exact (erf) form. */
// @ts-ignore: decorator
@inline export function gelu32(x: f32): f32 {
  return x * normalCdf(x);
}

// @ts-ignore: decorator
@inline export function gelu32x4(x: v128): v128 {
  return f32x4.mul(x, normalCdfx4(x));
}

/** d gelu / dx = Phi(x) + x phi(x), phi the standard normal density. */
// @ts-ignore: decorator
@inline export function geluGrad32(x: f32): f32 {
  return normalCdf(x) + x * (INV_SQRT_2PI * exp32(-(x * x * 0.5)));
}

// @ts-ignore: decorator
@inline export function geluGrad32x4(x: v128): v128 {
  const density = f32x4.mul(splat(V_INV_SQRT_2PI), exp32x4(f32x4.neg(f32x4.mul(f32x4.mul(x, x), splat(V_HALF)))));
  return f32x4.add(normalCdfx4(x), f32x4.mul(x, density));
}

/** d erf / dx = 2/sqrt(pi) e^(-x^2). */
// @ts-ignore: decorator
@inline export function erfGrad32(x: f32): f32 {
  return TWO_OVER_SQRT_PI * exp32(-(x * x));
}

// @ts-ignore: decorator
@inline export function erfGrad32x4(x: v128): v128 {
  return f32x4.mul(splat(V_TWO_OVER_SQRT_PI), exp32x4(f32x4.neg(f32x4.mul(x, x))));
}

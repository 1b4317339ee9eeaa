// Transcendentals of our own, in float32: each as an @inline scalar function and an @inline
// f32x4 version that runs all four lanes with SIMD ops. The scalar and vector versions perform
// the same IEEE operations in the same order, so a value gives the same bits in a SIMD lane and
// in a scalar tail. No FMA and no relaxed SIMD: results are bit-identical on every runtime.
//
// Polynomial coefficients come from tools/reference/minimax.py (Remez exchange, coefficients
// rounded to float32 one at a time with the rest refitted). Measured errors: docs/ACCURACY.md.
// Denormal inputs and outputs are handled (gradual underflow), not flushed.

// ---- constants -----------------------------------------------------------------------------

const LOG2E: f32 = 1.4426950216293335;
// Cody–Waite split of ln 2: LN2_HI has 16 significant bits, so n·LN2_HI is exact for |n| < 256.
const LN2_HI: f32 = 0.693145751953125;
const LN2_LO: f32 = 1.428606765330187e-6;
// Adding 1.5·2^23 rounds a float of magnitude < 2^22 to an integer held in the low mantissa bits.
const ROUND_MAGIC: f32 = 12582912.0;
const ROUND_MAGIC_BITS: i32 = 0x4b400000;
// exp's input range after clamping: below -110 the result is 0, above 89 it is +Inf.
const EXP_MIN: f32 = -110.0;
const EXP_MAX: f32 = 89.0;
const MIN_NORMAL: f32 = 1.1754943508222875e-38;
const TWO_POW_23: f32 = 8388608.0;
// Moves the exponent boundary from 1 to sqrt(0.5): 0x3f800000 - bits(sqrt(0.5)).
const SQRT_HALF_BITS: i32 = 0x3f3504f3;
const SQRT_HALF_SHIFT: i32 = 0x004afb0d;
const MANTISSA_MASK: i32 = 0x007fffff;
const SIGN_MASK: i32 = 0x80000000;
const HALF_MASK: i32 = 0xfffff000; // keeps 12 significant bits: the square of such a float is exact
const INV_SQRT2: f32 = 0.7071067690849304;
const TWO_OVER_SQRT_PI: f32 = 1.128379225730896;
const INV_SQRT_2PI: f32 = 0.3989422917366028;

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

// tanh x = x + x^3 P(x^2) on |x| < 0.55 (relative error 1.4e-10)
const TANH_SMALL: f32 = 0.55;
const TANH_C0: f32 = -0.3333333134651184;
const TANH_C1: f32 = 0.1333322674036026;
const TANH_C2: f32 = -0.05394915118813515;
const TANH_C3: f32 = 0.021711383014917374;
const TANH_C4: f32 = -0.008193974383175373;
const TANH_C5: f32 = 0.002144390484318137;

// erf x = x + x P(x^2) on |x| < 0.875 (relative error 1e-9)
const ERF_SMALL: f32 = 0.875;
const ERF_C0: f32 = 0.12837916612625122;
const ERF_C1: f32 = -0.3761262893676758;
const ERF_C2: f32 = 0.11283622682094574;
const ERF_C3: f32 = -0.02685534954071045;
const ERF_C4: f32 = 0.00519077992066741;
const ERF_C5: f32 = -0.0008022527908906341;
const ERF_C6: f32 = 7.840833131922409e-05;

// erfc a = t exp(-a^2 + P(t)), t = 1/(1 + a/2), for 0.875 <= a <= 11 (exponent error 2.6e-9)
const ERFC_MAX: f32 = 11.0;
const ERFC_C0: f32 = -1.2655279636383057;
const ERFC_C1: f32 = 1.0004894733428955;
const ERFC_C2: f32 = 0.3684360980987549;
const ERFC_C3: f32 = 0.13351525366306305;
const ERFC_C4: f32 = -0.3270919620990753;
const ERFC_C5: f32 = 0.6106971502304077;
const ERFC_C6: f32 = -1.617807388305664;
const ERFC_C7: f32 = 1.9066475629806519;
const ERFC_C8: f32 = -1.0171812772750854;
const ERFC_C9: f32 = 0.2076631635427475;

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

// @ts-ignore: decorator
@inline function splat(v: f32): v128 { return f32x4.splat(v); }
// @ts-ignore: decorator
@inline function splatI(v: i32): v128 { return i32x4.splat(v); }
// @ts-ignore: decorator
@inline function f2(v: f64): v128 { return f64x2.splat(v); }

// ---- exp -----------------------------------------------------------------------------------
// x = n ln2 + r with n = round(x / ln2), |r| <= ln2/2 (Cody–Waite: r = x - n LN2_HI - n LN2_LO);
// e^x = 2^n e^r, with 2^n applied as two exponent-field multiplies 2^(n>>1) · 2^(n - n>>1) so
// that overflow gives +Inf and results below 2^-126 round once into the denormals.

// @ts-ignore: decorator
@inline function expPoly(r: f32): f32 {
  return <f32>1 + (r + r * r * (EXP_C0 + r * (EXP_C1 + r * (EXP_C2 + r * (EXP_C3 + r * EXP_C4)))));
}

// @ts-ignore: decorator
@inline function expPolyx4(r: v128): v128 {
  let p = f32x4.add(splat(EXP_C3), f32x4.mul(r, splat(EXP_C4)));
  p = f32x4.add(splat(EXP_C2), f32x4.mul(r, p));
  p = f32x4.add(splat(EXP_C1), f32x4.mul(r, p));
  p = f32x4.add(splat(EXP_C0), f32x4.mul(r, p));
  return f32x4.add(splat(1), f32x4.add(r, f32x4.mul(f32x4.mul(r, r), p)));
}

// @ts-ignore: decorator
@inline function scaleByPow2(p: f32, n: i32): f32 {
  const n1 = n >> 1;
  const s1 = reinterpret<f32>((n1 + 127) << 23);
  const s2 = reinterpret<f32>((n - n1 + 127) << 23);
  return p * s1 * s2;
}

// @ts-ignore: decorator
@inline function scaleByPow2x4(p: v128, n: v128): v128 {
  const n1 = i32x4.shr_s(n, 1);
  const s1 = i32x4.shl(i32x4.add(n1, splatI(127)), 23);
  const s2 = i32x4.shl(i32x4.add(i32x4.sub(n, n1), splatI(127)), 23);
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
  const xc = f32x4.min(f32x4.max(x, splat(EXP_MIN)), splat(EXP_MAX));
  const t = f32x4.add(f32x4.mul(xc, splat(LOG2E)), splat(ROUND_MAGIC));
  const n = f32x4.sub(t, splat(ROUND_MAGIC));
  const r = f32x4.sub(f32x4.sub(xc, f32x4.mul(n, splat(LN2_HI))), f32x4.mul(n, splat(LN2_LO)));
  return scaleByPow2x4(expPolyx4(r), i32x4.sub(t, splatI(ROUND_MAGIC_BITS)));
}

// e^(hi + lo) for hi <= 0 exact and lo a small correction: the pair keeps the bits of an
// argument (such as -a^2) that one float cannot hold. Used by erfc.
// @ts-ignore: decorator
@inline function expPair(hi: f32, lo: f32): f32 {
  const hc = max<f32>(hi, EXP_MIN);
  const t = (hc + lo) * LOG2E + ROUND_MAGIC;
  const n = t - ROUND_MAGIC;
  const r = (hc - n * LN2_HI) + (lo - n * LN2_LO);
  return scaleByPow2(expPoly(r), reinterpret<i32>(t) - ROUND_MAGIC_BITS);
}

// @ts-ignore: decorator
@inline function expPairx4(hi: v128, lo: v128): v128 {
  const hc = f32x4.max(hi, splat(EXP_MIN));
  const t = f32x4.add(f32x4.mul(f32x4.add(hc, lo), splat(LOG2E)), splat(ROUND_MAGIC));
  const n = f32x4.sub(t, splat(ROUND_MAGIC));
  const r = f32x4.add(f32x4.sub(hc, f32x4.mul(n, splat(LN2_HI))), f32x4.sub(lo, f32x4.mul(n, splat(LN2_LO))));
  return scaleByPow2x4(expPolyx4(r), i32x4.sub(t, splatI(ROUND_MAGIC_BITS)));
}

// ---- log -----------------------------------------------------------------------------------
// x = 2^k m with m in [sqrt(1/2), sqrt 2) read from the bits (denormals are first scaled by
// 2^23); f = m - 1, s = f/(2+f), log(1+f) = 2 atanh s = f - f^2/2 + s (f^2/2 + R(s^2)), and
// log x = k LN2_HI + (log(1+f) + k LN2_LO), small terms added first.

// The bits of x (positive) with the exponent re-based at sqrt(1/2): k = (b >> 23) - 127 and
// m = bits((b & MANTISSA) + bits(sqrt(1/2))).
// @ts-ignore: decorator
@inline function logBits(x: f32): i32 {
  if (x < MIN_NORMAL) return reinterpret<i32>(x * TWO_POW_23) + SQRT_HALF_SHIFT - (23 << 23);
  return reinterpret<i32>(x) + SQRT_HALF_SHIFT;
}

// @ts-ignore: decorator
@inline function logBitsx4(x: v128): v128 {
  const tiny = f32x4.lt(x, splat(MIN_NORMAL));
  const xs = v128.bitselect(f32x4.mul(x, splat(TWO_POW_23)), x, tiny);
  return i32x4.sub(i32x4.add(xs, splatI(SQRT_HALF_SHIFT)), v128.and(tiny, splatI(23 << 23)));
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
  const dk = f32x4.convert_i32x4_s(i32x4.sub(i32x4.shr_s(b, 23), splatI(127)));
  const m = i32x4.add(v128.and(b, splatI(MANTISSA_MASK)), splatI(SQRT_HALF_BITS));
  const f = f32x4.sub(m, splat(1));
  const s = f32x4.div(f, f32x4.add(splat(2), f));
  const z = f32x4.mul(s, s);
  let r = f32x4.add(splat(LOG_C2), f32x4.mul(z, splat(LOG_C3)));
  r = f32x4.add(splat(LOG_C1), f32x4.mul(z, r));
  r = f32x4.mul(z, f32x4.add(splat(LOG_C0), f32x4.mul(z, r)));
  const hfsq = f32x4.mul(f32x4.mul(splat(0.5), f), f);
  const tail = f32x4.add(f32x4.mul(s, f32x4.add(hfsq, r)), f32x4.mul(dk, splat(LN2_LO)));
  return f32x4.add(f32x4.mul(dk, splat(LN2_HI)), f32x4.add(f32x4.sub(f, hfsq), tail));
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
  r = v128.bitselect(splat(-Infinity), r, f32x4.eq(x, splat(0)));
  r = v128.bitselect(splat(Infinity), r, f32x4.eq(x, splat(Infinity)));
  return v128.bitselect(splat(NaN), r, v128.not(f32x4.ge(x, splat(0))));
}

// log(1 + e) for e in [0, 1]: u = fl(1 + e) loses the low bits of e; (e - (u - 1)) / u puts
// their first-order effect back (u - 1 and e - (u - 1) are exact).
// @ts-ignore: decorator
@inline function log1pUnit(e: f32): f32 {
  const u = <f32>1 + e;
  return logFromBits(reinterpret<i32>(u) + SQRT_HALF_SHIFT) + (e - (u - 1)) / u;
}

// @ts-ignore: decorator
@inline function log1pUnitx4(e: v128): v128 {
  const u = f32x4.add(splat(1), e);
  const c = f32x4.div(f32x4.sub(e, f32x4.sub(u, splat(1))), u);
  return f32x4.add(logFromBitsx4(i32x4.add(u, splatI(SQRT_HALF_SHIFT))), c);
}

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
  let p = f32x4.add(splat(TANH_C4), f32x4.mul(z, splat(TANH_C5)));
  p = f32x4.add(splat(TANH_C3), f32x4.mul(z, p));
  p = f32x4.add(splat(TANH_C2), f32x4.mul(z, p));
  p = f32x4.add(splat(TANH_C1), f32x4.mul(z, p));
  p = f32x4.add(splat(TANH_C0), f32x4.mul(z, p));
  const small = f32x4.add(a, f32x4.mul(a, f32x4.mul(z, p)));
  const large = f32x4.sub(splat(1), f32x4.div(splat(2), f32x4.add(exp32x4(f32x4.add(a, a)), splat(1))));
  const r = v128.bitselect(small, large, f32x4.lt(a, splat(TANH_SMALL)));
  return v128.or(r, v128.and(x, splatI(SIGN_MASK)));
}

// sigmoid x = 1/(1 + e^-x) for x >= 0, e^x/(1 + e^x) below: e = e^-|x| never overflows, and the
// negative side keeps full relative precision down to the denormals.
// @ts-ignore: decorator
@inline export function sigmoid32(x: f32): f32 {
  const e = exp32(-abs<f32>(x));
  const t = <f32>1 / (<f32>1 + e);
  return x >= 0 ? t : e * t;
}

// @ts-ignore: decorator
@inline export function sigmoid32x4(x: v128): v128 {
  const e = exp32x4(f32x4.neg(f32x4.abs(x)));
  const t = f32x4.div(splat(1), f32x4.add(splat(1), e));
  return v128.bitselect(t, f32x4.mul(e, t), f32x4.ge(x, splat(0)));
}

// softplus x = log(1 + e^x) = max(x, 0) + log1p(e^-|x|); x above 20 returns x (torch's threshold).
// @ts-ignore: decorator
@inline export function softplus32(x: f32): f32 {
  if (x > 20) return x;
  return max<f32>(x, 0) + log1pUnit(exp32(-abs<f32>(x)));
}

// @ts-ignore: decorator
@inline export function softplus32x4(x: v128): v128 {
  const r = f32x4.add(f32x4.max(x, splat(0)), log1pUnitx4(exp32x4(f32x4.neg(f32x4.abs(x)))));
  return v128.bitselect(x, r, f32x4.gt(x, splat(20)));
}

// ---- erf, the normal CDF, gelu ----------------------------------------------------------------

// erfc a for 0.875 <= a <= 11 given a^2 = sqHi + sqLo (sqHi exact): t exp(-a^2 + P(t)).
// @ts-ignore: decorator
@inline function erfcTail(a: f32, sqHi: f32, sqLo: f32): f32 {
  const t = <f32>1 / (<f32>1 + <f32>0.5 * a);
  const p = ERFC_C0 + t * (ERFC_C1 + t * (ERFC_C2 + t * (ERFC_C3 + t * (ERFC_C4 + t * (ERFC_C5 +
    t * (ERFC_C6 + t * (ERFC_C7 + t * (ERFC_C8 + t * ERFC_C9))))))));
  return t * expPair(-sqHi, p - sqLo);
}

// @ts-ignore: decorator
@inline function erfcTailx4(a: v128, sqHi: v128, sqLo: v128): v128 {
  const t = f32x4.div(splat(1), f32x4.add(splat(1), f32x4.mul(splat(0.5), a)));
  let p = f32x4.add(splat(ERFC_C8), f32x4.mul(t, splat(ERFC_C9)));
  p = f32x4.add(splat(ERFC_C7), f32x4.mul(t, p));
  p = f32x4.add(splat(ERFC_C6), f32x4.mul(t, p));
  p = f32x4.add(splat(ERFC_C5), f32x4.mul(t, p));
  p = f32x4.add(splat(ERFC_C4), f32x4.mul(t, p));
  p = f32x4.add(splat(ERFC_C3), f32x4.mul(t, p));
  p = f32x4.add(splat(ERFC_C2), f32x4.mul(t, p));
  p = f32x4.add(splat(ERFC_C1), f32x4.mul(t, p));
  p = f32x4.add(splat(ERFC_C0), f32x4.mul(t, p));
  return f32x4.mul(t, expPairx4(f32x4.neg(sqHi), f32x4.sub(p, sqLo)));
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
  let p = f32x4.add(splat(ERF_C5), f32x4.mul(w, splat(ERF_C6)));
  p = f32x4.add(splat(ERF_C4), f32x4.mul(w, p));
  p = f32x4.add(splat(ERF_C3), f32x4.mul(w, p));
  p = f32x4.add(splat(ERF_C2), f32x4.mul(w, p));
  p = f32x4.add(splat(ERF_C1), f32x4.mul(w, p));
  p = f32x4.add(splat(ERF_C0), f32x4.mul(w, p));
  return f32x4.add(z, f32x4.mul(z, p));
}

// @ts-ignore: decorator
@inline export function erf32(x: f32): f32 {
  const a = abs<f32>(x);
  if (a < ERF_SMALL) return erfSmall(x);
  const ac = min<f32>(a, ERFC_MAX);
  const ah = reinterpret<f32>(reinterpret<i32>(ac) & HALF_MASK);
  const al = ac - ah;
  return copysign<f32>(<f32>1 - erfcTail(ac, ah * ah, (ah + ac) * al), x);
}

// @ts-ignore: decorator
@inline export function erf32x4(x: v128): v128 {
  const a = f32x4.abs(x);
  const ac = f32x4.min(a, splat(ERFC_MAX));
  const ah = v128.and(ac, splatI(HALF_MASK));
  const al = f32x4.sub(ac, ah);
  const tail = f32x4.sub(splat(1), erfcTailx4(ac, f32x4.mul(ah, ah), f32x4.mul(f32x4.add(ah, ac), al)));
  const large = v128.or(tail, v128.and(x, splatI(SIGN_MASK)));
  return v128.bitselect(erfSmallx4(x), large, f32x4.lt(a, splat(ERF_SMALL)));
}

// Phi(x) = (1 + erf(x/sqrt 2))/2 near 0; in the tails Phi = erfc(|x|/sqrt 2)/2 (or 1 minus it),
// with |x|^2/2 formed from x itself so that the rounding of x/sqrt 2 does not enter exp.
// @ts-ignore: decorator
@inline function normalCdf(x: f32): f32 {
  const z = x * INV_SQRT2;
  const az = abs<f32>(z);
  if (az < ERF_SMALL) return <f32>0.5 + <f32>0.5 * erfSmall(z);
  const xa = min<f32>(abs<f32>(x), 15.5);
  const xh = reinterpret<f32>(reinterpret<i32>(xa) & HALF_MASK);
  const xl = xa - xh;
  const c = <f32>0.5 * erfcTail(min<f32>(az, ERFC_MAX), xh * xh * 0.5, (xh + xa) * xl * 0.5);
  return x > 0 ? <f32>1 - c : c;
}

// @ts-ignore: decorator
@inline function normalCdfx4(x: v128): v128 {
  const z = f32x4.mul(x, splat(INV_SQRT2));
  const az = f32x4.abs(z);
  const near = f32x4.add(splat(0.5), f32x4.mul(splat(0.5), erfSmallx4(z)));
  const xa = f32x4.min(f32x4.abs(x), splat(15.5));
  const xh = v128.and(xa, splatI(HALF_MASK));
  const xl = f32x4.sub(xa, xh);
  const sqHi = f32x4.mul(f32x4.mul(xh, xh), splat(0.5));
  const sqLo = f32x4.mul(f32x4.mul(f32x4.add(xh, xa), xl), splat(0.5));
  const c = f32x4.mul(splat(0.5), erfcTailx4(f32x4.min(az, splat(ERFC_MAX)), sqHi, sqLo));
  const tail = v128.bitselect(f32x4.sub(splat(1), c), c, f32x4.gt(x, splat(0)));
  return v128.bitselect(near, tail, f32x4.lt(az, splat(ERF_SMALL)));
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
  const density = f32x4.mul(splat(INV_SQRT_2PI), exp32x4(f32x4.neg(f32x4.mul(f32x4.mul(x, x), splat(0.5)))));
  return f32x4.add(normalCdfx4(x), f32x4.mul(x, density));
}

/** d erf / dx = 2/sqrt(pi) e^(-x^2). */
// @ts-ignore: decorator
@inline export function erfGrad32(x: f32): f32 {
  return TWO_OVER_SQRT_PI * exp32(-(x * x));
}

// @ts-ignore: decorator
@inline export function erfGrad32x4(x: v128): v128 {
  return f32x4.mul(splat(TWO_OVER_SQRT_PI), exp32x4(f32x4.neg(f32x4.mul(x, x))));
}

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
  const s = f64x2.div(f64x2.sub(m, f2(1)), f64x2.add(m, f2(1)));
  const z = f64x2.mul(s, s);
  let p = f64x2.add(f2(POW_L5), f64x2.mul(z, f2(POW_L6)));
  p = f64x2.add(f2(POW_L4), f64x2.mul(z, p));
  p = f64x2.add(f2(POW_L3), f64x2.mul(z, p));
  p = f64x2.add(f2(POW_L2), f64x2.mul(z, p));
  p = f64x2.add(f2(POW_L1), f64x2.mul(z, p));
  p = f64x2.add(f2(POW_L0), f64x2.mul(z, p));
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
  const vc = f64x2.min(f64x2.max(v, f2(-POW_EXP2_LIMIT)), f2(POW_EXP2_LIMIT));
  const t = f64x2.add(vc, f2(POW_ROUND_MAGIC));
  const r = f64x2.sub(vc, f64x2.sub(t, f2(POW_ROUND_MAGIC)));
  let p = f64x2.add(f2(POW_E9), f64x2.mul(r, f2(POW_E10)));
  p = f64x2.add(f2(POW_E8), f64x2.mul(r, p));
  p = f64x2.add(f2(POW_E7), f64x2.mul(r, p));
  p = f64x2.add(f2(POW_E6), f64x2.mul(r, p));
  p = f64x2.add(f2(POW_E5), f64x2.mul(r, p));
  p = f64x2.add(f2(POW_E4), f64x2.mul(r, p));
  p = f64x2.add(f2(POW_E3), f64x2.mul(r, p));
  p = f64x2.add(f2(POW_E2), f64x2.mul(r, p));
  p = f64x2.add(f2(POW_E1), f64x2.mul(r, p));
  p = f64x2.add(f2(1), f64x2.mul(r, p));
  const scale = i64x2.add(i64x2.shl(t, 52), i64x2.splat(<i64>1023 << 52));
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
  const m = i32x4.add(v128.and(b, splatI(MANTISSA_MASK)), splatI(SQRT_HALF_BITS));
  const k = i32x4.sub(i32x4.shr_s(b, 23), splatI(127));
  const mHigh = v128.shuffle<i32>(m, m, 2, 3, 2, 3);
  const kHigh = v128.shuffle<i32>(k, k, 2, 3, 2, 3);
  const yHigh = v128.shuffle<i32>(y, y, 2, 3, 2, 3);
  const lo = exp2_64x2(f64x2.mul(f64x2.promote_low_f32x4(y),
    log2Mantissa64x2(f64x2.promote_low_f32x4(m), f64x2.convert_low_i32x4_s(k))));
  const hi = exp2_64x2(f64x2.mul(f64x2.promote_low_f32x4(yHigh),
    log2Mantissa64x2(f64x2.promote_low_f32x4(mHigh), f64x2.convert_low_i32x4_s(kHigh))));
  let mag = v128.shuffle<i32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
  // 0 and Inf bases: 0^y and Inf^-y are 0, the other two are Inf.
  const zero = f32x4.eq(ax, splat(0));
  const edge = v128.or(zero, f32x4.eq(ax, splat(Infinity)));
  const edgeMag = v128.bitselect(splat(0), splat(Infinity), v128.xor(zero, f32x4.lt(y, splat(0))));
  mag = v128.bitselect(edgeMag, mag, edge);
  // A negative base (or -0, -Inf) to an odd integer power is negative.
  const isInt = f32x4.eq(f32x4.trunc(y), y);
  const isOdd = v128.and(isInt, f32x4.ne(f32x4.mul(f32x4.trunc(f32x4.mul(y, splat(0.5))), splat(2)), y));
  let r = v128.or(mag, v128.and(v128.and(isOdd, x), splatI(SIGN_MASK)));
  // A finite negative base to a non-integer power, and any NaN operand, give NaN.
  const negFinite = v128.and(f32x4.lt(x, splat(0)), f32x4.ne(x, splat(-Infinity)));
  const nan = v128.or(v128.andnot(negFinite, isInt), v128.or(f32x4.ne(x, x), f32x4.ne(y, y)));
  r = v128.bitselect(splat(NaN), r, nan);
  // x^0 = 1, 1^y = 1 (even for NaN), (-1)^±Inf = 1.
  const one = v128.or(v128.or(f32x4.eq(y, splat(0)), f32x4.eq(x, splat(1))),
    v128.and(f32x4.eq(ax, splat(1)), f32x4.eq(f32x4.abs(y), splat(Infinity))));
  return v128.bitselect(splat(1), r, one);
}

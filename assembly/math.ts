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
// Keeps 10 significant bits: for 0.5 <= v < 64 such a float is a multiple of 2^-10 whose square
// is exact and a multiple of 2^-20.
const SPLIT_MASK: i32 = 0xffffc000;
const SQRT2: f32 = 1.4142135381698608;
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

// SIMD constants are broadcast-loaded from static memory (V_* below) rather than written as
// v128.const: V8 materialises a v128.const with several instructions at every use inside a
// loop, while a broadcast load is one (in Node 20: exp 1.5×, gelu 1.5×, tanh 1.5× faster).
// @ts-ignore: decorator
@inline function splat(p: usize): v128 { return v128.load32_splat(p); }
// @ts-ignore: decorator
@inline function splatI(p: usize): v128 { return v128.load32_splat(p); }
// @ts-ignore: decorator
@inline function splat64(p: usize): v128 { return v128.load64_splat(p); }
// @ts-ignore: decorator
@inline function zeros(): v128 { return f32x4.splat(0); }

// Broadcast sources for the SIMD code (see splat).
const V_ONE = memory.data<f32>([1]);
const V_HALF = memory.data<f32>([0.5]);
const V_TWO = memory.data<f32>([2]);
const V_SOFTPLUS_THRESHOLD = memory.data<f32>([20]);
const V_INF = memory.data<f32>([Infinity]);
const V_NEG_INF = memory.data<f32>([-Infinity]);
const V_NAN = memory.data<f32>([NaN]);
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
const V_EXP_C3 = memory.data<f32>([EXP_C3]);
const V_EXP_C4 = memory.data<f32>([EXP_C4]);
const V_EXP_C2 = memory.data<f32>([EXP_C2]);
const V_EXP_C1 = memory.data<f32>([EXP_C1]);
const V_EXP_C0 = memory.data<f32>([EXP_C0]);
const V_EXP_MIN = memory.data<f32>([EXP_MIN]);
const V_EXP_MAX = memory.data<f32>([EXP_MAX]);
const V_LOG2E = memory.data<f32>([LOG2E]);
const V_ROUND_MAGIC = memory.data<f32>([ROUND_MAGIC]);
const V_LN2_HI = memory.data<f32>([LN2_HI]);
const V_LN2_LO = memory.data<f32>([LN2_LO]);
const V_MIN_NORMAL = memory.data<f32>([MIN_NORMAL]);
const V_TWO_POW_23 = memory.data<f32>([TWO_POW_23]);
const V_LOG_C2 = memory.data<f32>([LOG_C2]);
const V_LOG_C3 = memory.data<f32>([LOG_C3]);
const V_LOG_C1 = memory.data<f32>([LOG_C1]);
const V_LOG_C0 = memory.data<f32>([LOG_C0]);
const V_TANH_C4 = memory.data<f32>([TANH_C4]);
const V_TANH_C5 = memory.data<f32>([TANH_C5]);
const V_TANH_C3 = memory.data<f32>([TANH_C3]);
const V_TANH_C2 = memory.data<f32>([TANH_C2]);
const V_TANH_C1 = memory.data<f32>([TANH_C1]);
const V_TANH_C0 = memory.data<f32>([TANH_C0]);
const V_TANH_SMALL = memory.data<f32>([TANH_SMALL]);
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
const V_127 = memory.data<i32>([127]);
const V_23_EXPONENT = memory.data<i32>([23 << 23]);
const V_ROUND_MAGIC_BITS = memory.data<i32>([ROUND_MAGIC_BITS]);
const V_SQRT_HALF_SHIFT = memory.data<i32>([SQRT_HALF_SHIFT]);
const V_MANTISSA_MASK = memory.data<i32>([MANTISSA_MASK]);
const V_SQRT_HALF_BITS = memory.data<i32>([SQRT_HALF_BITS]);
const V_SIGN_MASK = memory.data<i32>([SIGN_MASK]);
const V_SPLIT_MASK = memory.data<i32>([SPLIT_MASK]);
const V64_ONE = memory.data<f64>([1.0]);
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
  let p = f32x4.add(splat(V_EXP_C3), f32x4.mul(r, splat(V_EXP_C4)));
  p = f32x4.add(splat(V_EXP_C2), f32x4.mul(r, p));
  p = f32x4.add(splat(V_EXP_C1), f32x4.mul(r, p));
  p = f32x4.add(splat(V_EXP_C0), f32x4.mul(r, p));
  return f32x4.add(splat(V_ONE), f32x4.add(r, f32x4.mul(f32x4.mul(r, r), p)));
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

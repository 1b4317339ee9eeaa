// The one module of scalar transcendentals. Two kinds, each where its bits are the contract:
//
// Float64, deterministic: exp, log, pow, powInt and cos for the few scalars the optimizers,
// schedules and clipping need (NAdam's 0.96^(tψ), cosine annealing, polynomial decay, p-norms).
// The engine never uses the runtime's Math.exp/log/pow/cos, whose last bits differ between
// JavaScript engines; these use only + − × ÷ and bit access, so every runtime gives the same bits.
// Method, each accurate to a few ulp (about 1e-15 relative; tested against the platform's):
// * exp: x = k·ln2 + r, |r| ≤ ln2/2 (ln2 split in two so k·LN2_HI is exact), then the Taylor
//   series of e^r in nested form 1 + r(1 + r/2(1 + r/3(…))) to r^18 (truncation < 1e-22),
//   scaled by 2^k built from its exponent bits.
// * log: x = 2^k·m with m in [√½, √2), log m = 2·atanh(s), s = (m − 1)/(m + 1), |s| < 0.172,
//   as the odd series 2s(1 + s²/3 + s⁴/5 + …) to s^27 (truncation < 1e-22), plus k·ln2.
// * pow(x, y): repeated squaring for integer y; exp(y·log x) otherwise (x ≥ 0).
// * cos: x = k·π/2 + r with |r| ≤ π/4 (Cody–Waite: π/2 in three 33-bit parts, exact for
//   |k| < 2^20, i.e. |x| < 1.6e6), then cos r or ±sin r by quadrant, each from its Taylor series
//   in nested form 1 − r²/(1·2)(1 − r²/(3·4)(…)) to r^22 (truncation < 1e-23).
//
// Float32, by the kernels: expF32 and logF32 give exactly what the tensor ops exp and log give
// (the same unary kernel), for scalars that must agree with tensor maths — pow's gradient with
// respect to a scalar base (ln s), the tuners' bookkeeping.
import { U_EXP, U_LOG, allocFloats, freeBlock, readFloats, unary, writeFloats } from './backend/index.js';

const bits = new DataView(new ArrayBuffer(8));

function highWord(x: number): number {
  bits.setFloat64(0, x);
  return bits.getUint32(0);
}

/** 2^k for an integer k in [−1022, 1023], from its exponent bits. */
function twoTo(k: number): number {
  bits.setUint32(0, (k + 1023) << 20);
  bits.setUint32(4, 0);
  return bits.getFloat64(0);
}

/** x · 2^k for any integer k (two steps when 2^k alone would overflow or be subnormal). */
function scaleBy(x: number, k: number): number {
  if (k > 1023) return x * twoTo(1023) * twoTo(Math.min(k - 1023, 1023));
  if (k < -1022) return x * twoTo(-1022) * twoTo(Math.max(k + 1022, -1022));
  return x * twoTo(k);
}

const LN2 = 0.6931471805599453;
const LN2_HI = 6.93147180369123816490e-1; // ln 2 to 32 bits: k·LN2_HI is exact for |k| < 2^21
const LN2_LO = 1.90821492927058770002e-10; // ln 2 − LN2_HI

export function exp(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x > 709.8) return Infinity;
  if (x < -745.2) return 0;
  const k = Math.floor(x / LN2 + 0.5);
  const r = x - k * LN2_HI - k * LN2_LO;
  let series = 1;
  for (let n = 18; n >= 1; n--) series = 1 + (r / n) * series;
  return scaleBy(series, k);
}

export function log(x: number): number {
  if (Number.isNaN(x) || x < 0) return NaN;
  if (x === 0) return -Infinity;
  if (x === Infinity) return Infinity;
  let k = 0;
  if (x < 2.2250738585072014e-308) {
    x *= 18014398509481984; // 2^54: lift subnormals
    k = -54;
  }
  const e = ((highWord(x) >>> 20) & 0x7ff) - 1023;
  let m = x / twoTo(e); // exact: [1, 2)
  k += e;
  if (m > Math.SQRT2) {
    m /= 2;
    k += 1;
  }
  const s = (m - 1) / (m + 1);
  const z = s * s;
  let series = 0;
  for (let n = 27; n >= 3; n -= 2) series = 1 / n + z * series;
  const logM = 2 * s + 2 * s * z * series;
  return k * LN2_HI + (logM + k * LN2_LO);
}

/** base^n for a non-negative integer n by repeated squaring. */
export function powInt(base: number, n: number): number {
  let result = 1;
  let b = base;
  let k = n;
  // The same multiplications in the same order, with k halved in int32 arithmetic once it fits:
  // `%` on a float64 is a C call (fmod) in V8, and every Adam step runs this twice per parameter.
  for (; k > 0x7fffffff; k = Math.floor(k / 2)) {
    if (k % 2 === 1) result *= b;
    b *= b;
  }
  for (let i = k | 0; i > 0; i >>>= 1) {
    if ((i & 1) === 1) result *= b;
    b *= b;
  }
  return result;
}

export function pow(x: number, y: number): number {
  if (Number.isInteger(y) && Math.abs(y) < 2147483648) return y >= 0 ? powInt(x, y) : 1 / powInt(x, -y);
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  if (x < 0) return NaN;
  if (x === 0) return y > 0 ? 0 : Infinity;
  return exp(y * log(x));
}

const TWO_OVER_PI = 0.6366197723675814;
const PIO2_1 = 1.57079632673412561417e+0; // π/2 in three 33-bit parts
const PIO2_2 = 6.07710050630396597660e-11;
const PIO2_3 = 2.02226624871116645580e-21;

function cosReduced(r: number): number {
  const z = r * r;
  let series = 1;
  for (let n = 21; n >= 1; n -= 2) series = 1 - (z / (n * (n + 1))) * series;
  return series;
}

function sinReduced(r: number): number {
  const z = r * r;
  let series = 1;
  for (let n = 20; n >= 2; n -= 2) series = 1 - (z / (n * (n + 1))) * series;
  return r * series;
}

export function cos(x: number): number {
  if (!Number.isFinite(x)) return NaN;
  const k = Math.floor(x * TWO_OVER_PI + 0.5);
  const r = x - k * PIO2_1 - k * PIO2_2 - k * PIO2_3;
  switch (((k % 4) + 4) % 4) {
    case 0: return cosReduced(r);
    case 1: return -sinReduced(r);
    case 2: return -cosReduced(r);
    default: return sinReduced(r);
  }
}

/** The unary kernel `op` over values as float32, widened back to float64. */
function throughKernel(op: number, values: ArrayLike<number>): Float64Array {
  const n = values.length;
  if (n === 0) return new Float64Array(0);
  const ptr = allocFloats(n);
  const block = { ptr, size: n };
  try {
    writeFloats(block, values);
    unary(op, block, block);
    return Float64Array.from(readFloats(block));
  } finally {
    freeBlock(ptr);
  }
}

/** e^v of every value, as d.exp computes it in float32. */
export function expF32(values: ArrayLike<number>): Float64Array {
  return throughKernel(U_EXP, values);
}

/** ln v of every value, as d.log computes it in float32. */
export function logF32(values: ArrayLike<number>): Float64Array {
  return throughKernel(U_LOG, values);
}

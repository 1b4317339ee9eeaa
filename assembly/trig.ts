// Sine and cosine. x is reduced by π/2 to x = k·π/2 + r with |r| ≤ π/4, then a minimax
// polynomial gives sin r or cos r and the quadrant k mod 4 picks which, and its sign:
//   sin x = [sin r, cos r, -sin r, -cos r][k & 3],   cos x = sin x shifted by one quadrant.
// For |x| ≤ 4096 the reduction runs in float32 SIMD lanes (Cody–Waite: π/2 split in three so
// the first two products k·part are exact). Larger |x| take an exact float64 reduction from
// the bits of 2/π (Payne–Hanek style), so every finite float32 input is reduced correctly.
// Polynomial coefficients are fitted by tools/reference/fit_trig.py.
import { TRIG_SIN, TRIG_COS } from './opcodes';

const TWO_OVER_PI: f32 = 0.6366197723675814;
const PIO2_1: f32 = 1.5703125; // 8 significant bits: k·PIO2_1 is exact for k < 2^16
const PIO2_2: f32 = 4.837512969970703e-4; // 10 significant bits: exact for k < 2^14
const PIO2_3: f32 = 7.549790126404332e-8;
const SIMD_RANGE: f32 = 4096;

// sin r = r + r³·(S1 + r²·(S2 + r²·S3)),  cos r = 1 - r²/2 + r⁴·(C1 + r²·(C2 + r²·C3))
const S1: f32 = -0.16666655242443085;
const S2: f32 = 0.00833216030150652;
const S3: f32 = -0.0001951528392964974;
const C1: f32 = 0.04166664555668831;
const C2: f32 = -0.001388736767694354;
const C3: f32 = 2.443845005473122e-5;

// 2/π = Σ TWO_OVER_PI_CHUNKS[i], chunk i holding bits 24i+1 .. 24i+24 after the binary point,
// so a float32 times a chunk is exact in float64.
const TWO_OVER_PI_CHUNKS = memory.data<f64>([
  <f64>0xa2f983 * 5.9604644775390625e-8, // 2^-24
  <f64>0x6e4e44 * 3.552713678800501e-15, // 2^-48
  <f64>0x1529fc * 2.117582368135751e-22, // 2^-72
  <f64>0x2757d1 * 1.2621774483536189e-29, // 2^-96
  <f64>0xf534dd * 7.52316384526264e-37, // 2^-120
  <f64>0xc0db62 * 4.484155085839415e-44, // 2^-144
  <f64>0x95993c * 2.6727647100921956e-51, // 2^-168
  <f64>0x439041 * 1.5930919111324523e-58, // 2^-192
]);

// @ts-ignore: decorator
@inline function sinPolyVec(r: v128, s: v128): v128 {
  let p = f32x4.add(f32x4.splat(S2), f32x4.mul(s, f32x4.splat(S3)));
  p = f32x4.add(f32x4.splat(S1), f32x4.mul(s, p));
  return f32x4.add(r, f32x4.mul(f32x4.mul(r, s), p));
}

// @ts-ignore: decorator
@inline function cosPolyVec(s: v128): v128 {
  let p = f32x4.add(f32x4.splat(C2), f32x4.mul(s, f32x4.splat(C3)));
  p = f32x4.add(f32x4.splat(C1), f32x4.mul(s, p));
  const q = f32x4.sub(f32x4.splat(1), f32x4.mul(s, f32x4.splat(0.5)));
  return f32x4.add(q, f32x4.mul(f32x4.mul(s, s), p));
}

/** sin or cos of r (|r| ≤ π/4) placed in quadrant q, lane by lane. */
// @ts-ignore: decorator
@inline function fromQuadrantVec(q: v128, r: v128): v128 {
  const s = f32x4.mul(r, r);
  const odd = i32x4.eq(v128.and(q, i32x4.splat(1)), i32x4.splat(1));
  const y = v128.bitselect(cosPolyVec(s), sinPolyVec(r, s), odd);
  return v128.xor(y, i32x4.shl(v128.and(q, i32x4.splat(2)), 30)); // negate in quadrants 2, 3
}

// @ts-ignore: decorator
@inline function trigVec(op: i32, x: v128): v128 {
  const k = f32x4.nearest(f32x4.mul(x, f32x4.splat(TWO_OVER_PI)));
  let r = f32x4.sub(x, f32x4.mul(k, f32x4.splat(PIO2_1)));
  r = f32x4.sub(r, f32x4.mul(k, f32x4.splat(PIO2_2)));
  r = f32x4.sub(r, f32x4.mul(k, f32x4.splat(PIO2_3)));
  let q = i32x4.trunc_sat_f32x4_s(k);
  if (op == TRIG_COS) return fromQuadrantVec(i32x4.add(q, i32x4.splat(1)), r);
  return v128.bitselect(x, fromQuadrantVec(q, r), f32x4.eq(x, f32x4.splat(0))); // sin(-0) = -0
}

/** x·(2/π) mod 4 in float64, exact up to the last few terms, for any finite float32 x. */
function quarterTurnsMod4(x: f32): f64 {
  const exponent = <i32>((reinterpret<u32>(x) >> 23) & 0xff) - 150; // x = m·2^exponent, m < 2^24
  // Chunks before `first` make x·chunk a multiple of 4: they cannot change the quadrant.
  const first = exponent > 2 ? (exponent - 2) / 24 : 0;
  const xd = <f64>x;
  let y: f64 = 0;
  for (let j = 0; j < 4; j++) {
    let t = xd * load<f64>(TWO_OVER_PI_CHUNKS + (<usize>(first + j) << 3));
    if (j < 2) t -= 4 * floor(t * 0.25); // exact: keeps the sum within float64's 53 bits
    y += t;
    y -= 4 * floor(y * 0.25);
  }
  return y;
}

function trigLarge(op: i32, x: f32): f32 {
  if (!isFinite<f32>(x)) return x - x; // NaN for ±Infinity
  const y = quarterTurnsMod4(x);
  const k = nearest<f64>(y);
  const r = <f32>((y - k) * 1.5707963267948966);
  let q = <i32>k;
  if (op == TRIG_COS) q += 1;
  return f32x4.extract_lane(fromQuadrantVec(i32x4.splat(q), f32x4.splat(r)), 0);
}

// @ts-ignore: decorator
@inline function trigOne(op: i32, x: f32): f32 {
  if (abs<f32>(x) > SIMD_RANGE) return trigLarge(op, x);
  return f32x4.extract_lane(trigVec(op, f32x4.splat(x)), 0);
}

// @ts-ignore: decorator
@inline function trigLoop(op: i32, x: usize, out: usize, n: i32): void {
  const range = f32x4.splat(SIMD_RANGE);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const v = v128.load(x + o);
    if (v128.any_true(f32x4.gt(f32x4.abs(v), range))) {
      for (let j = 0; j < 4; j++) store<f32>(out + o + (<usize>j << 2), trigOne(op, load<f32>(x + o + (<usize>j << 2))));
    } else {
      v128.store(out + o, trigVec(op, v));
    }
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, trigOne(op, load<f32>(x + o)));
  }
}

/** out[i] = sin(x[i]) for n floats. */
export function sinForward(x: usize, out: usize, n: i32): void { trigLoop(TRIG_SIN, x, out, n); }
/** out[i] = cos(x[i]) for n floats. */
export function cosForward(x: usize, out: usize, n: i32): void { trigLoop(TRIG_COS, x, out, n); }

/** out[i] = sin(x[i]) (op TRIG_SIN) or cos(x[i]) (op TRIG_COS): dispatches once per call. */
export function trig(op: i32, x: usize, out: usize, n: i32): void {
  if (op == TRIG_COS) cosForward(x, out, n);
  else sinForward(x, out, n);
}

// TEMPORARY STUB: scalar transcendentals via AssemblyScript's Mathf, lane by lane.
// To be replaced by our own range-reduced polynomial implementations (scalar and f32x4).

// @ts-ignore: decorator
@inline export function exp32(x: f32): f32 { return Mathf.exp(x); }
// @ts-ignore: decorator
@inline export function log32(x: f32): f32 { return Mathf.log(x); }
// @ts-ignore: decorator
@inline export function tanh32(x: f32): f32 { return Mathf.tanh(x); }
// @ts-ignore: decorator
@inline export function sigmoid32(x: f32): f32 { return 1.0 / (1.0 + Mathf.exp(-x)); }

// @ts-ignore: decorator
@inline function lanes(v: v128, which: i32): v128 {
  let a = f32x4.extract_lane(v, 0), b = f32x4.extract_lane(v, 1);
  let c = f32x4.extract_lane(v, 2), d = f32x4.extract_lane(v, 3);
  if (which == 0) { a = exp32(a); b = exp32(b); c = exp32(c); d = exp32(d); }
  else if (which == 1) { a = log32(a); b = log32(b); c = log32(c); d = log32(d); }
  else if (which == 2) { a = tanh32(a); b = tanh32(b); c = tanh32(c); d = tanh32(d); }
  else { a = sigmoid32(a); b = sigmoid32(b); c = sigmoid32(c); d = sigmoid32(d); }
  let r = f32x4.splat(a);
  r = f32x4.replace_lane(r, 1, b);
  r = f32x4.replace_lane(r, 2, c);
  return f32x4.replace_lane(r, 3, d);
}
// @ts-ignore: decorator
@inline export function exp32x4(v: v128): v128 { return lanes(v, 0); }
// @ts-ignore: decorator
@inline export function log32x4(v: v128): v128 { return lanes(v, 1); }
// @ts-ignore: decorator
@inline export function tanh32x4(v: v128): v128 { return lanes(v, 2); }
// @ts-ignore: decorator
@inline export function sigmoid32x4(v: v128): v128 { return lanes(v, 3); }
// @ts-ignore: decorator
@inline export function pow32(x: f32, y: f32): f32 { return Mathf.pow(x, y); }
// @ts-ignore: decorator
@inline export function pow32x4(x: v128, y: v128): v128 {
  let r = f32x4.splat(pow32(f32x4.extract_lane(x, 0), f32x4.extract_lane(y, 0)));
  r = f32x4.replace_lane(r, 1, pow32(f32x4.extract_lane(x, 1), f32x4.extract_lane(y, 1)));
  r = f32x4.replace_lane(r, 2, pow32(f32x4.extract_lane(x, 2), f32x4.extract_lane(y, 2)));
  return f32x4.replace_lane(r, 3, pow32(f32x4.extract_lane(x, 3), f32x4.extract_lane(y, 3)));
}

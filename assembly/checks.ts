// Value checks for anomaly detection and checkpoint validation.

/** The number of NaN or ±Infinity values among n floats. */
export function countNonFinite(x: usize, n: i32): i32 {
  // x - x is 0 for finite x and NaN for NaN or ±Inf, so one self-comparison finds both.
  let count = i32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(x + (<usize>i << 2));
    const d = f32x4.sub(v, v);
    count = i32x4.sub(count, f32x4.ne(d, d)); // a true lane is -1
  }
  let total = i32x4.extract_lane(count, 0) + i32x4.extract_lane(count, 1)
    + i32x4.extract_lane(count, 2) + i32x4.extract_lane(count, 3);
  for (; i < n; i++) {
    const v = load<f32>(x + (<usize>i << 2));
    if (v - v != 0) total++;
  }
  return total;
}

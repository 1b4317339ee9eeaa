// The 4×4 transpose of four f32x4 rows r0…r3 in two shuffle stages, for every kernel that turns
// rows into columns (matmul's packing, convolution's output, the transposed linear product,
// softmax four rows at a time):
//   lo01 = transposeLow(r0, r1), lo23 = transposeLow(r2, r3), hi01/hi23 likewise with transposeHigh;
//   column 0 = lowHalves(lo01, lo23), 1 = highHalves(lo01, lo23), 2 = lowHalves(hi01, hi23), 3 = highHalves(hi01, hi23).
// Pure lane moves: no value changes.

/** Lanes 0 and 1 of r0 and r1 interleaved: r0[0], r1[0], r0[1], r1[1]. */
// @ts-ignore: decorator
@inline export function transposeLow(r0: v128, r1: v128): v128 {
  return i32x4.shuffle(r0, r1, 0, 4, 1, 5);
}

/** Lanes 2 and 3 of r0 and r1 interleaved: r0[2], r1[2], r0[3], r1[3]. */
// @ts-ignore: decorator
@inline export function transposeHigh(r0: v128, r1: v128): v128 {
  return i32x4.shuffle(r0, r1, 2, 6, 3, 7);
}

/** The low 64-bit halves of a and b: a[0], a[1], b[0], b[1]. */
// @ts-ignore: decorator
@inline export function lowHalves(a: v128, b: v128): v128 {
  return i64x2.shuffle(a, b, 0, 2);
}

/** The high 64-bit halves of a and b: a[2], a[3], b[2], b[3]. */
// @ts-ignore: decorator
@inline export function highHalves(a: v128, b: v128): v128 {
  return i64x2.shuffle(a, b, 1, 3);
}

// Convolutions over NCHW float32 images, as im2col + the blocked matmul (assembly/matmul.ts).
//
// Why im2col: with the product done by the packed GotoBLAS micro-kernel, the copy into columns
// costs one pass over C·kh·kw·Ho·Wo floats while the product does O·C·kh·kw·Ho·Wo multiply-adds
// at the micro-kernel's rate; a direct (im2col-free) SIMD loop measured slower on every bench
// shape (figures in README, "Layers for images"). A 1×1 kernel with stride 1 and no padding
// skips the copy: the image already is its column matrix.
//
// Layouts. x [N, C, H, W], weight [O, C/groups, kh, kw], out [N, O, Ho, Wo]. The column matrix
// of one image is [C·kh·kw, Ho·Wo], row r = (c·kh + i)·kw + j, so the rows of group g are a
// contiguous block, as are its weight rows and output rows: a group is an offset, not a copy.
// Padding is given per side (padTop, padLeft); the far side follows from Ho, Wo, so 'same'
// with an even kernel (torch pads the extra row at the bottom/right) needs nothing special.
//
// Summation order: each output is the matmul's sequential float32 sum over r = 0…C/g·kh·kw-1
// (forward), over o = 0…O/g-1 then a fixed scatter order (input gradient), over (n, oh, ow)
// in row-major order (weight gradient); bias sums in float64. All fixed by the shapes.
import { matmulTransposedA, matmulScratchBytes } from './matmul';
import { MR, NR, KC, MC, IN_PLACE_B_MAX_FLOATS, roundUp, packA, tiles } from './gemm';
import { isPointwise } from './conv_pack';

// @ts-ignore: decorator
@inline function maxI32(a: i32, b: i32): i32 {
  return a > b ? a : b;
}

// @ts-ignore: decorator
@inline function minI32(a: i32, b: i32): i32 {
  return a < b ? a : b;
}

/** The first output column ow whose input column ow·sw + offW is ≥ 0 (at most Wo). */
// @ts-ignore: decorator
@inline function firstInside(offW: i32, sw: i32, Wo: i32): i32 {
  return offW >= 0 ? 0 : minI32(Wo, (-offW + sw - 1) / sw);
}

/** One past the last output column whose input column is < W (at least lo). */
// @ts-ignore: decorator
@inline function endInside(offW: i32, sw: i32, W: i32, Wo: i32, lo: i32): i32 {
  const last = W - 1 - offW;
  return last < 0 ? lo : maxI32(lo, minI32(Wo, last / sw + 1));
}

/** Zeroes n floats at p (a store loop for the few floats of a border: memory.fill is a call). */
// @ts-ignore: decorator
@inline function zeroF32(p: usize, n: i32): void {
  if (n >= 32) {
    memory.fill(p, 0, <usize>n << 2);
  } else {
    let i = 0;
    for (; i + 4 <= n; i += 4) v128.store(p + (<usize>i << 2), f32x4.splat(0));
    for (; i < n; i++) store<f32>(p + (<usize>i << 2), 0);
  }
}

/** Copies n floats (SIMD main loop, scalar tail). */
// @ts-ignore: decorator
@inline function copyF32(src: usize, dst: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(dst + (<usize>i << 2), v128.load(src + (<usize>i << 2)));
  for (; i < n; i++) store<f32>(dst + (<usize>i << 2), load<f32>(src + (<usize>i << 2)));
}

/** dst[i] += src[i] for n floats. */
// @ts-ignore: decorator
@inline function addF32(src: usize, dst: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const q = <usize>i << 2;
    v128.store(dst + q, f32x4.add(v128.load(dst + q), v128.load(src + q)));
  }
  for (; i < n; i++) {
    const q = <usize>i << 2;
    store<f32>(dst + q, load<f32>(dst + q) + load<f32>(src + q));
  }
}

/** The valid output rows [oh0, oh1) of a shifted row (input row oh + offH inside), packed hi/lo. */
// @ts-ignore: decorator
@inline function validRows(H: i32, Ho: i32, offH: i32): i64 {
  const oh0 = minI32(Ho, maxI32(0, -offH));
  const oh1 = maxI32(oh0, minI32(Ho, H - offH));
  return (<i64>oh0 << 32) | <i64>oh1;
}

/**
 * im2col's row for stride 1 and Wo = W: dst[oh, ow] = src[oh + offH, ow + offW] for
 * ow in [lo, hi), zero elsewhere. Source and destination rows are both W apart, so the valid
 * rows are one copy; the border entries it fills with neighbouring values are then zeroed.
 */
function shiftedRow(plane: usize, dst: usize, H: i32, W: i32, Ho: i32, offH: i32, offW: i32, lo: i32, hi: i32): void {
  const rows = validRows(H, Ho, offH);
  const oh0 = <i32>(rows >> 32);
  const oh1 = <i32>rows;
  zeroF32(dst, oh0 * W);
  zeroF32(dst + (<usize>(oh1 * W) << 2), (Ho - oh1) * W);
  if (oh1 == oh0) return;
  if (hi > lo) {
    const from = plane + (<usize>((oh0 + offH) * W + lo + offW) << 2);
    copyF32(from, dst + (<usize>(oh0 * W + lo) << 2), (oh1 - oh0 - 1) * W + hi - lo);
  }
  for (let oh = oh0; oh < oh1; oh++) {
    const d = dst + (<usize>(oh * W) << 2);
    for (let ow = 0; ow < lo; ow++) store<f32>(d + (<usize>ow << 2), 0);
    for (let ow = hi; ow < W; ow++) store<f32>(d + (<usize>ow << 2), 0);
  }
}

/**
 * col2im's row for stride 1 and Wo = W: x[oh + offH, ow + offW] += src[oh, ow] for ow in
 * [lo, hi). The border entries of the (scratch) column row are zeroed first, so one add over
 * the valid rows adds nothing where it wraps; each element still gets its terms in the order
 * of the rows r, so the sums are the general loop's (plus exact zeros).
 */
function shiftedRowAdd(src: usize, plane: usize, H: i32, W: i32, Ho: i32, offH: i32, offW: i32, lo: i32, hi: i32): void {
  const rows = validRows(H, Ho, offH);
  const oh0 = <i32>(rows >> 32);
  const oh1 = <i32>rows;
  if (oh1 == oh0) return;
  for (let oh = oh0; oh < oh1; oh++) {
    const s = src + (<usize>(oh * W) << 2);
    for (let ow = 0; ow < lo; ow++) store<f32>(s + (<usize>ow << 2), 0);
    for (let ow = hi; ow < W; ow++) store<f32>(s + (<usize>ow << 2), 0);
  }
  addF32(src + (<usize>(oh0 * W + lo) << 2), plane + (<usize>((oh0 + offH) * W + lo + offW) << 2), (oh1 - oh0 - 1) * W + hi - lo);
}

/** im2col's work on one column row r = (c, i, j): dst[oh, ow] = src[oh·sh + offH, ow·sw + offW] or 0. */
// @ts-ignore: decorator
@inline function fillColumnRow(plane: usize, row: usize, H: i32, W: i32, sh: i32, sw: i32, Ho: i32, Wo: i32,
  offH: i32, offW: i32, lo: i32, hi: i32): void {
  for (let oh = 0; oh < Ho; oh++) {
    const ih = oh * sh + offH;
    const dst = row + (<usize>(oh * Wo) << 2);
    if (ih < 0 || ih >= H) {
      zeroF32(dst, Wo);
      continue;
    }
    const src = plane + (<usize>(ih * W) << 2);
    zeroF32(dst, lo);
    if (sw == 1) copyF32(src + (<usize>(lo + offW) << 2), dst + (<usize>lo << 2), hi - lo);
    else for (let ow = lo; ow < hi; ow++) store<f32>(dst + (<usize>ow << 2), load<f32>(src + (<usize>(ow * sw + offW) << 2)));
    zeroF32(dst + (<usize>hi << 2), Wo - hi);
  }
}

/** col2im's work on one column row: x[oh·sh + offH, ow·sw + offW] += row[oh, ow] inside the image. */
// @ts-ignore: decorator
@inline function addColumnRow(row: usize, plane: usize, H: i32, W: i32, sh: i32, sw: i32, Ho: i32, Wo: i32,
  offH: i32, offW: i32, lo: i32, hi: i32): void {
  for (let oh = 0; oh < Ho; oh++) {
    const ih = oh * sh + offH;
    if (ih < 0 || ih >= H) continue;
    const src = row + (<usize>(oh * Wo) << 2);
    const dst = plane + (<usize>(ih * W) << 2);
    if (sw == 1) {
      addF32(src + (<usize>lo << 2), dst + (<usize>(lo + offW) << 2), hi - lo);
    } else {
      for (let ow = lo; ow < hi; ow++) {
        const to = dst + (<usize>(ow * sw + offW) << 2);
        store<f32>(to, load<f32>(to) + load<f32>(src + (<usize>ow << 2)));
      }
    }
  }
}

/**
 * The walk shared by im2col (toColumns) and col2im: column row r = (c·kh + i)·kw + j of an
 * image reads input plane c shifted by (i·dh - ph, j·dw - pw); [lo, hi) are the output
 * columns whose input column lies inside the image. Stride 1 with Wo = W ('same'-like) takes
 * the shifted-block path. The flag is a constant at each call, so its branch folds away.
 */
// @ts-ignore: decorator
@inline function walkColumns(toColumns: bool, x: usize, col: usize, C: i32, H: i32, W: i32, kh: i32, kw: i32,
  sh: i32, sw: i32, ph: i32, pw: i32, dh: i32, dw: i32, Ho: i32, Wo: i32, colStride: i32): void {
  const shifted = sh == 1 && sw == 1 && Wo == W;
  for (let c = 0; c < C; c++) {
    const plane = x + (<usize>(c * H * W) << 2);
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        const row = col + (<usize>((c * kh + i) * kw + j) * <usize>colStride << 2);
        const offH = i * dh - ph;
        const offW = j * dw - pw;
        const lo = firstInside(offW, sw, Wo);
        const hi = endInside(offW, sw, W, Wo, lo);
        if (toColumns) {
          if (shifted) shiftedRow(plane, row, H, W, Ho, offH, offW, lo, hi);
          else fillColumnRow(plane, row, H, W, sh, sw, Ho, Wo, offH, offW, lo, hi);
        } else if (hi > lo) {
          if (shifted) shiftedRowAdd(row, plane, H, W, Ho, offH, offW, lo, hi);
          else addColumnRow(row, plane, H, W, sh, sw, Ho, Wo, offH, offW, lo, hi);
        }
      }
    }
  }
}

/**
 * The column matrix of one image: col[r, oh·Wo + ow] = x[c, oh·sh - ph + i·dh, ow·sw - pw + j·dw]
 * (0 outside the image), r = (c·kh + i)·kw + j. Rows are colStride floats apart, so the columns
 * of a batch can sit side by side ([C·kh·kw, N·Ho·Wo]).
 */
export function im2col(x: usize, col: usize, C: i32, H: i32, W: i32, kh: i32, kw: i32,
  sh: i32, sw: i32, ph: i32, pw: i32, dh: i32, dw: i32, Ho: i32, Wo: i32, colStride: i32): void {
  walkColumns(true, x, col, C, H, W, kh, kw, sh, sw, ph, pw, dh, dw, Ho, Wo, colStride);
}

/**
 * The transpose of im2col: x[c, ih, iw] += col[r, oh·Wo + ow] over every (r, oh, ow) that reads
 * (c, ih, iw), in the order r, oh, ow. x is overwritten (zeroed first).
 */
export function col2im(col: usize, x: usize, C: i32, H: i32, W: i32, kh: i32, kw: i32,
  sh: i32, sw: i32, ph: i32, pw: i32, dh: i32, dw: i32, Ho: i32, Wo: i32, colStride: i32): void {
  zeroF32(x, C * H * W);
  walkColumns(false, x, col, C, H, W, kh, kw, sh, sw, ph, pw, dh, dw, Ho, Wo, colStride);
}

/**
 * Images [n0, n1) of dx = the gradient of conv2d with respect to x, from g [N, O, Ho, Wo] and w:
 * per image and group, col[g] = w[g]ᵀ · g_n[g] (depth O/g), then col2im. It is also
 * convTranspose2d's forward. Images are independent, so a band gives the bits of the whole
 * call (the thread pool splits the batch). geo: the 16-entry table of conv_forward.ts;
 * scratch: conv2dInputGradScratchBytes(geo) bytes.
 */
export function conv2dInputGradImages(g: usize, w: usize, dx: usize, geo: usize, n0: i32, n1: i32, scratch: usize): void {
  const C = load<i32>(geo, 4), H = load<i32>(geo, 8), W = load<i32>(geo, 12), O = load<i32>(geo, 16);
  const kh = load<i32>(geo, 20), kw = load<i32>(geo, 24), sh = load<i32>(geo, 28), sw = load<i32>(geo, 32);
  const ph = load<i32>(geo, 36), pw = load<i32>(geo, 40), dh = load<i32>(geo, 44), dw = load<i32>(geo, 48);
  const Ho = load<i32>(geo, 52), Wo = load<i32>(geo, 56), groups = load<i32>(geo, 60);
  const L = Ho * Wo;
  const rows = (C / groups) * kh * kw;
  const depth = O / groups;
  const direct = isPointwise(kh, kw, sh, sw, ph, pw, H, W, Ho, Wo);
  const col = scratch + (<usize>((matmulScratchBytes(rows, depth, L) + 63) & ~63));
  const once = packWeightsOnce(rows, depth, L, groups);
  const packedW = col + (<usize>(C * kh * kw * L) << 2);
  const tile = packedW + (<usize>(groups * roundUp(rows, MR) * depth) << 2);
  // A product of one depth block with g_n read in place: wᵀ packed once for the band (matmul's
  // packing and tiles, so the bits of matmulTransposedA), not once per image.
  if (once) {
    for (let gr = 0; gr < groups; gr++) {
      packA(w + (<usize>(gr * depth * rows) << 2), 1, rows, rows, depth, packedW + (<usize>(gr * roundUp(rows, MR) * depth) << 2));
    }
  }
  for (let n = n0; n < n1; n++) {
    const gn = g + (<usize>(n * O * L) << 2);
    const dxn = dx + (<usize>(n * C * H * W) << 2);
    const cols = direct ? dxn : col;
    for (let gr = 0; gr < groups; gr++) {
      const b = gn + (<usize>(gr * depth * L) << 2);
      const c = cols + (<usize>(gr * rows * L) << 2);
      if (!once) {
        matmulTransposedA(w + (<usize>(gr * depth * rows) << 2), b, c, rows, depth, L, scratch);
        continue;
      }
      const pa = packedW + (<usize>(gr * roundUp(rows, MR) * depth) << 2);
      for (let ic = 0; ic < rows; ic += MC) {
        const mc = minI32(MC, rows - ic);
        tiles(pa + (<usize>(ic * depth) << 2), b, 4, <usize>L << 2, c + (<usize>(ic * L) << 2), <usize>L << 2, mc, L, depth, false, tile);
      }
    }
    if (!direct) col2im(col, dxn, C, H, W, kh, kw, sh, sw, ph, pw, dh, dw, Ho, Wo, L);
  }
}

/** Whether the input gradient's products read g_n in place with wᵀ packed once (see above). */
// @ts-ignore: decorator
@inline function packWeightsOnce(rows: i32, depth: i32, L: i32, groups: i32): bool {
  return depth > 0 && depth <= KC && (L & (NR - 1)) == 0 && L * depth <= IN_PLACE_B_MAX_FLOATS && groups * rows * depth <= 65536;
}

/** Bytes of scratch conv2dInputGradImages needs (per thread): the matmul's, one image's columns, then wᵀ packed and a tile. */
export function conv2dInputGradScratchBytes(geo: usize): i32 {
  const C = load<i32>(geo, 4), O = load<i32>(geo, 16), kh = load<i32>(geo, 20), kw = load<i32>(geo, 24);
  const L = load<i32>(geo, 52) * load<i32>(geo, 56), groups = load<i32>(geo, 60);
  const rows = (C / groups) * kh * kw, depth = O / groups;
  const packed = packWeightsOnce(rows, depth, L, groups) ? (groups * roundUp(rows, MR) * depth + MR * NR) * 4 : 0;
  return ((matmulScratchBytes(rows, depth, L) + 63) & ~63) + C * kh * kw * L * 4 + packed;
}

/**
 * The operands of conv2d's weight gradient for images [n0, n1) of a chunk of N images (geo's N):
 * their columns side by side, col [C·kh·kw, N·Ho·Wo], and g regrouped as gt [O, N·Ho·Wo]. Then
 * dwᵀ[g] [C/g·kh·kw, O/g] = col[g] · gt[g]ᵀ is one product of depth N·Ho·Wo (src/backend/layers.ts).
 * Images write disjoint columns, so the thread pool may split them.
 */
export function conv2dWeightGradColumns(x: usize, g: usize, col: usize, gt: usize, geo: usize, n0: i32, n1: i32): void {
  const N = load<i32>(geo), C = load<i32>(geo, 4), H = load<i32>(geo, 8), W = load<i32>(geo, 12), O = load<i32>(geo, 16);
  const kh = load<i32>(geo, 20), kw = load<i32>(geo, 24), sh = load<i32>(geo, 28), sw = load<i32>(geo, 32);
  const ph = load<i32>(geo, 36), pw = load<i32>(geo, 40), dh = load<i32>(geo, 44), dw = load<i32>(geo, 48);
  const Ho = load<i32>(geo, 52), Wo = load<i32>(geo, 56);
  const L = Ho * Wo;
  const NL = N * L;
  for (let n = n0; n < n1; n++) {
    im2col(x + (<usize>(n * C * H * W) << 2), col + (<usize>(n * L) << 2), C, H, W, kh, kw, sh, sw, ph, pw, dh, dw, Ho, Wo, NL);
    for (let o = 0; o < O; o++) {
      copyF32(g + (<usize>((n * O + o) * L) << 2), gt + (<usize>(o * NL + n * L) << 2), L);
    }
  }
}

/**
 * out[c] = Σ over n, l of x[n, c, l], in float64 (the bias gradient of a convolution). Per
 * channel: two f64x2 partial sums over the vectors of each plane (lanes l mod 4) and a scalar
 * one over the tails, combined at the end. The batch is walked in memory order, each channel's
 * partial sums kept in acc (C·48 bytes, 16-byte aligned): every channel gets the same additions
 * in the same order as a walk channel by channel, without jumping C·L floats per plane.
 */
export function channelSums(x: usize, out: usize, N: i32, C: i32, L: i32, acc: usize): void {
  memory.fill(acc, 0, <usize>(C * 48));
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const row = x + (<usize>((n * C + c) * L) << 2);
      const a = acc + <usize>(c * 48);
      let acc0 = v128.load(a), acc1 = v128.load(a, 16);
      let tail = load<f64>(a, 32);
      let i = 0;
      for (; i + 4 <= L; i += 4) {
        const v = v128.load(row + (<usize>i << 2));
        acc0 = f64x2.add(acc0, f64x2.promote_low_f32x4(v));
        acc1 = f64x2.add(acc1, f64x2.promote_low_f32x4(v128.shuffle<i32>(v, v, 2, 3, 0, 1)));
      }
      for (; i < L; i++) tail += <f64>load<f32>(row + (<usize>i << 2));
      v128.store(a, acc0);
      v128.store(a, acc1, 16);
      store<f64>(a, tail, 32);
    }
  }
  for (let c = 0; c < C; c++) {
    const a = acc + <usize>(c * 48);
    const s = f64x2.add(v128.load(a), v128.load(a, 16));
    store<f32>(out + (<usize>c << 2), <f32>(f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1) + load<f64>(a, 32)));
  }
}

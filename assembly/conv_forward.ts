// conv2d's forward over a band of images: im2col into columns, then the blocked product of
// assembly/gemm.ts in whichever orientation pads its micro-tiles less.
//
// Plain orientation, per image and group: out[g] [O/g, Ho·Wo] = w[g] [O/g, K] · col[g] [K, Ho·Wo]
// (K = C/g·kh·kw), the matmul kernel as it is. Its 5-row micro-tile wastes a 2-row tile on 32
// channels (35 rows computed for 32), and it packs the big column matrix once per image.
//
// Transposed orientation: outᵀ [rows, O/g] = colᵀ [rows, K] · w[g]ᵀ [K, O/g], where the rows are
// the output positions of a chunk of images side by side (their columns are [K, chunk·Ho·Wo]).
// The long dimension is then the rows (5-row tiles waste at most 4 rows of thousands) and the
// channels fill 8-wide tiles exactly when O/g is a multiple of 8; the weights are packed once
// per call rather than the columns once per image; small images (the digits CNN's 8×8) make one
// product per chunk instead of one per image. The product comes out a block of MC positions
// at a time, and is written into NCHW with 4×4 transposes, adding the bias on the way.
//
// Bits: every output is the micro-kernel's sequential float32 sum over r = 0…K-1 of w·col
// (products commute exactly), then + bias — the same in both orientations and for any chunk
// or band, so the choice below is free to follow the shapes (test/node/conv-forward.test.mjs).
import { MR, NR, KC, MC, roundUp, minI32, packA, packB, tiles, microKernel, microKernelGather, edgeTile } from './gemm';
import { matmul, matmulScratchBytes } from './matmul';
import { im2col } from './conv';
import { isPointwise, packShifted, shiftTableBytes, gatherTable } from './conv_pack';
import { transposeLow, transposeHigh, lowHalves, highHalves } from './transpose';

/** The columns of this many bytes of images are built at once in the transposed orientation. */
const CHUNK_BYTES: i64 = 512 * 1024;

/** Bytes rounded up to a 64-byte line. */
// @ts-ignore: decorator
@inline function lineBytes(floats: i64): usize {
  return <usize>((floats * 4 + 63) & ~63);
}

/** Whether outᵀ = colᵀ·wᵀ computes fewer padded products than out = w·col. */
// @ts-ignore: decorator
@inline function useTransposed(Og: i32, L: i32): bool {
  return <i64>roundUp(L, MR) * <i64>roundUp(Og, NR) < <i64>roundUp(Og, MR) * <i64>roundUp(L, NR);
}

/** Images whose columns are built together (1 for a 1×1 kernel: the image is its own column matrix). */
// @ts-ignore: decorator
@inline function chunkImages(KK: i32, L: i32, images: i32, pointwise: bool): i32 {
  if (pointwise || images <= 1) return 1;
  const fit = CHUNK_BYTES / (<i64>KK * <i64>L * 4);
  return fit < 1 ? 1 : (fit > <i64>images ? images : <i32>fit);
}

/**
 * Whether A's panels are packed straight from the images (conv_pack.ts): stride 1 with Wo = W,
 * and enough channels per group that the per-panel lane masks are paid back (with fewer the
 * columns of a chunk of images, then packing, measured faster).
 */
// @ts-ignore: decorator
@inline function implicitColumns(sh: i32, sw: i32, W: i32, Wo: i32, Cg: i32): bool {
  return sh == 1 && sw == 1 && Wo == W && Cg >= 8;
}

/**
 * Bytes of scratch conv2dForwardImages needs for a band of up to `images` images, for the
 * geometry table geo (16 i32: N, C, H, W, O, kh, kw, sh, sw, ph, pw, dh, dw, Ho, Wo, groups).
 */
export function conv2dForwardScratchBytes(geo: usize, images: i32): i32 {
  const C = load<i32>(geo, 4), H = load<i32>(geo, 8), W = load<i32>(geo, 12), O = load<i32>(geo, 16);
  const kh = load<i32>(geo, 20), kw = load<i32>(geo, 24), sh = load<i32>(geo, 28), sw = load<i32>(geo, 32);
  const ph = load<i32>(geo, 36), pw = load<i32>(geo, 40);
  const Ho = load<i32>(geo, 52), Wo = load<i32>(geo, 56), groups = load<i32>(geo, 60);
  const K = (C / groups) * kh * kw;
  const Og = O / groups;
  const L = Ho * Wo;
  const pointwise = isPointwise(kh, kw, sh, sw, ph, pw, H, W, Ho, Wo);
  const cols: i64 = pointwise ? 0 : <i64>C * kh * kw * L;
  if (!useTransposed(Og, L)) return <i32>(lineBytes(matmulScratchBytes(Og, K, L) / 4) + lineBytes(cols));
  const shifted = implicitColumns(sh, sw, W, Wo, C / groups);
  const chunk = shifted ? 0 : chunkImages(C * kh * kw, L, images, pointwise);
  return <i32>(lineBytes(<i64>groups * K * roundUp(Og, NR)) + lineBytes(MC * minI32(K, KC)) + lineBytes(MR * NR)
    + lineBytes(<i64>MC * Og) + lineBytes(shiftTableBytes(kh, kw) / 4) + lineBytes(cols * chunk)
    + lineBytes(shifted ? K + MC / MR : 0));
}

/**
 * dst[o·ld + i] = src[i·cols + o] (+ bias[o]) for i < rows, o < cols: a block of the transposed
 * product into the channel planes of one image, 4×4 transposes inside, scalar edges. Channels
 * outer, so each group of 4 planes is written sequentially and its bias loaded once.
 */
function storeTransposed(src: usize, cols: i32, rows: i32, dst: usize, ld: i32, bias: usize): void {
  const rowBytes = <usize>cols << 2;
  const ldBytes = <usize>ld << 2;
  let o = 0;
  for (; o + 4 <= cols; o += 4) {
    const q = <usize>o << 2;
    const d = dst + <usize>o * ldBytes;
    if (bias == 0) {
      const z = f32x4.splat(0);
      transposeRows(src + q, rowBytes, rows, d, ldBytes, false, z, z, z, z);
    } else {
      transposeRows(src + q, rowBytes, rows, d, ldBytes, true, v128.load32_splat(bias + q), v128.load32_splat(bias + q + 4),
        v128.load32_splat(bias + q + 8), v128.load32_splat(bias + q + 12));
    }
  }
  for (; o < cols; o++) {
    for (let i = 0; i < rows; i++) storeOne(src, cols, i, o, dst, ldBytes, bias);
  }
}

/** Four channel planes at d from a 4-wide column of src: 4×4 transposes down the rows, then the rows' tail. */
// @ts-ignore: decorator
@inline function transposeRows(s: usize, rowBytes: usize, rows: i32, d: usize, ldBytes: usize, withBias: bool,
  b0: v128, b1: v128, b2: v128, b3: v128): void {
  let i = 0;
  for (; i + 4 <= rows; i += 4) {
    const r0 = v128.load(s);
    const r1 = v128.load(s + rowBytes);
    const r2 = v128.load(s + 2 * rowBytes);
    const r3 = v128.load(s + 3 * rowBytes);
    const lo01 = transposeLow(r0, r1);
    const lo23 = transposeLow(r2, r3);
    const hi01 = transposeHigh(r0, r1);
    const hi23 = transposeHigh(r2, r3);
    let t0 = lowHalves(lo01, lo23);
    let t1 = highHalves(lo01, lo23);
    let t2 = lowHalves(hi01, hi23);
    let t3 = highHalves(hi01, hi23);
    if (withBias) {
      t0 = f32x4.add(t0, b0);
      t1 = f32x4.add(t1, b1);
      t2 = f32x4.add(t2, b2);
      t3 = f32x4.add(t3, b3);
    }
    const at = d + (<usize>i << 2);
    v128.store(at, t0);
    v128.store(at + ldBytes, t1);
    v128.store(at + 2 * ldBytes, t2);
    v128.store(at + 3 * ldBytes, t3);
    s += rowBytes << 2;
  }
  for (; i < rows; i++) {
    let v = v128.load(s);
    if (withBias) v = f32x4.add(v, i32x4.shuffle(i32x4.shuffle(b0, b1, 0, 4, 0, 4), i32x4.shuffle(b2, b3, 0, 4, 0, 4), 0, 1, 4, 5));
    const at = d + (<usize>i << 2);
    v128.store32_lane(at, v, 0);
    v128.store32_lane(at + ldBytes, v, 1);
    v128.store32_lane(at + 2 * ldBytes, v, 2);
    v128.store32_lane(at + 3 * ldBytes, v, 3);
    s += rowBytes;
  }
}

// @ts-ignore: decorator
@inline function storeOne(src: usize, cols: i32, i: i32, o: i32, dst: usize, ldBytes: usize, bias: usize): void {
  const v = load<f32>(src + (<usize>(i * cols + o) << 2));
  store<f32>(dst + <usize>o * ldBytes + (<usize>i << 2), bias == 0 ? v : v + load<f32>(bias + (<usize>o << 2)));
}

/**
 * Images [n0, n1) of out = conv2d(x, w) + bias (bias 0 for none). Images are independent, so a
 * band gives the bits of the whole call (the thread pool splits the batch into bands). geo: the
 * 16-entry table above; scratch: conv2dForwardScratchBytes(geo, n1 - n0) bytes, 16-byte aligned.
 */
export function conv2dForwardImages(x: usize, w: usize, bias: usize, out: usize, geo: usize, n0: i32, n1: i32, scratch: usize): void {
  const C = load<i32>(geo, 4), H = load<i32>(geo, 8), W = load<i32>(geo, 12), O = load<i32>(geo, 16);
  const kh = load<i32>(geo, 20), kw = load<i32>(geo, 24), sh = load<i32>(geo, 28), sw = load<i32>(geo, 32);
  const ph = load<i32>(geo, 36), pw = load<i32>(geo, 40), dh = load<i32>(geo, 44), dw = load<i32>(geo, 48);
  const Ho = load<i32>(geo, 52), Wo = load<i32>(geo, 56), groups = load<i32>(geo, 60);
  const K = (C / groups) * kh * kw; // the product's depth per group
  const Og = O / groups;
  const L = Ho * Wo;
  const image = <usize>(C * H * W) << 2;
  const pointwise = isPointwise(kh, kw, sh, sw, ph, pw, H, W, Ho, Wo);
  if (n1 <= n0) return;
  if (!useTransposed(Og, L)) {
    const col = scratch + lineBytes(matmulScratchBytes(Og, K, L) / 4);
    for (let n = n0; n < n1; n++) {
      const xn = x + <usize>n * image;
      const on = out + (<usize>(n * O * L) << 2);
      let cols = xn;
      if (!pointwise) {
        im2col(xn, col, C, H, W, kh, kw, sh, sw, ph, pw, dh, dw, Ho, Wo, L);
        cols = col;
      }
      for (let g = 0; g < groups; g++) {
        matmul(w + (<usize>(g * Og * K) << 2), cols + (<usize>(g * K * L) << 2), on + (<usize>(g * Og * L) << 2), Og, K, L, scratch);
      }
      if (bias != 0) addBiasPlanes(on, bias, O, L);
    }
    return;
  }
  // Stride 1 with Wo = W: A's panels come straight from the images (conv_pack.ts), the whole band
  // at once; otherwise the columns of a chunk of images are built first.
  const shifted = implicitColumns(sh, sw, W, Wo, C / groups);
  const chunk = shifted ? n1 - n0 : chunkImages(C * kh * kw, L, n1 - n0, pointwise);
  const ogPad = roundUp(Og, NR);
  const packedB = scratch;
  const packedA = packedB + lineBytes(<i64>groups * K * ogPad);
  const tile = packedA + lineBytes(MC * minI32(K, KC));
  const block = tile + lineBytes(MR * NR);
  const table = block + lineBytes(<i64>MC * Og);
  const col = table + lineBytes(shiftTableBytes(kh, kw) / 4);
  // Whole 8-channel tiles: panels inside the image are read in place, not packed.
  const gather = shifted && Og % NR == 0;
  const offsets = col + lineBytes(shifted ? 0 : <i64>C * kh * kw * L * chunk);
  const sources = gather ? offsets + (<usize>K << 2) : 0;
  if (gather) gatherTable(offsets, K, H, W, kh, kw, ph, pw, dh, dw);
  const xEnd = x + <usize>load<i32>(geo) * image;
  const groupBytes = <usize>((C / groups) * H * W) << 2;
  // wᵀ packed once: the panels of group g's depth block at pc start at float (g·K + pc)·ogPad.
  for (let g = 0; g < groups; g++) {
    for (let pc = 0; pc < K; pc += KC) {
      packB(w + (<usize>(g * Og * K + pc) << 2), 1, K, minI32(KC, K - pc), Og, packedB + (<usize>((g * K + pc) * ogPad) << 2));
    }
  }
  for (let n = n0; n < n1; n += chunk) {
    const images = minI32(chunk, n1 - n);
    const M = images * L; // rows of the product: the chunk's output positions
    let cols = x + <usize>n * image;
    if (!shifted) {
      for (let i = 0; i < images; i++) {
        im2col(x + <usize>(n + i) * image, col + (<usize>(i * L) << 2), C, H, W, kh, kw, sh, sw, ph, pw, dh, dw, Ho, Wo, M);
      }
      cols = col;
    }
    for (let g = 0; g < groups; g++) {
      for (let ic = 0; ic < M; ic += MC) {
        const mc = minI32(MC, M - ic);
        for (let pc = 0; pc < K; pc += KC) {
          const kc = minI32(KC, K - pc);
          if (shifted) packShifted(cols + <usize>g * groupBytes, x, xEnd, image, ic, mc, pc, kc, L, H, W, kh, kw, ph, pw, dh, dw, table, packedA, sources);
          else packA(cols + (<usize>((g * K + pc) * M + ic) << 2), 1, M, mc, kc, packedA);
          const pb = packedB + (<usize>((g * K + pc) * ogPad) << 2);
          if (gather) tilesGather(packedA, sources, offsets + (<usize>pc << 2), pb, block, Og, mc, kc, tile, pc > 0);
          else tiles(packedA, pb, <usize>kc << 2, NR * 4, block, <usize>Og << 2, mc, Og, kc, pc > 0, tile);
        }
        // Rows ic…ic+mc-1 are positions of images n + (ic + r) / L: one transpose per image met.
        for (let r = 0; r < mc;) {
          const img = (ic + r) / L;
          const pix = ic + r - img * L;
          const len = minI32(mc - r, L - pix);
          const dst = out + (<usize>(((n + img) * O + g * Og) * L + pix) << 2);
          storeTransposed(block + (<usize>(r * Og) << 2), Og, len, dst, L, bias == 0 ? 0 : bias + (<usize>(g * Og) << 2));
          r += len;
        }
      }
    }
  }
}

/**
 * gemm.ts's tile loop for one depth block of whole 8-channel tiles (no accumulation), where a
 * panel with a source (packShifted's sources table) is read in place through the offsets.
 */
function tilesGather(packedA: usize, sources: usize, offsets: usize, packedB: usize, block: usize, Og: i32, mc: i32, kc: i32, tile: usize, accumulate: bool): void {
  const ldc = <usize>Og << 2;
  for (let jr = 0; jr < Og; jr += NR) {
    const pb = packedB + (<usize>(jr * kc) << 2);
    for (let ir = 0; ir < mc; ir += MR) {
      const c = block + <usize>ir * ldc + (<usize>jr << 2);
      const pa = packedA + (<usize>(ir * kc) << 2);
      const source = <usize>load<u32>(sources + (<usize>(ir / MR) << 2));
      // Two call sites keep binaryen from inlining the kernel here: inlined into this loop, V8
      // spilled its accumulators (the whole convolution ran ×0.66 as fast).
      if (source != 0 && accumulate) microKernelGather(source, offsets, pb, kc, c, ldc, true);
      else if (source != 0) microKernelGather(source, offsets, pb, kc, c, ldc, false);
      else if (ir + MR <= mc) microKernel(pa, pb, kc, c, ldc, accumulate);
      else edgeTile(pa, pb, NR * 4, kc, c, ldc, accumulate, mc - ir, NR, tile);
    }
  }
}

/** out[o, l] += bias[o] over O planes of L floats. */
function addBiasPlanes(on: usize, bias: usize, O: i32, L: i32): void {
  for (let o = 0; o < O; o++) {
    const b = v128.load32_splat(bias + (<usize>o << 2));
    const row = on + (<usize>(o * L) << 2);
    let i = 0;
    for (; i + 4 <= L; i += 4) v128.store(row + (<usize>i << 2), f32x4.add(v128.load(row + (<usize>i << 2)), b));
    for (; i < L; i++) store<f32>(row + (<usize>i << 2), load<f32>(row + (<usize>i << 2)) + f32x4.extract_lane(b, 0));
  }
}

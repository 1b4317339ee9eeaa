// Implicit im2col: the transposed convolution product's A panels (colᵀ, MR positions × kc
// depths, p-major) packed straight from the images, panel by panel, so the column matrix is
// never written (assembly/conv_forward.ts).
//
// For stride 1 with Wo = W, output position l = oh·W + ow of an image reads, at depth
// r = (c·kh + i)·kw + j, input element l + (i·dh - ph)·W + (j·dw - pw) of plane c — linear in l
// even across rows — unless that input lies outside the image (then it is 0). So a panel of MR
// consecutive positions is, per depth, MR consecutive floats of a plane with the lanes outside
// the image zeroed: one v128 load, one float, a lane mask. The masks depend on the panel and
// (i, j) only, so they are computed once per panel into a small table. Values written are
// exactly im2col's (a copy of x, or +0), so the product's bits do not change.
import { MR } from './gemm';

/** A 1×1 kernel, stride 1, no padding: the image is its own column matrix. */
// @ts-ignore: decorator
@inline export function isPointwise(kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32, H: i32, W: i32, Ho: i32, Wo: i32): bool {
  return kh == 1 && kw == 1 && sh == 1 && sw == 1 && ph == 0 && pw == 0 && Ho == H && Wo == W;
}

/** Bytes of the per-panel table for a kh×kw kernel. */
// @ts-ignore: decorator
@inline export function shiftTableBytes(kh: i32, kw: i32): i32 {
  return (kh + kw) * 4;
}

/** The v128 lane mask of bits 0-3 (lane k all ones when bit k is set). */
// @ts-ignore: decorator
@inline function laneMask(bits: i32): v128 {
  return i32x4.ne(v128.and(i32x4.splat(bits), i32x4(1, 2, 4, 8)), i32x4.splat(0));
}

/**
 * The MR lane bits of one offset: bit ii is set when position ii's input (row or column
 * pos_ii + off, the positions counted along rows of W) lies in [0, size). vertical: the
 * positions' rows (oh0, stepping at the row end), else their columns (ow0, wrapping).
 */
// @ts-ignore: decorator
@inline function laneBits(vertical: bool, oh0: i32, ow0: i32, W: i32, off: i32, size: i32): i32 {
  let bits = 0;
  let oh = oh0, ow = ow0;
  for (let ii = 0; ii < MR; ii++) {
    const at = (vertical ? oh : ow) + off;
    if (at >= 0 && at < size) bits |= 1 << ii;
    if (++ow == W) { ow = 0; oh++; }
  }
  return bits;
}

/**
 * The byte offsets from a position's input element (x[c0, oh, ow]) to what it reads at depths
 * p = 0…K-1, r = (c·kh + i)·kw + j: c·H·W + (i·dh - ph)·W + j·dw - pw floats. A panel inside the
 * image reads at depth p the MR floats at its first position + table[p] (gemm.ts's
 * microKernelGather), the packed panel's values exactly.
 */
export function gatherTable(table: usize, K: i32, H: i32, W: i32, kh: i32, kw: i32, ph: i32, pw: i32, dh: i32, dw: i32): void {
  const taps = kh * kw;
  for (let p = 0; p < K; p++) {
    const c = p / taps;
    const i = (p - c * taps) / kw;
    const j = p - c * taps - i * kw;
    store<i32>(table + (<usize>p << 2), (c * H * W + (i * dh - ph) * W + j * dw - pw) << 2);
  }
}

/** Whether MR positions from (oh0, ow0) lie in one row and read only inside the image at every tap. */
// @ts-ignore: decorator
@inline function panelInside(oh0: i32, ow0: i32, H: i32, W: i32, kh: i32, kw: i32, ph: i32, pw: i32, dh: i32, dw: i32): bool {
  return ow0 + MR <= W && ow0 >= pw && ow0 + MR - 1 + (kw - 1) * dw - pw < W && oh0 >= ph && oh0 + (kh - 1) * dh - ph < H;
}

/**
 * Packs rows [m0, m0 + mc) × depths [pc, pc + kc) of colᵀ into MR-high panels at dst, for the
 * images starting at xs (image bytes apart; their positions are rows, L per image; xs already
 * points at the group's first channel). [xLo, xHi) bounds the whole input, so a masked vector
 * load never reads outside it. table: shiftTableBytes(kh, kw) bytes. Per panel the taps (i, j)
 * are the outer loop and the channels the inner one, so the lane mask is chosen once per tap.
 * sources (0: pack every panel): one u32 per panel, set to the panel's first input element when
 * it lies inside the image (then it is not packed: microKernelGather reads it there), else 0.
 */
export function packShifted(xs: usize, xLo: usize, xHi: usize, image: usize, m0: i32, mc: i32, pc: i32, kc: i32,
  L: i32, H: i32, W: i32, kh: i32, kw: i32, ph: i32, pw: i32, dh: i32, dw: i32, table: usize, dst: usize, sources: usize): void {
  const plane = <usize>(H * W) << 2;
  const taps = kh * kw;
  const qStep = <usize>(taps * MR) << 2;
  const hTable = table + (<usize>kh << 2);
  // Depths p = c·taps + tap in [pc, pc + kc): tap's channels are [c0, c1), found without a division per tap.
  const cFirst = pc / taps, tapFirst = pc - cFirst * taps;
  const cEnd = (pc + kc) / taps, tapEnd = pc + kc - cEnd * taps;
  for (let i0 = 0; i0 < mc; i0 += MR) {
    const l = m0 + i0;
    const img = l / L;
    const local = l - img * L;
    const panel = dst + (<usize>(i0 * kc) << 2);
    const source = sources + (<usize>(i0 / MR) << 2);
    if (sources != 0) store<u32>(source, 0);
    if (mc - i0 < MR || local + MR > L) {
      packEdgePanel(xs, image, l, minI32(MR, mc - i0), pc, kc, L, H, W, kh, kw, ph, pw, dh, dw, panel);
      continue;
    }
    const oh0 = local / W;
    const ow0 = local - oh0 * W;
    // Lane bits per kernel row i and column j (all set for a panel inside the image, the usual case).
    const inside = panelInside(oh0, ow0, H, W, kh, kw, ph, pw, dh, dw);
    const base = xs + <usize>img * image;
    if (inside && sources != 0) {
      store<u32>(source, <u32>(base + (<usize>local << 2)));
      continue;
    }
    for (let i = 0; i < kh; i++) store<i32>(table + (<usize>i << 2), inside ? 31 : laneBits(true, oh0, ow0, W, i * dh - ph, H));
    for (let j = 0; j < kw; j++) store<i32>(hTable + (<usize>j << 2), inside ? 31 : laneBits(false, oh0, ow0, W, j * dw - pw, W));
    let tap = 0;
    for (let i = 0; i < kh; i++) {
      const rowBits = load<i32>(table + (<usize>i << 2));
      for (let j = 0; j < kw; j++, tap++) {
        const bits = rowBits & load<i32>(hTable + (<usize>j << 2));
        const c0 = tap >= tapFirst ? cFirst : cFirst + 1;
        const c1 = tap < tapEnd ? cEnd + 1 : cEnd;
        let src = base + <usize>c0 * plane + (<usize>(local + (i * dh - ph) * W + j * dw - pw) << 2);
        let to = panel + (<usize>((c0 * taps + tap - pc) * MR) << 2);
        if (bits == 31) {
          for (let c = c0; c < c1; c++) {
            v128.store(to, v128.load(src));
            store<f32>(to, load<f32>(src, 16), 16);
            src += plane;
            to += qStep;
          }
        } else if (bits == 0) {
          for (let c = c0; c < c1; c++) {
            v128.store(to, i32x4.splat(0));
            store<f32>(to, 0, 16);
            to += qStep;
          }
        } else {
          const mask = laneMask(bits);
          const last = (bits & 16) != 0;
          if (c1 > c0 && src >= xLo && src + <usize>(c1 - 1 - c0) * plane + 20 <= xHi) {
            // Every channel's vector load stays inside the input: no check per channel.
            for (let c = c0; c < c1; c++) {
              v128.store(to, v128.and(v128.load(src), mask));
              store<f32>(to, select<f32>(load<f32>(src, 16), 0, last), 16);
              src += plane;
              to += qStep;
            }
            continue;
          }
          for (let c = c0; c < c1; c++) {
            if (src >= xLo && src + 20 <= xHi) {
              v128.store(to, v128.and(v128.load(src), mask));
              store<f32>(to, last ? load<f32>(src, 16) : 0, 16);
            } else {
              for (let ii = 0; ii < MR; ii++) {
                const at = <usize>ii << 2;
                store<f32>(to + at, ((bits >> ii) & 1) != 0 ? load<f32>(src + at) : 0);
              }
            }
            src += plane;
            to += qStep;
          }
        }
      }
    }
  }
}

// @ts-ignore: decorator
@inline function minI32(a: i32, b: i32): i32 {
  return a < b ? a : b;
}

/** A panel of `rows` < MR positions, or one that spans two images: element by element, zero-padded. */
function packEdgePanel(xs: usize, image: usize, l0: i32, rows: i32, pc: i32, kc: i32,
  L: i32, H: i32, W: i32, kh: i32, kw: i32, ph: i32, pw: i32, dh: i32, dw: i32, panel: usize): void {
  const plane = <usize>(H * W) << 2;
  const taps = kh * kw;
  for (let ii = 0; ii < MR; ii++) {
    const to = panel + (<usize>ii << 2);
    if (ii >= rows) {
      for (let q = 0; q < kc; q++) store<f32>(to + <usize>(q * MR * 4), 0);
      continue;
    }
    const img = (l0 + ii) / L;
    const local = l0 + ii - img * L;
    const oh = local / W;
    const ow = local - oh * W;
    // Depth q = pc + … is (c, i, j), stepped without divisions.
    let c = pc / taps;
    let i = (pc - c * taps) / kw;
    let j = pc - c * taps - i * kw;
    const src = xs + <usize>img * image;
    for (let q = 0; q < kc; q++) {
      const ih = oh + i * dh - ph;
      const iw = ow + j * dw - pw;
      let v: f32 = 0;
      if (ih >= 0 && ih < H && iw >= 0 && iw < W) v = load<f32>(src + <usize>c * plane + (<usize>(ih * W + iw) << 2));
      store<f32>(to + <usize>(q * MR * 4), v);
      if (++j == kw) {
        j = 0;
        if (++i == kh) {
          i = 0;
          c++;
        }
      }
    }
  }
}

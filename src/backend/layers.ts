// Convolution, pooling, normalisation and embedding kernels (assembly/conv.ts, pool.ts,
// norm.ts, embedding.ts), typed over Blocks. Column buffers, coefficient tables and index
// tables are allocated and freed here, so no pointer leaves the seam.
import { K } from './instance.js';
import { alloc, free, heapF32, heapI32, scratch, writeI32Table } from './memory.js';
import { pooled, runJob } from './threads.js';
import { matmul } from './linalg.js';
import { stridedCopy } from './data.js';
import { MATMUL_ABT } from '../generated/opcodes.js';
import type { Block } from './data.js';

/** One 2-D convolution's sizes (1-D is H = 1): input, output, kernel, stride, padding, dilation. */
export interface ConvShape {
  N: number; C: number; H: number; W: number;
  O: number; kh: number; kw: number; groups: number;
  sh: number; sw: number; ph: number; pw: number; dh: number; dw: number;
  Ho: number; Wo: number;
}

function convArgs(s: ConvShape): number[] {
  return [s.N, s.C, s.H, s.W, s.O, s.kh, s.kw, s.sh, s.sw, s.ph, s.pw, s.dh, s.dw, s.Ho, s.Wo, s.groups];
}

function pointwise(s: ConvShape): boolean {
  return s.kh === 1 && s.kw === 1 && s.sh === 1 && s.sw === 1 && s.ph === 0 && s.pw === 0 && s.Ho === s.H && s.Wo === s.W;
}

// A forward convolution of at least this many FLOPs goes to the thread pool, split into bands
// of images that depend only on the batch size (about an eighth of it each; images are
// independent, so the bits are those of one thread).
const POOL_MIN_FLOPS = 1 << 22;

/** out [N, O, Ho, Wo] = conv2d(x, w) (+ bias): columns (or panels straight from the images), then the blocked product. */
export function conv2dForward(x: Block, w: Block, bias: Block | null, out: Block, s: ConvShape): void {
  if (out.size === 0) return;
  const k = (s.C / s.groups) * s.kh * s.kw;
  const geo = writeI32Table(convArgs(s));
  const b = bias === null ? 0 : bias.ptr;
  const bandImages = Math.ceil(s.N / 8);
  if (2 * s.N * s.O * k * s.Ho * s.Wo >= POOL_MIN_FLOPS && pooled(Math.ceil(s.N / bandImages))) {
    const bytes = K.conv2dForwardScratchBytes(geo, bandImages) + 16;
    runJob({ kernel: 'conv2dForwardImages', args: [x.ptr, w.ptr, b, out.ptr, geo, 0, 0, 0], total: s.N, bandSize: bandImages, kind: 'range', at: 5, scratch: { at: 7, bytes } });
    return;
  }
  const work = alloc(K.conv2dForwardScratchBytes(geo, s.N) + 16);
  K.conv2dForwardImages(x.ptr, w.ptr, b, out.ptr, geo, 0, s.N, work);
  free(work);
}

/** dx [N, C, H, W] = the input gradient of conv2d from g [N, O, Ho, Wo] and w; bands of images on the pool. */
export function conv2dInputGrad(g: Block, w: Block, dx: Block, s: ConvShape): void {
  if (dx.size === 0) return;
  const k = (s.C / s.groups) * s.kh * s.kw;
  if (g.size === 0 || k === 0) {
    K.fillF32(dx.ptr, 0, dx.size);
    return;
  }
  const geo = writeI32Table(convArgs(s));
  const bytes = K.conv2dInputGradScratchBytes(geo) + 16;
  const bandImages = Math.ceil(s.N / 8);
  if (2 * s.N * s.O * k * s.Ho * s.Wo >= POOL_MIN_FLOPS && pooled(Math.ceil(s.N / bandImages))) {
    runJob({ kernel: 'conv2dInputGradImages', args: [g.ptr, w.ptr, dx.ptr, geo, 0, 0, 0], total: s.N, bandSize: bandImages, kind: 'range', at: 4, scratch: { at: 6, bytes } });
    return;
  }
  const work = alloc(bytes);
  K.conv2dInputGradImages(g.ptr, w.ptr, dx.ptr, geo, 0, s.N, work);
  free(work);
}

// The weight gradient's columns for the whole batch side by side; past this many bytes the
// batch is taken in chunks of images (a number fixed by the shapes) and the chunks' products
// summed in order.
const WEIGHT_GRAD_COLUMN_BYTES = 64 * 1024 * 1024;

/**
 * dw [O, C/groups, kh, kw] = the weight gradient of conv2d from x and g. Per group, one product
 * of depth N·Ho·Wo, taken as dwᵀ [C/g·kh·kw, O/g] = col · gtᵀ (the long side as rows: no 2-row
 * edge tile for 32 channels) — the same sums in the same order as dw = gt · colᵀ, so the same
 * bits. The columns are built by bands of images and the product by bands of rows on the pool
 * (both splits fixed by the shapes, so the bits do not depend on the thread count).
 */
export function conv2dWeightGrad(x: Block, g: Block, dw: Block, s: ConvShape): void {
  if (dw.size === 0) return;
  const perImage = s.Ho * s.Wo;
  if (s.N * perImage === 0) {
    K.fillF32(dw.ptr, 0, dw.size);
    return;
  }
  const k = (s.C / s.groups) * s.kh * s.kw;
  const Og = s.O / s.groups;
  const chunk = Math.max(1, Math.min(s.N, Math.floor(WEIGHT_GRAD_COLUMN_BYTES / (4 * k * s.groups * perImage))));
  const L = chunk * perImage;
  const col = alloc(4 * k * s.groups * L);
  const gt = alloc(4 * s.O * L);
  const dwT = alloc(4 * dw.size);
  const part = chunk < s.N ? alloc(4 * dw.size) : 0;
  for (let n0 = 0; n0 < s.N; n0 += chunk) {
    const n = Math.min(chunk, s.N - n0);
    const xs = x.ptr + 4 * n0 * s.C * s.H * s.W;
    const gs = g.ptr + 4 * n0 * s.O * perImage;
    const geo = writeI32Table(convArgs({ ...s, N: n }));
    const bandImages = Math.ceil(n / 8);
    if (2 * n * s.O * k * perImage >= POOL_MIN_FLOPS && pooled(Math.ceil(n / bandImages))) {
      runJob({ kernel: 'conv2dWeightGradColumns', args: [xs, gs, col, gt, geo, 0, 0], total: n, bandSize: bandImages, kind: 'range', at: 5 });
    } else {
      K.conv2dWeightGradColumns(xs, gs, col, gt, geo, 0, n);
    }
    const into = n0 === 0 ? dwT : part;
    const NL = n * perImage;
    for (let gr = 0; gr < s.groups; gr++) {
      matmul(MATMUL_ABT, { ptr: col + 4 * gr * k * NL, size: k * NL }, { ptr: gt + 4 * gr * Og * NL, size: Og * NL },
        { ptr: into + 4 * gr * k * Og, size: k * Og }, { m: k, k: NL, n: Og, batch: 1, aStride: 0, bStride: 0 }, false);
    }
    if (n0 > 0) K.addInPlace(dwT, part, dw.size);
  }
  // dw[gr, o, r] = dwT[gr, r, o]
  stridedCopy({ ptr: dwT, size: dw.size }, 0, dw, [s.groups, Og, k], [k * Og, 1, Og]);
  if (part !== 0) free(part);
  free(col);
  free(gt);
  free(dwT);
}

/** out[c] = Σ over n, l of x[n, c, l] (float64 sums). */
export function channelSums(x: Block, out: Block, N: number, C: number, L: number): void {
  if (out.size > 0) K.channelSums(x.ptr, out.ptr, N, C, L, scratch(48 * C + 16));
}

/** Pooling window geometry over P planes of H×W. */
export interface PoolShape {
  P: number; H: number; W: number; kh: number; kw: number;
  sh: number; sw: number; ph: number; pw: number; dh: number; dw: number; Ho: number; Wo: number;
}

/** out = max over each window; argmax (int32 words, one per output) = the plane offset of the max. */
export function maxPool2dForward(x: Block, out: Block, argmax: Block, s: PoolShape): void {
  if (out.size > 0) K.maxPool2dForward(x.ptr, out.ptr, argmax.ptr, s.P, s.H, s.W, s.kh, s.kw, s.sh, s.sw, s.ph, s.pw, s.dh, s.dw, s.Ho, s.Wo);
}

/** dx (zeroed) += g at the argmax offsets, per plane of HW (g has L values per plane). */
export function maxPoolScatter(g: Block, argmax: Block, dx: Block, P: number, HW: number, L: number): void {
  if (dx.size > 0) K.maxPoolScatter(g.ptr, argmax.ptr, dx.ptr, P, HW, L);
}

/** out = x at the argmax offsets (the transpose of maxPoolScatter). */
export function maxPoolGather(x: Block, argmax: Block, out: Block, P: number, HW: number, L: number): void {
  if (out.size > 0) K.maxPoolGather(x.ptr, argmax.ptr, out.ptr, P, HW, L);
}

export function avgPool2dForward(x: Block, out: Block, s: PoolShape, countIncludePad: boolean): void {
  if (out.size > 0) K.avgPool2dForward(x.ptr, out.ptr, s.P, s.H, s.W, s.kh, s.kw, s.sh, s.sw, s.ph, s.pw, s.Ho, s.Wo, countIncludePad ? 1 : 0);
}

export function avgPool2dBackward(g: Block, dx: Block, s: PoolShape, countIncludePad: boolean): void {
  if (dx.size > 0) K.avgPool2dBackward(g.ptr, dx.ptr, s.P, s.H, s.W, s.kh, s.kw, s.sh, s.sw, s.ph, s.pw, s.Ho, s.Wo, countIncludePad ? 1 : 0);
}

export function adaptiveAvgPool2dForward(x: Block, out: Block, P: number, H: number, W: number, Ho: number, Wo: number): void {
  if (out.size > 0) K.adaptiveAvgPool2dForward(x.ptr, out.ptr, P, H, W, Ho, Wo);
}

export function adaptiveAvgPool2dBackward(g: Block, dx: Block, P: number, H: number, W: number, Ho: number, Wo: number): void {
  if (dx.size > 0) K.adaptiveAvgPool2dBackward(g.ptr, dx.ptr, P, H, W, Ho, Wo);
}

/** Per channel of [N, C, L]: mean and biased variance (float64 two-pass), returned as float32 values. */
export function channelMeanVar(x: Block, N: number, C: number, L: number): { mean: Float32Array; variance: Float32Array } {
  const buf = alloc(8 * C + 16);
  if (x.size > 0) K.channelMeanVar(x.ptr, buf, buf + 4 * C, N, C, L, scratch(16 * C + 16));
  else heapF32().fill(0, buf >>> 2, (buf >>> 2) + 2 * C);
  const all = heapF32().slice(buf >>> 2, (buf >>> 2) + 2 * C);
  free(buf);
  return { mean: all.subarray(0, C), variance: all.subarray(C) };
}

/** Per row of [R, D]: mean and 1/√(biased variance + eps) into mean and invStd (blocks of R). */
export function rowMeanInvStd(x: Block, mean: Block, invStd: Block, R: number, D: number, eps: number): void {
  if (R > 0) K.rowMeanInvStd(x.ptr, mean.ptr, invStd.ptr, R, D, eps);
}

/** Writes float tables into one temporary block and passes their addresses to fn. */
function withTables(tables: ArrayLike<number>[], fn: (ptrs: number[]) => void): void {
  const total = tables.reduce((n, t) => n + t.length, 0);
  const base = alloc(4 * total + 16);
  const heap = heapF32();
  const ptrs: number[] = [];
  let at = base;
  for (const t of tables) {
    heap.set(t, at >>> 2);
    ptrs.push(at);
    at += 4 * t.length;
  }
  try {
    fn(ptrs);
  } finally {
    free(base);
  }
}

/** y[n, c, l] = x·scale[c] + shift[c] over [N, C, L]. */
export function planeAffine(x: Block, scale: Float32Array, shift: Float32Array, y: Block, N: number, C: number, L: number): void {
  if (y.size === 0) return;
  withTables([scale, shift], ([s, t]) => K.planeAffine(x.ptr, s, t, y.ptr, N, C, L));
}

/** out[n, c, l] = g·a[c] + x·b[c] + k[c] over [N, C, L]. */
export function planeLinear2(g: Block, x: Block, a: Float32Array, b: Float32Array, k: Float32Array, out: Block, N: number, C: number, L: number): void {
  if (out.size === 0) return;
  withTables([a, b, k], ([pa, pb, pk]) => K.planeLinear2(g.ptr, x.ptr, pa, pb, pk, out.ptr, N, C, L));
}

/** Per plane p of [P, L]: Σ g and Σ g·(x - shift[p]), in float64. */
export function planeGradSums(g: Block, x: Block, shift: Float32Array, P: number, L: number): { g: Float64Array; gx: Float64Array } {
  const sums = alloc(16 * P + 16);
  withTables([shift], ([s]) => K.planeGradSums(g.ptr, x.ptr, s, sums, sums + 8 * P, P, L));
  const all = new Float64Array(heapF32().buffer.slice(sums, sums + 16 * P));
  free(sums);
  return { g: all.subarray(0, P), gx: all.subarray(P) };
}

export function layerNormForward(x: Block, mean: Block, invStd: Block, w: Block | null, b: Block | null, y: Block, R: number, D: number): void {
  if (y.size > 0) K.layerNormForward(x.ptr, mean.ptr, invStd.ptr, w === null ? 0 : w.ptr, b === null ? 0 : b.ptr, y.ptr, R, D);
}

export function layerNormBackward(g: Block, x: Block, mean: Block, invStd: Block, w: Block | null, dx: Block, R: number, D: number): void {
  if (dx.size > 0) K.layerNormBackward(g.ptr, x.ptr, mean.ptr, invStd.ptr, w === null ? 0 : w.ptr, dx.ptr, R, D);
}

/** dw[d] = Σ_r g·x̂, db[d] = Σ_r g (float64 accumulators); either may be null. */
export function layerNormParamGrads(g: Block, x: Block, mean: Block, invStd: Block, dw: Block | null, db: Block | null, R: number, D: number): void {
  const acc = scratch(16 * D + 16);
  K.layerNormParamGrads(g.ptr, x.ptr, mean.ptr, invStd.ptr, dw === null ? 0 : dw.ptr, db === null ? 0 : db.ptr, acc, R, D);
}

/** dst (zeroed, `rows` rows of `width`) row indices[i] += src row i, skipping row `skip` (-1: none). */
export function scatterAddRows(src: Block, indices: ArrayLike<number>, width: number, dst: Block, rows: number, skip: number): void {
  const table = alloc(4 * indices.length + 16);
  heapI32().set(indices, table >>> 2);
  K.scatterAddRows(src.ptr, table, indices.length, width, dst.ptr, rows, skip);
  free(table);
}

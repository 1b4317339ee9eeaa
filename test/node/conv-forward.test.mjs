// conv2d's forward kernel takes its geometry as a table and a band of images [n0, n1), so that
// the thread pool can split a batch (assembly/conv_forward.ts, conv2dForwardImages). Two bands must give
// the bits of the plain form — im2col of each image, the blocked matmul per group, then the bias,
// through the module's exports — for every path of im2col: the shifted one ('same'-like, stride
// 1), the general one (stride, dilation), 1×1 kernels (no columns), groups and depthwise, even
// kernels, rows that are not a multiple of the panel width, depths past one packed block
// (C/g·kh·kw > 256) and positions past one (Ho·Wo > 1024); and both orientations of the product
// with the transposed one's two ways of packing (straight from the images, or columns first).
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../runtimes/locate.mjs';

const memory = new WebAssembly.Memory({ initial: 32, maximum: 65536 });
const { exports: K } = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(join(ROOT, 'build/descent.wasm'))), { env: { memory } });

/** A bump allocator above the module's static data (the kernels allocate nothing). */
let top = 1 << 20;
function take(floats) {
  const ptr = top;
  top += Math.ceil((floats * 4 + 64) / 64) * 64;
  const need = Math.ceil(top / 65536) - memory.buffer.byteLength / 65536;
  if (need > 0) memory.grow(need);
  return ptr;
}
const f32 = () => new Float32Array(memory.buffer);

/** Deterministic floats in [-1, 1) (xorshift32). */
function fill(ptr, n, seed) {
  let s = seed >>> 0 || 1;
  const view = f32();
  for (let i = 0; i < n; i++) {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    view[(ptr >> 2) + i] = (s / 4294967296) * 2 - 1;
  }
}

function outputSize(size, k, s, p0, p1, d) {
  return Math.floor((size + p0 + p1 - d * (k - 1) - 1) / s) + 1;
}

/** Runs both forms for one geometry and returns [new, reference] as Uint32 bit arrays. */
function both({ N, C, H, W, O, kh, kw, sh = 1, sw = 1, ph = 0, pw = 0, pEndH = ph, pEndW = pw, dh = 1, dw = 1, groups = 1, bias = true }) {
  top = 1 << 20;
  const Ho = outputSize(H, kh, sh, ph, pEndH, dh);
  const Wo = outputSize(W, kw, sw, pw, pEndW, dw);
  const Cg = C / groups, Og = O / groups, K2 = Cg * kh * kw, L = Ho * Wo;
  const x = take(N * C * H * W), w = take(O * K2), b = bias ? take(O) : 0;
  fill(x, N * C * H * W, 1 + N + C);
  fill(w, O * K2, 2 + O);
  if (bias) fill(b, O, 3);
  const out = take(N * O * L), ref = take(N * O * L);
  const geo = take(16);
  new Int32Array(memory.buffer, geo, 16).set([N, C, H, W, O, kh, kw, sh, sw, ph, pw, dh, dw, Ho, Wo, groups]);
  // Bands of images, as the thread pool may cut them: the first image alone, then the rest.
  const work = take(K.conv2dForwardScratchBytes(geo, N) / 4);
  K.conv2dForwardImages(x, w, b, out, geo, 0, 1, work);
  K.conv2dForwardImages(x, w, b, out, geo, 1, N, work);
  const col = take(C * kh * kw * L);
  const mmWork = take(K.matmulScratchBytes(Og, K2, L) / 4);
  for (let n = 0; n < N; n++) {
    K.im2col(x + 4 * n * C * H * W, col, C, H, W, kh, kw, sh, sw, ph, pw, dh, dw, Ho, Wo, L);
    for (let g = 0; g < groups; g++) {
      K.matmul(w + 4 * g * Og * K2, col + 4 * g * K2 * L, ref + 4 * (n * O + g * Og) * L, Og, K2, L, mmWork);
    }
  }
  const view = f32();
  if (bias) for (let n = 0; n < N; n++) for (let o = 0; o < O; o++) for (let l = 0; l < L; l++) view[(ref >> 2) + (n * O + o) * L + l] += view[(b >> 2) + o];
  const bits = (p) => new Uint32Array(memory.buffer, p, N * O * L).slice();
  return [bits(out), bits(ref), N * O * L];
}

const CASES = {
  "3×3 'same' (the bench shape, small batch)": { N: 3, C: 16, H: 28, W: 28, O: 32, kh: 3, kw: 3, ph: 1, pw: 1 },
  "5×5 'same' with dilation 2, rows not a multiple of 8": { N: 2, C: 3, H: 9, W: 13, O: 7, kh: 5, kw: 5, ph: 4, pw: 4, dh: 2, dw: 2 },
  "2×2 'same' (torch pads the extra row and column at the end)": { N: 2, C: 4, H: 7, W: 6, O: 6, kh: 2, kw: 2, pEndH: 1, pEndW: 1 },
  'stride 2, padding 1': { N: 2, C: 5, H: 15, W: 11, O: 9, kh: 3, kw: 3, sh: 2, sw: 2, ph: 1, pw: 1 },
  'stride (1, 3), dilation (2, 1), no padding': { N: 2, C: 2, H: 12, W: 17, O: 4, kh: 3, kw: 2, sw: 3, dh: 2 },
  '1×1, no bias': { N: 2, C: 6, H: 5, W: 7, O: 11, kh: 1, kw: 1, bias: false },
  'groups 2': { N: 2, C: 6, H: 8, W: 8, O: 4, kh: 3, kw: 3, ph: 1, pw: 1, groups: 2 },
  'depthwise (groups = C)': { N: 2, C: 5, H: 9, W: 10, O: 10, kh: 3, kw: 3, ph: 1, pw: 1, groups: 5 },
  'depth past one block (C·kh·kw = 288 > 256)': { N: 2, C: 32, H: 6, W: 6, O: 13, kh: 3, kw: 3, ph: 1, pw: 1 },
  'positions past one block (Ho·Wo = 1600 > 1024), padding larger than the kernel reach': { N: 1, C: 2, H: 40, W: 40, O: 3, kh: 3, kw: 3, ph: 2, pw: 2, pEndH: 2, pEndW: 2 },
  'one row (conv1d) with 130 output channels (past one row block)': { N: 3, C: 4, H: 1, W: 50, O: 130, kh: 1, kw: 5, pw: 2 },
  // Channels per group a multiple of 8: the transposed product (assembly/conv_forward.ts).
  "transposed, panels from the images: 8×8 images (the digits CNN's conv2), panels across images": { N: 5, C: 16, H: 8, W: 8, O: 32, kh: 3, kw: 3, ph: 1, pw: 1 },
  "transposed, panels from the images: depth past one block (C·kh·kw = 288), dilation 2 'same'": { N: 3, C: 32, H: 7, W: 9, O: 16, kh: 3, kw: 3, ph: 2, pw: 2, dh: 2, dw: 2 },
  'transposed, panels from the images: width 3 < the 5-row panel, positions past one block': { N: 7, C: 8, H: 7, W: 3, O: 8, kh: 3, kw: 3, ph: 1, pw: 1 },
  "transposed, panels from the images: 2×2 'same' (extra padding at the end)": { N: 2, C: 8, H: 7, W: 6, O: 8, kh: 2, kw: 2, pEndH: 1, pEndW: 1 },
  'transposed, panels from the images: padding only along the width (Ho < H)': { N: 2, C: 8, H: 9, W: 10, O: 16, kh: 3, kw: 3, pw: 1 },
  'transposed, panels from the images: 1×1 without columns': { N: 3, C: 8, H: 5, W: 7, O: 16, kh: 1, kw: 1 },
  // Panels inside an image are read in place through an offset table (microKernelGather), the others packed.
  'transposed, panels read in place: depth past one block, groups 2 (16 channels per group)': { N: 2, C: 64, H: 12, W: 14, O: 32, kh: 3, kw: 3, ph: 1, pw: 1, groups: 2 },
  "transposed, panels read in place: 5×5 'same', rows of 23 (panels across rows)": { N: 2, C: 8, H: 12, W: 23, O: 16, kh: 5, kw: 5, ph: 2, pw: 2 },
  'transposed, columns of a chunk of images: stride 2, groups 2 (24 channels per group)': { N: 4, C: 8, H: 11, W: 11, O: 48, kh: 3, kw: 3, sh: 2, sw: 2, ph: 1, pw: 1, groups: 2 },
  'transposed, columns of a chunk of images: 2 input channels': { N: 6, C: 2, H: 8, W: 8, O: 16, kh: 3, kw: 3, ph: 1, pw: 1, bias: false },
};

describe('conv2d forward by bands of images (conv2dForwardImages)', () => {
  for (const [name, geometry] of Object.entries(CASES)) {
    it(`two bands give the bits of im2col + matmul + bias: ${name}`, () => {
      const [got, want, size] = both(geometry);
      expect(got.length).to.equal(size);
      let differ = 0;
      for (let i = 0; i < size; i++) if (got[i] !== want[i]) differ++;
      expect(differ, `${differ} of ${size} outputs differ`).to.equal(0);
    });
  }
});

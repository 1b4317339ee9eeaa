// conv2d's input gradient against a float64 reference, over stride-1 geometries ('same' with odd
// and even kernels, dilation, groups, padding only along the width (Ho < H), padding past the
// kernel's reach (Ho > H), a 5×3 kernel, conv1d) and stride 2: the shifted-row col2im paths
// of assembly/conv.ts and the general one. The reference sums in float64 every tap that reaches
// an input element; float32 sums of at most a few hundred terms of size ~1 agree to ~1e-5.
import * as d from '../../dist/index.js';
import { expectClose, testValues } from '../helpers/assert.mjs';

const F = d.nn.functional;

/** dx of Σ conv2d(x, w)·G in float64, for x [N, C, H, W], w [O, C/g, kh, kw], G [N, O, Ho, Wo]. */
function referenceInputGrad({ N, C, H, W, O, kh, kw, groups = 1, sh = 1, sw = 1, ph, pw, dh = 1, dw = 1 }, w, G, Ho, Wo) {
  const Cg = C / groups, Og = O / groups;
  const dx = new Float64Array(N * C * H * W);
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < O; o++) {
      const gr = Math.floor(o / Og);
      for (let c = 0; c < Cg; c++) {
        for (let i = 0; i < kh; i++) {
          for (let j = 0; j < kw; j++) {
            const wv = w[((o * Cg + c) * kh + i) * kw + j];
            for (let oh = 0; oh < Ho; oh++) {
              const ih = oh * sh - ph + i * dh;
              if (ih < 0 || ih >= H) continue;
              for (let ow = 0; ow < Wo; ow++) {
                const iw = ow * sw - pw + j * dw;
                if (iw < 0 || iw >= W) continue;
                dx[((n * C + gr * Cg + c) * H + ih) * W + iw] += wv * G[((n * O + o) * Ho + oh) * Wo + ow];
              }
            }
          }
        }
      }
    }
  }
  return dx;
}

const CASES = {
  "3×3 'same', 16 → 32 channels (the digits CNN's conv2)": { N: 3, C: 16, H: 8, W: 8, O: 32, kh: 3, kw: 3, padding: 'same', ph: 1, pw: 1 },
  "groups 2 (8 output channels per group), 3×3 'same', 9×7": { N: 2, C: 6, H: 9, W: 7, O: 16, kh: 3, kw: 3, groups: 2, padding: 'same', ph: 1, pw: 1 },
  "dilation 2, 3×3 'same'": { N: 2, C: 5, H: 10, W: 11, O: 8, kh: 3, kw: 3, dilation: 2, padding: 'same', ph: 2, pw: 2, dh: 2, dw: 2 },
  "2×2 'same' (torch pads the bottom and right)": { N: 2, C: 3, H: 6, W: 7, O: 8, kh: 2, kw: 2, padding: 'same', ph: 0, pw: 0 },
  'padding only along the width (Ho = H - 2)': { N: 2, C: 4, H: 9, W: 6, O: 12, kh: 3, kw: 3, padding: [0, 1], ph: 0, pw: 1 },
  'padding past the kernel reach along the height (Ho = H + 2)': { N: 2, C: 4, H: 5, W: 6, O: 8, kh: 3, kw: 3, padding: [2, 1], ph: 2, pw: 1 },
  '5×3 kernel, dilation (1, 2), 24 channels, up to 360 terms per input': { N: 2, C: 3, H: 7, W: 12, O: 24, kh: 5, kw: 3, dilation: [1, 2], padding: [2, 2], ph: 2, pw: 2, dw: 2 },
  'stride 2': { N: 2, C: 3, H: 9, W: 8, O: 8, kh: 3, kw: 3, stride: 2, padding: 1, ph: 1, pw: 1, sh: 2, sw: 2 },
  '4 output channels': { N: 2, C: 3, H: 6, W: 6, O: 4, kh: 3, kw: 3, padding: 'same', ph: 1, pw: 1 },
};

describe('layers: conv2d input gradient against a float64 reference', () => {
  for (const [name, g] of Object.entries(CASES)) {
    it(name, () => {
      const { N, C, H, W, O, kh, kw, groups = 1 } = g;
      const xs = testValues(N * C * H * W, 11);
      const ws = testValues(O * (C / groups) * kh * kw, 12);
      d.tidy(() => {
        const x = d.tensor(xs, { shape: [N, C, H, W], requiresGrad: true });
        const w = d.tensor(ws, { shape: [O, C / groups, kh, kw] });
        const opts = { padding: g.padding, groups };
        if (g.stride !== undefined) opts.stride = g.stride;
        if (g.dilation !== undefined) opts.dilation = g.dilation;
        const y = F.conv2d(x, w, null, opts);
        const [, , Ho, Wo] = y.shape;
        const G = testValues(y.size, 13);
        y.mul(d.tensor(G, { shape: y.shape })).sum().backward();
        expectClose(x.grad.toFloat32Array(), referenceInputGrad(g, ws, G, Ho, Wo), { rtol: 1e-5, atol: 1e-5, what: 'dx' });
      });
    });
  }

  it('conv1d (H = 1): 8 → 16 channels, kernel 5, padding 2', () => {
    const xs = testValues(2 * 8 * 20, 21);
    const ws = testValues(16 * 8 * 5, 22);
    d.tidy(() => {
      const x = d.tensor(xs, { shape: [2, 8, 20], requiresGrad: true });
      const w = d.tensor(ws, { shape: [16, 8, 5] });
      const y = F.conv1d(x, w, null, { padding: 2 });
      const G = testValues(y.size, 23);
      y.mul(d.tensor(G, { shape: y.shape })).sum().backward();
      const want = referenceInputGrad({ N: 2, C: 8, H: 1, W: 20, O: 16, kh: 1, kw: 5, ph: 0, pw: 2 }, ws, G, 1, 20);
      expectClose(x.grad.toFloat32Array(), want, { rtol: 1e-5, atol: 1e-5, what: 'dx' });
    });
  });
});

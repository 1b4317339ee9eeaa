// Convolutions: torch 1.13 fixtures (outputs, input/weight/bias gradients) over strides,
// paddings ('same' with even kernels included), dilations, groups (depthwise included) and
// unbatched inputs; finite differences; gradients of gradients; argument errors.
import { expect } from 'chai';
import * as d from '../../dist/index.js';
import fixtures from '../fixtures/layers.mjs';
import { checkCase } from './fixture-cases.mjs';
import { expectClose, testValues, numericGradient } from '../helpers/assert.mjs';

const F = d.nn.functional;

describe('layers: convolution', () => {
  for (const c of fixtures.conv) {
    it(`matches torch: ${c.name}`, () => {
      checkCase(c, (t) => F[c.op](t.x, t.w, t.b ?? null, c.opts));
    });
  }

  it('conv2d gradients match central differences (float64 objective)', () => {
    const xs = testValues(2 * 2 * 5 * 4, 3);
    const ws = testValues(2 * 1 * 3 * 2, 4);
    const opts = { stride: [2, 1], padding: [1, 0], dilation: [1, 2], groups: 2 };
    const loss = (x, w) => F.conv2d(x, w, null, opts).square().sum();
    const f = (which) => (vals) => d.tidy(() => {
      const x = d.tensor(Float32Array.from(which === 'x' ? vals : xs), { shape: [2, 2, 5, 4] });
      const w = d.tensor(Float32Array.from(which === 'w' ? vals : ws), { shape: [2, 1, 3, 2] });
      return loss(x, w).item();
    });
    d.tidy(() => {
      const x = d.tensor(xs, { shape: [2, 2, 5, 4], requiresGrad: true });
      const w = d.tensor(ws, { shape: [2, 1, 3, 2], requiresGrad: true });
      loss(x, w).backward();
      expectClose(x.grad.toFloat32Array(), numericGradient(f('x'), xs, 1e-2), { rtol: 2e-2, atol: 2e-3, what: 'dx' });
      expectClose(w.grad.toFloat32Array(), numericGradient(f('w'), ws, 1e-2), { rtol: 2e-2, atol: 2e-3, what: 'dw' });
    });
  });

  it('second derivatives: the gradient of ‖∂L/∂x‖² matches central differences', () => {
    const xs = testValues(1 * 2 * 4 * 4, 7);
    const ws = testValues(2 * 2 * 3 * 3, 8);
    const inner = (x, w) => {
      const gx = d.grad((xx) => F.conv2d(xx, w, null, { padding: 1 }).square().sum(), { createGraph: true })(x);
      return gx.square().sum();
    };
    const fw = (vals) => d.tidy(() => {
      const x = d.tensor(xs, { shape: [1, 2, 4, 4], requiresGrad: true });
      const w = d.tensor(Float32Array.from(vals), { shape: [2, 2, 3, 3] });
      return inner(x, w).item();
    });
    d.tidy(() => {
      const x = d.tensor(xs, { shape: [1, 2, 4, 4], requiresGrad: true });
      const w = d.tensor(ws, { shape: [2, 2, 3, 3], requiresGrad: true });
      const gw = d.grad((ww) => inner(x, ww))(w);
      expectClose(gw.toFloat32Array(), numericGradient(fw, ws, 1e-2), { rtol: 3e-2, atol: 3e-2, what: 'd/dw ‖∂L/∂x‖²' });
    });
  });

  it('the weight gradient of a batch too large for one column buffer (taken in chunks) matches a float64 reference', () => {
    // 30 images of 64×32×32 with a 3×3 kernel: the batch's columns would take 70 MB, past the
    // 64 MB the weight gradient builds at once, so it runs as 28 + 2 images.
    const [N, C, H, W, O] = [30, 64, 32, 32, 2];
    const xs = testValues(N * C * H * W, 51);
    const gs = testValues(N * O * H * W, 52);
    d.tidy(() => {
      const x = d.tensor(xs, { shape: [N, C, H, W] });
      const w = d.zeros([O, C, 3, 3], { requiresGrad: true });
      F.conv2d(x, w, null, { padding: 1 }).mul(d.tensor(gs, { shape: [N, O, H, W] })).sum().backward();
      const got = w.grad.toFloat32Array();
      const want = new Float64Array(O * C * 9);
      for (let o = 0; o < O; o++) {
        for (let c = 0; c < C; c++) {
          for (let i = 0; i < 3; i++) {
            for (let j = 0; j < 3; j++) {
              let s = 0;
              for (let n = 0; n < N; n++) {
                const xp = (n * C + c) * H * W;
                const gp = (n * O + o) * H * W;
                for (let oh = Math.max(0, 1 - i); oh < Math.min(H, H + 1 - i); oh++) {
                  for (let ow = Math.max(0, 1 - j); ow < Math.min(W, W + 1 - j); ow++) s += xs[xp + (oh + i - 1) * W + ow + j - 1] * gs[gp + oh * W + ow];
                }
              }
              want[((o * C + c) * 3 + i) * 3 + j] = s;
            }
          }
        }
      }
      expectClose(got, want, { rtol: 1e-3, atol: 2e-3, what: 'dw' });
    });
  });

  it('refuses bad arguments with the op name and shapes', () => {
    d.tidy(() => {
      const x = d.zeros([1, 3, 5, 5]);
      expect(() => F.conv2d(x, d.zeros([2, 2, 3, 3]))).to.throw(/conv2d: input \[1,3,5,5\] has 3 channels, weight \[2,2,3,3\]/);
      expect(() => F.conv2d(x, d.zeros([2, 3, 3, 3]), null, { stride: 2, padding: 'same' })).to.throw(/conv2d: padding 'same' needs stride 1/);
      expect(() => F.conv2d(x, d.zeros([2, 3, 3, 3]), null, { strides: 2 })).to.throw(/conv2d: unknown option 'strides'/);
      expect(() => F.conv2d(x, d.zeros([2, 3, 3, 3]), null, { groups: 2 })).to.throw(/conv2d: input channels 3 is not divisible by groups 2/);
      expect(() => F.conv2d(x, d.zeros([2, 3, 7, 7]))).to.throw(/conv2d: input \[1,3,5,5\] is smaller than the \(dilated\) kernel/);
      expect(() => F.conv2d(x, d.zeros([2, 3, 3, 3]), d.zeros([3]))).to.throw(/conv2d: bias \[3\] must be \[2\]/);
      expect(() => F.conv1d(x, d.zeros([2, 3, 3]))).to.throw(/conv1d: input must be \[N, C, L\] or \[C, L\], got \[1,3,5,5\]/);
      expect(() => F.conv2d(x, d.zeros([2, 3, 3, 3]), null, {}, 1)).to.throw(/conv2d: expected at most 4 arguments/);
      expect(() => F.convTranspose2d(x, d.zeros([3, 2, 3, 3]), null, { stride: 2, outputPadding: 2 })).to.throw(/convTranspose2d: outputPadding 2 must be smaller than stride or dilation/);
    });
  });
});

// Pooling: torch 1.13 fixtures (outputs and input gradients) for max/avg 1-D and 2-D pooling
// with strides, padding, dilation, ceilMode and countIncludePad, and adaptive average pooling;
// gradients of gradients; argument errors.
import { expect } from 'chai';
import * as d from '../../dist/index.js';
import fixtures from '../fixtures/layers.mjs';
import { checkCase } from './fixture-cases.mjs';
import { expectClose, testValues, numericGradient } from '../helpers/assert.mjs';

const F = d.nn.functional;

describe('layers: pooling', () => {
  for (const c of fixtures.pool) {
    it(`matches torch: ${c.name}`, () => {
      if (c.op === 'adaptiveAvgPool2d') checkCase(c, (t) => F.adaptiveAvgPool2d(t.x, c.outputSize));
      else checkCase(c, (t) => F[c.op](t.x, c.kernelSize, c.opts));
    });
  }

  it('max pooling keeps the first maximum of a tie and lets NaN win, as torch', () => {
    d.tidy(() => {
      const x = d.tensor([[[[1, 3, 3, 0], [2, NaN, 1, 1]]]], { requiresGrad: true });
      const y = F.maxPool2d(x, 2);
      expect(Number.isNaN(y.toArray()[0][0][0][0])).to.equal(true);
      expect(y.toArray()[0][0][0][1]).to.equal(3);
      y.sum().backward();
      expect(x.grad.toArray()[0][0]).to.deep.equal([[0, 0, 1, 0], [0, 1, 0, 0]]);
    });
  });

  it('the 2×2 / stride 2 fast path keeps the torch rule (first maximum, NaN wins) over wide rows', () => {
    // Rows of 10 columns: four windows per SIMD step plus a scalar tail; ties and NaNs placed
    // at every position of a window.
    const H = 4;
    const W = 10;
    const vals = Float32Array.from(testValues(2 * H * W, 41), (v) => Math.round(v * 2) / 2); // many ties
    [3, 12, 25, 31, 46, 58, 67].forEach((i) => (vals[i] = NaN));
    const expected = [];
    const positions = [];
    for (let p = 0; p < 2; p++) {
      for (let oh = 0; oh < H / 2; oh++) {
        for (let ow = 0; ow < W / 2; ow++) {
          let best = -Infinity;
          let at = 2 * oh * W + 2 * ow;
          for (const [dh, dw] of [[0, 0], [0, 1], [1, 0], [1, 1]]) {
            const k = (2 * oh + dh) * W + 2 * ow + dw;
            const v = vals[p * H * W + k];
            if (v > best || Number.isNaN(v)) { best = v; at = k; }
          }
          expected.push(best);
          positions.push(p * H * W + at);
        }
      }
    }
    d.tidy(() => {
      const x = d.tensor(vals, { shape: [1, 2, H, W], requiresGrad: true });
      const y = F.maxPool2d(x, 2);
      expectClose(y.toFloat32Array(), expected, { rtol: 0, atol: 0, what: 'maxPool2d' });
      y.sum().backward();
      const g = Array.from(x.grad.toFloat32Array());
      expect(g.map((v, i) => (v === 1 ? i : -1)).filter((i) => i >= 0)).to.deep.equal(positions.slice().sort((a, b) => a - b));
    });
  });

  it('second derivatives through average and max pooling match central differences', () => {
    const xs = testValues(2 * 5 * 5, 11);
    const inner = (x) => {
      const gx = d.grad((xx) => F.avgPool2d(F.maxPool2d(xx.square(), 2, { stride: 1 }), 2, { padding: 1 }).square().sum(), { createGraph: true })(x);
      return gx.square().sum();
    };
    const f = (vals) => d.tidy(() => inner(d.tensor(Float32Array.from(vals), { shape: [1, 2, 5, 5] })).item());
    d.tidy(() => {
      const g = d.grad(inner)(d.tensor(xs, { shape: [1, 2, 5, 5] }));
      expectClose(g.toFloat32Array(), numericGradient(f, xs, 1e-3), { rtol: 3e-2, atol: 3e-2, what: 'd/dx ‖∂L/∂x‖²' });
    });
  });

  it('refuses bad arguments with the op name', () => {
    d.tidy(() => {
      const x = d.zeros([1, 2, 4, 4]);
      expect(() => F.maxPool2d(x, 2, { padding: 2 })).to.throw(/maxPool2d: padding 2 must be at most half the kernel size 2/);
      expect(() => F.avgPool2d(x, 2, { dilation: 2 })).to.throw(/avgPool2d: unknown option 'dilation'/);
      expect(() => F.maxPool2d(x, 5)).to.throw(/maxPool2d: input \[1,2,4,4\] is too small/);
      expect(() => F.maxPool1d(x, 2)).to.throw(/maxPool1d: input must be \[N, C, L\] or \[C, L\]/);
      expect(() => F.adaptiveAvgPool2d(x, 0)).to.throw(/adaptiveAvgPool2d: outputSize must be an integer or 2 integers ≥ 1/);
      expect(() => F.avgPool2d(x, 2, {}, 3)).to.throw(/avgPool2d: expected at most 3 arguments/);
    });
  });
});

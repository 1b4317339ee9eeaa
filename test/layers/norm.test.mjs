// Normalisation and embeddings: torch 1.13 fixtures (outputs; input, weight and bias
// gradients; running statistics after a training step) for batchNorm, layerNorm, groupNorm and
// embedding; second derivatives against central differences; stability on large offsets.
import { expect } from 'chai';
import * as d from '../../dist/index.js';
import fixtures from '../fixtures/layers.mjs';
import { checkCase } from './fixture-cases.mjs';
import { expectClose, testValues, numericGradient } from '../helpers/assert.mjs';

const F = d.nn.functional;

describe('layers: normalisation and embedding', () => {
  for (const c of fixtures.norm) {
    it(`matches torch: ${c.name}`, () => {
      if (c.op === 'batchNorm') {
        const rm = d.tensor(c.runningMean0);
        const rv = d.tensor(c.runningVar0);
        checkCase(c, (t) => F.batchNorm(t.x, rm, rv, { ...c.opts, weight: t.weight ?? null, bias: t.bias ?? null }));
        expectClose(rm.toFloat32Array(), c.runningMean, { rtol: 1e-5, atol: 1e-6, what: 'runningMean' });
        expectClose(rv.toFloat32Array(), c.runningVar, { rtol: 1e-5, atol: 1e-6, what: 'runningVar' });
        rm.dispose();
        rv.dispose();
      } else if (c.op === 'layerNorm') {
        checkCase(c, (t) => F.layerNorm(t.x, c.normalizedShape, t.weight ?? null, t.bias ?? null, c.eps));
      } else if (c.op === 'groupNorm') {
        checkCase(c, (t) => F.groupNorm(t.x, c.numGroups, t.weight ?? null, t.bias ?? null, c.eps));
      } else {
        checkCase(c, (t) => F.embedding(c.indices, t.weight, c.opts));
      }
    });
  }

  for (const [name, fn, shape] of [
    ['batchNorm (training)', (x, w) => F.batchNorm(x, null, null, { training: true, weight: w }), [3, 2, 2]],

    ['groupNorm', (x, w) => F.groupNorm(x, 1, w), [3, 2, 2]],
  ]) {

    it(`${name}: second derivatives match central differences`, () => {
      const xs = testValues(12, 21);
      const ws = Float32Array.from([1.5, -0.7]);
      const inner = (x, w) => {
        const gx = d.grad((xx) => fn(xx, w).mul(d.tensor(testValues(12, 22), { shape })).sum().square(), { createGraph: true })(x);
        return gx.square().sum();
      };
      const f = (vals) => d.tidy(() => inner(d.tensor(Float32Array.from(vals), { shape }), d.tensor(ws)).item());
      d.tidy(() => {
        const g = d.grad((x) => inner(x, d.tensor(ws)))(d.tensor(xs, { shape }));
        expectClose(g.toFloat32Array(), numericGradient(f, xs, 1e-3), { rtol: 5e-2, atol: 5e-2, what: `${name} d/dx ‖∂L/∂x‖²` });
      });
    });
  }

  it('layerNorm: second derivatives match central differences', () => {
    const xs = testValues(12, 23);
    const ws = testValues(4, 24);
    const r = testValues(12, 25);
    const inner = (x, w) => {
      const gx = d.grad((xx) => F.layerNorm(xx, [4], w).mul(d.tensor(r, { shape: [3, 4] })).sum().square(), { createGraph: true })(x);
      return gx.square().sum();
    };
    const f = (vals) => d.tidy(() => inner(d.tensor(Float32Array.from(vals), { shape: [3, 4] }), d.tensor(ws)).item());
    d.tidy(() => {
      const g = d.grad((x) => inner(x, d.tensor(ws)))(d.tensor(xs, { shape: [3, 4] }));
      expectClose(g.toFloat32Array(), numericGradient(f, xs, 1e-3), { rtol: 5e-2, atol: 5e-2, what: 'layerNorm d/dx ‖∂L/∂x‖²' });
    });
  });

  it('statistics are stable far from zero (offset 1e4, spread 1e-2)', () => {
    d.tidy(() => {
      const vals = Float32Array.from(testValues(64, 31), (v) => 1e4 + v * 1e-2);
      const y = F.layerNorm(d.tensor(vals, { shape: [1, 64] }), 64, null, null, 0);
      // float64 statistics of the float32 inputs; the mean is then held as a float32 (as torch
      // does), so x - mean is exact and the centred values are those the kernel scales. A
      // one-pass float32 variance (E[x²] - mean²) would be pure rounding noise here.
      const mean = vals.reduce((a, b) => a + b, 0) / 64;
      const sd = Math.sqrt(vals.reduce((a, b) => a + (b - mean) ** 2, 0) / 64);
      expectClose(y.toFloat32Array(), Array.from(vals, (v) => (v - Math.fround(mean)) / sd), { rtol: 1e-4, atol: 1e-4, what: 'layerNorm' });
    });
  });

  it('refuses bad arguments with the op name', () => {
    d.tidy(() => {
      const x = d.zeros([2, 4, 3]);
      expect(() => F.batchNorm(x, null, null)).to.throw(/batchNorm: evaluation mode \(training false\) needs runningMean and runningVar/);
      expect(() => F.batchNorm(d.zeros([1, 4]), null, null, { training: true })).to.throw(/batchNorm: expected more than 1 value per channel when training/);
      expect(() => F.batchNorm(x, d.zeros([3]), d.ones([3]))).to.throw(/batchNorm: runningMean \[3\] must be \[4\]/);
      expect(() => F.batchNorm(x, null, null, { training: true, momentun: 0.1 })).to.throw(/batchNorm: unknown option 'momentun'/);
      expect(() => F.groupNorm(x, 3)).to.throw(/groupNorm: numGroups must be a positive integer dividing the 4 channels/);
      expect(() => F.layerNorm(x, [4])).to.throw(/layerNorm: input \[2,4,3\] does not end with normalizedShape \[4\]/);
      expect(() => F.embedding([0, 5], d.zeros([5, 2]))).to.throw(/embedding: indices\[1\] = 5 is out of range for a table of 5 rows/);
      expect(() => F.embedding([0], d.zeros([5, 2]), { paddingIdx: 5 })).to.throw(/embedding: paddingIdx must be an integer in \[-5, 5\)/);
    });
  });
});

// The seeded generator against an independent reference (tools/reference/xoshiro.py:
// splitmix32 seeding, xoshiro128**), and the statistics of rand/randn.
import { expect } from 'chai';
import * as d from '../../dist/index.js';
import fixture from '../fixtures/random.mjs';
import { expectClose } from '../helpers/assert.mjs';

describe('random: xoshiro128** against tools/reference/xoshiro.py', () => {
  for (const s of fixture.streams) {
    it(`seed ${s.seed}: raw words, d.rand and d.randn match the reference`, () => {
      const g = new d.Generator(s.seed);
      const words = s.u32.map(() => g.nextU32());
      g.dispose();
      expect(words).to.deep.equal(s.u32);

      const u = d.rand([s.uniform.length], { seed: s.seed });
      expect(Array.from(u.toFloat32Array())).to.deep.equal(s.uniform); // exact: a 2^-24 grid
      u.dispose();

      // the global generator gives the same stream after manualSeed, split over calls
      d.manualSeed(s.seed);
      const first = d.rand([3, 5]);
      const rest = d.rand([s.uniform.length - 15]);
      expect([...first.toFloat32Array(), ...rest.toFloat32Array()]).to.deep.equal(s.uniform);
      first.dispose();
      rest.dispose();

      // normals: the polar method's accept/reject decisions are exact, values to float32 log/sqrt
      const n = d.randn([s.normal.length], { seed: s.seed });
      expectClose(n.toFloat32Array(), s.normal, { rtol: 2e-6, atol: 1e-6, what: 'randn' });
      n.dispose();
    });
  }

  it('a seeded call does not disturb the global stream', () => {
    d.manualSeed(5);
    const a = d.rand([4]);
    d.manualSeed(5);
    const x = d.rand([2]);
    d.rand([7], { seed: 99 }).dispose();
    d.randn([3], { seed: 98 }).dispose();
    const y = d.rand([2]);
    expect([...x.toFloat32Array(), ...y.toFloat32Array()]).to.deep.equal(Array.from(a.toFloat32Array()));
    [a, x, y].forEach((t) => t.dispose());
  });

  it('a disposed Generator says so; int() checks its bound', () => {
    const g = new d.Generator(3);
    expect(g.int(10)).to.be.within(0, 9);
    expect(() => g.int(0)).to.throw(RangeError, /int: n/);
    expect(() => g.int(2.5)).to.throw(RangeError, /int: n/);
    g.dispose();
    g.dispose();
    expect(() => g.nextU32()).to.throw(/disposed/);
    expect(() => g.seed(1)).to.throw(/disposed/);
    expect(() => new d.Generator('x')).to.throw(TypeError, /seed must be an integer/);
  });

  it('takes requiresGrad and shapes, including empty ones', () => {
    const r = d.randn([2, 0, 3], { seed: 1, requiresGrad: true });
    expect(r.shape).to.deep.equal([2, 0, 3]);
    expect(r.requiresGrad).to.equal(true);
    r.dispose();
    const s = d.rand([], { seed: 1 });
    expect(s.shape).to.deep.equal([]);
    expect(s.item()).to.equal(fixture.streams.find((t) => t.seed === 1).uniform[0]);
    s.dispose();
  });
});

describe('random: statistics', () => {
  it('rand over 100k samples: uniform on [0, 1) (mean, variance, deciles)', () => {
    const n = 100000;
    const t = d.rand([n], { seed: 2024 });
    const v = t.toFloat32Array();
    t.dispose();
    let sum = 0;
    let sq = 0;
    const bins = new Array(10).fill(0);
    let outside = 0;
    for (const x of v) {
      if (!(x >= 0 && x < 1)) outside++;
      sum += x;
      sq += x * x;
      bins[Math.floor(x * 10)]++;
    }
    expect(outside, 'values outside [0, 1)').to.equal(0);
    const mean = sum / n;
    const variance = sq / n - mean * mean;
    // standard errors: mean 0.29/sqrt(n) = 9e-4; allow 5 of them
    expect(Math.abs(mean - 0.5)).to.be.below(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(variance - 1 / 12)).to.be.below(0.003);
    // chi-squared with 9 degrees of freedom: 27.9 is its 0.999 quantile
    const chi2 = bins.reduce((s, b) => s + (b - n / 10) ** 2 / (n / 10), 0);
    expect(chi2).to.be.below(27.9);
  });

  it('randn over 100k samples: mean 0, std 1, symmetric tails, no non-finite values', () => {
    const n = 100000;
    const t = d.randn([n], { seed: 7 });
    const v = t.toFloat32Array();
    t.dispose();
    let sum = 0;
    let sq = 0;
    let quart = 0;
    let within1 = 0;
    let within2 = 0;
    let nonFinite = 0;
    for (const x of v) {
      if (!Number.isFinite(x)) nonFinite++;
      sum += x;
      sq += x * x;
      quart += x ** 4;
      if (Math.abs(x) < 1) within1++;
      if (Math.abs(x) < 2) within2++;
    }
    expect(nonFinite).to.equal(0);
    const mean = sum / n;
    const std = Math.sqrt(sq / n - mean * mean);
    expect(Math.abs(mean)).to.be.below(5 / Math.sqrt(n));
    expect(Math.abs(std - 1)).to.be.below(0.01);
    expect(Math.abs(quart / n - 3)).to.be.below(0.1); // kurtosis of a normal
    expect(Math.abs(within1 / n - 0.682689)).to.be.below(0.0075);
    expect(Math.abs(within2 / n - 0.954500)).to.be.below(0.0035);
  });

  it('different seeds give different streams; the same seed the same', () => {
    const a = d.rand([8], { seed: 1 });
    const b = d.rand([8], { seed: 2 });
    const c = d.rand([8], { seed: 1 });
    expect(Array.from(a.toFloat32Array())).to.not.deep.equal(Array.from(b.toFloat32Array()));
    expect(Array.from(a.toFloat32Array())).to.deep.equal(Array.from(c.toFloat32Array()));
    [a, b, c].forEach((t) => t.dispose());
  });
});

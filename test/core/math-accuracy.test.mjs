// Accuracy of our transcendentals: each swept over a dense grid (with its range-reduction
// boundaries) against a float64 reference; the bounds asserted here are the ones documented in
// docs/ACCURACY.md (regenerate the measured figures with `npm run accuracy`).
import { expect } from 'chai';
import * as d from '../../dist/index.js';
import { runSweeps, BOUNDS } from '../helpers/accuracy.mjs';

describe('math accuracy (dense sweeps against float64)', function () {
  this.timeout(60000);
  const rows = runSweeps(d);

  for (const row of rows) {
    it(`${row.fn}: max relative error ≤ ${BOUNDS[row.fn].rel}, ≤ ${BOUNDS[row.fn].ulp} ulp over ${row.domain}`, () => {
      const where = Number.isNaN(row.worstY) ? `x = ${row.worstX}` : `x = ${row.worstX}, y = ${row.worstY}`;
      expect(row.counted, 'points in the normal range').to.be.greaterThan(row.points * 0.9);
      expect(row.maxRel, `${row.fn}: relative error at ${where}`).to.be.at.most(BOUNDS[row.fn].rel);
      expect(row.maxUlp, `${row.fn}: ulp error`).to.be.at.most(BOUNDS[row.fn].ulp);
    });
  }

  it('results below 2^-126 (exp, sigmoid, softplus of x in [-104, -87.3]) are within one denormal step', () => {
    const n = 20000;
    const xs = new Float32Array(n);
    for (let i = 0; i < n; i++) xs[i] = -103.98 + ((i + 0.5) / n) * (103.98 - 87.34);
    const refs = Array.from(xs, (v) => Math.exp(v));
    for (const op of ['exp', 'sigmoid', 'softplus']) {
      const t = d.tensor(xs);
      const y = t[op]().toFloat32Array();
      t.dispose();
      let worst = 0;
      for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(y[i] - refs[i]) / 2 ** -149);
      expect(worst, `${op}: error in units of 2^-149`).to.be.at.most(1);
    }
  });

  it('pow follows C powf on its special cases', () => {
    const cases = [
      [0, 0, 1], [NaN, 0, 1], [1, NaN, 1], [-1, Infinity, 1], [-1, -Infinity, 1], [2, NaN, NaN], [NaN, 2, NaN],
      [-8, 1 / 3, NaN], [-2, 3, -8], [-2, 2, 4], [-2, -1, -0.5], [0, -1, Infinity], [-0, -1, -Infinity],
      [-0, -2, Infinity], [0, 3, 0], [-0, 3, -0], [-0, 0.5, 0], [0.5, Infinity, 0], [0.5, -Infinity, Infinity],
      [2, Infinity, Infinity], [2, -Infinity, 0], [Infinity, 2, Infinity], [Infinity, -2, 0], [-Infinity, 3, -Infinity],
      [-Infinity, 2, Infinity], [-Infinity, -3, -0], [-Infinity, 0.5, Infinity], [2, 128, Infinity], [2, -149, 2 ** -149],
      [2, -150, 0], [10, 38, Math.fround(1e38)], [1e-45, 0.5, Math.fround(Math.sqrt(Math.fround(1e-45)))], [4, 0.5, 2],
    ];
    for (const n of [1, 4, 5]) { // scalar tail and SIMD lanes
      for (const [x, y, expected] of cases) {
        const [tx, ty] = [d.full([n], x), d.full([n], y)];
        const got = tx.pow(ty).toFloat32Array();
        for (const v of got) {
          if (Number.isNaN(expected)) expect(Number.isNaN(v), `pow(${x}, ${y}) = ${v}`).to.equal(true);
          else expect(Object.is(v, expected), `pow(${x}, ${y}) = ${v}, expected ${expected}`).to.equal(true);
        }
      }
    }
  });
});

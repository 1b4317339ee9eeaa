// optimize.minimize's cg on SciPy's curve_fit example (an exponential decay fitted to 50 noisy
// points; tools/reference/scipy_curve_fit.py, three noise seeds) against SciPy 1.10's CG on
// the same float32-rounded points: it must succeed, at SciPy's minimiser, in a SciPy-like number
// of iterations — with our default gtol and with SciPy's 1e-5.
import { expect } from 'chai';
import * as d from '../../dist/index.js';
import fixture from '../fixtures/scipy_curve_fit.mjs';
import { curveFitObjective } from '../helpers/curve_fit.mjs';

describe('optimize.minimize cg on SciPy\'s curve_fit example', () => {
  for (const c of fixture.cases) {
    for (const gtol of [undefined, 1e-5]) {
      it(`noise seed ${c.seed}, gtol ${gtol ?? 'default'}: succeeds at SciPy's minimum in ≤ 2×${c.cg.nit} iterations`, () => {
        const { f, release } = curveFitObjective(d, c);
        try {
          const r = d.optimize.minimize(f, c.x0, { method: 'cg', ...(gtol === undefined ? {} : { gtol }) });
          expect(r.success, r.message).to.equal(true);
          expect(r.message).to.equal('Optimization terminated successfully.');
          const x = r.x.toArray();
          // SciPy's CG and curve_fit's least squares agree; ours is within float32's reach of both.
          x.forEach((v, i) => {
            expect(v, `p[${i}]`).to.be.closeTo(c.cg.x[i], 2e-4 * Math.max(1, Math.abs(c.cg.x[i])));
            expect(v, `p[${i}] vs curve_fit`).to.be.closeTo(c.curveFit[i], 2e-4 * Math.max(1, Math.abs(c.curveFit[i])));
          });
          expect(r.fun).to.be.closeTo(c.cg.fun, 1e-6 * c.cg.fun);
          expect(Math.max(...r.jac.toArray().map(Math.abs))).to.be.at.most(gtol ?? 1e-4);
          expect(r.nit).to.be.within(1, 2 * c.cg.nit);
          expect(r.nfev).to.be.at.most(3 * c.cg.nfev);
          r.x.dispose();
          r.jac.dispose();
        } finally {
          release();
        }
      });
    }
  }
});

// Our cg, lbfgs and newton against SciPy 1.10's CG, L-BFGS-B and Newton-CG (fixture written by
// tools/reference/scipy_minimize.py): the same minimiser to 1e-3, in at most twice the iterations.
import { expect } from 'chai';
import * as d from '../../dist/index.js';
import scipy from '../fixtures/scipy_minimize.mjs';

const F = d.optimize.functions;

describe('optimize.minimize against SciPy', () => {
  for (const [name, problem] of Object.entries(scipy)) {
    for (const method of ['cg', 'lbfgs', 'newton']) {
      const ref = problem[method];
      it(`${method} on ${name} from (${problem.x0}) finds SciPy's ${ref.method} minimum in ≤ 2×${ref.nit} iterations`, () => {
        const r = d.optimize.minimize(F[name], problem.x0, { method });
        const x = r.x.toArray();
        expect(r.success, r.message).to.equal(true);
        for (let i = 0; i < x.length; i++) expect(x[i], `x[${i}]`).to.be.closeTo(ref.x[i], 1e-3);
        expect(r.fun).to.be.closeTo(ref.fun, 1e-6);
        expect(r.nit).to.be.at.most(2 * ref.nit);
        expect(r.nit).to.be.greaterThan(0);
        expect(r.nfev).to.be.at.least(r.nit);
        expect(r.njev).to.be.at.least(1);
        if (method === 'newton') expect(r.nhev).to.be.within(1, r.nit + 1);
        else expect(r.nhev).to.equal(0);
        expect(r.status).to.equal(0);
        expect(r.message).to.equal('Optimization terminated successfully.');
      });
    }
  }
});

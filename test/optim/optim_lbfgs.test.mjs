// L-BFGS against torch 1.13 (fixtures from tools/reference/optim.py), through our autograd.
import { expect } from 'chai';
import * as d from '../../dist/index.js';
import fixture from '../fixtures/optim.mjs';
import { expectClose } from '../helpers/assert.mjs';

function problem(name, start = fixture.rosenbrock) {
  if (name === 'rosenbrock') {
    const x = d.tensor(start.x0, { requiresGrad: true });
    const y = d.tensor(start.y0, { requiresGrad: true });
    const loss = () => {
      const a = d.sub(1, x);
      const b = y.sub(x.mul(x));
      return a.mul(a).add(b.mul(b).mul(100)).sum();
    };
    return { params: [x, y], loss, dispose: () => [x, y].forEach((t) => t.dispose()) };
  }
  const { a: aRows, b: bRows, x0 } = fixture.leastSquares;
  const a = d.tensor(aRows);
  const b = d.tensor(bRows);
  const x = d.tensor(x0, { requiresGrad: true });
  const loss = () => {
    const r = a.matmul(x.reshape([x0.length, 1])).sub(b);
    return r.mul(r).sum();
  };
  return { params: [x], loss, dispose: () => [a, b, x].forEach((t) => t.dispose()) };
}

function run(c) {
  const p = problem(c.problem, c.x0 ? c : undefined);
  const opt = new d.optim.LBFGS(p.params, c.options);
  let evals = 0;
  const closure = () => {
    opt.zeroGrad();
    const l = p.loss();
    l.backward();
    evals++;
    return l;
  };
  const trajectory = c.trajectory.map(() => {
    const loss = opt.step(closure);
    const row = { loss: loss.item(), params: p.params.map((t) => Array.from(t.toFloat32Array())), evals };
    loss.dispose();
    return row;
  });
  opt.dispose();
  p.dispose();
  return trajectory;
}

describe('LBFGS against torch 1.13', () => {
  for (const c of fixture.lbfgs) {
    const title = `${c.problem} ${JSON.stringify(c.options)}`;
    if (c.problem === 'leastSquares') {
      // Near the optimum the stopping tests (|Δloss| < 1e-9) see float32 losses that differ in
      // the last bit from torch's (summation order), so evaluation counts may differ by a few.
      it(`${title}: the whole trajectory agrees (loss 1e-5, params 1e-3)`, () => {
        const ours = run(c);
        ours.forEach((row, k) => {
          const want = c.trajectory[k];
          expectClose([row.loss], [want.loss], { rtol: 1e-5, what: `${title} step ${k + 1} loss` });
          row.params.forEach((v, i) => expectClose(v, want.params[i], { rtol: 1e-3, atol: 2e-4, what: `${title} step ${k + 1} param ${i}` }));
          expect(Math.abs(row.evals - want.evals), `${title} step ${k + 1} evaluations`).to.be.at.most(3);
        });
      });
    } else if (c.x0) {
      // One iteration per step() on one 2-D problem: configurations that stay in sync with torch
      // (see LBFGS_LONG in the fixture script), so every step is compared.
      it(`${title} from (${c.x0}, ${c.y0}): all ${c.trajectory.length} steps agree (1e-3)`, () => {
        expect(c.trajectory.length).to.be.at.least(100);
        const ours = run(c);
        ours.forEach((row, k) => {
          const want = c.trajectory[k];
          const what = `${title} step ${k + 1}`;
          row.params.forEach((v, i) => expectClose(v, want.params[i], { rtol: 1e-3, atol: 1e-3, what: `${what} param ${i}` }));
          expect(row.evals, `${what} evaluations`).to.equal(want.evals);
        });
      });
    } else {
      // Rosenbrock's curved valley magnifies float32 rounding differences (summation order) from
      // iteration to iteration, so only the first step (up to maxIter iterations) is compared
      // point for point; after that both must converge as torch does.
      it(`${title}: the first step agrees (1e-3), then converges over 100+ evaluations`, () => {
        const ours = run(c);
        const [first, second] = [c.trajectory[0], c.trajectory[1]];
        expect(ours[0].evals).to.equal(first.evals);
        ours[0].params.forEach((v, i) => expect(v).to.have.length(first.params[i].length));
        expectClose([ours[1].loss], [second.loss], { rtol: 1e-3, what: `${title} loss after step 1` });
        const last = ours[ours.length - 1];
        expect(last.evals).to.be.at.least(100);
        expect(last.loss).to.be.below(0.25);
        expect(last.loss).to.be.below(first.loss / 500);
      });
    }
  }

  it('needs a closure, one param group, and valid options', () => {
    const x = d.tensor([1, 2], { requiresGrad: true });
    const opt = new d.optim.LBFGS([x]);
    expect(() => opt.step()).to.throw(TypeError, 'closure');
    expect(() => new d.optim.LBFGS([{ params: [x] }, { params: [d.tensor([1], { requiresGrad: true })] }])).to.throw(RangeError, 'parameter groups');
    expect(() => new d.optim.LBFGS([x], { lineSearchFn: 'armijo' })).to.throw(RangeError, "only 'strong_wolfe'");
    expect(() => new d.optim.LBFGS([x], { lr: -1 })).to.throw(RangeError, 'Invalid learning rate: -1');
    expect(opt.paramGroups[0].maxEval).to.equal(25);
    opt.dispose();
    x.dispose();
  });

  it('round-trips its state through JSON and continues identically', () => {
    const c = fixture.lbfgs.find((e) => e.problem === 'leastSquares' && e.options.lineSearchFn === undefined);
    const options = { ...c.options, maxIter: 3 };
    const closureFor = (o, prob) => () => {
      o.zeroGrad();
      const l = prob.loss();
      l.backward();
      return l;
    };
    // Two identical runs of one step; the second optimizer is then replaced by a twin that
    // loads the first one's state from JSON text, and both take a second step.
    const [p, q] = [problem(c.problem), problem(c.problem)];
    const [opt, other] = [new d.optim.LBFGS(p.params, options), new d.optim.LBFGS(q.params, options)];
    opt.step(closureFor(opt, p)).dispose();
    other.step(closureFor(other, q)).dispose();
    other.dispose();
    expect(q.params[0].toFloat32Array()).to.deep.equal(p.params[0].toFloat32Array());
    const text = JSON.stringify(opt.stateDict());
    const state = JSON.parse(text).state[0];
    expect(state.oldDirs.length).to.equal(state.ro.length);
    expect(state.nIter).to.be.at.least(1);
    expect(state.d).to.have.length(10);
    const twin = new d.optim.LBFGS(q.params, options);
    twin.loadStateDict(JSON.parse(text));
    expect(JSON.stringify(twin.stateDict())).to.equal(text);
    const spoiled = JSON.parse(text);
    spoiled.state[0].d.pop();
    expect(() => twin.loadStateDict(spoiled)).to.throw(RangeError, 'd must be an array of 10 numbers');
    expect(JSON.stringify(twin.stateDict())).to.equal(text);
    opt.step(closureFor(opt, p)).dispose();
    twin.step(closureFor(twin, q)).dispose();
    expect(q.params[0].toFloat32Array()).to.deep.equal(p.params[0].toFloat32Array());
    expect(JSON.stringify(twin.stateDict())).to.equal(JSON.stringify(opt.stateDict()));
    [opt, twin, p, q].forEach((x) => x.dispose());
  });
});

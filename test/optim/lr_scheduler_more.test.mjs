// ConstantLR, MultiplicativeLR, CyclicLR and ChainedScheduler against torch 1.13 (fixtures from
// tools/reference/lr_scheduler_more.py), to 1e-7 relative; state dicts, refusals, and d.fit
// stepping them as they declare (stepsOn).
import { expect } from 'chai';
import * as d from '../../dist/index.js';
import fixture from '../fixtures/lr_scheduler_more.mjs';
import { expectClose } from '../helpers/assert.mjs';

const S = d.optim.lrScheduler;
const TOL = { rtol: 1e-7, atol: 1e-16 };

const made = [];
afterEach(() => made.splice(0).forEach((t) => t.dispose()));

function makeOptimizer(kind) {
  const params = [d.zeros([2], { requiresGrad: true }), d.zeros([3], { requiresGrad: true })];
  const groups = params.map((p, i) => ({ params: [p], lr: fixture.lrs[i] }));
  const opt = kind === 'Adam' ? new d.optim.Adam(groups) : new d.optim.SGD(groups, { lr: 0.1, momentum: 0.9 });
  made.push(opt, ...params);
  return opt;
}

// The fixture's lambdas (tools/reference/lr_scheduler_more.py).
const multiplicative = (opt) => new S.MultiplicativeLR(opt, { lrLambda: [() => 0.95, (e) => 1 - 0.01 * (e % 5)] });

function makeScheduler(name, opt, options) {
  if (name === 'MultiplicativeLR') return multiplicative(opt);
  if (name === 'ChainedScheduler') {
    if (options.chain === 'constant+exponential') {
      return new S.ChainedScheduler([new S.ConstantLR(opt, { factor: 0.1, totalIters: 2 }), new S.ExponentialLR(opt, { gamma: 0.9 })]);
    }
    return new S.ChainedScheduler([
      new S.LinearLR(opt, { startFactor: 0.5, totalIters: 10 }), new S.StepLR(opt, { stepSize: 5, gamma: 0.5 }),
      new S.MultiplicativeLR(opt, { lrLambda: () => 1.01 }),
    ]);
  }
  return new S[name](opt, options);
}

describe('ConstantLR, MultiplicativeLR, CyclicLR, ChainedScheduler replay torch 1.13 (1e-7)', () => {
  for (const c of fixture.cases) {
    const title = `${c.scheduler} ${JSON.stringify(c.options)} on ${c.optimizer}`;
    it(title, () => {
      const opt = makeOptimizer(c.optimizer);
      const sched = makeScheduler(c.scheduler, opt, c.options);
      const lrs = [sched.getLastLr()];
      const momenta = [opt.paramGroups.map((g) => g.momentum)];
      for (let k = 1; k < c.lrs.length; k++) {
        opt.step();
        sched.step();
        lrs.push(sched.getLastLr());
        momenta.push(opt.paramGroups.map((g) => g.momentum));
      }
      expect(c.lrs.length).to.be.at.least(81);
      lrs.forEach((row, k) => expectClose(row, c.lrs[k], { ...TOL, what: `${title} lr after ${k} steps` }));
      lrs.forEach((row, k) => expectClose(opt.paramGroups.map((g) => g.lr), lrs.at(-1), { ...TOL, what: `group lr ${k}` }));
      if (c.momenta) momenta.forEach((row, k) => expectClose(row, c.momenta[k], { ...TOL, what: `${title} momentum after ${k} steps` }));
    });
  }
});

describe('the new schedulers: declarations, state dicts, refusals', () => {
  it('declare when d.fit steps them: CyclicLR per batch, the others per epoch, a chain as its members', () => {
    const opt = makeOptimizer('SGD');
    expect(new S.CyclicLR(opt, { baseLr: 0.01, maxLr: 0.1 }).stepsOn).to.equal('batch');
    expect(new S.ConstantLR(opt).stepsOn).to.equal('epoch');
    expect(multiplicative(opt).stepsOn).to.equal('epoch');
    expect(new S.ChainedScheduler([new S.ConstantLR(opt)]).stepsOn).to.equal('epoch');
    expect(() => new S.ChainedScheduler([new S.ConstantLR(opt), new S.CyclicLR(opt, { baseLr: 0.01, maxLr: 0.1 })]))
      .to.throw(RangeError, "schedulers[1] steps on 'batch' but schedulers[0] on 'epoch'");
  });

  it('d.fit steps a CyclicLR after every batch', () => {
    const x = d.tensor([[0], [1], [2], [3], [4], [5]]);
    const y = d.tensor([[1], [3], [5], [7], [9], [11]]);
    const model = new d.nn.Linear(1, 1, { seed: 0 });
    const opt = new d.optim.SGD(model.parameters(), { lr: 0.01, momentum: 0.9 });
    made.push(x, y, opt, ...model.parameters());
    const sched = new S.CyclicLR(opt, { baseLr: 0.001, maxLr: 0.01, stepSizeUp: 4 });
    d.fit(model, opt, { data: new d.data.DataLoader({ x, y }, { batchSize: 2 }), loss: 'mse', epochs: 3, scheduler: sched, progress: false });
    // 3 epochs × 3 batches = 9 steps: the position in a cycle of 8, rising over 4.
    expect(sched.lastEpoch).to.equal(9);
    const ref = makeOptimizer('SGD');
    const alone = new S.CyclicLR(ref, { baseLr: 0.001, maxLr: 0.01, stepSizeUp: 4 });
    for (let k = 0; k < 9; k++) alone.step();
    expect(sched.getLastLr()[0]).to.equal(alone.getLastLr()[0]);
  });

  it('round-trip their state dicts through JSON and continue identically; a bad state changes nothing', () => {
    const build = {
      ConstantLR: (o) => new S.ConstantLR(o, { factor: 0.5, totalIters: 4 }),
      MultiplicativeLR: multiplicative,
      CyclicLR: (o) => new S.CyclicLR(o, { baseLr: [0.01, 0.02], maxLr: 0.1, stepSizeUp: 3, stepSizeDown: 5, mode: 'exp_range', gamma: 0.9 }),
      ChainedScheduler: (o) => new S.ChainedScheduler([new S.ConstantLR(o, { factor: 0.5, totalIters: 4 }), new S.ExponentialLR(o, { gamma: 0.9 })]),
    };
    for (const [name, make] of Object.entries(build)) {
      const a = makeOptimizer('SGD');
      const sa = make(a);
      for (let k = 0; k < 5; k++) sa.step();
      const saved = JSON.parse(JSON.stringify(sa.stateDict()));
      const b = makeOptimizer('SGD');
      const sb = make(b);
      const before = JSON.stringify(sb.stateDict());
      const bad = JSON.parse(JSON.stringify(saved));
      if (name === 'ChainedScheduler') bad.schedulers[1].lastEpoch = -5;
      else bad.lastEpoch = 'x';
      expect(() => sb.loadStateDict(bad), name).to.throw();
      expect(JSON.stringify(sb.stateDict()), name).to.equal(before);
      sb.loadStateDict(saved);
      b.loadStateDict(JSON.parse(JSON.stringify(a.stateDict())));
      for (let k = 0; k < 7; k++) {
        sa.step();
        sb.step();
        expect(sb.getLastLr(), `${name} step ${k}`).to.deep.equal(sa.getLastLr());
        expect(b.paramGroups.map((g) => g.momentum)).to.deep.equal(a.paramGroups.map((g) => g.momentum));
      }
    }
    const o = makeOptimizer('SGD');
    const cyc = new S.CyclicLR(o, { baseLr: 0.01, maxLr: 0.1 });
    const bad = { ...cyc.stateDict(), mode: 'sawtooth' };
    expect(() => cyc.loadStateDict(bad)).to.throw(RangeError, 'CyclicLR.loadStateDict: mode must be one of triangular, triangular2, exp_range, got string sawtooth');
  });

  it('refuse bad arguments with torch\'s messages, changing nothing', () => {
    const opt = makeOptimizer('SGD');
    const adam = makeOptimizer('Adam');
    expect(() => new S.ConstantLR(opt, { factor: 1.5 })).to.throw(RangeError, 'Constant multiplicative factor expected to be between 0 and 1.');
    expect(() => new S.ConstantLR(opt, { factor: 0 })).to.throw(RangeError, 'divide the lr by zero');
    expect(() => new S.ConstantLR(opt, { totalIters: 2.5 })).to.throw(RangeError, 'totalIters must be a non-negative integer');
    expect(() => new S.MultiplicativeLR(opt, { lrLambda: [() => 1] })).to.throw(RangeError, 'Expected 2 lr_lambdas, but got 1');
    expect(() => new S.CyclicLR(opt, { baseLr: 0.01, maxLr: 0.1, mode: 'sawtooth' })).to.throw(RangeError, 'mode is invalid and scale_fn is None');
    expect(() => new S.CyclicLR(adam, { baseLr: 0.01, maxLr: 0.1 })).to.throw(RangeError, 'optimizer must support momentum with `cycle_momentum` option enabled');
    expect(() => new S.CyclicLR(opt, { baseLr: [0.01], maxLr: 0.1 })).to.throw(RangeError, 'expected 2 values for base_lr, got 1');
    expect(() => new S.CyclicLR(opt, { maxLr: 0.1 })).to.throw(RangeError, 'baseLr and maxLr are required');
    expect(() => new S.CyclicLR(opt, { baseLr: 0.01, maxLr: 0.1, stepSizeUp: 0 })).to.throw(RangeError, 'stepSizeUp must be a finite positive number');
    expect(() => new S.CyclicLR(opt, { baseLr: 0.01, maxLr: 0.1, scaleFn: () => { throw new Error('boom'); } })).to.throw(Error, 'boom');
    expect(() => new S.CyclicLR(opt, { baseLr: 0.01, maxLr: 0.1, stepsizeUp: 3 })).to.throw(TypeError, "unknown option 'stepsizeUp'");
    expect(opt.paramGroups.map((g) => [g.lr, g.momentum, g.initialLr])).to.deep.equal([[0.1, 0.9, undefined], [0.03, 0.9, undefined]]);
    const other = makeOptimizer('SGD');
    expect(() => new S.ChainedScheduler([new S.ConstantLR(opt), new S.ConstantLR(other)])).to.throw(RangeError, 'ChainedScheduler expects all schedulers to belong to the same optimizer');
    const plateau = new S.ReduceLROnPlateau(opt);
    expect(() => new S.ChainedScheduler([plateau])).to.throw(TypeError, 'is not a scheduler it can chain');
    expect(() => new S.ChainedScheduler([])).to.throw(TypeError, 'non-empty array');
  });

  it('a custom scaleFn with scaleMode, and a chain that throws mid-step changes nothing', () => {
    const opt = makeOptimizer('SGD');
    const sched = new S.CyclicLR(opt, { baseLr: 0.01, maxLr: 0.11, stepSizeUp: 2, scaleFn: (x) => 1 / (x + 1), scaleMode: 'iterations', cycleMomentum: false });
    sched.step();
    // step 1: half way up (factor 0.5), scaled by 1/(1 + 1); step 2: at the top, by 1/3.
    expect(sched.getLastLr()[0]).to.equal(0.01 + (0.11 - 0.01) * 0.5 * (1 / 2));
    sched.step();
    expect(sched.getLastLr()[0]).to.equal(0.01 + (0.11 - 0.01) * 1 * (1 / 3));
    const o2 = makeOptimizer('SGD');
    let fail = false;
    const chain = new S.ChainedScheduler([new S.ExponentialLR(o2, { gamma: 0.5 }), new S.LambdaLR(o2, { lrLambda: (e) => (fail ? NaN : 1 / (e + 1)) })]);
    chain.step();
    const before = { lrs: o2.paramGroups.map((g) => g.lr), state: JSON.stringify(chain.stateDict()) };
    fail = true;
    expect(() => chain.step()).to.throw(TypeError, 'not a finite number');
    expect(o2.paramGroups.map((g) => g.lr)).to.deep.equal(before.lrs);
    expect(JSON.stringify(chain.stateDict())).to.equal(before.state);
  });
});

// Learning-rate schedulers and plain schedules against torch 1.13 (fixtures from
// tools/reference/lr_scheduler.py), to 1e-7 relative.
import { expect } from 'chai';
import * as d from '../../dist/index.js';
import fixture from '../fixtures/lr_scheduler.mjs';
import { expectClose } from '../helpers/assert.mjs';

const S = d.optim.lrScheduler;
const TOL = { rtol: 1e-7, atol: 1e-16 };

function makeOptimizer(kind) {
  const params = [d.zeros([2], { requiresGrad: true }), d.zeros([3], { requiresGrad: true })];
  const groups = params.map((p, i) => ({ params: [p], lr: fixture.lrs[i] }));
  const opt = kind === 'Adam' ? new d.optim.Adam(groups) : new d.optim.SGD(groups, { lr: 0.1, momentum: 0.9 });
  return { opt, dispose: () => { opt.dispose(); params.forEach((p) => p.dispose()); } };
}

function makeScheduler(name, opt, options) {
  switch (name) {
    case 'LambdaLR':
      return new S.LambdaLR(opt, { lrLambda: [(e) => Math.min(1, (e + 1) / 10), (e) => 1 / (1 + 0.05 * e)] });
    case 'SequentialLR': {
      const warm = new S.LinearLR(opt, { startFactor: 0.1, totalIters: 10 });
      const cos = new S.CosineAnnealingLR(opt, { tMax: 40 });
      const step = new S.StepLR(opt, { stepSize: 7, gamma: 0.5 });
      return new S.SequentialLR(opt, { schedulers: [warm, cos, step], milestones: options.milestones });
    }
    default:
      return new S[name](opt, options);
  }
}

function momentum(opt, kind) {
  return opt.paramGroups.map((g) => (kind === 'Adam' ? g.betas[0] : g.momentum));
}

describe('lr schedulers replay torch 1.13 (1e-7)', () => {
  for (const c of fixture.cases) {
    const title = `${c.scheduler} ${JSON.stringify(c.options)} on ${c.optimizer}`;
    it(title, () => {
      const { opt, dispose } = makeOptimizer(c.optimizer);
      const sched = makeScheduler(c.scheduler, opt, c.options);
      const lrs = [sched.getLastLr()];
      const momenta = [momentum(opt, c.optimizer)];
      for (let k = 1; k < c.lrs.length; k++) {
        opt.step();
        if (c.scheduler === 'ReduceLROnPlateau') sched.step(fixture.metrics[k - 1]);
        else sched.step();
        lrs.push(sched.getLastLr());
        momenta.push(momentum(opt, c.optimizer));
      }
      expect(c.lrs.length).to.be.at.least(81);
      lrs.forEach((row, k) => expectClose(row, c.lrs[k], { ...TOL, what: `${title} lr after ${k} steps` }));
      lrs.forEach((row, k) => expect(opt.paramGroups.length === row.length && k >= 0).to.equal(true));
      if (c.momenta) momenta.forEach((row, k) => expectClose(row, c.momenta[k], { ...TOL, what: `${title} momentum after ${k} steps` }));
      dispose();
    });
  }
});

// The plain schedules are the closed forms: they match torch's chainable sequences too.
const PLAIN = {
  StepLR: (lr, o) => S.stepDecay(lr, o),
  MultiStepLR: (lr, o) => S.multiStepDecay(lr, o),
  ExponentialLR: (lr, o) => S.exponentialDecay(lr, o),
  CosineAnnealingLR: (lr, o) => S.cosineAnnealing(lr, o),
  CosineAnnealingWarmRestarts: (lr, o) => S.cosineWarmRestarts(lr, o),
  LinearLR: (lr, o) => S.linearSchedule(lr, o),
  PolynomialLR: (lr, o) => S.polynomialDecay(lr, o),
};

describe('plain schedules (step) => lr match torch 1.13 (1e-7)', () => {
  for (const c of fixture.cases) {
    if (PLAIN[c.scheduler] === undefined && c.scheduler !== 'OneCycleLR') continue;
    it(`${c.scheduler} ${JSON.stringify(c.options)}`, () => {
      for (let group = 0; group < 2; group++) {
        let lr;
        let momentumOf = null;
        if (c.scheduler === 'OneCycleLR') {
          const maxLr = Array.isArray(c.options.maxLr) ? c.options.maxLr[group] : c.options.maxLr;
          const cycle = S.oneCycle({ ...c.options, maxLr });
          lr = cycle.lr;
          momentumOf = cycle.momentum;
        } else {
          lr = PLAIN[c.scheduler](fixture.lrs[group], c.options);
        }
        c.lrs.forEach((row, step) => expectClose([lr(step)], [row[group]], { ...TOL, what: `step ${step}` }));
        if (momentumOf) c.momenta.forEach((row, step) => expectClose([momentumOf(step)], [row[group]], { ...TOL, what: `momentum ${step}` }));
      }
    });
  }
});

describe('lr scheduler behaviour', () => {
  let made;
  beforeEach(() => { made = makeOptimizer('SGD'); });
  afterEach(() => made.dispose());

  it('writes the lr into the param groups and keeps initialLr', () => {
    const sched = new S.StepLR(made.opt, { stepSize: 2, gamma: 0.5 });
    sched.step();
    sched.step();
    expect(made.opt.paramGroups[0].lr).to.equal(0.05);
    expect(made.opt.paramGroups[0].initialLr).to.equal(0.1);
    expect(sched.getLastLr()).to.deep.equal([0.05, 0.015]);
  });

  it('continues a cosine schedule smoothly after the lr was changed from outside (chainable form)', () => {
    const sched = new S.CosineAnnealingLR(made.opt, { tMax: 10 });
    for (let i = 0; i < 3; i++) sched.step();
    const before = made.opt.paramGroups[0].lr;
    made.opt.paramGroups[0].lr = before / 2;
    sched.step();
    const closed = S.cosineAnnealing(0.1, { tMax: 10 });
    expectClose([made.opt.paramGroups[0].lr], [(before / 2) * (closed(4) / closed(3))], { rtol: 1e-12 });
  });

  it('refuses bad arguments with torch messages', () => {
    const opt = made.opt;
    expect(() => new S.StepLR({}, { stepSize: 1 })).to.throw(TypeError, 'is not an Optimizer');
    expect(() => new S.CosineAnnealingWarmRestarts(opt, { t0: 0 })).to.throw(RangeError, 'Expected positive integer T_0, but got 0');
    expect(() => new S.CosineAnnealingWarmRestarts(opt, { t0: 5, tMult: 0.5 })).to.throw(RangeError, 'Expected integer T_mult >= 1, but got 0.5');
    expect(() => new S.LinearLR(opt, { startFactor: 2 })).to.throw(RangeError, 'Starting multiplicative factor expected to be between 0 and 1.');
    expect(() => new S.LambdaLR(opt, { lrLambda: [(e) => e] })).to.throw(RangeError, 'Expected 2 lr_lambdas, but got 1');
    expect(() => new S.OneCycleLR(opt, { maxLr: 1, totalSteps: 0 })).to.throw(RangeError, 'Expected positive integer total_steps, but got 0');
    expect(() => new S.OneCycleLR(opt, { maxLr: 1, totalSteps: 10, annealStrategy: 'exp' })).to.throw(RangeError, "anneal_strategy must by one of 'cos' or 'linear', instead got exp");
    expect(() => new S.OneCycleLR(opt, { maxLr: [1, 2, 3], totalSteps: 10 })).to.throw(RangeError, 'expected 2 values for max_lr, got 3');
    expect(() => new S.ReduceLROnPlateau(opt, { factor: 1 })).to.throw(RangeError, 'Factor should be < 1.0.');
    expect(() => new S.ReduceLROnPlateau(opt, { mode: 'up' })).to.throw(RangeError, 'mode up is unknown!');
    expect(() => new S.ReduceLROnPlateau(opt, { minLr: [0] })).to.throw(RangeError, 'expected 2 min_lrs, got 1');
    const warm = new S.LinearLR(opt);
    expect(() => new S.SequentialLR(opt, { schedulers: [warm], milestones: [3] })).to.throw(RangeError, 'one more than the number of milestone points');
  });

  it('refuses to step a one-cycle schedule past totalSteps, changing nothing', () => {
    const sched = new S.OneCycleLR(made.opt, { maxLr: 0.5, totalSteps: 3 });
    sched.step();
    sched.step();
    sched.step();
    const lr = made.opt.paramGroups[0].lr;
    expect(() => sched.step()).to.throw(RangeError, 'Tried to step 5 times. The specified number of total steps is 3');
    expect(made.opt.paramGroups[0].lr).to.equal(lr);
  });

  it('round-trips scheduler state through JSON and refuses a mismatched state', () => {
    const a = new S.CosineAnnealingWarmRestarts(made.opt, { t0: 3, tMult: 2 });
    for (let i = 0; i < 5; i++) a.step();
    const text = JSON.stringify(a.stateDict());
    const other = makeOptimizer('SGD');
    const b = new S.CosineAnnealingWarmRestarts(other.opt, { t0: 3, tMult: 2 });
    b.loadStateDict(JSON.parse(text));
    expect(JSON.stringify(b.stateDict())).to.equal(text);
    a.step();
    b.step();
    expect(b.getLastLr()).to.deep.equal(a.getLastLr());
    const bad = JSON.parse(text);
    delete bad.tCur;
    expect(() => b.loadStateDict(bad)).to.throw(RangeError, 'keys');
    const plateau = new S.ReduceLROnPlateau(other.opt);
    plateau.step(3);
    const saved = JSON.parse(JSON.stringify(plateau.stateDict()));
    const fresh = new S.ReduceLROnPlateau(other.opt);
    fresh.loadStateDict(saved);
    expect(fresh.best).to.equal(3);
    expect(new S.ReduceLROnPlateau(other.opt).stateDict().best).to.equal('Infinity');
    other.dispose();
  });
});

describe('deterministic scalar math for schedules', () => {
  // The platform's Math functions serve as the reference here (they are never used by the library).
  it('cos, exp and log agree with the platform to about 1e-15', async () => {
    const m = await import('../../dist/scalar_math.js');
    for (let i = -2000; i <= 2000; i++) {
      const x = i * 0.37;
      expect(Math.abs(m.cos(x) - Math.cos(x))).to.be.below(4e-16);
      const y = i / 7;
      expect(Math.abs(m.exp(y) - Math.exp(y))).to.be.at.most(4e-16 * Math.exp(y));
      const z = 1.0137 ** i;
      expect(Math.abs(m.log(z) - Math.log(z))).to.be.at.most(4e-16 * Math.max(1, Math.abs(Math.log(z))));
    }
    expect(m.pow(0.5, 2.5)).to.be.closeTo(Math.pow(0.5, 2.5), 1e-16);
    expect(m.pow(0.96, 0.004)).to.be.closeTo(Math.pow(0.96, 0.004), 1e-16);
  });

  it('powInt makes the multiplications of plain repeated squaring, bit for bit, below and past 2^31', async () => {
    const m = await import('../../dist/scalar_math.js');
    const squaring = (base, n) => {
      let r = 1;
      for (let b = base, k = n; k > 0; b *= b, k = Math.floor(k / 2)) if (k % 2 === 1) r *= b;
      return r;
    };
    const exponents = [0, 1, 2, 3, 7, 8, 1000, 12345, 2 ** 31 - 1, 2 ** 31, 2 ** 31 + 5, 2 ** 40 + 3, 2 ** 53 - 1];
    for (let i = 0; i < 400; i++) exponents.push(Math.floor(1.7 ** (i % 60)) + i);
    for (const base of [0.9, 0.999, 0.99999, 1.0000001, -1.5, 2, -0, 0.5, 3.7, -0.99]) {
      for (const n of exponents) expect(Object.is(m.powInt(base, n), squaring(base, n)), `powInt(${base}, ${n})`).to.equal(true);
    }
    expect(m.powInt(0.9, 3)).to.equal(0.9 * (0.9 * 0.9)); // the order: result *= b for each set bit, b squared
  });
});

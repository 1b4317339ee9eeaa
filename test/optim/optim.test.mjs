// Optimizers against torch 1.13 (fixtures from tools/reference/optim.py) and against the plain
// JavaScript references in helpers/optim_reference.mjs.
import { expect } from 'chai';
import * as d from '../../dist/index.js';
import fixture from '../fixtures/optim.mjs';
import * as reference from '../helpers/optim_reference.mjs';
import { expectClose, testValues, ODD_SIZES } from '../helpers/assert.mjs';

const available = (name) => typeof d.optim[name] === 'function';

function makeParams(values, shapes) {
  return values.map((v, i) => d.tensor(v, { shape: shapes[i], requiresGrad: true }));
}

function setGrads(params, grads) {
  params.forEach((p, i) => {
    if (p.grad) p.grad.dispose();
    p.grad = d.tensor(grads[i], { shape: p.shape });
  });
}

function rosenbrock(x, y) {
  const a = d.sub(1, x);
  const b = y.sub(x.mul(x));
  return a.mul(a).add(b.mul(b).mul(100)).sum();
}

describe('optimizers replay torch 1.13 on a fixed gradient sequence (1e-5)', () => {
  for (const c of fixture.replay) {
    const title = `${c.optimizer} ${JSON.stringify(c.options)}`;
    (available(c.optimizer) ? it : it.skip)(title, () => {
      const params = makeParams(fixture.init, fixture.shapes);
      const opt = new d.optim[c.optimizer](params, c.options);
      c.trajectory.forEach((expected, step) => {
        setGrads(params, fixture.grads[step]);
        opt.step();
        params.forEach((p, i) => expectClose(p.toFloat32Array(), expected[i], { rtol: 1e-5, atol: 1e-6, what: `${title} step ${step + 1} param ${i}` }));
      });
      expect(c.trajectory.length).to.be.at.least(30);
      opt.dispose();
      params.forEach((p) => p.dispose());
    });
  }
});

describe('optimizers follow torch 1.13 on Rosenbrock through autograd (1e-3)', () => {
  for (const c of fixture.rosenbrock.cases) {
    const title = `${c.optimizer} ${JSON.stringify(c.options)}, ${c.steps} steps`;
    (available(c.optimizer) ? it : it.skip)(title, () => {
      const x = d.tensor(fixture.rosenbrock.x0, { requiresGrad: true });
      const y = d.tensor(fixture.rosenbrock.y0, { requiresGrad: true });
      const opt = new d.optim[c.optimizer]([x, y], c.options);
      const losses = [];
      for (let k = 0; k < c.steps; k++) {
        opt.zeroGrad();
        const loss = d.tidy(() => {
          const l = rosenbrock(x, y);
          l.backward();
          return l.item();
        });
        losses.push(loss);
        opt.step();
      }
      expectClose(losses, c.losses, { rtol: 1e-3, atol: 1e-4, what: `${title} loss` });
      expectClose(x.toFloat32Array(), c.x, { rtol: 1e-3, atol: 1e-4, what: `${title} x` });
      expectClose(y.toFloat32Array(), c.y, { rtol: 1e-3, atol: 1e-4, what: `${title} y` });
      opt.dispose();
      x.dispose();
      y.dispose();
    });
  }
});

// Option sets for the kernel-versus-reference check, chosen to reach every kernel variant.
const VARIANTS = {
  SGD: [{ lr: 0.1 }, { lr: 0.05, momentum: 0.9, dampening: 0.2, weightDecay: 0.1 }, { lr: 0.05, momentum: 0.9, nesterov: true, maximize: true }],
  Adam: [{}, { lr: 0.01, weightDecay: 0.1, amsgrad: true }, { maximize: true, betas: [0.5, 0.6] }],
  AdamW: [{}, { lr: 0.01, weightDecay: 0.3, amsgrad: true, maximize: true }],
  Adagrad: [{}, { lr: 0.1, lrDecay: 0.1, weightDecay: 0.2, initialAccumulatorValue: 0.3, maximize: true }],
  RMSprop: [{}, { weightDecay: 0.1, momentum: 0.9 }, { centered: true, maximize: true }, { centered: true, momentum: 0.5, weightDecay: 0.2 }],
  Adadelta: [{}, { lr: 0.5, rho: 0.7, weightDecay: 0.1, maximize: true }],
  Adamax: [{}, { lr: 0.01, weightDecay: 0.1, maximize: true }],
  NAdam: [{}, { lr: 0.01, weightDecay: 0.1, momentumDecay: 0.01 }],
  RAdam: [{}, { lr: 0.01, betas: [0.5, 0.9], weightDecay: 0.1 }],
  Lion: [{}, { lr: 0.01, weightDecay: 0.5 }],
};
const DEFAULTS = {
  SGD: { momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, maximize: false },
  Adam: { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false },
  AdamW: { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 1e-2, amsgrad: false, maximize: false },
  Adagrad: { lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, maximize: false },
  RMSprop: { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false },
  Adadelta: { lr: 1, rho: 0.9, eps: 1e-6, weightDecay: 0, maximize: false },
  Adamax: { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, maximize: false },
  NAdam: { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, momentumDecay: 4e-3 },
  RAdam: { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0 },
  Lion: { lr: 1e-4, betas: [0.9, 0.99], weightDecay: 0 },
};

describe('fused kernels equal the plain JavaScript references bit for bit', () => {
  for (const [name, variants] of Object.entries(VARIANTS)) {
    for (const options of variants) {
      it(`${name} ${JSON.stringify(options)} on sizes ${ODD_SIZES.join(',')}`, () => {
        for (const n of ODD_SIZES) {
          const start = testValues(n, 7 + n);
          const p = d.tensor(start, { requiresGrad: true });
          const opt = new d.optim[name]([p], options);
          const ref = Float32Array.from(start);
          const refState = {};
          const o = { ...DEFAULTS[name], ...options };
          for (let step = 0; step < 8; step++) {
            const g = testValues(n, 100 * step + n + 1).map((v) => v * (step + 1));
            setGrads([p], [g]);
            opt.step();
            reference[name.toLowerCase()](ref, g, refState, o);
            expect(Array.from(p.toFloat32Array()), `${name} n=${n} step ${step + 1}`).to.deep.equal(Array.from(ref));
          }
          opt.dispose();
          p.dispose();
        }
      });
    }
  }
});

// Every loss of d.nn.functional against torch 1.13 (test/fixtures/losses.mjs, written by
// tools/reference/losses.py): values and gradients of every differentiable argument, for each
// reduction and option, through the fused backward and again through the recorded (createGraph)
// backward; second derivatives against differences of gradients; the refusals.
import { expect } from 'chai';
import * as d from '../../dist/index.js';
import fixture from '../fixtures/losses.mjs';
import { expectClose } from '../helpers/assert.mjs';

const F = d.nn.functional;

function buildArgs(c) {
  return c.args.map((a) => {
    if (a.index) return a.shape.length === 0 ? a.data[0] : d.tensor(a.data, { shape: a.shape });
    return d.tensor(a.data, { shape: a.shape, requiresGrad: a.requiresGrad });
  });
}

function buildOptions(c) {
  const opts = { ...c.opts };
  delete opts.weightShape;
  delete opts.posWeightShape;
  if (opts.weight) opts.weight = d.tensor(opts.weight, { shape: c.opts.weightShape });
  if (opts.posWeight) opts.posWeight = d.tensor(opts.posWeight, { shape: c.opts.posWeightShape });
  return opts;
}

function call(c, args) {
  const opts = buildOptions(c);
  const extra = Object.keys(opts).length > 0 ? [opts] : [];
  return F[c.name](...args, ...c.positional, ...extra);
}

function label(c, i) {
  return `${c.name} #${i} ${JSON.stringify({ ...c.opts, weight: undefined, posWeight: undefined })} ${c.positional.join(',')}`;
}

const TOL = { rtol: 1e-5, atol: 1e-6 };

describe('losses against torch 1.13', () => {
  fixture.cases.forEach((c, i) => {
    it(`${label(c, i)}: value and gradients`, () => {
      const args = buildArgs(c);
      const out = call(c, args);
      expect(out.shape).to.deep.equal(c.shape);
      expectClose(out.toFloat32Array(), c.value, { ...TOL, what: 'value' });
      out.mul(d.tensor(c.upstream, { shape: c.shape })).sum().backward();
      c.grads.forEach((g, k) => {
        if (g === null) return;
        expectClose(args[k].grad.toFloat32Array(), g, { ...TOL, what: `grad of argument ${k}` });
      });
    });

    it(`${label(c, i)}: the recorded backward (createGraph) gives the same gradients`, () => {
      const args = buildArgs(c);
      const diffIndices = c.grads.map((g, k) => (g === null ? -1 : k)).filter((k) => k >= 0);
      const f = (...xs) => {
        const full = args.slice();
        diffIndices.forEach((k, j) => (full[k] = xs[j]));
        return call(c, full).mul(d.tensor(c.upstream, { shape: c.shape })).sum();
      };
      const grads = d.grad(f, { createGraph: true })(...diffIndices.map((k) => args[k]));
      const list = diffIndices.length === 1 ? [grads] : grads;
      diffIndices.forEach((k, j) => expectClose(list[j].toFloat32Array(), c.grads[k], { rtol: 2e-5, atol: 1e-6, what: `grad of argument ${k}` }));
    });
  });
});

describe('losses: closed-form gradients at the limits (issue 13)', () => {
  it('binaryCrossEntropyWithLogits at a logit of exactly 0 gives torch\'s [0.25, -0.25]', () => {
    const x = d.zeros([2], { requiresGrad: true });
    F.binaryCrossEntropyWithLogits(x, d.tensor([0, 1])).backward();
    expect(x.grad.toArray()).to.deep.equal([0.25, -0.25]);
  });

  it('binaryCrossEntropyWithLogits at ±1e30 gives the finite limits', () => {
    const x = d.tensor([1e30, -1e30], { requiresGrad: true });
    const loss = F.binaryCrossEntropyWithLogits(x, d.tensor([0, 1]));
    expect(loss.item()).to.equal(Math.fround(1e30));
    loss.backward();
    expect(x.grad.toArray()).to.deep.equal([0.5, -0.5]);
  });
});

describe('losses: second derivatives', () => {
  // Central differences of the (fused) gradient against the Hessian of the recorded gradient.
  function checkHessian(f, x0, h = 1e-2, tol = 2e-3) {
    const H = d.hessian(f)(d.tensor(x0)).toArray();
    const g = (x) => Array.from(d.grad(f)(d.tensor(x)).toFloat32Array());
    x0.forEach((_, j) => {
      const xp = x0.slice(); xp[j] += h;
      const xm = x0.slice(); xm[j] -= h;
      const gp = g(xp);
      const gm = g(xm);
      gp.forEach((v, i) => expect(H[i][j], `H[${i}][${j}]`).to.be.closeTo((v - gm[i]) / (2 * h), tol));
    });
  }

  it('crossEntropy with weights, smoothing and an ignored row', () => {
    const opts = { weight: d.tensor([0.5, 2, 1]), labelSmoothing: 0.2, ignoreIndex: 1 };
    checkHessian((v) => F.crossEntropy(v.reshape([3, 3]), [0, 1, 2], opts), [0.3, -1, 2, 0.5, 0.1, -0.4, 1.2, 0.7, -2]);
  });

  it('crossEntropy with probability targets', () => {
    const q = d.tensor([[0.2, 0.5, 0.3], [0.6, 0.1, 0.3]]);
    checkHessian((v) => F.crossEntropy(v.reshape([2, 3]), q, { labelSmoothing: 0.1 }), [0.3, -1, 2, 0.5, 0.1, -0.4]);
  });

  it('binaryCrossEntropyWithLogits with weight and posWeight', () => {
    const y = d.tensor([0, 1, 0.3, 1]);
    checkHessian((v) => F.binaryCrossEntropyWithLogits(v, y, { weight: d.tensor([1, 2, 0.5, 1]), posWeight: d.tensor([3]) }), [0.3, -1, 2, 0.5]);
  });
});

describe('losses: tidy never breaks a fused loss', () => {
  it('crossEntropy and binaryCrossEntropyWithLogits made inside tidy still differentiate', () => {
    const x = d.tensor([[1, 2, 3], [0, 1, -1]], { requiresGrad: true });
    const loss = d.tidy(() => F.crossEntropy(x, [0, 2], { labelSmoothing: 0.1, weight: [1, 2, 3] }));
    loss.backward();
    expect(x.grad).to.not.equal(null);
    const y = d.tensor([0.5, -0.5], { requiresGrad: true });
    const l2 = d.tidy(() => F.binaryCrossEntropyWithLogits(y, [1, 0], { posWeight: [2] }));
    l2.backward();
    expectClose(y.grad.toFloat32Array(), [2 * (1 / (1 + Math.exp(-0.5))) / 2 - 1, 1 / (1 + Math.exp(0.5)) / 2]);
  });

  it('frees what it makes', () => {
    const x = d.tensor([[1, 2, 3], [0, 1, -1]]);
    const probs = d.tensor([[0.2, 0.3, 0.5], [1, 0, 0]]);
    const before = d.memory().tensors;
    for (const name of ['crossEntropy', 'nllLoss']) F[name](x, [0, 2], { weight: [1, 2, 3] }).dispose();
    F.crossEntropy(x, probs).dispose();
    F.crossEntropy(x, [[0.2, 0.3, 0.5], [1, 0, 0]], { labelSmoothing: 0.1 }).dispose();
    F.binaryCrossEntropyWithLogits(x, probs, { posWeight: [1, 2, 3], weight: [[1], [2]] }).dispose();
    F.binaryCrossEntropy(probs, probs, { weight: [1, 2, 3] }).dispose();
    F.mseLoss(x, x, { reduction: 'none' }).dispose();
    F.tripletMarginLoss(x, x, x).dispose();
    F.cosineSimilarity(x, x).dispose();
    expect(d.memory().tensors).to.equal(before);
  });
});

describe('losses: refusals', () => {
  const x = d.tensor([[1, 2, 3], [0, 1, -1]]);
  it('crossEntropy refuses -1 (unless it is ignoreIndex), fractions, out-of-range classes', () => {
    expect(() => F.crossEntropy(x, [-1, 0])).to.throw(/crossEntropy: targets\[0\] = -1 is out of range for a dimension of size 3/);
    expect(F.crossEntropy(x, [-1, 0], { ignoreIndex: -1 }).item()).to.be.closeTo(F.crossEntropy(x.slice([1], [1]).reshape([1, 3]), [0]).item(), 1e-6);
    expect(() => F.crossEntropy(x, d.tensor([0.5, 1]))).to.throw(/targets\[0\] = 0.5 is out of range for class indices: not a whole number/);
    expect(() => F.crossEntropy(x, [0, 3])).to.throw(/targets\[1\] = 3 is out of range/);
  });

  it('torch refuses what we refuse (the fixture holds its messages)', () => {
    expect(fixture.refusals.negativeTarget).to.match(/Target -1 is out of bounds/);
    expect(fixture.refusals.unbatchedWithArrayTarget).to.match(/size mismatch/);
    expect(fixture.refusals.unbatchedAccepted).to.equal(null);
    expect(() => F.crossEntropy(d.tensor([1, 2, 3]), [0])).to.throw(/one unbatched row/);
    expect(F.crossEntropy(d.tensor([1, 2, 3]), 2).shape).to.deep.equal([]);
  });

  it('crossEntropy: one-hot targets of the wrong shape get a hint; shaped like the input, they are probabilities', () => {
    expect(() => F.crossEntropy(x, [1, 0, 0, 0, 0, 1])).to.throw(/one-hot or probability targets/);
    const asProbs = F.crossEntropy(x, d.tensor([[1, 0, 0], [0, 0, 1]])).item();
    expect(asProbs).to.be.closeTo(F.crossEntropy(x, [0, 2]).item(), 1e-6);
    expect(() => F.crossEntropy(x, d.tensor([[1, 0, 0], [0, 0, 1]]), { ignoreIndex: 1 })).to.throw(/ignoreIndex is not supported with probability targets/);
  });

  it('unknown options, bad reductions and bad values are refused, naming the function', () => {
    expect(() => F.mseLoss(x, x, { reduce: false })).to.throw(TypeError, /mseLoss: unknown option 'reduce'/);
    expect(() => F.crossEntropy(x, [0, 1], { sizeAverage: true })).to.throw(/crossEntropy: unknown option 'sizeAverage'/);
    expect(() => F.l1Loss(x, x, { reduction: 'avg' })).to.throw(RangeError, /l1Loss: reduction must be 'mean', 'sum', 'none'/);
    expect(() => F.crossEntropy(x, [0, 1], { labelSmoothing: 1.5 })).to.throw(/labelSmoothing must be a number in \[0, 1\]/);
    expect(() => F.crossEntropy(x, [0, 1], { weight: [1, 2] })).to.throw(/weight has 2 entries, the input has 3 classes/);
    expect(() => F.binaryCrossEntropy(x, x)).to.throw(/every input must be a probability in \[0, 1\]/);
    expect(() => F.binaryCrossEntropyWithLogits(x, x, { posWeight: [1, 2] })).to.throw(/cannot be broadcast/);
    expect(() => F.klDiv(x, x, { reduction: 'avg' })).to.throw(/'batchmean'/);
    expect(() => new d.nn.CrossEntropyLoss({ labelSmoothing: -1 })).to.throw(/labelSmoothing/);
    expect(() => new d.nn.MSELoss({ reduce: true })).to.throw(/MSELoss: unknown option 'reduce'/);
  });
});

describe('loss modules', () => {
  it('call the functional forms with their options', () => {
    const x = d.tensor([[1, 2, 3], [0, 1, -1]]);
    const y = d.tensor([[0, 2, 1], [1, 1, 1]]);
    const cases = [
      [new d.nn.CrossEntropyLoss({ labelSmoothing: 0.1 }), [x, [2, 0]], F.crossEntropy(x, [2, 0], { labelSmoothing: 0.1 })],
      [new d.nn.NLLLoss({ reduction: 'sum' }), [x, [2, 0]], F.nllLoss(x, [2, 0], { reduction: 'sum' })],
      [new d.nn.MSELoss(), [x, y], F.mseLoss(x, y)],
      [new d.nn.L1Loss({ reduction: 'sum' }), [x, y], F.l1Loss(x, y, { reduction: 'sum' })],
      [new d.nn.HuberLoss({ delta: 0.5 }), [x, y], F.huberLoss(x, y, 0.5)],
      [new d.nn.SmoothL1Loss({ beta: 0.5 }), [x, y], F.smoothL1Loss(x, y, { beta: 0.5 })],
      [new d.nn.BCEWithLogitsLoss({ posWeight: [1, 2, 3] }), [x, y.mul(0.5)], F.binaryCrossEntropyWithLogits(x, y.mul(0.5), { posWeight: [1, 2, 3] })],
      [new d.nn.BCELoss(), [x.sigmoid(), y.mul(0.5)], F.binaryCrossEntropy(x.sigmoid(), y.mul(0.5))],
      [new d.nn.KLDivLoss({ reduction: 'batchmean' }), [x.logSoftmax(1), y.softmax(1)], F.klDiv(x.logSoftmax(1), y.softmax(1), { reduction: 'batchmean' })],
    ];
    for (const [m, args, expected] of cases) expect(m.call(...args).toArray(), m.constructor.name).to.deep.equal(expected.toArray());
  });
});

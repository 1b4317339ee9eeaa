import { expect } from 'chai';
import * as d from '../../dist/index.js';
import { expectClose } from '../helpers/assert.mjs';

// A one-weight model y = w·x, trained towards w = 1 while the validation data wants w = 0.5:
// the validation loss falls until w passes 0.5, then rises, which early stopping must catch.
function oneWeight() {
  const w = d.zeros([1, 1], { requiresGrad: true });
  w.kept = true;
  const model = { forward: (x) => x.matmul(w), parameters: () => [w] };
  return { w, model };
}

const column = (values) => d.tensor(values.map((v) => [v]));

describe('fit: early stopping', () => {
  it('stops after `patience` epochs without improvement and restores the best weights', () => {
    const { w, model } = oneWeight();
    const xs = [1, 2, 3, 4];
    const train = { x: column(xs), y: column(xs) };
    const val = { x: column(xs), y: column(xs.map((v) => 0.5 * v)) };
    const weights = [];
    const history = d.fit(model, new d.optim.SGD([w], { lr: 0.01 }), {
      data: train, validation: val, loss: 'mse', epochs: 200,
      earlyStopping: { patience: 3 },
      onEpoch: () => weights.push(w.item()),
      progress: false,
    });
    expect(history.stopReason).to.equal('earlyStopping');
    const best = history.valLoss.indexOf(Math.min(...history.valLoss));
    expect(history.epochs, 'stopped patience epochs after the best').to.equal(best + 1 + 3);
    expect(history.bestEpoch).to.equal(best + 1);
    expect(w.item(), 'weights of the best epoch').to.equal(weights[best]);
    expect(Math.abs(weights[best] - 0.5)).to.be.below(0.1);
    expect(weights[weights.length - 1]).to.be.above(weights[best]); // it had moved on
  });

  it('minDelta: improvements smaller than it do not count', () => {
    const { w, model } = oneWeight();
    const data = { x: column([1, 2]), y: column([1, 2]) };
    const history = d.fit(model, new d.optim.SGD([w], { lr: 0.01 }), {
      data, loss: 'mse', epochs: 50, progress: false,
      earlyStopping: { patience: 2, minDelta: 100, monitor: 'loss' },
    });
    // The first epoch sets the best; no later epoch improves by 100, so it stops at epoch 3.
    expect(history.stopReason).to.equal('earlyStopping');
    expect(history.epochs).to.equal(3);
    expect(history.bestEpoch).to.equal(1);
  });

  it('refuses data that gives no batches', () => {
    const { w, model } = oneWeight();
    const loader = new d.data.DataLoader({ x: column([1, 2, 3]), y: column([1, 2, 3]) }, { batchSize: 4, dropLast: true });
    expect(() => d.fit(model, new d.optim.SGD([w], { lr: 0.1 }), { data: loader, loss: 'mse' })).to.throw(RangeError, /no batches \(3 rows, batchSize 4, dropLast\)/);
  });

  it("refuses to monitor 'valLoss' without validation data", () => {
    const { w, model } = oneWeight();
    expect(() => d.fit(model, new d.optim.SGD([w], { lr: 0.1 }), {
      data: { x: column([1]), y: column([1]) }, loss: 'mse', earlyStopping: { patience: 2, monitor: 'valLoss' },
    })).to.throw(/no validation data/);
  });
});

describe('fit: tolerance stopping', () => {
  it('stops once the loss has not improved by tol for nIterNoChange epochs (scikit-learn rule)', () => {
    const { w, model } = oneWeight();
    const data = { x: column([1, 2, 3]), y: column([2, 4, 6]) };
    const tol = 1e-4;
    const history = d.fit(model, new d.optim.SGD([w], { lr: 0.02 }), {
      data, loss: 'mse', epochs: 1000, tol, nIterNoChange: 4, progress: false,
    });
    expect(history.stopReason).to.equal('tol');
    expect(history.epochs).to.be.below(1000);
    // Replay the rule on the recorded losses: the first epoch where 4 epochs in a row failed.
    let best = Infinity;
    let bad = 0;
    let expected = -1;
    history.loss.forEach((l, i) => {
      if (expected >= 0) return;
      bad = l > best - tol ? bad + 1 : 0;
      best = Math.min(best, l);
      if (bad >= 4) expected = i + 1;
    });
    expect(history.epochs).to.equal(expected);
    expect(w.item()).to.be.closeTo(2, 0.01);
  });

  it('runs every epoch without tol', () => {
    const { w, model } = oneWeight();
    const history = d.fit(model, new d.optim.SGD([w], { lr: 0.02 }), {
      data: { x: column([1, 2, 3]), y: column([2, 4, 6]) }, loss: 'mse', epochs: 30, progress: false,
    });
    expect(history.epochs).to.equal(30);
    expect(history.loss).to.have.length(30);
    expect(history.stopReason).to.equal('epochs');
  });
});

describe('fit: non-finite loss', () => {
  it('stops with an error naming the epoch and step, before the bad update', () => {
    const { w, model } = oneWeight();
    const x = column([1, 2, 3, 4, NaN, 6]); // row 4 is in the third batch of two
    const loader = new d.data.DataLoader({ x, y: column([1, 2, 3, 4, 5, 6]) }, { batchSize: 2 });
    const seen = [];
    let error;
    try {
      d.fit(model, new d.optim.SGD([w], { lr: 0.01 }), {
        data: loader, loss: 'mse', epochs: 3, progress: false, onEpoch: () => seen.push(w.item()),
      });
    } catch (e) {
      error = e;
    }
    expect(error, 'fit must throw').to.be.instanceOf(Error);
    expect(error.message).to.match(/loss became NaN at epoch 1, batch 3 of 3 \(step 3\)/);
    expect(Number.isFinite(w.item())).to.equal(true);
    expect(seen).to.deep.equal([]); // the first epoch never finished
  });

  it('catches a diverging run (learning rate far too large)', () => {
    const { w, model } = oneWeight();
    const data = { x: column([10, 20, 30]), y: column([1, 2, 3]) };
    expect(() => d.fit(model, new d.optim.SGD([w], { lr: 10 }), { data, loss: 'mse', epochs: 500, progress: false }))
      .to.throw(/fit: the (loss|gradient norm) became (Infinity|NaN) at epoch \d+, batch 1 of 1 \(step \d+\)/);
    expect(Number.isFinite(w.item())).to.equal(true);
  });
});

describe('fit: history, metrics, clipping and schedules', () => {
  it('records loss, gradient norm, lr and metrics per epoch; clips the gradient norm', () => {
    const { w, model } = oneWeight();
    const data = { x: column([1, 2]), y: column([3, 6]) };
    const opt = new d.optim.SGD([w], { lr: 1 });
    const halve = { step: () => (opt.paramGroups[0].lr *= 0.5) };
    const history = d.fit(model, opt, {
      data, loss: 'mse', epochs: 3, clipGradNorm: 0.1, scheduler: halve, progress: false,
      metrics: ['mae', { name: 'weight', fn: () => w.item() }],
    });
    expect(history.lr).to.deep.equal([1, 0.5, 0.25]);
    // Epoch 1 at w = 0: d/dw mean((w·x - y)²) = mean(2x(w·x - y)) = -15; clipped to norm 0.1.
    expectClose([history.gradNorm[0]], [15]);
    expectClose([history.loss[0]], [(9 + 36) / 2]);
    expectClose([history.mae[0]], [4.5]);
    expectClose(history.weight, [0, 0.1, 0.15], { rtol: 1e-4 }); // each step moves lr·0.1
    expectClose([w.item()], [0.175], { rtol: 1e-4 });
  });

  it('classification: accuracy on training and validation data, Int32Array targets', () => {
    const x = d.tensor([[0, 1], [1, 0], [0, 2], [2, 0]]);
    const y = Int32Array.from([1, 0, 1, 0]);
    const model = new d.nn.Linear(2, 2, { seed: 3 });
    const history = d.fit(model, new d.optim.SGD(model.parameters(), { lr: 0.5 }), {
      data: new d.data.DataLoader({ x, y }, { batchSize: 2, shuffle: true, seed: 1 }),
      validation: { x, y }, loss: 'crossEntropy', epochs: 20, metrics: ['accuracy'], progress: false,
    });
    expect(history.valAccuracy.at(-1)).to.equal(1);
    expect(history.accuracy).to.have.length(20);
    expect(history.valLoss.at(-1)).to.be.below(history.valLoss[0]);
    expect(d.metrics.accuracy(model.forward(x), y)).to.equal(1);
  });

  it('does not leak tensors across epochs', () => {
    const { w, model } = oneWeight();
    const data = { x: column([1, 2, 3]), y: column([2, 4, 6]) };
    const opt = new d.optim.SGD([w], { lr: 0.01, momentum: 0.9 });
    d.fit(model, opt, { data, loss: 'mse', epochs: 2, progress: false });
    const before = d.memory().tensors;
    d.fit(model, opt, { data, loss: 'mse', epochs: 20, progress: false, validation: data, metrics: ['mse'] });
    expect(d.memory().tensors).to.equal(before);
  });

  it('steps real schedules: StepLR per epoch, OneCycleLR per batch, ReduceLROnPlateau on the loss', () => {
    const data = { x: column([1, 2, 3, 4]), y: column([2, 4, 6, 8]) };
    let { w, model } = oneWeight();
    let opt = new d.optim.SGD([w], { lr: 0.01 });
    let h = d.fit(model, opt, { data, loss: 'mse', epochs: 5, progress: false, scheduler: new d.optim.lrScheduler.StepLR(opt, { stepSize: 2, gamma: 0.5 }) });
    expectClose(h.lr, [0.01, 0.01, 0.005, 0.005, 0.0025]);

    ({ w, model } = oneWeight());
    opt = new d.optim.SGD([w], { lr: 0.01 });
    const loader = new d.data.DataLoader(data, { batchSize: 2 });
    const oneCycle = new d.optim.lrScheduler.OneCycleLR(opt, { maxLr: 0.05, totalSteps: 6 });
    h = d.fit(model, opt, { data: loader, loss: 'mse', epochs: 3, progress: false, scheduler: oneCycle }); // 6 batches: no overrun
    expect(h.lr[0]).to.be.below(h.lr[1]); // warming up batch by batch
    expect(h.epochs).to.equal(3);

    ({ w, model } = oneWeight());
    opt = new d.optim.SGD([w], { lr: 0.01 });
    const plateau = new d.optim.lrScheduler.ReduceLROnPlateau(opt, { patience: 1, factor: 0.5 });
    const flat = { x: column([1, 2]), y: column([0, 0]) }; // w = 0 is already optimal: a plateau
    h = d.fit(model, opt, { data: flat, loss: 'mse', epochs: 5, progress: false, scheduler: plateau });
    expectClose(h.lr, [0.01, 0.01, 0.01, 0.005, 0.005]);
  });
});


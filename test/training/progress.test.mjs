// The progress display (Keras/tqdm-like) with a fake writer and a fake clock: the formatting
// and what is written where, never how long anything took. And the onProgress stream of fit.
import { expect } from 'chai';
import * as d from '../../dist/index.js';
import { ProgressDisplay, progressLine, formatDuration, formatRate } from '../../dist/training/progress.js';

function writer(isTTY, columns) {
  const out = { text: '', isTTY, columns, write: (s) => (out.text += s) };
  return out;
}

const batchEvent = (batch, more = {}) => ({
  type: 'batch', epoch: 3, epochs: 10, batch, batches: 50, samples: batch * 32, loss: 0.123456,
  metrics: { accuracy: 0.9 }, elapsed: 1.25, eta: 3.75, rate: 1234.5, ...more,
});
const epochEvent = {
  type: 'epoch', epoch: 3, epochs: 10, batch: 50, batches: 50, samples: 1600, loss: 0.1,
  metrics: { accuracy: 0.95, valLoss: 0.2, valAccuracy: 0.875 }, elapsed: 5, eta: 0, rate: 320,
};

describe('progress display: formatting', () => {
  it('a live line: epoch, bar, batch count, elapsed<ETA, rate, loss and every metric', () => {
    expect(progressLine(batchEvent(10), true)).to.equal(
      'epoch  3/10 ████░░░░░░░░░░░░░░░░ 10/50 1.3s<3.8s 1.2k/s · loss 0.1235 · accuracy 0.9000');
  });

  it('an epoch line keeps the validation values; the plain form has no bar', () => {
    expect(progressLine(epochEvent, true)).to.equal(
      'epoch  3/10 ████████████████████ 50/50 5.0s 320/s · loss 0.1000 · accuracy 0.9500 · valLoss 0.2000 · valAccuracy 0.8750');
    expect(progressLine(epochEvent, false)).to.equal(
      'epoch  3/10 50/50 5.0s 320/s · loss 0.1000 · accuracy 0.9500 · valLoss 0.2000 · valAccuracy 0.8750');
  });

  it('the closing line says why training ended', () => {
    const end = { ...epochEvent, type: 'end', epoch: 7, elapsed: 75, stopReason: 'earlyStopping' };
    expect(progressLine(end, false)).to.equal('stopped (earlyStopping) after 7 epochs in 1:15');
    expect(progressLine({ ...end, epoch: 1, stopReason: 'epochs', elapsed: 0.5 }, true)).to.equal('done after 1 epoch in 0.5s');
  });

  it('durations and rates', () => {
    expect([0.04, 9.96, 59.9, 60, 3599, 3600, 3725.2].map(formatDuration)).to.deep.equal(['0.0s', '10.0s', '59.9s', '1:00', '59:59', '1:00:00', '1:02:05']);
    expect(formatDuration(Infinity)).to.equal('?');
    expect([5.25, 850, 12400, 3.1e6].map(formatRate)).to.deep.equal(['5.3/s', '850/s', '12.4k/s', '3.10M/s']);
  });
});

describe('progress display: writing', () => {
  it('on a terminal: redraws one line in place (throttled by the clock), keeps one line per epoch', () => {
    const out = writer(true, 200);
    let t = 0;
    const display = new ProgressDisplay(out, () => t);
    display.show(batchEvent(1));
    t = 50;
    display.show(batchEvent(2)); // within 100 ms of the last draw: skipped
    t = 150;
    display.show(batchEvent(3));
    display.show(epochEvent);
    display.close();
    const draws = out.text.split('\r\x1b[2K').filter((s) => s !== '');
    expect(draws).to.have.length(3);
    expect(draws[0]).to.match(/ 1\/50 /);
    expect(draws[1]).to.match(/ 3\/50 /);
    expect(draws[2]).to.equal(`${progressLine(epochEvent, true)}\n`); // replaced the live line and stays
    expect(out.text.endsWith('\n')).to.equal(true);
  });

  it('cuts lines to the terminal width', () => {
    const out = writer(true, 40);
    new ProgressDisplay(out, () => 0).show(batchEvent(1));
    expect(out.text.replace('\r\x1b[2K', '')).to.have.length(39);
  });

  it('not on a terminal (CI logs): one plain line per epoch, no carriage return or escape code', () => {
    const out = writer(false);
    const display = new ProgressDisplay(out, () => 0);
    for (let b = 1; b <= 50; b++) display.show(batchEvent(b));
    display.show(epochEvent);
    display.show({ ...epochEvent, type: 'end', stopReason: 'epochs' });
    display.close();
    expect(out.text).to.equal(`${progressLine(epochEvent, false)}\ndone after 3 epochs in 5.0s\n`);
    expect(out.text).to.not.match(/[\r\x1b]/);
  });
});

describe('fit: the onProgress stream', () => {
  it('plain objects: every batch, every epoch with its metrics, and the end', () => {
    const x = d.tensor([[0, 1], [1, 0], [0, 2], [2, 0], [1, 1], [3, 0]]);
    const y = Int32Array.from([1, 0, 1, 0, 1, 0]);
    const model = new d.nn.Linear(2, 2, { seed: 1 });
    const events = [];
    const history = d.fit(model, new d.optim.SGD(model.parameters(), { lr: 0.1 }), {
      data: new d.data.DataLoader({ x, y }, { batchSize: 2 }), validation: { x, y }, loss: 'crossEntropy', epochs: 2,
      metrics: ['accuracy'], progress: false, onProgress: (e) => events.push(e),
    });
    expect(events.map((e) => `${e.type}${e.epoch}.${e.batch}`)).to.deep.equal(
      ['batch1.1', 'batch1.2', 'batch1.3', 'epoch1.3', 'batch2.1', 'batch2.2', 'batch2.3', 'epoch2.3', 'end2.3']);
    expect(JSON.parse(JSON.stringify(events))).to.deep.equal(events); // plain data: post it from a worker
    const epoch2 = events[7];
    expect(epoch2.loss).to.equal(history.loss[1]);
    expect(epoch2.metrics).to.deep.equal({ accuracy: history.accuracy[1], valLoss: history.valLoss[1], valAccuracy: history.valAccuracy[1] });
    expect(epoch2.samples).to.equal(6);
    expect(events[0].batches).to.equal(3);
    expect(events[0].samples).to.equal(2);
    expect(events.at(-1).stopReason).to.equal('epochs');
    for (const e of events) expect(e.elapsed >= 0 && e.eta >= 0 && e.rate >= 0).to.equal(true);
  });
});

describe('fit: optimizers and schedulers declare what they need', () => {
  const data = { x: d.tensor([[1], [2]]), y: d.tensor([[2], [4]]) };

  it('needsClosure: an optimizer that declares it gets a closure that re-evaluates the loss', () => {
    const w = d.zeros([1, 1], { requiresGrad: true });
    const sgd = new d.optim.SGD([w], { lr: 0.05 });
    const losses = [];
    const custom = {
      needsClosure: true, paramGroups: sgd.paramGroups, zeroGrad: () => sgd.zeroGrad(),
      step(closure) {
        losses.push(closure().item()); // the first call hands back the loss already computed
        losses.push(closure().item()); // later calls evaluate it again
        return sgd.step();
      },
    };
    d.fit((x) => x.matmul(w), custom, { data, loss: 'mse', epochs: 1, progress: false });
    expect(losses).to.have.length(2);
    expect(losses[0]).to.equal(losses[1]);
    expect(w.item()).to.be.above(0);
  });

  it("stepsOn: 'metric' gets the monitored loss; an undeclared scheduler steps per epoch, unsniffed", () => {
    const w = d.zeros([1, 1], { requiresGrad: true });
    const opt = new d.optim.SGD([w], { lr: 0.01 });
    const metricCalls = [];
    const plainCalls = [];
    d.fit((x) => x.matmul(w), opt, { data, loss: 'mse', epochs: 2, progress: false, scheduler: { stepsOn: 'metric', step: (m) => metricCalls.push(m) } });
    expect(metricCalls).to.have.length(2);
    expect(metricCalls.every((m) => typeof m === 'number' && m > 0)).to.equal(true);
    // Shaped like ReduceLROnPlateau but not declaring stepsOn: stepped per epoch without a metric.
    const lookalike = { mode: 'min', best: Infinity, numBadEpochs: 0, step: (...args) => plainCalls.push(args.length) };
    d.fit((x) => x.matmul(w), opt, { data, loss: 'mse', epochs: 2, progress: false, scheduler: lookalike });
    expect(plainCalls).to.deep.equal([0, 0]);
    expect(new d.optim.lrScheduler.ReduceLROnPlateau(opt).stepsOn).to.equal('metric');
    expect(new d.optim.lrScheduler.OneCycleLR(opt, { maxLr: 1, totalSteps: 4 }).stepsOn).to.equal('batch');
    expect(new d.optim.lrScheduler.StepLR(opt, { stepSize: 1 }).stepsOn).to.equal('epoch');
    expect(new d.optim.LBFGS([w]).needsClosure).to.equal(true);
    expect(opt.needsClosure).to.equal(false);
  });

  it("refuses schedulerStep 'batch' for a scheduler that steps on a metric, and an unknown stepsOn", () => {
    const w = d.zeros([1, 1], { requiresGrad: true });
    const opt = new d.optim.SGD([w], { lr: 0.01 });
    const plateau = new d.optim.lrScheduler.ReduceLROnPlateau(opt);
    expect(() => d.fit((x) => x.matmul(w), opt, { data, loss: 'mse', scheduler: plateau, schedulerStep: 'batch', progress: false }))
      .to.throw(RangeError, /^fit: schedulerStep 'batch' cannot drive a scheduler that steps on a metric/);
    expect(() => d.fit((x) => x.matmul(w), opt, { data, loss: 'mse', scheduler: { stepsOn: 'step', step() {} }, progress: false }))
      .to.throw(RangeError, /^fit: scheduler.stepsOn must be 'batch', 'epoch' or 'metric', got/);
  });
});

// d.fitAsync and estimator.fitAsync: the same loop as d.fit, with the event loop given turns.
// Checked here: bit-identical histories and parameters to d.fit for the same seeds (MLP,
// schedulers, early stopping, L-BFGS, estimators), timers keep firing during a run (counted,
// never timed), AbortSignal stops at a batch boundary with the model consistent and nothing
// leaked, and the options are validated.
import { expect } from 'chai';
import * as d from '../../dist/index.js';

/** Rows of a small deterministic 3-class problem (no Math.sin etc.: plain arithmetic). */
function problem(n = 48, features = 4) {
  const rows = [];
  const labels = [];
  for (let i = 0; i < n; i++) {
    const row = [];
    for (let j = 0; j < features; j++) row.push((((i * 7 + j * 13) % 17) - 8) / 8 + (i % 3) * (j === i % features ? 0.9 : 0));
    rows.push(row);
    labels.push(i % 3);
  }
  return { x: d.tensor(rows), y: Int32Array.from(labels), rows, labels };
}

function mlp(seed) {
  return new d.nn.Sequential(new d.nn.Linear(4, 8, { seed }), new d.nn.Tanh(), new d.nn.Linear(8, 3, { seed: seed + 1 }));
}

const bits = (t) => Array.from(new Uint32Array(t.toFloat32Array().buffer));
const paramBits = (model) => model.parameters().map(bits);

/** The history without its wall-clock field. */
function numbers(history) {
  const { seconds, ...rest } = history;
  expect(seconds).to.be.a('number');
  return JSON.parse(JSON.stringify(rest, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)));
}

/** Runs the same set-up through fit and fitAsync (yielding at every boundary) and compares. */
async function expectSameAsFit(setup) {
  const a = setup();
  const syncHistory = d.fit(a.model, a.optimizer, a.options);
  const b = setup();
  const asyncHistory = await d.fitAsync(b.model, b.optimizer, { ...b.options, yieldEveryMs: 0 });
  expect(numbers(asyncHistory)).to.deep.equal(numbers(syncHistory));
  expect(paramBits(b.model)).to.deep.equal(paramBits(a.model));
  return syncHistory;
}

describe('fitAsync: the same bits as fit', () => {
  const { x, y } = problem();

  it('an MLP with shuffled mini-batches, validation and metrics', async () => {
    const h = await expectSameAsFit(() => {
      const model = mlp(3);
      return {
        model, optimizer: new d.optim.Adam(model.parameters(), { lr: 0.01 }),
        options: {
          data: new d.data.DataLoader({ x, y }, { batchSize: 10, shuffle: true, seed: 5 }), validation: { x, y },
          loss: 'crossEntropy', epochs: 6, metrics: ['accuracy'], progress: false,
        },
      };
    });
    expect(h.epochs).to.equal(6);
    expect(h.valAccuracy).to.have.length(6);
  });

  it('with schedulers stepping per batch (OneCycleLR) and on a metric (ReduceLROnPlateau)', async () => {
    await expectSameAsFit(() => {
      const model = mlp(4);
      const optimizer = new d.optim.SGD(model.parameters(), { lr: 0.05, momentum: 0.9 });
      const scheduler = new d.optim.lrScheduler.OneCycleLR(optimizer, { maxLr: 0.2, totalSteps: 25 });
      return { model, optimizer, options: { data: new d.data.DataLoader({ x, y }, { batchSize: 10 }), loss: 'crossEntropy', epochs: 5, scheduler, progress: false } };
    });
    const h = await expectSameAsFit(() => {
      const model = mlp(5);
      const optimizer = new d.optim.SGD(model.parameters(), { lr: 0.5 });
      // mode 'max' on a falling loss: no epoch improves, so every epoch halves the lr.
      const scheduler = new d.optim.lrScheduler.ReduceLROnPlateau(optimizer, { mode: 'max', patience: 0, factor: 0.5 });
      return { model, optimizer, options: { data: { x, y }, validation: { x, y }, loss: 'crossEntropy', epochs: 8, scheduler, progress: false } };
    });
    expect(new Set(h.lr).size).to.be.above(1); // the plateau scheduler did act
  });

  it('with early stopping restoring the best weights', async () => {
    const h = await expectSameAsFit(() => {
      const model = mlp(6);
      return {
        model, optimizer: new d.optim.SGD(model.parameters(), { lr: 2 }),
        options: {
          data: { x, y }, loss: 'crossEntropy', epochs: 60, progress: false,
          earlyStopping: { patience: 2, minDelta: 1e-3, monitor: 'loss' },
        },
      };
    });
    expect(h.stopReason).to.equal('earlyStopping');
  });

  it('with L-BFGS (the closure re-evaluates the loss)', async () => {
    await expectSameAsFit(() => {
      const model = mlp(7);
      return {
        model, optimizer: new d.optim.LBFGS(model.parameters(), { lineSearchFn: 'strong_wolfe', maxIter: 5 }),
        options: { data: { x, y }, loss: 'crossEntropy', epochs: 4, tol: 1e-6, nIterNoChange: 2, progress: false },
      };
    });
  });

  it('estimators: MLPClassifier, LogisticRegression (L-BFGS) and LinearRegression', async () => {
    const cases = [
      [() => new d.models.MLPClassifier({ hiddenLayerSizes: [6], maxIter: 15, batchSize: 16, seed: 2 }), y, (m) => m.module.parameters()],
      [() => new d.models.LogisticRegression({ maxIter: 20 }), y, (m) => [m.coef.flat(), m.intercept]],
      [() => new d.models.LinearRegression({ maxIter: 20 }), d.tensor(problem().labels.map((v, i) => v * 0.5 + (i % 5) * 0.1)), (m) => [m.coef, m.intercept]],
    ];
    for (const [make, target, weights] of cases) {
      const a = make().fit(x, target);
      const b = make();
      const resolved = await b.fitAsync(x, target, { yieldEveryMs: 0 });
      expect(resolved).to.equal(b);
      expect(numbers(b.history)).to.deep.equal(numbers(a.history));
      const view = (m) => weights(m).map((w) => (w instanceof d.Tensor ? bits(w) : w));
      expect(view(b)).to.deep.equal(view(a));
    }
  });
});

describe('fitAsync: the event loop keeps running', () => {
  it('timers fire during a run (counted, never timed)', async () => {
    const { x, y } = problem();
    const model = mlp(8);
    let intervalTicks = 0;
    let timeoutTicks = 0;
    const interval = setInterval(() => intervalTicks++, 0);
    let chain = true;
    const again = () => {
      timeoutTicks++;
      if (chain) setTimeout(again, 0);
    };
    setTimeout(again, 0);
    const batchesSeen = [];
    try {
      await d.fitAsync(model, new d.optim.Adam(model.parameters(), { lr: 0.01 }), {
        data: new d.data.DataLoader({ x, y }, { batchSize: 4 }), loss: 'crossEntropy', epochs: 20, progress: false, yieldEveryMs: 0,
        onEpoch: () => batchesSeen.push([intervalTicks, timeoutTicks]),
      });
    } finally {
      clearInterval(interval);
      chain = false;
    }
    // 240 batches with a macrotask turn after each: the timers ran while training went on.
    expect(intervalTicks, 'setInterval ticks during fitAsync').to.be.above(0);
    expect(timeoutTicks, 'setTimeout ticks during fitAsync').to.be.above(0);
    expect(batchesSeen.at(-1)[0], 'ticks between epochs, not only at the end').to.be.above(0);
  });

  it('fit, by contrast, holds the event loop until it returns', () => {
    const { x, y } = problem();
    const model = mlp(9);
    let ticks = 0;
    const interval = setInterval(() => ticks++, 0);
    try {
      d.fit(model, new d.optim.Adam(model.parameters()), { data: { x, y }, loss: 'crossEntropy', epochs: 30, progress: false });
    } finally {
      clearInterval(interval);
    }
    expect(ticks).to.equal(0);
  });
});

describe('fitAsync: abort', () => {
  const { x, y } = problem();

  it('stops at the boundary after onEpoch aborts: weights of the last completed step, nothing leaked', async () => {
    const reference = mlp(10);
    const refOptimizer = new d.optim.Adam(reference.parameters(), { lr: 0.01 });
    const loader = () => new d.data.DataLoader({ x, y }, { batchSize: 12, shuffle: true, seed: 3 });
    const expected = d.fit(reference, refOptimizer, { data: loader(), loss: 'crossEntropy', epochs: 2, progress: false });

    const model = mlp(10);
    const optimizer = new d.optim.Adam(model.parameters(), { lr: 0.01 });
    const controller = new AbortController();
    const data = loader();
    const before = d.memory().tensors;
    let error = null;
    try {
      await d.fitAsync(model, optimizer, {
        data, loss: 'crossEntropy', epochs: 10, progress: false,
        signal: controller.signal,
        onEpoch: (logs) => {
          if (logs.epoch === 2) controller.abort();
        },
      });
    } catch (e) {
      error = e;
    }
    expect(error, 'rejected').to.not.equal(null);
    expect(error.name).to.equal('AbortError');
    if (typeof DOMException === 'function') expect(error).to.be.instanceOf(DOMException);
    expect(error.message).to.match(/^fitAsync: aborted at epoch 2, batch 4; the model keeps the weights of the last completed step/);
    expect(error.history.epochs).to.equal(2);
    expect(numbers(error.history).loss).to.deep.equal(numbers(expected).loss);
    expect(paramBits(model)).to.deep.equal(paramBits(reference));
    const grads = model.parameters().length; // created by the first backward, kept by the parameters
    expect(d.memory().tensors, 'no tensor left behind').to.equal(before + grads);
  });

  it('an abort from outside (a timer) stops mid-epoch; training can go on afterwards', async () => {
    const model = mlp(11);
    const optimizer = new d.optim.SGD(model.parameters(), { lr: 0.1 });
    const controller = new AbortController();
    let batches = 0;
    const seen = [];
    d.fit(model, optimizer, { data: { x, y }, loss: 'crossEntropy', epochs: 1, progress: false }); // the gradients exist from here on
    const before = d.memory().tensors;
    const run = d.fitAsync(model, optimizer, {
      data: new d.data.DataLoader({ x, y }, { batchSize: 1 }), loss: 'crossEntropy', epochs: 1000, progress: false, yieldEveryMs: 0,
      signal: controller.signal, onProgress: (e) => e.type === 'batch' && batches++ === 5 && setTimeout(() => controller.abort(), 0),
    });
    const error = await run.then(() => null, (e) => e);
    expect(error?.name).to.equal('AbortError');
    expect(error.history.epochs).to.be.below(1000);
    expect(d.memory().tensors).to.equal(before);
    // The model and optimizer are whole: training continues from there with d.fit.
    const h = d.fit(model, optimizer, { data: { x, y }, loss: 'crossEntropy', epochs: 2, progress: false, onEpoch: (l) => seen.push(l.loss) });
    expect(h.loss.every(Number.isFinite)).to.equal(true);
  });

  it('an already-aborted signal rejects before anything changes', async () => {
    const model = mlp(12);
    const start = paramBits(model);
    const controller = new AbortController();
    controller.abort();
    const error = await d.fitAsync(model, new d.optim.SGD(model.parameters(), { lr: 1 }), {
      data: { x, y }, loss: 'crossEntropy', epochs: 3, progress: false, signal: controller.signal,
    }).then(() => null, (e) => e);
    expect(error?.name).to.equal('AbortError');
    expect(error.message).to.match(/before training started/);
    expect(paramBits(model)).to.deep.equal(start);
  });

  it('estimator.fitAsync: aborted, it keeps a usable model and frees its optimizer and loader', async () => {
    const controller = new AbortController();
    const before = d.memory();
    const model = new d.models.MLPClassifier({ hiddenLayerSizes: [5], maxIter: 500, batchSize: 8, tol: 0, seed: 1 });
    let epochs = 0;
    const timer = setInterval(() => ++epochs >= 3 && controller.abort(), 0);
    const error = await model.fitAsync(x, y, { signal: controller.signal, yieldEveryMs: 0 }).then(() => null, (e) => e);
    clearInterval(timer);
    expect(error?.name).to.equal('AbortError');
    expect(error.message).to.match(/^MLPClassifier\.fitAsync: aborted/);
    expect(model.history, 'the history of the partly trained model').to.equal(error.history);
    expect(model.history.epochs).to.be.below(500);
    const pred = model.predict(x);
    expect(pred).to.have.length(48);
    expect(Array.from(new Set(pred)).every((c) => [0, 1, 2].includes(c))).to.equal(true);
    model.dispose();
    const after = d.memory();
    // Tensors that earlier tests dropped without dispose() may be finalized by the garbage collector
    // during the awaits above (Chromium does so), which can only lower the counts; anything this run
    // failed to free raises them.
    expect(after.tensors).to.be.at.most(before.tensors);
    expect(after.bytes, 'optimizer state and loader generator freed').to.be.at.most(before.bytes);
  });
});

describe('fitAsync: options', () => {
  const { x, y } = problem(6);
  const model = mlp(13);
  const optimizer = new d.optim.SGD(model.parameters(), { lr: 0.1 });
  const base = { data: { x, y }, loss: 'crossEntropy', epochs: 1, progress: false };
  const refused = (options) => d.fitAsync(model, optimizer, options).then(() => null, (e) => e);

  it('refuses a bad yieldEveryMs, a non-signal and unknown options', async () => {
    for (const bad of [-1, NaN, Infinity, '16']) {
      const e = await refused({ ...base, yieldEveryMs: bad });
      expect(e, String(bad)).to.be.instanceOf(RangeError);
      expect(e.message).to.match(/^fitAsync: yieldEveryMs must be a finite number ≥ 0, got/);
    }
    const e1 = await refused({ ...base, signal: { aborted: false } });
    expect(e1).to.be.instanceOf(TypeError);
    expect(e1.message).to.match(/^fitAsync: signal must be an AbortSignal/);
    const e2 = await refused({ ...base, yieldEvery: 5 });
    expect(e2).to.be.instanceOf(TypeError);
    expect(e2.message).to.match(/^fitAsync: unknown option 'yieldEvery'/);
    const e3 = await refused({ ...base, epochs: 0 });
    expect(e3.message).to.match(/^fitAsync: epochs must be a positive integer/);
  });

  it('d.fit refuses unknown options and fitAsync-only ones', () => {
    expect(() => d.fit(model, optimizer, { ...base, signal: new AbortController().signal })).to.throw(TypeError, /^fit: unknown option 'signal'/);
    expect(() => d.fit(model, optimizer, { ...base, epoch: 3 })).to.throw(TypeError, /^fit: unknown option 'epoch'/);
  });

  it('estimator.fitAsync takes only signal and yieldEveryMs', async () => {
    const e = await new d.models.LogisticRegression().fitAsync(x, y, { maxIter: 3 }).then(() => null, (err) => err);
    expect(e).to.be.instanceOf(TypeError);
    expect(e.message).to.match(/^LogisticRegression\.fitAsync: unknown option 'maxIter'/);
    const r = await new d.models.LogisticRegression().fitAsync(x, y, { yieldEveryMs: -2 }).then(() => null, (err) => err);
    expect(r).to.be.instanceOf(RangeError);
  });
});

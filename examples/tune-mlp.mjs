// Tuning the learning rate and momentum of SGD for a small MLP on the handwritten digits,
// with the validation loss as the objective: random search against Bayesian optimisation
// (a Gaussian process with expected improvement), the same budget of trials for each.
//
//   node examples/tune-mlp.mjs
import * as d from 'descent-ml';
import { digits } from 'descent-ml/datasets';

const { x, y } = digits();
const split = d.data.trainTestSplit(x, y, { testSize: 0.25, seed: 0, stratify: true });
const scaler = new d.data.StandardScaler().fit(split.xTrain);
const [xTrain, xVal] = [split.xTrain, split.xTest].map((t) => scaler.transform(t));

const EPOCHS = 6;
const TRIALS = 12;
const space = {
  lr: { low: 1e-3, high: 1, log: true },
  momentum: { low: 0, high: 0.99 },
};

/** Trains a fresh 64-32-10 network (same initial weights every time) and returns its validation loss. */
function validationLoss({ lr, momentum }) {
  const model = new d.nn.Sequential(
    new d.nn.Linear(64, 32, { init: 'he', seed: 1 }),
    new d.nn.ReLU(),
    new d.nn.Linear(32, 10, { init: 'xavier', seed: 2 }),
  );
  const optimizer = new d.optim.SGD(model.parameters(), { lr, momentum });
  try {
    const history = d.fit(model, optimizer, {
      data: new d.data.DataLoader({ x: xTrain, y: split.yTrain }, { batchSize: 32, shuffle: true, seed: 0 }),
      validation: { x: xVal, y: split.yTest },
      loss: 'crossEntropy',
      epochs: EPOCHS,
    });
    const last = history.valLoss[history.valLoss.length - 1];
    return Number.isFinite(last) ? last : Infinity;
  } catch {
    return Infinity; // diverged (a non-finite loss stops d.fit)
  } finally {
    for (const p of model.parameters()) p.dispose();
  }
}

const row = (t, i) => `  ${String(i + 1).padStart(2)}  lr ${t.params.lr.toExponential(2)}  momentum ${t.params.momentum.toFixed(3)}  val loss ${t.value.toFixed(4)}`;

for (const [name, search] of [['random search', d.tune.randomSearch], ['Bayesian optimisation', d.tune.bayesian]]) {
  console.log(`${name}, ${TRIALS} trials of ${EPOCHS} epochs:`);
  const result = await search(validationLoss, space, { trials: TRIALS, seed: 0, onTrial: (t, i) => console.log(row(t, i)) });
  console.log(`  best: lr ${result.best.params.lr.toExponential(2)}, momentum ${result.best.params.momentum.toFixed(3)}, validation loss ${result.best.value.toFixed(4)}\n`);
}

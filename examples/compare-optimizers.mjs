// The main demo (`npm start`): the same small network trained on the digits data by eight
// optimizers — SGD, SGD with momentum, Nesterov, AdaGrad, RMSProp, AdaDelta, Adam and AdamW —
// from the same initial weights, on the same mini-batches in the same order. Prints a table
// and writes a self-contained HTML report (reports/optimizers.html) with every loss curve on
// one chart and an account of which optimizer won and why.
//
//   npm start               (or: node examples/compare-optimizers.mjs [epochs] [report path])
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as d from 'descent-ml';
import { digits } from 'descent-ml/datasets';
import { writeReport } from './report/optimizers-report.mjs';

const EPOCHS = Number(process.argv[2] ?? 40);
const BATCH = 64;
const HIDDEN = 64;

// Each optimizer at PyTorch's default learning rate where it has one; SGD has none, and the
// three SGD variants share one so that momentum is the only difference between them.
const OPTIMIZERS = [
  { name: 'SGD', make: (p) => new d.optim.SGD(p, { lr: 0.05 }), settings: 'lr 0.05' },
  { name: 'SGD + momentum', make: (p) => new d.optim.SGD(p, { lr: 0.05, momentum: 0.9 }), settings: 'lr 0.05, momentum 0.9' },
  { name: 'Nesterov', make: (p) => new d.optim.SGD(p, { lr: 0.05, momentum: 0.9, nesterov: true }), settings: 'lr 0.05, momentum 0.9, nesterov' },
  { name: 'AdaGrad', make: (p) => new d.optim.Adagrad(p, { lr: 0.01 }), settings: 'lr 0.01 (default)' },
  { name: 'RMSProp', make: (p) => new d.optim.RMSprop(p, { lr: 0.01 }), settings: 'lr 0.01, alpha 0.99 (defaults)' },
  { name: 'AdaDelta', make: (p) => new d.optim.Adadelta(p, { lr: 1.0 }), settings: 'lr 1.0, rho 0.9 (defaults)' },
  { name: 'Adam', make: (p) => new d.optim.Adam(p, { lr: 1e-3 }), settings: 'lr 0.001, betas (0.9, 0.999) (defaults)' },
  { name: 'AdamW', make: (p) => new d.optim.AdamW(p, { lr: 1e-3, weightDecay: 1e-2 }), settings: 'lr 0.001, weight decay 0.01 (defaults)' },
];

const { x, y } = digits();
const split = d.data.trainTestSplit(x, y, { testSize: 0.25, seed: 0, stratify: true });
const scaler = new d.data.StandardScaler().fit(split.xTrain);
const xTrain = scaler.transform(split.xTrain);
const xVal = scaler.transform(split.xTest);

// The same network and the same starting weights for every optimizer.
const makeModel = () => new d.nn.Sequential(
  new d.nn.Linear(64, HIDDEN, { init: 'he', seed: 1 }),
  new d.nn.ReLU(),
  new d.nn.Linear(HIDDEN, 10, { init: 'xavier', seed: 2 }),
);

console.log(`digits: ${xTrain.shape[0]} training and ${xVal.shape[0]} validation images (8×8, 10 classes), standardised`);
console.log(`model: 64 → ${HIDDEN} ReLU → 10, softmax cross-entropy; mini-batches of ${BATCH}; ${EPOCHS} epochs each\n`);

const lossText = (v) => (v < 1e-3 ? v.toExponential(1) : v.toFixed(4));

/** Trains a fresh copy of the model with one optimizer; returns its history and time. */
function race(spec) {
  const model = makeModel();
  let optimizer;
  try {
    optimizer = spec.make(model.parameters());
  } catch (e) {
    console.log(`${spec.name}: not available (${e.message})`);
    return null;
  }
  // A fresh loader with the same seed: identical batches, in the same order, for everyone.
  const data = new d.data.DataLoader({ x: xTrain, y: split.yTrain }, { batchSize: BATCH, shuffle: true, seed: 0 });
  if (process.stderr.isTTY) process.stderr.write(`${spec.name}\n`);
  const started = performance.now();
  let history;
  let error = null;
  try {
    history = d.fit(model, optimizer, {
      data, validation: { x: xVal, y: split.yTest }, loss: 'crossEntropy', epochs: EPOCHS, metrics: ['accuracy'],
    });
  } catch (e) {
    error = e.message;
    history = e.history;
  }
  const seconds = (performance.now() - started) / 1000;
  const h = history;
  console.log(`${spec.name.padEnd(16)} ${h.epochs} epochs in ${seconds.toFixed(2)} s: training loss ${lossText(h.loss.at(-1))}, validation accuracy ${(100 * h.valAccuracy.at(-1)).toFixed(1)}%${error ? ` (stopped: ${error})` : ''}`);
  for (const p of model.parameters()) p.dispose();
  optimizer.dispose?.();
  return { ...spec, history, seconds, error };
}

// Warm-up, so the first contestant's time does not include compiling the JavaScript paths.
{
  const model = makeModel();
  const data = new d.data.DataLoader({ x: xTrain, y: split.yTrain }, { batchSize: BATCH });
  d.fit(model, new d.optim.SGD(model.parameters(), { lr: 0.01 }), { data, validation: { x: xVal, y: split.yTest }, loss: 'crossEntropy', epochs: 2, progress: false });
  for (const p of model.parameters()) p.dispose();
}

const results = OPTIMIZERS.map(race).filter((r) => r !== null);
// A control for the report's explanation: is Adam slower here because of its algorithm or
// because of its smaller default step? The same Adam with RMSProp's learning rate answers it.
const control = race({ name: 'Adam, lr 0.01', make: (p) => new d.optim.Adam(p, { lr: 0.01 }), settings: 'lr 0.01' });

// The table.
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
console.log(`\n${pad('optimizer', 16)}${lpad('train loss', 12)}${lpad('val loss', 10)}${lpad('val acc', 9)}${lpad('best acc', 10)}${lpad('epochs', 8)}${lpad('time', 8)}`);
console.log('-'.repeat(73));
for (const r of results) {
  const h = r.history;
  const last = (a) => a[a.length - 1];
  const acc = h.valAccuracy ?? [];
  console.log(
    pad(r.name, 16) +
      lpad(lossText(last(h.loss)), 12) +
      lpad(lossText(last(h.valLoss)), 10) +
      lpad((100 * last(acc)).toFixed(1) + '%', 9) +
      lpad((100 * Math.max(...acc)).toFixed(1) + '%', 10) +
      lpad(h.epochs, 8) +
      lpad(r.seconds.toFixed(2) + 's', 8) +
      (r.error ? `  stopped: ${r.error}` : ''),
  );
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const file = process.argv[3] ?? join(root, 'reports', 'optimizers.html');
mkdirSync(dirname(file), { recursive: true });
const { summary } = writeReport(file, results, {
  train: xTrain.shape[0], validation: xVal.shape[0], epochs: EPOCHS, batch: BATCH, hidden: HIDDEN, control,
}, (html) => writeFileSync(file, html));
console.log(`\n${summary}`);
console.log(`report: ${file}`);

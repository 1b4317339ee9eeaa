// A small neural network on the handwritten digits: d.nn layers, a DataLoader of shuffled
// mini-batches, d.fit with validation data, early stopping that keeps the best weights, then
// the test accuracy and a few test images drawn in the terminal next to what the network
// thinks they are.
//
//   node examples/mlp-digits.mjs
import * as d from 'descent-ml';
import { digits } from 'descent-ml/datasets';

const { x, y } = digits();
const split = d.data.trainTestSplit(x, y, { testSize: 0.25, seed: 0, stratify: true });
// Hold out part of the training images for validation (early stopping watches them).
const inner = d.data.trainTestSplit(split.xTrain, split.yTrain, { testSize: 0.15, seed: 1, stratify: true });
const scaler = new d.data.StandardScaler().fit(inner.xTrain);
const [xTrain, xVal, xTest] = [inner.xTrain, inner.xTest, split.xTest].map((t) => scaler.transform(t));

const model = new d.nn.Sequential(
  new d.nn.Linear(64, 128, { init: 'he', seed: 1 }),
  new d.nn.ReLU(),
  new d.nn.Dropout(0.2, { seed: 3 }),
  new d.nn.Linear(128, 10, { init: 'xavier', seed: 2 }),
);
const optimizer = new d.optim.Adam(model.parameters(), { lr: 3e-3 });

const history = d.fit(model, optimizer, {
  data: new d.data.DataLoader({ x: xTrain, y: inner.yTrain }, { batchSize: 32, shuffle: true, seed: 0 }),
  validation: { x: xVal, y: inner.yTest },
  loss: 'crossEntropy',
  epochs: 100,
  metrics: ['accuracy'],
  earlyStopping: { patience: 8, monitor: 'valLoss' },
  onEpoch: ({ epoch, loss, valLoss, valAccuracy }) => {
    if (epoch % 5 === 0) console.log(`epoch ${String(epoch).padStart(3)}  loss ${loss.toFixed(4)}  val loss ${valLoss.toFixed(4)}  val accuracy ${(100 * valAccuracy).toFixed(1)}%`);
  },
});
console.log(`stopped after ${history.epochs} epochs (${history.stopReason}); weights of epoch ${history.bestEpoch ?? history.epochs} kept`);

model.eval(); // dropout off
const predicted = d.noGrad(() => d.tidy(() => Int32Array.from(model.forward(xTest).argmax(1).toFloat32Array())));
console.log(`test accuracy: ${(100 * d.metrics.accuracy(predicted, split.yTest)).toFixed(1)}% on ${predicted.length} images\n`);

// Draw a few test images: 8×8 pixels with intensities 0–16.
const pixels = split.xTest.toFloat32Array();
const shades = ' .:-=+*#%@';
const show = [0, 1, 2, 3, 4, 5];
for (let row = 0; row < 8; row++) {
  console.log(show.map((i) => Array.from({ length: 8 }, (_, c) => shades[Math.min(9, Math.round((pixels[i * 64 + row * 8 + c] / 16) * 9))]).join('')).join('    '));
}
console.log(show.map((i) => `${predicted[i] === split.yTest[i] ? 'ok' : '!!'} ${predicted[i]} `.padEnd(8)).join('    '));

// A small convolutional network on the handwritten digits, seen as 1×8×8 images: two 3×3
// convolutions with batch norm, max pooling, dropout and two linear layers, trained with Adam
// (learning rate ÷10 after epoch 10) on a stratified 75 / 25 split. Reaches 99.6 % test
// accuracy in 15 epochs (seed 0); torch 1.13 on the same recipe gets 98.9–99.3 % (5 seeds).
//
//   node examples/cnn-digits.mjs        (Node ≥ 20.11; deno run and bun run it the same way)
//
// Nothing here is Node-only. Imported as a module, the file trains nothing until you call
// trainCnnDigits(), which returns { accuracy, testImages }:
//   in a page (an import map giving descent-ml):   trainCnnDigits();
//   in workerd, after d.init(kernels) as in examples/edge/, in a request handler:
//                                                  return Response.json(trainCnnDigits(recipe, () => {}));
// The test suite does exactly that in Node, in Chromium and in workerd
// (test/layers/cnn-digits.test.mjs, test/node/examples-workerd.test.mjs).
import * as d from 'descent-ml';
import { digits } from 'descent-ml/datasets';

const nn = d.nn;
export const recipe = { epochs: 15, batchSize: 32, lr: 2e-3, decayEpoch: 10, seed: 0 };

/** [N, 1, 8, 8] images with pixels scaled to [0, 1]. */
function images(x) {
  return d.tidy(() => x.div(16).reshape([-1, 1, 8, 8]));
}

export function buildCnn(seed) {
  return new nn.Sequential(
    new nn.Conv2d(1, 16, 3, { padding: 1, seed }), new nn.BatchNorm2d(16), new nn.ReLU(),
    new nn.Conv2d(16, 32, 3, { padding: 1, seed: seed + 1 }), new nn.BatchNorm2d(32), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Flatten(), new nn.Dropout(0.25, { seed: seed + 2 }),
    new nn.Linear(512, 64, { seed: seed + 3 }), new nn.ReLU(), new nn.Linear(64, 10, { seed: seed + 4 }),
  );
}

export function trainCnnDigits({ epochs, batchSize, lr, decayEpoch, seed } = recipe, log = console.log) {
  const { x, y } = digits();
  const split = d.data.trainTestSplit(x, y, { testSize: 0.25, seed, stratify: true });
  const [xTrain, xTest] = [images(split.xTrain), images(split.xTest)];
  const model = buildCnn(seed);
  const optimizer = new d.optim.Adam(model.parameters(), { lr });
  const schedule = new d.optim.lrScheduler.StepLR(optimizer, { stepSize: decayEpoch, gamma: 0.1 });
  const loader = new d.data.DataLoader({ x: xTrain, y: split.yTrain }, { batchSize, shuffle: true, seed });
  for (let epoch = 1; epoch <= epochs; epoch++) {
    model.train();
    let total = 0;
    let batches = 0;
    for (const batch of loader) {
      total += d.tidy(() => {
        optimizer.zeroGrad();
        const loss = nn.functional.crossEntropy(model.forward(batch.x), batch.y);
        loss.backward();
        optimizer.step();
        return loss.item();
      });
      batches++;
    }
    schedule.step();
    log(`epoch ${String(epoch).padStart(2)}  loss ${(total / batches).toFixed(4)}`);
  }
  model.eval();
  const predicted = d.noGrad(() => d.tidy(() => Int32Array.from(model.forward(xTest).argmax(1).toFloat32Array())));
  const accuracy = d.metrics.accuracy(predicted, split.yTest);
  log(`test accuracy: ${(100 * accuracy).toFixed(1)}% on ${predicted.length} images`);
  for (const t of [x, xTrain, xTest, split.xTrain, split.xTest]) t.dispose();
  model.dispose();
  return { accuracy, testImages: predicted.length };
}

// Run as a program (node, deno or bun examples/cnn-digits.mjs), it trains once and prints.
const isProgram = import.meta.main ?? (import.meta.filename !== undefined && import.meta.filename === globalThis.process?.argv?.[1]);
if (isProgram) trainCnnDigits();

// The network of examples/cnn-digits.mjs (kept in step with it by hand: importing the example
// would train it).
import * as d from 'descent-ml';

const nn = d.nn;

export function buildCnn(seed) {
  return new nn.Sequential(
    new nn.Conv2d(1, 16, 3, { padding: 1, seed }), new nn.BatchNorm2d(16), new nn.ReLU(),
    new nn.Conv2d(16, 32, 3, { padding: 1, seed: seed + 1 }), new nn.BatchNorm2d(32), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Flatten(), new nn.Dropout(0.25, { seed: seed + 2 }),
    new nn.Linear(512, 64, { seed: seed + 3 }), new nn.ReLU(), new nn.Linear(64, 10, { seed: seed + 4 }),
  );
}

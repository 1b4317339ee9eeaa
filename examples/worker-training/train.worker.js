// The training half of examples/worker-training: a module Web Worker that trains an MLP on the
// digits with d.fitAsync and posts every progress event to the page, which draws the live loss
// chart. The page never runs the training, so it never freezes; "stop" aborts at the next batch.
// With a bundler and the installed package, the two imports are 'descent-ml' and
// 'descent-ml/datasets/digits' (README, "Training in a Web Worker").
import * as d from '../../dist/descent.min.js';
import { digits } from '../../dist/pkg/datasets/digits.js';

let controller = null;

self.onmessage = async ({ data: message }) => {
  if (message.type === 'stop') {
    controller?.abort();
    return;
  }
  if (message.type !== 'train' || controller !== null) return;
  controller = new AbortController();
  const { epochs = 15, lr = 0.01, seed = 0 } = message;
  const { x, y } = digits();
  const inputs = x.div(16);
  const model = new d.nn.Sequential(new d.nn.Linear(64, 32, { seed }), new d.nn.ReLU(), new d.nn.Linear(32, 10, { seed: seed + 1 }));
  try {
    const history = await d.fitAsync(model, new d.optim.Adam(model.parameters(), { lr }), {
      data: new d.data.DataLoader({ x: inputs, y }, { batchSize: 64, shuffle: true, seed }),
      loss: 'crossEntropy', epochs, metrics: ['accuracy'], progress: false,
      onProgress: (event) => self.postMessage({ type: 'progress', event }), // plain objects: they clone
      signal: controller.signal,
    });
    self.postMessage({ type: 'done', loss: history.loss, accuracy: history.accuracy });
  } catch (e) {
    const stopped = e.name === 'AbortError';
    self.postMessage({ type: stopped ? 'stopped' : 'error', message: String(e.message), loss: e.history?.loss ?? [] });
  } finally {
    model.dispose();
    x.dispose();
    inputs.dispose();
    controller = null;
  }
};

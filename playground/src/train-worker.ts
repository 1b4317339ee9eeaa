// The training panel's Web Worker: trains a small network on the digits shipped with descent
// and answers predictions for the drawing pad. Bundled with descent (playground/build.mjs), so
// it needs nothing but this file. Training runs through d.fitAsync, which gives the event loop
// a turn every few milliseconds (so Stop and the pad's predictions are answered mid-epoch) and
// stops on an AbortSignal; its history is bit for bit d.fit's.
import * as d from 'descent-ml';
import { digits } from 'descent-ml/datasets';
import { useThreads } from './threads.js';
import type { TrainConfig, ToWorker, FromWorker } from './train-protocol.js';

type Tensor = d.Tensor;

const post = (message: FromWorker) => (self as unknown as { postMessage(m: FromWorker): void }).postMessage(message);
const LN10 = 2.302585092994046;

const data = (() => {
  const { x, y } = digits();
  const split = d.data.trainTestSplit(x, y as Int32Array, { testSize: 0.25, seed: 0, stratify: true });
  const scaler = new d.data.StandardScaler().fit(split.xTrain);
  return {
    xTrain: scaler.transform(split.xTrain), yTrain: split.yTrain as Int32Array,
    xVal: scaler.transform(split.xTest), yVal: split.yTest as Int32Array,
    rawVal: split.xTest.toFloat32Array(), scaler,
  };
})();

let model: d.nn.Sequential | null = null;
let abort: AbortController | null = null;

/** log₁₀ of positive values, by descent's log kernel (as every logarithm the page draws). */
function log10(values: number[]): number[] {
  return d.tidy(() => Array.from(d.tensor(values).maximum(1e-12).log().div(LN10).toFloat32Array()));
}

function makeOptimizer(config: TrainConfig, params: Tensor[]): d.optim.Optimizer {
  const lr = config.lr;
  switch (config.optimizer) {
    case 'SGD': return new d.optim.SGD(params, { lr });
    case 'momentum': return new d.optim.SGD(params, { lr, momentum: 0.9 });
    case 'nesterov': return new d.optim.SGD(params, { lr, momentum: 0.9, nesterov: true });
    case 'Adam': return new d.optim.Adam(params, { lr });
    case 'AdamW': return new d.optim.AdamW(params, { lr, weightDecay: 0.01 });
    case 'RMSprop': return new d.optim.RMSprop(params, { lr });
    case 'Adagrad': return new d.optim.Adagrad(params, { lr });
    case 'NAdam': return new d.optim.NAdam(params, { lr });
    case 'Lion': return new d.optim.Lion(params, { lr });
    default: throw new RangeError(`training: unknown optimizer "${config.optimizer}"`);
  }
}

function makeScheduler(config: TrainConfig, optimizer: d.optim.Optimizer, batchesPerEpoch: number): { step(): void } | undefined {
  const s = d.optim.lrScheduler;
  switch (config.schedule) {
    case 'none': return undefined;
    case 'step': return new s.StepLR(optimizer, { stepSize: Math.max(1, Math.floor(config.epochs / 3)), gamma: 0.3 });
    case 'exponential': return new s.ExponentialLR(optimizer, { gamma: 0.9 });
    case 'cosine': return new s.CosineAnnealingLR(optimizer, { tMax: config.epochs });
    case 'onecycle': return new s.OneCycleLR(optimizer, { maxLr: config.lr, totalSteps: config.epochs * batchesPerEpoch });
    default: throw new RangeError(`training: unknown schedule "${config.schedule}"`);
  }
}

/** The network, its optimizer, schedule and data loader for a configuration (seeded: the same every time). */
function setup(config: TrainConfig) {
  const net = new d.nn.Sequential(
    new d.nn.Linear(64, config.hidden, { init: 'he', seed: 1 }),
    new d.nn.ReLU(),
    new d.nn.Linear(config.hidden, 10, { init: 'xavier', seed: 2 }),
  );
  const optimizer = makeOptimizer(config, net.parameters());
  const loader = new d.data.DataLoader({ x: data.xTrain, y: data.yTrain }, { batchSize: config.batch, shuffle: true, seed: 0 });
  const batches = Math.floor((data.yTrain.length + config.batch - 1) / config.batch);
  const scheduler = makeScheduler(config, optimizer, batches);
  return { net, optimizer, loader, scheduler };
}

async function train(config: TrainConfig): Promise<void> {
  abort?.abort();
  const controller = new AbortController();
  abort = controller;
  const { net, optimizer, loader, scheduler } = setup(config);
  // The pad predicts with the network as it learns.
  model = net;
  const history = { loss: [] as number[], valLoss: [] as number[], valAccuracy: [] as number[], lr: [] as number[] };
  const onEpoch = (logs: { epoch: number; loss: number; valLoss?: number; valAccuracy?: number; lr?: number }) => {
    history.loss.push(logs.loss);
    history.valLoss.push(logs.valLoss ?? NaN);
    history.valAccuracy.push(logs.valAccuracy ?? NaN);
    history.lr.push(logs.lr ?? NaN);
    const [logLoss, logValLoss] = log10([logs.loss, logs.valLoss ?? 1]);
    post({ type: 'epoch', epoch: history.loss.length, loss: logs.loss, valLoss: logs.valLoss ?? NaN, valAccuracy: logs.valAccuracy ?? NaN, lr: logs.lr ?? NaN, logLoss, logValLoss });
  };
  const options = {
    data: loader, validation: { x: data.xVal, y: data.yVal }, loss: 'crossEntropy' as const,
    metrics: ['accuracy' as const], progress: false, scheduler,
  };
  const started = performance.now();
  try {
    await d.fitAsync(net, optimizer, { ...options, epochs: config.epochs, signal: controller.signal, onEpoch });
  } catch (e) {
    // An abort rejects with an AbortError; the history so far stands.
    if (!controller.signal.aborted) {
      post({ type: 'error', message: (e as Error).message });
      return;
    }
  }
  post({
    type: 'done', stopped: controller.signal.aborted, seconds: (performance.now() - started) / 1000,
    engine: 'fitAsync', history,
  });
}

function predict(pixels: Float32Array): void {
  if (!model) return;
  const net = model;
  const probs = d.noGrad(() => d.tidy(() => {
    net.eval();
    const x = data.scaler.transform(d.tensor(pixels, { shape: [1, 64] }));
    const p = net.forward(x).softmax(1).toFloat32Array();
    net.train();
    return Array.from(p);
  }));
  post({ type: 'prediction', probs });
}

self.addEventListener('message', (event: Event) => {
  const message = (event as MessageEvent<ToWorker>).data;
  try {
    if (message.type === 'train') void train(message.config);
    else if (message.type === 'stop') abort?.abort();
    else if (message.type === 'predict') predict(message.pixels);
    else if (message.type === 'sample') {
      const k = ((message.index % data.yVal.length) + data.yVal.length) % data.yVal.length;
      post({ type: 'sample', pixels: data.rawVal.slice(64 * k, 64 * k + 64), label: data.yVal[k] });
    }
  } catch (e) {
    post({ type: 'error', message: (e as Error).message });
  }
});

void useThreads().finally(() => post({ type: 'ready', train: data.yTrain.length, validation: data.yVal.length }));

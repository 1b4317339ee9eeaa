// Type-checked by test/node/package-name.test.mjs (tsc --noEmit, strict): the API contract
// (design/API.md) written as a TypeScript user would, so the published .d.ts files accept
// every call it lists and give the documented result types.
import * as d from 'descent-ml';
import { breastCancer, diabetes, digits, iris, wine } from 'descent-ml/datasets';

// Tensors
const a: d.Tensor = d.tensor([[1, 2], [3, 4]], { requiresGrad: true });
const b: d.Tensor = d.tensor(new Float32Array(4), { shape: [2, 2] });
const created: d.Tensor[] = [
  d.tensor(3), d.zeros([2]), d.ones([2], { requiresGrad: true }), d.full([2], 1), d.arange(5), d.arange(1, 5),
  d.arange(0, 1, 0.1), d.linspace(0, 1, 5), d.eye(3), d.rand([2], { seed: 1 }), d.randn([2], { seed: 1, requiresGrad: true }),
];
d.manualSeed(0);
const shape: number[] = a.shape;
const counts: number[] = [a.size, a.ndim];
const flags: boolean = a.requiresGrad;
a.grad = d.zeros([2, 2]);
const g: d.Tensor | null = a.grad;
a.grad = null;
const nested = a.toArray();
const flat: Float32Array = a.toFloat32Array();
const scalar: number = a.sum().item();
const copies: d.Tensor[] = [a.detach(), a.clone()];
a.sum().backward();
a.mul(2).backward(d.ones([2, 2]));

// Operations: methods and functions, numbers as operands
const ops: d.Tensor[] = [
  a.add(b), d.add(a, b), a.sub(1), d.sub(1, a), a.mul(2), d.mul(a, 2), a.div(b), d.div(2, a), a.pow(2), d.pow(a, b),
  a.neg(), d.neg(a), a.abs(), d.abs(a), a.exp(), d.exp(a), a.log(), d.log(a), a.sqrt(), d.sqrt(a), a.square(), d.square(a),
  a.relu(), d.relu(a), a.leakyRelu(), a.leakyRelu(0.2), d.leakyRelu(a, 0.2), a.sigmoid(), d.sigmoid(a), a.tanh(), d.tanh(a),
  a.gelu(), d.gelu(a), a.softplus(), d.softplus(a), a.clamp(0, 1), d.clamp(a, 0, 1), a.maximum(b), d.maximum(a, 0),
  a.minimum(b), d.minimum(0, a), a.matmul(b), d.matmul(a, b), a.transpose(), a.transpose(0, 1), d.transpose(a),
  a.reshape([4]), d.reshape(a, [4]), a.flatten(), d.flatten(a), a.sum(), a.sum(0), a.sum(0, true), d.sum(a, 1),
  a.mean(), a.mean(1, true), d.mean(a), a.max(), a.max(0), d.max(a, 1), a.min(), a.min(1), d.min(a), a.argmax(1),
  d.argmax(a, 0), a.logSumExp(1), d.logSumExp(a, 1), a.softmax(1), d.softmax(a, 1), a.logSoftmax(1), d.logSoftmax(a, 1),
  a.gather(1, [[0], [1]]), d.gather(a, 1, [[0], [1]]), a.indexSelect(0, [1]), d.indexSelect(a, 0, new Int32Array([1])),
  a.slice([0, 0], [1, 2]), d.slice(a, [[0, 1], [0, 2]]), d.concat([a, b], 0), a.concat([b], 1), a.concat(b),
  d.stack([a, b]), a.stack([b], 1), d.where(a.gt(2), a, 0), a.where(a.gt(2), b),
];

// Autograd and memory
const noGradResult: d.Tensor = d.noGrad(() => a.mul(2));
const gradient = d.grad((x: d.Tensor) => x.square().sum())(d.tensor([1, 2]));
const { value, grads } = d.valueAndGrad((x: d.Tensor) => x.square().sum())(d.tensor([1, 2]));
const kept: d.Tensor = d.tidy(() => a.add(1));
const memory: { tensors: number; bytes: number; wasmBytes: number } = d.memory();
kept.dispose();
const hessian: d.Tensor = d.hessian((x: d.Tensor) => x.square().sum())(d.tensor([1, 2]));
const hvp: d.Tensor = d.hvp((x: d.Tensor) => x.square().sum())(d.tensor([1, 2]), d.tensor([1, 0]));

// Losses and layers
const F = d.nn.functional;
const losses: d.Tensor[] = [
  F.mseLoss(a, b), F.l1Loss(a, b), F.huberLoss(a, b), F.huberLoss(a, b, 2), F.crossEntropy(a, [0, 1]),
  F.crossEntropy(a, new Int32Array([0, 1])), F.crossEntropy(a, d.tensor([0, 1])), F.binaryCrossEntropyWithLogits(a, b),
  F.hingeLoss(a, b), F.linear(a, b), F.linear(a, b, d.zeros([2])), F.dropout(a, 0.5, { training: true, seed: 1 }),
];
const model = new d.nn.Sequential(
  new d.nn.Linear(2, 3, { bias: true, init: 'he', seed: 0 }), new d.nn.ReLU(), new d.nn.Linear(3, 1, { init: 'xavier' }),
  new d.nn.Tanh(), new d.nn.Sigmoid(), new d.nn.Dropout(0.1),
);
const params: d.Tensor[] = model.parameters();
const named: [string, d.Tensor][] = model.namedParameters();
const out: d.Tensor[] = [model.forward(a), model.call(a)];
model.train();
model.eval();
model.loadStateDict(model.stateDict());
d.nn.init.xavierUniform(b);
d.nn.init.xavierNormal(b);
d.nn.init.heUniform(b);
d.nn.init.heNormal(b);
d.nn.init.zeros(b);
d.nn.init.normal(b, 0.1);
const norm: number = d.nn.utils.clipGradNorm(params, 1);
const infNorm: number = d.nn.utils.clipGradNorm(params, 1, Infinity);
d.nn.utils.clipGradValue(params, 0.5);
const penalty: d.Tensor = d.nn.utils.l1Penalty(params);

// Optimizers
const optimizers: d.optim.Optimizer[] = [
  new d.optim.SGD(params, { lr: 0.1, momentum: 0.9, dampening: 0, nesterov: true, weightDecay: 0, maximize: false }),
  new d.optim.Adagrad(params, { lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10 }),
  new d.optim.RMSprop(params, { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false }),
  new d.optim.Adadelta(params, { lr: 1, rho: 0.9, eps: 1e-6, weightDecay: 0 }),
  new d.optim.Adam(params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false }),
  new d.optim.AdamW(params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 1e-2, amsgrad: false }),
  new d.optim.Adamax(params, { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0 }),
  new d.optim.NAdam(params, { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, momentumDecay: 4e-3 }),
  new d.optim.RAdam(params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0 }),
  new d.optim.Lion(params, { lr: 1e-4, betas: [0.9, 0.99], weightDecay: 0 }),
  new d.optim.LBFGS(params, { lr: 1, maxIter: 20, historySize: 100, lineSearchFn: 'strong_wolfe' }),
  new d.optim.Adam([{ params: params.slice(0, 2) }, { params: params.slice(2), lr: 1e-2 }]),
  new d.optim.Adam(params),
];
const opt = optimizers[4];
opt.zeroGrad();
opt.step();
opt.step(() => model.forward(a).sum());
opt.paramGroups[0].lr = 0.01;
opt.loadStateDict(JSON.parse(JSON.stringify(opt.stateDict())));

// Schedules
const S = d.optim.lrScheduler;
const schedulers = [
  new S.StepLR(opt, { stepSize: 10, gamma: 0.1 }), new S.MultiStepLR(opt, { milestones: [10, 20], gamma: 0.1 }),
  new S.ExponentialLR(opt, { gamma: 0.9 }), new S.CosineAnnealingLR(opt, { tMax: 10, etaMin: 0 }),
  new S.CosineAnnealingWarmRestarts(opt, { t0: 10, tMult: 1, etaMin: 0 }),
  new S.LinearLR(opt, { startFactor: 1 / 3, endFactor: 1, totalIters: 5 }), new S.PolynomialLR(opt, { totalIters: 5, power: 1 }),
  new S.OneCycleLR(opt, { maxLr: 0.1, totalSteps: 100 }), new S.LambdaLR(opt, { lrLambda: (epoch: number) => 1 / (epoch + 1) }),
];
const sequential = new S.SequentialLR(opt, { schedulers: [schedulers[5], schedulers[2]], milestones: [5] });
sequential.step();
const plateau = new S.ReduceLROnPlateau(opt, { mode: 'min', factor: 0.1, patience: 10, threshold: 1e-4 });
plateau.step(0.5);
const lrs: number[] = schedulers[0].getLastLr();
schedulers[0].step();

// Training
const x = d.randn([8, 2], { seed: 0 });
const y = d.randn([8, 1], { seed: 1 });
const loader = new d.data.DataLoader({ x, y }, { batchSize: 4, shuffle: true, seed: 0, dropLast: false });
const split = d.data.trainTestSplit(x, y, { testSize: 0.25, seed: 0 });
const scaler = new d.data.StandardScaler().fit(x);
const scaled: d.Tensor = scaler.transform(x);
const history: d.History = d.fit(model, opt, {
  data: loader, validation: { x, y }, loss: F.mseLoss, epochs: 2, scheduler: schedulers[0], clipGradNorm: 1,
  earlyStopping: { patience: 3, minDelta: 0, monitor: 'valLoss' }, tol: 1e-4, onEpoch: (logs) => { void logs.loss; },
  progress: false, metrics: ['mae', { name: 'maxError', fn: (p: d.Tensor, t: d.Tensor) => p.sub(t).abs().max().item() }],
});
d.fit(model, opt, { data: { x, y: new Int32Array(8) }, loss: F.crossEntropy, epochs: 1 });
const controller = new AbortController();
const later: Promise<d.History> = d.fitAsync(model, opt, {
  data: loader, loss: 'mse', epochs: 2, signal: controller.signal, yieldEveryMs: 8,
  onProgress: (e: d.TrainingProgress) => { void [e.type, e.epoch, e.batch, e.batches, e.loss, e.metrics.mae, e.elapsed, e.eta, e.rate]; },
});
const fitted: Promise<InstanceType<typeof d.models.MLPClassifier>> = new d.models.MLPClassifier({}).fitAsync(x, new Int32Array(8), { signal: controller.signal });
const curves: number[][] = [history.loss, history.valLoss, history.gradNorm, history.lr];
const { x: cx, y: cy } = iris();
const classifiers = [
  new d.models.LogisticRegression({}), new d.models.SoftmaxRegression({}), new d.models.LinearSVM({}), new d.models.MLPClassifier({}),
];
const accuracy: number = classifiers[0].fit(cx, cy).score(cx, cy);
const predicted = classifiers[3].predict(cx);
const regression = new d.models.LinearRegression({}).fit(diabetes().x, diabetes().y);
const r2: number = regression.score(diabetes().x, diabetes().y);
const sets = [digits(), breastCancer(), wine()];

// Beyond first order, and tuning
const result = d.optimize.minimize(d.optimize.functions.rosenbrock, [-1.2, 1], { method: 'newton' });
const methods = ['gd', 'newton', 'cg', 'lbfgs', 'annealing'] as const;
const landscapes: d.Tensor[] = [
  d.optimize.functions.beale(d.tensor([3, 0.5])), d.optimize.functions.himmelblau(d.tensor([3, 2])),
  d.optimize.functions.rastrigin(d.tensor([0, 0])), d.optimize.functions.quadratic(10)(d.tensor([1, 1])),
];
const space = { lr: { low: 1e-3, high: 1, log: true }, layers: { low: 1, high: 3, integer: true }, act: ['relu', 'tanh'] };
const searches = Promise.all([
  d.tune.gridSearch(() => 0, space, { points: 3 }), d.tune.randomSearch(() => 0, space, { trials: 2, seed: 0 }),
  d.tune.bayesian(async () => 0, space, { trials: 2, seed: 0 }),
]);

export {
  created, shape, counts, flags, g, nested, flat, scalar, copies, ops, noGradResult, gradient, value, grads, memory, hessian,
  hvp, losses, named, out, norm, infNorm, penalty, lrs, split, scaled, curves, accuracy, predicted, r2, sets, result, methods,
  landscapes, searches,
};

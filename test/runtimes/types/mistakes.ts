// A strict user's file (test/node/types.test.mjs compiles it against the published .d.ts): what
// should compile does, and each known mistake is marked `@ts-expect-error`, so the check fails
// if the types ever stop catching it (an unused `@ts-expect-error` is itself an error).
import * as d from 'descent-ml';

const x = d.tensor([1, 2]);
const p = [d.zeros([2], { requiresGrad: true })];

// grad is typed by f's arity: one tensor in, one gradient out; n tensors in, an n-tuple out.
export const g1: d.Tensor = d.grad((t) => t.square().sum())(x);
export const g1Values = d.grad((t: d.Tensor) => t.square().sum())(x).toArray();
const [ga, gb] = d.grad((a: d.Tensor, b: d.Tensor) => a.mul(b).sum())(x, x);
export const g2: [d.Tensor, d.Tensor] = [ga, gb];
export const vg: { value: d.Tensor; grads: [d.Tensor] } = d.valueAndGrad((t: d.Tensor) => t.sum())(x);
// @ts-expect-error a function of two tensors gives two gradients, not one tensor
d.grad((a: d.Tensor, b: d.Tensor) => a.mul(b).sum())(x, x).toArray();
// @ts-expect-error a function of one tensor takes one tensor
d.grad((t: d.Tensor) => t.sum())(x, x);
// @ts-expect-error a function of two tensors takes two
d.grad((a: d.Tensor, b: d.Tensor) => a.mul(b).sum())(x);

// Options have no index signature: a misspelt option fails to compile.
new d.optim.SGD(p, { lr: 0.1, momentum: 0.9, nesterov: true });
// @ts-expect-error momentun: a typo of momentum
new d.optim.SGD(p, { lr: 0.1, momentun: 0.9 });
// @ts-expect-error beta: Adam's option is betas
new d.optim.Adam(p, { lr: 1e-3, beta: [0.9, 0.999] });
// @ts-expect-error weight_decay: the option is weightDecay
new d.optim.AdamW(p, { weight_decay: 0.01 });
// @ts-expect-error lrr: a typo in a param group's override
new d.optim.SGD([{ params: p, lrr: 0.01 }], { lr: 0.1 });
// @ts-expect-error a flag given a number
new d.optim.RMSprop(p, { centered: 1 });
const opt = new d.optim.SGD(p, { lr: 0.1 });
export const lr: number = opt.paramGroups[0].lr;
// @ts-expect-error paramGroups hold the optimizer's own options only
opt.paramGroups[0].momentun = 0.9;
// @ts-expect-error gama: a typo of gamma
new d.optim.lrScheduler.StepLR(opt, { stepSize: 10, gama: 0.5 });
// @ts-expect-error batchsize: the option is batchSize
new d.data.DataLoader({ x, y: x }, { batchsize: 2 });

// d.tune infers the objective's parameters from the search space.
export const tuned = d.tune.bayesian(
  ({ lr, layers, activation }) => {
    const rate: number = lr;
    const depth: number = layers;
    const act: 'relu' | 'tanh' = activation;
    return rate * depth + (act === 'relu' ? 0 : 1);
  },
  { lr: { low: 1e-3, high: 1, log: true }, layers: { low: 1, high: 3, integer: true }, activation: ['relu', 'tanh'] },
  { trials: 3, seed: 0 },
);
export const bestLr: Promise<number> = tuned.then((r) => r.best.params.lr);
// @ts-expect-error momentum is not in the search space
d.tune.randomSearch(({ lr, momentum }) => lr + momentum, { lr: { low: 0, high: 1 } });
// @ts-expect-error a choice of strings is not a number
d.tune.gridSearch(({ activation }) => activation * 2, { activation: ['relu', 'tanh'] });

// d.fit takes every d.optim optimizer, and its options are exact too.
const net = new d.nn.Linear(2, 1);
export const fitted = d.fit(net, new d.optim.Adam(net.parameters(), { lr: 1e-2 }), { data: { x, y: x }, loss: 'mse', epochs: 1, progress: false });
d.fit(net, new d.optim.LBFGS(net.parameters()), { data: { x, y: x }, loss: 'mse', epochs: 1, progress: false });
// @ts-expect-error epoch: the option is epochs
d.fit(net, new d.optim.SGD(net.parameters(), { lr: 0.1 }), { data: { x, y: x }, loss: 'mse', epoch: 1 });
// @ts-expect-error 'accuracy ' is not a metric name
d.fit(net, new d.optim.SGD(net.parameters(), { lr: 0.1 }), { data: { x, y: x }, loss: 'mse', metrics: ['accuracy '] });

// The history is typed by the metrics requested, and by whether validation data was given.
const validated = d.fit(net, new d.optim.Adam(net.parameters()), {
  data: { x, y: x }, validation: { x, y: x }, loss: 'mse', epochs: 1, metrics: ['mae', { name: 'worst', fn: () => 0 }], progress: false,
});
export const lastMae: number | undefined = validated.mae.at(-1);
export const lastValMae: number | undefined = validated.valMae.at(-1);
export const worst: number[] = validated.valWorst;
// @ts-expect-error notAField was never a history key
validated.notAField;
// @ts-expect-error accuracy was not requested
validated.accuracy.at(-1);
const unvalidated = d.fit(net, new d.optim.Adam(net.parameters()), { data: { x, y: x }, loss: 'mse', epochs: 1, metrics: ['mae'], progress: false });
export const plain: number[] = unvalidated.mae;
// @ts-expect-error no validation data, so no valMae
unvalidated.valMae;
export const later: Promise<number[]> = d
  .fitAsync(net, new d.optim.SGD(net.parameters(), { lr: 0.1 }), { data: { x, y: x }, loss: 'mse', epochs: 1, metrics: ['accuracy'], progress: false })
  .then((h) => h.accuracy);

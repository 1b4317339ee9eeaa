// Finite-difference checks of every differentiable core op: the gradient backward() gives is
// compared with central differences of the op's own forward pass, and (for the second order)
// the Hessian-vector product through a recorded backward pass (createGraph) with central
// differences of gradients.
import * as d from '../../dist/index.js';
import { check, checkHvp, input } from '../helpers/finite_differences.mjs';

const F = d.nn.functional;

// name → { inputs, fn, h? }. fn takes tensors and returns a tensor.
const OPS = {
  add: { inputs: [input([3, 4]), input([4])], fn: (a, b) => a.add(b) },
  'add broadcast both': { inputs: [input([2, 1, 3]), input([4, 1])], fn: (a, b) => d.add(a, b) },
  'add number': { inputs: [input([5])], fn: (a) => a.add(2).add(d.add(1, a)) },
  sub: { inputs: [input([3, 1]), input([3, 5])], fn: (a, b) => a.sub(b) },
  'sub numbers': { inputs: [input([5])], fn: (a) => d.sub(1, a).mul(a.sub(0.5)) },
  mul: { inputs: [input([2, 3]), input([2, 1])], fn: (a, b) => a.mul(b) },
  'mul self': { inputs: [input([4])], fn: (a) => a.mul(a).mul(a) },
  div: { inputs: [input([3, 4]), input([4], 'nonzero')], fn: (a, b) => a.div(b) },
  'div number left': { inputs: [input([6], 'nonzero')], fn: (a) => d.div(2, a) },
  'pow tensor^tensor': { inputs: [input([3, 2], 'positive'), input([2])], fn: (a, b) => a.pow(b) },
  'pow tensor^number': { inputs: [input([5], 'positive')], fn: (a) => a.pow(2.5).add(a.pow(-1)).add(a.pow(3)) },
  'pow number^tensor': { inputs: [input([5])], fn: (a) => d.pow(1.7, a) },
  neg: { inputs: [input([4])], fn: (a) => a.neg() },
  maximum: { inputs: [input([3, 4], 'spread'), input([4], 'spread')], fn: (a, b) => d.maximum(a, b.add(0.02)) },
  minimum: { inputs: [input([2, 5], 'spread'), input([2, 5], 'spread')], fn: (a, b) => d.minimum(a, b.add(0.03)) },
  'maximum/minimum number': { inputs: [input([7], 'spread')], fn: (a) => a.maximum(0.01).add(a.minimum(-0.02)) },
  where: { inputs: [input([3, 4]), input([4])], fn: (a, b) => d.where(a.gt(0), a.mul(b), b) },
  'where number': { inputs: [input([6])], fn: (a) => d.where(a.gt(0), 2, a) },
  clone: { inputs: [input([2, 3])], fn: (a) => a.clone().mul(a) },
  reshape: { inputs: [input([2, 6])], fn: (a) => a.reshape([3, -1]).mul(d.arange(12).reshape([3, 4])) },
  flatten: { inputs: [input([2, 3, 2])], fn: (a) => a.flatten().mul(d.arange(12)) },
  expand: { inputs: [input([3, 1])], fn: (a) => a.expand([2, 3, 4]) },
  permute: { inputs: [input([2, 3, 4])], fn: (a) => a.permute([2, 0, 1]) },
  transpose: { inputs: [input([3, 5])], fn: (a) => a.transpose() },
  'transpose 3-D': { inputs: [input([2, 3, 4])], fn: (a) => a.transpose(0, 2) },
  slice: { inputs: [input([4, 5])], fn: (a) => a.slice([[1, 4], [0, 5, 2]]) },
  'slice tf form': { inputs: [input([3, 4, 2])], fn: (a) => a.slice([1, 1, 0], [-1, 2, 1]) },
  concat: { inputs: [input([2, 3]), input([2, 2])], fn: (a, b) => d.concat([a, b, a], 1) },
  stack: { inputs: [input([3, 2]), input([3, 2])], fn: (a, b) => d.stack([a, b, a.mul(b)], 1) },
  gather: { inputs: [input([3, 4])], fn: (a) => a.gather(1, [[0, 3, 3], [1, 1, 0], [2, 0, 1]]) },
  indexSelect: { inputs: [input([4, 3])], fn: (a) => a.indexSelect(0, [3, 0, 3, 1]) },
  matmul: { inputs: [input([3, 4]), input([4, 5])], fn: (a, b) => a.matmul(b) },
  'matmul batched': { inputs: [input([2, 3, 4]), input([2, 4, 2])], fn: (a, b) => d.matmul(a, b) },
  'matmul 3-D x 2-D': { inputs: [input([2, 3, 4]), input([4, 2])], fn: (a, b) => d.matmul(a, b) },
  'matmul 2-D x 3-D': { inputs: [input([3, 4]), input([2, 4, 2])], fn: (a, b) => d.matmul(a, b) },
  'matmul batch 1 x batch 2': { inputs: [input([1, 3, 4]), input([2, 4, 2])], fn: (a, b) => d.matmul(a, b) },
  'sum all': { inputs: [input([3, 4])], fn: (a) => a.mul(a).sum() },
  'sum axis': { inputs: [input([2, 3, 4])], fn: (a) => a.sum(1) },
  'sum axes keepDim': { inputs: [input([2, 3, 4])], fn: (a) => a.sum([0, 2], true).mul(a) },
  mean: { inputs: [input([3, 4])], fn: (a) => a.mean(0).add(a.mean(-1, true).sum()).add(a.mean()) },
  max: { inputs: [input([3, 4, 2], 'spread')], fn: (a) => a.max(1).add(a.max(0, true).sum()).add(a.max()) },
  min: { inputs: [input([3, 4], 'spread')], fn: (a) => a.min(1).sum().add(a.min([0, 1])) },
  softmax: { inputs: [input([2, 3, 4])], fn: (a) => a.mul(2).softmax(1) },
  'softmax last': { inputs: [input([3, 5])], fn: (a) => a.softmax(-1) },
  logSoftmax: { inputs: [input([2, 3, 4])], fn: (a) => a.logSoftmax(0) },
  'logSoftmax last': { inputs: [input([4, 3])], fn: (a) => a.mul(3).logSoftmax(1) },
  logSumExp: { inputs: [input([3, 4, 2])], fn: (a) => a.logSumExp(1).add(a.logSumExp(-1, true).sum()) },
  mseLoss: { inputs: [input([4, 3]), input([4, 3])], fn: (a, b) => F.mseLoss(a, b) },
  crossEntropy: { inputs: [input([5, 4])], fn: (a) => F.crossEntropy(a.mul(2), [3, 0, 1, 1, 2]) },
  exp: { inputs: [input([5])], fn: (a) => a.exp() },
  log: { inputs: [input([5], 'positive')], fn: (a) => a.log() },
};

describe('gradients: finite differences of every differentiable core op', () => {
  for (const [name, op] of Object.entries(OPS)) it(name, () => check(name, op));
});

// ---- second order: Hessian-vector products through a recorded backward pass ------------------
const SECOND = {
  mul: (x) => x.mul(x).mul(x).sum(),
  div: (x) => d.div(1, x.add(3)).sum().add(x.div(x.mul(x).add(1)).sum()),
  pow: (x) => x.add(2).pow(2.5).sum().add(d.pow(1.5, x).sum()),
  'pow tensor^tensor': (x) => x.add(2).pow(x.mul(0.5).add(1)).sum(),
  maximum: (x) => d.maximum(x, x.mul(-0.5).add(0.13)).square().sum(),
  where: (x) => d.where(x.gt(0), x.mul(x), x.exp()).sum(),
  'sum/mean/expand': (x) => x.sum(0, true).expand([3, 4]).mul(x).mean(),
  'max/min': (x) => x.max(1).mul(x.min(0).sum()).sum(),
  'matmul': (x) => x.matmul(x.transpose()).square().sum(),
  'reshape/permute/slice': (x) => x.reshape([2, 6]).permute([1, 0]).slice([[1, 5, 2]]).square().sum(),
  'concat/stack': (x) => d.stack([x, x.square()], 0).mul(d.concat([x, x], 1).slice([null, [2, 6]])).sum().square(),
  'gather/indexSelect': (x) => x.gather(1, [[0, 0], [3, 1], [2, 2]]).square().sum().add(x.indexSelect(1, [3, 3, 0]).square().sum()),
  softmax: (x) => x.softmax(1).square().sum(),
  logSoftmax: (x) => x.logSoftmax(0).mul(x).sum(),
  logSumExp: (x) => x.logSumExp(1).square().sum(),
  mseLoss: (x) => F.mseLoss(x.square(), x.mul(0.5)),
  crossEntropy: (x) => F.crossEntropy(x.mul(x), [1, 0, 3]),
};

describe('gradients: second order (createGraph) against differences of gradients', () => {
  for (const [name, f] of Object.entries(SECOND)) it(name, () => checkHvp(name, f));
});

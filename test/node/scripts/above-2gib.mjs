// Run by test/node/memory-above-2gib.test.mjs in its own process (so the 2 GiB it touches is
// returned to the system when it exits): puts every later allocation above byte 2^31 and
// checks that ops, reads, optimizers, state dicts and checkpoints work there. Prints JSON.
import * as d from '../../../dist/index.js';

const out = {};
const big = d.zeros([2 ** 29]); // 2 GiB: everything allocated after it lives above 2^31
big.dispose();
const full = d.full([3], 7);
out.full = full.toArray();
out.item = d.full([], 5).item();
const a = d.tensor([[1, 2, 3], [4, 5, 6]]);
const b = d.tensor([[1], [2], [3]]);
out.matmul = a.matmul(b).toArray();
out.add = a.add(1).toArray();
out.addScalarTensor = a.add(d.tensor(2)).toArray();
out.sum = a.sum().item();
out.mean = a.mean(1).toArray();
out.softmax = a.softmax(1).toArray().map((r) => r.map((v) => Math.round(v * 1e4) / 1e4));
out.transpose = a.transpose().clone().toArray();
out.indexSelect = a.indexSelect(1, [2, 0]).toArray();
out.gather = a.gather(1, [[0], [2]]).toArray();
out.concat = d.concat([a, a], 0).toArray();
out.slice = a.slice([[0, 1], [1, 3]]).toArray();
out.crossEntropy = Math.round(d.nn.functional.crossEntropy(a, [2, 2]).item() * 1e4) / 1e4;
const x = d.tensor([1, 2], { requiresGrad: true });
x.mul(x).sum().backward();
out.grad = x.grad.toArray();
const net = new d.nn.Linear(2, 1, { init: 'zeros' });
const opt = new d.optim.Adam(net.parameters(), { lr: 0.1 });
for (let i = 0; i < 3; i++) {
  opt.zeroGrad();
  const loss = d.nn.functional.mseLoss(net.forward(d.tensor([[1, 2]])), d.tensor([[1]]));
  loss.backward();
  opt.step();
}
out.adamWeight = net.weight.toArray().map((r) => r.map((v) => Math.round(v * 1e4) / 1e4));
const bytes = d.save({ model: net, optimizer: opt });
const net2 = new d.nn.Linear(2, 1, { init: 'zeros' });
const opt2 = new d.optim.Adam(net2.parameters(), { lr: 0.1 });
d.load(bytes, { model: net2, optimizer: opt2 });
out.loadedWeight = net2.weight.toArray().map((r) => r.map((v) => Math.round(v * 1e4) / 1e4));
net2.loadStateDict({ weight: [[3, 4]], bias: [5] });
out.loadStateDict = [net2.weight.toArray(), net2.bias.toArray()];
const loader = new d.data.DataLoader({ x: a, y: d.tensor([0, 1]) }, { batchSize: 2 });
out.loader = [...loader].map((batch) => batch.x.toArray());
out.rand = d.rand([4], { seed: 1 }).toArray().every((v) => v >= 0 && v < 1);
out.above2GiB = full.ptr >= 2 ** 31;
console.log(JSON.stringify(out));

// One table of bad calls across the API. Each must throw an Error whose message names the
// argument and the offending value or shapes, and leave every tensor, parameter and optimizer
// state exactly as it was (compared bit for bit), with no tensor leaked.
import { expect } from 'chai';
import * as d from '../../dist/index.js';

function bits(t) {
  return Array.from(new Uint32Array(t.toFloat32Array().buffer));
}

/** A fresh world for each case: tensors, a model, an optimizer with some state. */
function makeWorld() {
  const a = d.tensor([[1, 2, 3], [4, 5, 6]]);
  const b = d.tensor([[1, 2], [3, 4]]);
  const v = d.tensor([1, 2, 3]);
  const disposed = d.tensor([1, 2]);
  disposed.dispose();
  const w = d.tensor([[0.5, -0.5], [0.25, 1]], { requiresGrad: true });
  const world = { a, b, v, disposed, w, tensors: [a, b, v, w] };
  if (d.optim?.SGD) {
    world.opt = new d.optim.SGD([w], { lr: 0.1, momentum: 0.9 });
    w.grad = d.tensor([[1, 1], [1, 1]]);
    world.opt.step();
  }
  return world;
}

function snapshot(world) {
  return {
    tensors: world.tensors.map(bits),
    grad: world.w.grad ? bits(world.w.grad) : null,
    opt: world.opt ? JSON.stringify(world.opt.stateDict()) : null,
    live: d.memory().tensors,
  };
}

function disposeWorld(world) {
  world.opt?.dispose?.();
  for (const t of world.tensors) t.dispose();
}

// [description, call(world), message pattern, error class (default Error)]
const CASES = [
  // construction
  ['ragged nested array', () => d.tensor([[1, 2], [3]]), /ragged.*data\[1\].*length 1.*expected length 2/],
  ['non-numeric entry', () => d.tensor([1, 'x']), /data\[1\] must be a number/, TypeError],
  ['negative dimension in zeros', () => d.zeros([2, -1]), /shape \[2,-1\].*-1/, RangeError],
  ['fractional dimension in ones', () => d.ones([1.5]), /dimension 1\.5/, RangeError],
  ['shape not matching data', () => d.tensor([1, 2, 3], { shape: [2, 2] }), /shape \[2,2\] needs 4 values, data has 3/, RangeError],
  ['data of the wrong type', () => d.tensor('abc'), /data must be.*got string abc/, TypeError],
  ['requiresGrad not boolean', () => d.zeros([2], { requiresGrad: 'yes' }), /requiresGrad must be a boolean/, TypeError],
  ['arange with zero step', () => d.arange(0, 5, 0), /step must be non-zero, got 0/, RangeError],
  ['arange with non-finite stop', () => d.arange(0, Infinity), /stop must be a finite number/, RangeError],
  ['linspace with negative n', () => d.linspace(0, 1, -3), /n must be a non-negative integer, got number -3/, RangeError],
  ['eye with fractional n', () => d.eye(2.5), /n must be a non-negative integer/, RangeError],
  ['rand with a non-integer seed', () => d.rand([2], { seed: 0.5 }), /seed must be an integer/, TypeError],
  ['manualSeed with a string', () => d.manualSeed('x'), /seed must be an integer/, TypeError],
  // ops
  ['matmul inner dimensions', (w) => d.matmul(w.a, w.a), /matmul: \[2,3\] x \[2,3\]: inner dimensions 3 and 2 differ/],
  // torch.matmul's rules: a 1-D left operand is a row, so [3] x [2,3] fails on the inner dimensions
  ['matmul of a vector', (w) => d.matmul(w.v, w.a), /matmul: \[3\] x \[2,3\]: inner dimensions 3 and 2 differ/],
  ['add of unbroadcastable shapes', (w) => w.a.add(w.b), /add: shapes \[2,3\] and \[2,2\] cannot be broadcast/],
  ['mul with a string', (w) => w.a.mul('2'), /mul: b must be a Tensor or a number, got string 2/, TypeError],
  ['add with null', (w) => d.add(null, w.a), /add: a must be a Tensor or a number, got null/, TypeError],
  ['where with mismatched shapes', (w) => d.where(w.a, w.a, w.b), /where: shapes \[2,3\] and \[2,2\] cannot be broadcast/],
  ['reshape to the wrong size', (w) => w.a.reshape([4, 2]), /reshape: cannot reshape \[2,3\] \(6 elements\) to \[4,2\] \(8 elements\)/, RangeError],
  ['reshape with two -1', (w) => w.a.reshape([-1, -1]), /more than one -1/, RangeError],
  ['sum over an axis out of range', (w) => w.a.sum(2), /sum: axis 2 is out of range for a tensor of 2 dimensions/, RangeError],
  ['mean with a fractional axis', (w) => w.a.mean(0.5), /mean: axis must be an integer, got number 0.5/, TypeError],
  ['sum with keepDim not boolean', (w) => w.a.sum(0, 1), /keepDim must be a boolean/, TypeError],
  ['softmax over a missing axis', (w) => w.a.softmax(-3), /softmax: axis -3 is out of range/, RangeError],
  ['transpose of a bad axis', (w) => w.a.transpose(0, 5), /transpose: axis 5 is out of range/, RangeError],
  ['permute with a repeated axis', (w) => w.a.permute([0, 0]), /permute: dims \[0,0\] repeats a dimension/, RangeError],
  ['expand to an incompatible shape', (w) => w.v.expand([2, 4]), /expand: shape \[3\] cannot be broadcast to \[2,4\]/],
  ['slice out of bounds', (w) => w.a.slice([0, 2], [2, 2]), /slice: dimension 1 of \[2,3\]: range \[2, 4\) is out of bounds/, RangeError],
  ['concat of mismatched shapes', (w) => d.concat([w.a, w.b], 0), /concat: tensors\[1\] has shape \[2,2\], incompatible with \[2,3\]/],
  ['concat of nothing', () => d.concat([]), /concat: tensors must be a non-empty array/, RangeError],
  ['stack of different shapes', (w) => d.stack([w.a, w.b]), /stack: tensors\[1\] has shape \[2,2\], expected \[2,3\]/],
  ['indexSelect out of range', (w) => w.a.indexSelect(1, [0, 3]), /indexSelect: indices\[1\] = 3 is out of range for a dimension of size 3/, RangeError],
  ['gather index of the wrong rank', (w) => w.a.gather(1, [0, 1]), /gather: index of shape \[2\] must have as many dimensions as input \[2,3\]/],
  ['item of a non-scalar', (w) => w.a.item(), /item: tensor of shape \[2,3\] has 6 elements, not 1/],
  ['a disposed tensor in an op', (w) => w.disposed.add(1), /tensor of shape \[2\] was disposed/],
  ['a disposed tensor read', (w) => w.disposed.toArray(), /was disposed and cannot be used/],
  ['backward of a non-scalar', (w) => d.tidy(() => w.w.mul(2).backward()), /backward: grad can be implicitly created only for a scalar output, got shape \[2,2\]/],
  ['backward with a wrong-shaped grad', (w) => d.tidy(() => w.w.mul(2).backward(d.tensor([1, 2]))), /backward: gradient shape \[2\] does not match output shape \[2,2\]/],
  ['backward of a constant', (w) => d.tidy(() => w.a.sum().backward()), /does not require grad/],
  ['grad of a function returning a vector', (w) => d.grad((x) => x.mul(2))(w.v), /valueAndGrad: f must return a scalar, got shape \[3\]/],
  ['grad of a non-function', () => d.grad(42), /valueAndGrad: f must be a function/, TypeError],
  ['grad with a non-tensor argument', () => d.grad((x) => x.sum())([1, 2]), /argument 0 must be a Tensor/, TypeError],
  ['tidy of a non-function', () => d.tidy(5), /tidy: fn must be a function/, TypeError],
  // losses
  ['mseLoss of mismatched shapes', (w) => d.nn.functional.mseLoss(w.a, w.v), /mseLoss: input shape \[2,3\] and target shape \[3\] differ/],
  ['crossEntropy target out of range', (w) => d.nn.functional.crossEntropy(w.a, [0, 3]), /crossEntropy: targets\[1\] = 3 is out of range for a dimension of size 3/, RangeError],
  ['crossEntropy with too few targets', (w) => d.nn.functional.crossEntropy(w.a, [0]), /crossEntropy: logits \[2,3\] need 2 targets, got 1/],
  // 1-D logits are one unbatched row, as torch (test/fixtures/losses.mjs refusals): the target is one index
  ['crossEntropy of 1-D logits with an array target', (w) => d.nn.functional.crossEntropy(w.v, [0]), /crossEntropy: logits \[3\] are one unbatched row/],
  ['crossEntropy with fractional targets', (w) => d.nn.functional.crossEntropy(w.a, [0, 1.5]), /targets\[1\] = 1.5 is out of range/, RangeError],
  // checkpoints
  ['load of random bytes', () => d.load(new Uint8Array([1, 2, 3])), /too short/],
  ['load of a plain safetensors file', () => d.load(d.io.saveTensors({})), /not a descent checkpoint/],
  ['save of a model without parameters()', () => d.save({ model: {} }), /model must have a namedParameters\(\) method/, TypeError],
  // optimizers (torch's messages)
  ['a negative learning rate', (w) => new d.optim.SGD([w.w], { lr: -1 }), /Invalid learning rate: -1/, RangeError],
  ['a beta above 1', (w) => new d.optim.Adam([w.w], { betas: [1.5, 0.9] }), /Invalid beta parameter at index 0: 1.5/, RangeError],
  ['Nesterov without momentum', (w) => new d.optim.SGD([w.w], { lr: 0.1, nesterov: true }), /Nesterov momentum requires a momentum and zero dampening/, RangeError],
  ['a NaN weight decay', (w) => new d.optim.Adam([w.w], { weightDecay: NaN }), /Invalid weight_decay value: NaN/, RangeError],
  ['a negative epsilon', (w) => new d.optim.Adam([w.w], { eps: -1 }), /Invalid epsilon value: -1/, RangeError],
  ['SGD without a learning rate', (w) => new d.optim.SGD([w.w], {}), /didn't specify a value of required optimization parameter lr/, TypeError],
  ['an empty parameter list', () => new d.optim.Adam([], {}), /Adam: optimizer got an empty parameter list/, RangeError],
  // (A parameter that does not require grad is accepted, as torch: test/optim/optim_more.test.mjs.)
  ['a parameter listed twice', (w) => new d.optim.SGD([w.w, w.w], { lr: 0.1 }), /param 1 of group 0 appears more than once/],
  ['a gradient of the wrong shape', (w) => d.tidy(() => { w.w.grad = d.tensor([1, 2]); }), /a gradient of shape \[2\] cannot be assigned to a tensor of shape \[2,2\]/],
  ['a state dict of the wrong shape', (w) => {
    const good = w.opt.stateDict();
    const bad = JSON.parse(JSON.stringify(good));
    for (const entry of Object.values(bad.state)) for (const k of Object.keys(entry)) if (Array.isArray(entry[k])) entry[k] = [1];
    w.opt.loadStateDict(bad);
  }, /loadStateDict: state 0\.\w+ must be an array of 4 numbers \(param shape \[2,2\]\)/, RangeError],
  ['a state dict that is not an object', (w) => w.opt.loadStateDict(null), /loadStateDict: expected \{ state, paramGroups \}/, TypeError],
  // layers, data and training
  ['a Linear layer with zero inputs', () => new d.nn.Linear(0, 2), /Linear: inFeatures must be a positive integer, got number 0/, RangeError],
  ['an unknown initialiser', () => new d.nn.Linear(2, 2, { init: 'magic' }), /init must be 'xavier', 'he' or 'zeros', got string magic/, RangeError],
  ['a dropout probability above 1', () => new d.nn.Dropout(1.5), /Dropout: p must be a probability in \[0, 1\], got number 1.5/, RangeError],
  ['a batch size of zero', (w) => new d.data.DataLoader({ x: w.a, y: [0, 1] }, { batchSize: 0 }), /DataLoader: batchSize must be a positive integer, got number 0/, RangeError],
  ['labels for fewer rows than x', (w) => new d.data.DataLoader({ x: w.a, y: [0] }, { batchSize: 1 }), /y has 1 entries, x has 2 samples/, RangeError],
  ['a test split that leaves no training rows', (w) => d.data.trainTestSplit(w.a, [0, 1], { testSize: 1.5, seed: 0 }), /testSize 1.5 leaves no training rows out of 2/, RangeError],
  ['a scaler used before fit', (w) => new d.data.StandardScaler().transform(w.a), /StandardScaler.transform: call fit\(x\) first/],
  ['fit for zero epochs', (w) => d.fit((x) => x.matmul(w.w), w.opt, { data: { x: w.b, y: [0, 1] }, loss: 'crossEntropy', epochs: 0 }), /fit: epochs must be a positive integer, got number 0/, RangeError],
  ['anomalyMode with a number', () => d.anomalyMode(1), /anomalyMode: on must be a boolean/, TypeError],
];

describe('validation: bad calls throw clear errors and change nothing', () => {
  it(`has a table of at least 60 bad calls (${CASES.length})`, () => {
    expect(CASES.length).to.be.at.least(60);
  });

  for (const [what, call, pattern, kind = Error] of CASES) {
    it(what, () => {
      const world = makeWorld();
      const before = snapshot(world);
      let caught = null;
      try {
        call(world);
      } catch (e) {
        caught = e;
      }
      expect(caught, 'it throws').to.be.instanceOf(kind);
      expect(caught.message).to.match(pattern);
      const after = snapshot(world);
      expect(after.tensors, 'tensors unchanged').to.deep.equal(before.tensors);
      expect(after.grad, 'gradient unchanged').to.deep.equal(before.grad);
      expect(after.opt, 'optimizer state unchanged').to.equal(before.opt);
      expect(after.live, 'no tensor leaked').to.equal(before.live);
      disposeWorld(world);
    });
  }
});

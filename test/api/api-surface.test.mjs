// The public API contract (design/API.md), name by name: every function, class, method and
// default it lists exists and gives a known answer. Answers come from the maths (linspace,
// eye, argmax, Hessians), or from torch 1.13 (test/fixtures/api-surface.mjs, written by
// tools/reference/api_surface.py): optimizer defaults and error messages, schedules, clipping
// and losses.
import { expect } from 'chai';
import * as d from '../../dist/index.js';
import * as datasets from '../../dist/datasets/index.js';
import torch from '../fixtures/api-surface.mjs';
import { expectClose } from '../helpers/assert.mjs';

const F = d.nn.functional;
const OPTIMIZERS = ['SGD', 'Adagrad', 'RMSprop', 'Adadelta', 'Adam', 'AdamW', 'Adamax', 'NAdam', 'RAdam', 'Lion', 'LBFGS'];

/** Float32 bits of a number array, for bit-exact comparisons. */
function bits(values) {
  return Array.from(new Uint32Array(Float32Array.from(values.flat ? values.flat(Infinity) : values).buffer));
}

describe('API contract: tensors', () => {
  it('d.tensor takes numbers, nested arrays and a Float32Array with a shape', () => {
    expect(d.tensor(3).shape).to.deep.equal([]);
    expect(d.tensor(3).item()).to.equal(3);
    expect(d.tensor([[1, 2], [3, 4]]).toArray()).to.deep.equal([[1, 2], [3, 4]]);
    const t = d.tensor(new Float32Array([1, 2, 3, 4, 5, 6]), { shape: [2, 3], requiresGrad: true });
    expect(t.toArray()).to.deep.equal([[1, 2, 3], [4, 5, 6]]);
    expect(t.requiresGrad).to.equal(true);
    expect(d.tensor([0.1]).toArray()[0]).to.equal(Math.fround(0.1)); // float32
  });

  it('d.zeros, d.ones, d.full (with options)', () => {
    expect(d.zeros([2, 2]).toArray()).to.deep.equal([[0, 0], [0, 0]]);
    expect(d.ones([3]).toArray()).to.deep.equal([1, 1, 1]);
    expect(d.full([2], 7).toArray()).to.deep.equal([7, 7]);
    expect(d.zeros([1], { requiresGrad: true }).requiresGrad).to.equal(true);
    expect(d.ones([1], { requiresGrad: true }).requiresGrad).to.equal(true);
    expect(d.full([1], 2, { requiresGrad: true }).requiresGrad).to.equal(true);
  });

  it('d.arange(stop), (start, stop), (start, stop, step); d.linspace; d.eye', () => {
    expect(d.arange(4).toArray()).to.deep.equal([0, 1, 2, 3]);
    expect(d.arange(2, 5).toArray()).to.deep.equal([2, 3, 4]);
    expect(d.arange(0, 1, 0.25).toArray()).to.deep.equal([0, 0.25, 0.5, 0.75]);
    expect(d.arange(5, 0, -2).toArray()).to.deep.equal([5, 3, 1]);
    expect(d.linspace(0, 1, 5).toArray()).to.deep.equal([0, 0.25, 0.5, 0.75, 1]);
    expect(d.linspace(-1, 1, 3).toArray()).to.deep.equal([-1, 0, 1]);
    expect(d.eye(3).toArray()).to.deep.equal([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
  });

  it('d.rand / d.randn: seeded, reproducible, in range; d.manualSeed resets the global generator', () => {
    const a = d.rand([1000], { seed: 5 }).toArray();
    expect(d.rand([1000], { seed: 5 }).toArray()).to.deep.equal(a);
    expect(Math.min(...a)).to.be.at.least(0);
    expect(Math.max(...a)).to.be.below(1);
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean).to.be.closeTo(0.5, 0.05);
    const n = d.randn([2000], { seed: 5, requiresGrad: true });
    expect(n.requiresGrad).to.equal(true);
    const values = n.toArray();
    const m = values.reduce((s, v) => s + v, 0) / values.length;
    const variance = values.reduce((s, v) => s + (v - m) * (v - m), 0) / values.length;
    expect(m).to.be.closeTo(0, 0.1);
    expect(variance).to.be.closeTo(1, 0.1);
    d.manualSeed(42);
    const first = [d.rand([4]).toArray(), d.randn([4]).toArray()];
    d.manualSeed(42);
    expect([d.rand([4]).toArray(), d.randn([4]).toArray()]).to.deep.equal(first);
  });

  it('properties: shape, size, ndim, requiresGrad, grad', () => {
    const t = d.ones([2, 3, 4]);
    expect([t.shape, t.size, t.ndim, t.requiresGrad, t.grad]).to.deep.equal([[2, 3, 4], 24, 3, false, null]);
    t.requiresGrad = true;
    expect(t.requiresGrad).to.equal(true);
  });

  it('toArray, toFloat32Array (a copy), item, clone, detach, dispose', () => {
    const t = d.tensor([[1, 2], [3, 4]], { requiresGrad: true });
    const copy = t.toFloat32Array();
    expect(copy).to.be.instanceOf(Float32Array);
    copy[0] = 99;
    expect(t.toArray()).to.deep.equal([[1, 2], [3, 4]]);
    expect(d.tensor([[2.5]]).item()).to.equal(2.5);
    const c = t.clone();
    expect(c.toArray()).to.deep.equal([[1, 2], [3, 4]]);
    const det = t.detach();
    expect(det.requiresGrad).to.equal(false);
    expect(det.toArray()).to.deep.equal([[1, 2], [3, 4]]);
    const before = d.memory().tensors;
    const gone = d.ones([5]);
    gone.dispose();
    expect(d.memory().tensors).to.equal(before);
    expect(() => gone.add(1)).to.throw(/disposed/);
  });
});

describe('API contract: operations, as methods and as functions', () => {
  const a = () => d.tensor([[1, -2], [3, 4]]);
  const b = () => d.tensor([[2, 2], [-1, 0.5]]);

  const binary = {
    add: [[3, 0], [2, 4.5]],
    sub: [[-1, -4], [4, 3.5]],
    mul: [[2, -4], [-3, 2]],
    div: [[0.5, -1], [-3, 8]],
    maximum: [[2, 2], [3, 4]],
    minimum: [[1, -2], [-1, 0.5]],
  };
  for (const [name, expected] of Object.entries(binary)) {
    it(`${name}: method, function, numbers on either side, broadcasting`, () => {
      expect(a()[name](b()).toArray()).to.deep.equal(expected);
      expect(d[name](a(), b()).toArray()).to.deep.equal(expected);
      const scalarRight = d[name](a(), 2).toArray().flat();
      const scalarLeft = d[name](2, a()).toArray().flat();
      const viaTensorRight = d[name](a(), d.tensor(2)).toArray().flat();
      const viaTensorLeft = d[name](d.tensor(2), a()).toArray().flat();
      expect(scalarRight).to.deep.equal(viaTensorRight);
      expect(scalarLeft).to.deep.equal(viaTensorLeft);
      expect(a()[name](2).toArray().flat()).to.deep.equal(viaTensorRight);
      // [2,1] against [2]: NumPy broadcasting to [2,2]
      const col = d.tensor([[1], [2]]);
      const row = d.tensor([10, 20]);
      expect(col[name](row).shape).to.deep.equal([2, 2]);
    });
  }

  it('broadcasting follows NumPy (column + row)', () => {
    expect(d.tensor([[1], [2]]).add(d.tensor([10, 20])).toArray()).to.deep.equal([[11, 21], [12, 22]]);
    expect(d.ones([2, 1, 3]).mul(d.ones([4, 1])).shape).to.deep.equal([2, 4, 3]);
  });

  it('pow: tensor exponents, numbers on either side', () => {
    expect(d.tensor([2, 3]).pow(2).toArray()).to.deep.equal([4, 9]);
    expect(d.pow(d.tensor([2, 3]), 2).toArray()).to.deep.equal([4, 9]);
    expect(d.pow(2, d.tensor([2, 3])).toArray()).to.deep.equal([4, 8]);
    expectClose(d.tensor([4, 9]).pow(d.tensor([0.5, 0.5])).toArray(), [2, 3]);
  });

  const x = [-2, -0.5, 0, 1, 3];
  const unary = {
    neg: [2, 0.5, -0, -1, -3],
    abs: [2, 0.5, 0, 1, 3],
    exp: x.map((v) => [0.1353352832366127, 0.6065306597126334, 1, 2.718281828459045, 20.085536923187668][x.indexOf(v)]),
    square: [4, 0.25, 0, 1, 9],
    relu: [0, 0, 0, 1, 3],
    leakyRelu: [-0.02, -0.005, 0, 1, 3],
    sigmoid: [0.11920292202211755, 0.3775406687981454, 0.5, 0.7310585786300049, 0.9525741268224334],
    tanh: [-0.9640275800758169, -0.46211715726000974, 0, 0.7615941559557649, 0.9950547536867305],
    // torch.nn.functional.gelu (erf form) and softplus (beta 1, threshold 20), float64
    gelu: [-0.04550026389635842, -0.15426876936299347, 0, 0.8413447460685429, 2.9959502005062326],
    softplus: [0.12692801104297263, 0.4740769841801067, 0.6931471805599453, 1.3132616875182228, 3.048587351573742],
  };
  for (const [name, expected] of Object.entries(unary)) {
    it(`${name}: method and function`, () => {
      expectClose(d.tensor(x)[name]().toArray(), expected, { what: name });
      expectClose(d[name](d.tensor(x)).toArray(), expected, { what: `d.${name}` });
    });
  }

  it('log, sqrt: method and function', () => {
    expectClose(d.tensor([1, Math.E, 100]).log().toArray(), [0, 1, 4.605170185988092]);
    expectClose(d.log(d.tensor([1, Math.E])).toArray(), [0, 1]);
    expect(d.tensor([4, 9, 0]).sqrt().toArray()).to.deep.equal([2, 3, 0]);
    expect(d.sqrt(d.tensor([16])).toArray()).to.deep.equal([4]);
  });

  it('leakyRelu(slope), clamp(min, max) with numbers and tensors', () => {
    expect(d.tensor([-2, 3]).leakyRelu(0.5).toArray()).to.deep.equal([-1, 3]);
    expect(d.leakyRelu(d.tensor([-2, 3]), 0.5).toArray()).to.deep.equal([-1, 3]);
    expect(d.tensor([-2, 0.5, 3]).clamp(0, 1).toArray()).to.deep.equal([0, 0.5, 1]);
    expect(d.clamp(d.tensor([-2, 0.5, 3]), 0, 1).toArray()).to.deep.equal([0, 0.5, 1]);
    expect(d.tensor([-2, 5]).clamp(d.tensor([-1, 0]), 3).toArray()).to.deep.equal([-1, 3]);
  });

  it('matmul: 2-D and batched 3-D', () => {
    const m = d.tensor([[1, 2], [3, 4]]);
    expect(m.matmul(d.tensor([[5], [6]])).toArray()).to.deep.equal([[17], [39]]);
    expect(d.matmul(m, d.eye(2)).toArray()).to.deep.equal([[1, 2], [3, 4]]);
    const batched = d.matmul(d.tensor([[[1, 0], [0, 1]], [[2, 0], [0, 2]]]), d.tensor([[[1, 2], [3, 4]], [[1, 2], [3, 4]]]));
    expect(batched.toArray()).to.deep.equal([[[1, 2], [3, 4]], [[2, 4], [6, 8]]]);
    expect(() => d.matmul(d.ones([2, 3]), d.ones([4, 5]))).to.throw(/matmul: \[2,3\] x \[4,5\]/);
    expect(() => d.add(d.ones([2]), 'x')).to.throw(TypeError, /add: b must be a Tensor or a number/); // names the argument
  });

  it('transpose(a?, b?), reshape, flatten', () => {
    const m = d.tensor([[1, 2, 3], [4, 5, 6]]);
    expect(m.transpose().toArray()).to.deep.equal([[1, 4], [2, 5], [3, 6]]);
    expect(d.transpose(m).toArray()).to.deep.equal([[1, 4], [2, 5], [3, 6]]);
    const cube = d.arange(24).reshape([2, 3, 4]);
    expect(cube.transpose(0, 2).shape).to.deep.equal([4, 3, 2]);
    expect(cube.transpose(0, 2).toArray()[3][2][1]).to.equal(cube.toArray()[1][2][3]);
    expect(d.transpose(cube, 1, 2).shape).to.deep.equal([2, 4, 3]);
    expect(cube.transpose().shape).to.deep.equal([2, 4, 3]); // the last two, as torch's mT (README)
    expect(d.arange(6).reshape([3, 2]).toArray()).to.deep.equal([[0, 1], [2, 3], [4, 5]]);
    expect(d.reshape(d.arange(6), [2, 3]).toArray()).to.deep.equal([[0, 1, 2], [3, 4, 5]]);
    expect(m.flatten().toArray()).to.deep.equal([1, 2, 3, 4, 5, 6]);
    expect(d.flatten(cube).shape).to.deep.equal([24]);
  });

  it('sum / mean (axis?, keepDim?), max / min (axis?), argmax(axis)', () => {
    const m = d.tensor([[1, 5, 2], [7, 0, 1]]);
    expect(m.sum().item()).to.equal(16);
    expect(m.sum(0).toArray()).to.deep.equal([8, 5, 3]);
    expect(d.sum(m, 1, true).toArray()).to.deep.equal([[8], [8]]);
    expect(m.mean().item()).to.be.closeTo(16 / 6, 1e-6);
    expect(d.mean(m, 0).toArray()).to.deep.equal([4, 2.5, 1.5]);
    expect(m.mean(1, true).shape).to.deep.equal([2, 1]);
    expect(m.max().item()).to.equal(7);
    expect(m.max(1).toArray()).to.deep.equal([5, 7]);
    expect(d.max(m, 0).toArray()).to.deep.equal([7, 5, 2]);
    expect(m.min().item()).to.equal(0);
    expect(d.min(m, 1).toArray()).to.deep.equal([1, 0]);
    expect(m.argmax(1).toArray()).to.deep.equal([1, 0]);
    expect(d.argmax(m, 0).toArray()).to.deep.equal([1, 0, 0]);
    expect(m.argmax().item()).to.equal(3); // into the flattened tensor (README)
  });

  it('logSumExp, softmax, logSoftmax along an axis', () => {
    const m = d.tensor([[0, 0], [1, 3]]);
    expectClose(m.logSumExp(1).toArray(), [Math.LN2, 3.1269280110429727]);
    expectClose(d.logSumExp(m, 1).toArray(), [Math.LN2, 3.1269280110429727]);
    expectClose(m.softmax(1).toArray(), [[0.5, 0.5], [0.11920292202211755, 0.8807970779778823]]);
    expectClose(d.softmax(m, 0).toArray(), [[0.2689414213699951, 0.04742587317756678], [0.7310585786300049, 0.9525741268224334]]);
    expectClose(m.logSoftmax(1).toArray(), [[-Math.LN2, -Math.LN2], [-2.1269280110429727, -0.12692801104297263]]);
    expectClose(d.logSoftmax(m, 1).toArray(), [[-Math.LN2, -Math.LN2], [-2.1269280110429727, -0.12692801104297263]]);
  });

  it('gather / indexSelect (torch semantics)', () => {
    const m = d.tensor([[1, 2, 3], [4, 5, 6]]);
    expect(m.gather(1, d.tensor([[2], [0]])).toArray()).to.deep.equal([[3], [4]]);
    expect(d.gather(m, 1, [[2], [0]]).toArray()).to.deep.equal([[3], [4]]);
    expect(m.indexSelect(0, [1]).toArray()).to.deep.equal([[4, 5, 6]]);
    expect(d.indexSelect(m, 1, new Int32Array([2, 0])).toArray()).to.deep.equal([[3, 1], [6, 4]]);
  });

  it('slice(begin, size) and slice([[start, stop], ...])', () => {
    const m = d.arange(12).reshape([3, 4]);
    expect(m.slice([1, 1], [2, 2]).toArray()).to.deep.equal([[5, 6], [9, 10]]);
    expect(d.slice(m, [0, 2], [1, 2]).toArray()).to.deep.equal([[2, 3]]);
    expect(m.slice([[0, 1], [1, 3]]).toArray()).to.deep.equal([[1, 2]]);
  });

  it('concat and stack (functions and methods)', () => {
    const p = d.tensor([[1, 2]]);
    const q = d.tensor([[3, 4]]);
    expect(d.concat([p, q], 0).toArray()).to.deep.equal([[1, 2], [3, 4]]);
    expect(d.concat([p, q], 1).toArray()).to.deep.equal([[1, 2, 3, 4]]);
    expect(d.stack([d.tensor([1, 2]), d.tensor([3, 4])]).toArray()).to.deep.equal([[1, 2], [3, 4]]);
    expect(d.stack([d.tensor([1, 2]), d.tensor([3, 4])], 1).toArray()).to.deep.equal([[1, 3], [2, 4]]);
    expect(p.concat([q], 1).toArray()).to.deep.equal([[1, 2, 3, 4]]);
    expect(p.concat(q).toArray()).to.deep.equal([[1, 2], [3, 4]]);
    expect(d.tensor([1, 2]).stack([d.tensor([3, 4])], 1).toArray()).to.deep.equal([[1, 3], [2, 4]]);
  });

  it('where(condition, x, y): function, method and numbers', () => {
    const cond = d.tensor([1, 0, 1]);
    expect(d.where(cond, d.tensor([1, 2, 3]), d.tensor([7, 8, 9])).toArray()).to.deep.equal([1, 8, 3]);
    expect(d.where(cond, d.tensor([1, 2, 3]), 0).toArray()).to.deep.equal([1, 0, 3]);
    expect(d.where(cond, 5, d.tensor([7, 8, 9])).toArray()).to.deep.equal([5, 8, 5]);
    expect(d.tensor([1, 2, 3]).where(cond, d.tensor([7, 8, 9])).toArray()).to.deep.equal([1, 8, 3]);
  });
});

describe('API contract: autograd and memory', () => {
  it('backward() accumulates into .grad; backward(grad) seeds it', () => {
    const x = d.tensor([1, 2], { requiresGrad: true });
    x.square().sum().backward();
    expect(x.grad.toArray()).to.deep.equal([2, 4]);
    x.square().sum().backward();
    expect(x.grad.toArray()).to.deep.equal([4, 8]);
    const y = d.tensor([1, 2], { requiresGrad: true });
    y.mul(3).backward(d.tensor([1, 10]));
    expect(y.grad.toArray()).to.deep.equal([3, 30]);
  });

  it('.grad is assignable (p.grad = d.tensor(...)) and backward adds to what was assigned', () => {
    const p = d.tensor([1, 2], { requiresGrad: true });
    p.grad = d.tensor([5, 5]);
    expect(p.grad.toArray()).to.deep.equal([5, 5]);
    p.mul(3).sum().backward();
    expect(p.grad.toArray()).to.deep.equal([8, 8]);
    p.grad = null;
    expect(p.grad).to.equal(null);
  });

  it('d.noGrad records nothing', () => {
    const x = d.ones([2], { requiresGrad: true });
    const y = d.noGrad(() => x.mul(2));
    expect(y.requiresGrad).to.equal(false);
    expect(y.toArray()).to.deep.equal([2, 2]);
  });

  it('d.grad(f)(...xs) and d.valueAndGrad(f)(...xs) (functional, like jax.grad)', () => {
    const f = (x) => x.square().sum();
    expect(d.grad(f)(d.tensor([1, 2])).toArray()).to.deep.equal([2, 4]);
    const [gx, gy] = d.grad((x, y) => x.mul(y).sum())(d.tensor([1, 2]), d.tensor([3, 4]));
    expect([gx.toArray(), gy.toArray()]).to.deep.equal([[3, 4], [1, 2]]);
    const { value, grads } = d.valueAndGrad(f)(d.tensor([1, 2]));
    expect(value.item()).to.equal(5);
    expect(grads[0].toArray()).to.deep.equal([2, 4]);
  });

  it('d.hessian and d.hvp: Rosenbrock at (-1.2, 1)', () => {
    // ∂²f = [[1200x² − 400y + 2, −400x], [−400x, 200]]
    const h = d.hessian(d.optimize.functions.rosenbrock)(d.tensor([-1.2, 1]));
    expectClose(h.toArray(), [[1330, 480], [480, 200]], { rtol: 1e-5 });
    const hv = d.hvp(d.optimize.functions.rosenbrock)(d.tensor([-1.2, 1]), d.tensor([1, 2]));
    expectClose(hv.toArray(), [1330 + 960, 480 + 400], { rtol: 1e-5 });
  });

  it('d.tidy frees every tensor made inside except what it returns (also in arrays and objects)', () => {
    const before = d.memory().tensors;
    const r = d.tidy(() => {
      const a = d.ones([100]);
      const b = a.mul(2);
      return b.add(1);
    });
    expect(d.memory().tensors).to.equal(before + 1);
    expect(r.toArray()[0]).to.equal(3);
    const out = d.tidy(() => {
      const a = d.ones([3]);
      return { doubled: a.mul(2), list: [a.add(1)] };
    });
    expect(d.memory().tensors).to.equal(before + 3);
    expect(out.list[0].toArray()).to.deep.equal([2, 2, 2]);
    r.dispose();
    out.doubled.dispose();
    out.list[0].dispose();
    expect(d.memory().tensors).to.equal(before);
  });

  it('d.memory() is { tensors, bytes, wasmBytes } and counts a new tensor', () => {
    const m = d.memory();
    expect(Object.keys(m).sort()).to.deep.equal(['bytes', 'tensors', 'wasmBytes']);
    const t = d.zeros([1000]);
    const m2 = d.memory();
    expect(m2.tensors).to.equal(m.tensors + 1);
    expect(m2.bytes).to.be.at.least(m.bytes + 4000);
    expect(m2.wasmBytes % 65536).to.equal(0);
    expect(m2.wasmBytes).to.be.at.least(m2.bytes);
    t.dispose();
    expect(d.memory().bytes).to.equal(m.bytes);
  });
});

describe('API contract: d.nn', () => {
  const L = torch.losses;

  it('functional losses match torch', () => {
    const pred = d.tensor(L.pred);
    const target = d.tensor(L.target);
    expectClose([F.mseLoss(pred, target).item()], [L.mse]);
    expectClose([F.l1Loss(pred, target).item()], [L.l1]);
    expectClose([F.huberLoss(pred, target).item()], [L.huber]);
    expectClose([F.huberLoss(pred, target, 2).item()], [L.huber2]);
    expectClose([F.binaryCrossEntropyWithLogits(pred, target).item()], [L.bceWithLogits]);
    expectClose([F.hingeLoss(d.tensor(L.scores), d.tensor(L.signs)).item()], [L.hinge]);
    const logits = d.tensor(L.logits);
    for (const targets of [L.classes, new Int32Array(L.classes), d.tensor(L.classes)]) {
      expectClose([F.crossEntropy(logits, targets).item()], [L.crossEntropy]);
    }
  });

  it('functional linear(x, w, b?) and dropout(x, p, { training, seed })', () => {
    const x = d.tensor([[1, 2]]);
    const w = d.tensor([[1, 1], [2, 0]]);
    expect(F.linear(x, w, d.tensor([1, 0])).toArray()).to.deep.equal([[4, 2]]);
    expect(F.linear(x, w).toArray()).to.deep.equal([[3, 2]]);
    expect(F.dropout(d.ones([6]), 0.5, { training: false }).toArray()).to.deep.equal([1, 1, 1, 1, 1, 1]);
    const dropped = F.dropout(d.ones([1000]), 0.25, { training: true, seed: 3 }).toArray();
    expect(new Set(dropped)).to.deep.equal(new Set([0, 1 / 0.75].map(Math.fround)));
    expect(dropped.filter((v) => v === 0).length).to.be.within(200, 300);
    expect(F.dropout(d.ones([1000]), 0.25, { training: true, seed: 3 }).toArray()).to.deep.equal(dropped);
  });

  it('Linear(in, out, { bias, init, seed }): weight [out, in], bias [out]', () => {
    const l = new d.nn.Linear(3, 2, { seed: 0 });
    expect(l.namedParameters().map(([n, p]) => [n, p.shape])).to.deep.equal([['weight', [2, 3]], ['bias', [2]]]);
    expect(new d.nn.Linear(3, 2, { bias: false }).parameters().length).to.equal(1);
    const z = new d.nn.Linear(2, 2, { init: 'zeros' });
    expect(z.forward(d.ones([1, 2])).toArray()).to.deep.equal([[0, 0]]);
    for (const init of ['xavier', 'he']) {
      const a = new d.nn.Linear(4, 3, { init, seed: 7 }).parameters()[0].toArray();
      expect(new d.nn.Linear(4, 3, { init, seed: 7 }).parameters()[0].toArray()).to.deep.equal(a);
    }
    // y = x Wᵀ + b
    const w = l.parameters()[0].toArray();
    const bias = l.parameters()[1].toArray();
    const y = l.call(d.tensor([[1, 0, 0]])).toArray()[0];
    expectClose(y, [w[0][0] + bias[0], w[1][0] + bias[1]]);
  });

  it('Sequential, ReLU, Tanh, Sigmoid, Dropout; parameters, namedParameters, forward, call', () => {
    const model = new d.nn.Sequential(
      new d.nn.Linear(2, 3, { seed: 0 }), new d.nn.ReLU(), new d.nn.Linear(3, 1, { seed: 1 }),
      new d.nn.Tanh(), new d.nn.Sigmoid(), new d.nn.Dropout(0.5));
    expect(model.namedParameters().map(([n]) => n)).to.deep.equal(['0.weight', '0.bias', '2.weight', '2.bias']);
    expect(model.parameters().length).to.equal(4);
    model.eval();
    const out = model.forward(d.ones([4, 2]));
    expect(out.shape).to.deep.equal([4, 1]);
    expect(model.call(d.ones([4, 2])).toArray()).to.deep.equal(out.toArray());
    expect(new d.nn.ReLU().forward(d.tensor([-1, 2])).toArray()).to.deep.equal([0, 2]);
    expect(new d.nn.Tanh().call(d.tensor([0])).toArray()).to.deep.equal([0]);
    expect(new d.nn.Sigmoid().forward(d.tensor([0])).toArray()).to.deep.equal([0.5]);
  });

  it('train() / eval() switch Dropout on and off through a Sequential', () => {
    const model = new d.nn.Sequential(new d.nn.Dropout(0.5));
    expect(model.training).to.equal(true);
    expect(model.eval()).to.equal(model);
    expect(model.forward(d.ones([8])).toArray()).to.deep.equal([1, 1, 1, 1, 1, 1, 1, 1]);
    model.train();
    const y = model.forward(d.ones([200])).toArray();
    expect(y.some((v) => v === 0)).to.equal(true);
    expect(y.some((v) => v === 2)).to.equal(true);
  });

  it('stateDict() / loadStateDict(dict) copy parameters, also through JSON', () => {
    const a = new d.nn.Sequential(new d.nn.Linear(2, 3, { seed: 0 }), new d.nn.Linear(3, 1, { seed: 1 }));
    const b = new d.nn.Sequential(new d.nn.Linear(2, 3, { seed: 5 }), new d.nn.Linear(3, 1, { seed: 6 }));
    const state = a.stateDict();
    expect(Object.keys(state)).to.deep.equal(['0.weight', '0.bias', '1.weight', '1.bias']);
    b.loadStateDict(state);
    for (let i = 0; i < 4; i++) expect(bits(b.parameters()[i].toArray())).to.deep.equal(bits(a.parameters()[i].toArray()));
    const c = new d.nn.Sequential(new d.nn.Linear(2, 3, { seed: 8 }), new d.nn.Linear(3, 1, { seed: 9 }));
    c.loadStateDict(JSON.parse(JSON.stringify(a.stateDict())));
    for (let i = 0; i < 4; i++) expect(bits(c.parameters()[i].toArray())).to.deep.equal(bits(a.parameters()[i].toArray()));
  });

  it('nn.init: xavierUniform, xavierNormal, heUniform, heNormal, zeros, normal(std), in place', () => {
    const fanIn = 200;
    const fanOut = 100;
    const bound = (name, t) => {
      const values = t.toArray().flat();
      const max = Math.max(...values.map(Math.abs));
      const std = Math.sqrt(values.reduce((s, v) => s + v * v, 0) / values.length);
      return { name, max, std };
    };
    const t = d.zeros([fanOut, fanIn]);
    d.nn.init.xavierUniform(t);
    let r = bound('xavierUniform', t);
    const xavierBound = Math.sqrt(6 / (fanIn + fanOut));
    expect(r.max).to.be.at.most(xavierBound).and.above(0.95 * xavierBound);
    d.nn.init.xavierNormal(t);
    expect(bound('xavierNormal', t).std).to.be.closeTo(Math.sqrt(2 / (fanIn + fanOut)), 0.005);
    d.nn.init.heUniform(t);
    r = bound('heUniform', t);
    expect(r.max).to.be.at.most(Math.sqrt(6 / fanIn)).and.above(0.95 * Math.sqrt(6 / fanIn));
    d.nn.init.heNormal(t);
    expect(bound('heNormal', t).std).to.be.closeTo(Math.sqrt(2 / fanIn), 0.005);
    d.nn.init.normal(t, 0.5);
    expect(bound('normal', t).std).to.be.closeTo(0.5, 0.02);
    d.nn.init.zeros(t);
    expect(t.toArray().flat().every((v) => v === 0)).to.equal(true);
  });

  it('nn.utils.clipGradNorm (2-norm and infinity) and clipGradValue match torch', () => {
    const C = torch.clip;
    const a = d.zeros([2], { requiresGrad: true });
    const b = d.zeros([1], { requiresGrad: true });
    a.grad = d.tensor([3, -4]);
    b.grad = d.tensor([12]);
    expectClose([d.nn.utils.clipGradNorm([a, b], 6.5)], [C.norm.total]);
    expectClose([a.grad.toArray(), b.grad.toArray()], C.norm.grads);
    a.grad = d.tensor([3, -4]);
    b.grad = d.tensor([12]);
    expectClose([d.nn.utils.clipGradNorm([a, b], 6, Infinity)], [C.inf.total]);
    expectClose([a.grad.toArray(), b.grad.toArray()], C.inf.grads);
    a.grad = d.tensor([3, -4]);
    b.grad = d.tensor([0.5]);
    expect(d.nn.utils.clipGradValue([a, b], 1)).to.equal(undefined);
    expect([a.grad.toArray(), b.grad.toArray()]).to.deep.equal(C.value.grads);
    // l1Penalty(params) = Σ|p|, differentiable (gradient sign(p))
    const w = d.tensor([[1, -2], [0.5, 0]], { requiresGrad: true });
    const penalty = d.nn.utils.l1Penalty([w, d.tensor([-3], { requiresGrad: true })]);
    expect(penalty.item()).to.equal(6.5);
    penalty.backward();
    expect(w.grad.toArray()).to.deep.equal([[1, -1], [1, 0]]);
  });
});

describe('API contract: d.optim', () => {
  const params = () => [d.tensor([0.3, -1.7, 2.9], { requiresGrad: true })];
  const construct = (name, p, options) => new d.optim[name](p, name === 'SGD' ? { lr: 0.1, ...options } : options);

  for (const name of OPTIMIZERS) {
    it(`${name}: torch's defaults in paramGroups[0]`, () => {
      const group = { ...construct(name, params()).paramGroups[0] };
      expect(group.params.length).to.equal(1);
      delete group.params;
      expect(group).to.deep.equal(torch.defaults[name]);
    });
  }

  it('SGD requires lr', () => {
    expect(() => new d.optim.SGD(params())).to.throw(/lr/);
  });

  it('non-finite hyperparameters are refused', () => {
    expect(() => new d.optim.Adam(params(), { lr: NaN })).to.throw(RangeError, 'Invalid learning rate: NaN');
    expect(() => new d.optim.SGD(params(), { lr: 0.1, momentum: Infinity })).to.throw(RangeError, 'Invalid momentum value: Infinity');
  });

  for (const { optimizer, options, message } of torch.errors) {
    it(`${optimizer}(${JSON.stringify(options)}) throws RangeError "${message}"`, () => {
      // torch prints 1.0 where JavaScript prints 1
      const expected = message.replace(/(\d)\.0$/, '$1');
      expect(() => new d.optim[optimizer](params(), options)).to.throw(RangeError, expected);
    });
  }

  it('param groups with overrides; lr is writable; zeroGrad; step(closure) returns the loss', () => {
    const a = d.tensor([1], { requiresGrad: true });
    const b = d.tensor([1], { requiresGrad: true });
    const opt = new d.optim.SGD([{ params: [a] }, { params: [b], lr: 0.5 }], { lr: 0.1, momentum: 0.9 });
    expect(opt.paramGroups.map((g) => [g.lr, g.momentum])).to.deep.equal([[0.1, 0.9], [0.5, 0.9]]);
    opt.paramGroups[0].lr = 1;
    a.grad = d.tensor([2]);
    b.grad = d.tensor([2]);
    opt.step();
    expect([a.item(), b.item()]).to.deep.equal([-1, 0]);
    opt.zeroGrad();
    expect(a.grad === null || a.grad.item() === 0).to.equal(true);
    const p = d.tensor([1, 2], { requiresGrad: true });
    const sgd = new d.optim.SGD([p], { lr: 0.1 });
    const loss = sgd.step(() => {
      sgd.zeroGrad();
      const l = p.square().sum();
      l.backward();
      return l;
    });
    expect(typeof loss === 'number' ? loss : loss.item()).to.equal(5);
    expectClose(p.toArray(), [0.8, 1.6]);
  });

  for (const name of OPTIMIZERS) {
    it(`${name}: stateDict() is plain JSON that round-trips bit-exactly and resumes the same trajectory`, () => {
      const options = { SGD: { momentum: 0.9, nesterov: true }, RMSprop: { centered: true, momentum: 0.5 }, Adam: { amsgrad: true } }[name];
      const run = (p, opt) => () => {
        opt.zeroGrad();
        const l = p[0].sub(0.1).square().mul(p[0].exp()).sum();
        l.backward();
        return l;
      };
      const p = params();
      const opt = construct(name, p, options);
      for (let i = 0; i < 3; i++) opt.step(run(p, opt));
      const json = JSON.stringify(opt.stateDict());
      const parsed = JSON.parse(json);
      expect(JSON.stringify(parsed)).to.equal(json);
      const q = [d.tensor(p[0].toArray(), { requiresGrad: true })];
      const resumed = construct(name, q, options);
      resumed.loadStateDict(parsed);
      expect(JSON.stringify(resumed.stateDict())).to.equal(json);
      for (let i = 0; i < 2; i++) {
        opt.step(run(p, opt));
        resumed.step(run(q, resumed));
      }
      expect(bits(q[0].toArray())).to.deep.equal(bits(p[0].toArray()));
    });
  }
});

describe('API contract: d.optim.lrScheduler', () => {
  const S = () => d.optim.lrScheduler;
  const sgd = () => new d.optim.SGD([d.zeros([2], { requiresGrad: true })], { lr: 0.1 });
  const build = (name, opt, options) => {
    if (name === 'LambdaLR') return new (S().LambdaLR)(opt, { lrLambda: (epoch) => 1 / (epoch + 1) });
    if (name === 'SequentialLR') {
      const schedulers = [new (S().LinearLR)(opt, { startFactor: 0.5, totalIters: 2 }), new (S().ExponentialLR)(opt, { gamma: 0.5 })];
      return new (S().SequentialLR)(opt, { schedulers, milestones: options.milestones });
    }
    return new (S()[name])(opt, options);
  };

  for (const { scheduler, options, lrs, metrics } of torch.schedulers) {
    it(`${scheduler}(${JSON.stringify(options)}): learning rates as torch`, () => {
      const opt = sgd();
      const s = build(scheduler, opt, options);
      const got = [];
      if (metrics) {
        for (const m of metrics) {
          opt.step();
          s.step(m);
          got.push(opt.paramGroups[0].lr);
        }
      } else {
        got.push(s.getLastLr()[0]);
        for (let i = 0; i < lrs.length - 1; i++) {
          opt.step();
          s.step();
          const last = s.getLastLr();
          expect(last).to.be.an('array').with.length(1);
          expect(opt.paramGroups[0].lr).to.equal(last[0]);
          got.push(last[0]);
        }
      }
      expectClose(got, lrs, { rtol: 1e-12, atol: 1e-15, what: scheduler });
    });
  }

  it('every scheduler: stateDict() is plain JSON; loaded with its optimizer\'s, a copy continues with the same learning rates', () => {
    for (const { scheduler, options, metrics } of torch.schedulers) {
      const opt = sgd();
      const s = build(scheduler, opt, options);
      const step = (sch, o, i) => {
        o.step();
        if (metrics) sch.step(metrics[i]);
        else sch.step();
      };
      for (let i = 0; i < 3; i++) step(s, opt, i);
      const json = JSON.stringify(s.stateDict());
      const optimizerJson = JSON.stringify(opt.stateDict());
      const copyOpt = sgd();
      const copy = build(scheduler, copyOpt, options);
      copy.loadStateDict(JSON.parse(json));
      copyOpt.loadStateDict(JSON.parse(optimizerJson)); // as in torch, the optimizer's state holds the current lr
      expect(JSON.stringify(copy.stateDict()), scheduler).to.equal(json);
      for (let i = 3; i < 6; i++) {
        step(s, opt, i);
        step(copy, copyOpt, i);
        expect(copyOpt.paramGroups[0].lr, `${scheduler} step ${i}`).to.equal(opt.paramGroups[0].lr);
      }
    }
  });

  it("ReduceLROnPlateau's defaults are torch's: mode 'min', factor 0.1, patience 10, threshold 1e-4 (rel)", () => {
    const state = new d.optim.lrScheduler.ReduceLROnPlateau(sgd()).stateDict();
    expect(state).to.include({ mode: 'min', factor: 0.1, patience: 10, threshold: 1e-4, thresholdMode: 'rel', cooldown: 0 });
  });

  it('defaults: StepLR and MultiStepLR gamma 0.1, LinearLR 1/3 → 1 over 5, PolynomialLR 5 steps power 1', () => {
    const step = build('StepLR', sgd(), { stepSize: 1 });
    step.step();
    expectClose(step.getLastLr(), [0.01], { rtol: 1e-12 });
    const multi = build('MultiStepLR', sgd(), { milestones: [1] });
    multi.step();
    expectClose(multi.getLastLr(), [0.01], { rtol: 1e-12 });
    const lin = build('LinearLR', sgd(), {});
    expectClose(lin.getLastLr(), [0.1 / 3], { rtol: 1e-12 });
  });
});

describe('API contract: d.data and d.fit', () => {
  const xy = (n) => ({ x: d.arange(2 * n).reshape([n, 2]), y: d.arange(n) });
  const rowsOf = (batch) => (batch.y ?? batch[1]).toArray();

  it('DataLoader: batchSize n (batch), 1 (stochastic), k (mini-batch), dropLast, seeded shuffle', () => {
    const data = xy(5);
    expect([...new d.data.DataLoader(data, { batchSize: 5 })].map(rowsOf)).to.deep.equal([[0, 1, 2, 3, 4]]);
    expect([...new d.data.DataLoader(data, { batchSize: 1 })].map(rowsOf)).to.deep.equal([[0], [1], [2], [3], [4]]);
    expect([...new d.data.DataLoader(data, { batchSize: 2 })].map(rowsOf)).to.deep.equal([[0, 1], [2, 3], [4]]);
    expect([...new d.data.DataLoader(data, { batchSize: 2, dropLast: true })].map(rowsOf)).to.deep.equal([[0, 1], [2, 3]]);
    const first = [...new d.data.DataLoader(data, { batchSize: 5, shuffle: true, seed: 1 })].map(rowsOf)[0];
    expect([...first].sort()).to.deep.equal([0, 1, 2, 3, 4]);
    expect([...new d.data.DataLoader(data, { batchSize: 5, shuffle: true, seed: 1 })].map(rowsOf)[0]).to.deep.equal(first);
    const batch = [...new d.data.DataLoader(data, { batchSize: 2 })][1];
    expect((batch.x ?? batch[0]).toArray()).to.deep.equal([[4, 5], [6, 7]]);
  });

  it('trainTestSplit: testSize 0.25 by default, seeded, stratified', () => {
    const { x, y } = xy(20);
    const split = d.data.trainTestSplit(x, y, { seed: 0 });
    expect([split.xTrain.shape, split.xTest.shape]).to.deep.equal([[15, 2], [5, 2]]);
    const again = d.data.trainTestSplit(x, y, { seed: 0 });
    expect(again.xTest.toArray()).to.deep.equal(split.xTest.toArray());
    const labels = new Int32Array(20).map((_, i) => (i < 16 ? 0 : 1));
    const strat = d.data.trainTestSplit(x, labels, { testSize: 0.25, seed: 0, stratify: labels });
    const testLabels = Array.from(strat.yTest.toArray ? strat.yTest.toArray() : strat.yTest);
    expect(testLabels.filter((v) => v === 1).length).to.equal(1);
    expect(testLabels.length).to.equal(5);
  });

  it('StandardScaler().fit(x).transform(x) standardises columns (population std, as scikit-learn)', () => {
    const x = d.tensor([[1, 10], [3, 30], [5, 50]]);
    const scaler = new d.data.StandardScaler();
    expect(scaler.fit(x)).to.equal(scaler);
    const s = Math.sqrt(8 / 3);
    expectClose(scaler.transform(x).toArray(), [[-2 / s, -2 / s], [0, 0], [2 / s, 2 / s]]);
  });

  it('d.fit: history keys, validation, scheduler, clipping, metrics, onEpoch, early stopping', () => {
    const x = d.tensor([[0], [1], [2], [3]]);
    const y = d.tensor([[1], [3], [5], [7]]);
    const model = new d.nn.Linear(1, 1, { seed: 0 });
    const optimizer = new d.optim.SGD(model.parameters(), { lr: 0.05 });
    const scheduler = new d.optim.lrScheduler.StepLR(optimizer, { stepSize: 100, gamma: 0.5 });
    const seen = [];
    const history = d.fit(model, optimizer, {
      data: { x, y }, validation: { x, y }, loss: F.mseLoss, epochs: 200, scheduler, clipGradNorm: 100, metrics: ['mae'],
      earlyStopping: { patience: 1000, minDelta: 0, monitor: 'valLoss' }, onEpoch: (logs) => seen.push(logs), progress: false,
    });
    for (const key of ['loss', 'valLoss', 'gradNorm', 'lr', 'mae', 'valMae']) {
      expect(history[key], key).to.be.an('array').with.length(200);
    }
    expect(seen.length).to.equal(200);
    expect(history.lr[0]).to.equal(0.05);
    expect(history.lr[150]).to.equal(0.025);
    expect(history.loss[199]).to.be.below(1e-3);
    expect(history.loss[199]).to.be.below(history.loss[0]);
    const [[, w], [, b]] = model.namedParameters();
    expectClose([w.item(), b.item()], [2, 1], { atol: 0.05, rtol: 0 });
  });

  it('d.fit stops early: earlyStopping (patience, minDelta, monitor) and tol; takes a DataLoader over a TensorDataset', () => {
    const x = d.tensor([[0], [1], [2], [3]]);
    const y = d.tensor([[1], [3], [5], [7]]);
    const make = () => {
      const model = new d.nn.Linear(1, 1, { seed: 0 });
      return [model, new d.optim.SGD(model.parameters(), { lr: 0.01 })];
    };
    // no epoch can improve the loss by minDelta, so training stops after 1 + patience epochs
    const [m1, o1] = make();
    const early = d.fit(m1, o1, { data: { x, y }, loss: 'mse', epochs: 50, earlyStopping: { patience: 2, minDelta: 1e9, monitor: 'loss' } });
    expect([early.loss.length, early.stopReason]).to.deep.equal([3, 'earlyStopping']);
    const [m2, o2] = make();
    const loader = new d.data.DataLoader(new d.data.TensorDataset(x, y), { batchSize: 2 });
    const byTol = d.fit(m2, o2, { data: loader, loss: F.mseLoss, epochs: 50, tol: 1e9 });
    expect(byTol.stopReason).to.equal('tol');
    expect(byTol.loss.length).to.be.below(50);
  });
});

describe('API contract: d.models, descent-ml/datasets', () => {
  it('descent-ml/datasets: digits, breastCancer, iris, wine, diabetes', () => {
    const sizes = { digits: [1797, 64, 10], breastCancer: [569, 30, 2], iris: [150, 4, 3], wine: [178, 13, 3], diabetes: [442, 10, 0] };
    for (const [name, [rows, cols, classes]] of Object.entries(sizes)) {
      const { x, y, featureNames, targetNames } = datasets[name]();
      expect(x.shape, name).to.deep.equal([rows, cols]);
      expect(featureNames.length, name).to.equal(cols);
      const labels = Array.from(y instanceof d.Tensor ? y.toFloat32Array() : y);
      expect(labels.length, name).to.equal(rows);
      if (classes > 0) {
        expect(y, name).to.be.instanceOf(Int32Array);
        expect(new Set(labels).size, name).to.equal(classes);
        expect(targetNames.length, name).to.equal(classes);
      }
    }
  });

  it('LinearRegression fits an exact line; score is R²', () => {
    const x = d.tensor([[0, 0], [0, 1], [1, 0], [1, 1], [2, 3]]);
    const y = d.tensor([1, 3, 0, 2, 5]); // y = 1 - x0 + 2 x1
    const model = new d.models.LinearRegression();
    expect(model.fit(x, y)).to.equal(model);
    expectClose(model.predict(x).toArray(), [1, 3, 0, 2, 5], { atol: 1e-2, rtol: 0 });
    expect(model.score(x, y)).to.be.closeTo(1, 1e-4);
  });

  for (const name of ['LogisticRegression', 'SoftmaxRegression', 'LinearSVM', 'MLPClassifier']) {
    it(`${name}: fit / predict / score on separable data`, () => {
      const x = d.tensor([[-2, -1], [-1, -2], [-1.5, -1.5], [1, 2], [2, 1], [1.5, 1.5]]);
      const y = new Int32Array([0, 0, 0, 1, 1, 1]);
      const model = new d.models[name]({ seed: 0 });
      expect(model.fit(x, y)).to.equal(model);
      const predicted = model.predict(x);
      expect(Array.from(predicted.toArray ? predicted.toArray() : predicted)).to.deep.equal([0, 0, 0, 1, 1, 1]);
      expect(model.score(x, y)).to.equal(1);
    });
  }
});

describe('API contract: d.optimize, d.tune', () => {
  const fns = () => d.optimize.functions;

  it('d.optimize.functions at their minima and known points', () => {
    const f = fns();
    expectClose([f.rosenbrock(d.tensor([-1.2, 1])).item()], [24.2]);
    expect(f.rosenbrock(d.tensor([1, 1, 1])).item()).to.equal(0);
    expect(f.beale(d.tensor([3, 0.5])).item()).to.equal(0);
    expect(f.himmelblau(d.tensor([3, 2])).item()).to.equal(0);
    expect(f.rastrigin(d.tensor([0, 0, 0])).item()).to.equal(0);
    expectClose([f.rastrigin(d.tensor([1, 0])).item()], [1]); // 10n + x² - 10 cos(2πx)
    expectClose([f.quadratic(10)(d.tensor([1, 1])).item()], [5.5]); // ½(1 + 10)
  });

  for (const method of ['gd', 'newton', 'cg', 'lbfgs', 'annealing']) {
    it(`d.optimize.minimize(method '${method}') finds the minimum of a quadratic`, () => {
      const options = {
        gd: { optimizer: 'adam', lr: 0.1, maxIter: 1000 }, annealing: { bounds: [[-2, 2], [-2, 2]], seed: 0 },
      }[method] ?? {};
      const r = d.optimize.minimize(fns().quadratic(4), [1, -1], { method, ...options });
      expect(r.success, r.message).to.equal(true);
      expectClose(r.x.toArray(), [0, 0], { atol: 1e-3, rtol: 0 });
      expect(r.fun).to.be.below(1e-6);
      for (const key of ['nit', 'nfev', 'message']) expect(r).to.have.property(key);
    });
  }

  it('d.optimize.minimize defaults to lbfgs and reaches (1, 1) on Rosenbrock', () => {
    const r = d.optimize.minimize(fns().rosenbrock, [-1.2, 1]);
    expectClose(r.x.toArray(), [1, 1], { atol: 1e-3, rtol: 0 });
    const newton = d.optimize.minimize(fns().rosenbrock, [-1.2, 1], { method: 'newton' });
    expectClose(newton.x.toArray(), [1, 1], { atol: 1e-3, rtol: 0 });
  });

  it('d.tune.gridSearch / randomSearch / bayesian return { best: { params, value }, trials }', async () => {
    const grid = await d.tune.gridSearch(({ a }) => (a - 0.5) ** 2, { a: { low: 0, high: 1 } }, { points: 5 });
    expect(grid.best).to.deep.equal({ params: { a: 0.5 }, value: 0 });
    expect(grid.trials.length).to.equal(5);
    const space = { a: { low: 0, high: 1 }, c: ['x', 'y'] };
    const objective = ({ a, c }) => a + (c === 'x' ? 0 : 10);
    const random = await d.tune.randomSearch(objective, space, { trials: 12, seed: 0 });
    expect(random.trials.length).to.equal(12);
    expect(random.best.params.c).to.equal('x');
    expect(random.best.value).to.equal(Math.min(...random.trials.map((t) => t.value)));
    const again = await d.tune.randomSearch(objective, space, { trials: 12, seed: 0 });
    expect(again.best).to.deep.equal(random.best);
    const bayes = await d.tune.bayesian(({ a }) => (a - 0.3) ** 2, { a: { low: 0, high: 1 } }, { trials: 10, seed: 0 });
    expect(bayes.trials.length).to.equal(10);
    expect(bayes.best.params.a).to.be.closeTo(0.3, 0.05);
  });
});

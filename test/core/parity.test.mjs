// Parity with PyTorch: composite expressions replayed through descent and compared, value and
// gradients, with test/fixtures/autograd.mjs (written by tools/reference/autograd.py, float64
// from the same float32 inputs). Each case below is the descent spelling of the torch
// expression of the same name in that script.
import { expect } from 'chai';
import * as d from '../../dist/index.js';
import fixture from '../fixtures/autograd.mjs';
import { expectClose } from '../helpers/assert.mjs';

const F = d.nn.functional;
const indexTensor = (i, shape = i.shape) => d.tensor(Float32Array.from(i.data), { shape });

const CASES = {
  add_broadcast: (a, b) => a.add(b),
  sub_row_broadcast: (a, b) => a.sub(b),
  sub_column_broadcast: (a, b) => b.sub(a),
  mul_broadcast: (a, b) => a.mul(b),
  div_broadcast: (a, b) => a.div(b),
  scalar_operands: (a) => d.sub(3, a).mul(2).add(a.div(4)).sub(d.div(1, a)).add(a.sub(0.5).mul(a)),
  pow_tensor_exponent: (a, b) => a.pow(b),
  pow_scalars: (a, b) => a.pow(3).add(a.pow(0.5)).add(d.pow(2, b)).add(a.pow(-1.5)),
  maximum_minimum: (a, b) => d.maximum(a, b).mul(2).add(d.minimum(a, b.reshape([1, 4]).mul(0.5))),
  where_broadcast: (a, b, c) => d.where(a.gt(c), a.mul(b), b.sub(c)),
  neg_and_scalar_first: (a) => a.mul(a).neg().add(1).add(d.mul(2, a)).sub(d.div(3, a.mul(a).add(1))),

  matmul_2d: (a, b) => a.matmul(b),
  matmul_batched: (a, b) => d.matmul(a, b),
  matmul_batched_2d_right: (a, b) => d.matmul(a, b),
  matmul_2d_left_batched: (a, b) => d.matmul(a, b),
  matmul_broadcast_batch: (a, b) => d.matmul(a, b),
  matmul_odd_sizes_bias: (a, b, c) => a.matmul(b).add(c),

  transpose_reshape_matmul: (a, b) => a.transpose(0, 2).reshape([4, 6]).matmul(b),
  transpose_last_two: (a) => a.transpose(-2, -1).mul(d.arange(12).reshape([3, 4]).transpose()),
  slice_2d: (a) => a.slice([[1, 3], [0, 4]]).mul(a.slice([[2, 4], [1, 5]])),
  slice_3d_flatten: (a) => a.slice([null, [1, 3], [2, 5]]).flatten(),
  concat_axis0: (a, b) => d.concat([a, b.mul(2), a], 0),
  concat_axis1: (a, b) => d.concat([a, b, a.mul(b)], 1),
  stack_axes: (a, b, c) => d.stack([a, b, c], 1).add(d.stack([c, a, b], 0).transpose(0, 1)),
  gather_axis1: (a, idx) => a.gather(1, indexTensor(idx)),
  gather_axis0: (a, idx) => d.gather(a, 0, indexTensor(idx)),
  index_select_repeats: (a) => a.indexSelect(0, [2, 0, 2, 3]).mul(1.5),
  index_select_middle: (a) => d.indexSelect(a, 1, new Int32Array([4, 1, 1])),

  sum_axis_keepdim: (a) => a.sum(1, true).mul(a),
  sum_two_axes: (a) => a.sum([0, 2]),
  sum_all: (a) => a.mul(a).sum(),
  mean_axes: (a) => a.mean(-1).sum().add(a.mean(0, true).mul(a).sum()).add(a.mean()),
  max_axes: (a) => a.max(1).sum().add(a.max(0, true).mul(2).sum()).add(a.max()),
  min_axes: (a) => a.min(2).sum().add(a.min(1, true).mul(3).sum()).add(a.min()),
  max_min_two_axes: (a) => a.max([0, 1]).sub(a.min(1).sum()),

  softmax_axis0: (a) => a.softmax(0),
  softmax_axis1: (a) => a.softmax(1),
  softmax_last: (a) => d.softmax(a, -1),
  log_softmax_axis1: (a) => a.logSoftmax(1),
  log_softmax_last: (a) => a.mul(3).logSoftmax(-1),
  logsumexp_axes: (a) => a.logSumExp(1).mul(2).add(a.logSumExp(0).sum()).add(a.logSumExp(-1, true).sum()),
  softmax_large_logits: (a) => a.softmax(1).mul(a.logSoftmax(1)),

  mse_loss: (a, b) => F.mseLoss(a, b),
  cross_entropy: (a, t) => F.crossEntropy(a, t.data),
  cross_entropy_wide: (a, t) => F.crossEntropy(a.mul(2), new Int32Array(t.data)),

  exp_log_chain: (a) => a.exp().add(a.mul(a)).add(1).log(),
  unary_mix: (a) => a.tanh().add(a.mul(2).sigmoid()).add(a.gelu()).add(a.softplus()).add(a.relu().mul(0.5))
    .add(a.leakyRelu(0.1)).add(a.clamp(-0.5, 0.7)),
  abs_sqrt_square: (a) => a.abs().sqrt().add(a.square().mul(0.25)),
  mlp_cross_entropy: (x, w1, b1, w2, b2, t) => {
    const h = x.matmul(w1).add(b1).tanh();
    return F.crossEntropy(h.relu().matmul(w2).add(b2), t.data);
  },
  mlp_mse: (x, w1, b1, w2, y) => {
    const h = x.matmul(w1).add(b1).gelu();
    return F.mseLoss(h.matmul(w2).sigmoid(), y.sigmoid());
  },
  attention: (q, k, v) => q.matmul(k.transpose(1, 2)).div(Math.sqrt(4)).softmax(-1).matmul(v),
  layer_norm: (x, gain, bias) => {
    const mu = x.mean(-1, true);
    const variance = x.sub(mu).pow(2).mean(-1, true);
    return x.sub(mu).div(variance.add(1e-5).sqrt()).mul(gain).add(bias);
  },
  log_softmax_gather_nll: (x, w, t) => x.matmul(w).logSoftmax(1).gather(1, indexTensor(t, [4, 1])).mean().neg(),
  where_max_chain: (a, b) => {
    const m = d.maximum(a, b);
    const s = m.neg().exp().where(m.gt(0), m.mul(m)); // the method form, as torch.Tensor.where
    return d.stack([s.sum(0), s.max(0)], 0).logSumExp(0);
  },
  reuse_many_times: (a, b) => {
    const c = a.matmul(b);
    return c.mul(c).sum().add(a.mul(a.sum()).mean()).add(d.concat([c, c.transpose()], 0).max())
      .add(a.matmul(b).matmul(c).sum());
  },
};

describe('parity with PyTorch (test/fixtures/autograd.mjs)', () => {
  it('has a descent expression for every fixture case, and the reverse', () => {
    const names = fixture.cases.map((c) => c.name);
    expect(names.filter((n) => !(n in CASES)), 'cases without a descent expression').to.deep.equal([]);
    expect(Object.keys(CASES).filter((n) => !names.includes(n)), 'expressions without a fixture').to.deep.equal([]);
  });

  for (const c of fixture.cases) {
    it(c.name, () => {
      const before = d.memory();
      d.tidy(() => {
        const args = c.inputs.map((i) =>
          i.index ? i : d.tensor(Float32Array.from(i.data), { shape: i.shape, requiresGrad: i.requiresGrad }));
        const leaves = args.filter((a) => a instanceof d.Tensor && a.requiresGrad);
        const y = CASES[c.name](...args);
        const tol = { rtol: c.rtol ?? 1e-5, atol: c.atol ?? 1e-6 };
        expect(y.shape, 'shape').to.deep.equal(c.value.shape);
        expectClose(y.toFloat32Array(), c.value.data, { ...tol, what: `${c.name} value` });
        if (c.cotangent === null) y.backward();
        else y.backward(d.tensor(Float32Array.from(c.cotangent.data), { shape: c.cotangent.shape }));
        expect(leaves.length).to.equal(c.grads.length);
        leaves.forEach((leaf, k) => {
          expect(leaf.grad, `grad ${k}`).to.not.equal(null);
          expect(leaf.grad.shape).to.deep.equal(c.grads[k].shape);
          expectClose(leaf.grad.toFloat32Array(), c.grads[k].data, { ...tol, what: `${c.name} grad ${k}` });
        });
      });
      expect(d.memory().tensors, 'tensors left behind').to.equal(before.tensors);
    });
  }
});

// Second order: d.hvp differentiates a recorded gradient again (createGraph); torch's reference
// is autograd.grad of (grad f · v) with create_graph=True.
const HVP = {
  hvp_softmax_cross_entropy: (x) => F.crossEntropy(x.mul(x), [1, 0, 3]),
  hvp_mlp_tanh_mse: (x) => F.mseLoss(x.matmul(d.linspace(-1, 1, 6).reshape([3, 2])).tanh(), d.full([2, 2], 0.5)),
  hvp_logsumexp_pow: (x) => x.logSumExp(1).pow(2).sum().add(x.exp().div(x.mul(x).add(1)).mean()),
  hvp_matmul_chain: (x) => {
    const y = x.matmul(x.transpose());
    return y.logSoftmax(0).mul(y).sum().add(d.stack([x.sum(0), x.max(0)], 0).square().sum());
  },
  hvp_div_sqrt_gather: (x) => {
    const g = x.gather(1, [[4, 0], [2, 2]]);
    return x.sqrt().div(x.add(1)).sum().add(g.mul(g).sum()).add(x.gelu().mul(x.neg().softplus()).sum());
  },
};

describe('parity with PyTorch: Hessian-vector products (createGraph)', () => {
  it('has a descent function for every fixture case, and the reverse', () => {
    const names = fixture.hvp.map((c) => c.name);
    expect(names.filter((n) => !(n in HVP))).to.deep.equal([]);
    expect(Object.keys(HVP).filter((n) => !names.includes(n))).to.deep.equal([]);
  });

  for (const c of fixture.hvp) {
    it(c.name, () => {
      const before = d.memory().tensors;
      d.tidy(() => {
        const x = d.tensor(Float32Array.from(c.x.data), { shape: c.x.shape });
        const v = d.tensor(Float32Array.from(c.v.data), { shape: c.v.shape });
        const { value, grads } = d.valueAndGrad(HVP[c.name])(x);
        expectClose([value.item()], [c.value], { what: `${c.name} value` });
        expectClose(grads[0].toFloat32Array(), c.grad.data, { what: `${c.name} grad` });
        const hv = d.hvp(HVP[c.name])(x, v);
        expect(hv.shape).to.deep.equal(c.hvp.shape);
        expectClose(hv.toFloat32Array(), c.hvp.data, { what: `${c.name} hvp` });
      });
      expect(d.memory().tensors).to.equal(before);
    });
  }
});

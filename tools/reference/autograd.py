#!/usr/bin/python3
"""Writes test/fixtures/autograd.mjs: values and gradients of composite expressions, by PyTorch.

Run with Debian's python3-torch:  /usr/bin/python3 tools/reference/autograd.py

Every case has fixed float32 inputs (drawn here from a seeded NumPy generator and stored in the
fixture), an expression written below with torch ops, and the same expression written with
descent ops in test/core/parity.test.mjs under the same name. The reference is computed in float64
from those float32 inputs, so the test measures descent's float32 error alone. A case whose
result is not a scalar is differentiated along a fixed cotangent `cotangent` (also stored):
grads are those of sum(result * cotangent), which descent computes as result.backward(cotangent).
"""
import math
import os

import numpy as np
import torch
import torch.nn.functional as F

torch.set_num_threads(1)
OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'fixtures', 'autograd.mjs')
rng = np.random.RandomState(20240613)


def randn(*shape, grad=True, scale=1.0):
    return {'kind': 'tensor', 'data': (rng.randn(*shape) * scale).astype(np.float32), 'grad': grad}


def uniform(lo, hi, *shape, grad=True):
    return {'kind': 'tensor', 'data': rng.uniform(lo, hi, size=shape).astype(np.float32), 'grad': grad}


def away_from_zero(*shape, grad=True):
    """Values with |x| in [0.5, 2] and random signs (for divisors and kinks)."""
    mag = rng.uniform(0.5, 2.0, size=shape)
    sign = np.where(rng.rand(*shape) < 0.5, -1.0, 1.0)
    return {'kind': 'tensor', 'data': (mag * sign).astype(np.float32), 'grad': grad}


def index(high, *shape):
    return {'kind': 'index', 'data': rng.randint(0, high, size=shape).astype(np.int64)}


def spaced(*shape, grad=True):
    """Distinct values at least 0.05 apart in random order (no ties for max/min)."""
    n = int(np.prod(shape))
    values = (np.arange(n) - n / 2) * 0.05 * 1.5 + rng.uniform(-0.01, 0.01, size=n)
    return {'kind': 'tensor', 'data': rng.permutation(values).reshape(shape).astype(np.float32), 'grad': grad}


CASES = []


def case(*inputs, rtol=None, atol=None):
    def register(fn):
        CASES.append({'name': fn.__name__, 'fn': fn, 'inputs': inputs, 'rtol': rtol, 'atol': atol})
        return fn
    return register


# ---- broadcasting arithmetic -------------------------------------------------------------------
@case(randn(3, 1, 4), randn(2, 1))
def add_broadcast(a, b):
    return a + b


@case(randn(4), randn(3, 4))
def sub_row_broadcast(a, b):
    return a - b


@case(randn(3, 1), randn(3, 5))
def sub_column_broadcast(a, b):
    return b - a


@case(randn(2, 3, 1), randn(1, 4))
def mul_broadcast(a, b):
    return a * b


@case(randn(3, 4), away_from_zero(4))
def div_broadcast(a, b):
    return a / b


@case(away_from_zero(2, 3))
def scalar_operands(a):
    return (3 - a) * 2 + a / 4 - 1 / a + (a - 0.5) * a


@case(uniform(0.5, 2.0, 3, 4), randn(4, scale=0.7))
def pow_tensor_exponent(a, b):
    return a ** b


@case(uniform(0.5, 2.0, 2, 5), randn(2, 5))
def pow_scalars(a, b):
    return a ** 3 + a ** 0.5 + 2 ** b + a ** -1.5


@case(randn(3, 4), randn(4))
def maximum_minimum(a, b):
    return torch.maximum(a, b) * 2 + torch.minimum(a, b.reshape(1, 4) * 0.5)


@case(randn(2, 3), randn(2, 3), randn(3))
def where_broadcast(a, b, c):
    return torch.where(a > c, a * b, b - c)


@case(randn(6))
def neg_and_scalar_first(a):
    return -(a * a) + 1 + 2 * a - 3 / (a * a + 1)


# ---- matrix products ---------------------------------------------------------------------------
@case(randn(3, 5), randn(5, 4))
def matmul_2d(a, b):
    return a @ b


@case(randn(2, 3, 5), randn(2, 5, 4))
def matmul_batched(a, b):
    return torch.matmul(a, b)


@case(randn(2, 3, 5), randn(5, 4))
def matmul_batched_2d_right(a, b):
    return torch.matmul(a, b)


@case(randn(3, 5), randn(2, 5, 4))
def matmul_2d_left_batched(a, b):
    return torch.matmul(a, b)


@case(randn(1, 3, 5), randn(3, 5, 2))
def matmul_broadcast_batch(a, b):
    return torch.matmul(a, b)


@case(randn(17, 9), randn(9, 13), randn(13))
def matmul_odd_sizes_bias(a, b, c):
    return a @ b + c


# ---- shapes ------------------------------------------------------------------------------------
@case(randn(2, 3, 4), randn(6, 2))
def transpose_reshape_matmul(a, b):
    return a.transpose(0, 2).reshape(4, 6) @ b


@case(randn(2, 3, 4))
def transpose_last_two(a):
    return a.transpose(-2, -1) * torch.arange(12, dtype=a.dtype).reshape(3, 4).T


@case(randn(4, 5))
def slice_2d(a):
    return a[1:3, 0:4] * a[2:4, 1:5]


@case(randn(3, 4, 5))
def slice_3d_flatten(a):
    return a[:, 1:3, 2:].flatten()


@case(randn(2, 3), randn(4, 3))
def concat_axis0(a, b):
    return torch.cat([a, b * 2, a], 0)


@case(randn(2, 3), randn(2, 1))
def concat_axis1(a, b):
    return torch.cat([a, b, a * b], 1)


@case(randn(3, 2), randn(3, 2), randn(3, 2))
def stack_axes(a, b, c):
    return torch.stack([a, b, c], 1) + torch.stack([c, a, b], 0).transpose(0, 1)


@case(randn(3, 4), index(4, 3, 2))
def gather_axis1(a, idx):
    return torch.gather(a, 1, idx)


@case(randn(4, 3), index(4, 5, 2))
def gather_axis0(a, idx):
    return torch.gather(a, 0, idx)


@case(randn(4, 3))
def index_select_repeats(a):
    return torch.index_select(a, 0, torch.tensor([2, 0, 2, 3])) * 1.5


@case(randn(2, 5, 3))
def index_select_middle(a):
    return torch.index_select(a, 1, torch.tensor([4, 1, 1]))


# ---- reductions --------------------------------------------------------------------------------
@case(randn(2, 3, 4))
def sum_axis_keepdim(a):
    return a.sum(1, keepdim=True) * a


@case(randn(2, 3, 4))
def sum_two_axes(a):
    return a.sum([0, 2])


@case(randn(2, 3, 4))
def sum_all(a):
    return (a * a).sum()


@case(randn(3, 5))
def mean_axes(a):
    return a.mean(-1) .sum() + a.mean(0, keepdim=True).mul(a).sum() + a.mean()


@case(spaced(3, 4, 5))
def max_axes(a):
    return a.amax(1).sum() + a.amax(0, keepdim=True).mul(2).sum() + a.amax()


@case(spaced(3, 4, 5))
def min_axes(a):
    return a.amin(2).sum() + a.amin(1, keepdim=True).mul(3).sum() + a.amin()


@case(spaced(4, 6))
def max_min_two_axes(a):
    return a.amax([0, 1]) - a.amin(1).sum()


# ---- softmax family ----------------------------------------------------------------------------
@case(randn(2, 3, 4))
def softmax_axis0(a):
    return torch.softmax(a, 0)


@case(randn(2, 3, 4))
def softmax_axis1(a):
    return torch.softmax(a, 1)


@case(randn(2, 3, 4))
def softmax_last(a):
    return torch.softmax(a, -1)


@case(randn(3, 5, 2))
def log_softmax_axis1(a):
    return torch.log_softmax(a, 1)


@case(randn(4, 7))
def log_softmax_last(a):
    return torch.log_softmax(a * 3, -1)


@case(randn(3, 4, 5))
def logsumexp_axes(a):
    return torch.logsumexp(a, 1) * 2 + torch.logsumexp(a, 0).sum() + torch.logsumexp(a, -1, keepdim=True).sum()


@case(randn(2, 6, scale=30.0))
def softmax_large_logits(a):
    return torch.softmax(a, 1) * torch.log_softmax(a, 1)


# ---- losses ------------------------------------------------------------------------------------
@case(randn(4, 3), randn(4, 3))
def mse_loss(a, b):
    return F.mse_loss(a, b)


@case(randn(5, 4), index(4, 5))
def cross_entropy(a, t):
    return F.cross_entropy(a, t)


@case(randn(3, 7, scale=5.0), index(7, 3))
def cross_entropy_wide(a, t):
    return F.cross_entropy(a * 2, t)


# ---- unary ops and chains ----------------------------------------------------------------------
@case(randn(3, 4))
def exp_log_chain(a):
    return torch.log(torch.exp(a) + a * a + 1)


@case(randn(2, 5))
def unary_mix(a):
    return (torch.tanh(a) + torch.sigmoid(a * 2) + F.gelu(a) + F.softplus(a) + torch.relu(a) * 0.5
            + F.leaky_relu(a, 0.1) + torch.clamp(a, -0.5, 0.7))


@case(away_from_zero(2, 4))
def abs_sqrt_square(a):
    return torch.sqrt(torch.abs(a)) + torch.square(a) * 0.25


@case(randn(4, 3), randn(3, 5), randn(5), randn(5, 3), randn(3), index(3, 4))
def mlp_cross_entropy(x, w1, b1, w2, b2, t):
    h = torch.tanh(x @ w1 + b1)
    logits = torch.relu(h) @ w2 + b2
    return F.cross_entropy(logits, t)


@case(randn(6, 4), randn(4, 8), randn(8), randn(8, 1), randn(6, 1))
def mlp_mse(x, w1, b1, w2, y):
    h = F.gelu(x @ w1 + b1)
    return F.mse_loss(torch.sigmoid(h @ w2), torch.sigmoid(y))


@case(randn(2, 3, 4), randn(2, 3, 4), randn(2, 3, 4))
def attention(q, k, v):
    scores = torch.matmul(q, k.transpose(1, 2)) / math.sqrt(4)
    return torch.matmul(torch.softmax(scores, -1), v)


@case(randn(3, 6), randn(6), randn(6))
def layer_norm(x, gain, bias):
    mu = x.mean(-1, keepdim=True)
    var = ((x - mu) ** 2).mean(-1, keepdim=True)
    return (x - mu) / torch.sqrt(var + 1e-5) * gain + bias


@case(randn(4, 5), randn(5, 3), index(3, 4))
def log_softmax_gather_nll(x, w, t):
    lp = torch.log_softmax(x @ w, 1)
    return -torch.gather(lp, 1, t.reshape(4, 1)).mean()


@case(randn(3, 4), randn(3, 4))
def where_max_chain(a, b):
    m = torch.maximum(a, b)
    s = torch.where(m > 0, torch.exp(-m), m * m)
    return torch.stack([s.sum(0), s.amax(0)], 0).logsumexp(0)


@case(randn(2, 3), randn(3, 2))
def reuse_many_times(a, b):
    c = a @ b
    return (c * c).sum() + (a * a.sum()).mean() + torch.cat([c, c.T], 0).amax() + (a @ b @ c).sum()


# ---- second order: Hessian-vector products of scalar functions of one tensor ---------------------
# descent's d.hvp(f)(x, v) differentiates f's recorded gradient again (createGraph); torch's
# reference is autograd.grad of (grad(f) . v) with create_graph.
HVP_CASES = []


def hvp_case(shape, kind=randn):
    def register(fn):
        HVP_CASES.append({'name': fn.__name__, 'fn': fn, 'x': kind(*shape), 'v': randn(*shape)})
        return fn
    return register


@hvp_case((3, 4))
def hvp_softmax_cross_entropy(x):
    return F.cross_entropy(x * x, torch.tensor([1, 0, 3]))


@hvp_case((2, 3))
def hvp_mlp_tanh_mse(x):
    w = torch.linspace(-1, 1, 6, dtype=x.dtype).reshape(3, 2)
    return F.mse_loss(torch.tanh(x @ w), torch.ones(2, 2, dtype=x.dtype) * 0.5)


@hvp_case((4, 3))
def hvp_logsumexp_pow(x):
    return torch.logsumexp(x, 1).pow(2).sum() + (x.exp() / (1 + x * x)).mean()


@hvp_case((3, 3))
def hvp_matmul_chain(x):
    y = x @ x.T
    return (torch.log_softmax(y, 0) * y).sum() + torch.stack([x.sum(0), x.amax(0)], 0).square().sum()


@hvp_case((2, 5), lambda *shape: uniform(0.5, 2.0, *shape))
def hvp_div_sqrt_gather(x):
    g = torch.gather(x, 1, torch.tensor([[4, 0], [2, 2]]))
    return (torch.sqrt(x) / (x + 1)).sum() + (g * g).sum() + F.gelu(x).mul(F.softplus(-x)).sum()


# ---- running and writing ----------------------------------------------------------------------
def run(entry):
    leaves = []
    args = []
    for spec in entry['inputs']:
        if spec['kind'] == 'index':
            args.append(torch.from_numpy(spec['data']))
        else:
            t = torch.from_numpy(spec['data'].astype(np.float64)).requires_grad_(spec['grad'])
            leaves.append(t)
            args.append(t)
    out = entry['fn'](*args)
    cotangent = None
    if out.dim() == 0:
        out.backward()
    else:
        cotangent = rng.randn(*out.shape).astype(np.float32)
        out.backward(torch.from_numpy(cotangent.astype(np.float64)))
    grads = [t.grad.numpy() if t.requires_grad else None for t in leaves]
    return out.detach().numpy(), cotangent, grads


def num(v):
    v = float(v)
    if math.isnan(v):
        return 'NaN'
    if math.isinf(v):
        return 'Infinity' if v > 0 else '-Infinity'
    return repr(v)  # shortest repr: parses back to the same double


def array(values):
    flat = np.asarray(values).reshape(-1)
    return '[' + ', '.join(num(v) for v in flat) + ']'


def shaped(values):
    return f"{{ shape: {list(np.shape(values))}, data: {array(values)} }}"


def main():
    parts = []
    for entry in CASES:
        value, cotangent, grads = run(entry)
        inputs = []
        for spec in entry['inputs']:
            if spec['kind'] == 'index':
                inputs.append(f"{{ index: true, shape: {list(spec['data'].shape)}, data: {array(spec['data'])} }}")
            else:
                inputs.append(f"{{ shape: {list(spec['data'].shape)}, data: {array(spec['data'])}, "
                              f"requiresGrad: {'true' if spec['grad'] else 'false'} }}")
        lines = [f"    name: '{entry['name']}',",
                 '    inputs: [\n      ' + ',\n      '.join(inputs) + '\n    ],',
                 f'    value: {shaped(value)},',
                 f"    cotangent: {shaped(cotangent) if cotangent is not None else 'null'},",
                 '    grads: [\n      ' + ',\n      '.join(shaped(g) for g in grads if g is not None) + '\n    ],']
        if entry['rtol'] is not None:
            lines.append(f"    rtol: {entry['rtol']},")
        if entry['atol'] is not None:
            lines.append(f"    atol: {entry['atol']},")
        parts.append('  {\n' + '\n'.join(lines) + '\n  }')
    hvp_parts = []
    for entry in HVP_CASES:
        x = torch.from_numpy(entry['x']['data'].astype(np.float64)).requires_grad_(True)
        v = torch.from_numpy(entry['v']['data'].astype(np.float64))
        f = entry['fn'](x)
        (g,) = torch.autograd.grad(f, x, create_graph=True)
        (hv,) = torch.autograd.grad((g * v).sum(), x)
        hvp_parts.append('\n'.join([
            '  {',
            f"    name: '{entry['name']}',",
            f"    x: {shaped(entry['x']['data'])},",
            f"    v: {shaped(entry['v']['data'])},",
            f'    value: {num(f.item())},',
            f'    grad: {shaped(g.detach().numpy())},',
            f'    hvp: {shaped(hv.numpy())},',
            '  }']))
    header = ('// Generated by tools/reference/autograd.py (PyTorch ' + torch.__version__ +
              ', float64 from float32 inputs); do not edit.\n')
    with open(OUT, 'w') as f:
        f.write(header + 'export default {\n  torch: ' + repr(torch.__version__) + ',\n  cases: [\n' +
                ',\n'.join(parts) + ',\n  ],\n  hvp: [\n' + ',\n'.join(hvp_parts) + ',\n  ],\n};\n')
    print(f'wrote {len(CASES)} cases and {len(HVP_CASES)} Hessian-vector products to {os.path.relpath(OUT)}')


if __name__ == '__main__':
    main()

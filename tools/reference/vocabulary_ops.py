# Writes test/fixtures/vocabulary_ops.mjs: the tensor vocabulary with kernels of its own and the
# shape pieces (log1p ... trunc, cumsum, cumprod, prod, norm, sort, argsort, topk, narrow, select,
# split, chunk, flip, roll, repeat, tile, open slices, torch.matmul's rules) evaluated by
# PyTorch 1.13: the outputs, and the gradients of Σ_i sum(out_i * r_i) for fixed random r_i with
# respect to every input, for test/core/vocabulary_ops.test.mjs. Each case names the descent
# call (`op`, `args` after the input tensors) the test makes.
#   /usr/bin/python3 tools/reference/vocabulary_ops.py
import os
import numpy as np
import torch

from fixture import write_fixture

here = os.path.dirname(os.path.abspath(__file__))
out_path = os.path.join(here, '..', '..', 'test', 'fixtures', 'vocabulary_ops.mjs')
rng = np.random.default_rng(14)
INF = float('inf')


def values(shape, scale=1.0, low=None, high=None):
    if low is not None:
        return torch.tensor(rng.uniform(low, high, size=shape).astype(np.float32))
    return torch.tensor((rng.normal(size=shape) * scale).astype(np.float32))


def given(data):
    return torch.tensor(np.array(data, dtype=np.float32))


def flat(t):
    return [float(v) for v in t.detach().numpy().astype(np.float64).ravel()]


def outputs(result):
    """[(tensor, is_value)] in the order the test reads them."""
    if isinstance(result, torch.Tensor):
        return [(result, result.dtype == torch.float32)]
    if hasattr(result, 'indices'):
        return [(result.values, True), (result.indices, False)]
    return [(t, True) for t in result]


def case(name, op, args, inputs, fn, grad=True):
    leaves = [t.clone().requires_grad_(grad) for t in inputs]
    outs = outputs(fn(*leaves))
    rs = [values(tuple(o.shape)) if is_value else None for o, is_value in outs]
    if grad:
        loss = sum((o * r).sum() for (o, is_value), r in zip(outs, rs) if is_value)
        loss.backward()
    return {
        'name': name, 'op': op, 'args': args,
        'inputs': [{'shape': list(t.shape), 'data': flat(t)} for t in leaves],
        'outs': [{'shape': list(o.shape), 'data': flat(o)} for o, _ in outs],
        'rs': [None if r is None else flat(r) for r in rs],
        'grads': [flat(t.grad) if grad and t.grad is not None else None for t in leaves],
    }


def unary_cases():
    tiny = [1e-7, -1e-7, 3e-5, -2e-4, 1e-30, 0.0]
    cases = []
    x = torch.cat([given(tiny), values((3, 7), low=-0.95, high=6).ravel()]).reshape(3, 9)
    cases.append(case('log1p', 'log1p', [], [x], torch.log1p))
    cases.append(case('log1p large', 'log1p', [], [given([1e10, 3e30, 65504.0, -0.999])], torch.log1p))
    x = torch.cat([given(tiny), given([0.3, -0.3, 0.35, -0.35, 0.7, -0.7]), values((2, 6), scale=4).ravel()]).reshape(4, 6)
    cases.append(case('expm1', 'expm1', [], [x], torch.expm1))
    cases.append(case('expm1 large', 'expm1', [], [given([60.0, 88.0, -20.0, -90.0])], torch.expm1))
    x = values((2, 3, 5), low=0.2, high=3) * torch.where(values((2, 3, 5)) > 0, 1.0, -1.0)
    cases.append(case('reciprocal', 'reciprocal', [], [x], torch.reciprocal))
    cases.append(case('rsqrt', 'rsqrt', [], [values((4, 5), low=0.05, high=9)], torch.rsqrt))
    halves = given([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5, -3.7, 3.7, -0.2, 0.2, 1e7 + 1, -8388609.0, 0.49999997])
    for op in ['floor', 'ceil', 'round', 'trunc']:
        cases.append(case(op, op, [], [torch.cat([halves, values(10, scale=3)]).reshape(3, 8)], getattr(torch, op)))
    return cases


def scan_cases():
    cases = []
    for name, shape, dim in [('1-D', (7,), 0), ('rows', (3, 5), 1), ('columns, negative dim', (3, 5), -2),
                             ('3-D middle', (2, 3, 6), 1), ('3-D first', (4, 2, 3), 0), ('wide inner', (3, 2, 9), 0)]:
        cases.append(case('cumsum ' + name, 'cumsum', [dim], [values(shape)], lambda x, d=dim: torch.cumsum(x, d)))
        cases.append(case('cumprod ' + name, 'cumprod', [dim], [values(shape, low=0.5, high=1.6)], lambda x, d=dim: torch.cumprod(x, d)))
    zeros = given([[1.5, 0, 2, -1, 0.5], [0, 2, 3, 0, 4], [2, -1, 0.5, 1.5, 0], [1, 2, 3, 4, 5]])
    cases.append(case('cumprod with zeros', 'cumprod', [1], [zeros], lambda x: torch.cumprod(x, 1)))
    cases.append(case('cumprod with zeros, columns', 'cumprod', [0], [zeros.t().contiguous()], lambda x: torch.cumprod(x, 0)))
    cases.append(case('prod all', 'prod', [], [values((2, 3), low=0.5, high=1.5)], lambda x: torch.prod(x)))
    cases.append(case('prod dim', 'prod', [1], [values((3, 4), low=-2, high=2)], lambda x: torch.prod(x, 1)))
    cases.append(case('prod dim keepdim', 'prod', [-3, True], [values((3, 2, 4), low=-2, high=2)], lambda x: torch.prod(x, -3, True)))
    cases.append(case('prod with zeros', 'prod', [1], [zeros], lambda x: torch.prod(x, 1)))
    return cases


def norm_cases():
    cases = []
    x = values((3, 4, 5))
    for name, p, dim, keep in [('2 all', 2, None, False), ('fro all', 'fro', None, False), ('1 dim', 1, 1, False),
                               ('2 dim keepdim', 2, -1, True), ('inf dim', INF, 0, False), ('-inf dim', -INF, 2, True),
                               ('0 dim', 0, 1, False), ('fro two dims', 'fro', [0, 2], False), ('2 two adjacent dims', 2, [1, 2], True),
                               ('3 dim', 3, -1, False), ('0.5 dim', 0.5, 1, False), ('1.5 all', 1.5, None, False)]:
        def fn(t, p=p, dim=dim, keep=keep):
            if p == 'fro':
                return torch.norm(t, 'fro', dim=dim, keepdim=keep)
            return torch.linalg.vector_norm(t, p, dim=dim, keepdim=keep)
        args = [p] + ([] if dim is None else [dim]) + ([True] if keep else [])
        cases.append(case('norm ' + name, 'norm', args, [x], fn))
    zero_row = given([[0, 0, 0], [3, -4, 0], [1, -1, 1]])
    for p in [2, 1, INF, 3]:
        cases.append(case('norm %s with a zero row' % p, 'norm', [p, 1], [zero_row], lambda t, p=p: torch.linalg.vector_norm(t, p, dim=1)))
    return cases


def sort_cases():
    cases = []
    ties = given([[3, 1, 2, 1, 3, 0, -0.0, 2], [5, 5, 5, -1, 4, 4, 0, 9], [1, 2, 3, 4, 5, 6, 7, 8]])
    cases.append(case('sort rows with ties', 'sort', [], [ties], lambda x: torch.sort(x, stable=True)))
    cases.append(case('sort descending with ties', 'sort', [1, {'descending': True}], [ties], lambda x: torch.sort(x, stable=True, dim=1, descending=True)))
    cases.append(case('sort columns', 'sort', [0], [values((5, 4))], lambda x: torch.sort(x, stable=True, dim=0)))
    cases.append(case('sort 3-D middle', 'sort', [1, {'descending': True}], [values((2, 37, 3))], lambda x: torch.sort(x, stable=True, dim=1, descending=True)))
    cases.append(case('sort long row', 'sort', [-1], [values((2, 70))], lambda x: torch.sort(x, stable=True, dim=-1)))
    nan = given([[2, float('nan'), -1, INF, -INF, 0]])
    cases.append(case('sort with NaN and infinities', 'sort', [], [nan], lambda x: torch.sort(x, stable=True), grad=False))
    cases.append(case('sort descending with NaN', 'sort', [-1, {'descending': True}], [nan], lambda x: torch.sort(x, stable=True, dim=-1, descending=True), grad=False))
    cases.append(case('argsort stable', 'argsort', [1, {'stable': True}], [ties], lambda x: torch.argsort(x, stable=True, dim=1), grad=False))
    cases.append(case('argsort descending', 'argsort', [0, {'descending': True}], [values((6, 3))], lambda x: torch.argsort(x, 0, descending=True), grad=False))
    x = values((4, 9))
    cases.append(case('topk largest', 'topk', [3], [x], lambda t: torch.topk(t, 3)))
    cases.append(case('topk smallest dim 0', 'topk', [2, {'dim': 0, 'largest': False}], [x], lambda t: torch.topk(t, 2, 0, largest=False)))
    cases.append(case('topk k = size', 'topk', [4, {'dim': -2}], [x], lambda t: torch.topk(t, 4, -2)))
    cases.append(case('topk 3-D', 'topk', [5, {'dim': 1}], [values((2, 40, 3))], lambda t: torch.topk(t, 5, 1)))
    cases.append(case('topk k = 40 of 70 (sorts whole lines)', 'topk', [40, {'largest': False}], [values((3, 70))], lambda t: torch.topk(t, 40, largest=False)))
    return cases


def piece_cases():
    cases = []
    x = values((4, 5, 3))
    cases.append(case('narrow', 'narrow', [1, 1, 3], [x], lambda t: torch.narrow(t, 1, 1, 3)))
    cases.append(case('narrow negative start', 'narrow', [-1, -2, 2], [x], lambda t: torch.narrow(t, -1, -2, 2)))
    cases.append(case('select', 'select', [1, 2], [x], lambda t: torch.select(t, 1, 2)))
    cases.append(case('select negative', 'select', [-3, -1], [x], lambda t: torch.select(t, -3, -1)))
    cases.append(case('split size', 'split', [2, 1], [x], lambda t: torch.split(t, 2, 1)))
    cases.append(case('split sizes', 'split', [[1, 3], 0], [x], lambda t: torch.split(t, [1, 3], 0)))
    cases.append(case('chunk uneven', 'chunk', [3, 1], [x], lambda t: torch.chunk(t, 3, 1)))
    cases.append(case('chunk fewer pieces', 'chunk', [4, -1], [values((2, 6))], lambda t: torch.chunk(t, 4, -1)))
    cases.append(case('flip', 'flip', [[0, 2]], [x], lambda t: torch.flip(t, [0, 2])))
    cases.append(case('flip last', 'flip', [-1], [x], lambda t: torch.flip(t, [-1])))
    cases.append(case('roll two dims', 'roll', [[1, -2], [0, 1]], [x], lambda t: torch.roll(t, (1, -2), (0, 1))))
    cases.append(case('roll flattened', 'roll', [7], [x], lambda t: torch.roll(t, 7)))
    cases.append(case('roll more than the size', 'roll', [13, -1], [x], lambda t: torch.roll(t, 13, -1)))
    y = values((2, 3))
    cases.append(case('repeat', 'repeat', [2, 1, 3], [y], lambda t: t.repeat(2, 1, 3)))
    cases.append(case('repeat array', 'repeat', [[3, 2]], [y], lambda t: t.repeat(3, 2)))
    cases.append(case('tile short reps', 'tile', [[2]], [y], lambda t: torch.tile(t, (2,))))
    cases.append(case('tile long reps', 'tile', [[2, 1, 2]], [y], lambda t: torch.tile(t, (2, 1, 2))))
    cases.append(case('slice open bounds', 'slice', [[None, [-2, None]]], [y], lambda t: t[:, -2:]))
    cases.append(case('slice open start, step', 'slice', [[[None, -1], [None, None, 2], None]], [x], lambda t: t[:-1, ::2, :]))
    cases.append(case('slice clamps bounds past the ends', 'slice', [[[-10, 10], [3, 100], [2, 1]]], [x], lambda t: t[-10:10, 3:100, 2:1]))
    return cases


def matmul_cases():
    cases = []
    for name, a, b in [('1-D . 1-D', (5,), (5,)), ('1-D . 2-D', (4,), (4, 3)), ('2-D . 1-D', (3, 4), (4,)),
                       ('1-D . 3-D', (4,), (2, 4, 3)), ('4-D . 1-D', (2, 3, 2, 4), (4,)),
                       ('4-D . 2-D', (2, 3, 2, 4), (4, 5)), ('2-D . 4-D', (3, 4), (2, 2, 4, 5)),
                       ('broadcast batch', (2, 1, 3, 4), (3, 4, 2)), ('broadcast both', (2, 1, 3, 4), (1, 3, 4, 2)),
                       ('3-D . 3-D batch 1', (1, 3, 4), (5, 4, 2)), ('5-D', (2, 1, 2, 2, 3), (3, 1, 3, 2))]:
        cases.append(case('matmul ' + name, 'matmul', [], [values(a), values(b)], torch.matmul))
    return cases


data = {'cases': unary_cases() + scan_cases() + norm_cases() + sort_cases() + piece_cases() + matmul_cases()}
write_fixture(out_path, 'vocabulary_ops.py', torch.__version__, data)

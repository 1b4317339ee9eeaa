#!/usr/bin/python3
"""Writes test/fixtures/kinks.mjs: values and gradients of the non-loss ops at their kinks, ties,
bounds and extremes (relu/abs/clamp/max/min/maximum at ties and bounds, sqrt and pow at 0, 0^0,
log at 0, huge logits in softmax/logSoftmax/logSumExp, NaN and infinities), by PyTorch 1.13 in
float32 — the subgradient each op picks where it is not differentiable is torch's choice.

Run with Debian's python3-torch:  /usr/bin/python3 tools/reference/kinks.py

Each case names an expression written below with torch ops and in test/core/kinks.test.mjs with
descent ops. Gradients are those of sum(result), i.e. result.backward(ones).
"""
import math
import os

import torch

from fixture import write_fixture

torch.set_num_threads(1)
OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'fixtures', 'kinks.mjs')
INF = math.inf
NAN = math.nan
HUGE = 1e30


def encode(values):
    """Floats as JSON: non-finite ones as strings ('NaN', 'Infinity', '-Infinity'), -0 as '-0'."""
    out = []
    for v in values:
        v = float(v)
        if math.isnan(v):
            out.append('NaN')
        elif math.isinf(v):
            out.append('Infinity' if v > 0 else '-Infinity')
        elif v == 0 and math.copysign(1, v) < 0:
            out.append('-0')
        else:
            out.append(v)
    return out


CASES = {
    # name: (inputs, function of torch tensors)
    'relu': ([[-1, 0, 1, -0.0, NAN, INF, -INF]], lambda x: torch.relu(x)),
    'abs': ([[-1, 0, 1, -0.0, INF, -INF]], lambda x: torch.abs(x)),
    'sign': ([[-2, 0, 3, -0.0, INF]], lambda x: torch.sign(x)),
    'leakyRelu': ([[-1, 0, 1, -0.0]], lambda x: torch.nn.functional.leaky_relu(x, 0.1)),
    'clamp01': ([[-1, 0, 0.5, 1, 2, NAN]], lambda x: torch.clamp(x, 0, 1)),
    'clampMinOnly': ([[-1, 0, 1]], lambda x: torch.clamp(x, min=0)),
    'clampMaxOnly': ([[-1, 0, 1]], lambda x: torch.clamp(x, max=0)),
    'clampEqualBounds': ([[-1, 0.5, 1]], lambda x: torch.clamp(x, 0.5, 0.5)),
    'maxAllTies': ([[1, 3, 3, 2]], lambda x: torch.amax(x, dim=0)),
    'maxAllEqual': ([[2, 2, 2]], lambda x: torch.amax(x, dim=0)),
    'maxAxisTies': ([[[1, 3, 3], [4, 4, 0]]], lambda x: torch.amax(x, dim=1)),
    'maxNaN': ([[1, NAN, 3]], lambda x: torch.amax(x, dim=0)),
    'minAllTies': ([[1, 0, 0, 2]], lambda x: torch.amin(x, dim=0)),
    'minAxisTies': ([[[1, 1, 3], [0, 4, 0]]], lambda x: torch.amin(x, dim=1)),
    'maximumTies': ([[1, 2, 3, 0], [1, 5, 3, -1]], lambda a, b: torch.maximum(a, b)),
    'minimumTies': ([[1, 2, 3, 0], [1, 5, 3, -1]], lambda a, b: torch.minimum(a, b)),
    'maximumScalarTie': ([[0, 1, 2]], lambda x: torch.maximum(x, torch.tensor(1.0))),
    'minimumScalarTie': ([[0, 1, 2]], lambda x: torch.minimum(x, torch.tensor(1.0))),
    'sqrtAtZero': ([[0, 1, 4, -0.0]], lambda x: torch.sqrt(x)),
    'sqrtNegative': ([[-1]], lambda x: torch.sqrt(x)),
    'logAtZero': ([[0, 1, -0.0]], lambda x: torch.log(x)),
    'logNegative': ([[-1]], lambda x: torch.log(x)),
    'logInfinity': ([[INF]], lambda x: torch.log(x)),
    'powSquareAtZero': ([[0, -1, 2]], lambda x: torch.pow(x, 2)),
    'powHalfAtZero': ([[0, 4]], lambda x: torch.pow(x, 0.5)),
    'powZeroExponent': ([[0, 2, -3]], lambda x: torch.pow(x, 0)),
    'powNegativeExponentAtZero': ([[0, 2]], lambda x: torch.pow(x, -1)),
    'powNegativeBaseFraction': ([[-8]], lambda x: torch.pow(x, 1.0 / 3)),
    'powTensorZeroZero': ([[0, 0, 2, 0], [0, 2, 0, -1]], lambda a, b: torch.pow(a, b)),
    'powScalarBaseZero': ([[0, 1, 2]], lambda x: torch.pow(torch.tensor(0.0), x)),
    'powScalarBaseZeroNegative': ([[-1, 0, 2]], lambda x: torch.pow(torch.tensor(0.0), x)),
    'powTensorZeroBase': ([[0, 0, 0], [-2, 0.5, 3]], lambda a, b: torch.pow(a, b)),
    'powScalarBaseTwo': ([[0, -1, 3]], lambda x: torch.pow(torch.tensor(2.0), x)),
    'divByZero': ([[1, -1, 0], [0, 0, 0]], lambda a, b: a / b),
    'expHuge': ([[-HUGE, 0, 88, 89, HUGE, -INF]], lambda x: torch.exp(x)),
    'sigmoidHuge': ([[-HUGE, -100, 0, 100, HUGE]], lambda x: torch.sigmoid(x)),
    'tanhHuge': ([[-HUGE, 0, HUGE, -INF]], lambda x: torch.tanh(x)),
    'softplusHuge': ([[-HUGE, -100, 0, 100, HUGE]], lambda x: torch.nn.functional.softplus(x)),
    'geluHuge': ([[-HUGE, -10, 0, 10, HUGE]], lambda x: torch.nn.functional.gelu(x)),
    'erfHuge': ([[-HUGE, 0, HUGE]], lambda x: torch.erf(x)),
    'softmaxHuge': ([[[HUGE, 0, -HUGE], [1, 1, 1]]], lambda x: torch.softmax(x, 1)),
    'softmaxInfinity': ([[[INF, 0, 1]]], lambda x: torch.softmax(x, 1)),
    'softmaxAllMinusInfinity': ([[[-INF, -INF]]], lambda x: torch.softmax(x, 1)),
    'logSoftmaxHuge': ([[[HUGE, 0, -HUGE], [-HUGE, -HUGE, 0]]], lambda x: torch.log_softmax(x, 1)),
    'logSumExpHuge': ([[[HUGE, HUGE], [-HUGE, 0], [HUGE, -HUGE]]], lambda x: torch.logsumexp(x, 1)),
    'logSumExpAllMinusInfinity': ([[[-INF, -INF], [0, -INF]]], lambda x: torch.logsumexp(x, 1)),
    'logSumExpInfinity': ([[[INF, 0]]], lambda x: torch.logsumexp(x, 1)),
    'sumLarge': ([[3e38, 3e38, -3e38]], lambda x: torch.sum(x.double()).float()),
    'meanLarge': ([[3e38, 3e38, -3e38]], lambda x: torch.mean(x.double()).float()),
    'meanAxisLarge': ([[[3e38, 3e38], [1, 2]]], lambda x: torch.mean(x.double(), 1).float()),
}


def run(inputs, fn):
    xs = [torch.tensor(v, dtype=torch.float32, requires_grad=True) for v in inputs]
    out = fn(*xs)
    out.sum().backward()
    grads = [encode(x.grad.flatten().tolist()) if x.grad is not None else None for x in xs]
    return {
        'inputs': [{'shape': list(x.shape), 'data': encode(x.detach().flatten().tolist())} for x in xs],
        'shape': list(out.shape),
        'out': encode(out.detach().flatten().tolist()),
        'grads': grads,
    }


def main():
    data = {'torch': torch.__version__, 'cases': {name: run(*case) for name, case in CASES.items()}}
    write_fixture(OUT, 'kinks.py', torch.__version__, data, indent=1)


if __name__ == '__main__':
    main()

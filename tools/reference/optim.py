#!/usr/bin/python3
"""Writes test/fixtures/optim.mjs: torch.optim 1.13 trajectories for descent's optimizers.

Run with Debian's python3-torch:  /usr/bin/python3 tools/reference/optim.py

* replay: every optimizer, several option sets, 30 steps from one fixed gradient sequence
  (params after every step); the tests replay the same gradients and compare to 1e-5.
* rosenbrock: 100+ steps on a batch of Rosenbrock problems, gradients from autograd (1e-3).
* lbfgs: L-BFGS steps (with and without strong-Wolfe line search) on Rosenbrock.
Lion is not in torch 1.13; its reference is written below with torch ops (Chen et al. 2023).
"""
import json
import os
import re

import numpy as np
import torch

from fixture import write_fixture

torch.set_num_threads(1)
OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'fixtures', 'optim.mjs')


class Lion(torch.optim.Optimizer):
    """Lion (Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms"), float32 ops."""

    def __init__(self, params, lr=1e-4, betas=(0.9, 0.99), weight_decay=0.0):
        super().__init__(params, dict(lr=lr, betas=betas, weight_decay=weight_decay))

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            beta1, beta2 = group['betas']
            for p in group['params']:
                if p.grad is None:
                    continue
                state = self.state[p]
                if len(state) == 0:
                    state['exp_avg'] = torch.zeros_like(p)
                m = state['exp_avg']
                p.mul_(1 - group['lr'] * group['weight_decay'])
                update = m.mul(beta1).add_(p.grad, alpha=1 - beta1).sign_()
                p.add_(update, alpha=-group['lr'])
                m.mul_(beta2).add_(p.grad, alpha=1 - beta2)


def snake(name):
    return re.sub(r'([A-Z])', lambda m: '_' + m.group(1).lower(), name)


def make(name, params, options):
    kwargs = {snake(k): (tuple(v) if isinstance(v, list) else v) for k, v in options.items()}
    if name == 'Lion':
        return Lion(params, **kwargs)
    return getattr(torch.optim, name)(params, **kwargs)


# (optimizer, options) for the gradient replay; torch defaults fill the rest.
REPLAY = [
    ('SGD', {'lr': 0.1}),
    ('SGD', {'lr': 0.05, 'momentum': 0.9}),
    ('SGD', {'lr': 0.05, 'momentum': 0.9, 'dampening': 0.3, 'weightDecay': 0.01}),
    ('SGD', {'lr': 0.05, 'momentum': 0.8, 'nesterov': True, 'weightDecay': 0.05}),
    ('SGD', {'lr': 0.02, 'momentum': 0.5, 'maximize': True}),
    ('Adagrad', {}),
    ('Adagrad', {'lr': 0.1, 'lrDecay': 0.01, 'weightDecay': 0.1, 'initialAccumulatorValue': 0.5}),
    ('Adagrad', {'lr': 0.05, 'eps': 1e-6, 'maximize': True}),
    ('RMSprop', {}),
    ('RMSprop', {'lr': 0.01, 'alpha': 0.9, 'momentum': 0.9}),
    ('RMSprop', {'lr': 0.005, 'centered': True, 'weightDecay': 0.1}),
    ('RMSprop', {'lr': 0.005, 'centered': True, 'momentum': 0.5, 'eps': 1e-4, 'maximize': True}),
    ('Adadelta', {}),
    ('Adadelta', {'lr': 0.5, 'rho': 0.8, 'eps': 1e-4, 'weightDecay': 0.1}),
    ('Adadelta', {'maximize': True}),
    ('Adam', {}),
    ('Adam', {'lr': 0.01, 'betas': [0.8, 0.99], 'eps': 1e-6, 'weightDecay': 0.1}),
    ('Adam', {'lr': 0.01, 'amsgrad': True}),
    ('Adam', {'lr': 0.005, 'amsgrad': True, 'weightDecay': 0.05, 'maximize': True}),
    ('AdamW', {}),
    ('AdamW', {'lr': 0.01, 'betas': [0.5, 0.9], 'weightDecay': 0.1}),
    ('AdamW', {'lr': 0.01, 'amsgrad': True, 'maximize': True}),
    ('Adamax', {}),
    ('Adamax', {'lr': 0.01, 'betas': [0.8, 0.95], 'eps': 1e-4, 'weightDecay': 0.1}),
    ('Adamax', {'maximize': True}),
    ('NAdam', {}),
    ('NAdam', {'lr': 0.01, 'betas': [0.8, 0.99], 'weightDecay': 0.1, 'momentumDecay': 0.01}),
    ('RAdam', {}),
    ('RAdam', {'lr': 0.01, 'betas': [0.8, 0.9], 'weightDecay': 0.1}),
    ('RAdam', {'lr': 0.01, 'eps': 1e-4}),
    ('Lion', {}),
    ('Lion', {'lr': 0.01, 'betas': [0.8, 0.95], 'weightDecay': 0.1}),
]

# Usual hyperparameters for the Rosenbrock runs (through our autograd, 1e-3).
ROSENBROCK = [
    ('SGD', {'lr': 2e-4}, 120),
    ('SGD', {'lr': 1e-4, 'momentum': 0.9, 'nesterov': True}, 120),
    ('Adagrad', {'lr': 0.1}, 120),
    ('RMSprop', {'lr': 1e-3, 'momentum': 0.5, 'centered': True}, 120),
    ('Adadelta', {'lr': 1.0}, 120),
    ('Adam', {'lr': 1e-2}, 120),
    ('Adam', {'lr': 1e-2, 'amsgrad': True}, 120),
    ('AdamW', {'lr': 1e-2}, 120),
    ('Adamax', {'lr': 1e-2}, 120),
    ('NAdam', {'lr': 1e-2}, 120),
    ('RAdam', {'lr': 5e-4}, 120),
    ('Lion', {'lr': 3e-3}, 120),
]

SHAPES = [[5], [2, 3]]
STEPS = 30
ROSEN_X0 = [-1.5, -1.0, 0.0, 0.5, 1.2]
ROSEN_Y0 = [2.0, 1.0, -0.5, 1.5, 1.0]
_lsq = torch.Generator().manual_seed(99)
LSQ_A = (torch.eye(12, 10) + 0.2 * torch.randn(12, 10, generator=_lsq)).tolist()  # well conditioned
LSQ_B = torch.randn(12, 1, generator=_lsq).tolist()
LSQ_X0 = torch.zeros(10).tolist()


def f32(values):
    """float32 values, written as their shortest decimal that reads back to the same float32."""
    return [float(np.format_float_positional(np.float32(v), unique=True, trim='-'))
            if np.isfinite(v) else v for v in np.asarray(values, dtype=np.float32).ravel().tolist()]


def replay(name, options, init, grads):
    """The optimizer, its params and their values after each step of the gradient replay."""
    params = [torch.tensor(v, dtype=torch.float32).reshape(s).requires_grad_() for v, s in zip(init, SHAPES)]
    opt = make(name, params, options)
    trajectory = []
    for step in range(STEPS):
        for p, g in zip(params, grads[step]):
            p.grad = torch.tensor(g, dtype=torch.float32).reshape(p.shape)
        opt.step()
        trajectory.append([f32(p.detach().numpy()) for p in params])
    return opt, params, trajectory


def replay_case(name, options, init, grads):
    return replay(name, options, init, grads)[2]


def rosenbrock(x, y):
    a = 1 - x
    b = y - x * x
    return (a * a + 100 * (b * b)).sum()


def rosenbrock_case(name, options, steps):
    x = torch.tensor(ROSEN_X0, requires_grad=True)
    y = torch.tensor(ROSEN_Y0, requires_grad=True)
    opt = make(name, [x, y], options)
    losses = []
    for _ in range(steps):
        opt.zero_grad()
        loss = rosenbrock(x, y)
        loss.backward()
        losses.append(float(loss))
        opt.step()
    return {'x': f32(x.detach().numpy()), 'y': f32(y.detach().numpy()), 'losses': f32(losses)}


def least_squares(a, b, x):
    r = a @ x.reshape(-1, 1) - b
    return (r * r).sum()


# One L-BFGS iteration per step() (maxIter 1) on a single 2-D Rosenbrock problem, 100+ steps
# compared at every step (1e-3). Chosen because they stay in sync with torch: fixed steps with a
# larger lr (0.05 from (-1.2, 1) and the batch of starts) and strong-Wolfe from (-1.5, 2) drift
# apart after 20-110 steps as float32 rounding differences grow along the valley.
LBFGS_LONG = [
    ({'lr': 0.01, 'maxIter': 1, 'historySize': 10}, 150, ([-1.5], [2.0])),
    ({'lr': 0.02, 'maxIter': 1, 'historySize': 10}, 150, ([-1.2], [1.0])),
    ({'lr': 1, 'maxIter': 1, 'historySize': 10, 'lineSearchFn': 'strong_wolfe'}, 100, ([-1.2], [1.0])),
    ({'lr': 1, 'maxIter': 1, 'historySize': 10, 'lineSearchFn': 'strong_wolfe'}, 100, ([0.0], [0.0])),
]


def lbfgs_case(options, steps, problem, start=None):
    """L-BFGS on Rosenbrock (x, y) or on a least-squares problem (x alone).

    start = (x0, y0) replaces the batch of Rosenbrock starts (e.g. one 2-D problem)."""
    x0, y0 = start if start is not None else (ROSEN_X0, ROSEN_Y0)
    x = torch.tensor(x0 if problem == 'rosenbrock' else LSQ_X0, requires_grad=True)
    y = torch.tensor(y0, requires_grad=True)
    params = [x, y] if problem == 'rosenbrock' else [x]
    opt = torch.optim.LBFGS(params, **{snake(k): v for k, v in options.items()})
    a, b = torch.tensor(LSQ_A), torch.tensor(LSQ_B)
    evals = [0]

    def closure():
        opt.zero_grad()
        loss = rosenbrock(x, y) if problem == 'rosenbrock' else least_squares(a, b, x)
        loss.backward()
        evals[0] += 1
        return loss

    trajectory = []
    for _ in range(steps):
        loss = opt.step(closure)
        trajectory.append({'loss': f32([float(loss)])[0], 'params': [f32(p.detach().numpy()) for p in params],
                           'evals': evals[0]})
    case = {'problem': problem, 'options': options, 'trajectory': trajectory}
    if start is not None:
        case.update({'x0': x0, 'y0': y0})
    return case


CLIPS = [(1.0, 2), (100.0, 2), (0.5, 1), (2.0, float('inf')), (1.5, 3), (0.7, 0.5), (1e6, 4)]


def clip_cases(gen):
    """clip_grad_norm_ on three gradients of odd sizes, and clip_grad_value_."""
    shapes = [[7], [3, 5], [1]]
    grads = [f32(torch.randn(s, generator=gen).numpy() * 3) for s in shapes]
    cases = []
    for max_norm, norm_type in CLIPS:
        params = [torch.zeros(s, requires_grad=True) for s in shapes]
        for p, g in zip(params, grads):
            p.grad = torch.tensor(g).reshape(p.shape)
        total = torch.nn.utils.clip_grad_norm_(params, max_norm, norm_type)
        cases.append({'maxNorm': max_norm, 'normType': 'inf' if norm_type == float('inf') else norm_type,
                      'total': f32([float(total)])[0], 'grads': [f32(p.grad.numpy()) for p in params]})
    params = [torch.zeros(s, requires_grad=True) for s in shapes]
    for p, g in zip(params, grads):
        p.grad = torch.tensor(g).reshape(p.shape)
    torch.nn.utils.clip_grad_value_(params, 1.25)
    return {'shapes': shapes, 'grads': grads, 'norm': cases,
            'value': {'clipValue': 1.25, 'grads': [f32(p.grad.numpy()) for p in params]}}


def main():
    gen = torch.Generator().manual_seed(1234)
    init = [f32(torch.randn(s, generator=gen).numpy()) for s in SHAPES]
    grads = [[f32(torch.randn(s, generator=gen).numpy() * (1 + step % 3)) for s in SHAPES] for step in range(STEPS)]
    replay = [{'optimizer': n, 'options': o, 'trajectory': replay_case(n, o, init, grads)} for n, o in REPLAY]
    rosen = [{'optimizer': n, 'options': o, 'steps': k, **rosenbrock_case(n, o, k)} for n, o, k in ROSENBROCK]
    lbfgs = [
        lbfgs_case({'lr': 1, 'maxIter': 20}, 6, 'rosenbrock'),
        lbfgs_case({'lr': 0.5, 'maxIter': 10, 'historySize': 3}, 12, 'rosenbrock'),
        lbfgs_case({'lr': 1, 'maxIter': 20, 'lineSearchFn': 'strong_wolfe'}, 6, 'rosenbrock'),
        lbfgs_case({'lr': 1, 'maxIter': 25, 'historySize': 5, 'lineSearchFn': 'strong_wolfe'}, 5, 'rosenbrock'),
        lbfgs_case({'lr': 0.2, 'maxIter': 20, 'historySize': 4}, 6, 'leastSquares'),
        lbfgs_case({'lr': 1, 'maxIter': 20, 'historySize': 4, 'lineSearchFn': 'strong_wolfe'}, 3, 'leastSquares'),
    ] + [lbfgs_case(o, k, 'rosenbrock', start) for o, k, start in LBFGS_LONG]
    clip = clip_cases(gen)
    data = {'torch': torch.__version__, 'clip': clip, 'shapes': SHAPES, 'init': init, 'grads': grads, 'replay': replay,
            'rosenbrock': {'x0': ROSEN_X0, 'y0': ROSEN_Y0, 'cases': rosen},
            'leastSquares': {'a': [f32(r) for r in LSQ_A], 'b': [f32(r) for r in LSQ_B], 'x0': LSQ_X0}, 'lbfgs': lbfgs}
    write_fixture(OUT, 'optim.py', torch.__version__, data)


if __name__ == '__main__':
    main()

#!/usr/bin/python3
"""Writes test/fixtures/optim_more.mjs: torch.optim 1.13 references for Rprop, ASGD and for
parameters whose grad is None.

Run with Debian's python3-torch:  /usr/bin/python3 tools/reference/optim_more.py

* replay: Rprop and ASGD, several option sets, 30 steps over optim.mjs's gradient sequence
  (its `init` and `grads`, read from that fixture), params after every step and the final state.
* rosenbrock: Rprop and ASGD for 120 steps on optim.py's batch of Rosenbrock problems.
* nullGrad: every optimizer on three params: p0 always has a grad, p1's grad is None on every
  third step, p2 does not require grad (a frozen layer) and never has one. Trajectories and the
  state keys torch created per param (none for p2).
* lbfgsNullGrad: L-BFGS on Rosenbrock with a frozen third param that the loss does not use.
"""
import json
import os

import torch

from fixture import write_fixture
from optim import f32, make, replay, rosenbrock, rosenbrock_case, snake

torch.set_num_threads(1)
HERE = os.path.dirname(__file__)
OUT = os.path.join(HERE, '..', '..', 'test', 'fixtures', 'optim_more.mjs')
OPTIM = os.path.join(HERE, '..', '..', 'test', 'fixtures', 'optim.mjs')

REPLAY = [
    ('Rprop', {}),
    ('Rprop', {'lr': 0.05, 'etas': [0.3, 1.5], 'stepSizes': [1e-3, 0.2]}),
    ('Rprop', {'lr': 0.02, 'etas': [0.6, 1.1], 'maximize': True}),
    ('ASGD', {}),
    ('ASGD', {'lr': 0.05, 'lambd': 0.01, 'alpha': 0.5, 't0': 10}),
    ('ASGD', {'lr': 0.02, 'lambd': 0.1, 'alpha': 1.0, 't0': 0, 'weightDecay': 0.1}),
    ('ASGD', {'lr': 0.01, 't0': 5, 'weightDecay': 0.05, 'maximize': True}),
]
ROSENBROCK = [
    ('Rprop', {'lr': 1e-3}, 120),
    ('Rprop', {'lr': 1e-2, 'etas': [0.4, 1.3], 'stepSizes': [1e-5, 0.1]}, 120),
    ('ASGD', {'lr': 2e-4, 't0': 50}, 120),
]
NULL_GRAD = [
    ('SGD', {'lr': 0.05, 'momentum': 0.9}), ('Adagrad', {'lr': 0.1}), ('RMSprop', {'momentum': 0.5, 'centered': True}),
    ('Adadelta', {}), ('Adam', {'lr': 0.01, 'amsgrad': True}), ('AdamW', {'lr': 0.01}), ('Adamax', {}),
    ('NAdam', {}), ('RAdam', {'lr': 0.01}), ('Lion', {'lr': 0.01}), ('Rprop', {}), ('ASGD', {'t0': 3}),
]
NULL_SHAPES = [[3], [2, 2], [4]]
STEPS = 30
STATE_KEYS = {'step': 'step', 'prev': 'prev', 'step_size': 'stepSize', 'eta': 'eta', 'mu': 'mu', 'ax': 'ax'}


def load_optim_fixture():
    text = open(OPTIM).read()
    body = text[text.index('export default ') + len('export default '):].rstrip().rstrip(';')
    return json.loads(body)


def state_of(opt, p):
    """The state torch keeps for p, under descent's (camelCase) names."""
    out = {}
    for k, v in opt.state[p].items():
        name = STATE_KEYS.get(k, k)
        out[name] = f32(v.numpy()) if torch.is_tensor(v) and v.dim() > 0 else float(v)
    return out


def replay_case(name, options, init, grads):
    opt, params, trajectory = replay(name, options, init, grads)
    return {'optimizer': name, 'options': options, 'trajectory': trajectory, 'state': [state_of(opt, p) for p in params]}


def null_grad_case(name, options, init, grads):
    params = [torch.tensor(v, dtype=torch.float32).reshape(s) for v, s in zip(init, NULL_SHAPES)]
    params[0].requires_grad_()
    params[1].requires_grad_()
    opt = make(name, params, options)
    trajectory = []
    for step in range(STEPS):
        params[0].grad = torch.tensor(grads[step][0]).reshape(NULL_SHAPES[0])
        params[1].grad = None if step % 3 == 1 else torch.tensor(grads[step][1]).reshape(NULL_SHAPES[1])
        opt.step()
        trajectory.append([f32(p.detach().numpy()) for p in params])
    return {'optimizer': name, 'options': options, 'trajectory': trajectory,
            'stateKeys': [sorted(STATE_KEYS.get(k, k) for k in opt.state[p].keys()) if p in opt.state else [] for p in params]}


def lbfgs_null_grad(options, steps):
    x = torch.tensor([-1.2, 0.5], requires_grad=True)
    y = torch.tensor([1.0, 0.3], requires_grad=True)
    frozen = torch.tensor([3.0, -2.0, 1.0])
    opt = torch.optim.LBFGS([x, frozen, y], **{snake(k): v for k, v in options.items()})

    def closure():
        opt.zero_grad()
        loss = rosenbrock(x, y)
        loss.backward()
        return loss

    trajectory = []
    for _ in range(steps):
        loss = opt.step(closure)
        trajectory.append({'loss': f32([float(loss)])[0], 'params': [f32(p.detach().numpy()) for p in (x, frozen, y)]})
    return {'options': options, 'x0': [-1.2, 0.5], 'frozen': [3.0, -2.0, 1.0], 'y0': [1.0, 0.3], 'trajectory': trajectory}


def main():
    base = load_optim_fixture()
    replay = [replay_case(n, o, base['init'], base['grads']) for n, o in REPLAY]
    rosen = [{'optimizer': n, 'options': o, 'steps': k, **rosenbrock_case(n, o, k)} for n, o, k in ROSENBROCK]
    gen = torch.Generator().manual_seed(4321)
    init = [f32(torch.randn(s, generator=gen).numpy()) for s in NULL_SHAPES]
    grads = [[f32(torch.randn(s, generator=gen).numpy()) for s in NULL_SHAPES[:2]] for _ in range(STEPS)]
    null = [null_grad_case(n, o, init, grads) for n, o in NULL_GRAD]
    lbfgs = [lbfgs_null_grad({'lr': 1, 'maxIter': 5}, 4),
             lbfgs_null_grad({'lr': 1, 'maxIter': 5, 'lineSearchFn': 'strong_wolfe'}, 4)]
    data = {'torch': torch.__version__, 'replay': replay, 'rosenbrock': rosen,
            'nullGrad': {'shapes': NULL_SHAPES, 'init': init, 'grads': grads, 'cases': null}, 'lbfgsNullGrad': lbfgs}
    write_fixture(OUT, 'optim_more.py', torch.__version__, data)


if __name__ == '__main__':
    main()

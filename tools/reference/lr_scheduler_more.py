#!/usr/bin/python3
"""Writes test/fixtures/lr_scheduler_more.mjs: torch 1.13 lr (and momentum) sequences of
ConstantLR, MultiplicativeLR, CyclicLR (all three modes, momentum cycling) and ChainedScheduler.

Run with Debian's python3-torch:  /usr/bin/python3 tools/reference/lr_scheduler_more.py
Same set-up as lr_scheduler.py (two param groups with lrs LRS, SGD with momentum 0.9 or Adam):
get_last_lr() after construction and after each of 100 scheduler.step() calls, and each
group's momentum for CyclicLR.
"""
import os
import warnings

import torch

from fixture import write_fixture
from lr_scheduler import LRS, STEPS, optimizer
from torch.optim import lr_scheduler as S

warnings.filterwarnings('ignore')
OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'fixtures', 'lr_scheduler_more.mjs')

CYCLIC = {'baseLr': 'base_lr', 'maxLr': 'max_lr', 'stepSizeUp': 'step_size_up', 'stepSizeDown': 'step_size_down',
          'mode': 'mode', 'gamma': 'gamma', 'cycleMomentum': 'cycle_momentum', 'baseMomentum': 'base_momentum',
          'maxMomentum': 'max_momentum'}


def make(name, opt, o):
    if name == 'ConstantLR':
        return S.ConstantLR(opt, factor=o.get('factor', 1 / 3), total_iters=o.get('totalIters', 5))
    if name == 'MultiplicativeLR':
        # The fixture's lambdas, also written in the test.
        return S.MultiplicativeLR(opt, [lambda e: 0.95, lambda e: 1 - 0.01 * (e % 5)])
    if name == 'CyclicLR':
        return S.CyclicLR(opt, **{CYCLIC[k]: v for k, v in o.items()})
    if name == 'ChainedScheduler':
        if o['chain'] == 'constant+exponential':
            return S.ChainedScheduler([S.ConstantLR(opt, factor=0.1, total_iters=2), S.ExponentialLR(opt, gamma=0.9)])
        if o['chain'] == 'linear+step+multiplicative':
            return S.ChainedScheduler([S.LinearLR(opt, start_factor=0.5, total_iters=10), S.StepLR(opt, step_size=5, gamma=0.5),
                                       S.MultiplicativeLR(opt, lambda e: 1.01)])
    raise ValueError(name)


CASES = [
    ('ConstantLR', 'SGD', {}),
    ('ConstantLR', 'SGD', {'factor': 0.5, 'totalIters': 20}),
    ('ConstantLR', 'Adam', {'factor': 1.0, 'totalIters': 3}),
    ('MultiplicativeLR', 'SGD', {}),
    ('CyclicLR', 'SGD', {'baseLr': 0.01, 'maxLr': 0.1, 'stepSizeUp': 7}),
    ('CyclicLR', 'SGD', {'baseLr': [0.01, 0.005], 'maxLr': [0.1, 0.05], 'stepSizeUp': 5, 'stepSizeDown': 9,
                         'mode': 'triangular2'}),
    ('CyclicLR', 'SGD', {'baseLr': 0.001, 'maxLr': 0.1, 'stepSizeUp': 6, 'mode': 'exp_range', 'gamma': 0.97,
                         'baseMomentum': [0.7, 0.6], 'maxMomentum': 0.95}),
    ('CyclicLR', 'SGD', {'baseLr': 0.002, 'maxLr': 0.02, 'stepSizeUp': 4.5, 'stepSizeDown': 3}),
    ('CyclicLR', 'Adam', {'baseLr': 0.001, 'maxLr': 0.006, 'stepSizeUp': 10, 'cycleMomentum': False}),
    ('ChainedScheduler', 'SGD', {'chain': 'constant+exponential'}),
    ('ChainedScheduler', 'SGD', {'chain': 'linear+step+multiplicative'}),
]


def run(name, kind, options):
    opt = optimizer(kind)
    sched = make(name, opt, options)
    lrs = [list(sched.get_last_lr())]
    momenta = [[g['momentum'] for g in opt.param_groups]] if kind == 'SGD' else None
    for _ in range(STEPS):
        opt.step()
        sched.step()
        lrs.append(list(sched.get_last_lr()))
        if momenta is not None:
            momenta.append([g['momentum'] for g in opt.param_groups])
    case = {'scheduler': name, 'optimizer': kind, 'options': options, 'lrs': lrs}
    if name == 'CyclicLR' and momenta is not None:
        case['momenta'] = momenta
    return case


def main():
    data = {'torch': torch.__version__, 'lrs': LRS, 'cases': [run(*c) for c in CASES]}
    write_fixture(OUT, 'lr_scheduler_more.py', torch.__version__, data)


if __name__ == '__main__':
    main()

#!/usr/bin/python3
"""Writes test/fixtures/lr_scheduler.mjs: torch 1.13 learning-rate (and momentum) sequences.

Run with Debian's python3-torch:  /usr/bin/python3 tools/reference/lr_scheduler.py
Every case builds an optimizer with two param groups, wraps it in a scheduler, and records
get_last_lr() after construction and after each of >= 80 scheduler.step() calls (momentum or
beta1 too, for OneCycleLR). ReduceLROnPlateau is fed a fixed metric sequence.
"""
import json
import os
import warnings

import torch

from fixture import write_fixture
from torch.optim import lr_scheduler as S

warnings.filterwarnings('ignore')
OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'fixtures', 'lr_scheduler.mjs')
STEPS = 100
LRS = [0.1, 0.03]


def optimizer(kind):
    params = [[torch.zeros(2, requires_grad=True)], [torch.zeros(3, requires_grad=True)]]
    groups = [{'params': p, 'lr': lr} for p, lr in zip(params, LRS)]
    if kind == 'Adam':
        return torch.optim.Adam(groups)
    return torch.optim.SGD(groups, lr=0.1, momentum=0.9)


def metric(step):
    """A loss that improves, stalls, wobbles and improves again (integers/64: exact in float)."""
    if step < 20:
        return 100 - step
    if step < 45:
        return 81 + (step % 3) / 64
    if step < 60:
        return 80.995 - (step - 45) / 128
    return 81.2


def make(name, opt, options):
    o = dict(options)
    if name == 'StepLR':
        return S.StepLR(opt, o['stepSize'], gamma=o.get('gamma', 0.1))
    if name == 'MultiStepLR':
        return S.MultiStepLR(opt, o['milestones'], gamma=o.get('gamma', 0.1))
    if name == 'ExponentialLR':
        return S.ExponentialLR(opt, o['gamma'])
    if name == 'CosineAnnealingLR':
        return S.CosineAnnealingLR(opt, o['tMax'], eta_min=o.get('etaMin', 0))
    if name == 'CosineAnnealingWarmRestarts':
        return S.CosineAnnealingWarmRestarts(opt, o['t0'], T_mult=o.get('tMult', 1), eta_min=o.get('etaMin', 0))
    if name == 'LinearLR':
        return S.LinearLR(opt, start_factor=o.get('startFactor', 1 / 3), end_factor=o.get('endFactor', 1.0),
                          total_iters=o.get('totalIters', 5))
    if name == 'PolynomialLR':
        return S.PolynomialLR(opt, total_iters=o.get('totalIters', 5), power=o.get('power', 1.0))
    if name == 'OneCycleLR':
        kw = {'pct_start': 0.3, 'anneal_strategy': 'cos', 'div_factor': 25., 'final_div_factor': 1e4,
              'three_phase': False, 'cycle_momentum': True, 'base_momentum': 0.85, 'max_momentum': 0.95}
        names = {'pctStart': 'pct_start', 'annealStrategy': 'anneal_strategy', 'divFactor': 'div_factor',
                 'finalDivFactor': 'final_div_factor', 'threePhase': 'three_phase', 'cycleMomentum': 'cycle_momentum',
                 'baseMomentum': 'base_momentum', 'maxMomentum': 'max_momentum'}
        for k, v in o.items():
            if k in names:
                kw[names[k]] = v
        return S.OneCycleLR(opt, o['maxLr'], total_steps=o['totalSteps'], **kw)
    if name == 'LambdaLR':
        # The fixture's lambdas, also written in the test: a warm-up and a rational decay.
        return S.LambdaLR(opt, [lambda e: min(1.0, (e + 1) / 10), lambda e: 1 / (1 + 0.05 * e)])
    if name == 'SequentialLR':
        warm = S.LinearLR(opt, start_factor=0.1, total_iters=10)
        cos = S.CosineAnnealingLR(opt, T_max=40)
        step = S.StepLR(opt, step_size=7, gamma=0.5)
        return S.SequentialLR(opt, [warm, cos, step], milestones=o['milestones'])
    if name == 'ReduceLROnPlateau':
        kw = {'mode': 'min', 'factor': 0.1, 'patience': 10, 'threshold': 1e-4, 'threshold_mode': 'rel',
              'cooldown': 0, 'min_lr': 0, 'eps': 1e-8}
        names = {'thresholdMode': 'threshold_mode', 'minLr': 'min_lr'}
        for k, v in o.items():
            kw[names.get(k, k)] = v
        return S.ReduceLROnPlateau(opt, **kw)
    raise ValueError(name)


CASES = [
    ('StepLR', 'SGD', {'stepSize': 7}),
    ('StepLR', 'SGD', {'stepSize': 3, 'gamma': 0.9}),
    ('MultiStepLR', 'SGD', {'milestones': [10, 25, 25, 60]}),
    ('MultiStepLR', 'SGD', {'milestones': [30, 80], 'gamma': 0.5}),
    ('ExponentialLR', 'SGD', {'gamma': 0.95}),
    ('CosineAnnealingLR', 'SGD', {'tMax': 30}),
    ('CosineAnnealingLR', 'SGD', {'tMax': 17, 'etaMin': 0.001}),
    ('CosineAnnealingLR', 'SGD', {'tMax': 100, 'etaMin': 1e-4}),
    ('CosineAnnealingWarmRestarts', 'SGD', {'t0': 10}),
    ('CosineAnnealingWarmRestarts', 'SGD', {'t0': 5, 'tMult': 2, 'etaMin': 0.002}),
    ('LinearLR', 'SGD', {}),
    ('LinearLR', 'SGD', {'startFactor': 0.05, 'endFactor': 0.8, 'totalIters': 40}),
    ('PolynomialLR', 'SGD', {}),
    ('PolynomialLR', 'SGD', {'totalIters': 60, 'power': 2.5}),
    ('PolynomialLR', 'SGD', {'totalIters': 90, 'power': 0.5}),
    ('OneCycleLR', 'SGD', {'maxLr': 0.5, 'totalSteps': 101}),
    ('OneCycleLR', 'SGD', {'maxLr': [0.5, 0.2], 'totalSteps': 120, 'annealStrategy': 'linear', 'pctStart': 0.25}),
    ('OneCycleLR', 'Adam', {'maxLr': 0.01, 'totalSteps': 101, 'threePhase': True, 'divFactor': 10.0,
                            'finalDivFactor': 100.0, 'baseMomentum': 0.8, 'maxMomentum': 0.9}),
    ('LambdaLR', 'SGD', {}),
    ('SequentialLR', 'SGD', {'milestones': [10, 50]}),
    ('ReduceLROnPlateau', 'SGD', {}),
    ('ReduceLROnPlateau', 'SGD', {'patience': 3, 'factor': 0.5, 'cooldown': 2, 'threshold': 0.01, 'minLr': [0.01, 0.005]}),
    ('ReduceLROnPlateau', 'SGD', {'mode': 'max', 'thresholdMode': 'abs', 'patience': 2, 'factor': 0.3}),
]


def run(name, kind, options):
    opt = optimizer(kind)
    sched = make(name, opt, options)
    lrs = [list(sched.get_last_lr()) if name != 'ReduceLROnPlateau' else [g['lr'] for g in opt.param_groups]]
    momenta = []
    key = 'betas' if kind == 'Adam' else 'momentum'

    def momentum():
        return [g[key][0] if key == 'betas' else g[key] for g in opt.param_groups]
    momenta.append(momentum())
    steps = STEPS + (20 if name == 'OneCycleLR' and options['totalSteps'] > STEPS else 0)
    for k in range(min(steps, options.get('totalSteps', steps + 1) - 1)):
        opt.step()
        if name == 'ReduceLROnPlateau':
            sched.step(metric(k))
            lrs.append([g['lr'] for g in opt.param_groups])
        else:
            sched.step()
            lrs.append(list(sched.get_last_lr()))
        momenta.append(momentum())
    case = {'scheduler': name, 'optimizer': kind, 'options': options, 'lrs': lrs}
    if name == 'OneCycleLR':
        case['momenta'] = momenta
    return case


def main():
    data = {'torch': torch.__version__, 'lrs': LRS, 'metrics': [metric(k) for k in range(STEPS)],
            'cases': [run(*c) for c in CASES]}
    write_fixture(OUT, 'lr_scheduler.py', torch.__version__, data)


if __name__ == '__main__':
    main()

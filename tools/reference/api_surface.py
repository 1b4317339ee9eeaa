#!/usr/bin/python3
"""Writes test/fixtures/api-surface.mjs: torch 1.13's answers for the API-surface test.

Run with Debian's python3-torch:  /usr/bin/python3 tools/reference/api_surface.py

* defaults: every optimizer's param group as torch builds it from only the parameters (and lr
  for SGD), keys in camelCase, minus torch's implementation flags (foreach, capturable,
  differentiable, fused). Lion is not in torch 1.13: its defaults are Chen et al.'s, as in
  API.md.
* errors: torch's ValueError message for one bad hyperparameter per optimizer.
* schedulers: get_last_lr() after construction and after each of 6 step() calls, for one
  SGD group with lr 0.1 and a scheduler built with the fewest options torch accepts.
* clip: clip_grad_norm_ / clip_grad_value_ on two small gradients.
* losses: the functional losses on small inputs (hinge by its formula, mean(max(0, 1 - y s))).
"""
import json
import math
import os
import re
import warnings

import torch

from fixture import write_fixture
import torch.nn.functional as F
from torch.optim import lr_scheduler as S

warnings.filterwarnings('ignore')
OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'fixtures', 'api-surface.mjs')
FLAGS = {'foreach', 'capturable', 'differentiable', 'fused'}


def camel(name):
    return re.sub(r'_([a-z])', lambda m: m.group(1).upper(), name)


def params():
    return [torch.zeros(2, requires_grad=True)]


def defaults():
    made = {
        'SGD': torch.optim.SGD(params(), lr=0.1),
        'Adagrad': torch.optim.Adagrad(params()),
        'RMSprop': torch.optim.RMSprop(params()),
        'Adadelta': torch.optim.Adadelta(params()),
        'Adam': torch.optim.Adam(params()),
        'AdamW': torch.optim.AdamW(params()),
        'Adamax': torch.optim.Adamax(params()),
        'NAdam': torch.optim.NAdam(params()),
        'RAdam': torch.optim.RAdam(params()),
        'LBFGS': torch.optim.LBFGS(params()),
    }
    out = {}
    for name, opt in made.items():
        group = {camel(k): (list(v) if isinstance(v, tuple) else v)
                 for k, v in opt.param_groups[0].items() if k != 'params' and k not in FLAGS}
        out[name] = group
    out['Lion'] = {'lr': 1e-4, 'betas': [0.9, 0.99], 'weightDecay': 0}
    return out


ERROR_CASES = [
    ('SGD', {'lr': -0.1}, {'lr': -0.1}),
    ('SGD', {'lr': 0.1, 'momentum': -0.5}, {'lr': 0.1, 'momentum': -0.5}),
    ('Adagrad', {'lrDecay': -1}, {'lr_decay': -1}),
    ('RMSprop', {'alpha': -0.5}, {'alpha': -0.5}),
    ('Adadelta', {'rho': 1.5}, {'rho': 1.5}),
    ('Adam', {'betas': [1.5, 0.999]}, {'betas': (1.5, 0.999)}),
    ('AdamW', {'eps': -1}, {'eps': -1}),
    ('Adamax', {'betas': [0.9, 1.0]}, {'betas': (0.9, 1.0)}),
    ('NAdam', {'momentumDecay': -0.1}, {'momentum_decay': -0.1}),
    ('RAdam', {'weightDecay': -0.01}, {'weight_decay': -0.01}),
]


def errors():
    out = []
    for name, ours, theirs in ERROR_CASES:
        try:
            getattr(torch.optim, name)(params(), **theirs)
            raise AssertionError('%s accepted %r' % (name, theirs))
        except ValueError as e:
            out.append({'optimizer': name, 'options': ours, 'message': str(e)})
    return out


def scheduler_cases():
    def sgd():
        return torch.optim.SGD(params(), lr=0.1)

    cases = [
        ('StepLR', {'stepSize': 2}, lambda o: S.StepLR(o, 2)),
        ('MultiStepLR', {'milestones': [1, 3]}, lambda o: S.MultiStepLR(o, [1, 3])),
        ('ExponentialLR', {'gamma': 0.5}, lambda o: S.ExponentialLR(o, 0.5)),
        ('CosineAnnealingLR', {'tMax': 4}, lambda o: S.CosineAnnealingLR(o, 4)),
        ('CosineAnnealingWarmRestarts', {'t0': 3}, lambda o: S.CosineAnnealingWarmRestarts(o, 3)),
        ('LinearLR', {}, lambda o: S.LinearLR(o)),
        ('PolynomialLR', {}, lambda o: S.PolynomialLR(o)),
        ('OneCycleLR', {'maxLr': 1, 'totalSteps': 10}, lambda o: S.OneCycleLR(o, 1, total_steps=10)),
        ('LambdaLR', {}, lambda o: S.LambdaLR(o, lambda e: 1 / (e + 1))),
        ('SequentialLR', {'milestones': [2]},
         lambda o: S.SequentialLR(o, [S.LinearLR(o, start_factor=0.5, total_iters=2), S.ExponentialLR(o, 0.5)],
                                  milestones=[2])),
    ]
    out = []
    for name, options, build in cases:
        opt = sgd()
        sched = build(opt)
        lrs = [sched.get_last_lr()[0]]
        for _ in range(6):
            opt.step()
            sched.step()
            lrs.append(sched.get_last_lr()[0])
        out.append({'scheduler': name, 'options': options, 'lrs': lrs})
    # ReduceLROnPlateau with patience 1: a metric that stops improving.
    opt = sgd()
    sched = S.ReduceLROnPlateau(opt, patience=1)
    metrics = [5, 4, 4, 4, 4, 4, 3]
    lrs = []
    for m in metrics:
        opt.step()
        sched.step(m)
        lrs.append(opt.param_groups[0]['lr'])
    out.append({'scheduler': 'ReduceLROnPlateau', 'options': {'patience': 1}, 'metrics': metrics, 'lrs': lrs})
    return out


def clip():
    a = torch.zeros(2, requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    a.grad = torch.tensor([3.0, -4.0])
    b.grad = torch.tensor([12.0])
    norm = torch.nn.utils.clip_grad_norm_([a, b], 6.5)
    by_norm = {'total': float(norm), 'grads': [a.grad.tolist(), b.grad.tolist()]}
    a.grad = torch.tensor([3.0, -4.0])
    b.grad = torch.tensor([12.0])
    inf_norm = torch.nn.utils.clip_grad_norm_([a, b], 6.0, norm_type=math.inf)
    by_inf = {'total': float(inf_norm), 'grads': [a.grad.tolist(), b.grad.tolist()]}
    a.grad = torch.tensor([3.0, -4.0])
    b.grad = torch.tensor([0.5])
    torch.nn.utils.clip_grad_value_([a, b], 1.0)
    by_value = {'grads': [a.grad.tolist(), b.grad.tolist()]}
    return {'norm': by_norm, 'inf': by_inf, 'value': by_value}


def losses():
    pred = torch.tensor([0.5, -1.0, 3.0])
    target = torch.tensor([0.0, 1.0, 1.0])
    logits = torch.tensor([[1.0, 2.0, 0.5], [0.0, -1.0, 3.0]])
    scores = torch.tensor([0.5, -2.0, 3.0])
    signs = torch.tensor([1.0, 1.0, -1.0])
    return {
        'pred': pred.tolist(), 'target': target.tolist(), 'logits': logits.tolist(), 'classes': [1, 2],
        'scores': scores.tolist(), 'signs': signs.tolist(),
        'mse': F.mse_loss(pred, target).item(),
        'l1': F.l1_loss(pred, target).item(),
        'huber': F.huber_loss(pred, target).item(),
        'huber2': F.huber_loss(pred, target, delta=2.0).item(),
        'crossEntropy': F.cross_entropy(logits, torch.tensor([1, 2])).item(),
        'bceWithLogits': F.binary_cross_entropy_with_logits(pred, target).item(),
        'hinge': torch.clamp(1 - signs * scores, min=0).mean().item(),
    }


def main():
    data = {'torch': torch.__version__, 'defaults': defaults(), 'errors': errors(),
            'schedulers': scheduler_cases(), 'clip': clip(), 'losses': losses()}
    write_fixture(OUT, 'api_surface.py', torch.__version__, data)


if __name__ == '__main__':
    main()

# Writes test/fixtures/audit_norm.mjs: the independent torch 1.13 sweep of normalisation,
# embeddings and dropout (functional and modules; running statistics over several calls, train
# then eval) for test/audit/torch-sweep.test.mjs. Case format: tools/reference/audit_common.py.
#   /usr/bin/python3 tools/reference/audit_norm.py
import os
import torch
import torch.nn.functional as F
from audit_common import Values, T, M, fcase, mcase
from fixture import write_fixture

here = os.path.dirname(os.path.abspath(__file__))
v = Values(1514)


def functional_cases():
    cases = []
    rm = lambda c: v.normal((c,), 0.5)
    rv = lambda c: v.uniform((c,), 0.5, 2.0)
    bn = [
        ('training, [N, C], weight and bias, momentum 0.3', (6, 3), dict(training=True, momentum=0.3), True, True),
        ('training, [N, C, L], no running statistics', (3, 4, 5), dict(training=True), False, True),
        ('training, [N, C, H, W], eps 1e-3, no weight', (2, 3, 3, 4), dict(training=True, eps=1e-3), True, False),
        ('eval, [N, C, H, W]', (2, 3, 2, 3), dict(training=False), True, True),
        ('training omitted (torch: eval)', (4, 2, 3), dict(), True, True),
        ('training, momentum 0 (running statistics kept)', (5, 2), dict(training=True, momentum=0.0), True, False),
        ('training, momentum 1 (running statistics replaced)', (5, 2), dict(training=True, momentum=1.0), True, False),
    ]
    for name, xs, opts, stats, affine in bn:
        c = xs[1]
        o = dict(opts)
        if affine:
            o['weight'] = T(v.normal((c,)))
            o['bias'] = T(v.normal((c,)))
        args = [T(v.normal(xs, 2.0) + 1.0), rm(c) if stats else None, rv(c) if stats else None]
        cases.append(fcase(v, 'batchNorm ' + name, 'batchNorm', args, o, F.batch_norm))
    ln = [
        ('over the last 2 dims, weight and bias', (2, 3, 4, 5), [4, 5], True, True, 1e-5),
        ('over 3 dims, no weight or bias', (2, 3, 2, 4), [3, 2, 4], False, False, 1e-5),
        ('[6], weight only, eps 1e-2', (3, 6), [6], True, False, 1e-2),
        ('1-D input', (7,), [7], True, True, 1e-5),
    ]
    for name, xs, shape, weight, bias, eps in ln:
        wshape = [shape] if isinstance(shape, int) else shape
        args = [T(v.normal(xs, 3.0) - 2.0), shape, T(v.normal(wshape)) if weight else None, T(v.normal(wshape)) if bias else None, eps]
        cases.append(fcase(v, 'layerNorm ' + name, 'layerNorm', args, {}, F.layer_norm))
    gn = [
        ('3 groups of 2 channels, [N, C, H, W]', (2, 6, 3, 2), 3, True, 1e-5),
        ('1 group, [N, C, L], no affine', (3, 4, 5), 1, False, 1e-5),
        ('groups = channels, [N, C], eps 1e-3', (4, 3), 3, True, 1e-3),
        ('2 groups, batch 1', (1, 4, 2, 3), 2, True, 1e-5),
    ]
    for name, xs, groups, affine, eps in gn:
        c = xs[1]
        args = [T(v.normal(xs, 2.0)), groups, T(v.normal((c,))) if affine else None, T(v.normal((c,))) if affine else None, eps]
        cases.append(fcase(v, 'groupNorm ' + name, 'groupNorm', args, {}, F.group_norm))
    # Stability: a large mean and a small spread, against torch in float64. torch's own float32
    # path is off by a few 1e-3 here (it normalises as x·a + b, as descent does); descent may be
    # off by at most 1.5× torch's float32 error on the same inputs (outputs only).
    def in64(fn):
        def run(*args, **kw):
            cast = lambda a: a.double() if torch.is_tensor(a) and a.is_floating_point() else a
            return fn(*[cast(a) for a in args], **{k: cast(a) for k, a in kw.items()}).float()
        return run
    big = lambda shape: v.normal(shape, 0.01) + 300.0
    stable = [('layerNorm', F.layer_norm, [big((3, 16)), [16], v.normal((16,)), None, 1e-5], {}),
              ('groupNorm', F.group_norm, [big((2, 4, 8)), 2, None, None, 1e-5], {}),
              ('batchNorm', F.batch_norm, [big((16, 3)), None, None], dict(training=True))]
    for fn, torch_fn, args, opts in stable:
        err = float((torch_fn(*args, **opts) - in64(torch_fn)(*args, **opts)).abs().max())
        cases.append(fcase(v, '%s of values 300 ± 0.01, float64 reference (torch float32 is off by %.1e)' % (fn, err), fn, args, opts,
                           in64(torch_fn), tol={'rtol': 0, 'atol': max(1.5 * err, 1e-4)}))
    emb = [
        ('2-D indices with repeats', (3, 4), 6, {}),
        ('paddingIdx 2', (5,), 4, dict(paddingIdx=2)),
        ('paddingIdx -1 (the last row)', (2, 5), 5, dict(paddingIdx=-1)),
        ('0-D index', (), 5, {}),
        ('every index the padding row', (3,), 3, dict(paddingIdx=1)),
    ]
    for name, ishape, rows, opts in emb:
        idx = v.ints(ishape, rows)
        if ishape == (3, 4):
            idx[1, 2] = idx[0, 0]
        if 'paddingIdx' in opts:
            idx.view(-1)[0] = opts['paddingIdx'] % rows
        if name.startswith('every index'):
            idx.fill_(opts['paddingIdx'])
        cases.append(fcase(v, 'embedding ' + name, 'embedding', [idx, T(v.normal((rows, 3)))], opts, F.embedding))
    return cases


def module_cases():
    x = lambda *s, mode='train', scale=2.0: {'inputs': [T(v.normal(s, scale) + 0.5)], 'mode': mode}
    cases = [
        mcase(v, 'BatchNorm1d(3): three training calls on [N, C], then eval', M('BatchNorm1d', 3), [x(5, 3), x(4, 3), x(6, 3), x(3, 3, mode='eval')]),
        mcase(v, 'BatchNorm1d(4, momentum null): cumulative average over [N, C, L] calls, then eval', M('BatchNorm1d', 4, momentum=None),
              [x(2, 4, 3), x(3, 4, 2), x(2, 4, 5), x(2, 4, 3, mode='eval')]),
        mcase(v, 'BatchNorm1d(3, affine false, eps 1e-3, momentum 0.5)', M('BatchNorm1d', 3, affine=False, eps=1e-3, momentum=0.5), [x(4, 3, 2), x(5, 3, 2), x(2, 3, 2, mode='eval')]),
        mcase(v, 'BatchNorm1d(2, trackRunningStats false): batch statistics in train and eval', M('BatchNorm1d', 2, trackRunningStats=False),
              [x(5, 2), x(4, 2, mode='eval')]),
        mcase(v, 'BatchNorm2d(3): two training calls, then eval', M('BatchNorm2d', 3), [x(2, 3, 3, 4), x(3, 3, 2, 2), x(2, 3, 2, 3, mode='eval')]),
        mcase(v, 'BatchNorm2d(2, momentum null, affine false): batch 1 with spatial positions', M('BatchNorm2d', 2, momentum=None, affine=False),
              [x(1, 2, 3, 3), x(2, 2, 2, 2), x(1, 2, 2, 2, mode='eval')]),
        mcase(v, 'BatchNorm2d(3, trackRunningStats false, affine false)', M('BatchNorm2d', 3, trackRunningStats=False, affine=False), [x(2, 3, 2, 2), x(2, 3, 2, 2, mode='eval')]),
        mcase(v, 'LayerNorm([3, 4])', M('LayerNorm', [3, 4]), [x(2, 5, 3, 4)]),
        mcase(v, 'LayerNorm(6, elementwiseAffine false, eps 1e-3)', M('LayerNorm', 6, elementwiseAffine=False, eps=1e-3), [x(4, 6)]),
        mcase(v, 'GroupNorm(3, 6) on [N, C, H, W]', M('GroupNorm', 3, 6), [x(2, 6, 2, 3)]),
        mcase(v, 'GroupNorm(2, 4, affine false, eps 1e-4) on [N, C, L]', M('GroupNorm', 2, 4, affine=False, eps=1e-4), [x(3, 4, 5)]),
        mcase(v, 'Embedding(10, 4, paddingIdx 2) on [2, 5] indices', M('Embedding', 10, 4, paddingIdx=2),
              [{'inputs': [torch.tensor([[2, 3, 3, 9, 0], [1, 2, 7, 3, 5]])]}]),
        mcase(v, 'Embedding(6, 3, paddingIdx -1)', M('Embedding', 6, 3, paddingIdx=-1), [{'inputs': [torch.tensor([5, 0, 5, 2])]}]),
        mcase(v, 'Dropout(0.5) in eval is the identity', M('Dropout', 0.5), [x(3, 4, mode='eval')]),
    ]
    return cases


data = functional_cases() + module_cases()
write_fixture(os.path.join(here, '..', '..', 'test', 'fixtures', 'audit_norm.mjs'), 'audit_norm.py', torch.__version__, data)

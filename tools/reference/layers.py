# Writes test/fixtures/layers.mjs: convolution, pooling, normalisation and embedding cases
# evaluated by PyTorch 1.13 — outputs, and the gradients of sum(y * r) for a fixed random r
# with respect to the input and every parameter — for test/layers/*.test.mjs.
#   /usr/bin/python3 tools/reference/layers.py
import os
import numpy as np
import torch
import torch.nn.functional as F

here = os.path.dirname(os.path.abspath(__file__))
out_path = os.path.join(here, '..', '..', 'test', 'fixtures', 'layers.mjs')
rng = np.random.default_rng(15)


def values(shape, scale=1.0):
    return torch.tensor((rng.normal(size=shape) * scale).astype(np.float32))


def flat(t):
    return t.detach().numpy().astype(np.float32).ravel()


def case(name, fn, inputs, opts, **extra):
    """inputs: name -> tensor (float inputs get gradients). fn(**tensors) -> output tensor."""
    leaves = {k: (v.clone().requires_grad_(v.dtype == torch.float32)) for k, v in inputs.items()}
    y = fn(**leaves)
    r = values(tuple(y.shape))
    (y * r).sum().backward()
    entry = {'name': name, 'opts': opts,
             'inputs': {k: {'shape': list(v.shape), 'data': flat(v)} for k, v in leaves.items()},
             'r': flat(r), 'out': {'shape': list(y.shape), 'data': flat(y)},
             'grads': {k: flat(v.grad) for k, v in leaves.items() if v.grad is not None}}
    entry.update(extra)
    return entry


def conv_cases():
    cases = []
    conv2d = [
        ('basic 3x3', (2, 3, 6, 5), (4, 3, 3, 3), dict(), True),
        ('stride 2 padding 1', (2, 2, 7, 6), (3, 2, 3, 3), dict(stride=2, padding=1), True),
        ('stride (2,1) padding (1,2) dilation (2,1)', (1, 2, 8, 7), (3, 2, 3, 2), dict(stride=[2, 1], padding=[1, 2], dilation=[2, 1]), True),
        ('same, even kernel', (2, 2, 5, 6), (3, 2, 4, 2), dict(padding='same'), True),
        ('same, dilation 2', (1, 3, 6, 6), (2, 3, 3, 3), dict(padding='same', dilation=2), False),
        ('valid', (2, 1, 5, 5), (2, 1, 2, 3), dict(padding='valid'), True),
        ('groups 2', (2, 4, 5, 5), (6, 2, 3, 3), dict(groups=2, padding=1), True),
        ('depthwise', (2, 3, 6, 6), (6, 1, 3, 3), dict(groups=3, padding=1, stride=2), True),
        ('pointwise 1x1', (2, 5, 3, 4), (3, 5, 1, 1), dict(), True),
        ('unbatched', (3, 5, 5), (2, 3, 3, 3), dict(padding=1), True),
    ]
    for name, xs, ws, opts, bias in conv2d:
        inputs = {'x': values(xs), 'w': values(ws, 0.5)}
        if bias:
            inputs['b'] = values((ws[0],))
        cases.append(case('conv2d ' + name, lambda x, w, b=None, o=opts: F.conv2d(x, w, b, **o), inputs, opts, op='conv2d'))
    conv1d = [
        ('basic', (2, 3, 9), (4, 3, 3), dict(), True),
        ('stride 2 padding 2 dilation 2', (2, 2, 11), (3, 2, 3), dict(stride=2, padding=2, dilation=2), True),
        ('same, even kernel', (1, 2, 7), (2, 2, 4), dict(padding='same'), False),
        ('groups', (2, 4, 6), (4, 2, 2), dict(groups=2), True),
        ('unbatched', (3, 8), (2, 3, 3), dict(padding=1), True),
    ]
    for name, xs, ws, opts, bias in conv1d:
        inputs = {'x': values(xs), 'w': values(ws, 0.5)}
        if bias:
            inputs['b'] = values((ws[0],))
        cases.append(case('conv1d ' + name, lambda x, w, b=None, o=opts: F.conv1d(x, w, b, **o), inputs, opts, op='conv1d'))
    tconv = [
        ('basic', (2, 3, 4, 4), (3, 2, 3, 3), dict(), True),
        ('stride 2 padding 1 outputPadding 1', (2, 2, 3, 4), (2, 3, 3, 3), dict(stride=2, padding=1, output_padding=1), True),
        ('stride (2,3) dilation 2', (1, 2, 3, 3), (2, 2, 2, 3), dict(stride=[2, 3], dilation=2), True),
        ('groups 2', (2, 4, 3, 3), (4, 3, 3, 3), dict(groups=2, stride=2), True),
        ('unbatched', (2, 3, 3), (2, 2, 2, 2), dict(stride=2), False),
    ]
    for name, xs, ws, opts, bias in tconv:
        cout = ws[1] * opts.get('groups', 1)
        inputs = {'x': values(xs), 'w': values(ws, 0.5)}
        if bias:
            inputs['b'] = values((cout,))
        js_opts = {('outputPadding' if k == 'output_padding' else k): v for k, v in opts.items()}
        cases.append(case('convTranspose2d ' + name, lambda x, w, b=None, o=opts: F.conv_transpose2d(x, w, b, **o), inputs, js_opts, op='convTranspose2d'))
    return cases


def pool_cases():
    cases = []
    pools = [
        ('maxPool2d', 'k2', (2, 3, 6, 6), 2, dict()),
        ('maxPool2d', 'k3 s2 p1', (1, 2, 7, 6), 3, dict(stride=2, padding=1)),
        ('maxPool2d', 'k(3,2) s(2,1) dilation 2', (1, 2, 9, 7), [3, 2], dict(stride=[2, 1], dilation=2)),
        ('maxPool2d', 'k3 s2 ceilMode', (1, 2, 8, 8), 3, dict(stride=2, ceil_mode=True)),
        ('maxPool2d', 'k2 s2 p1 ceilMode', (2, 1, 5, 5), 2, dict(stride=2, padding=1, ceil_mode=True)),
        ('maxPool1d', 'k3 s2 p1', (2, 3, 9), 3, dict(stride=2, padding=1)),
        ('maxPool1d', 'k2 ceilMode dilation 2', (1, 2, 10), 2, dict(ceil_mode=True, dilation=2)),
        ('avgPool2d', 'k2', (2, 3, 6, 6), 2, dict()),
        ('avgPool2d', 'k3 s2 p1', (1, 2, 7, 6), 3, dict(stride=2, padding=1)),
        ('avgPool2d', 'k3 s2 p1 exclude pad', (1, 2, 7, 6), 3, dict(stride=2, padding=1, count_include_pad=False)),
        ('avgPool2d', 'k3 s2 p1 ceilMode', (1, 2, 8, 8), 3, dict(stride=2, padding=1, ceil_mode=True)),
        ('avgPool2d', 'k3 s2 p1 ceilMode exclude pad', (1, 2, 8, 8), 3, dict(stride=2, padding=1, ceil_mode=True, count_include_pad=False)),
        ('avgPool2d', 'k(2,3) s(1,2)', (2, 1, 5, 7), [2, 3], dict(stride=[1, 2])),
        ('avgPool1d', 'k3 s2 p1', (2, 3, 9), 3, dict(stride=2, padding=1)),
        ('avgPool1d', 'k2 ceilMode exclude pad', (1, 2, 7), 2, dict(ceil_mode=True, padding=1, count_include_pad=False)),
    ]
    fns = {'maxPool2d': F.max_pool2d, 'maxPool1d': F.max_pool1d, 'avgPool2d': F.avg_pool2d, 'avgPool1d': F.avg_pool1d}
    rename = {'ceil_mode': 'ceilMode', 'count_include_pad': 'countIncludePad'}
    for op, name, xs, k, opts in pools:
        js_opts = {rename.get(key, key): v for key, v in opts.items()}
        cases.append(case(op + ' ' + name, lambda x, f=fns[op], k=k, o=opts: f(x, k, **o), {'x': values(xs)}, js_opts, op=op, kernelSize=k))
    for name, xs, size in [('to 1', (2, 3, 5, 5), 1), ('7x5 to 3x2', (1, 2, 7, 5), [3, 2]), ('5x5 to 5', (1, 1, 5, 5), 5), ('6 to 4', (2, 2, 6, 6), 4)]:
        cases.append(case('adaptiveAvgPool2d ' + name, lambda x, s=size: F.adaptive_avg_pool2d(x, s), {'x': values(xs)}, {}, op='adaptiveAvgPool2d', outputSize=size))
    return cases


def norm_cases():
    cases = []
    for name, xs, training, affine in [('2d training affine', (4, 3, 3, 2), True, True), ('1d [N,C] training', (6, 4), True, True),
                                       ('1d [N,C,L] training no affine', (3, 2, 5), True, False), ('2d eval affine', (2, 3, 2, 2), False, True)]:
        c = xs[1]
        inputs = {'x': values(xs)}
        if affine:
            inputs['weight'] = values((c,))
            inputs['bias'] = values((c,))
        rm0 = rng.normal(size=c).astype(np.float32)
        rv0 = rng.uniform(0.5, 2, size=c).astype(np.float32)
        state = {}

        def fn(x, weight=None, bias=None, training=training, rm0=rm0, rv0=rv0, state=state):
            rm = torch.tensor(rm0)
            rv = torch.tensor(rv0)
            y = F.batch_norm(x, rm, rv, weight, bias, training=training, momentum=0.2, eps=1e-3)
            state['runningMean'] = rm.numpy().ravel()
            state['runningVar'] = rv.numpy().ravel()
            return y
        entry = case('batchNorm ' + name, fn, inputs, {'training': training, 'momentum': 0.2, 'eps': 1e-3}, op='batchNorm',
                     runningMean0=rm0, runningVar0=rv0)
        entry['runningMean'] = state['runningMean']
        entry['runningVar'] = state['runningVar']
        cases.append(entry)
    for name, xs, shape, affine in [('last dim', (3, 5), [5], True), ('last two dims', (2, 3, 4), [3, 4], True),
                                    ('no affine', (4, 6), [6], False), ('wide row', (2, 37), [37], True)]:
        inputs = {'x': values(xs, 2.0) + 3}
        if affine:
            inputs['weight'] = values(tuple(shape))
            inputs['bias'] = values(tuple(shape))
        cases.append(case('layerNorm ' + name, lambda x, weight=None, bias=None, s=shape: F.layer_norm(x, s, weight, bias, 1e-5),
                          inputs, {}, op='layerNorm', normalizedShape=shape, eps=1e-5))
    for name, xs, groups, affine in [('2 groups', (2, 4, 3, 3), 2, True), ('1 group', (2, 3, 5), 1, True),
                                     ('instance-like', (2, 3, 2, 2), 3, True), ('no affine', (3, 6, 4), 3, False)]:
        inputs = {'x': values(xs)}
        if affine:
            inputs['weight'] = values((xs[1],))
            inputs['bias'] = values((xs[1],))
        cases.append(case('groupNorm ' + name, lambda x, weight=None, bias=None, g=groups: F.group_norm(x, g, weight, bias, 1e-5),
                          inputs, {}, op='groupNorm', numGroups=groups, eps=1e-5))
    for name, idx, n, dim, pad in [('plain', [[1, 3, 3], [0, 4, 1]], 5, 3, None), ('paddingIdx', [2, 0, 2, 1, 0], 4, 4, 0), ('negative paddingIdx', [[0, 3], [3, 3]], 4, 2, -1)]:
        w = values((n, dim))
        idx_t = torch.tensor(idx)

        def efn(weight, i=idx_t, p=pad):
            return F.embedding(i, weight, padding_idx=(p if p is None or p >= 0 else p + weight.shape[0]))
        cases.append(case('embedding ' + name, efn, {'weight': w}, {} if pad is None else {'paddingIdx': pad}, op='embedding', indices=idx))
    return cases


def fmt(value, indent=0):
    pad = '  ' * indent
    if isinstance(value, dict):
        if not value:
            return '{}'
        items = ['%s  %s: %s' % (pad, key if key.isidentifier() else '"%s"' % key, fmt(v, indent + 1)) for key, v in value.items()]
        return '{\n' + ',\n'.join(items) + '\n' + pad + '}'
    if isinstance(value, np.ndarray):
        return '[' + ', '.join(str(np.float32(v)) for v in value) + ']'
    if isinstance(value, (list, tuple)):
        if all(isinstance(v, (int, float, bool, str)) for v in value) or all(isinstance(v, list) and all(isinstance(u, (int, float)) for u in v) for v in value):
            return '[' + ', '.join(fmt(v, indent) for v in value) + ']'
        return '[\n' + ',\n'.join(pad + '  ' + fmt(v, indent + 1) for v in value) + '\n' + pad + ']'
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if value is None:
        return 'null'
    if isinstance(value, str):
        return '"%s"' % value
    return repr(value)


class ImageNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.features = torch.nn.Sequential(
            torch.nn.Conv2d(1, 4, 3, padding=1), torch.nn.BatchNorm2d(4), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
            torch.nn.Conv2d(4, 6, 3, groups=2, padding='same'), torch.nn.AvgPool2d(2, ceil_mode=True),
            torch.nn.ConvTranspose2d(6, 4, 2, stride=2), torch.nn.AdaptiveAvgPool2d(1))
        self.head = torch.nn.Linear(4, 3)

    def forward(self, x):
        return self.head(self.features(x).flatten(1))


class SequenceNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = torch.nn.Embedding(10, 6, padding_idx=0)
        self.conv = torch.nn.Conv1d(6, 8, 3, padding='same')
        self.gn = torch.nn.GroupNorm(2, 8)
        self.pool = torch.nn.MaxPool1d(2)
        self.avg = torch.nn.AvgPool1d(2, ceil_mode=True)
        self.bn = torch.nn.BatchNorm1d(8, momentum=None)
        self.ln = torch.nn.LayerNorm(16)
        self.out = torch.nn.Linear(16, 2)

    def forward(self, idx):
        h = self.embed(idx).permute(0, 2, 1)
        h = self.avg(self.pool(torch.relu(self.gn(self.conv(h)))))
        h = self.bn(h).flatten(1)
        return self.out(self.ln(h))


def module_case(name, net, x, steps=2):
    torch.manual_seed(3)
    for p in net.parameters():
        torch.nn.init.normal_(p, 0, 0.5)
    state0 = {k: flat(v.float()) for k, v in net.state_dict().items()}
    xs = [x() for _ in range(steps)]
    outs, grads = [], []
    for xi in xs:
        net.zero_grad()
        y = net(xi)
        r = values(tuple(y.shape))
        (y * r).sum().backward()
        outs.append({'y': flat(y), 'r': flat(r), 'shape': list(y.shape)})
        grads.append({k: flat(p.grad) for k, p in net.named_parameters()})
    net.eval()
    xe = x()
    ye = net(xe)
    to_list = lambda t: (flat(t) if t.dtype == torch.float32 else t.numpy().ravel().tolist())
    return {'name': name, 'keys': list(net.state_dict().keys()), 'state0': state0,
            'inputs': [{'shape': list(t.shape), 'data': to_list(t)} for t in xs + [xe]],
            'train': outs, 'grads': grads, 'eval': {'y': flat(ye), 'shape': list(ye.shape)},
            'state1': {k: flat(v.float()) for k, v in net.state_dict().items()}}


def module_cases():
    return [module_case('image net', ImageNet(), lambda: values((3, 1, 8, 8))),
            module_case('sequence net', SequenceNet(), lambda: torch.tensor(rng.integers(0, 10, size=(4, 8))))]


data = {'conv': conv_cases(), 'pool': pool_cases(), 'norm': norm_cases(), 'modules': module_cases()}
with open(out_path, 'w') as fh:
    fh.write('// Generated by tools/reference/layers.py from torch %s; do not edit.\n' % torch.__version__)
    fh.write('export default ' + fmt(data) + ';\n')
print('wrote', out_path, os.path.getsize(out_path), 'bytes')

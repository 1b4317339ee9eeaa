# Writes test/fixtures/nn.mjs: losses, F.linear and small networks evaluated by PyTorch 1.13
# (values and gradients), for test/training/nn.test.mjs.
#   /usr/bin/python3 tools/reference/nn.py
import os
import numpy as np
import torch
import torch.nn.functional as F

from fixture import write_fixture

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, '..', '..', 'test', 'fixtures', 'nn.mjs')
rng = np.random.default_rng(5)

def f32(a):
    return np.asarray(a, dtype=np.float32)

def lst(t):
    return [float(v) for v in t.detach().numpy().astype(np.float64).ravel()]

def loss_case(name, fn, pred, target, **kw):
    p = torch.tensor(f32(pred), requires_grad=True)
    t = torch.tensor(f32(target))
    value = fn(p, t, **kw)
    value.backward()
    return {'name': name, 'kw': kw, 'shape': list(p.shape), 'pred': lst(p), 'target': lst(t),
            'value': float(value), 'grad': lst(p.grad)}

def hinge(s, y):
    return torch.clamp(1 - s * y, min=0).mean()

pred = rng.normal(size=(4, 3)) * 2
target = rng.normal(size=(4, 3))
logits = np.concatenate([rng.normal(size=8) * 3, [40.0, -40.0, 90.0, -90.0]])
labels = np.concatenate([rng.integers(0, 2, size=8), [1, 0, 0, 1]]).astype(np.float64)
scores = np.array([2.0, 0.5, -0.3, -2.0, 0.9, 1.7, -0.6, 0.0])
signs = np.array([1, 1, -1, -1, -1, 1, 1, -1], dtype=np.float64)

losses = [
    loss_case('mseLoss', F.mse_loss, pred, target),
    loss_case('l1Loss', F.l1_loss, pred, target),
    loss_case('huberLoss', F.huber_loss, pred, target),
    loss_case('huberLoss', F.huber_loss, pred, target, delta=0.5),
    loss_case('huberLoss', F.huber_loss, pred, target, delta=3.0),
    loss_case('binaryCrossEntropyWithLogits', F.binary_cross_entropy_with_logits, logits, labels),
    loss_case('binaryCrossEntropyWithLogits', F.binary_cross_entropy_with_logits, rng.normal(size=(3, 2)), rng.uniform(size=(3, 2))),
    loss_case('hingeLoss', hinge, scores, signs),
]

# F.linear with and without bias
x = torch.tensor(f32(rng.normal(size=(5, 4))), requires_grad=True)
w = torch.tensor(f32(rng.normal(size=(3, 4))), requires_grad=True)
b = torch.tensor(f32(rng.normal(size=3)), requires_grad=True)
y = F.linear(x, w, b)
(y * y).sum().backward()
linear = {'x': lst(x), 'w': lst(w), 'b': lst(b), 'y': lst(y), 'gx': lst(x.grad), 'gw': lst(w.grad), 'gb': lst(b.grad)}

# A small MLP per activation: cross-entropy on 6 samples, 4 → 5 → 3
networks = []
for act_name, act in [('ReLU', torch.nn.ReLU()), ('Tanh', torch.nn.Tanh()), ('Sigmoid', torch.nn.Sigmoid())]:
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(4, 5), act, torch.nn.Linear(5, 3))
    xs = torch.tensor(f32(rng.normal(size=(6, 4))))
    ys = torch.tensor([0, 2, 1, 1, 0, 2])
    state = {k: lst(v) for k, v in net.state_dict().items()}
    loss = F.cross_entropy(net(xs), ys)
    loss.backward()
    networks.append({'activation': act_name, 'keys': list(net.state_dict().keys()), 'state': state,
                     'x': lst(xs), 'y': ys.tolist(), 'loss': float(loss),
                     'grads': {k: lst(p.grad) for k, p in net.named_parameters()}})

write_fixture(out, 'nn.py', torch.__version__, {'losses': losses, 'linear': linear, 'networks': networks})

# Writes test/fixtures/modules.mjs: module structure as torch 1.13 sees it (state_dict keys,
# named parameters, buffers, modules and children, repr), and the activation modules' values
# and gradients, for test/nn/modules.test.mjs.
#   /usr/bin/python3 tools/reference/modules.py
import os
from collections import OrderedDict
import numpy as np
import torch
import torch.nn as nn
from fixture import write_fixture

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, '..', '..', 'test', 'fixtures', 'modules.mjs')
rng = np.random.default_rng(15)


def lst(t):
    return [float(v) for v in t.detach().numpy().astype(np.float64).ravel()]


class Net(nn.Module):
    # The same structure as test/nn/modules.test.mjs's class Net, attribute by attribute.
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(4, 3)
        self.act = nn.ReLU()
        self.w = nn.Parameter(torch.randn(2))
        self.blocks = nn.ModuleList([nn.Linear(3, 3), nn.Tanh(), nn.Linear(3, 2)])
        self.heads = nn.ModuleDict({'cls': nn.Linear(2, 2), 'reg': nn.Linear(2, 1)})
        self.seq = nn.Sequential(OrderedDict([('a', nn.Linear(2, 2)), ('b', nn.Sigmoid())]))
        self.register_buffer('scale', torch.ones(2))
        self.register_buffer('tmp', torch.zeros(1), persistent=False)
        self.flat = nn.Flatten(0, 1)


class Tied(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Linear(3, 3)
        self.out = nn.Linear(3, 3)
        self.out.weight = self.embed.weight
        self.shared = self.embed


def structure(m):
    return {
        'stateDict': list(m.state_dict().keys()),
        'parameters': [n for n, _ in m.named_parameters()],
        'buffers': [n for n, _ in m.named_buffers()],
        'modules': [n for n, _ in m.named_modules()],
        'children': [n for n, _ in m.named_children()],
        'repr': repr(m),
    }


activations = nn.Sequential(nn.Identity(), nn.ELU(), nn.SiLU(), nn.Mish(), nn.Softplus(), nn.Softmax(dim=1),
                            nn.LogSoftmax(dim=1), nn.Hardtanh(), nn.PReLU(), nn.PReLU(3, 0.1), nn.LeakyReLU(0.2),
                            nn.GELU(), nn.Dropout(0.3), nn.Flatten(), nn.Linear(3, 2, bias=False))
losses = nn.ModuleList([nn.CrossEntropyLoss(weight=torch.ones(3)), nn.MSELoss(), nn.L1Loss(), nn.HuberLoss(),
                        nn.SmoothL1Loss(), nn.BCELoss(), nn.BCEWithLogitsLoss(pos_weight=torch.ones(2)), nn.NLLLoss(),
                        nn.KLDivLoss()])
models = {'net': structure(Net()), 'tied': structure(Tied()), 'activations': structure(activations),
          'losses': structure(losses)}

# Activation modules: values and gradients on one input.
x = rng.normal(size=(4, 3)) * 2
x[0, 0] = 0.0
cases = []
for name, module, args in [('ELU', nn.ELU(), []), ('ELU', nn.ELU(0.5), [0.5]), ('SiLU', nn.SiLU(), []),
                           ('Mish', nn.Mish(), []), ('Softplus', nn.Softplus(), []),
                           ('Softplus', nn.Softplus(2.0, 3.0), [2, 3]), ('Softmax', nn.Softmax(1), [1]),
                           ('LogSoftmax', nn.LogSoftmax(0), [0]), ('Hardtanh', nn.Hardtanh(), []),
                           ('Hardtanh', nn.Hardtanh(-0.5, 2.0), [-0.5, 2]), ('PReLU', nn.PReLU(), []),
                           ('PReLU', nn.PReLU(3, 0.1), [3, 0.1]), ('Identity', nn.Identity(), [])]:
    xt = torch.tensor(x.astype(np.float32), requires_grad=True)
    y = module(xt)
    upstream = rng.uniform(0.5, 1.5, size=y.shape).astype(np.float32)
    (y * torch.tensor(upstream)).sum().backward()
    case = {'name': name, 'args': args, 'x': lst(xt), 'shape': list(xt.shape), 'y': lst(y),
            'upstream': [float(u) for u in upstream.ravel()], 'grad': lst(xt.grad)}
    if name == 'PReLU':
        case['weightGrad'] = lst(module.weight.grad)
    cases.append(case)

write_fixture(out, 'modules.py', torch.__version__, {'models': models, 'activations': cases})

# Writes test/fixtures/printing.mjs: torch 1.13's repr of float32 tensors (formats, widths,
# wrapping, summarising past 1,000 elements), for test/core/printing.test.mjs.
#   /usr/bin/python3 tools/reference/printing.py
import os
import numpy as np
import torch
from fixture import write_fixture

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, '..', '..', 'test', 'fixtures', 'printing.mjs')
rng = np.random.default_rng(6)

cases = [
    torch.tensor([[1., 2.], [3., 4.]]),
    torch.tensor([[1.5, 2.], [3., 4.]]),
    torch.tensor([1e-5, 1., 100.]),
    torch.tensor(3.), torch.tensor(0.5), torch.tensor(-2.25),
    torch.zeros(0, 3), torch.zeros(0),
    torch.arange(2000.).reshape(40, 50),
    torch.arange(30.) * 1.5,
    torch.tensor([float('nan'), float('inf'), -1.5]),
    torch.tensor([float('nan'), 2.0]),
    torch.tensor(rng.normal(size=(2, 3, 4)).astype(np.float32)),
    torch.tensor(rng.normal(size=(5, 300)).astype(np.float32)),
    torch.tensor(rng.normal(size=(1001,)).astype(np.float32) * 1e9),
    torch.tensor([123456789.0, 1.0]),
    torch.tensor([0.0, -0.0, 1.0]),
    torch.tensor(rng.uniform(size=(3, 3)).astype(np.float32) * 1e-3),
    torch.zeros(2, 2),
]
data = [{'values': [float(v) for v in t.reshape(-1).tolist()], 'shape': list(t.shape), 'repr': repr(t)} for t in cases]
write_fixture(out, 'printing.py', torch.__version__, {'cases': data})

# Writes test/fixtures/recurrent.mjs: torch.nn.RNN / LSTM / GRU and their cells evaluated by
# PyTorch 1.13 — the state dict, the input, the initial states, the outputs (output, hN, cN) and
# the gradients of sum(output*r) + sum(hN*rh) + sum(cN*rc) for fixed random r, rh, rc with
# respect to the input, the initial states and every parameter — for test/layers/recurrent.test.mjs.
#   /usr/bin/python3 tools/reference/recurrent.py
import os
import numpy as np
import torch
from fixture import write_fixture

here = os.path.dirname(os.path.abspath(__file__))
out_path = os.path.join(here, '..', '..', 'test', 'fixtures', 'recurrent.mjs')
rng = np.random.default_rng(1513)


def values(shape, scale=1.0):
    return torch.tensor((rng.normal(size=shape) * scale).astype(np.float32))


def flat(t):
    return [float(str(v)) for v in t.detach().numpy().astype(np.float32).ravel()]


def tensor_entry(t):
    return {'shape': list(t.shape), 'data': flat(t)}


def layer_case(name, kind, input_size, hidden, T, B, opts, with_h0, unbatched=False):
    torch.manual_seed(len(name) * 7 + T)
    cls = {'RNN': torch.nn.RNN, 'LSTM': torch.nn.LSTM, 'GRU': torch.nn.GRU}[kind]
    kw = dict(num_layers=opts.get('numLayers', 1), bias=opts.get('bias', True),
              batch_first=opts.get('batchFirst', False), bidirectional=opts.get('bidirectional', False))
    if 'nonlinearity' in opts:
        kw['nonlinearity'] = opts['nonlinearity']
    m = cls(input_size, hidden, **kw)
    D = 2 if kw['bidirectional'] else 1
    LD = kw['num_layers'] * D
    if unbatched:
        x = values((T, input_size))
        sshape = (LD, hidden)
    else:
        x = values((B, T, input_size) if kw['batch_first'] else (T, B, input_size))
        sshape = (LD, B, hidden)
    x.requires_grad_(True)
    h0 = values(sshape).requires_grad_(True) if with_h0 else None
    c0 = values(sshape).requires_grad_(True) if with_h0 and kind == 'LSTM' else None
    if kind == 'LSTM':
        out, (hn, cn) = m(x, (h0, c0)) if with_h0 else m(x)
    else:
        out, hn = m(x, h0) if with_h0 else m(x)
        cn = None
    head = {'name': name, 'kind': kind, 'inputSize': input_size, 'hiddenSize': hidden, 'opts': opts}
    return finish(m, head, x, h0, c0, [('out', 'r', out), ('hN', 'rh', hn), ('cN', 'rc', cn)])


def finish(m, head, x, h0, c0, outputs):
    """Back-propagates sum(output·w) over `outputs` [(key, weight key, tensor or None)] (weights
    drawn in that order) and returns the fixture entry: inputs, state dict, outputs, weights, grads."""
    loss = 0
    weights = {}
    for _, wkey, t in outputs:
        if t is not None:
            weights[wkey] = values(tuple(t.shape))
            loss = loss + (t * weights[wkey]).sum()
    loss.backward()
    entry = {**head, 'stateDict': {k: tensor_entry(v) for k, v in m.state_dict().items()}, 'x': tensor_entry(x),
             'grads': {'x': flat(x.grad), **{k: flat(p.grad) for k, p in m.named_parameters()}}}
    for key, wkey, t in outputs:
        if t is not None:
            entry[key] = tensor_entry(t)
            entry[wkey] = flat(weights[wkey])
    for key, t in (('h0', h0), ('c0', c0)):
        if t is not None:
            entry[key] = tensor_entry(t)
            entry['grads'][key] = flat(t.grad)
    return entry


def cell_case(name, kind, input_size, hidden, B, opts, with_h0):
    torch.manual_seed(len(name) * 11)
    cls = {'RNNCell': torch.nn.RNNCell, 'LSTMCell': torch.nn.LSTMCell, 'GRUCell': torch.nn.GRUCell}[kind]
    kw = dict(bias=opts.get('bias', True))
    if 'nonlinearity' in opts:
        kw['nonlinearity'] = opts['nonlinearity']
    m = cls(input_size, hidden, **kw)
    x = values((B, input_size)).requires_grad_(True)
    h0 = values((B, hidden)).requires_grad_(True) if with_h0 else None
    c0 = values((B, hidden)).requires_grad_(True) if with_h0 and kind == 'LSTMCell' else None
    if kind == 'LSTMCell':
        h, c = m(x, (h0, c0)) if with_h0 else m(x)
    else:
        h = m(x, h0) if with_h0 else m(x)
        c = None
    head = {'name': name, 'kind': kind, 'inputSize': input_size, 'hiddenSize': hidden, 'opts': opts}
    return finish(m, head, x, h0, c0, [('hN', 'rh', h), ('cN', 'rc', c)])


layers = []
for kind in ['LSTM', 'GRU', 'RNN']:
    layers += [
        layer_case(f'{kind} 1 layer, no h0', kind, 3, 5, 4, 2, {}, False),
        layer_case(f'{kind} 1 layer, h0', kind, 3, 6, 5, 3, {}, True),
        layer_case(f'{kind} 2 layers, h0', kind, 4, 5, 3, 2, {'numLayers': 2}, True),
        layer_case(f'{kind} bidirectional, batchFirst, h0', kind, 3, 4, 4, 2, {'bidirectional': True, 'batchFirst': True}, True),
        layer_case(f'{kind} 2 layers bidirectional, no h0', kind, 2, 8, 3, 3, {'numLayers': 2, 'bidirectional': True}, False),
        layer_case(f'{kind} no bias, unbatched', kind, 3, 4, 5, 1, {'bias': False}, True, unbatched=True),
    ]
layers.append(layer_case('RNN relu, 2 layers, h0', 'RNN', 3, 5, 4, 2, {'numLayers': 2, 'nonlinearity': 'relu'}, True))
layers.append(layer_case('LSTM long sequence', 'LSTM', 2, 7, 12, 2, {}, True))

cells = []
for kind in ['LSTMCell', 'GRUCell', 'RNNCell']:
    cells += [
        cell_case(f'{kind} h0', kind, 3, 5, 2, {}, True),
        cell_case(f'{kind} no h0, no bias', kind, 4, 3, 3, {'bias': False}, False),
    ]
cells.append(cell_case('RNNCell relu', 'RNNCell', 3, 6, 2, {'nonlinearity': 'relu'}, True))

write_fixture(out_path, 'recurrent.py', torch.__version__, {'layers': layers, 'cells': cells})

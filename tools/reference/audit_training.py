# Writes test/fixtures/audit_training.mjs: short training runs in torch 1.13 — a small CNN
# (conv, batch norm, pooling; Adam), a 2-layer LSTM language model (embedding, clip_grad_norm_;
# AdamW) and a 2-layer pre-norm transformer encoder with a regression head (SGD with momentum) —
# from torch's own initial weights on fixed data: the loss at every step and every parameter and
# buffer at the end, for test/audit/training.test.mjs, which runs the same steps in descent from
# the same weights. Case format: tools/reference/audit_common.py (models as M specs).
#   /usr/bin/python3 tools/reference/audit_training.py
import os
import torch
import torch.nn.functional as F
from audit_common import Values, M, build, encode, state, snake
from fixture import write_fixture

here = os.path.dirname(os.path.abspath(__file__))
v = Values(1517)
torch.manual_seed(1517)
STEPS = 15


def loss_of(kind, model, x, y):
    if kind == 'cnn':
        return F.cross_entropy(model(x), y)
    if kind == 'lstm':
        out, _ = model['lstm'](model['embed'](x))
        logits = model['head'](out)
        return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))
    return F.mse_loss(model['head'](model['encoder'](x).mean(1)), y)


def run(name, kind, spec, x, y, optimizer, opts, clip=None):
    model = build(spec)
    before = state(model)
    opt = getattr(torch.optim, optimizer)(model.parameters(), **{snake(k): val for k, val in opts.items()})
    losses = []
    model.train()
    for _ in range(STEPS):
        opt.zero_grad()
        loss = loss_of(kind, model, x, y)
        loss.backward()
        if clip is not None:
            torch.nn.utils.clip_grad_norm_(model.parameters(), clip)
        opt.step()
        losses.append(loss.item())
    return {'name': name, 'kind': kind, 'model': encode(spec)['module'], 'stateDict': before, 'x': encode(x), 'y': encode(y),
            'optimizer': optimizer, 'opts': opts, 'clip': clip, 'losses': losses, 'final': state(model)}


# The convolution before the batch norm has no bias: batch norm removes it, so its gradient is
# rounding noise, which Adam scales up to ±lr steps of either sign — not comparable.
cnn = M('Sequential', M('Conv2d', 1, 4, 3, padding=1, bias=False), M('BatchNorm2d', 4), M('ReLU'), M('MaxPool2d', 2),
        M('Conv2d', 4, 8, 3), M('ReLU'), M('Flatten'), M('Linear', 32, 4))
lstm = M('ModuleDict', {'embed': M('Embedding', 7, 5), 'lstm': M('LSTM', 5, 6, numLayers=2), 'head': M('Linear', 6, 7)})
layer = M('TransformerEncoderLayer', 8, 2, dimFeedforward=16, dropout=0.0, normFirst=True, batchFirst=True, activation='gelu')
transformer = M('ModuleDict', {'encoder': M('TransformerEncoder', layer, 2), 'head': M('Linear', 8, 2)})

data = [
    run('CNN (conv, batch norm, max pool), Adam lr 1e-2', 'cnn', cnn, v.normal((16, 1, 8, 8)), v.ints((16,), 4), 'Adam', {'lr': 1e-2}),
    run('2-layer LSTM language model, clipGradNorm 0.5, AdamW lr 2e-2', 'lstm', lstm, v.ints((6, 4), 7), v.ints((6, 4), 7), 'AdamW',
        {'lr': 2e-2, 'weightDecay': 0.01}, clip=0.5),
    run('2-layer pre-norm transformer encoder (gelu), SGD momentum 0.9', 'transformer', transformer, v.normal((4, 5, 8)), v.normal((4, 2)),
        'SGD', {'lr': 0.05, 'momentum': 0.9}),
]
write_fixture(os.path.join(here, '..', '..', 'test', 'fixtures', 'audit_training.mjs'), 'audit_training.py', torch.__version__, data)

# Writes test/fixtures/printing_layers.mjs: torch 1.13's repr of layer modules (conv, pooling,
# normalisation, embedding, recurrent) in default and non-default configurations, with the
# constructor arguments in descent's spelling, for test/core/printing_layers.test.mjs.
#   /usr/bin/python3 tools/reference/printing_layers.py
import os
import torch
import torch.nn as nn
from fixture import write_fixture

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, '..', '..', 'test', 'fixtures', 'printing_layers.mjs')

# (torch module, descent class, positional arguments, options in descent's spelling)
cases = [
    (nn.Conv1d(2, 4, 3), 'Conv1d', [2, 4, 3], {}),
    (nn.Conv1d(2, 4, 3, padding='valid'), 'Conv1d', [2, 4, 3], {'padding': 'valid'}),
    (nn.Conv2d(1, 8, 3, padding=1), 'Conv2d', [1, 8, 3], {'padding': 1}),
    (nn.Conv2d(1, 2, 3, padding='same'), 'Conv2d', [1, 2, 3], {'padding': 'same'}),
    (nn.Conv2d(4, 8, (3, 5), stride=2, padding=(1, 2), dilation=2, groups=2, bias=False), 'Conv2d', [4, 8, [3, 5]],
     {'stride': 2, 'padding': [1, 2], 'dilation': 2, 'groups': 2, 'bias': False}),
    (nn.ConvTranspose2d(4, 2, 3), 'ConvTranspose2d', [4, 2, 3], {}),
    (nn.ConvTranspose2d(4, 2, 3, stride=2, padding=1, output_padding=1, bias=False), 'ConvTranspose2d', [4, 2, 3],
     {'stride': 2, 'padding': 1, 'outputPadding': 1, 'bias': False}),
    (nn.MaxPool1d(2), 'MaxPool1d', [2], {}),
    (nn.MaxPool2d(2), 'MaxPool2d', [2], {}),
    (nn.MaxPool2d((2, 3), stride=1, padding=1, dilation=2, ceil_mode=True), 'MaxPool2d', [[2, 3]],
     {'stride': 1, 'padding': 1, 'dilation': 2, 'ceilMode': True}),
    (nn.AvgPool1d(2), 'AvgPool1d', [2], {}),
    (nn.AvgPool1d(3, stride=2, padding=1, ceil_mode=True, count_include_pad=False), 'AvgPool1d', [3],
     {'stride': 2, 'padding': 1, 'ceilMode': True, 'countIncludePad': False}),
    (nn.AvgPool2d(2), 'AvgPool2d', [2], {}),
    (nn.AvgPool2d((2, 3), stride=1, padding=1), 'AvgPool2d', [[2, 3]], {'stride': 1, 'padding': 1}),
    (nn.AdaptiveAvgPool2d(1), 'AdaptiveAvgPool2d', [1], None),
    (nn.AdaptiveAvgPool2d((2, None)), 'AdaptiveAvgPool2d', [[2, None]], None),
    (nn.BatchNorm1d(4), 'BatchNorm1d', [4], {}),
    (nn.BatchNorm2d(3, eps=1e-3, momentum=None, affine=False, track_running_stats=False), 'BatchNorm2d', [3],
     {'eps': 1e-3, 'momentum': None, 'affine': False, 'trackRunningStats': False}),
    (nn.BatchNorm2d(3, momentum=0.2), 'BatchNorm2d', [3], {'momentum': 0.2}),
    (nn.LayerNorm(4), 'LayerNorm', [4], {}),
    (nn.LayerNorm([2, 3], eps=1e-6, elementwise_affine=False), 'LayerNorm', [[2, 3]], {'eps': 1e-6, 'elementwiseAffine': False}),
    (nn.GroupNorm(2, 4), 'GroupNorm', [2, 4], {}),
    (nn.GroupNorm(2, 4, eps=1e-3, affine=False), 'GroupNorm', [2, 4], {'eps': 1e-3, 'affine': False}),
    (nn.Embedding(10, 3), 'Embedding', [10, 3], {}),
    (nn.Embedding(10, 3, padding_idx=0), 'Embedding', [10, 3], {'paddingIdx': 0}),
    (nn.RNN(3, 4), 'RNN', [3, 4], {}),
    (nn.RNN(3, 4, num_layers=2, nonlinearity='relu', bias=False, batch_first=True, dropout=0.5, bidirectional=True), 'RNN', [3, 4],
     {'numLayers': 2, 'nonlinearity': 'relu', 'bias': False, 'batchFirst': True, 'dropout': 0.5, 'bidirectional': True}),
    (nn.LSTM(3, 4), 'LSTM', [3, 4], {}),
    (nn.LSTM(3, 4, num_layers=3, batch_first=True), 'LSTM', [3, 4], {'numLayers': 3, 'batchFirst': True}),
    (nn.GRU(3, 4, num_layers=2, dropout=0.1), 'GRU', [3, 4], {'numLayers': 2, 'dropout': 0.1}),
    (nn.RNNCell(3, 4), 'RNNCell', [3, 4], {}),
    (nn.RNNCell(3, 4, bias=False, nonlinearity='relu'), 'RNNCell', [3, 4], {'bias': False, 'nonlinearity': 'relu'}),
    (nn.LSTMCell(3, 4), 'LSTMCell', [3, 4], {}),
    (nn.GRUCell(3, 4, bias=False), 'GRUCell', [3, 4], {'bias': False}),
]
data = [{'cls': c, 'args': a, 'opts': o, 'repr': repr(m)} for m, c, a, o in cases]

# One Sequential holding several of them.
seq = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2),
                    nn.Flatten(), nn.Linear(8, 2))
seq_children = [['Conv2d', [1, 8, 3], {'padding': 1}], ['BatchNorm2d', [8], {}], ['ReLU', [], None],
                ['MaxPool2d', [2], {}], ['Flatten', [], None], ['Linear', [8, 2], None]]
write_fixture(out, 'printing_layers.py', torch.__version__,
              {'cases': data, 'sequential': {'children': seq_children, 'repr': repr(seq)}})

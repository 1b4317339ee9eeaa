# Writes test/fixtures/audit_recurrent.mjs: the independent torch 1.13 sweep of RNN/LSTM/GRU and
# their cells (numLayers, bidirectional, batchFirst, bias false, relu, initial states given or
# omitted, unbatched input, dropout between layers in eval, two calls accumulating gradients) for
# test/audit/torch-sweep.test.mjs. Case format: tools/reference/audit_common.py.
#   /usr/bin/python3 tools/reference/audit_recurrent.py
import os
import torch
from audit_common import Values, T, M, mcase
from fixture import write_fixture

here = os.path.dirname(os.path.abspath(__file__))
v = Values(1515)
TOL = {'rtol': 2e-4, 'atol': 3e-5}


def layer_cases():
    cases = []
    # (kind, name, inputSize, hidden, opts, x shape, state: None | 'h' | 'hc', calls, mode)
    specs = [
        ('RNN', 'tanh, h0 given', 3, 4, {}, (5, 2, 3), 'h', 1, 'train'),
        ('RNN', 'relu, 2 layers, bias false, h0 omitted', 3, 4, dict(nonlinearity='relu', numLayers=2, bias=False), (4, 3, 3), None, 1, 'train'),
        ('RNN', 'bidirectional batchFirst, h0 given', 2, 3, dict(bidirectional=True, batchFirst=True), (2, 5, 2), 'h', 1, 'train'),
        ('RNN', 'unbatched [L, H_in], 2 layers bidirectional', 3, 2, dict(numLayers=2, bidirectional=True), (4, 3), 'h', 1, 'train'),
        ('RNN', '3 layers, dropout 0.4 in eval', 2, 3, dict(numLayers=3, dropout=0.4), (3, 2, 2), None, 1, 'eval'),
        ('RNN', 'relu, bidirectional, 2 layers, unbatched (batchFirst ignored)', 2, 3, dict(nonlinearity='relu', bidirectional=True, numLayers=2, batchFirst=True), (4, 2), None, 1, 'train'),
        ('LSTM', '2 layers bidirectional, (h0, c0) given', 3, 5, dict(numLayers=2, bidirectional=True), (4, 2, 3), 'hc', 1, 'train'),
        ('LSTM', 'batchFirst, bias false, state omitted', 4, 3, dict(batchFirst=True, bias=False), (3, 6, 4), None, 1, 'train'),
        ('LSTM', 'unbatched, (h0, c0) given', 2, 4, {}, (5, 2), 'hc', 1, 'train'),
        ('LSTM', '2 layers, dropout 0.5 in eval, batchFirst bidirectional', 3, 2, dict(numLayers=2, dropout=0.5, batchFirst=True, bidirectional=True), (2, 4, 3), 'hc', 1, 'eval'),
        ('LSTM', 'sequence of 1, batch 1', 3, 3, {}, (1, 1, 3), None, 1, 'train'),
        ('LSTM', 'two calls accumulate parameter gradients', 2, 3, dict(numLayers=2), (3, 2, 2), 'hc', 2, 'train'),
        ('GRU', '2 layers bidirectional batchFirst, h0 given', 3, 4, dict(numLayers=2, bidirectional=True, batchFirst=True), (2, 5, 3), 'h', 1, 'train'),
        ('GRU', 'bias false, unbatched, h0 omitted', 4, 3, dict(bias=False), (6, 4), None, 1, 'train'),
        ('GRU', '3 layers, dropout 0.3 in eval, h0 given', 2, 2, dict(numLayers=3, dropout=0.3), (4, 3, 2), 'h', 1, 'eval'),
        ('GRU', 'two calls accumulate parameter gradients', 3, 2, {}, (4, 2, 3), 'h', 2, 'train'),
        ('LSTM', 'a sequence of 40 steps (gradients through time)', 3, 5, {}, (40, 2, 3), 'hc', 1, 'train'),
        ('GRU', 'a sequence of 40 steps, batchFirst, 2 layers', 2, 4, dict(batchFirst=True, numLayers=2), (2, 40, 2), None, 1, 'train'),
    ]
    for kind, name, nin, hidden, opts, xs, st, ncalls, mode in specs:
        layers = opts.get('numLayers', 1) * (2 if opts.get('bidirectional') else 1)
        unbatched = len(xs) == 2
        batch = None if unbatched else xs[0] if opts.get('batchFirst') else xs[1]
        hs = (layers, hidden) if unbatched else (layers, batch, hidden)
        calls = []
        for _ in range(ncalls):
            inputs = [T(v.normal(xs))]
            if st == 'h':
                inputs.append(T(v.normal(hs, 0.5)))
            elif st == 'hc':
                inputs.append((T(v.normal(hs, 0.5)), T(v.normal(hs, 0.5))))
            calls.append({'inputs': inputs, 'mode': mode})
        cases.append(mcase(v, '%s(%d, %d): %s' % (kind, nin, hidden, name), M(kind, nin, hidden, **opts), calls, tol=TOL))
    return cases


def cell_cases():
    cases = []
    specs = [
        ('RNNCell', 'tanh, h given', 3, 4, {}, (2, 3), 'h'),
        ('RNNCell', 'relu, bias false, h omitted', 3, 2, dict(nonlinearity='relu', bias=False), (4, 3), None),
        ('RNNCell', 'unbatched, h given', 2, 3, {}, (2,), 'h'),
        ('LSTMCell', '(h, c) given', 3, 4, {}, (2, 3), 'hc'),
        ('LSTMCell', 'bias false, state omitted', 2, 3, dict(bias=False), (3, 2), None),
        ('LSTMCell', 'unbatched, (h, c) given', 4, 2, {}, (4,), 'hc'),
        ('GRUCell', 'h given', 3, 4, {}, (2, 3), 'h'),
        ('GRUCell', 'bias false, unbatched, h omitted', 2, 3, dict(bias=False), (2,), None),
    ]
    for kind, name, nin, hidden, opts, xs, st in specs:
        hs = (hidden,) if len(xs) == 1 else (xs[0], hidden)
        inputs = [T(v.normal(xs))]
        if st == 'h':
            inputs.append(T(v.normal(hs, 0.5)))
        elif st == 'hc':
            inputs.append((T(v.normal(hs, 0.5)), T(v.normal(hs, 0.5))))
        cases.append(mcase(v, '%s(%d, %d): %s' % (kind, nin, hidden, name), M(kind, nin, hidden, **opts), [{'inputs': inputs}], tol=TOL))
    return cases


data = layer_cases() + cell_cases()
write_fixture(os.path.join(here, '..', '..', 'test', 'fixtures', 'audit_recurrent.mjs'), 'audit_recurrent.py', torch.__version__, data)

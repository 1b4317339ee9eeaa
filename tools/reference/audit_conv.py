# Writes test/fixtures/audit_conv.mjs: the independent torch 1.13 sweep of convolutions and
# pooling (functional and modules) for test/audit/torch-sweep.test.mjs. Case format:
# tools/reference/audit_common.py.
#   /usr/bin/python3 tools/reference/audit_conv.py
import os
import torch
import torch.nn.functional as F
from audit_common import Values, T, M, fcase, mcase
from fixture import write_fixture

here = os.path.dirname(os.path.abspath(__file__))
v = Values(1513)


def conv_cases():
    cases = []
    # (name, x shape, w shape, opts, bias)
    conv2d = [
        ('batch 1, no bias', (1, 2, 5, 5), (3, 2, 3, 3), {}, False),
        ('stride 3 padding 2, kernel 2x4, odd 7x9', (2, 3, 7, 9), (2, 3, 2, 4), dict(stride=3, padding=2), True),
        ('padding (0,2) stride (1,2)', (2, 2, 6, 7), (4, 2, 3, 3), dict(padding=[0, 2], stride=[1, 2]), True),
        ("'same', even 4x4 kernel, dilation (1,2)", (2, 2, 7, 8), (3, 2, 4, 4), dict(padding='same', dilation=[1, 2]), True),
        ("'same', kernel (2,3), dilation 2", (1, 3, 6, 5), (2, 3, 2, 3), dict(padding='same', dilation=2), False),
        ("'valid', stride 2", (2, 2, 8, 7), (3, 2, 3, 2), dict(padding='valid', stride=2), True),
        ('dilation 3 padding 1', (1, 2, 9, 9), (2, 2, 3, 3), dict(dilation=3, padding=1), True),
        ('groups 3 (6 -> 9)', (2, 6, 5, 6), (9, 2, 3, 3), dict(groups=3, padding=1), True),
        ('depthwise x2 multiplier, stride 2 padding 1', (2, 4, 7, 7), (8, 1, 3, 3), dict(groups=4, stride=2, padding=1), True),
        ('depthwise, kernel 5 padding 2', (1, 5, 6, 6), (5, 1, 5, 5), dict(groups=5, padding=2), False),
        ('kernel as large as the padded input', (2, 1, 3, 4), (2, 1, 5, 6), dict(padding=1), True),
        ('16 -> 8 channels, 6x6', (1, 16, 6, 6), (8, 16, 3, 3), dict(padding=1), True),
        ('1x1 stride 2', (2, 3, 5, 6), (4, 3, 1, 1), dict(stride=2), True),
        ('4 -> 32 channels (whole micro-tiles and a remainder), 7x7', (2, 4, 7, 7), (32, 4, 3, 3), dict(padding=1), True),
        ('unbatched, stride (2,1), groups 2', (4, 5, 6), (6, 2, 2, 3), dict(stride=[2, 1], groups=2), True),
        ('padding 3 > kernel 2, stride 2', (1, 2, 4, 5), (3, 2, 2, 2), dict(stride=2, padding=3), True),
        ("depthwise 'same' dilation 2", (2, 3, 6, 5), (3, 1, 3, 3), dict(padding='same', dilation=2, groups=3), True),
    ]
    for name, xs, ws, opts, bias in conv2d:
        args = [T(v.normal(xs)), T(v.normal(ws, 0.5)), T(v.normal((ws[0],))) if bias else None]
        cases.append(fcase(v, 'conv2d ' + name, 'conv2d', args, opts, F.conv2d))
    conv1d = [
        ('batch 1, no bias', (1, 2, 9), (3, 2, 3), {}, False),
        ('stride 3 kernel 5 padding 2', (2, 3, 13), (4, 3, 5), dict(stride=3, padding=2), True),
        ("'same', even kernel 4, dilation 3", (2, 2, 11), (3, 2, 4), dict(padding='same', dilation=3), True),
        ("'valid', dilation 2", (2, 2, 10), (2, 2, 3), dict(padding='valid', dilation=2), True),
        ('depthwise x3 multiplier', (2, 3, 8), (9, 1, 3), dict(groups=3, padding=1), True),
        ('groups 2 stride 2', (1, 4, 9), (6, 2, 2), dict(groups=2, stride=2), True),
        ('padding [3] as a list', (2, 1, 5), (2, 1, 3), dict(padding=[3]), True),
        ('unbatched', (3, 7), (2, 3, 2), dict(stride=2, padding=1), True),
    ]
    for name, xs, ws, opts, bias in conv1d:
        args = [T(v.normal(xs)), T(v.normal(ws, 0.5)), T(v.normal((ws[0],))) if bias else None]
        cases.append(fcase(v, 'conv1d ' + name, 'conv1d', args, opts, F.conv1d))
    tconv = [
        ('stride 2 outputPadding 1, batch 1, no bias', (1, 2, 4, 3), (2, 3, 3, 3), dict(stride=2, output_padding=1), False),
        ('stride (3,2) padding (1,0) outputPadding (2,1)', (2, 2, 3, 4), (2, 2, 3, 2), dict(stride=[3, 2], padding=[1, 0], output_padding=[2, 1]), True),
        ('dilation 2 groups 2 stride 2', (2, 4, 3, 3), (4, 2, 2, 3), dict(dilation=2, groups=2, stride=2), True),
        ('depthwise (groups = channels)', (2, 3, 4, 4), (3, 1, 3, 3), dict(groups=3, stride=2, padding=1), True),
        ('padding 2 stride 1 (crops)', (1, 2, 5, 5), (2, 3, 3, 3), dict(padding=2), True),
        ('kernel 1 stride 3 (gaps)', (2, 2, 3, 2), (2, 2, 1, 1), dict(stride=3), True),
        ('dilation (1,3) outputPadding (0,2) stride 3', (1, 2, 3, 3), (2, 2, 2, 2), dict(dilation=[1, 3], output_padding=[0, 2], stride=3), True),
        ('unbatched', (3, 3, 2), (3, 2, 2, 3), dict(stride=2, padding=[0, 1]), True),
        ('stride 1, dilation 2, outputPadding 1 (below the dilation)', (1, 2, 3, 3), (2, 2, 3, 3), dict(dilation=2, output_padding=1), False),
    ]
    for name, xs, ws, opts, bias in tconv:
        cout = ws[1] * opts.get('groups', 1)
        js = {('outputPadding' if k == 'output_padding' else k): x for k, x in opts.items()}
        args = [T(v.normal(xs)), T(v.normal(ws, 0.5)), T(v.normal((cout,))) if bias else None]
        cases.append(fcase(v, 'convTranspose2d ' + name, 'convTranspose2d', args, js, F.conv_transpose2d))
    return cases


def pool_cases():
    cases = []
    pools = [
        ('maxPool2d', 'kernel (3,2), stride (1,2), padding (1,0)', (2, 2, 6, 5), [3, 2], dict(stride=[1, 2], padding=[1, 0])),
        ('maxPool2d', 'kernel 2 stride 2 padding 1 ceilMode (last window dropped)', (1, 2, 5, 5), 2, dict(stride=2, padding=1, ceilMode=True)),
        ('maxPool2d', 'kernel 3 stride 2 ceilMode, odd 7x8', (2, 1, 7, 8), 3, dict(stride=2, ceilMode=True)),
        ('maxPool2d', 'dilation (2,3) padding 1', (1, 2, 9, 10), 3, dict(dilation=[2, 3], padding=1)),
        ('maxPool2d', 'stride 3 > kernel 2', (2, 2, 8, 7), 2, dict(stride=3)),
        ('maxPool2d', 'unbatched, ceilMode dilation 2', (2, 7, 7), 2, dict(ceilMode=True, dilation=2, stride=2)),
        ('maxPool1d', 'kernel 4 stride 3 padding 2 ceilMode', (2, 2, 11), 4, dict(stride=3, padding=2, ceilMode=True)),
        ('maxPool1d', 'dilation 3 stride 1', (1, 3, 12), 3, dict(dilation=3, stride=1)),
        ('maxPool1d', 'unbatched', (3, 9), 3, {}),
        ('avgPool2d', 'kernel 3 stride 2 padding 1 ceilMode, window past the padding', (1, 2, 6, 6), 3, dict(stride=2, padding=1, ceilMode=True)),
        ('avgPool2d', 'same, countIncludePad false', (1, 2, 6, 6), 3, dict(stride=2, padding=1, ceilMode=True, countIncludePad=False)),
        ('avgPool2d', 'kernel (3,4) stride (2,3) padding (1,2)', (2, 2, 7, 9), [3, 4], dict(stride=[2, 3], padding=[1, 2])),
        ('avgPool2d', 'kernel (3,4) stride (2,3) padding (1,2), countIncludePad false', (2, 2, 7, 9), [3, 4], dict(stride=[2, 3], padding=[1, 2], countIncludePad=False)),
        ('avgPool2d', 'stride 1, odd 5x7', (2, 3, 5, 7), 2, dict(stride=1)),
        ('avgPool2d', 'unbatched, ceilMode', (2, 5, 5), 2, dict(ceilMode=True)),
        ('avgPool1d', 'kernel 3 stride 2 padding 1 ceilMode', (2, 2, 8), 3, dict(stride=2, padding=1, ceilMode=True)),
        ('avgPool1d', 'kernel 3 stride 2 padding 1 ceilMode, countIncludePad false', (2, 2, 8), 3, dict(stride=2, padding=1, ceilMode=True, countIncludePad=False)),
        ('avgPool1d', 'stride 4 > kernel 2', (1, 3, 13), 2, dict(stride=4)),
    ]
    fns = {'maxPool2d': F.max_pool2d, 'maxPool1d': F.max_pool1d, 'avgPool2d': F.avg_pool2d, 'avgPool1d': F.avg_pool1d}
    for op, name, xs, k, opts in pools:
        cases.append(fcase(v, '%s %s' % (op, name), op, [T(v.normal(xs)), k], opts, fns[op]))
    # Ties (whole numbers, zeros as after a ReLU): torch routes the gradient to the first maximum
    # in the window's scan order. A NaN in a window is its maximum, as torch.
    ties = lambda shape: T(torch.clamp(torch.round(v.normal(shape)), min=0))
    for op, name, xs, k, opts in [('maxPool2d', 'ties (ReLU-like zeros), kernel 2', (2, 2, 4, 6), 2, {}),
                                  ('maxPool2d', 'ties, kernel 3 stride 2 padding 1 ceilMode', (1, 2, 6, 5), 3, dict(stride=2, padding=1, ceilMode=True)),
                                  ('maxPool2d', 'ties, overlapping windows (stride 1)', (1, 1, 5, 5), 2, dict(stride=1)),
                                  ('maxPool1d', 'ties, kernel 3 stride 1 dilation 2', (2, 2, 9), 3, dict(stride=1, dilation=2))]:
        cases.append(fcase(v, '%s %s' % (op, name), op, [ties(xs), k], opts, fns[op]))
    nan = v.normal((1, 2, 4, 4))
    nan[0, 1, 2, 1] = float('nan')
    cases.append(fcase(v, 'maxPool2d a NaN is its window\'s maximum', 'maxPool2d', [T(nan), 2], {}, F.max_pool2d))
    for name, xs, size in [('7x5 -> 3x3', (2, 2, 7, 5), [3, 3]), ('5x5 -> (2,4)', (1, 3, 5, 5), [2, 4]),
                           ('4x3 -> 5x3 (larger than the input)', (2, 1, 4, 3), [5, 3]), ('8x8 -> 3', (1, 2, 8, 8), 3),
                           ('9x6 -> 1', (2, 2, 9, 6), 1), ('unbatched 6x7 -> (4,5)', (3, 6, 7), [4, 5]),
                           ('5x7 -> [null, 3] (keeps the height)', (1, 2, 5, 7), [None, 3])]:
        cases.append(fcase(v, 'adaptiveAvgPool2d ' + name, 'adaptiveAvgPool2d', [T(v.normal(xs)), size], {}, F.adaptive_avg_pool2d))
    return cases


def module_cases():
    x = lambda *s: {'inputs': [T(v.normal(s))]}
    return [
        mcase(v, 'Conv2d(3, 4, [2, 3], stride [2, 1], padding 1, dilation [1, 2])', M('Conv2d', 3, 4, [2, 3], stride=[2, 1], padding=1, dilation=[1, 2]), [x(2, 3, 6, 7)]),
        mcase(v, "Conv2d(4, 4, 3, groups 4, padding 'same', bias false)", M('Conv2d', 4, 4, 3, groups=4, padding='same', bias=False), [x(1, 4, 5, 5)]),
        mcase(v, 'Conv1d(2, 6, 3, groups 2, stride 2)', M('Conv1d', 2, 6, 3, groups=2, stride=2), [x(2, 2, 9)]),
        mcase(v, 'ConvTranspose2d(4, 6, [3, 2], stride 2, outputPadding 1, groups 2)', M('ConvTranspose2d', 4, 6, [3, 2], stride=2, outputPadding=1, groups=2), [x(2, 4, 3, 3)]),
        mcase(v, 'ConvTranspose2d(2, 3, 3, padding 1, bias false)', M('ConvTranspose2d', 2, 3, 3, padding=1, bias=False), [x(1, 2, 4, 5)]),
        mcase(v, 'MaxPool2d(3, stride 2, padding 1, ceilMode)', M('MaxPool2d', 3, stride=2, padding=1, ceilMode=True), [x(2, 2, 6, 7)]),
        mcase(v, 'MaxPool1d(2, dilation 2)', M('MaxPool1d', 2, dilation=2), [x(1, 2, 9)]),
        mcase(v, 'AvgPool2d([2, 3], countIncludePad false, padding 1)', M('AvgPool2d', [2, 3], padding=1, countIncludePad=False), [x(2, 1, 5, 7)]),
        mcase(v, 'AvgPool1d(3, stride 2, ceilMode)', M('AvgPool1d', 3, stride=2, ceilMode=True), [x(2, 2, 8)]),
        mcase(v, 'AdaptiveAvgPool2d([3, 2])', M('AdaptiveAvgPool2d', [3, 2]), [x(2, 2, 7, 5)]),
        mcase(v, 'Sequential(Conv2d, BatchNorm2d, ReLU, MaxPool2d, grouped Conv2d, AvgPool2d, Flatten, Linear): two training calls, then eval',
              M('Sequential', M('Conv2d', 1, 4, 3, padding=1), M('BatchNorm2d', 4), M('ReLU'), M('MaxPool2d', 2),
                M('Conv2d', 4, 6, 3, groups=2, padding='same'), M('AvgPool2d', 2, ceilMode=True), M('Flatten'), M('Linear', 24, 3)),
              [x(3, 1, 8, 8), x(2, 1, 8, 7), dict(x(2, 1, 8, 8), mode='eval')]),
    ]


data = conv_cases() + pool_cases() + module_cases()
write_fixture(os.path.join(here, '..', '..', 'test', 'fixtures', 'audit_conv.mjs'), 'audit_conv.py', torch.__version__, data)

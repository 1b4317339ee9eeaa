# Writes test/fixtures/audit_second.mjs: second derivatives against torch 1.13 (the README says the
# convolutions', poolings' and normalisations' derivatives of every order are exact): for each
# op, g = ∂(Σ y·r)/∂x recorded with create_graph, then the gradients of Σ g·r2 with respect to the
# input and every parameter, for test/audit/second.test.mjs. Case format: audit_common.py (fcase2).
#   /usr/bin/python3 tools/reference/audit_second.py
import os
import torch
import torch.nn.functional as F
from audit_common import Values, T, fcase2, sdpa
from fixture import write_fixture

here = os.path.dirname(os.path.abspath(__file__))
v = Values(1518)
TOL = {'rtol': 5e-4, 'atol': 5e-5}
n = lambda *s: T(v.normal(s))
specs = [
    ('conv2d stride 2 padding 1 groups 2 dilation (1,2)', 'conv2d', [n(2, 4, 6, 7), n(6, 2, 3, 2), n(6)], dict(stride=2, padding=1, groups=2, dilation=[1, 2]), F.conv2d),
    ("conv1d 'same' even kernel", 'conv1d', [n(2, 3, 8), n(2, 3, 4), None], dict(padding='same'), F.conv1d),
    ('convTranspose2d stride 2 outputPadding 1', 'convTranspose2d', [n(1, 2, 3, 4), n(2, 3, 3, 3), n(3)], dict(stride=2, outputPadding=1),
     lambda x, w, b, stride, output_padding: F.conv_transpose2d(x, w, b, stride=stride, output_padding=output_padding)),
    ('batchNorm training with weight and bias', 'batchNorm', [n(6, 3, 2), None, None], dict(training=True, weight=n(3), bias=n(3)), F.batch_norm),
    ('layerNorm over 2 dims with weight and bias', 'layerNorm', [n(3, 2, 4), [2, 4], n(2, 4), n(2, 4), 1e-5], {}, F.layer_norm),
    ('groupNorm 2 groups with weight and bias', 'groupNorm', [n(2, 4, 3), 2, n(4), n(4), 1e-5], {}, F.group_norm),
    ('scaledDotProductAttention with a float mask', 'scaledDotProductAttention', [n(2, 3, 4), n(2, 5, 4), n(2, 5, 4)], dict(attnMask=v.normal((3, 5))), sdpa),
]
# (Pooling is linear in its input: its second derivatives are zero, nothing to compare.)
data = [fcase2(v, name, fn, args, opts, torch_fn, tol=TOL) for name, fn, args, opts, torch_fn in specs]
write_fixture(os.path.join(here, '..', '..', 'test', 'fixtures', 'audit_second.mjs'), 'audit_second.py', torch.__version__, data)

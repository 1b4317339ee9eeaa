# Writes test/fixtures/audit_attention.mjs: the independent torch 1.13 sweep of attention —
# scaledDotProductAttention (torch 1.13 has no public F.scaled_dot_product_attention; the
# reference below is torch 2.x's documented definition, in float64), MultiheadAttention (kdim/vdim,
# batchFirst, keyPaddingMask bool/float, attnMask 2-D/3-D bool/float, needWeights,
# averageAttnWeights, bias false, dropout in eval, unbatched), TransformerEncoderLayer (relu/gelu,
# normFirst, batchFirst, layerNormEps, masks) and TransformerEncoder (numLayers, norm) — for
# test/audit/torch-sweep.test.mjs. Case format: tools/reference/audit_common.py.
#   /usr/bin/python3 tools/reference/audit_attention.py
import os
import torch
from audit_common import Values, T, M, fcase, mcase, sdpa
from fixture import write_fixture

here = os.path.dirname(os.path.abspath(__file__))
v = Values(1516)
TOL = {'rtol': 2e-4, 'atol': 3e-5}


def keep_one(mask, masked_value):
    """A boolean mask with its first key never removed, so no row is fully masked (torch gives NaN)."""
    mask[..., 0] = not masked_value
    return mask


def sdpa_cases():
    cases = []
    specs = [
        ('3-D, L = S', (2, 4, 3), (2, 4, 3), (2, 4, 3), None, {}),
        ('4-D [N, H, L, E], L ≠ S, value width 5', (2, 2, 3, 4), (2, 2, 6, 4), (2, 2, 6, 5), None, {}),
        ('isCausal, L = S', (2, 5, 3), (2, 5, 3), (2, 5, 3), None, dict(isCausal=True)),
        ('isCausal, L < S (top-left aligned)', (1, 3, 2), (1, 5, 2), (1, 5, 2), None, dict(isCausal=True)),
        ('boolean attnMask [L, S] broadcast over the batch', (2, 3, 4), (2, 5, 4), (2, 5, 4), 'bool2', {}),
        ('float attnMask [N, 1, L, S] broadcast over heads', (2, 3, 4, 2), (2, 3, 4, 2), (2, 3, 4, 2), 'float4', {}),
        ('dropoutP 0 given', (3, 2, 2), (3, 2, 2), (3, 2, 2), None, dict(dropoutP=0)),
    ]
    for name, qs, ks, vs, mask, opts in specs:
        o = dict(opts)
        L, S = qs[-2], ks[-2]
        if mask == 'bool2':
            o['attnMask'] = keep_one(v.bools((L, S), 0.5).logical_not(), True)
        elif mask == 'float4':
            o['attnMask'] = v.normal((qs[0], 1, L, S))
        args = [T(v.normal(qs)), T(v.normal(ks)), T(v.normal(vs))]
        cases.append(fcase(v, 'scaledDotProductAttention ' + name, 'scaledDotProductAttention', args, o, sdpa, tol=TOL))
    return cases


def mha_cases():
    cases = []
    E, H = 8, 2
    qkv = lambda L, S, N, bf=False, kd=E, vd=E: [T(v.normal((N, L, E) if bf else (L, N, E))), T(v.normal((N, S, kd) if bf else (S, N, kd))),
                                                T(v.normal((N, S, vd) if bf else (S, N, vd)))]
    kpm_bool = lambda N, S: keep_one(v.bools((N, S), 0.4), False)
    specs = [
        ('self-attention shapes, weights averaged', {}, qkv(4, 4, 2), {}, 'train'),
        ('batchFirst, kdim 6 vdim 5, L ≠ S', dict(batchFirst=True, kdim=6, vdim=5), qkv(3, 5, 2, True, 6, 5), {}, 'train'),
        ('bias false, averageAttnWeights false', dict(bias=False), qkv(3, 4, 2), dict(averageAttnWeights=False), 'train'),
        ('keyPaddingMask bool + attnMask float [L, S]', {}, qkv(3, 5, 2), dict(keyPaddingMask=kpm_bool(2, 5), attnMask=v.normal((3, 5))), 'train'),
        ('keyPaddingMask bool + attnMask bool [N·H, L, S]', {}, qkv(4, 3, 2), dict(keyPaddingMask=kpm_bool(2, 3), attnMask=keep_one(v.bools((4, 4, 3), 0.4), False)), 'train'),
        ('keyPaddingMask float (added)', {}, qkv(3, 4, 2), dict(keyPaddingMask=v.normal((2, 4))), 'train'),
        ('keyPaddingMask float of 0/−∞ + attnMask bool (torch 1.13: their union)', {}, qkv(3, 4, 2),
         dict(keyPaddingMask=torch.tensor([[0, float('-inf'), 0, 0], [0, 0, 0, float('-inf')]]), attnMask=keep_one(v.bools((3, 4), 0.3), False)), 'train'),
        ('attnMask bool [L, S] alone', dict(batchFirst=True), qkv(4, 4, 3, True), dict(attnMask=keep_one(v.bools((4, 4), 0.5), False)), 'train'),
        ('needWeights false', {}, qkv(3, 3, 2), dict(needWeights=False), 'train'),
        ('unbatched [L, E], keyPaddingMask [S]', dict(kdim=4, vdim=3), [T(v.normal((3, E))), T(v.normal((5, 4))), T(v.normal((5, 3)))],
         dict(keyPaddingMask=keep_one(v.bools((5,), 0.4), False)), 'train'),
        ('dropout 0.3 in eval', dict(dropout=0.3), qkv(3, 4, 2), {}, 'eval'),
    ]
    for name, opts, inputs, fopts, mode in specs:
        cases.append(mcase(v, 'MultiheadAttention(%d, %d): %s' % (E, H, name), M('MultiheadAttention', E, H, **opts),
                           [{'inputs': inputs, 'opts': fopts, 'mode': mode}], tol=TOL))
    return cases


def transformer_cases():
    cases = []
    D, H, FF = 8, 2, 12
    specs = [
        ('post-norm relu, dropout in eval', dict(dimFeedforward=FF), (5, 2, D), {}, 'eval'),
        ('post-norm relu, dropout 0, train', dict(dimFeedforward=FF, dropout=0.0), (4, 3, D), {}, 'train'),
        ('normFirst gelu batchFirst, layerNormEps 1e-3', dict(dimFeedforward=FF, dropout=0.0, activation='gelu', normFirst=True, batchFirst=True, layerNormEps=1e-3),
         (2, 5, D), {}, 'train'),
        ('srcMask float + srcKeyPaddingMask bool', dict(dimFeedforward=FF, dropout=0.0), (4, 2, D),
         dict(srcMask=v.normal((4, 4)), srcKeyPaddingMask=keep_one(v.bools((2, 4), 0.4), False)), 'train'),
        ('srcMask bool (causal pattern), normFirst', dict(dimFeedforward=FF, dropout=0.0, normFirst=True), (5, 2, D),
         dict(srcMask=torch.ones(5, 5, dtype=torch.bool).triu(1)), 'train'),
        ('unbatched [L, E]', dict(dimFeedforward=FF, dropout=0.0, activation='gelu'), (4, D), {}, 'train'),
    ]
    for name, opts, xs, fopts, mode in specs:
        cases.append(mcase(v, 'TransformerEncoderLayer(%d, %d): %s' % (D, H, name), M('TransformerEncoderLayer', D, H, **opts),
                           [{'inputs': [T(v.normal(xs))], 'opts': fopts, 'mode': mode}], tol=TOL))
    layer = lambda **o: M('TransformerEncoderLayer', D, H, dimFeedforward=FF, dropout=0.0, **o)
    enc = [
        ('2 layers, no norm', M('TransformerEncoder', layer(), 2), (4, 2, D), {}),
        ('3 layers normFirst batchFirst, final LayerNorm, key padding', M('TransformerEncoder', layer(normFirst=True, batchFirst=True), 3, norm=M('LayerNorm', D)),
         (2, 5, D), dict(srcKeyPaddingMask=keep_one(v.bools((2, 5), 0.4), False))),
        ('2 layers gelu, mask float', M('TransformerEncoder', layer(activation='gelu'), 2), (3, 2, D), dict(mask=v.normal((3, 3)))),
    ]
    for name, m, xs, fopts in enc:
        cases.append(mcase(v, 'TransformerEncoder: ' + name, m, [{'inputs': [T(v.normal(xs))], 'opts': fopts, 'mode': 'train'}], tol=TOL))
    return cases


data = sdpa_cases() + mha_cases() + transformer_cases()
write_fixture(os.path.join(here, '..', '..', 'test', 'fixtures', 'audit_attention.mjs'), 'audit_attention.py', torch.__version__, data)

# Writes test/fixtures/attention.mjs: scaled dot-product attention, nn.MultiheadAttention,
# nn.TransformerEncoderLayer and nn.TransformerEncoder evaluated by PyTorch 1.13 in float64 from
# float32 values — outputs (and attention weights), and the gradients of sum(y * r) (+ sum(w * rw))
# with respect to every input and parameter — for test/layers/attention.test.mjs.
#   /usr/bin/python3 tools/reference/attention.py
# torch 1.13 has no public scaled_dot_product_attention: its reference is the formula
# softmax(q·kᵀ/√E + mask)·v (torch 2.x's math path), checked here against 1.13's private
# F._scaled_dot_product_attention for the boolean and causal cases.
import os
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from fixture import write_fixture

here = os.path.dirname(os.path.abspath(__file__))
out_path = os.path.join(here, '..', '..', 'test', 'fixtures', 'attention.mjs')
rng = np.random.default_rng(1513)
torch.manual_seed(1513)


def values(shape, scale=1.0):
    return torch.tensor((rng.normal(size=shape) * scale).astype(np.float32)).double()


def flat(t):
    return t.detach().numpy().astype(np.float32).ravel().tolist()


def entry(t):
    return {'shape': list(t.shape), 'data': flat(t)}


def bool_list(m):
    return m.tolist()


def sdpa_reference(q, k, v, mask=None, causal=False):
    scores = q @ k.transpose(-2, -1) / np.sqrt(q.shape[-1])
    if causal:
        L, S = scores.shape[-2:]
        scores = scores.masked_fill(~torch.ones(L, S, dtype=torch.bool).tril(), float('-inf'))
    if mask is not None:
        scores = scores + (torch.zeros(mask.shape, dtype=torch.float64).masked_fill(~mask, float('-inf')) if mask.dtype == torch.bool else mask)
    return torch.softmax(scores, -1) @ v


def sdpa_cases():
    specs = [
        ('3-D, no mask', (2, 3, 4), (2, 5, 4), (2, 5, 3), None, False),
        ('float mask [L, S] broadcast', (2, 3, 4), (2, 5, 4), (2, 5, 3), ('float', (3, 5)), False),
        ('boolean mask [B, L, S]', (2, 3, 4), (2, 5, 4), (2, 5, 4), ('bool', (2, 3, 5)), False),
        ('causal, L = S, 4-D', (2, 2, 4, 4), (2, 2, 4, 4), (2, 2, 4, 3), None, True),
        ('causal, L < S', (1, 3, 8), (1, 6, 8), (1, 6, 5), None, True),
        ('float mask [B, 1, L, S] (expanded over heads)', (2, 3, 4, 4), (2, 3, 6, 4), (2, 3, 6, 4), ('float', (2, 1, 4, 6)), False),
        ('float mask [B, 1, 1, S] (key padding)', (2, 2, 3, 8), (2, 2, 7, 8), (2, 2, 7, 2), ('float', (2, 1, 1, 7)), False),
        ('mask that requires grad', (2, 3, 4), (2, 3, 4), (2, 3, 4), ('grad', (3, 3)), False),
        ('2-D, long rows (S = 13)', (5, 6), (13, 6), (13, 7), ('float', (5, 13)), False),
    ]
    cases = []
    for name, qs, ks, vs, mask_spec, causal in specs:
        q, k, v = values(qs), values(ks), values(vs)
        leaves = {'q': q, 'k': k, 'v': v}
        mask = None
        c = {'name': 'scaledDotProductAttention ' + name, 'isCausal': causal}
        if mask_spec is not None:
            kind, shape = mask_spec
            if kind == 'bool':
                mask = torch.tensor(rng.random(shape) > 0.3)
                mask[..., 0] = True  # no row fully masked
                c['boolMask'] = bool_list(mask)
                ref, _ = F._scaled_dot_product_attention(q, k, v, mask, 0.0, False, False)
            else:
                mask = values(shape)
                mask = mask.masked_fill(torch.tensor(rng.random(shape) < 0.2), float('-inf')) if kind == 'float' else mask
                if kind == 'float':
                    mask.select(-1, 0).fill_(0.5)
                leaves['mask'] = mask
        if causal:
            ref, _ = F._scaled_dot_product_attention(q, k, v, None, 0.0, False, True)
        inputs = {key: t.clone().requires_grad_(not (key == 'mask' and mask_spec[0] != 'grad')) for key, t in leaves.items()}
        y = sdpa_reference(inputs['q'], inputs['k'], inputs['v'], mask if 'mask' not in inputs else inputs['mask'], causal)
        if mask_spec is not None and mask_spec[0] == 'bool' or causal:
            assert torch.allclose(y, ref, atol=1e-12), name
        r = values(tuple(y.shape))
        (y * r).sum().backward()
        c.update({'inputs': {key: entry(t) for key, t in inputs.items()}, 'r': flat(r), 'out': entry(y),
                  'grads': {key: flat(t.grad) for key, t in inputs.items() if t.grad is not None}})
        cases.append(c)
    return cases


def float32_params(module):
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(p.float().double())


def state(module):
    return {k: entry(v) for k, v in module.state_dict().items()}


def mha_cases():
    E, H = 8, 2
    specs = [
        # name, ctor kwargs, L, S, N, self-attention, forward kwargs (torch), extra for js
        ('self-attention, seq first', dict(), 5, 5, 2, True, dict(), {}),
        ('batchFirst, L != S, float attnMask [L, S], weights per head', dict(batch_first=True), 4, 6, 3, False,
         dict(attn_mask=('float', (4, 6)), average_attn_weights=False), {}),
        ('kdim 6, vdim 5, boolean keyPaddingMask', dict(kdim=6, vdim=5), 4, 5, 2, False,
         dict(key_padding_mask=('bool', (2, 5))), {}),
        ('no bias, boolean attnMask [N*H, L, S] and keyPaddingMask', dict(bias=False), 3, 4, 2, False,
         dict(attn_mask=('bool', (4, 3, 4)), key_padding_mask=('bool', (2, 4))), {}),
        ('unbatched [L, E], keyPaddingMask [S]', dict(), 3, 5, None, False, dict(key_padding_mask=('bool', (5,))), {}),
        ('isCausal (torch: the triangular attnMask)', dict(batch_first=True), 5, 5, 2, True, dict(attn_mask=('causal', (5, 5))), {'isCausal': True}),
        ('needWeights false, 4 heads', dict(), 4, 4, 2, True, dict(need_weights=False), {}),
        ('cross-attention, key is value, float keyPaddingMask and float attnMask [N*H, L, S]', dict(), 3, 6, 2, 'kv',
         dict(key_padding_mask=('float', (2, 6)), attn_mask=('float', (4, 3, 6))), {}),
    ]
    cases = []
    for name, ctor, L, S, N, self_attn, fkw, js in specs:
        heads = 4 if '4 heads' in name else H
        m = nn.MultiheadAttention(E, heads, **ctor).double()
        float32_params(m)
        bf = ctor.get('batch_first', False)
        kdim, vdim = ctor.get('kdim', E), ctor.get('vdim', E)
        shape = lambda length, feat: (length, feat) if N is None else ((N, length, feat) if bf else (length, N, feat))
        inputs = {'query': values(shape(L, E))}
        if self_attn is not True:
            inputs['key'] = values(shape(S, kdim))
        if self_attn is False:
            inputs['value'] = values(shape(S, vdim))
        leaves = {k: v.clone().requires_grad_(True) for k, v in inputs.items()}
        q = leaves['query']
        k = q if self_attn is True else leaves['key']
        v = q if self_attn is True else k if self_attn == 'kv' else leaves['value']
        kwargs = {}
        js_masks = {}
        for key, val in fkw.items():
            if isinstance(val, tuple):
                kind, mshape = val
                if kind == 'causal':
                    kwargs[key] = torch.ones(mshape, dtype=torch.bool).triu(1)
                elif kind == 'bool':
                    mask = torch.tensor(rng.random(mshape) > 0.7)
                    mask[..., 0] = False  # no row fully masked
                    kwargs[key] = mask
                    js_masks[key] = bool_list(mask)
                else:
                    mask = values(mshape).masked_fill(torch.tensor(rng.random(mshape) < 0.2), float('-inf'))
                    mask.select(-1, 0).fill_(0.25)
                    kwargs[key] = mask
                    js_masks[key] = entry(mask)
            else:
                kwargs[key] = val
        if 'key_padding_mask' in kwargs and kwargs['key_padding_mask'].is_floating_point() and 'attn_mask' in kwargs:
            # torch 1.13 ignores a float key_padding_mask next to an attn_mask (masked_fill with a
            # float mask fills nothing); torch 2.x adds the two, as descent does: pass the sum.
            pad = kwargs.pop('key_padding_mask')
            kwargs['attn_mask'] = kwargs['attn_mask'] + pad.view(N, 1, 1, S).expand(-1, heads, -1, -1).reshape(N * heads, 1, S)
        y, w = m(q, k, v, **kwargs)
        r = values(tuple(y.shape))
        loss = (y * r).sum()
        rw = None
        if w is not None:
            rw = values(tuple(w.shape))
            loss = loss + (w * rw).sum()
        loss.backward()
        grads = {key: flat(t.grad) for key, t in leaves.items()}
        grads.update({key: flat(p.grad) for key, p in m.named_parameters()})
        cases.append({'name': 'MultiheadAttention ' + name, 'embedDim': E, 'numHeads': heads,
                      'opts': {'batchFirst': bf, 'kdim': kdim, 'vdim': vdim, 'bias': ctor.get('bias', True)},
                      'selfAttention': self_attn, 'masks': js_masks, 'forward': {'needWeights': fkw.get('need_weights', True),
                      'averageAttnWeights': fkw.get('average_attn_weights', True), **js},
                      'stateDict': state(m), 'inputs': {k: entry(t) for k, t in leaves.items()},
                      'r': flat(r), 'rw': None if rw is None else flat(rw), 'out': entry(y),
                      'weights': None if w is None else entry(w), 'grads': grads})
    return cases


def encoder_cases():
    d, nhead, ff = 8, 2, 16
    specs = [
        ('layer, post-norm, relu, seq first', 'layer', dict(), 5, 2, None, {}),
        ('layer, pre-norm, gelu, batchFirst, srcKeyPaddingMask', 'layer', dict(norm_first=True, activation='gelu', batch_first=True), 4, 3,
         'pad', {}),
        ('layer, post-norm, isCausal (torch: triangular srcMask)', 'layer', dict(layer_norm_eps=1e-6), 6, 2, 'causal', {'isCausal': True}),
        ('layer, post-norm, float srcMask and boolean srcKeyPaddingMask', 'layer', dict(), 5, 2, 'float+pad', {}),
        ('encoder, 2 pre-norm layers + final LayerNorm, float mask', 'encoder', dict(norm_first=True, batch_first=True), 5, 2, 'float', {}),
        ('encoder, 2 post-norm layers, no norm, unbatched', 'encoder-plain', dict(), 4, None, None, {}),
    ]
    cases = []
    for name, kind, kw, L, N, mask_kind, js in specs:
        layer = nn.TransformerEncoderLayer(d, nhead, dim_feedforward=ff, dropout=0.0, **kw)
        if kind == 'layer':
            m = layer
        else:
            m = nn.TransformerEncoder(layer, 2, norm=nn.LayerNorm(d) if kind == 'encoder' else None, enable_nested_tensor=False)
            with torch.no_grad():  # distinct layers, so a mix-up of layers would show
                for p in m.layers[1].parameters():
                    p.add_(torch.tensor(rng.normal(size=tuple(p.shape)) * 0.1))
                if kind == 'encoder':
                    m.norm.weight.add_(torch.tensor(rng.normal(size=(d,)) * 0.1))
                    m.norm.bias.add_(torch.tensor(rng.normal(size=(d,)) * 0.1))
        m = m.double()
        float32_params(m)
        bf = kw.get('batch_first', False)
        shape = (L, d) if N is None else ((N, L, d) if bf else (L, N, d))
        x = values(shape).requires_grad_(True)
        kwargs, masks = {}, {}
        mask_key = 'src_mask' if kind == 'layer' else 'mask'
        if mask_kind in ('pad', 'float+pad'):
            pad = torch.tensor(rng.random((N, L)) > 0.7)
            pad[:, 0] = False
            kwargs['src_key_padding_mask'] = pad
            masks['srcKeyPaddingMask'] = bool_list(pad)
        elif mask_kind == 'causal':
            kwargs[mask_key] = torch.ones(L, L, dtype=torch.bool).triu(1)
        if mask_kind in ('float', 'float+pad'):
            mask = values((L, L)).masked_fill(torch.tensor(rng.random((L, L)) < 0.2), float('-inf'))
            mask[:, 0] = 0.5
            kwargs[mask_key] = mask
            masks['srcMask' if kind == 'layer' else 'mask'] = entry(mask)
        y = m(x, **kwargs)
        r = values(tuple(y.shape))
        (y * r).sum().backward()
        grads = {'x': flat(x.grad)}
        grads.update({key: flat(p.grad) for key, p in m.named_parameters()})
        cases.append({'name': 'Transformer' + ('EncoderLayer ' if kind == 'layer' else 'Encoder ') + name, 'kind': kind,
                      'dModel': d, 'nhead': nhead,
                      'opts': {'dimFeedforward': ff, 'dropout': 0, 'batchFirst': bf, 'normFirst': kw.get('norm_first', False),
                               'activation': kw.get('activation', 'relu'), 'layerNormEps': kw.get('layer_norm_eps', 1e-5)},
                      'masks': masks, 'forward': js, 'stateDict': state(m), 'x': entry(x), 'r': flat(r), 'out': entry(y), 'grads': grads})
    return cases


write_fixture(out_path, 'attention.py', torch.__version__,
              {'sdpa': sdpa_cases(), 'mha': mha_cases(), 'encoder': encoder_cases()})

"""The independent torch 1.13 check of the layer families (issue 15): one case format for
functional ops and modules, shared by tools/reference/audit_*.py and run by
test/audit/torch-sweep.test.mjs.

A case names the descent callable (`fn` in d.nn.functional, or `module` in d.nn), its
arguments and options in descent's spelling (camelCase; torch's keyword is the snake_case of the
same name unless the script says otherwise), and what torch 1.13 gave: the outputs (flattened,
tuples in order, None kept as null), the gradients of sum(y_i * r_i) over the outputs for fixed
random r_i with respect to every float input, and for modules every parameter's gradient and the
whole state dict before (torch's keys, order and shapes: what descent must load) and its buffers
after the calls (running statistics).

Argument encoding (decoded alike on both sides):
  {"tensor": {shape, data}, "grad": bool}   a float tensor (a leaf requiring grad if grad; if not,
                                             its values after a functional call are compared too:
                                             batchNorm's running statistics)
  {"index": {shape, data}}                   an integer tensor (torch long; descent float)
  {"bool": nested lists}                     a boolean tensor (descent: nested JS booleans)
  {"module": {module, args, opts}}           a module built from the same encoding
Anything else is plain JSON."""
import math
import re
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_default_dtype(torch.float32)


def sdpa(q, k, v_, attn_mask=None, is_causal=False, dropout_p=0.0):
    """torch 2.x F.scaled_dot_product_attention (dropout 0): softmax(q·kᵀ/√E + mask)·v, in float64.
    A boolean mask is True where the entry takes part; isCausal keeps the lower triangle."""
    assert dropout_p == 0.0
    q64, k64, v64 = q.double(), k.double(), v_.double()
    scores = q64 @ k64.transpose(-2, -1) / math.sqrt(q.shape[-1])
    L, S = q.shape[-2], k.shape[-2]
    if is_causal:
        scores = scores.masked_fill(~torch.ones(L, S, dtype=torch.bool).tril(), float('-inf'))
    if attn_mask is not None:
        if attn_mask.dtype == torch.bool:
            scores = scores.masked_fill(~attn_mask, float('-inf'))
        else:
            scores = scores + attn_mask.double()
    return (torch.softmax(scores, dim=-1) @ v64).float()


class Values:
    """Random values from one seeded numpy generator per script."""

    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)

    def normal(self, shape, scale=1.0):
        return torch.tensor((self.rng.normal(size=shape) * scale).astype(np.float32))

    def uniform(self, shape, low, high):
        return torch.tensor(self.rng.uniform(low, high, size=shape).astype(np.float32))

    def ints(self, shape, high):
        return torch.tensor(self.rng.integers(0, high, size=shape), dtype=torch.long)

    def bools(self, shape, p=0.3):
        return torch.tensor(self.rng.random(size=shape) < p)


class T:
    """A float tensor argument (grad: a leaf requiring its gradient)."""

    def __init__(self, value, grad=True):
        self.value, self.grad = value, grad


class M:
    """A module argument: descent name, positional args and options."""

    def __init__(self, module, *args, **opts):
        self.module, self.args, self.opts = module, list(args), opts


def snake(name):
    return re.sub('([A-Z])', lambda m: '_' + m.group(1).lower(), name)


def flat(t):
    """A tensor's values as float32, each written as the shortest text that reads back as it."""
    return [float(repr(x)) for x in t.detach().to(torch.float32).numpy().ravel()]


def enc_tensor(t):
    return {'shape': list(t.shape), 'data': flat(t)}


def encode(value):
    if isinstance(value, T):
        return {'tensor': enc_tensor(value.value), 'grad': value.grad}
    if isinstance(value, M):
        return {'module': {'module': value.module, 'args': encode(value.args), 'opts': encode(value.opts)}}
    if isinstance(value, torch.Tensor):
        if value.dtype == torch.bool:
            return {'bool': value.tolist()}
        if value.dtype == torch.long:
            return {'index': enc_tensor(value)}
        return {'tensor': enc_tensor(value), 'grad': False}
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {k: encode(v) for k, v in value.items()}
    return value


def decode(value, leaves, fixed=None):
    """Torch values of an argument; grad leaves appended to `leaves`, other float tensors to `fixed`."""
    if isinstance(value, T) or (isinstance(value, torch.Tensor) and value.is_floating_point()):
        t = value.value if isinstance(value, T) else value
        grad = isinstance(value, T) and value.grad
        leaf = t.clone().requires_grad_(grad)
        (leaves if grad else fixed if fixed is not None else []).append(leaf)
        return leaf
    if isinstance(value, M):
        return build(value)
    if isinstance(value, (list, tuple)):
        return type(value)(decode(v, leaves, fixed) for v in value)
    if isinstance(value, dict):
        return {snake(k): decode(v, leaves, fixed) for k, v in value.items()}
    return value


def build(m):
    args = decode(m.args, [])
    opts = decode(m.opts, [])
    return getattr(nn, m.module)(*args, **opts)


def flatten(out):
    if isinstance(out, (tuple, list)):
        return [y for o in out for y in flatten(o)]
    return [out]


def outputs_and_loss(out, values):
    ys = flatten(out)
    encoded, loss = [], 0
    for y in ys:
        if y is None:
            encoded.append(None)
            continue
        r = values.normal(tuple(y.shape))
        encoded.append({'shape': list(y.shape), 'data': flat(y), 'r': flat(r)})
        if y.requires_grad:
            loss = loss + (y * r).sum()
    return encoded, loss


def fcase(values, name, fn, args, opts, torch_fn, tol=None):
    """A d.nn.functional case: fn(*args, opts) in descent, torch_fn(*args, **snake(opts)) in torch."""
    leaves, fixed = [], []
    targs = decode(args, leaves, fixed)
    topts = decode(opts, leaves, fixed)
    out = torch_fn(*targs, **topts)
    encoded, loss = outputs_and_loss(out, values)
    if torch.is_tensor(loss):
        loss.backward()
    return {'name': name, 'fn': fn, 'args': encode(args), 'opts': encode(opts), 'outputs': encoded,
            'grads': [flat(leaf.grad) if leaf.grad is not None else None for leaf in leaves],
            'fixedAfter': [flat(t) for t in fixed], 'tol': tol}


def perturb(module, values, scale=0.5):
    """Every float parameter and running statistic set to random values, so no value is special."""
    with torch.no_grad():
        for name, p in module.named_parameters():
            p.copy_(values.normal(tuple(p.shape), scale))
        for name, b in module.named_buffers():
            if name.endswith('running_mean'):
                b.copy_(values.normal(tuple(b.shape), 0.5))
            elif name.endswith('running_var'):
                b.copy_(values.uniform(tuple(b.shape), 0.5, 2.0))
            elif name.endswith('num_batches_tracked'):
                b.fill_(3)


def state(module):
    return {k: enc_tensor(v) for k, v in module.state_dict().items()}


def buffers(module):
    """The state dict's buffers (running statistics): the parameters do not change in a call."""
    names = {k for k, _ in module.named_buffers()}
    return {k: enc_tensor(v) for k, v in module.state_dict().items() if k in names}


def mcase(values, name, module, calls, tol=None, torch_module=None, scale=0.5):
    """A d.nn module case. calls: [{'inputs': [...], 'opts': {...}, 'mode': 'train'|'eval'}];
    each call's outputs and input gradients are compared, then the accumulated parameter
    gradients and the state dict after the calls."""
    tm = torch_module if torch_module is not None else build(module)
    perturb(tm, values, scale)
    before = state(tm)
    done = []
    for call in calls:
        tm.train(call.get('mode', 'train') == 'train')
        leaves = []
        tin = decode(call['inputs'], leaves)
        topts = decode(call.get('opts', {}), leaves)
        out = tm(*tin, **topts)
        encoded, loss = outputs_and_loss(out, values)
        if torch.is_tensor(loss):
            loss.backward()
        done.append({'inputs': encode(call['inputs']), 'opts': encode(call.get('opts', {})), 'mode': call.get('mode', 'train'),
                     'outputs': encoded, 'grads': [flat(leaf.grad) if leaf.grad is not None else None for leaf in leaves]})
    params = {k: (flat(p.grad) if p.grad is not None else None) for k, p in tm.named_parameters()}
    return {'name': name, 'module': encode(M(module.module, *module.args, **module.opts))['module'], 'stateDict': before,
            'calls': done, 'paramGrads': params, 'after': buffers(tm), 'tol': tol}


def fcase2(values, name, fn, args, opts, torch_fn, tol=None):
    """Second derivatives: g = ∂(Σ y·r)/∂x for the first float input x, recorded (create_graph),
    then the gradients of Σ g·r2 with respect to every float input. Returns None where g does not
    depend on the inputs (piecewise-linear ops: torch has no graph to walk)."""
    leaves, fixed = [], []
    targs = decode(args, leaves, fixed)
    topts = decode(opts, leaves, fixed)
    y = torch_fn(*targs, **topts)
    r = values.normal(tuple(y.shape))
    g = torch.autograd.grad((y * r).sum(), leaves[0], create_graph=True)[0]
    if not g.requires_grad:
        return None
    r2 = values.normal(tuple(g.shape))
    (g * r2).sum().backward()
    return {'name': name, 'fn2': fn, 'args': encode(args), 'opts': encode(opts), 'r': flat(r), 'r2': flat(r2),
            'firstGrad': flat(g), 'grads': [flat(leaf.grad) if leaf.grad is not None else None for leaf in leaves], 'tol': tol}

# Writes test/fixtures/losses.mjs: every loss of d.nn.functional evaluated by PyTorch 1.13 with
# its options and reductions (values and gradients of every differentiable argument), for
# test/nn/losses.test.mjs.
#   /usr/bin/python3 tools/reference/losses.py
import os
import numpy as np
import torch
import torch.nn.functional as F
from fixture import write_fixture

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, '..', '..', 'test', 'fixtures', 'losses.mjs')
rng = np.random.default_rng(14)


def f32(a):
    return np.asarray(a, dtype=np.float32)


def lst(t):
    return [float(v) for v in t.detach().numpy().astype(np.float64).ravel()]


SNAKE = {'ignoreIndex': 'ignore_index', 'labelSmoothing': 'label_smoothing', 'posWeight': 'pos_weight',
         'logTarget': 'log_target'}


def case(name, fn, args, opts=None, diff=(0,), positional=()):
    """args: float arrays, or ('index', ints); diff: which arguments require grad."""
    opts = opts or {}
    tensors, specs = [], []
    for i, a in enumerate(args):
        if isinstance(a, tuple) and a[0] == 'index':
            t = torch.tensor(np.asarray(a[1], dtype=np.int64))
            specs.append({'index': True, 'shape': list(t.shape), 'data': [int(v) for v in t.ravel()]})
        else:
            t = torch.tensor(f32(a), requires_grad=i in diff)
            specs.append({'shape': list(t.shape), 'data': lst(t), 'requiresGrad': i in diff})
        tensors.append(t)
    kw = {}
    for k, v in opts.items():
        if k in ('weight', 'posWeight'):
            v = torch.tensor(f32(v))
        kw[SNAKE.get(k, k)] = v
    value = fn(*tensors, *positional, **kw)
    upstream = f32(rng.uniform(0.5, 1.5, size=value.shape))
    (value * torch.tensor(upstream)).sum().backward()
    json_opts = {k: (lst(torch.tensor(f32(v))) if k in ('weight', 'posWeight') else v) for k, v in opts.items()}
    if 'weight' in opts:
        json_opts['weightShape'] = list(np.asarray(opts['weight']).shape)
    if 'posWeight' in opts:
        json_opts['posWeightShape'] = list(np.asarray(opts['posWeight']).shape)
    return {'name': name, 'args': specs, 'opts': json_opts, 'positional': list(positional),
            'shape': list(value.shape), 'value': lst(value), 'upstream': [float(u) for u in upstream.ravel()],
            'grads': [lst(t.grad) if t.grad is not None else None for t in tensors]}


def normal(*shape, scale=1.0):
    return rng.normal(size=shape) * scale


cases = []
pred, target = normal(4, 3, scale=2), normal(4, 3)
for reduction in ['mean', 'sum', 'none']:
    cases.append(case('mseLoss', F.mse_loss, [pred, target], {'reduction': reduction}, diff=(0, 1)))
    cases.append(case('l1Loss', F.l1_loss, [pred, target], {'reduction': reduction}, diff=(0, 1)))
    cases.append(case('huberLoss', F.huber_loss, [pred, target], {'reduction': reduction, 'delta': 0.5}, diff=(0, 1)))
    cases.append(case('smoothL1Loss', F.smooth_l1_loss, [pred, target], {'reduction': reduction, 'beta': 0.5}, diff=(0, 1)))
cases.append(case('smoothL1Loss', F.smooth_l1_loss, [pred, target], {}, diff=(0, 1)))
cases.append(case('smoothL1Loss', F.smooth_l1_loss, [pred, target], {'beta': 0.0}, diff=(0, 1)))

# Cross-entropy: class indices, weights, ignored entries, smoothing, probabilities, shapes.
logits = normal(5, 4, scale=2)
labels = [0, 3, 1, 1, 2]
weight = [0.5, 2.0, 1.0, 1.5]
for reduction in ['mean', 'sum', 'none']:
    cases.append(case('crossEntropy', F.cross_entropy, [logits, ('index', labels)], {'reduction': reduction}))
    cases.append(case('crossEntropy', F.cross_entropy, [logits, ('index', labels)], {'reduction': reduction, 'weight': weight}))
    cases.append(case('crossEntropy', F.cross_entropy, [logits, ('index', [0, -100, 1, 3, -100])], {'reduction': reduction, 'labelSmoothing': 0.2}))
    cases.append(case('crossEntropy', F.cross_entropy, [logits, ('index', [0, 2, 1, 3, 2])], {'reduction': reduction, 'weight': weight, 'ignoreIndex': 2, 'labelSmoothing': 0.3}))
    probs = rng.dirichlet(np.ones(4), size=5)
    cases.append(case('crossEntropy', F.cross_entropy, [logits, probs], {'reduction': reduction}, diff=(0, 1)))
    cases.append(case('crossEntropy', F.cross_entropy, [logits, probs], {'reduction': reduction, 'weight': weight, 'labelSmoothing': 0.1}, diff=(0, 1)))
    cases.append(case('nllLoss', F.nll_loss, [normal(5, 4), ('index', [0, 3, -100, 1, 2])], {'reduction': reduction, 'weight': weight}))
cases.append(case('crossEntropy', F.cross_entropy, [normal(6, scale=3), ('index', 4)]))
cases.append(case('crossEntropy', F.cross_entropy, [normal(2, 3, 2, 2), ('index', rng.integers(0, 3, size=(2, 2, 2)))], {'weight': [1.0, 0.5, 2.0]}))
cases.append(case('crossEntropy', F.cross_entropy, [normal(2, 3, 4), ('index', rng.integers(0, 3, size=(2, 4)))], {'reduction': 'none', 'labelSmoothing': 0.1}))
cases.append(case('crossEntropy', F.cross_entropy, [[[40.0, -40.0, 90.0], [1e4, -1e4, 0.0], [0.0, 0.0, 0.0]], ('index', [0, 1, 2])]))
cases.append(case('crossEntropy', F.cross_entropy, [normal(7, 9), ('index', rng.integers(0, 9, size=7))], {'labelSmoothing': 0.05}))
cases.append(case('nllLoss', F.nll_loss, [normal(4, 3), ('index', [2, 0, 1, 1])], {'ignoreIndex': 1}))

# Binary cross-entropy on logits: the exact limits at 0 and ±1e30, weights and posWeight.
cases.append(case('binaryCrossEntropyWithLogits', F.binary_cross_entropy_with_logits, [[0.0, 0.0], [0.0, 1.0]]))
cases.append(case('binaryCrossEntropyWithLogits', F.binary_cross_entropy_with_logits, [[1e30, -1e30, 1e30, -1e30], [0.0, 1.0, 1.0, 0.0]]))
cases.append(case('binaryCrossEntropyWithLogits', F.binary_cross_entropy_with_logits, [[-30.0, 30.0, 25.0, -25.0, 15.0], [0.0, 1.0, 1.0, 0.0, 0.3]]))
blogits, btargets = normal(6, 3, scale=3), rng.uniform(size=(6, 3))
for reduction in ['mean', 'sum', 'none']:
    cases.append(case('binaryCrossEntropyWithLogits', F.binary_cross_entropy_with_logits, [blogits, btargets], {'reduction': reduction}, diff=(0, 1)))
    cases.append(case('binaryCrossEntropyWithLogits', F.binary_cross_entropy_with_logits, [blogits, btargets], {'reduction': reduction, 'weight': rng.uniform(0.5, 2, size=(6, 3))}, diff=(0, 1)))
    cases.append(case('binaryCrossEntropyWithLogits', F.binary_cross_entropy_with_logits, [blogits, btargets], {'reduction': reduction, 'posWeight': [0.5, 2.0, 3.0], 'weight': [1.5, 1.0, 0.5]}, diff=(0, 1)))
cases.append(case('binaryCrossEntropyWithLogits', F.binary_cross_entropy_with_logits, [normal(9, scale=4), rng.integers(0, 2, size=9)], {'posWeight': [2.5]}))

# Binary cross-entropy on probabilities, with the torch clamp of log at -100.
bprobs = rng.uniform(0.02, 0.98, size=(4, 3))
for reduction in ['mean', 'sum', 'none']:
    cases.append(case('binaryCrossEntropy', F.binary_cross_entropy, [bprobs, rng.uniform(size=(4, 3))], {'reduction': reduction}, diff=(0, 1)))
cases.append(case('binaryCrossEntropy', F.binary_cross_entropy, [bprobs, rng.integers(0, 2, size=(4, 3))], {'weight': rng.uniform(0.5, 2, size=(4, 3))}))
cases.append(case('binaryCrossEntropy', F.binary_cross_entropy, [[0.0, 1.0, 0.0, 1.0, 0.5], [0.0, 1.0, 1.0, 0.0, 0.5]], {'reduction': 'none'}))

# Kullback-Leibler divergence.
kl_in = torch.log_softmax(torch.tensor(f32(normal(3, 4))), 1).numpy()
kl_t = rng.dirichlet(np.ones(4), size=3)
kl_t[0, 1] = 0.0
for reduction in ['mean', 'batchmean', 'sum', 'none']:
    cases.append(case('klDiv', F.kl_div, [kl_in, kl_t], {'reduction': reduction}, diff=(0,)))
    cases.append(case('klDiv', F.kl_div, [kl_in, np.log(rng.dirichlet(np.ones(4), size=3))], {'reduction': reduction, 'logTarget': True}, diff=(0, 1)))

# Similarities and ranking losses.
cases.append(case('cosineSimilarity', F.cosine_similarity, [normal(4, 5), normal(4, 5)], diff=(0, 1)))
cases.append(case('cosineSimilarity', F.cosine_similarity, [normal(4, 5), normal(1, 5)], diff=(0, 1)))
cases.append(case('cosineSimilarity', F.cosine_similarity, [normal(3, 4, 2), normal(3, 4, 2)], diff=(0, 1), positional=(2,)))
cases.append(case('cosineSimilarity', F.cosine_similarity, [normal(6), normal(6)], diff=(0, 1), positional=(0, 1e-6)))
for reduction in ['mean', 'sum', 'none']:
    cases.append(case('marginRankingLoss', F.margin_ranking_loss, [normal(6), normal(6), [1, -1, 1, 1, -1, -1]], {'reduction': reduction, 'margin': 0.5}, diff=(0, 1)))
    cases.append(case('tripletMarginLoss', F.triplet_margin_loss, [normal(5, 4), normal(5, 4), normal(5, 4)], {'reduction': reduction}, diff=(0, 1, 2)))
cases.append(case('tripletMarginLoss', F.triplet_margin_loss, [normal(5, 4), normal(5, 4), normal(5, 4)], {'p': 1, 'margin': 2.0, 'swap': True}, diff=(0, 1, 2)))
cases.append(case('tripletMarginLoss', F.triplet_margin_loss, [normal(5, 4), normal(5, 4), normal(5, 4)], {'p': 3, 'eps': 1e-3}, diff=(0, 1, 2)))



def message(fn):
    try:
        fn()
    except Exception as e:  # the error torch raises, as evidence for our refusals
        return str(e)
    return None


# torch refuses these (test/api/validation.test.mjs and test/core/kernels.test.mjs used to
# expect negative targets to wrap around and 1-D logits to be refused).
refusals = {
    'negativeTarget': message(lambda: F.cross_entropy(torch.randn(3, 4), torch.tensor([-1, 0, -2]))),
    'unbatchedWithArrayTarget': message(lambda: F.cross_entropy(torch.randn(3), torch.tensor([0]))),
    'unbatchedAccepted': message(lambda: F.cross_entropy(torch.randn(3), torch.tensor(0))),
}
write_fixture(out, 'losses.py', torch.__version__, {'cases': cases, 'refusals': refusals})

// Loss functions (mean over the batch, as torch's default reduction='mean').
import { Tensor, assertAlive, formatShape, fromFloat32, withGradMode, isGradEnabled } from '../tensor.js';
import * as kernels from '../backend/index.js';
import { record } from '../autograd.js';
import { checkTensor, sameShape } from '../ops/util.js';
import { toIndices } from '../ops/shape.js';
import { disposeUnlessRecorded } from './graph.js';
import { abs, relu, softplus } from './activations.js';
import { sub } from '../ops/elementwise.js';

function checkPair(op: string, pred: unknown, target: unknown): [Tensor, Tensor] {
  const p = checkTensor(pred, op, 'input');
  const t = checkTensor(target, op, 'target');
  if (!sameShape(p.shape, t.shape)) {
    throw new Error(`${op}: input shape ${formatShape(p.shape)} and target shape ${formatShape(t.shape)} differ`);
  }
  return [p, t];
}

/** mean((pred - target)²); the gradient is 2·(pred - target)/n for pred and its negative for target. */
export function mseLoss(pred: Tensor, target: Tensor): Tensor {
  const [p, t] = checkPair('mseLoss', pred, target);
  const n = p.size;
  const { diff, out } = withGradMode(false, () => {
    const diff = p.sub(t);
    const sq = diff.mul(diff);
    const out = sq.mean();
    sq.dispose();
    return { diff, out };
  });
  if (!isGradEnabled() || !(p.requiresGrad || t.requiresGrad)) {
    diff.dispose();
    return out;
  }
  diff.kept = true; // owned by the graph node, freed with the loss
  const result = record(out, 'mseLoss', [p, t], (g) => {
    // Under createGraph the gradient must stay connected to pred and target: recompute diff.
    const gp = (isGradEnabled() ? p.sub(t) : diff).mul(g.mul(2 / n));
    return [p.requiresGrad ? gp : null, t.requiresGrad ? gp.neg() : null];
  });
  attachOwned(result, diff);
  return result;
}

/** mean(|pred - target|). */
export function l1Loss(pred: Tensor, target: Tensor): Tensor {
  const [p, t] = checkPair('l1Loss', pred, target);
  const diff = p.sub(t);
  const a = abs(diff);
  const out = a.mean();
  disposeUnlessRecorded(out, [diff, a]);
  return out;
}

/**
 * Huber loss (torch.nn.HuberLoss): ½d² where |d| < delta, else delta·(|d| - ½delta), averaged.
 * Written as ½q² + delta·(|d| - q) with q = min(|d|, delta), which is both branches at once.
 */
export function huberLoss(pred: Tensor, target: Tensor, delta = 1): Tensor {
  const [p, t] = checkPair('huberLoss', pred, target);
  if (typeof delta !== 'number' || !(delta > 0) || !Number.isFinite(delta)) {
    throw new RangeError(`huberLoss: delta must be a positive finite number, got ${String(delta)}`);
  }
  const diff = p.sub(t);
  const a = abs(diff);
  const q = a.minimum(delta);
  const square = q.mul(q);
  const quadratic = square.mul(0.5);
  const excess = a.sub(q);
  const linearPart = excess.mul(delta);
  const total = quadratic.add(linearPart);
  const out = total.mean();
  const temporaries = [diff, a, q, square, quadratic, excess, linearPart, total];
  disposeUnlessRecorded(out, temporaries);
  // Recorded: the graph reads them until backward; they go when the loss is disposed.
  if (out.requiresGrad) for (const t of temporaries) attachOwned(out, t);
  return out;
}

/** A target given as a tensor or a plain array of numbers, as a tensor shaped like `like`. */
function targetTensor(target: unknown, like: Tensor, op: string): { t: Tensor; owned: boolean } {
  if (target instanceof Tensor) {
    assertAlive(target, op);
    if (!sameShape(target.shape, like.shape)) {
      throw new Error(`${op}: input shape ${formatShape(like.shape)} and target shape ${formatShape(target.shape)} differ`);
    }
    return { t: target, owned: false };
  }
  if (Array.isArray(target) || (ArrayBuffer.isView(target) && !(target instanceof DataView))) {
    const values = target as ArrayLike<number>;
    if (values.length !== like.size) throw new Error(`${op}: input ${formatShape(like.shape)} needs ${like.size} targets, got ${values.length}`);
    return { t: fromFloat32(Float32Array.from(values), like.shape), owned: true };
  }
  throw new TypeError(`${op}: targets must be a Tensor or an array of numbers, got ${typeof target}`);
}

/**
 * Binary cross-entropy on logits x with targets y in [0, 1], averaged, in the stable form
 * relu(x) - x·y + softplus(-|x|), which never exponentiates a large positive number.
 */
export function binaryCrossEntropyWithLogits(logits: Tensor, targets: Tensor | ArrayLike<number>): Tensor {
  const x = checkTensor(logits, 'binaryCrossEntropyWithLogits', 'logits');
  const { t: y, owned } = targetTensor(targets, x, 'binaryCrossEntropyWithLogits');
  const positive = relu(x);
  const xy = x.mul(y);
  const a = abs(x);
  const negA = a.neg();
  const softplusPart = softplus(negA);
  const partial = positive.sub(xy);
  const total = partial.add(softplusPart);
  const out = total.mean();
  disposeUnlessRecorded(out, [positive, xy, a, negA, softplusPart, partial, total]);
  if (owned && !out.requiresGrad) y.dispose();
  return out;
}

/** Binary hinge loss for scores s and targets y = ±1: mean(max(0, 1 - y·s)). */
export function hingeLoss(scores: Tensor, targets: Tensor | ArrayLike<number>): Tensor {
  const s = checkTensor(scores, 'hingeLoss', 'scores');
  const { t: y, owned } = targetTensor(targets, s, 'hingeLoss');
  const margin = s.mul(y);
  const slack = sub(1, margin);
  const violation = relu(slack);
  const out = violation.mean();
  disposeUnlessRecorded(out, [margin, slack, violation]);
  if (owned && !out.requiresGrad) y.dispose();
  return out;
}

/**
 * Cross-entropy between logits [batch, classes] and class indices, averaged over the batch:
 * mean(logSumExp(logits) - logits[target]). One fused kernel computes softmax and loss;
 * the backward pass is (softmax - onehot) / batch.
 */
export function crossEntropy(logits: Tensor, targets: Int32Array | number[] | Tensor): Tensor {
  const x = checkTensor(logits, 'crossEntropy', 'logits');
  if (x.ndim !== 2) throw new Error(`crossEntropy: logits must be [batch, classes], got ${formatShape(x.shape)}`);
  const [rows, classes] = x.shape;
  if (targets instanceof Tensor) assertAlive(targets, 'crossEntropy');
  const idx = toIndices(targets, classes, 'crossEntropy', 'targets');
  if (idx.length !== rows) {
    throw new Error(`crossEntropy: logits ${formatShape(x.shape)} need ${rows} targets, got ${idx.length}`);
  }
  if (rows === 0) throw new RangeError('crossEntropy: logits have an empty batch [0, classes]');
  const probs = Tensor.empty(x.shape);
  const total = kernels.crossEntropyForward(x, idx, probs, rows, classes);
  const out = Tensor.empty([]);
  kernels.writeFloat(out, total / rows);
  if (!x.requiresGrad) {
    probs.dispose();
    return out;
  }
  probs.kept = true; // owned by the graph node, freed with the loss
  const result = record(out, 'crossEntropy', [x], (g) => {
    // Under createGraph the gradient (softmax(x) − onehot)·g/rows is built from ops, so that
    // it can be differentiated again (Hessians, Hessian-vector products).
    if (isGradEnabled()) return [x.softmax(1).sub(oneHot(idx, classes)).mul(g.div(rows))];
    const grad = Tensor.empty(x.shape);
    kernels.crossEntropyBackward(probs, idx, grad, rows, classes, g.item() / rows);
    return [grad];
  });
  attachOwned(result, probs);
  return result;
}

function oneHot(idx: Int32Array, classes: number): Tensor {
  const values = new Float32Array(idx.length * classes);
  idx.forEach((c, r) => (values[r * classes + c] = 1));
  return fromFloat32(values, [idx.length, classes]);
}

// Tensors owned by another (a node's saved buffers) are freed when the owner is disposed.
function attachOwned(owner: Tensor, owned: Tensor): void {
  const dispose = owner.dispose.bind(owner);
  owner.dispose = () => {
    dispose();
    owned.dispose();
  };
}

// Loss functions (mean over the batch, as torch's default reduction='mean').
import { Tensor, formatShape } from '../tensor.js';
import { K, alloc, free, heapI32, heapF32 } from '../engine.js';
import { record } from '../autograd.js';
import { checkTensor, sameShape } from '../ops/util.js';
import { toIndices } from '../ops/shape.js';

function checkPair(op: string, pred: unknown, target: unknown): [Tensor, Tensor] {
  const p = checkTensor(pred, op, 'input');
  const t = checkTensor(target, op, 'target');
  if (!sameShape(p.shape, t.shape)) {
    throw new Error(`${op}: input shape ${formatShape(p.shape)} and target shape ${formatShape(t.shape)} differ`);
  }
  return [p, t];
}

/** mean((pred - target)²). */
export function mseLoss(pred: Tensor, target: Tensor): Tensor {
  const [p, t] = checkPair('mseLoss', pred, target);
  const diff = p.sub(t);
  const sq = diff.mul(diff);
  const out = sq.mean();
  if (!out.requiresGrad) {
    diff.dispose(); // otherwise the graph refers to them; tidy frees them
    sq.dispose();
  }
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
  if (targets instanceof Tensor) targets.ptr; // a disposed target says so
  const idx = toIndices(targets, classes, 'crossEntropy', 'targets');
  if (idx.length !== rows) {
    throw new Error(`crossEntropy: logits ${formatShape(x.shape)} need ${rows} targets, got ${idx.length}`);
  }
  if (rows === 0) throw new RangeError('crossEntropy: logits have an empty batch [0, classes]');
  const probs = Tensor.empty(x.shape);
  const targetPtr = alloc(4 * rows);
  heapI32().set(idx, targetPtr >> 2);
  const total = K.crossEntropyForward(x.ptr, targetPtr, probs.ptr, rows, classes);
  free(targetPtr);
  const out = Tensor.empty([]);
  heapF32()[out.ptr >> 2] = total / rows;
  if (!x.requiresGrad) {
    probs.dispose();
    return out;
  }
  probs.kept = true; // owned by the graph node, freed with the loss
  const result = record(out, 'crossEntropy', [x], (g) => {
    const grad = Tensor.empty(x.shape);
    const tp = alloc(4 * rows);
    heapI32().set(idx, tp >> 2);
    K.crossEntropyBackward(probs.ptr, tp, grad.ptr, rows, classes, g.item() / rows);
    free(tp);
    return [grad];
  });
  attachOwned(result, probs);
  return result;
}

// Tensors owned by another (a node's saved buffers) are freed when the owner is disposed.
function attachOwned(owner: Tensor, owned: Tensor): void {
  const dispose = owner.dispose.bind(owner);
  owner.dispose = () => {
    dispose();
    owned.dispose();
  };
}

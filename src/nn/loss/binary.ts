// Losses for binary targets and rankings: binary cross-entropy (on logits, with weights and
// positive-class weights, as one fused kernel; and on probabilities), hinge and margin ranking.
import { Tensor, formatShape, fromFloat32, isGradEnabled, withGradMode, keep, disposeWith } from '../../tensor.js';
import * as kernels from '../../backend/index.js';
import { record } from '../../autograd.js';
import { checkTensor, sameShape, broadcastShapes } from '../../ops/util.js';
import { expand } from '../../ops/shape.js';
import { sigmoid, softplus, log, relu, sign } from '../../ops/unary.js';
import { sub, maximum } from '../../ops/elementwise.js';
import { checkReduction, checkNumberOption, Reduction } from './options.js';
import { asTensor } from './targets.js';
import { pointwiseLoss, ifNeeded, elementGradient } from './pointwise.js';

/** A target given as a tensor or (nested) arrays, shaped like `like`; owned when converted. */
function targetLike(op: string, target: unknown, like: Tensor, arg = 'target'): { t: Tensor; owned: boolean } {
  if (ArrayBuffer.isView(target) && !(target instanceof DataView) && !(target instanceof Float32Array)) target = Array.from(target as unknown as ArrayLike<number>);
  const r = asTensor(op, arg, target);
  if (r.t.size !== like.size || (r.t.ndim !== like.ndim && !(r.owned && r.t.ndim === 1))) {
    if (r.owned) r.t.dispose();
    throw new Error(`${op}: input shape ${formatShape(like.shape)} and ${arg} shape ${formatShape(r.t.shape)} differ`);
  }
  if (r.owned && !sameShape(r.t.shape, like.shape)) {
    const shaped = r.t.reshape(like.shape as number[]);
    r.t.dispose();
    return { t: shaped, owned: true };
  }
  if (!sameShape(r.t.shape, like.shape)) throw new Error(`${op}: input shape ${formatShape(like.shape)} and ${arg} shape ${formatShape(r.t.shape)} differ`);
  return r;
}

/** A constant weight broadcast to `shape` (copied), or null. */
function broadcastWeight(op: string, arg: string, weight: unknown, shape: readonly number[]): Tensor | null {
  if (weight === undefined || weight === null) return null;
  const { t, owned } = asTensor(op, arg, weight);
  if (t.requiresGrad) throw new Error(`${op}: a ${arg} that requires grad is not supported (it is a constant here); pass ${arg}.detach()`);
  const target = broadcastShapes(t.shape, shape, op);
  if (!sameShape(target, shape)) throw new Error(`${op}: ${arg} of shape ${formatShape(t.shape)} does not broadcast to the input's ${formatShape(shape)}`);
  const full = withGradMode(false, () => expand(t, shape as number[]));
  if (owned) t.dispose();
  return full;
}

function ownWith(owner: Tensor, owned: (Tensor | null)[]): void {
  for (const t of owned) if (t !== null) disposeWith(owner, t);
}

export interface BceWithLogitsOptions {
  /** A weight per element (broadcast to the input). */
  weight?: Tensor | ArrayLike<number> | null;
  /** A weight on the positive term, per class (broadcast along the last dimension). */
  posWeight?: Tensor | ArrayLike<number> | null;
  reduction?: Reduction;
}

/**
 * Binary cross-entropy on logits x with targets y in [0, 1], as torch's
 * binary_cross_entropy_with_logits: w·((1 - y)·x + lw·(max(-x, 0) + log1p(e^-|x|))) with
 * lw = 1 + (posWeight - 1)·y, in one kernel. The gradient is the closed form
 * w·(lw·sigmoid(x) - posWeight·y), exact at x = 0 and at |x| = 1e30.
 */
export function binaryCrossEntropyWithLogits(logits: Tensor, targets: Tensor | ArrayLike<number>, opts?: BceWithLogitsOptions): Tensor {
  const op = 'binaryCrossEntropyWithLogits';
  const x = checkTensor(logits, op, 'input');
  const o: BceWithLogitsOptions = opts ?? {};
  const reduction = checkReduction(op, o.reduction);
  const { t: y, owned } = targetLike(op, targets, x);
  const w = broadcastWeight(op, 'weight', o.weight, x.shape);
  const pw = broadcastWeight(op, 'posWeight', o.posWeight, x.shape);
  const n = x.size;
  const losses = Tensor.empty(x.shape);
  const total = kernels.bceWithLogits(x, y, w, pw, losses);
  let out: Tensor;
  if (reduction === 'none') {
    out = losses;
  } else {
    out = fromFloat32([reduction === 'sum' ? total : total / n], []);
    losses.dispose();
  }
  const release = () => {
    w?.dispose();
    pw?.dispose();
    if (owned) y.dispose();
  };
  if (!isGradEnabled() || !(x.requiresGrad || y.requiresGrad)) {
    release();
    return out;
  }
  for (const t of [w, pw, owned ? y : null]) if (t !== null) keep(t);
  const result = record(out, op, [x, y], (g) => {
    const gElem = elementGradient(g, reduction, n);
    let gx: Tensor | null = null;
    if (x.requiresGrad) {
      if (!isGradEnabled()) {
        gx = Tensor.empty(x.shape);
        kernels.bceWithLogitsBackward(x, y, w, pw, gElem, reduction === 'none' ? 1 : 0, gx);
      } else {
        const lw = pw === null ? null : pw.sub(1).mul(y).add(1);
        const d = lw === null ? sigmoid(x).sub(y) : lw.mul(sigmoid(x)).sub(pw!.mul(y));
        gx = (w === null ? d : d.mul(w)).mul(gElem);
      }
    }
    const gy = ifNeeded(y, () => {
      // d/dy = -x + (posWeight - 1)·softplus(-x)
      const d = pw === null ? x.neg() : pw.sub(1).mul(softplus(x.neg())).sub(x);
      return (w === null ? d : d.mul(w)).mul(gElem);
    });
    return [gx, gy];
  });
  ownWith(result, [w, pw, owned ? y : null]);
  return result;
}

export interface BceOptions {
  weight?: Tensor | ArrayLike<number> | null;
  reduction?: Reduction;
}

/**
 * Binary cross-entropy on probabilities p in [0, 1]: -w·(y·log p + (1 - y)·log(1 - p)), each log
 * clamped at -100 as torch does; the gradient is torch's w·(p - y) / max(p·(1 - p), 1e-12).
 */
export function binaryCrossEntropy(probs: Tensor, targets: Tensor | ArrayLike<number>, opts?: BceOptions): Tensor {
  const op = 'binaryCrossEntropy';
  const p = checkTensor(probs, op, 'input');
  const o: BceOptions = opts ?? {};
  const reduction = checkReduction(op, o.reduction);
  if (p.size > 0) {
    const lo = withGradMode(false, () => p.min());
    const hi = withGradMode(false, () => p.max());
    const [a, b] = [lo.item(), hi.item()];
    lo.dispose();
    hi.dispose();
    if (!(a >= 0 && b <= 1)) throw new RangeError(`${op}: every input must be a probability in [0, 1], got values from ${a} to ${b}`);
  }
  const { t: y, owned } = targetLike(op, targets, p);
  const w = broadcastWeight(op, 'weight', o.weight, p.shape);
  const weighted = (t: Tensor) => (w === null ? t : t.mul(w));
  const out = pointwiseLoss(op, [p, y], reduction, () => {
    const logP = maximum(log(p), -100);
    const log1mP = maximum(log(sub(1, p)), -100);
    return weighted(y.mul(logP).add(sub(1, y).mul(log1mP)).neg());
  }, (g) => {
    const gp = ifNeeded(p, () => weighted(p.sub(y).div(maximum(p.mul(sub(1, p)), 1e-12))).mul(g));
    const gy = ifNeeded(y, () => weighted(maximum(log(sub(1, p)), -100).sub(maximum(log(p), -100))).mul(g));
    return [gp, gy];
  });
  if (out.requiresGrad) {
    if (w !== null) keep(w);
    if (owned) keep(y);
    ownWith(out, [w, owned ? y : null]);
  } else {
    w?.dispose();
    if (owned) y.dispose();
  }
  return out;
}

/** Binary hinge loss for scores s and targets y = ±1: max(0, 1 - y·s). */
export function hingeLoss(scores: Tensor, targets: Tensor | ArrayLike<number>, opts?: { reduction?: Reduction }): Tensor {
  const op = 'hingeLoss';
  const s = checkTensor(scores, op, 'scores');
  const o: { reduction?: Reduction } = opts ?? {};
  const reduction = checkReduction(op, o.reduction);
  const { t: y, owned } = targetLike(op, targets, s, 'targets');
  const out = pointwiseLoss(op, [s, y], reduction, () => relu(sub(1, s.mul(y))), (g) => {
    const active = sign(relu(sub(1, s.mul(y)))); // 1 where the margin is violated
    return [ifNeeded(s, () => y.mul(active).neg().mul(g)), ifNeeded(y, () => s.mul(active).neg().mul(g))];
  });
  if (owned) {
    if (out.requiresGrad) ownWith(out, [keep(y)]);
    else y.dispose();
  }
  return out;
}

/** max(0, -y·(x1 - x2) + margin), as torch.nn.functional.margin_ranking_loss. */
export function marginRankingLoss(input1: Tensor, input2: Tensor, target: Tensor | ArrayLike<number>, opts?: { margin?: number; reduction?: Reduction }): Tensor {
  const op = 'marginRankingLoss';
  const a = checkTensor(input1, op, 'input1');
  const b = checkTensor(input2, op, 'input2');
  if (!sameShape(a.shape, b.shape)) throw new Error(`${op}: input1 shape ${formatShape(a.shape)} and input2 shape ${formatShape(b.shape)} differ`);
  const o: { margin?: number; reduction?: Reduction } = opts ?? {};
  const reduction = checkReduction(op, o.reduction);
  const margin = checkNumberOption(op, 'margin', o.margin, 0);
  const { t: y, owned } = targetLike(op, target, a);
  const out = pointwiseLoss(op, [a, b, y], reduction, () => relu(a.sub(b).mul(y).neg().add(margin)), (g) => {
    const active = sign(relu(a.sub(b).mul(y).neg().add(margin))).mul(g);
    return [ifNeeded(a, () => y.mul(active).neg()), ifNeeded(b, () => y.mul(active)), ifNeeded(y, () => a.sub(b).mul(active).neg())];
  });
  if (owned) {
    if (out.requiresGrad) ownWith(out, [keep(y)]);
    else y.dispose();
  }
  return out;
}

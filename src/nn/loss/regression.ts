// Regression losses: squared, absolute, Huber and smooth L1 errors.
import { Tensor } from '../../tensor.js';
import { abs, sign, clamp } from '../../ops/unary.js';
import { minimum } from '../../ops/elementwise.js';
import { describe } from '../../ops/util.js';
import { checkOptionsOf } from '../../signature.js';
import { checkReduction, checkNumberOption, Reduction } from './options.js';
import { pointwiseLoss, checkPair, ifNeeded } from './pointwise.js';

export interface ReductionOptions {
  /** 'mean' (the default) averages over every element, 'sum' adds them, 'none' keeps them. */
  reduction?: Reduction;
}

// The options' keys were checked by the declared signature (src/nn/functional.ts).
function reductionOf(op: string, opts: object | undefined): { reduction: Reduction; opts: Record<string, unknown> } {
  const o = (opts ?? {}) as Record<string, unknown>;
  return { reduction: checkReduction(op, o.reduction), opts: o };
}

/** (input - target)²; gradient 2·(input - target). */
export function mseLoss(input: Tensor, target: Tensor, opts?: ReductionOptions): Tensor {
  const [p, t] = checkPair('mseLoss', input, target);
  const { reduction } = reductionOf('mseLoss', opts);
  return pointwiseLoss('mseLoss', [p, t], reduction, () => p.sub(t).square(), (g) => {
    const gp = p.sub(t).mul(2).mul(g);
    return [p.requiresGrad ? gp : null, ifNeeded(t, () => gp.neg())];
  });
}

/** |input - target|; gradient sign(input - target) (0 at 0, as torch). */
export function l1Loss(input: Tensor, target: Tensor, opts?: ReductionOptions): Tensor {
  const [p, t] = checkPair('l1Loss', input, target);
  const { reduction } = reductionOf('l1Loss', opts);
  return pointwiseLoss('l1Loss', [p, t], reduction, () => abs(p.sub(t)), (g) => {
    const gp = sign(p.sub(t)).mul(g);
    return [p.requiresGrad ? gp : null, ifNeeded(t, () => gp.neg())];
  });
}

/**
 * Huber loss: ½d² where |d| < delta, else delta·(|d| - ½delta); written ½q² + delta·(|d| - q)
 * with q = min(|d|, delta). Gradient clamp(d, -delta, delta).
 */
export function huberLoss(input: Tensor, target: Tensor, delta?: number | (ReductionOptions & { delta?: number }), opts?: ReductionOptions): Tensor {
  const [p, t] = checkPair('huberLoss', input, target);
  let options: unknown = opts;
  let d: unknown = delta;
  if (delta !== null && typeof delta === 'object') {
    if (opts !== undefined) throw new TypeError('huberLoss: give delta either as the third argument or as an option, not both');
    options = delta;
    d = (delta as { delta?: unknown }).delta;
  }
  if (options === delta && options !== undefined) checkOptionsOf('huberLoss(input, target, {delta, reduction})', options);
  const { reduction } = reductionOf('huberLoss', options as object | undefined);
  if (d !== undefined && (typeof d !== 'number' || !(d > 0) || !Number.isFinite(d))) {
    throw new RangeError(`huberLoss: delta must be a positive finite number, got ${describe(d)}`);
  }
  const k = (d as number | undefined) ?? 1;
  return pointwiseLoss('huberLoss', [p, t], reduction, () => {
    const a = abs(p.sub(t));
    const q = minimum(a, k);
    return q.square().mul(0.5).add(a.sub(q).mul(k));
  }, (g) => {
    const gp = clamp(p.sub(t), -k, k).mul(g);
    return [p.requiresGrad ? gp : null, ifNeeded(t, () => gp.neg())];
  });
}

/** Smooth L1 (torch.nn.SmoothL1Loss): ½d²/beta where |d| < beta, else |d| - ½beta; beta = 0 is L1. */
export function smoothL1Loss(input: Tensor, target: Tensor, opts?: ReductionOptions & { beta?: number }): Tensor {
  const [p, t] = checkPair('smoothL1Loss', input, target);
  const { reduction, opts: o } = reductionOf('smoothL1Loss', opts);
  const beta = checkNumberOption('smoothL1Loss', 'beta', o.beta, 1, (v) => v >= 0 && Number.isFinite(v), 'a non-negative finite number');
  if (beta === 0) return l1Loss(p, t, { reduction });
  return pointwiseLoss('smoothL1Loss', [p, t], reduction, () => {
    const a = abs(p.sub(t));
    const q = minimum(a, beta);
    return q.square().mul(0.5 / beta).add(a.sub(q));
  }, (g) => {
    const gp = clamp(p.sub(t), -beta, beta).mul(g.div(beta));
    return [p.requiresGrad ? gp : null, ifNeeded(t, () => gp.neg())];
  });
}

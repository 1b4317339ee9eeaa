// Gradient utilities (torch.nn.utils): clipping by global norm or by value, and an L1 penalty.
// Norms and sums are computed by the vector kernels (assembly/optim/vector.ts).
import { Tensor, assertAlive, isGradEnabled } from '../tensor.js';
import * as kernels from '../backend/index.js';
import { NORM_INF, NORM_L1, NORM_L2, NORM_POWER, OP_MUL, OP_MAX, OP_MIN } from '../backend/index.js';
import { record } from '../autograd.js';
import { describe } from '../ops/util.js';
import { pow } from '../scalar_math.js';
import { declare } from '../signature.js';

const f32 = Math.fround;

function tensorList(params: unknown, op: string): Tensor[] {
  const list = params instanceof Tensor ? [params] : params;
  if (!Array.isArray(list)) throw new TypeError(`${op}: params must be a Tensor or an array of Tensors, got ${describe(params)}`);
  list.forEach((p, i) => {
    if (!(p instanceof Tensor)) throw new TypeError(`${op}: params[${i}] must be a Tensor, got ${describe(p)}`);
    assertAlive(p, op);
  });
  return list as Tensor[];
}

/** The gradients present (each checked to match its parameter's size). */
function gradsOf(params: Tensor[], op: string): Tensor[] {
  const grads: Tensor[] = [];
  params.forEach((p, i) => {
    if (p.grad === null) return;
    assertAlive(p.grad, op);
    if (p.grad.size !== p.size) throw new Error(`${op}: params[${i}] has ${p.size} elements but its grad has ${p.grad.size}`);
    grads.push(p.grad);
  });
  return grads;
}

/** The p-norm of all gradients taken together as one vector (torch's total_norm), as float32. */
function totalNorm(grads: Tensor[], normType: number): number {
  if (normType === Infinity) {
    let m = 0;
    for (const g of grads) {
      const part = kernels.normPart(NORM_INF, g);
      m = Number.isNaN(part) || Number.isNaN(m) ? NaN : Math.max(m, part);
    }
    return f32(m);
  }
  const mode = normType === 1 ? NORM_L1 : normType === 2 ? NORM_L2 : NORM_POWER;
  let sum = 0;
  for (const g of grads) sum += kernels.normPart(mode, g, normType);
  if (normType === 1) return f32(sum);
  if (normType === 2) return f32(Math.sqrt(sum));
  return f32(pow(sum, 1 / normType));
}

/**
 * Scales all gradients in place so that their joint p-norm is at most maxNorm (by
 * maxNorm / (norm + 1e-6), as torch.nn.utils.clip_grad_norm_), and returns the norm before
 * clipping. normType is any p > 0, or Infinity (also 'inf').
 */
export const clipGradNorm = declare('clipGradNorm(parameters, maxNorm, normType, {errorIfNonfinite})', function clipGradNorm(params: Tensor | Tensor[], maxNorm: number, normType: number | 'inf' = 2,
  options: { errorIfNonfinite?: boolean } = {}): number {
  const list = tensorList(params, 'clipGradNorm');
  if (typeof maxNorm !== 'number' || Number.isNaN(maxNorm)) throw new TypeError(`clipGradNorm: maxNorm must be a number, got ${describe(maxNorm)}`);
  const p = normType === 'inf' ? Infinity : normType;
  if (typeof p !== 'number' || !(p > 0)) {
    throw new RangeError(`clipGradNorm: normType must be a positive number or Infinity, got ${describe(normType)}`);
  }
  const grads = gradsOf(list, 'clipGradNorm');
  if (grads.length === 0) return 0;
  const norm = totalNorm(grads, p);
  if (options.errorIfNonfinite && !Number.isFinite(norm)) {
    throw new Error(`clipGradNorm: the total norm of order ${p} for gradients from \`parameters\` is non-finite, so it cannot be clipped`);
  }
  const coef = f32(f32(maxNorm) / f32(norm + f32(1e-6)));
  const clamped = Number.isNaN(coef) ? NaN : Math.min(coef, 1);
  if (clamped !== 1) for (const g of grads) kernels.binaryScalarRight(OP_MUL, g, clamped, g);
  return norm;
});

/** Clamps every gradient element to [−clipValue, clipValue] in place. */
export const clipGradValue = declare('clipGradValue(parameters, clipValue)', function clipGradValue(params: Tensor | Tensor[], clipValue: number): void {
  const list = tensorList(params, 'clipGradValue');
  if (typeof clipValue !== 'number' || !Number.isFinite(clipValue)) {
    throw new RangeError(`clipGradValue: clipValue must be a finite number, got ${describe(clipValue)}`);
  }
  for (const g of gradsOf(list, 'clipGradValue')) {
    kernels.binaryScalarRight(OP_MAX, g, -clipValue, g);
    kernels.binaryScalarRight(OP_MIN, g, clipValue, g);
  }
});

/** sign(x) as a new tensor (0 at 0). */
function signOf(x: Tensor): Tensor {
  const out = Tensor.empty(x.shape);
  kernels.scaledSign(x, out, 1);
  return out;
}

/**
 * Σ over params of Σ|p|: a differentiable scalar to add to a loss (L1 regularisation, e.g.
 * `loss.add(d.nn.utils.l1Penalty(model.parameters()).mul(1e-4))`). Its gradient is sign(p).
 */
export const l1Penalty = declare('l1Penalty(parameters)', function l1Penalty(params: Tensor | Tensor[]): Tensor {
  const list = tensorList(params, 'l1Penalty');
  let sum = 0;
  for (const p of list) sum += kernels.normPart(NORM_L1, p);
  const out = Tensor.empty([]);
  kernels.writeFloat(out, sum);
  return record(out, 'l1Penalty', list, (g) =>
    list.map((p) => {
      if (!p.requiresGrad) return null;
      const sign = signOf(p);
      const grad = g.mul(sign);
      if (!isGradEnabled()) sign.dispose();
      return grad;
    }),
  );
});

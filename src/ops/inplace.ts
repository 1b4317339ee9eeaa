// In-place ops for maintaining parameters (torch's trailing underscore), `t.data`, and the
// version rule: an in-place change to a leaf that requires grad while gradients are recorded
// throws at once; one to a tensor a live graph saved bumps its storage's version, and that
// graph's backward() then throws (src/autograd.ts) instead of computing a wrong gradient.
import { Tensor, TensorLike, isGradEnabled, formatShape, bumpVersion } from '../tensor.js';
import * as kernels from '../backend/index.js';
import { withGradMode } from '../tensor.js';
import { checkTensor, checkOperand, describe, sameShape } from './util.js';
import { detach, expand } from './shape.js';
import { clamp } from './unary.js';

// Tensors handed out by `t.data`: changes through them are not tracked, as torch's .data.
const untracked = new WeakSet<Tensor>();

function checkWritable(op: string, t: Tensor): void {
  checkTensor(t, op, 'self');
  if (t.requiresGrad && isGradEnabled()) {
    if (t.node === null) {
      throw new Error(`${op}: a leaf tensor that requires grad cannot be changed in place while gradients are recorded; do it inside d.noGrad(() => ...), or through t.data`);
    }
    throw new Error(`${op}: a tensor computed by a recorded op (${t.node.name}) cannot be changed in place; use the out-of-place op`);
  }
}

/** Writes `result` (same shape) into t's storage and bumps its version; consumes result. */
function overwrite(op: string, t: Tensor, result: Tensor): Tensor {
  if (!sameShape(result.shape, t.shape)) {
    result.dispose();
    throw new Error(`${op}: the result of shape ${formatShape(result.shape)} does not fit in place into a tensor of shape ${formatShape(t.shape)}`);
  }
  kernels.copy(result, t);
  result.dispose();
  bump(t);
  return t;
}

function bump(t: Tensor): void {
  if (!untracked.has(t)) bumpVersion(t);
}

function binaryInPlace(op: string, t: Tensor, other: TensorLike, fn: (a: Tensor, b: TensorLike) => Tensor): Tensor {
  checkWritable(op, t);
  const o = checkOperand(other, op, 'other');
  let result: Tensor;
  try {
    result = withGradMode(false, () => fn(t, o));
  } catch (e) {
    throw new Error(`${op}: ${(e as Error).message}`);
  }
  return overwrite(op, t, result);
}

function checkAlpha(op: string, opts: unknown): number {
  if (opts === undefined || opts === null) return 1; // keys checked by the declared method (api.ts)
  const alpha = (opts as { alpha?: unknown }).alpha ?? 1;
  if (typeof alpha !== 'number') throw new TypeError(`${op}: alpha must be a number, got ${describe(alpha)}`);
  return alpha;
}

/** t += alpha·other (other broadcasts to t's shape). */
export function add_(t: Tensor, other: TensorLike, opts?: { alpha?: number }): Tensor {
  const alpha = checkAlpha('add_', opts);
  return binaryInPlace('add_', t, other, (a, b) => (alpha === 1 ? a.add(b) : withScaled(b, alpha, (s) => a.add(s))));
}

/** t -= alpha·other. */
export function sub_(t: Tensor, other: TensorLike, opts?: { alpha?: number }): Tensor {
  const alpha = checkAlpha('sub_', opts);
  return binaryInPlace('sub_', t, other, (a, b) => (alpha === 1 ? a.sub(b) : withScaled(b, alpha, (s) => a.sub(s))));
}

function withScaled(b: TensorLike, alpha: number, fn: (s: TensorLike) => Tensor): Tensor {
  if (typeof b === 'number') return fn(b * alpha);
  const s = b.mul(alpha);
  const out = fn(s);
  s.dispose();
  return out;
}

export function mul_(t: Tensor, other: TensorLike): Tensor {
  return binaryInPlace('mul_', t, other, (a, b) => a.mul(b));
}

export function div_(t: Tensor, other: TensorLike): Tensor {
  return binaryInPlace('div_', t, other, (a, b) => a.div(b));
}

export function clamp_(t: Tensor, min?: TensorLike | null, max?: TensorLike | null): Tensor {
  checkWritable('clamp_', t);
  return overwrite('clamp_', t, withGradMode(false, () => clamp(t, min, max)));
}

export function fill_(t: Tensor, value: number): Tensor {
  checkWritable('fill_', t);
  if (typeof value !== 'number') throw new TypeError(`fill_: value must be a number, got ${describe(value)}`);
  kernels.fill(t, value);
  bump(t);
  return t;
}

export function zero_(t: Tensor): Tensor {
  return fill_(t, 0);
}

/** Copies src (broadcast to t's shape) into t. */
export function copy_(t: Tensor, src: Tensor): Tensor {
  checkWritable('copy_', t);
  const s = checkTensor(src, 'copy_', 'src');
  if (sameShape(s.shape, t.shape)) {
    kernels.copy(s, t);
    bump(t);
    return t;
  }
  return overwrite('copy_', t, withGradMode(false, () => expand(s, t.shape as number[])));
}

/** Sets requiresGrad on a leaf (torch refuses to change it on a computed tensor). */
export function requiresGrad_(t: Tensor, requiresGrad = true): Tensor {
  checkTensor(t, 'requiresGrad_', 'self');
  if (typeof requiresGrad !== 'boolean') throw new TypeError(`requiresGrad_: requiresGrad must be a boolean, got ${describe(requiresGrad)}`);
  if (t.node !== null) throw new Error(`requiresGrad_: only a leaf's flag can be changed; this tensor was computed by ${t.node.name} (use detach())`);
  t.requiresGrad = requiresGrad;
  return t;
}

/** A tensor sharing t's storage, detached, whose in-place changes are not tracked (torch's t.data). */
export function dataOf(t: Tensor): Tensor {
  const view = detach(t);
  untracked.add(view);
  return view;
}

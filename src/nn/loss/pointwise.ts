// A loss that sums per-element terms is recorded as ONE node over its inputs: the terms are
// computed without recording and reduced, and the backward rule writes each input's gradient
// in closed form from the per-element upstream gradient. One node means nothing a tidy() frees
// can break the backward pass, and the closed forms hold where a chain of ops would not
// (exact limits at 0 and at ±1e30).
import { Tensor, formatShape, withGradMode, tidy } from '../../tensor.js';
import { record } from '../../autograd.js';
import { checkTensor, sameShape } from '../../ops/util.js';
import type { Reduction } from './options.js';

/** The upstream gradient of each element: g itself ('none'), g ('sum') or g / n ('mean'). */
export function elementGradient(g: Tensor, reduction: Reduction, n: number): Tensor {
  return reduction === 'mean' ? g.div(n) : g;
}

/** Reduces per-element losses (consuming them) without recording. */
export function reduce(losses: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'none') return losses;
  const out = withGradMode(false, () => (reduction === 'sum' ? losses.sum() : losses.mean()));
  losses.dispose();
  return out;
}

/**
 * Records `elementwise()` (the per-element losses), reduced, as one op over `inputs`;
 * `gradients(gElem)` returns a gradient per input (null where none is needed), where gElem is
 * the per-element upstream gradient (a scalar for 'mean' and 'sum', broadcasting).
 */
export function pointwiseLoss(op: string, inputs: Tensor[], reduction: Reduction, elementwise: () => Tensor,
  gradients: (gElem: Tensor) => (Tensor | null)[]): Tensor {
  const losses = withGradMode(false, () => tidy(elementwise));
  const n = losses.size;
  const out = reduce(losses, reduction);
  return record(out, op, inputs, (g) => gradients(elementGradient(g, reduction, n)));
}

/** Checks input and target are tensors of one shape. */
export function checkPair(op: string, input: unknown, target: unknown, names: [string, string] = ['input', 'target']): [Tensor, Tensor] {
  const p = checkTensor(input, op, names[0]);
  const t = checkTensor(target, op, names[1]);
  if (!sameShape(p.shape, t.shape)) {
    throw new Error(`${op}: ${names[0]} shape ${formatShape(p.shape)} and ${names[1]} shape ${formatShape(t.shape)} differ`);
  }
  return [p, t];
}

/** The gradient for `t` when it requires one, else null (so no work is done for constants). */
export function ifNeeded(t: Tensor, grad: () => Tensor): Tensor | null {
  return t.requiresGrad ? grad() : null;
}

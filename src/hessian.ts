// Second derivatives by reverse-over-reverse: f's gradient is computed once with its backward
// pass recorded (createGraph), then differentiated again along a direction v, which gives the
// Hessian-vector product H·v (H is symmetric, so vᵀH = (Hv)ᵀ). The dense Hessian is n such
// products, one per basis vector, all sharing the one recorded gradient graph.
import { Tensor, tidy, withGradMode, formatShape, fromFloat32 } from './tensor.js';
import { runBackward } from './autograd.js';
import { heapF32 } from './engine.js';
import { checkTensor, sameShape } from './ops/util.js';

type ScalarFn = (x: Tensor) => Tensor;

function checkFn(f: unknown, op: string): ScalarFn {
  if (typeof f !== 'function') throw new TypeError(`${op}: f must be a function, got ${typeof f}`);
  return f as ScalarFn;
}

/** ∇f at a fresh leaf copy of x, with its graph recorded; null when f does not depend on x. */
function recordedGradient(f: ScalarFn, x: Tensor, op: string): { leaf: Tensor; gradient: Tensor | null } {
  const leaf = x.detach();
  leaf.requiresGrad = true;
  const value = withGradMode(true, () => f(leaf));
  if (!(value instanceof Tensor)) throw new TypeError(`${op}: f must return a Tensor`);
  if (value.size !== 1) throw new Error(`${op}: f must return a scalar, got shape ${formatShape(value.shape)}`);
  if (!value.requiresGrad) return { leaf, gradient: null };
  const gradient = runBackward(value, null, { inputs: [leaf], createGraph: true }).get(leaf) ?? null;
  return { leaf, gradient: gradient !== null && gradient.requiresGrad ? gradient : null };
}

/** d(∇f · direction)/dx, or zeros where the gradient does not depend on x. */
function differentiateAlong(leaf: Tensor, gradient: Tensor | null, direction: Tensor): Float32Array {
  if (gradient === null) return new Float32Array(leaf.size);
  const hv = runBackward(gradient, direction, { inputs: [leaf] }).get(leaf);
  return hv === undefined ? new Float32Array(leaf.size) : hv.toFloat32Array();
}

/**
 * hvp(f)(x, v): the Hessian of scalar f at x applied to v (same shape as x), without forming
 * the Hessian: one gradient pass recorded, one more backward pass through it.
 */
export function hvp(f: ScalarFn) {
  const fn = checkFn(f, 'hvp');
  return (x: Tensor, v: Tensor): Tensor => {
    checkTensor(x, 'hvp', 'x');
    checkTensor(v, 'hvp', 'v');
    if (!sameShape(x.shape, v.shape)) {
      throw new Error(`hvp: v has shape ${formatShape(v.shape)}, but x has shape ${formatShape(x.shape)}`);
    }
    const values = tidy(() => {
      const { leaf, gradient } = recordedGradient(fn, x, 'hvp');
      return differentiateAlong(leaf, gradient, v.detach());
    });
    return fromFloat32(values, x.shape);
  };
}

/**
 * hessian(f)(x): the dense Hessian of scalar f at x, of shape [...x.shape, ...x.shape]
 * (for x of shape [n]: [n, n], H[i][j] = ∂²f/∂xᵢ∂xⱼ). Costs one recorded gradient pass and
 * n backward passes through it.
 */
export function hessian(f: ScalarFn) {
  const fn = checkFn(f, 'hessian');
  return (x: Tensor): Tensor => {
    checkTensor(x, 'hessian', 'x');
    const n = x.size;
    const rows = new Float32Array(n * n);
    tidy(() => {
      const { leaf, gradient } = recordedGradient(fn, x, 'hessian');
      if (gradient === null) return;
      const basis = Tensor.empty(x.shape);
      const view = () => heapF32().subarray(basis.ptr >> 2, (basis.ptr >> 2) + n);
      view().fill(0);
      for (let i = 0; i < n; i++) {
        if (i > 0) view()[i - 1] = 0;
        view()[i] = 1;
        rows.set(differentiateAlong(leaf, gradient, basis), i * n);
      }
    });
    return fromFloat32(rows, [...x.shape, ...x.shape]);
  };
}

// Second derivatives by reverse-over-reverse: f's gradient is computed once with its backward
// pass recorded (createGraph), then differentiated again along a direction v, which gives the
// Hessian-vector product H·v (H is symmetric, so vᵀH = (Hv)ᵀ). The dense Hessian is n such
// products, one per basis vector, all sharing the one recorded gradient graph.
import { Tensor, tidy, withGradMode, formatShape, fromFloat32 } from './tensor.js';
import { runBackward } from './autograd.js';
import { fill, writeFloat } from './backend/index.js';
import { checkTensor, sameShape } from './ops/util.js';

type ScalarFn = (x: Tensor) => Tensor;

function checkFn(f: unknown, op: string): ScalarFn {
  if (typeof f !== 'function') throw new TypeError(`${op}: f must be a function, got ${typeof f}`);
  return f as ScalarFn;
}

interface RecordedGradient {
  leaf: Tensor;
  value: number;
  /** ∇f with its graph recorded; null when it does not depend on x (f is at most linear). */
  gradient: Tensor | null;
  /** ∇f's values (zeros when f does not depend on x). */
  gradientValues: Float32Array;
}

/** f and ∇f at a fresh leaf copy of x, the gradient's own graph recorded. Call inside tidy. */
function recordGradient(f: ScalarFn, x: Tensor, op: string): RecordedGradient {
  const leaf = x.detach();
  leaf.requiresGrad = true;
  const out = withGradMode(true, () => f(leaf));
  if (!(out instanceof Tensor)) throw new TypeError(`${op}: f must return a Tensor`);
  if (out.size !== 1) throw new Error(`${op}: f must return a scalar, got shape ${formatShape(out.shape)}`);
  const value = out.item();
  if (!out.requiresGrad) return { leaf, value, gradient: null, gradientValues: new Float32Array(x.size) };
  const g = runBackward(out, null, { inputs: [leaf], createGraph: true }).get(leaf);
  const gradientValues = g === undefined ? new Float32Array(x.size) : g.toFloat32Array();
  return { leaf, value, gradient: g !== undefined && g.requiresGrad ? g : null, gradientValues };
}

/** d(∇f · direction)/dx, or zeros where the gradient does not depend on x. */
function differentiateAlong(r: RecordedGradient, direction: Tensor): Float32Array {
  if (r.gradient === null) return new Float32Array(r.leaf.size);
  const hv = runBackward(r.gradient, direction, { inputs: [r.leaf], retainGraph: true }).get(r.leaf);
  return hv === undefined ? new Float32Array(r.leaf.size) : hv.toFloat32Array();
}

/** The Hessian, row-major: row i is the derivative of ∇f along the basis vector eᵢ. */
function hessianRows(r: RecordedGradient): Float32Array {
  const n = r.leaf.size;
  const rows = new Float32Array(n * n);
  if (r.gradient === null) return rows;
  const basis = Tensor.empty(r.leaf.shape);
  fill(basis, 0);
  for (let i = 0; i < n; i++) {
    if (i > 0) writeFloat(basis, 0, i - 1);
    writeFloat(basis, 1, i);
    rows.set(differentiateAlong(r, basis), i * n);
  }
  return rows;
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
    const values = tidy(() => differentiateAlong(recordGradient(fn, x, 'hvp'), v.detach()));
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
    const rows = tidy(() => hessianRows(recordGradient(fn, x, 'hessian')));
    return fromFloat32(rows, [...x.shape, ...x.shape]);
  };
}

/** f(x), ∇f(x) and the row-major Hessian from one recorded gradient graph (Newton's method). */
export function valueGradientHessian(f: ScalarFn, x: Tensor, op: string): { value: number; gradient: Float32Array; hessian: Float32Array } {
  return tidy(() => {
    const r = recordGradient(f, x, op);
    return { value: r.value, gradient: r.gradientValues, hessian: hessianRows(r) };
  });
}

// The function being minimised, seen from the methods: points are float64 vectors (the
// methods' own arithmetic runs in float64), evaluated as float32 tensors shaped like x0.
// Every evaluation is counted, as SciPy counts nfev / njev / nhev.
import { Tensor, tidy, fromFloat32, formatShape } from '../tensor.js';
import { valueAndGrad } from '../autograd.js';
import { valueGradientHessian } from '../hessian.js';

export type ScalarFunction = (x: Tensor) => Tensor;

export interface Evaluation {
  f: number;
  g: Float64Array;
}

export class Objective {
  nfev = 0;
  njev = 0;
  nhev = 0;
  readonly n: number;
  private readonly valueAndGradient: (x: Tensor) => { value: Tensor; grads: Tensor[] };

  constructor(
    readonly fn: ScalarFunction,
    readonly shape: readonly number[],
  ) {
    this.n = shape.reduce((a, b) => a * b, 1);
    this.valueAndGradient = valueAndGrad(fn);
  }

  /** x as a float32 tensor of the problem's shape (the caller owns it). */
  tensor(x: ArrayLike<number>): Tensor {
    return fromFloat32(x, this.shape);
  }

  /** f(x) only, without recording a graph. */
  value(x: Float64Array): number {
    this.nfev++;
    return tidy(() => scalarOf(this.fn(this.tensor(x))));
  }

  /** f(x) and ∇f(x). */
  evaluate(x: Float64Array): Evaluation {
    this.nfev++;
    this.njev++;
    return tidy(() => {
      const { value, grads } = this.valueAndGradient(this.tensor(x));
      return { f: value.item(), g: Float64Array.from(grads[0].toFloat32Array()) };
    });
  }

  /** f(x), ∇f(x) and the dense Hessian (row-major n×n), from one recorded gradient graph. */
  evaluateWithHessian(x: Float64Array): Evaluation & { h: Float64Array } {
    this.nfev++;
    this.njev++;
    this.nhev++;
    const t = this.tensor(x);
    try {
      const r = valueGradientHessian(this.fn, t, 'minimize');
      return { f: r.value, g: Float64Array.from(r.gradient), h: Float64Array.from(r.hessian) };
    } finally {
      t.dispose();
    }
  }
}

function scalarOf(t: unknown): number {
  if (!(t instanceof Tensor)) throw new TypeError('minimize: f must return a Tensor');
  if (t.size !== 1) throw new Error(`minimize: f must return a scalar, got shape ${formatShape(t.shape)}`);
  return t.item();
}

// ---- small float64 vector helpers shared by the methods -------------------------------------

export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

export function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

export function norm(a: Float64Array): number {
  return Math.sqrt(dot(a, a));
}

/** x + alpha·p as a new vector. */
export function axpy(x: Float64Array, alpha: number, p: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i] + alpha * p[i];
  return out;
}

export function isFiniteVector(a: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return false;
  return true;
}

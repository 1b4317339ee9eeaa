// Test landscapes for optimisers: each is built from differentiable ops, so gradients,
// Hessians and higher derivatives all come from autograd. A function takes a point of shape
// [n] and returns a scalar; it also takes a batch [..., n] and returns one value per point
// (handy for contour plots). Known minima are attached as data for tests and plots.
import { Tensor, formatShape, fromFloat32, tidy, isGradEnabled } from '../tensor.js';
import { checkTensor } from '../ops/util.js';
import { slice, reshape } from '../ops/shape.js';
import { sum } from '../ops/reduce.js';
import { cos } from '../ops/trig.js';
import { declare } from '../signature.js';

/** A test landscape: callable on a point [n] (→ scalar) or a batch [..., n] (→ [...]). */
export interface TestFunction {
  (x: Tensor): Tensor;
  /** The function's name, e.g. 'rosenbrock'. */
  readonly label: string;
  /** The point dimension this function needs (null: any n ≥ minDim). */
  readonly dim: number | null;
  /** Global minimisers in 2-D (empty when there is none, as for the saddle). */
  readonly minima: readonly (readonly number[])[];
  /** The value at the global minima (-Infinity when unbounded below). */
  readonly minValue: number;
  /** A box [[xlo, xhi], [ylo, yhi]] that shows the interesting part of the 2-D landscape. */
  readonly domain: readonly [readonly [number, number], readonly [number, number]];
  /** A customary starting point in 2-D. */
  readonly start: readonly number[];
}

interface Meta {
  label: string;
  dim: number | null;
  minDim?: number;
  minima: number[][];
  minValue: number;
  domain: [[number, number], [number, number]];
  start: number[];
}

/** Checks x is [..., n] with n fitting the function; returns n. */
function pointSize(x: unknown, meta: Meta): number {
  const t = checkTensor(x, meta.label, 'x');
  if (t.ndim === 0) throw new RangeError(`${meta.label}: x must have shape [n] or [..., n], got a scalar`);
  const n = t.shape[t.ndim - 1];
  if (meta.dim !== null && n !== meta.dim) {
    throw new RangeError(`${meta.label}: x has shape ${formatShape(t.shape)}: the last dimension must be ${meta.dim}`);
  }
  if (meta.dim === null && n < (meta.minDim ?? 1)) {
    throw new RangeError(`${meta.label}: x has shape ${formatShape(t.shape)}: the last dimension must be at least ${meta.minDim ?? 1}`);
  }
  return n;
}

/** x[..., start:stop] along the last axis. */
function coords(x: Tensor, start: number, stop: number): Tensor {
  const spec: ([number, number] | null)[] = x.shape.map(() => null);
  spec[x.ndim - 1] = [start, stop];
  return slice(x, spec);
}

/** x[..., i]: one coordinate, the last axis dropped. */
function coord(x: Tensor, i: number): Tensor {
  return reshape(coords(x, i, i + 1), x.shape.slice(0, -1));
}

function define(meta: Meta, body: (x: Tensor, n: number) => Tensor): TestFunction {
  const f = (x: Tensor): Tensor => {
    const n = pointSize(x, meta);
    // Intermediates must outlive the call while a graph is recorded; otherwise free them now.
    if (isGradEnabled() && x.requiresGrad) return body(x, n);
    return tidy(() => body(x, n));
  };
  const frozen = {
    label: meta.label,
    dim: meta.dim,
    minima: Object.freeze(meta.minima.map((m) => Object.freeze(m))),
    minValue: meta.minValue,
    domain: Object.freeze(meta.domain.map((r) => Object.freeze(r))),
    start: Object.freeze(meta.start),
  };
  const declared = declare(`${meta.label}(x)`, f);
  for (const [k, v] of Object.entries(frozen)) Object.defineProperty(declared, k, { value: v, enumerable: true });
  return declared as unknown as TestFunction;
}

const sq = (t: Tensor): Tensor => t.mul(t);

/**
 * Rosenbrock's banana valley: Σᵢ 100·(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)², for n ≥ 2.
 * Global minimum 0 at (1, 1, …, 1); the classic start is (−1.2, 1).
 */
export const rosenbrock = define(
  { label: 'rosenbrock', dim: null, minDim: 2, minima: [[1, 1]], minValue: 0, domain: [[-2, 2], [-1, 3]], start: [-1.2, 1] },
  (x, n) => {
    const head = coords(x, 0, n - 1);
    const tail = coords(x, 1, n);
    const terms = sq(tail.sub(sq(head))).mul(100).add(sq(head.neg().add(1)));
    return sum(terms, -1);
  },
);

/**
 * Beale's function: (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)², 2-D.
 * Global minimum 0 at (3, 0.5); flat plateaus and steep ridges near the corners of [−4.5, 4.5]².
 */
export const beale = define(
  { label: 'beale', dim: 2, minima: [[3, 0.5]], minValue: 0, domain: [[-4.5, 4.5], [-4.5, 4.5]], start: [1, 1] },
  (p) => {
    const x = coord(p, 0);
    const y = coord(p, 1);
    const xy = x.mul(y);
    const xy2 = xy.mul(y);
    const xy3 = xy2.mul(y);
    const a = sq(xy.sub(x).add(1.5));
    const b = sq(xy2.sub(x).add(2.25));
    const c = sq(xy3.sub(x).add(2.625));
    return a.add(b).add(c);
  },
);

/**
 * Himmelblau's function: (x² + y − 11)² + (x + y² − 7)², 2-D. Four global minima, value 0:
 * (3, 2), (−2.805118, 3.131312), (−3.779310, −3.283186), (3.584428, −1.848126);
 * a local maximum 181.617 at (−0.270845, −0.923039).
 */
export const himmelblau = define(
  {
    label: 'himmelblau',
    dim: 2,
    minima: [[3, 2], [-2.805118, 3.131312], [-3.77931, -3.283186], [3.584428, -1.848126]],
    minValue: 0,
    domain: [[-5, 5], [-5, 5]],
    start: [0, 0],
  },
  (p) => {
    const x = coord(p, 0);
    const y = coord(p, 1);
    return sq(sq(x).add(y).sub(11)).add(sq(x.add(sq(y)).sub(7)));
  },
);

const TWO_PI = 6.283185307179586;

/**
 * Rastrigin's function: 10n + Σᵢ xᵢ² − 10·cos(2π·xᵢ), for any n. Global minimum 0 at the
 * origin, surrounded by a regular grid of local minima near the integer points (highly
 * multimodal: a test for annealing and restarts). Usual domain [−5.12, 5.12]ⁿ.
 */
export const rastrigin = define(
  { label: 'rastrigin', dim: null, minDim: 1, minima: [[0, 0]], minValue: 0, domain: [[-5.12, 5.12], [-5.12, 5.12]], start: [3.5, -2.5] },
  (x, n) => sum(sq(x).sub(cos(x.mul(TWO_PI)).mul(10)), -1).add(10 * n),
);

/**
 * A saddle: x² − y², 2-D. Its only stationary point, the origin, is a saddle (Hessian
 * diag(2, −2)); the function is unbounded below along y. Gradient descent started on the
 * x-axis stalls at the origin; Newton's method is attracted to it.
 */
export const saddle = define(
  { label: 'saddle', dim: 2, minima: [], minValue: -Infinity, domain: [[-2, 2], [-2, 2]], start: [1, 1e-3] },
  (p) => sq(coord(p, 0)).sub(sq(coord(p, 1))),
);

/**
 * quadratic(condition): ½·Σᵢ λᵢ·xᵢ², the λᵢ evenly spaced from 1 to `condition` (in 2-D,
 * ½·(x² + condition·y²)). Its Hessian is diag(λ), so `condition` is its condition number.
 * Global minimum 0 at the origin. Gradient descent needs O(condition) steps; Newton one.
 */
export function quadratic(condition = 10): TestFunction {
  if (typeof condition !== 'number' || !Number.isFinite(condition) || condition < 1) {
    throw new RangeError(`quadratic: condition must be a finite number ≥ 1, got ${String(condition)}`);
  }
  return define(
    { label: 'quadratic', dim: null, minDim: 1, minima: [[0, 0]], minValue: 0, domain: [[-2, 2], [-2, 2]], start: [1.5, 1.5] },
    (x, n) => {
      const lambdas = new Float32Array(n);
      for (let i = 0; i < n; i++) lambdas[i] = n === 1 ? 1 : 1 + ((condition - 1) * i) / (n - 1);
      return sum(sq(x).mul(fromFloat32(lambdas, [n])), -1).mul(0.5);
    },
  );
}

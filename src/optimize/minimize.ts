// d.optimize.minimize(f, x0, options): SciPy-style minimisation of a scalar function of one
// tensor, by gradient descent with any optimizer, damped Newton, nonlinear CG, L-BFGS or
// simulated annealing, optionally from several seeded random starts.
import { Tensor, fromFloat32 } from '../tensor.js';
import { Generator } from '../random.js';
import { describe } from '../ops/util.js';
import { Objective, ScalarFunction } from './objective.js';
import { MethodOptions, MethodResult, Monitor, Status, IterationInfo } from './method.js';
import { conjugateGradient } from './methods/cg.js';
import { lbfgs } from './methods/lbfgs.js';
import { newton } from './methods/newton.js';
import { gradientDescent, resolveOptimizer } from './methods/gd.js';
import { annealing, AnnealingSettings } from './methods/annealing.js';

export type MethodName = 'gd' | 'newton' | 'cg' | 'lbfgs' | 'annealing';
const METHODS: readonly MethodName[] = ['gd', 'newton', 'cg', 'lbfgs', 'annealing'];

export interface MinimizeOptions {
  /** 'lbfgs' by default. */
  method?: MethodName;
  /** Sets gtol (every method), ftol (lbfgs) and xtol (newton) at once, as SciPy's `tol`. */
  tol?: number;
  /** Stop when max |∂f/∂xᵢ| ≤ gtol. Default 1e-4 (float32 gradients are noisy below about that). */
  gtol?: number;
  /** lbfgs: stop when f falls by at most ftol·max(|f|, 1) in an iteration. Default 2.2e-9. */
  ftol?: number;
  /** newton: stop when a step moves x by at most xtol·(1 + |x|∞). Default 1e-9. */
  xtol?: number;
  /** Iteration limit: gd 1000, cg and newton 200·n, lbfgs 15000, annealing 1000. */
  maxIter?: number;
  /** Further runs from seeded random starts (uniform in `bounds`, else in x0 ± max(1, |x0|)). */
  restarts?: number;
  /** Per-coordinate [low, high]: where restarts start and annealing searches (not a constraint for the other methods). */
  bounds?: [number, number][];
  /** Seeds the restarts and annealing. Default 0. */
  seed?: number;
  /** Called after every iteration; returning true stops the run. */
  callback?: (info: IterationInfo) => unknown;
  /** Keep every iterate in result.trace. */
  trace?: boolean;
  /** gd: an optimizer class or name ('sgd', 'adam', ...). Default 'sgd'. */
  optimizer?: string | (new (...args: never[]) => unknown);
  /** gd: learning rate. Default 1e-3. */
  lr?: number;
  /** gd: further optimizer options (momentum, betas, ...). */
  optimizerOptions?: Record<string, unknown>;
  /** lbfgs: pairs kept. Default 10. */
  historySize?: number;
  /** annealing: the initial temperature. Default 1. */
  temperature?: number;
  /** annealing: the temperature at maxIter. Default 1e-3. */
  finalTemperature?: number;
  /** annealing: the standard deviation of a proposal step. Default 1. */
  stepSize?: number;
  /** annealing: finish with L-BFGS from the best point. Default true. */
  polish?: boolean;
}

/** One run of a restarted minimisation. */
export interface RunSummary {
  x0: number[];
  x: number[];
  fun: number;
  nit: number;
  success: boolean;
}

/** The outcome, as SciPy's OptimizeResult. */
export interface OptimizeResult {
  /** The solution, shaped like x0. */
  x: Tensor;
  fun: number;
  /** The gradient at x (null where the method ended without one). */
  jac: Tensor | null;
  nit: number;
  nfev: number;
  njev: number;
  nhev: number;
  success: boolean;
  /** 0 converged, 1 iteration limit, 2 precision loss, 3 non-finite value, 4 stopped by callback. */
  status: number;
  message: string;
  /** Every iterate of the best run, x0 first (with `trace: true`). */
  trace?: number[][];
  /** Every run, x0's first (with `restarts`). */
  runs?: RunSummary[];
}

function checkPositive(value: unknown, name: string, integer = false): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new RangeError(`minimize: ${name} must be a finite positive ${integer ? 'integer' : 'number'}, got ${describe(value)}`);
  }
  return value;
}

function startingPoint(x0: unknown): { values: Float64Array; shape: number[] } {
  if (x0 instanceof Tensor) return { values: Float64Array.from(x0.toFloat32Array()), shape: x0.shape.slice() };
  if ((Array.isArray(x0) || ArrayBuffer.isView(x0)) && (x0 as ArrayLike<unknown>).length > 0) {
    const list = Array.from(x0 as ArrayLike<unknown>);
    if (list.every((v) => typeof v === 'number')) return { values: Float64Array.from(list as number[]), shape: [list.length] };
  }
  throw new TypeError(`minimize: x0 must be a Tensor or a non-empty array of numbers, got ${describe(x0)}`);
}

function checkBounds(bounds: unknown, n: number): [number, number][] | null {
  if (bounds === undefined) return null;
  const ok =
    Array.isArray(bounds) &&
    bounds.length === n &&
    bounds.every((b) => Array.isArray(b) && b.length === 2 && b.every(Number.isFinite) && b[0] <= b[1]);
  if (!ok) throw new RangeError(`minimize: bounds must be ${n} pairs [low, high] of finite numbers with low ≤ high, got ${JSON.stringify(bounds)}`);
  return bounds as [number, number][];
}

interface Plan {
  method: MethodName;
  options: MethodOptions;
  restarts: number;
  bounds: [number, number][] | null;
  seed: number;
  annealing: AnnealingSettings;
}

function plan(o: MinimizeOptions, n: number): Plan {
  if (o === null || typeof o !== 'object') throw new TypeError(`minimize: options must be an object, got ${describe(o)}`);
  const method = o.method ?? 'lbfgs';
  if (!METHODS.includes(method)) {
    throw new RangeError(`minimize: unknown method ${describe(method)} (expected one of ${METHODS.map((m) => `'${m}'`).join(', ')})`);
  }
  const tol = checkPositive(o.tol, 'tol');
  const defaultIter = { gd: 1000, cg: 200 * n, newton: 200 * n, lbfgs: 15000, annealing: 1000 }[method];
  const restarts = o.restarts ?? 0;
  if (!Number.isInteger(restarts) || restarts < 0) throw new RangeError(`minimize: restarts must be a non-negative integer, got ${describe(restarts)}`);
  const seed = o.seed ?? 0;
  if (!Number.isInteger(seed)) throw new TypeError(`minimize: seed must be an integer, got ${describe(seed)}`);
  if (o.callback !== undefined && typeof o.callback !== 'function') throw new TypeError(`minimize: callback must be a function, got ${describe(o.callback)}`);
  if (o.method === 'gd' || o.optimizer !== undefined) resolveOptimizer(o.optimizer ?? 'sgd');
  const temperature = checkPositive(o.temperature, 'temperature') ?? 1;
  const finalTemperature = checkPositive(o.finalTemperature, 'finalTemperature') ?? 1e-3;
  if (finalTemperature > temperature) {
    throw new RangeError(`minimize: finalTemperature ${finalTemperature} must not exceed temperature ${temperature}`);
  }
  const bounds = checkBounds(o.bounds, n);
  return {
    method,
    restarts,
    bounds,
    seed,
    options: {
      gtol: checkPositive(o.gtol, 'gtol') ?? tol ?? 1e-4,
      ftol: checkPositive(o.ftol, 'ftol') ?? tol ?? 2.220446049250313e-9,
      xtol: checkPositive(o.xtol, 'xtol') ?? tol ?? 1e-9,
      maxIter: checkPositive(o.maxIter, 'maxIter', true) ?? defaultIter,
      extra: {
        optimizer: o.optimizer,
        lr: checkPositive(o.lr, 'lr'),
        optimizerOptions: o.optimizerOptions,
        historySize: checkPositive(o.historySize, 'historySize', true),
      },
    },
    annealing: {
      temperature,
      finalTemperature,
      stepSize: checkPositive(o.stepSize, 'stepSize') ?? 1,
      bounds,
      polish: o.polish ?? true,
    },
  };
}

function runOnce(p: Plan, obj: Objective, x0: Float64Array, monitor: Monitor, generator: Generator): MethodResult {
  monitor.start(x0);
  switch (p.method) {
    case 'cg':
      return conjugateGradient(obj, x0, p.options, monitor);
    case 'lbfgs':
      return lbfgs(obj, x0, p.options, monitor);
    case 'newton':
      return newton(obj, x0, p.options, monitor);
    case 'gd':
      return gradientDescent(obj, x0, p.options, monitor);
    default:
      return annealing(obj, x0, p.options, monitor, generator, p.annealing);
  }
}

/** A seeded random start: uniform in the bounds, else in x0 ± max(1, |x0ᵢ|). */
function randomStart(x0: Float64Array, bounds: [number, number][] | null, generator: Generator): Float64Array {
  return x0.map((v, i) => {
    const [lo, hi] = bounds !== null ? bounds[i] : [v - Math.max(1, Math.abs(v)), v + Math.max(1, Math.abs(v))];
    return lo + (hi - lo) * generator.uniform();
  });
}

/**
 * Minimises the scalar function f over x, starting from x0 (a Tensor of any shape, or an array
 * of numbers), and returns a SciPy-like OptimizeResult. f is evaluated on float32 tensors;
 * the methods' own arithmetic (directions, line searches, Newton solves) runs in float64.
 */
export function minimize(f: ScalarFunction, x0: Tensor | number[] | Float32Array, options: MinimizeOptions = {}): OptimizeResult {
  if (typeof f !== 'function') throw new TypeError(`minimize: f must be a function, got ${describe(f)}`);
  const start = startingPoint(x0);
  if (!start.values.every(Number.isFinite)) throw new RangeError('minimize: x0 must be finite');
  const p = plan(options, start.values.length);
  const obj = new Objective(f, start.shape);
  const generator = new Generator(p.seed);
  try {
    const runs: { x0: Float64Array; result: MethodResult; monitor: Monitor }[] = [];
    for (let r = 0; r <= p.restarts; r++) {
      const from = r === 0 ? start.values : randomStart(start.values, p.bounds, generator);
      const monitor = new Monitor(options.callback, options.trace === true);
      runs.push({ x0: from, result: runOnce(p, obj, from, monitor, generator), monitor });
      if (runs[runs.length - 1].result.status === Status.Stopped) break;
    }
    let best = runs[0];
    for (const run of runs) if (run.result.fun < best.result.fun || Number.isNaN(best.result.fun)) best = run;
    const r = best.result;
    const out: OptimizeResult = {
      x: fromFloat32(r.x, start.shape),
      fun: r.fun,
      jac: r.jac === null ? null : fromFloat32(r.jac, start.shape),
      nit: runs.reduce((s, run) => s + run.monitor.nit, 0),
      nfev: obj.nfev,
      njev: obj.njev,
      nhev: obj.nhev,
      success: r.status === Status.Converged,
      status: r.status,
      message: r.message,
    };
    if (best.monitor.trace !== null) out.trace = best.monitor.trace;
    if (p.restarts > 0) {
      out.runs = runs.map((run) => ({
        x0: Array.from(run.x0),
        x: Array.from(run.result.x),
        fun: run.result.fun,
        nit: run.monitor.nit,
        success: run.result.status === Status.Converged,
      }));
    }
    return out;
  } finally {
    generator.dispose();
  }
}

// Gradient descent with any of descent's optimizers (d.optim.SGD, Adam, ...): each iteration
// hands the optimizer the gradient at x and lets it take one step.
import { Tensor, keep } from '../../tensor.js';
import * as optim from '../../optim/index.js';
import { Objective, maxAbs } from '../objective.js';
import { MethodOptions, MethodResult, Monitor, Status, finish } from '../method.js';
import { describe } from '../../ops/util.js';

interface StepOptimizer {
  step(): unknown;
  dispose?(): void;
}
type OptimizerClass = new (params: Tensor[], options: Record<string, unknown>) => StepOptimizer;

const OPTIMIZERS = Object.entries(optim).filter(
  ([name, value]) => typeof value === 'function' && name !== 'Optimizer' && /^[A-Z]/.test(name),
) as [string, OptimizerClass][];

/** An optimizer class from a class or its name ('sgd', 'Adam', ... case-insensitive). */
export function resolveOptimizer(spec: unknown): OptimizerClass {
  if (typeof spec === 'function') return spec as OptimizerClass;
  if (typeof spec === 'string') {
    const found = OPTIMIZERS.find(([name]) => name.toLowerCase() === spec.toLowerCase());
    if (found !== undefined) return found[1];
  }
  const names = OPTIMIZERS.map(([name]) => `'${name.toLowerCase()}'`).join(', ');
  throw new RangeError(`minimize: optimizer must be one of ${names} or an optimizer class, got ${describe(spec)}`);
}

export function gradientDescent(obj: Objective, x0: Float64Array, o: MethodOptions, monitor: Monitor): MethodResult {
  const Optimizer = resolveOptimizer(o.extra.optimizer ?? 'sgd');
  const settings = { lr: o.extra.lr ?? 1e-3, ...((o.extra.optimizerOptions as Record<string, unknown> | undefined) ?? {}) };
  const param = keep(obj.tensor(x0));
  param.requiresGrad = true;
  let optimizer: StepOptimizer | null = null;
  try {
    optimizer = new Optimizer([param], settings);
    let x = x0;
    let cur = obj.evaluate(x);
    for (;;) {
      if (!Number.isFinite(cur.f)) return finish(x, cur.f, cur.g, Status.NotFinite);
      if (maxAbs(cur.g) <= o.gtol) return finish(x, cur.f, cur.g, Status.Converged);
      if (monitor.nit >= o.maxIter) return finish(x, cur.f, cur.g, Status.MaxIter);
      param.grad?.dispose();
      param.grad = keep(obj.tensor(cur.g));
      optimizer.step();
      x = Float64Array.from(param.toFloat32Array());
      cur = obj.evaluate(x);
      if (monitor.step(x, cur.f)) return finish(x, cur.f, cur.g, Status.Stopped);
    }
  } finally {
    optimizer?.dispose?.();
    param.dispose();
  }
}

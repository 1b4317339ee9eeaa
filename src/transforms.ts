// Function transforms in jax's style: valueAndGrad(f) and grad(f) differentiate a function of
// tensors with respect to its arguments, on the tape of src/autograd.ts.
import { Tensor, formatShape, isGradEnabled, withGradMode, tidy } from './tensor.js';
import { runBackward } from './autograd.js';
import { otherCopyOf } from './registry.js';

type Fn = (...xs: Tensor[]) => Tensor;

/** Options of grad and valueAndGrad. */
export interface GradOptions {
  /** Record the gradients' own graph, so they can be differentiated again (as jax.grad composes). */
  createGraph?: boolean;
}

/** One gradient per argument, shaped as f's parameter list: [Tensor, Tensor] for f(a, b). */
export type Gradients<A extends readonly Tensor[]> = { [K in keyof A]: Tensor };

function checkArgs(name: string, xs: unknown[]): Tensor[] {
  xs.forEach((x, i) => {
    if (!(x instanceof Tensor)) throw new TypeError(`${name}: argument ${i} must be a Tensor, got ${otherCopyOf(x) ?? typeof x}`);
  });
  return xs as Tensor[];
}

/**
 * valueAndGrad(f)(...xs) → { value, grads }: f's scalar value and its gradient with respect to
 * each argument (like jax.value_and_grad). Tensors made inside f are freed; .grad fields of
 * other tensors are not touched.
 *
 * With `createGraph` the gradients are recorded so they can be differentiated again. Nothing
 * made inside f is freed then (the gradients' graph reads it: use d.tidy around the outer
 * computation), and an argument that is itself being recorded is differentiated in place, so
 * the gradient stays connected to it and grad(x => grad(f, { createGraph: true })(x)...)
 * composes as in JAX.
 */
export function valueAndGrad<A extends Tensor[]>(
  f: (...xs: A) => Tensor,
  options?: GradOptions,
): (...xs: A) => { value: Tensor; grads: Gradients<A> };
export function valueAndGrad(f: Fn, options: GradOptions = {}) {
  if (typeof f !== 'function') throw new TypeError(`valueAndGrad: f must be a function, got ${typeof f}`);
  const createGraph = options.createGraph ?? false;
  return (...args: Tensor[]): { value: Tensor; grads: Tensor[] } => {
    const xs = checkArgs('valueAndGrad', args);
    const run = () => {
      const inputs = xs.map((x, i) => {
        if (createGraph && isGradEnabled() && x.requiresGrad && xs.indexOf(x) === i) return x;
        const v = x.detach();
        v.requiresGrad = true;
        return v;
      });
      const value = withGradMode(true, () => f(...inputs));
      if (!(value instanceof Tensor)) throw new TypeError('valueAndGrad: f must return a Tensor');
      if (value.size !== 1) {
        throw new Error(`valueAndGrad: f must return a scalar, got shape ${formatShape(value.shape)}`);
      }
      const collected = value.requiresGrad
        ? runBackward(value, null, { inputs, createGraph })
        : new Map<Tensor, Tensor>();
      const grads = inputs.map((x) => collected.get(x) ?? Tensor.filled(x.shape, 0));
      return { value: createGraph ? value : value.detach(), grads };
    };
    return createGraph ? run() : tidy(run);
  };
}

/**
 * grad(f)(...xs): the gradient of scalar f with respect to each argument; one tensor for one
 * argument. Typed by f's arity: a function of one tensor gives a function returning a Tensor,
 * a function of n ≥ 2 tensors one returning an n-tuple of Tensors.
 */
export function grad(f: (x: Tensor) => Tensor, options?: GradOptions): (x: Tensor) => Tensor;
export function grad<A extends [Tensor, Tensor, ...Tensor[]]>(f: (...xs: A) => Tensor, options?: GradOptions): (...xs: A) => Gradients<A>;
export function grad(f: (...xs: Tensor[]) => Tensor, options?: GradOptions): (...xs: Tensor[]) => Tensor | Tensor[];
export function grad(f: Fn, options: GradOptions = {}) {
  const vg = valueAndGrad(f, options);
  return (...xs: Tensor[]): Tensor | Tensor[] => {
    const { value, grads } = vg(...xs);
    if (!options.createGraph) value.dispose(); // with a graph, the gradient's backward may read it
    return grads.length === 1 ? grads[0] : grads;
  };
}

// Reverse-mode autograd. Ops record a GradNode on their output; backward walks the graph
// iteratively (no recursion, so a 100,000-op chain is fine) in a deterministic order: a
// post-order depth-first walk that visits inputs in the order the op lists them.
import { Tensor, assertAlive, GradNode, isGradEnabled, withGradMode, formatShape, sameShape, tidy, keep, releaseHeld, versionOf, anyChangedInPlace, markWalked, isWalked } from './tensor.js';
import { addInPlace } from './backend/index.js';
import { otherCopyOf } from './registry.js';
import { isAnomalyMode, checkForward, checkBackward, inBackwardOf } from './anomaly.js';
import { checkOptionsOf } from './signature.js';
import { isRetaining, runHooks } from './tensor/grad_hooks.js';
import { SmallSet, SmallMap } from './tensor/small_set.js';
export { retainGrad, registerHook } from './tensor/grad_hooks.js';

/** Attaches `node` to `out` when recording is on and any input needs a gradient. */
export function record(out: Tensor, name: string, inputs: readonly Tensor[], backward: GradNode['backward']): Tensor {
  if (isAnomalyMode()) {
    try {
      checkForward(out, name, inputs);
    } catch (e) {
      out.dispose(); // the refused result is not handed out: free it
      throw e;
    }
  }
  if (!isGradEnabled()) return out;
  for (const t of inputs) {
    if (t.requiresGrad) {
      out.requiresGrad = true;
      out.node = { name, inputs, backward, versions: anyChangedInPlace() ? versionsOf(inputs, out) : undefined, walked: false };
      return out;
    }
  }
  return out;
}

/**
 * Whether record() would do anything for an op over these inputs (anomaly mode checks every
 * output): when not, a caller need not build the backward closure and input list.
 */
export function recordsAny(a: Tensor, b?: Tensor | null, c?: Tensor | null): boolean {
  return isAnomalyMode() || (isGradEnabled() && (a.requiresGrad || (b != null && b.requiresGrad) || (c != null && c.requiresGrad)));
}

function versionsOf(inputs: readonly Tensor[], out: Tensor): number[] {
  const v = new Array<number>(inputs.length + 1);
  for (let i = 0; i < inputs.length; i++) v[i] = versionOf(inputs[i]);
  v[inputs.length] = versionOf(out);
  return v;
}

/** Throws if a tensor an op read (or the op's output) was changed in place after it was recorded. */
function checkVersions(t: Tensor): void {
  const node = t.node;
  if (node === null || !anyChangedInPlace()) return;
  const tensors = [...node.inputs, t];
  tensors.forEach((x, i) => {
    const seen = node.versions?.[i] ?? 0; // recorded before any in-place change: 0
    if (versionOf(x) !== seen) {
      throw new Error(`backward: a tensor of shape ${formatShape(x.shape)} that ${node.name} saved for the backward pass was changed in place after it was used (version ${versionOf(x)}, expected ${seen}); change it in place only after backward(), or use the out-of-place op`);
    }
  });
}

/** Runs fn with gradient recording off (like torch.no_grad). */
export function noGrad<T>(fn: () => T): T {
  return withGradMode(false, fn);
}

/** Runs fn with gradient recording on, even inside noGrad (like torch.enable_grad). */
export function enableGrad<T>(fn: () => T): T {
  return withGradMode(true, fn);
}

const NO_INPUTS: readonly Tensor[] = [];

function topologicalOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const visited = new SmallSet<Tensor>();
  // The stack as two parallel arrays (tensor, index of its next input): no object per entry.
  const stack: Tensor[] = [root];
  const next: number[] = [0];
  visited.add(root);
  while (stack.length > 0) {
    const top = stack.length - 1;
    const t = stack[top];
    const inputs = t.node !== null ? t.node.inputs : NO_INPUTS;
    if (next[top] < inputs.length) {
      const child = inputs[next[top]++];
      if (child.requiresGrad && !visited.has(child)) {
        visited.add(child);
        stack.push(child);
        next.push(0);
      }
    } else {
      order.push(t);
      stack.pop();
      next.pop();
    }
  }
  return order; // inputs before the ops that use them
}

export interface BackwardOptions {
  /** Record the backward pass itself, so gradients can be differentiated again. */
  createGraph?: boolean;
  /** Accumulate into the .grad of these leaves only (torch's backward(inputs=...)). */
  accumulateInto?: readonly Tensor[];
  /** Only collect gradients for these tensors, leaving every .grad untouched. */
  inputs?: readonly Tensor[];
  /** Allow a later backward through the same graph (default: createGraph). */
  retainGraph?: boolean;
}

// Nodes a backward() has walked without retainGraph: walking them again is refused (torch frees
// the graph; here a second walk would silently add the same gradients twice).

function addInto(acc: Tensor, g: Tensor, createGraph: boolean): Tensor {
  if (createGraph) return acc.add(g);
  // acc may share its storage (a view made by a backward rule): adding in place would write
  // through to the other tensor, so add out of place.
  if (acc.sharesBytes) return acc.add(g);
  addInPlace(acc, g);
  return acc;
}

/**
 * Back-propagates `gradOutput` (default 1 for a scalar root). Without `inputs`, accumulates into
 * the `.grad` of every leaf that requires grad; with `inputs`, returns their gradients instead.
 */
export function runBackward(root: Tensor, gradOutput: Tensor | null, options: BackwardOptions = {}): Map<Tensor, Tensor> {
  const createGraph = options.createGraph ?? false;
  if (!root.requiresGrad) {
    throw new Error(`backward: the tensor of shape ${formatShape(root.shape)} does not require grad and has no grad function`);
  }
  if (gradOutput === null) {
    if (root.size !== 1) {
      throw new Error(`backward: grad can be implicitly created only for a scalar output, got shape ${formatShape(root.shape)}`);
    }
  } else if (gradOutput.size !== root.size || !sameShape(gradOutput.shape, root.shape)) {
    throw new Error(`backward: gradient shape ${formatShape(gradOutput.shape)} does not match output shape ${formatShape(root.shape)}`);
  }
  const wanted = options.inputs ? new Set(options.inputs) : null;
  const retainGraph = options.retainGraph ?? createGraph;
  const order = topologicalOrder(root);
  for (const t of order) {
    if (t.node !== null && isWalked(t.node)) {
      throw new Error(
        `backward: the graph of ${(root.node ?? t.node).name} was already walked by an earlier backward(); ` +
          'pass { retainGraph: true } to that backward() to walk it again',
      );
    }
  }
  for (const t of order) assertAlive(t, 'backward'); // fails here, before any change
  for (const t of order) checkVersions(t); // and so does a tensor changed in place since
  const collected = new Map<Tensor, Tensor>();
  // Leaf gradients are delivered only once the whole walk has succeeded, so an error part-way
  // (a disposed tensor, an anomaly) leaves every .grad as it was.
  const leaves: [Tensor, Tensor][] = [];
  const retained: [Tensor, Tensor][] = [];
  // A tensor's gradient so far; undefined once its node has taken it.
  const grads = new SmallMap<Tensor, Tensor>();
  // One node's bookkeeping, emptied for each node.
  const handedOut = new SmallSet<object | null>();
  const delivered = new SmallSet<Tensor>();
  const spent = new SmallSet<Tensor>();
  try {
    withGradMode(createGraph, () => {
      grads.set(root, gradOutput === null ? Tensor.filled(root.shape, 1) : gradOutput.clone());
      for (let i = order.length - 1; i >= 0; i--) {
        const t = order[i];
        let g = grads.get(t);
        if (g === undefined) continue;
        grads.set(t, undefined);
        g = runHooks(t, g, createGraph);
        if (t.node !== null && isRetaining(t)) retained.push([t, createGraph ? g : keep(g.clone())]);
        if (t.node === null) {
          leaves.push([t, g]);
          continue;
        }
        if (wanted?.has(t)) collected.set(t, createGraph ? g : keep(g.clone()));
        const node = t.node;
        const gt = g;
        // Without createGraph, the temporaries a backward rule makes are freed as it returns.
        const run = createGraph ? () => node.backward(gt, t) : () => tidy(() => node.backward(gt, t));
        const inputGrads = isAnomalyMode() ? inBackwardOf(node.name, run) : run();
        handedOut.clear();
        delivered.clear();
        spent.clear();
        spent.add(g);
        const inputs = node.inputs;
        for (let k = 0; k < inputs.length; k++) {
          const input = inputs[k];
          let ig = inputGrads[k];
          if (ig === null || ig === undefined) continue;
          if (!input.requiresGrad) {
            spent.add(ig);
            continue;
          }
          if (ig.size !== input.size || !sameShape(ig.shape, input.shape)) {
            throw new Error(`backward: internal error: ${node.name} gave a gradient of shape ${formatShape(ig.shape)} for an input of shape ${formatShape(input.shape)}`);
          }
          if (isAnomalyMode()) checkBackward(node.name, g, ig, k);
          // A backward rule may hand back its incoming gradient or one tensor twice (add does);
          // each input must own its gradient, since accumulation writes in place.
          if (handedOut.has(ig.bytesIdentity)) ig = ig.clone();
          handedOut.add(ig.bytesIdentity);
          const prev = grads.get(input);
          if (prev === undefined) {
            grads.set(input, ig);
            delivered.add(ig);
          } else {
            const sum = addInto(prev, ig, createGraph);
            if (sum !== prev) {
              spent.add(prev);
              delivered.delete(prev);
            }
            grads.set(input, sum);
            delivered.add(sum);
            spent.add(ig);
          }
        }
        // Free what no input kept, only now: a rule may return g itself, or one tensor twice.
        if (!createGraph) spent.forEach((x) => { if (!delivered.has(x)) x.dispose(); });
      }
    });
  } catch (e) {
    if (!createGraph) {
      for (const [, g] of leaves) g.dispose();
      for (const [, g] of retained) g.dispose();
      grads.forEachValue((g) => g.dispose());
    }
    throw e;
  }
  if (!retainGraph) for (const t of order) if (t.node !== null) markWalked(t.node);
  const only = options.accumulateInto ? new Set(options.accumulateInto) : null;
  for (const [t, g] of leaves) deliverLeafGrad(t, g, wanted, collected, createGraph, only);
  for (const [t, g] of retained) {
    if (t.grad === null || t.grad.disposed) {
      t.grad = g;
    } else {
      const old = t.grad;
      t.grad = keep(old.add(g));
      if (!createGraph) {
        old.dispose();
        g.dispose();
      }
    }
  }
  // The graph is released: what tidy scopes left to it (tensor.ts holdSavedTensors) is freed.
  if (!retainGraph) for (const t of order) releaseHeld(t);
  return collected;
}

function deliverLeafGrad(t: Tensor, g: Tensor, wanted: Set<Tensor> | null, collected: Map<Tensor, Tensor>, createGraph: boolean, only: Set<Tensor> | null): void {
  if (only !== null && !only.has(t)) {
    if (!createGraph) g.dispose();
    return;
  }
  if (wanted !== null) {
    if (wanted.has(t)) collected.set(t, g);
    else if (!createGraph) g.dispose();
    return;
  }
  if (t.grad === null || t.grad.disposed) {
    // The leaf takes the gradient's storage unless something else still shares it.
    t.grad = keep(createGraph ? g : g.sharesBytes ? g.clone() : g.detach());
    if (!createGraph) g.dispose();
  } else if (createGraph) {
    t.grad = keep(t.grad.add(g));
  } else {
    addInPlace(t.grad, g);
    g.dispose();
  }
}

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

/** backward()'s options, as torch's: retainGraph, createGraph, and inputs (accumulate into these leaves only). */
export interface BackwardCallOptions {
  retainGraph?: boolean;
  createGraph?: boolean;
  inputs?: Tensor[];
}

function checkBackwardOptions(opts: unknown, self: Tensor): BackwardCallOptions {
  if (opts === undefined || opts === null) return {};
  // The declared method checks options in second place; backward({...}) gives them first.
  checkOptionsOf('backward(gradient, {retainGraph, createGraph, inputs})', opts, 'Tensor', self);
  const o = opts as BackwardCallOptions;
  for (const k of ['retainGraph', 'createGraph'] as const) {
    if (o[k] !== undefined && typeof o[k] !== 'boolean') throw new TypeError(`backward: ${k} must be a boolean, got ${typeof o[k]}`);
  }
  if (o.inputs !== undefined && (!Array.isArray(o.inputs) || o.inputs.some((t) => !(t instanceof Tensor)))) {
    throw new TypeError('backward: inputs must be an array of Tensors');
  }
  return o;
}

/** t.backward(grad?, { retainGraph, createGraph, inputs }) or t.backward({ ... }): accumulates d(t)/d(leaf) into every leaf's .grad. */
export function backward(t: Tensor, gradient?: Tensor | BackwardCallOptions, options?: BackwardCallOptions): void {
  let grad: Tensor | null = null;
  let opts: unknown = options;
  if (gradient instanceof Tensor) grad = gradient;
  else if (gradient !== undefined && gradient !== null && typeof gradient === 'object' && options === undefined) opts = gradient;
  else if (gradient !== undefined && gradient !== null) throw new TypeError(`backward: grad must be a Tensor, got ${typeof gradient}`);
  const o = checkBackwardOptions(opts, t);
  runBackward(t, grad, { createGraph: o.createGraph, retainGraph: o.retainGraph, accumulateInto: o.inputs });
}

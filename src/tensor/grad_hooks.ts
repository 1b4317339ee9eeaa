// retainGrad and registerHook: a computed tensor's gradient kept in .grad, and hooks that see
// (and may replace) a gradient during backward (src/autograd.ts).
import { Tensor, formatShape, tidy } from '../tensor.js';

// Tensors whose gradient is kept in .grad although they are not leaves (retainGrad), and the
// hooks registered on tensors (registerHook), by id so a handle can remove one.
const retainingSet = new WeakSet<Tensor>();
const hooks = new WeakMap<Tensor, Map<number, (grad: Tensor) => Tensor | void>>();
let nextHookId = 0;
// Whether any tensor was ever given retainGrad or a hook: until then backward skips the weak
// lookups (two per tensor it walks).
let anyRetained = false;

/** Whether retainGrad was called on t. */
export function isRetaining(t: Tensor): boolean {
  return anyRetained && retainingSet.has(t);
}

/** Keeps the gradient of a computed tensor in its .grad at the next backward (torch's retain_grad). */
export function retainGrad(t: Tensor): void {
  if (!(t instanceof Tensor)) throw new TypeError(`retainGrad: expected a Tensor, got ${typeof t}`);
  if (!t.requiresGrad) throw new Error("retainGrad: can't retain the gradient of a tensor that does not require grad");
  if (t.node !== null) { // a leaf keeps its gradient anyway
    retainingSet.add(t);
    anyRetained = true;
  }
}

/** fn(grad) runs when t's gradient is computed; a returned tensor replaces it. Returns a handle. */
export function registerHook(t: Tensor, fn: (grad: Tensor) => Tensor | void): { remove(): void } {
  if (!(t instanceof Tensor)) throw new TypeError(`registerHook: expected a Tensor, got ${typeof t}`);
  if (typeof fn !== 'function') throw new TypeError(`registerHook: the hook must be a function, got ${typeof fn}`);
  if (!t.requiresGrad) throw new Error("registerHook: can't register a hook on a tensor that does not require grad");
  let list = hooks.get(t);
  if (list === undefined) hooks.set(t, (list = new Map()));
  const id = nextHookId++;
  list.set(id, fn);
  return { remove: () => void list!.delete(id) };
}

export function runHooks(t: Tensor, g: Tensor, createGraph: boolean): Tensor {
  if (nextHookId === 0) return g;
  const list = hooks.get(t);
  if (list === undefined) return g;
  let current = g;
  for (const fn of list.values()) {
    const call = () => fn(current);
    const replaced = createGraph ? call() : tidy(call);
    if (replaced === undefined || replaced === null) continue;
    if (!(replaced instanceof Tensor) || replaced.shape.join() !== t.shape.join()) {
      throw new Error(`backward: a hook on a tensor of shape ${formatShape(t.shape)} returned ${replaced instanceof Tensor ? `a tensor of shape ${formatShape(replaced.shape)}` : typeof replaced}; return nothing or a tensor of the same shape`);
    }
    if (!createGraph && replaced !== current && current !== g) current.dispose();
    current = replaced;
  }
  if (!createGraph && current !== g) g.dispose();
  return current;
}


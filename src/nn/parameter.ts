// d.nn.Parameter: a tensor marked as a module parameter, which a module attribute holding it
// registers (src/nn/module.ts).
import { Tensor, assertAlive, type NestedArray } from '../tensor.js';
import { describe } from '../ops/util.js';
import { detach } from '../ops/shape.js';
import { tensor } from '../ops/create.js';

// Tensors made Parameters (by d.nn.Parameter or registerParameter).
const parameterTensors = new WeakSet<Tensor>();

/** True when t is a Parameter: a module attribute holding it registers it. */
export function isParameter(t: unknown): t is Tensor {
  return t instanceof Tensor && parameterTensors.has(t);
}

/**
 * d.nn.Parameter(tensor | data, { requiresGrad = true }): marks a tensor as a module parameter
 * (a leaf that outlives tidy scopes) and returns it. A tensor with a graph is detached first.
 */
export function Parameter(data: Tensor | number | number[] | number[][] | Float32Array, opts: { requiresGrad?: boolean } = {}): Tensor {
  const requiresGrad = opts?.requiresGrad ?? true; // keys checked by the declaration (nn/index.ts)
  if (typeof requiresGrad !== 'boolean') throw new TypeError(`Parameter: requiresGrad must be a boolean, got ${describe(requiresGrad)}`);
  let t: Tensor;
  if (data instanceof Tensor) {
    assertAlive(data, 'Parameter');
    t = data.node === null ? data : detach(data);
  } else {
    t = tensor(data as NestedArray | Float32Array);
  }
  t.requiresGrad = requiresGrad;
  t.kept = true; // parameters outlive every tidy scope
  parameterTensors.add(t);
  return t;
}

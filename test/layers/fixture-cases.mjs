// Runs a torch fixture case (tools/reference/layers.py): builds the inputs, calls the op,
// compares the output and the gradients of sum(y * r) with torch's.
import * as d from '../../dist/index.js';
import { expectClose } from '../helpers/assert.mjs';

/** Leaf tensors requiring grad, from a case's inputs. */
export function leaves(c) {
  const out = {};
  for (const [k, v] of Object.entries(c.inputs)) out[k] = d.tensor(Float32Array.from(v.data), { shape: v.shape, requiresGrad: true });
  return out;
}

/** Checks call(leaves) against the case's output and gradients; tol: { rtol, atol }. */
export function checkCase(c, call, tol = { rtol: 1e-4, atol: 1e-5 }) {
  d.tidy(() => {
    const ts = leaves(c);
    const y = call(ts);
    if (JSON.stringify(y.shape) !== JSON.stringify(c.out.shape)) {
      throw new Error(`${c.name}: shape ${JSON.stringify(y.shape)}, torch ${JSON.stringify(c.out.shape)}`);
    }
    expectClose(y.toFloat32Array(), c.out.data, { ...tol, what: `${c.name}: output` });
    const r = d.tensor(Float32Array.from(c.r), { shape: c.out.shape });
    y.mul(r).sum().backward();
    for (const [k, g] of Object.entries(c.grads)) {
      if (ts[k].grad === null) throw new Error(`${c.name}: no gradient for ${k}`);
      expectClose(ts[k].grad.toFloat32Array(), g, { ...tol, what: `${c.name}: gradient of ${k}` });
    }
  });
}

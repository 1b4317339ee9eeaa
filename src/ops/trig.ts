// Sine and cosine (kernels in assembly/trig.ts). Each backward rule is written with the other
// op, so derivatives of any order exist: sin' = cos, cos' = -sin.
import { Tensor, isGradEnabled } from '../tensor.js';
import { trig, TRIG_SIN, TRIG_COS } from '../backend/index.js';
import { record } from '../autograd.js';
import { checkTensor, mapKernel } from './util.js';

function trigKernel(op: number, x: Tensor): Tensor {
  return mapKernel(trig, op, x);
}

/** g·f'(x) where f'(x) = sign·other(x); temporaries freed unless a graph is being recorded. */
function chain(g: Tensor, derivative: Tensor, sign: number): Tensor {
  const scaled = sign === 1 ? derivative : derivative.mul(sign);
  const out = g.mul(scaled);
  if (!isGradEnabled()) {
    derivative.dispose();
    scaled.dispose();
  }
  return out;
}

/** Elementwise sine (radians). Accurate for every finite float32; ±Infinity gives NaN. */
export function sin(input: Tensor): Tensor {
  const x = checkTensor(input, 'sin', 'input');
  return record(trigKernel(TRIG_SIN, x), 'sin', [x], (g) => [chain(g, cos(x), 1)]);
}

/** Elementwise cosine (radians). Accurate for every finite float32; ±Infinity gives NaN. */
export function cos(input: Tensor): Tensor {
  const x = checkTensor(input, 'cos', 'input');
  return record(trigKernel(TRIG_COS, x), 'cos', [x], (g) => [chain(g, sin(x), -1)]);
}

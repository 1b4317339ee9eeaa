// Matrix products. Three kernel variants (A·B, Aᵀ·B, A·Bᵀ) mean no backward pass ever
// materialises a transpose: each variant's gradients are products in the other variants.
import { Tensor, formatShape, isGradEnabled } from '../tensor.js';
import * as kernels from '../backend/index.js';
import { MATMUL_AB as AB, MATMUL_ATB as ATB, MATMUL_ABT as ABT } from '../backend/index.js';
import { record } from '../autograd.js';
import { checkTensor } from './util.js';
import { sumToShape } from './reduce.js';

const NAMES = ['matmul', 'matmulTransposedA', 'matmulTransposedB'];

interface Dims {
  batch: number;
  m: number;
  k: number;
  n: number;
  aStride: number;
  bStride: number;
  shape: number[];
}

function dims(mode: number, a: Tensor, b: Tensor): Dims {
  const name = NAMES[mode];
  if (a.ndim < 2 || a.ndim > 3 || b.ndim < 2 || b.ndim > 3) {
    throw new Error(`${name}: expected 2-D or 3-D tensors, got ${formatShape(a.shape)} x ${formatShape(b.shape)}`);
  }
  const ar = a.shape[a.ndim - 2];
  const ac = a.shape[a.ndim - 1];
  const br = b.shape[b.ndim - 2];
  const bc = b.shape[b.ndim - 1];
  const m = mode === ATB ? ac : ar;
  const ka = mode === ATB ? ar : ac;
  const kb = mode === ABT ? bc : br;
  const n = mode === ABT ? br : bc;
  if (ka !== kb) {
    throw new Error(`${name}: ${formatShape(a.shape)} x ${formatShape(b.shape)}: inner dimensions ${ka} and ${kb} differ`);
  }
  const ab = a.ndim === 3 ? a.shape[0] : 1;
  const bb = b.ndim === 3 ? b.shape[0] : 1;
  if (a.ndim === 3 && b.ndim === 3 && ab !== bb && ab !== 1 && bb !== 1) {
    throw new Error(`${name}: ${formatShape(a.shape)} x ${formatShape(b.shape)}: batch sizes ${ab} and ${bb} differ`);
  }
  const batch = Math.max(ab, bb);
  const batched = a.ndim === 3 || b.ndim === 3;
  return {
    batch,
    m,
    k: ka,
    n,
    aStride: ab === 1 ? 0 : ar * ac,
    bStride: bb === 1 ? 0 : br * bc,
    shape: batched ? [batch, m, n] : [m, n],
  };
}

function product(mode: number, x: unknown, y: unknown): Tensor {
  const name = NAMES[mode];
  const a = checkTensor(x, name, 'a');
  const b = checkTensor(y, name, 'b');
  const d = dims(mode, a, b);
  const out = Tensor.empty(d.shape);
  kernels.matmul(mode, a, b, out, d, d.shape.length === 3);
  return record(out, name, [a, b], (g) => {
    let ga: Tensor | null = null;
    let gb: Tensor | null = null;
    if (mode === AB) {
      if (a.requiresGrad) ga = matmulTransposedB(g, b);
      if (b.requiresGrad) gb = matmulTransposedA(a, g);
    } else if (mode === ATB) {
      if (a.requiresGrad) ga = matmulTransposedB(b, g);
      if (b.requiresGrad) gb = matmul(a, g);
    } else {
      if (a.requiresGrad) ga = matmul(g, b);
      if (b.requiresGrad) gb = matmulTransposedA(g, a);
    }
    return [fitBatch(ga, a), fitBatch(gb, b)];
  });
}

/** Sums a batched gradient over the batch where the input was broadcast (2-D, or batch 1). */
function fitBatch(grad: Tensor | null, input: Tensor): Tensor | null {
  if (grad === null || grad.ndim === input.ndim && grad.shape[0] === input.shape[0]) return grad;
  const reduced = sumToShape(grad, input.shape);
  if (!isGradEnabled()) grad.dispose(); // a recorded graph still refers to it
  return reduced;
}

/** A·B for 2-D matrices or batches of them ([b,m,k]·[b,k,n], either side may be 2-D or batch 1). */
export function matmul(a: Tensor, b: Tensor): Tensor {
  return product(AB, a, b);
}

/** Aᵀ·B without materialising Aᵀ: A is [k,m] (or batched), B is [k,n]. */
export function matmulTransposedA(a: Tensor, b: Tensor): Tensor {
  return product(ATB, a, b);
}

/** A·Bᵀ without materialising Bᵀ: A is [m,k] (or batched), B is [n,k]. */
export function matmulTransposedB(a: Tensor, b: Tensor): Tensor {
  return product(ABT, a, b);
}

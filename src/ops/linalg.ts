// Matrix products. Three kernel variants (A·B, Aᵀ·B, A·Bᵀ) mean no backward pass ever
// materialises a transpose: each variant's gradients are products in the other variants.
import { Tensor, formatShape, isGradEnabled } from '../tensor.js';
import * as kernels from '../backend/index.js';
import { MATMUL_AB as AB, MATMUL_ATB as ATB, MATMUL_ABT as ABT } from '../backend/index.js';
import { record, recordsAny } from '../autograd.js';
import { checkTensor, broadcastShapes } from './util.js';
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
    shape: batched ? [batch, m, n] : outShape(a.shape, b.shape, m, n),
  };
}

/** [m, n], as an operand's shape when it is that (a shared shape: Tensor.empty need not look it up). */
function outShape(as: number[], bs: number[], m: number, n: number): number[] {
  if (as.length === 2 && as[0] === m && as[1] === n) return as;
  if (bs.length === 2 && bs[0] === m && bs[1] === n) return bs;
  return [m, n];
}

function product(mode: number, x: unknown, y: unknown): Tensor {
  const name = NAMES[mode];
  return checkedProduct(mode, checkTensor(x, name, 'a'), checkTensor(y, name, 'b'));
}

function checkedProduct(mode: number, a: Tensor, b: Tensor): Tensor {
  const name = NAMES[mode];
  const d = dims(mode, a, b);
  const out = Tensor.empty(d.shape);
  kernels.matmul(mode, a, b, out, d, d.shape.length === 3);
  if (!recordsAny(a, b)) return out;
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

/**
 * The matrix product with torch.matmul's rules: 1-D·1-D is a dot product; a 1-D operand is a
 * row (left) or a column (right) whose dimension is removed from the result; batch dimensions
 * (all but the last two) of any rank broadcast. 2-D and 3-D operands go straight to the kernel
 * (batch 1 and a 2-D side are read with stride 0, not copied).
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  const x = checkTensor(a, 'matmul', 'a');
  const y = checkTensor(b, 'matmul', 'b');
  if (x.ndim >= 2 && x.ndim <= 3 && y.ndim >= 2 && y.ndim <= 3) return checkedProduct(AB, x, y);
  if (x.ndim === 0 || y.ndim === 0) {
    throw new Error(`matmul: both arguments need at least one dimension, got ${formatShape(x.shape)} x ${formatShape(y.shape)}`);
  }
  const left = x.ndim === 1 ? [1, x.shape[0]] : x.shape.slice();
  const right = y.ndim === 1 ? [y.shape[0], 1] : y.shape.slice();
  const k = left[left.length - 1];
  if (k !== right[right.length - 2]) {
    throw new Error(`matmul: ${formatShape(x.shape)} x ${formatShape(y.shape)}: inner dimensions ${k} and ${right[right.length - 2]} differ`);
  }
  const batch = broadcastBatch(left.slice(0, -2), right.slice(0, -2), x, y);
  const resultShape = [...batch, ...(x.ndim === 1 ? [] : [left[left.length - 2]]), ...(y.ndim === 1 ? [] : [right[right.length - 1]])];
  const temporaries: Tensor[] = [];
  const keep = (t: Tensor): Tensor => (temporaries.push(t), t);
  const lhs = asBatch(x, left, batch, keep);
  const rhs = asBatch(y, right, batch, keep);
  const out = product(AB, lhs, rhs);
  const result = out.reshape(resultShape);
  if (!result.requiresGrad) for (const t of [...temporaries, out]) t.dispose();
  return result;
}

function broadcastBatch(a: number[], b: number[], x: Tensor, y: Tensor): number[] {
  try {
    return broadcastShapes(a, b, 'matmul');
  } catch {
    throw new Error(`matmul: ${formatShape(x.shape)} x ${formatShape(y.shape)}: batch dimensions ${formatShape(a)} and ${formatShape(b)} cannot be broadcast`);
  }
}

/** t as [B, r, c] over the flattened broadcast batch (or as [r, c] when it has no batch dims). */
function asBatch(t: Tensor, shape: number[], batch: number[], keep: (t: Tensor) => Tensor): Tensor {
  const matrix = shape.slice(-2);
  if (shape.length === 2) return t.ndim === 2 ? t : keep(t.reshape(matrix));
  const own = shape.slice(0, -2);
  const full = own.length === batch.length && own.every((d, i) => d === batch[i]) ? t : keep(t.expand([...batch, ...matrix]));
  return keep(full.reshape([batch.reduce((p, d) => p * d, 1), ...matrix]));
}

/** Aᵀ·B without materialising Aᵀ: A is [k,m] (or batched), B is [k,n]. */
export function matmulTransposedA(a: Tensor, b: Tensor): Tensor {
  return product(ATB, a, b);
}

/** A·Bᵀ without materialising Bᵀ: A is [m,k] (or batched), B is [n,k]. */
export function matmulTransposedB(a: Tensor, b: Tensor): Tensor {
  return product(ABT, a, b);
}

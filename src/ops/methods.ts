// Every op method of Tensor, in one place: `x.add(y)` is `add(x, y)`. The ops themselves are
// plain functions (src/ops/*.ts); tensor.ts holds the data and life-cycle methods (item,
// toArray, dispose…). The class below is copied onto Tensor.prototype once, when this module
// loads (api.ts exports Tensor from here), and merged into Tensor's type, so each method is
// written once, with its signature and its body together.
//
// Adding a method: write the op as a function in its src/ops/ file (exported through
// ops/index.ts), then add one line here, in the group it belongs to:
//
//   cumsum(this: Tensor, axis: number): Tensor { return ops.cumsum(this, axis); }
import { Tensor, formatShape, type TensorLike } from '../tensor.js';
import { formatTensor } from '../print.js';
import { backward, retainGrad, registerHook, type BackwardCallOptions } from '../autograd.js';
import * as inplace from './inplace.js';
import { variance } from './logic.js';
import * as ops from './index.js';
import type { Axis } from './reduce.js';
import type { SliceSpec } from './shape.js';

class TensorMethods {
  // Elementwise arithmetic and comparisons, with broadcasting (ops/elementwise.ts).
  add(this: Tensor, other: TensorLike): Tensor { return ops.add(this, other); }
  sub(this: Tensor, other: TensorLike): Tensor { return ops.sub(this, other); }
  mul(this: Tensor, other: TensorLike): Tensor { return ops.mul(this, other); }
  div(this: Tensor, other: TensorLike): Tensor { return ops.div(this, other); }
  pow(this: Tensor, exponent: TensorLike): Tensor { return ops.pow(this, exponent); }
  maximum(this: Tensor, other: TensorLike): Tensor { return ops.maximum(this, other); }
  minimum(this: Tensor, other: TensorLike): Tensor { return ops.minimum(this, other); }
  gt(this: Tensor, other: TensorLike): Tensor { return ops.gt(this, other); }
  ge(this: Tensor, other: TensorLike): Tensor { return ops.ge(this, other); }
  lt(this: Tensor, other: TensorLike): Tensor { return ops.lt(this, other); }
  le(this: Tensor, other: TensorLike): Tensor { return ops.le(this, other); }
  eq(this: Tensor, other: TensorLike): Tensor { return ops.eq(this, other); }
  neg(this: Tensor): Tensor { return ops.neg(this); }
  /** torch's x.where(condition, other): this where condition is non-zero, else other. */
  where(this: Tensor, condition: TensorLike, other: TensorLike): Tensor { return ops.where(condition, this, other); }

  // Unary functions (ops/unary.ts, ops/trig.ts).
  abs(this: Tensor): Tensor { return ops.abs(this); }
  exp(this: Tensor): Tensor { return ops.exp(this); }
  log(this: Tensor): Tensor { return ops.log(this); }
  sqrt(this: Tensor): Tensor { return ops.sqrt(this); }
  square(this: Tensor): Tensor { return ops.square(this); }
  relu(this: Tensor): Tensor { return ops.relu(this); }
  leakyRelu(this: Tensor, negativeSlope?: number): Tensor { return ops.leakyRelu(this, negativeSlope); }
  sigmoid(this: Tensor): Tensor { return ops.sigmoid(this); }
  tanh(this: Tensor): Tensor { return ops.tanh(this); }
  gelu(this: Tensor): Tensor { return ops.gelu(this); }
  softplus(this: Tensor): Tensor { return ops.softplus(this); }
  erf(this: Tensor): Tensor { return ops.erf(this); }
  sign(this: Tensor): Tensor { return ops.sign(this); }
  clamp(this: Tensor, min?: TensorLike | null, max?: TensorLike | null): Tensor { return ops.clamp(this, min, max); }
  sin(this: Tensor): Tensor { return ops.sin(this); }
  cos(this: Tensor): Tensor { return ops.cos(this); }

  // Reductions and the softmax family (ops/reduce.ts).
  sum(this: Tensor, axis?: Axis, keepDim?: boolean): Tensor { return ops.sum(this, axis, keepDim); }
  mean(this: Tensor, axis?: Axis, keepDim?: boolean): Tensor { return ops.mean(this, axis, keepDim); }
  max(this: Tensor, axis?: Axis, keepDim?: boolean): Tensor { return ops.max(this, axis, keepDim); }
  min(this: Tensor, axis?: Axis, keepDim?: boolean): Tensor { return ops.min(this, axis, keepDim); }
  argmax(this: Tensor, axis?: number, keepDim?: boolean): Tensor { return ops.argmax(this, axis, keepDim); }
  softmax(this: Tensor, axis: number): Tensor { return ops.softmax(this, axis); }
  logSoftmax(this: Tensor, axis: number): Tensor { return ops.logSoftmax(this, axis); }
  logSumExp(this: Tensor, axis: number, keepDim?: boolean): Tensor { return ops.logSumExp(this, axis, keepDim); }

  // Shapes, copies and indexing (ops/shape.ts).
  detach(this: Tensor): Tensor { return ops.detach(this); }
  clone(this: Tensor): Tensor { return ops.clone(this); }
  reshape(this: Tensor, shape: number[]): Tensor { return ops.reshape(this, shape); }
  flatten(this: Tensor, startDim?: number, endDim?: number): Tensor { return ops.flatten(this, startDim, endDim); }
  unsqueeze(this: Tensor, dim: number): Tensor { return ops.unsqueeze(this, dim); }
  squeeze(this: Tensor, dim?: number | number[]): Tensor { return ops.squeeze(this, dim); }
  view(this: Tensor, ...shape: number[] | [number[]]): Tensor { return ops.view(this, ...shape); }

  // Logic, statistics and the like (ops/logic.ts).
  ne(this: Tensor, other: TensorLike): Tensor { return ops.ne(this, other); }
  logicalNot(this: Tensor): Tensor { return ops.logicalNot(this); }
  logicalAnd(this: Tensor, other: TensorLike): Tensor { return ops.logicalAnd(this, other); }
  logicalOr(this: Tensor, other: TensorLike): Tensor { return ops.logicalOr(this, other); }
  logicalXor(this: Tensor, other: TensorLike): Tensor { return ops.logicalXor(this, other); }
  isnan(this: Tensor): Tensor { return ops.isnan(this); }
  isfinite(this: Tensor): Tensor { return ops.isfinite(this); }
  any(this: Tensor, axis?: Axis, keepDim?: boolean): Tensor { return ops.any(this, axis, keepDim); }
  all(this: Tensor, axis?: Axis, keepDim?: boolean): Tensor { return ops.all(this, axis, keepDim); }
  argmin(this: Tensor, axis?: number, keepDim?: boolean): Tensor { return ops.argmin(this, axis, keepDim); }
  var(this: Tensor, axis?: Axis, opts?: ops.VarianceOptions): Tensor { return variance(this, axis, opts); }
  std(this: Tensor, axis?: Axis, opts?: ops.VarianceOptions): Tensor { return ops.std(this, axis, opts); }
  expand(this: Tensor, shape: number[]): Tensor { return ops.expand(this, shape); }
  permute(this: Tensor, dims: number[]): Tensor { return ops.permute(this, dims); }
  transpose(this: Tensor, dim0?: number, dim1?: number): Tensor { return ops.transpose(this, dim0, dim1); }
  slice(this: Tensor, begin: number[] | SliceSpec[], size?: number[]): Tensor { return ops.slice(this, begin, size); }
  indexSelect(this: Tensor, axis: number, indices: Int32Array | number[] | Tensor): Tensor { return ops.indexSelect(this, axis, indices); }
  gather(this: Tensor, axis: number, index: Tensor | number[][] | number[]): Tensor { return ops.gather(this, axis, index); }
  /** concat([this, ...others], axis) */
  concat(this: Tensor, others: Tensor | Tensor[], axis?: number): Tensor { return ops.concat(withOthers(this, others), axis); }
  /** stack([this, ...others], axis) */
  stack(this: Tensor, others: Tensor | Tensor[], axis?: number): Tensor { return ops.stack(withOthers(this, others), axis); }

  // The vocabulary's unary ops (ops/pointwise.ts).
  log1p(this: Tensor): Tensor { return ops.log1p(this); }
  expm1(this: Tensor): Tensor { return ops.expm1(this); }
  reciprocal(this: Tensor): Tensor { return ops.reciprocal(this); }
  rsqrt(this: Tensor): Tensor { return ops.rsqrt(this); }
  floor(this: Tensor): Tensor { return ops.floor(this); }
  ceil(this: Tensor): Tensor { return ops.ceil(this); }
  round(this: Tensor): Tensor { return ops.round(this); }
  trunc(this: Tensor): Tensor { return ops.trunc(this); }

  // Scans, products, norms and sorting (ops/cumulative.ts, ops/vector_norm.ts, ops/sorting.ts).
  cumsum(this: Tensor, axis: number): Tensor { return ops.cumsum(this, axis); }
  cumprod(this: Tensor, axis: number): Tensor { return ops.cumprod(this, axis); }
  prod(this: Tensor, axis?: number | null, keepDim?: boolean): Tensor { return ops.prod(this, axis, keepDim); }
  norm(this: Tensor, p?: number | 'fro' | null, axis?: Axis, keepDim?: boolean): Tensor { return ops.norm(this, p, axis, keepDim); }
  sort(this: Tensor, dim?: number, opts?: ops.SortOptions): ops.SortResult { return ops.sort(this, dim, opts); }
  argsort(this: Tensor, dim?: number, opts?: ops.SortOptions): Tensor { return ops.argsort(this, dim, opts); }
  topk(this: Tensor, k: number, opts?: { dim?: number; largest?: boolean; sorted?: boolean }): ops.SortResult { return ops.topk(this, k, opts); }

  // Pieces, flips, rolls and repeats (ops/pieces.ts).
  narrow(this: Tensor, dim: number, start: number, length: number): Tensor { return ops.narrow(this, dim, start, length); }
  select(this: Tensor, dim: number, index: number): Tensor { return ops.select(this, dim, index); }
  split(this: Tensor, sizeOrSizes: number | number[], dim?: number): Tensor[] { return ops.split(this, sizeOrSizes, dim); }
  chunk(this: Tensor, chunks: number, dim?: number): Tensor[] { return ops.chunk(this, chunks, dim); }
  flip(this: Tensor, dims: number | number[]): Tensor { return ops.flip(this, dims); }
  roll(this: Tensor, shifts: number | number[], dims?: number | number[]): Tensor { return ops.roll(this, shifts, dims); }
  repeat(this: Tensor, ...reps: number[] | [number[]]): Tensor { return ops.repeat(this, ...reps); }
  tile(this: Tensor, reps: number[]): Tensor { return ops.tile(this, reps); }

  // Linear algebra (ops/linalg.ts).
  matmul(this: Tensor, other: Tensor): Tensor { return ops.matmul(this, other); }

  // Printing (print.ts), as torch: tensor([[1.0000, 2.0000], ...], requiresGrad=true).
  toString(this: Tensor): string {
    if (this.disposed) return `tensor(<disposed>, shape=${formatShape(this.shape)})`;
    const suffix = this.node !== null ? `gradFn=<${this.node.name}>` : this.requiresGrad ? 'requiresGrad=true' : '';
    return formatTensor(this.toFloat32Array(), this.shape, suffix);
  }
  /** Node's console.log / util.inspect prints the values too. */
  [Symbol.for('nodejs.util.inspect.custom')](this: Tensor): string { return this.toString(); }

  // Autograd (autograd.ts).
  /** Accumulates d(this)/d(leaf) into every leaf's .grad (this must be a scalar unless grad is given). */
  backward(this: Tensor, grad?: Tensor | BackwardCallOptions, options?: BackwardCallOptions): void { backward(this, grad, options); }
  /** Keeps this computed tensor's gradient in .grad at the next backward (torch's retain_grad). */
  retainGrad(this: Tensor): Tensor { retainGrad(this); return this; }
  /** fn(grad) runs when this tensor's gradient is computed; a returned tensor replaces it. */
  registerHook(this: Tensor, fn: (grad: Tensor) => Tensor | void): { remove(): void } { return registerHook(this, fn); }

  // In place, for maintaining parameters (ops/inplace.ts): refused on a leaf that requires grad
  // while recording; a change to a tensor a live graph saved makes that graph's backward throw.
  add_(this: Tensor, other: TensorLike, opts?: { alpha?: number }): Tensor { return inplace.add_(this, other, opts); }
  sub_(this: Tensor, other: TensorLike, opts?: { alpha?: number }): Tensor { return inplace.sub_(this, other, opts); }
  mul_(this: Tensor, other: TensorLike): Tensor { return inplace.mul_(this, other); }
  div_(this: Tensor, other: TensorLike): Tensor { return inplace.div_(this, other); }
  clamp_(this: Tensor, min?: TensorLike | null, max?: TensorLike | null): Tensor { return inplace.clamp_(this, min, max); }
  fill_(this: Tensor, value: number): Tensor { return inplace.fill_(this, value); }
  zero_(this: Tensor): Tensor { return inplace.zero_(this); }
  copy_(this: Tensor, src: Tensor): Tensor { return inplace.copy_(this, src); }
  requiresGrad_(this: Tensor, requiresGrad?: boolean): Tensor { return inplace.requiresGrad_(this, requiresGrad); }
  /** A tensor sharing this one's storage, detached, whose in-place changes are not tracked (torch's .data). */
  get data(): Tensor { return inplace.dataOf(this as unknown as Tensor); }
}

function withOthers(first: Tensor, others: Tensor | Tensor[]): Tensor[] {
  return Array.isArray(others) ? [first, ...others] : [first, others];
}

declare module '../tensor.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-interface
  interface Tensor extends TensorMethods {}
}

for (const name of Reflect.ownKeys(TensorMethods.prototype)) {
  if (name === 'constructor') continue;
  Object.defineProperty(Tensor.prototype, name, Object.getOwnPropertyDescriptor(TensorMethods.prototype, name) as PropertyDescriptor);
}

export { Tensor };

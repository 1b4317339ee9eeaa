// Pooling (torch.nn.functional.max_pool1d/2d, avg_pool1d/2d, adaptive_avg_pool2d) over planes:
// [N, C, H, W] is P = N·C planes of H×W (1-D pooling: H = 1). Every backward rule is linear
// in the incoming gradient and recorded, with the forward-type kernel as its own derivative
// (max: scatter ↔ gather by the saved argmax; average: pooling ↔ its transpose), so
// gradients of gradients work.
import { Tensor, formatShape } from '../tensor.js';
import * as kernels from '../backend/index.js';
import { record } from '../autograd.js';
import { checkTensor, describe } from './util.js';
import { tuple } from './conv.js';

interface PoolGeometry {
  P: number; H: number; W: number; kh: number; kw: number;
  sh: number; sw: number; ph: number; pw: number; dh: number; dw: number; Ho: number; Wo: number;
}

/** torch's pooling output size, ceilMode included (the last window must start inside input or left padding). */
function pooledSize(size: number, k: number, s: number, p: number, d: number, ceilMode: boolean): number {
  const span = size + 2 * p - d * (k - 1) - 1;
  let out = Math.floor((span + (ceilMode ? s - 1 : 0)) / s) + 1;
  if (ceilMode && (out - 1) * s >= size + p) out--;
  return out;
}

interface Planes {
  x: Tensor; // [P, H, W] as a 4-D view [1, P, H, W] or the input itself
  outShape: (Ho: number, Wo: number) => number[];
  H: number; W: number; P: number;
}

function planesOf(x: Tensor, spatial: 1 | 2, op: string): Planes {
  const rank = spatial + 2;
  if (x.ndim !== rank && x.ndim !== rank - 1) {
    throw new Error(`${op}: input must be ${spatial === 1 ? '[N, C, L] or [C, L]' : '[N, C, H, W] or [C, H, W]'}, got ${formatShape(x.shape)}`);
  }
  const lead = x.shape.slice(0, x.ndim - spatial);
  const H = spatial === 1 ? 1 : x.shape[x.ndim - 2];
  const W = x.shape[x.ndim - 1];
  const P = lead.reduce((a, b) => a * b, 1);
  return { x, H, W, P, outShape: (Ho, Wo) => (spatial === 1 ? [...lead, Wo] : [...lead, Ho, Wo]) };
}

interface PoolOptions {
  stride?: number | number[] | null;
  padding?: number | number[];
  dilation?: number | number[];
  ceilMode?: boolean;
  countIncludePad?: boolean;
}

function poolGeometry(spatial: 1 | 2, op: string, x: Tensor, kernelSize: unknown, o: PoolOptions, withDilation: boolean): PoolGeometry & { planes: Planes; ceilMode: boolean } {
  const planes = planesOf(x, spatial, op);
  const lift = (v: number[], neutral: number): number[] => (spatial === 1 ? [neutral, v[0]] : v);
  const k = lift(tuple(kernelSize, spatial, op, 'kernelSize', 1), 1);
  const s = o.stride === undefined || o.stride === null ? k : lift(tuple(o.stride, spatial, op, 'stride', 1), 1);
  const p = lift(tuple(o.padding ?? 0, spatial, op, 'padding', 0), 0);
  const dl = withDilation ? lift(tuple(o.dilation ?? 1, spatial, op, 'dilation', 1), 1) : [1, 1];
  const ceilMode = o.ceilMode ?? false;
  if (typeof ceilMode !== 'boolean') throw new TypeError(`${op}: ceilMode must be a boolean, got ${describe(ceilMode)}`);
  for (let i = 0; i < 2; i++) {
    if (2 * p[i] > k[i]) throw new RangeError(`${op}: padding ${JSON.stringify(o.padding)} must be at most half the kernel size ${JSON.stringify(kernelSize)}`);
  }
  const Ho = pooledSize(planes.H, k[0], s[0], p[0], dl[0], ceilMode);
  const Wo = pooledSize(planes.W, k[1], s[1], p[1], dl[1], ceilMode);
  if (Ho < 1 || Wo < 1) {
    throw new RangeError(`${op}: input ${formatShape(x.shape)} is too small for kernel ${JSON.stringify(kernelSize)} (output would be ${Ho}×${Wo})`);
  }
  return { planes, ceilMode, P: planes.P, H: planes.H, W: planes.W, kh: k[0], kw: k[1], sh: s[0], sw: s[1], ph: p[0], pw: p[1], dh: dl[0], dw: dl[1], Ho, Wo };
}

// ---- max pooling ----

function maxPool(spatial: 1 | 2, op: string, input: unknown, kernelSize: unknown, opts: unknown, extra: number): Tensor {
  if (extra > 3) throw new TypeError(`${op}: expected at most 3 arguments (input, kernelSize, options), got ${extra}`);
  const x = checkTensor(input, op, 'input');
  const o = (opts ?? {}) as PoolOptions;
  const g = poolGeometry(spatial, op, x, kernelSize, o, true);
  const out = Tensor.empty(g.planes.outShape(g.Ho, g.Wo));
  const idx = Tensor.empty([out.size]); // argmax offsets, stored as int32 bits
  kernels.maxPool2dForward(x, out, idx, g);
  const plane = g.H * g.W;
  const L = g.Ho * g.Wo;
  const result = record(out, op, [x], (gy) => [maxPoolScatter(gy, idx, x.shape, g.P, plane, L)]);
  if (!result.requiresGrad) idx.dispose();
  return result;
}

/** dx [input shape] with g's values added at the saved argmax offsets. */
function maxPoolScatter(g: Tensor, idx: Tensor, shape: readonly number[], P: number, plane: number, L: number): Tensor {
  const dx = Tensor.empty(shape);
  kernels.maxPoolScatter(g, idx, dx, P, plane, L);
  return record(dx, 'maxPoolBackward', [g], (gg) => [maxPoolGather(gg, idx, g.shape, P, plane, L)]);
}

/** The values of x at the saved argmax offsets: the transpose of maxPoolScatter. */
function maxPoolGather(x: Tensor, idx: Tensor, shape: readonly number[], P: number, plane: number, L: number): Tensor {
  const out = Tensor.empty(shape);
  kernels.maxPoolGather(x, idx, out, P, plane, L);
  return record(out, 'maxPoolGather', [x], (gg) => [maxPoolScatter(gg, idx, x.shape, P, plane, L)]);
}

/** 2-D max pooling over [N, C, H, W] (or [C, H, W]); windows may be dilated. */
export function maxPool2d(input: Tensor, kernelSize: number | number[], opts: PoolOptions = {}): Tensor {
  return maxPool(2, 'maxPool2d', input, kernelSize, opts, arguments.length);
}

/** 1-D max pooling over [N, C, L] (or [C, L]). */
export function maxPool1d(input: Tensor, kernelSize: number | number[], opts: PoolOptions = {}): Tensor {
  return maxPool(1, 'maxPool1d', input, kernelSize, opts, arguments.length);
}

// ---- average pooling ----

function avgPool(spatial: 1 | 2, op: string, input: unknown, kernelSize: unknown, opts: unknown, extra: number): Tensor {
  if (extra > 3) throw new TypeError(`${op}: expected at most 3 arguments (input, kernelSize, options), got ${extra}`);
  const x = checkTensor(input, op, 'input');
  const o = (opts ?? {}) as PoolOptions;
  const includePad = o.countIncludePad ?? true;
  if (typeof includePad !== 'boolean') throw new TypeError(`${op}: countIncludePad must be a boolean, got ${describe(includePad)}`);
  const g = poolGeometry(spatial, op, x, kernelSize, o, false);
  return avgPoolForward(x, g, g.planes.outShape(g.Ho, g.Wo), includePad ? 1 : 0, op);
}

function avgPoolForward(x: Tensor, g: PoolGeometry, outShape: number[], includePad: number, op: string): Tensor {
  const out = Tensor.empty(outShape);
  kernels.avgPool2dForward(x, out, g, includePad === 1);
  return record(out, op, [x], (gy) => [avgPoolBackward(gy, g, x.shape, includePad, op)]);
}

function avgPoolBackward(gy: Tensor, g: PoolGeometry, inShape: readonly number[], includePad: number, op: string): Tensor {
  const dx = Tensor.empty(inShape);
  kernels.avgPool2dBackward(gy, dx, g, includePad === 1);
  return record(dx, `${op}Backward`, [gy], (gg) => [avgPoolForward(gg, g, gy.shape, includePad, op)]);
}

/** 2-D average pooling over [N, C, H, W] (or [C, H, W]), torch's divisors. */
export function avgPool2d(input: Tensor, kernelSize: number | number[], opts: PoolOptions = {}): Tensor {
  return avgPool(2, 'avgPool2d', input, kernelSize, opts, arguments.length);
}

/** 1-D average pooling over [N, C, L] (or [C, L]). */
export function avgPool1d(input: Tensor, kernelSize: number | number[], opts: PoolOptions = {}): Tensor {
  return avgPool(1, 'avgPool1d', input, kernelSize, opts, arguments.length);
}

// ---- adaptive average pooling ----

/** Averages [N, C, H, W] (or [C, H, W]) over windows chosen to give outputSize (a number, or [h, w]; null keeps a side). */
export function adaptiveAvgPool2d(input: Tensor, outputSize: number | (number | null)[]): Tensor {
  const op = 'adaptiveAvgPool2d';
  if (arguments.length > 2) throw new TypeError(`${op}: expected 2 arguments (input, outputSize), got ${arguments.length}`);
  const x = checkTensor(input, op, 'input');
  const planes = planesOf(x, 2, op);
  const sizes = Array.isArray(outputSize) ? outputSize.map((v, i) => (v === null ? [planes.H, planes.W][i] : v)) : outputSize;
  const [Ho, Wo] = tuple(sizes, 2, op, 'outputSize', 1);
  if (planes.H === 0 || planes.W === 0) throw new RangeError(`${op}: input ${formatShape(x.shape)} has an empty spatial dimension`);
  return adaptiveForward(x, planes.P, planes.H, planes.W, Ho, Wo, planes.outShape(Ho, Wo));
}

function adaptiveForward(x: Tensor, P: number, H: number, W: number, Ho: number, Wo: number, shape: number[]): Tensor {
  const out = Tensor.empty(shape);
  kernels.adaptiveAvgPool2dForward(x, out, P, H, W, Ho, Wo);
  return record(out, 'adaptiveAvgPool2d', [x], (g) => [adaptiveBackward(g, P, H, W, Ho, Wo, x.shape)]);
}

function adaptiveBackward(g: Tensor, P: number, H: number, W: number, Ho: number, Wo: number, shape: readonly number[]): Tensor {
  const dx = Tensor.empty(shape);
  kernels.adaptiveAvgPool2dBackward(g, dx, P, H, W, Ho, Wo);
  return record(dx, 'adaptiveAvgPool2dBackward', [g], (gg) => [adaptiveForward(gg, P, H, W, Ho, Wo, g.shape)]);
}

// Normalisation (torch.nn.functional.batch_norm, layer_norm, group_norm).
//
// Forward: one kernel for the statistics (float64, two-pass variance), one for the affine map
// y = x·scale + shift. Backward, first order: one kernel for the per-plane sums Σg and
// Σg·(x - mean) (float64), one for dx = g·a + x·b + k; the per-channel coefficients in between
// are plain IEEE arithmetic on a few numbers. When the backward itself is recorded (createGraph),
// the same formula is built from differentiable ops instead, so second derivatives are exact:
//   x̂ = (x - μ)·σ⁻¹,  dx = σ⁻¹·(ĝ - mean(ĝ) - x̂·mean(ĝ·x̂)) with ĝ = g·w,  dw = Σ g·x̂,  db = Σ g.
import { Tensor, formatShape, fromFloat32, isGradEnabled } from '../tensor.js';
import * as kernels from '../backend/index.js';
import { record } from '../autograd.js';
import { checkTensor, describe } from './util.js';

function checkEps(eps: unknown, op: string): number {
  if (typeof eps !== 'number' || !(eps >= 0) || !Number.isFinite(eps)) throw new RangeError(`${op}: eps must be a finite number ≥ 0, got ${describe(eps)}`);
  return eps;
}

function checkParam(t: unknown, shape: readonly number[], op: string, arg: string): Tensor | null {
  if (t === undefined || t === null) return null;
  const p = checkTensor(t, op, arg);
  if (p.ndim !== shape.length || p.shape.some((v, i) => v !== shape[i])) {
    throw new Error(`${op}: ${arg} ${formatShape(p.shape)} must be ${formatShape(shape)}`);
  }
  return p;
}

/**
 * The differentiable (composed) normalisation gradient over `axes` of x, for createGraph. With
 * given statistics (eval mode: mean and standard deviation sd) they are constants.
 */
function composedNormGrads(x: Tensor, g: Tensor, w: Tensor | null, axes: number[], eps: number,
  mean: Tensor | null, sd: Tensor | null): { dx: Tensor; xhat: Tensor } {
  const mu = mean ?? x.mean(axes, true);
  const xc = x.sub(mu);
  const std = sd ?? xc.square().mean(axes, true).add(eps).sqrt();
  const xhat = xc.div(std);
  const gw = w === null ? g : g.mul(w);
  const dx = mean !== null
    ? gw.div(std)
    : gw.sub(gw.mean(axes, true)).sub(xhat.mul(gw.mul(xhat).mean(axes, true))).div(std);
  return { dx, xhat };
}

/** Which inputs of a normalisation want a gradient, and the gradients its backward returns. */
interface Wants {
  x: boolean;
  w: boolean;
  b: boolean;
}

interface NormGrads {
  dx: Tensor | null;
  dw: Tensor | null;
  db: Tensor | null;
}

/** Records a normalisation over inputs [x, weight?, bias?] with one backward for all three. */
function recordNorm(out: Tensor, op: string, x: Tensor, w: Tensor | null, b: Tensor | null,
  backward: (g: Tensor, want: Wants) => NormGrads): Tensor {
  const inputs = [x, ...(w === null ? [] : [w]), ...(b === null ? [] : [b])];
  return record(out, op, inputs, (g) => {
    const r = backward(g, { x: x.requiresGrad, w: w !== null && w.requiresGrad, b: b !== null && b.requiresGrad });
    return [r.dx, ...(w === null ? [] : [r.dw]), ...(b === null ? [] : [r.db])];
  });
}

// ---- batch norm ----

export interface BatchNormOptions {
  weight?: Tensor | null;
  bias?: Tensor | null;
  training?: boolean;
  momentum?: number;
  eps?: number;
}

/**
 * Batch normalisation over the channel axis 1 of x [N, C, ...]. In training, normalises with
 * the batch statistics and, when running tensors are given, updates them in place:
 * running = (1 - momentum)·running + momentum·batch, the variance unbiased (N·L/(N·L - 1)),
 * as torch. Otherwise normalises with the running statistics.
 */
export function batchNorm(input: Tensor, runningMean: Tensor | null, runningVar: Tensor | null, opts: BatchNormOptions = {}): Tensor {
  const op = 'batchNorm';
  if (arguments.length > 4) throw new TypeError(`${op}: expected at most 4 arguments (input, runningMean, runningVar, options), got ${arguments.length}`);
  const x = checkTensor(input, op, 'input');
  const o = (opts ?? {}) as BatchNormOptions;
  if (x.ndim < 2) throw new Error(`${op}: input must be [N, C, ...], got ${formatShape(x.shape)}`);
  const C = x.shape[1];
  const N = x.shape[0];
  const L = x.size / Math.max(N * C, 1);
  const rm = checkParam(runningMean, [C], op, 'runningMean');
  const rv = checkParam(runningVar, [C], op, 'runningVar');
  const w = checkParam(o.weight, [C], op, 'weight');
  const b = checkParam(o.bias, [C], op, 'bias');
  const training = o.training ?? false;
  if (typeof training !== 'boolean') throw new TypeError(`${op}: training must be a boolean, got ${describe(training)}`);
  // null is refused as torch's F.batch_norm does: the cumulative average (momentum None) needs the
  // count of batches that only BatchNorm modules keep.
  const momentum = o.momentum === undefined ? 0.1 : o.momentum;
  if (typeof momentum !== 'number' || !Number.isFinite(momentum)) throw new RangeError(`${op}: momentum must be a finite number, got ${describe(momentum)}${momentum === null ? ' (a cumulative average, momentum null, is what the BatchNorm modules do with their numBatchesTracked)' : ''}`);
  const eps = checkEps(o.eps ?? 1e-5, op);
  if ((rm === null) !== (rv === null)) throw new Error(`${op}: give both runningMean and runningVar, or neither`);
  if (!training && rm === null) throw new Error(`${op}: evaluation mode (training false) needs runningMean and runningVar`);
  if (training && N * L <= 1) throw new Error(`${op}: expected more than 1 value per channel when training, got input ${formatShape(x.shape)}`);
  const axes = x.shape.map((_, i) => i).filter((i) => i !== 1);
  const affineShape = x.shape.map((d, i) => (i === 1 ? d : 1));

  // Statistics (as doubles for the coefficient arithmetic).
  const mean = new Float64Array(C);
  const variance = new Float64Array(C);
  if (training) {
    const stats = kernels.channelMeanVar(x, N, C, L);
    mean.set(stats.mean);
    variance.set(stats.variance);
    if (rm !== null && rv !== null) updateRunning(rm, rv, mean, variance, momentum, N * L);
  } else {
    mean.set((rm as Tensor).toFloat32Array());
    variance.set((rv as Tensor).toFloat32Array());
  }
  const inv = variance.map((v) => 1 / Math.sqrt(v + eps));
  const wv = w === null ? null : w.toFloat32Array();
  const bv = b === null ? null : b.toFloat32Array();
  const scale = Float32Array.from(inv, (s, c) => s * (wv === null ? 1 : wv[c]));
  const shift = Float32Array.from(scale, (a, c) => (bv === null ? 0 : bv[c]) - mean[c] * a);
  const out = planeAffineOf(x, scale, shift, N, C, L);

  return recordNorm(out, op, x, w, b, (g, want) => {
    let dx: Tensor | null = null;
    let dw: Tensor | null = null;
    let db: Tensor | null = null;
    if (isGradEnabled() || !training) {
      const statMean = training ? null : fromFloat32(mean, affineShape);
      const statSd = training ? null : fromFloat32(variance.map((v) => Math.sqrt(v + eps)), affineShape);
      const wb = w === null ? null : w.reshape(affineShape);
      const { dx: gx, xhat } = composedNormGrads(x, g, wb, axes, eps, statMean, statSd);
      dx = want.x ? gx : null;
      dw = want.w ? g.mul(xhat).sum(axes) : null;
      db = want.b ? g.sum(axes) : null;
    } else {
      const sums = planeSums(g, x, Float32Array.from({ length: N * C }, (_, p) => mean[p % C]), N * C, L);
      const SG = new Float64Array(C);
      const SGX = new Float64Array(C);
      for (let p = 0; p < N * C; p++) {
        SG[p % C] += sums.g[p];
        SGX[p % C] += sums.gx[p];
      }
      const M = N * L;
      if (want.x) {
        const a = new Float32Array(C), bb = new Float32Array(C), k = new Float32Array(C);
        for (let c = 0; c < C; c++) {
          const wc = wv === null ? 1 : wv[c];
          const s = inv[c];
          a[c] = wc * s;
          bb[c] = (-wc * s * s * s * SGX[c]) / M;
          k[c] = (-wc * s * SG[c]) / M - mean[c] * bb[c];
        }
        dx = planeLinearOf(g, x, a, bb, k, N, C, L);
      }
      if (want.w) dw = fromFloat32(Float32Array.from(SGX, (v, c) => v * inv[c]), [C]);
      if (want.b) db = fromFloat32(Float32Array.from(SG), [C]);
    }
    return { dx, dw, db };
  });
}

function updateRunning(rm: Tensor, rv: Tensor, mean: Float64Array, variance: Float64Array, momentum: number, count: number): void {
  const m = rm.toFloat32Array();
  const v = rv.toFloat32Array();
  const unbias = count / (count - 1);
  for (let c = 0; c < m.length; c++) {
    m[c] = momentum * mean[c] + (1 - momentum) * m[c];
    v[c] = momentum * variance[c] * unbias + (1 - momentum) * v[c];
  }
  kernels.writeFloats(rm, m);
  kernels.writeFloats(rv, v);
}

/** y = x·scale[c] + shift[c] over [N, C, L] (one kernel call). */
function planeAffineOf(x: Tensor, scale: Float32Array, shift: Float32Array, N: number, C: number, L: number): Tensor {
  const out = Tensor.empty(x.shape);
  kernels.planeAffine(x, scale, shift, out, N, C, L);
  return out;
}

/** g·a[c] + x·b[c] + k[c] over [N, C, L] (one kernel call). */
function planeLinearOf(g: Tensor, x: Tensor, a: Float32Array, b: Float32Array, k: Float32Array, N: number, C: number, L: number): Tensor {
  const out = Tensor.empty(x.shape);
  kernels.planeLinear2(g, x, a, b, k, out, N, C, L);
  return out;
}

/** Per plane p of [P, L]: Σ g and Σ g·(x - shift[p]), in float64. */
function planeSums(g: Tensor, x: Tensor, shift: Float32Array, P: number, L: number): { g: Float64Array; gx: Float64Array } {
  return kernels.planeGradSums(g, x, shift, P, L);
}

// ---- group norm ----

/** Group normalisation of x [N, C, ...] over groups of C/numGroups channels, affine per channel. */
export function groupNorm(input: Tensor, numGroups: number, weight?: Tensor | null, bias?: Tensor | null, eps = 1e-5): Tensor {
  const op = 'groupNorm';
  if (arguments.length > 5) throw new TypeError(`${op}: expected at most 5 arguments (input, numGroups, weight, bias, eps), got ${arguments.length}`);
  const x = checkTensor(input, op, 'input');
  if (x.ndim < 2) throw new Error(`${op}: input must be [N, C, ...], got ${formatShape(x.shape)}`);
  const [N, C] = x.shape;
  if (typeof numGroups !== 'number' || !Number.isInteger(numGroups) || numGroups < 1 || C % numGroups !== 0) {
    throw new RangeError(`${op}: numGroups must be a positive integer dividing the ${C} channels, got ${describe(numGroups)}`);
  }
  const w = checkParam(weight, [C], op, 'weight');
  const b = checkParam(bias, [C], op, 'bias');
  checkEps(eps, op);
  const G = numGroups;
  const Cg = C / G;
  const L = x.size / Math.max(N * C, 1);
  const D = Cg * L;
  const stats = rowStats(x, N * G, D, eps);
  stats.meanT.dispose();
  stats.invT.dispose();
  const wv = w === null ? null : w.toFloat32Array();
  const bv = b === null ? null : b.toFloat32Array();
  const planeMean = new Float32Array(N * C);
  const planeInv = new Float32Array(N * C);
  for (let p = 0; p < N * C; p++) {
    const r = Math.floor(p / Cg); // (n, group) row
    planeMean[p] = stats.mean[r];
    planeInv[p] = stats.inv[r];
  }
  const scale = Float32Array.from(planeInv, (s, p) => s * (wv === null ? 1 : wv[p % C]));
  const shift = Float32Array.from(scale, (a, p) => (bv === null ? 0 : bv[p % C]) - planeMean[p] * a);
  const out = planeAffineOf(x, scale, shift, 1, N * C, L);

  return recordNorm(out, op, x, w, b, (g, want) => {
    let dx: Tensor | null = null;
    let dw: Tensor | null = null;
    let db: Tensor | null = null;
    const chanAxes = x.shape.map((_, i) => i).filter((i) => i !== 1);
    if (isGradEnabled()) {
      const affineShape = x.shape.map((d, i) => (i === 1 ? d : 1));
      const grouped = [N, G, D];
      const gw = w === null ? g : g.mul(w.reshape(affineShape));
      const { dx: gx, xhat } = composedNormGrads(x.reshape(grouped), gw.reshape(grouped), null, [2], eps, null, null);
      dx = want.x ? gx.reshape(x.shape as number[]) : null;
      dw = want.w ? g.mul(xhat.reshape(x.shape as number[])).sum(chanAxes) : null;
      db = want.b ? g.sum(chanAxes) : null;
    } else {
      const sums = planeSums(g, x, planeMean, N * C, L);
      const S1 = new Float64Array(N * G);
      const S2 = new Float64Array(N * G);
      for (let p = 0; p < N * C; p++) {
        const wc = wv === null ? 1 : wv[p % C];
        const r = Math.floor(p / Cg);
        S1[r] += wc * sums.g[p];
        S2[r] += wc * sums.gx[p];
      }
      if (want.x) {
        const a = new Float32Array(N * C), bb = new Float32Array(N * C), k = new Float32Array(N * C);
        for (let p = 0; p < N * C; p++) {
          const r = Math.floor(p / Cg);
          const s = planeInv[p];
          a[p] = (wv === null ? 1 : wv[p % C]) * s;
          bb[p] = (-s * s * s * S2[r]) / D;
          k[p] = (-s * S1[r]) / D - planeMean[p] * bb[p];
        }
        dx = planeLinearOf(g, x, a, bb, k, 1, N * C, L);
      }
      const dwv = new Float64Array(C);
      const dbv = new Float64Array(C);
      for (let p = 0; p < N * C; p++) {
        dwv[p % C] += planeInv[p] * sums.gx[p];
        dbv[p % C] += sums.g[p];
      }
      if (want.w) dw = fromFloat32(Float32Array.from(dwv), [C]);
      if (want.b) db = fromFloat32(Float32Array.from(dbv), [C]);
    }
    return { dx, dw, db };
  });
}

/** Mean and 1/√(var + eps) of each row of x viewed as [R, D] (one kernel call). */
function rowStats(x: Tensor, R: number, D: number, eps: number): { mean: Float32Array; inv: Float32Array; meanT: Tensor; invT: Tensor } {
  const meanT = Tensor.empty([R]);
  const invT = Tensor.empty([R]);
  kernels.rowMeanInvStd(x, meanT, invT, R, D, eps);
  return { mean: meanT.toFloat32Array(), inv: invT.toFloat32Array(), meanT, invT };
}

// ---- layer norm ----

/** Layer normalisation over the trailing dimensions normalizedShape, affine per element. */
export function layerNorm(input: Tensor, normalizedShape: number | number[], weight?: Tensor | null, bias?: Tensor | null, eps = 1e-5): Tensor {
  const op = 'layerNorm';
  if (arguments.length > 5) throw new TypeError(`${op}: expected at most 5 arguments (input, normalizedShape, weight, bias, eps), got ${arguments.length}`);
  const x = checkTensor(input, op, 'input');
  const shape = typeof normalizedShape === 'number' ? [normalizedShape] : normalizedShape;
  if (!Array.isArray(shape) || shape.length === 0 || !shape.every((v) => Number.isInteger(v) && v >= 1)) {
    throw new RangeError(`${op}: normalizedShape must be a positive integer or a non-empty array of them, got ${describe(normalizedShape)}`);
  }
  const tail = x.shape.slice(x.ndim - shape.length);
  if (x.ndim < shape.length || tail.some((v, i) => v !== shape[i])) {
    throw new Error(`${op}: input ${formatShape(x.shape)} does not end with normalizedShape ${formatShape(shape)}`);
  }
  const w = checkParam(weight, shape, op, 'weight');
  const b = checkParam(bias, shape, op, 'bias');
  checkEps(eps, op);
  const D = shape.reduce((p, v) => p * v, 1);
  const R = x.size / D;
  const stats = rowStats(x, R, D, eps);
  const out = Tensor.empty(x.shape);
  kernels.layerNormForward(x, stats.meanT, stats.invT, w, b, out, R, D);
  const result = recordNorm(out, op, x, w, b, (g, want) => {
    const lead = x.shape.map((_, i) => i).slice(0, x.ndim - shape.length);
    const axes = x.shape.map((_, i) => i).slice(x.ndim - shape.length);
    if (isGradEnabled()) {
      const { dx, xhat } = composedNormGrads(x, g, w, axes, eps, null, null);
      return { dx: want.x ? dx : null, dw: want.w ? g.mul(xhat).sum(lead) : null, db: want.b ? g.sum(lead) : null };
    }
    let dx: Tensor | null = null;
    if (want.x) {
      dx = Tensor.empty(x.shape);
      kernels.layerNormBackward(g, x, stats.meanT, stats.invT, w, dx, R, D);
    }
    let dw: Tensor | null = null;
    let db: Tensor | null = null;
    if (want.w || want.b) {
      dw = want.w ? Tensor.empty(shape) : null;
      db = want.b ? Tensor.empty(shape) : null;
      kernels.layerNormParamGrads(g, x, stats.meanT, stats.invT, dw, db, R, D);
    }
    return { dx, dw, db };
  });
  if (!result.requiresGrad) {
    stats.meanT.dispose();
    stats.invT.dispose();
  }
  return result;
}

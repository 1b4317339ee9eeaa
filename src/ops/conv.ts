// Convolutions (torch.nn.functional.conv1d / conv2d / conv_transpose2d) over NCHW tensors.
//
// Three recorded ops form a family closed under differentiation, so gradients of gradients
// work to any order (createGraph):
//   y  = convForward(x, w)          dx = convInputGrad(gy, w)    dw = convWeightGrad(x, gy)
//   dx = convInputGrad(g, w)        dg = convForward(gdx, w)     dw = convWeightGrad(gdx, g)
//   dw = convWeightGrad(x, g)       dx = convInputGrad(g, gdw)   dg = convForward(x, gdw)
// (each is bilinear, so its partial derivatives are the other two with an argument swapped).
// convTranspose2d is convInputGrad with the roles of input and output exchanged; conv1d is
// conv2d over images one row high.
import { Tensor, formatShape, isGradEnabled } from '../tensor.js';
import * as kernels from '../backend/index.js';
import { record } from '../autograd.js';
import { checkTensor, describe } from './util.js';

/** Everything the kernels need to know about one convolution (2-D; 1-D has H = 1). @internal */
export type ConvGeometry = kernels.ConvShape;

/** The convolution y [N, O, Ho, Wo] of x [N, C, H, W] with w [O, C/groups, kh, kw] (+ bias [O]). @internal */
export function convForward(x: Tensor, w: Tensor, bias: Tensor | null, geo: ConvGeometry): Tensor {
  const out = Tensor.empty([geo.N, geo.O, geo.Ho, geo.Wo]);
  kernels.conv2dForward(x, w, bias, out, geo);
  const inputs = bias === null ? [x, w] : [x, w, bias];
  return record(out, 'conv2d', inputs, (g) => [
    x.requiresGrad ? convInputGrad(g, w, geo) : null,
    w.requiresGrad ? convWeightGrad(x, g, geo) : null,
    ...(bias === null ? [] : [bias.requiresGrad ? channelSum(g) : null]),
  ]);
}

/** The gradient of convForward with respect to x: [N, C, H, W] from g [N, O, Ho, Wo] and w. @internal */
export function convInputGrad(g: Tensor, w: Tensor, geo: ConvGeometry): Tensor {
  const out = Tensor.empty([geo.N, geo.C, geo.H, geo.W]);
  kernels.conv2dInputGrad(g, w, out, geo);
  return record(out, 'convInputGrad', [g, w], (gg) => [
    g.requiresGrad ? convForward(gg, w, null, geo) : null,
    w.requiresGrad ? convWeightGrad(gg, g, geo) : null,
  ]);
}

/** The gradient of convForward with respect to w: [O, C/groups, kh, kw] from x and g. @internal */
export function convWeightGrad(x: Tensor, g: Tensor, geo: ConvGeometry): Tensor {
  const out = Tensor.empty([geo.O, geo.C / geo.groups, geo.kh, geo.kw]);
  kernels.conv2dWeightGrad(x, g, out, geo);
  return record(out, 'convWeightGrad', [x, g], (gw) => [
    x.requiresGrad ? convInputGrad(g, gw, geo) : null,
    g.requiresGrad ? convForward(x, gw, null, geo) : null,
  ]);
}

/** Σ over n, h, w of g [N, C, H, W] → [C]: the bias gradient (composed when recording). */
function channelSum(g: Tensor): Tensor {
  if (isGradEnabled()) return g.sum([0, 2, 3]);
  const out = Tensor.empty([g.shape[1]]);
  kernels.channelSums(g, out, g.shape[0], g.shape[1], g.shape[2] * g.shape[3]);
  return out;
}

// ---- argument handling ----

export type Pair = number | [number, number];
export type ConvPadding = number | number[] | 'same' | 'valid';

export interface ConvOptions {
  stride?: number | number[];
  padding?: ConvPadding;
  dilation?: number | number[];
  groups?: number;
}

export interface ConvTransposeOptions {
  stride?: number | number[];
  padding?: number | number[];
  outputPadding?: number | number[];
  dilation?: number | number[];
  groups?: number;
}

/** A size-`dims` tuple from a number or an array (torch's _pair / _single). */
export function tuple(value: unknown, dims: number, op: string, arg: string, min: number): number[] {
  const list = typeof value === 'number' ? new Array<number>(dims).fill(value) : value;
  if (!Array.isArray(list) || list.length !== dims || !list.every((v) => Number.isInteger(v) && v >= min)) {
    const what = dims === 1 ? 'an integer' : `an integer or ${dims} integers`;
    throw new RangeError(`${op}: ${arg} must be ${what} ≥ ${min}, got ${describe(value)}${Array.isArray(value) ? ` ${JSON.stringify(value)}` : ''}`);
  }
  return list as number[];
}

function checkGroups(groups: unknown, C: number, O: number, op: string, inName: string, outName: string): number {
  if (typeof groups !== 'number' || !Number.isInteger(groups) || groups < 1) {
    throw new RangeError(`${op}: groups must be a positive integer, got ${describe(groups)}`);
  }
  if (C % groups !== 0) throw new RangeError(`${op}: ${inName} ${C} is not divisible by groups ${groups}`);
  if (O % groups !== 0) throw new RangeError(`${op}: ${outName} ${O} is not divisible by groups ${groups}`);
  return groups;
}

function checkBias(bias: unknown, channels: number, op: string): Tensor | null {
  if (bias === undefined || bias === null) return null;
  const b = checkTensor(bias, op, 'bias');
  if (b.ndim !== 1 || b.shape[0] !== channels) {
    throw new Error(`${op}: bias ${formatShape(b.shape)} must be [${channels}] (one per output channel)`);
  }
  return b;
}

/** x as [N, C, H, W] with `spatial` trailing dims (1 or 2), accepting torch's unbatched form. */
function batchedInput(x: Tensor, spatial: number, op: string): { x4: Tensor; unbatched: boolean } {
  const rank = spatial + 2;
  if (x.ndim !== rank && x.ndim !== rank - 1) {
    const form = spatial === 1 ? '[N, C, L] or [C, L]' : '[N, C, H, W] or [C, H, W]';
    throw new Error(`${op}: input must be ${form}, got ${formatShape(x.shape)}`);
  }
  const full = x.ndim === rank ? x.shape : [1, ...x.shape];
  const shape4 = spatial === 1 ? [full[0], full[1], 1, full[2]] : full;
  return { x4: x.ndim === 4 ? x : x.reshape(shape4), unbatched: x.ndim === rank - 1 };
}

function convOutputSize(size: number, k: number, s: number, pBegin: number, pEnd: number, d: number): number {
  return Math.floor((size + pBegin + pEnd - d * (k - 1) - 1) / s) + 1;
}

function convolution(spatial: 1 | 2, op: string, input: unknown, weight: unknown, bias: unknown, opts: unknown): Tensor {
  const x = checkTensor(input, op, 'input');
  const w = checkTensor(weight, op, 'weight');
  const o = (opts ?? {}) as ConvOptions;
  if (w.ndim !== spatial + 2) {
    throw new Error(`${op}: weight must be [out, in/groups, ${spatial === 1 ? 'k' : 'kh, kw'}], got ${formatShape(w.shape)}`);
  }
  const { x4, unbatched } = batchedInput(x, spatial, op);
  const [N, C, H, W] = x4.shape;
  const O = w.shape[0];
  const k = spatial === 1 ? [1, w.shape[2]] : [w.shape[2], w.shape[3]];
  const groups = checkGroups(o.groups ?? 1, C, O, op, 'input channels', 'weight out channels');
  if (w.shape[1] * groups !== C) {
    throw new Error(`${op}: input ${formatShape(x.shape)} has ${C} channels, weight ${formatShape(w.shape)} with groups ${groups} expects ${w.shape[1] * groups}`);
  }
  const b = checkBias(bias, O, op);
  // 1-D is 2-D over one row: the row axis gets stride 1, dilation 1, padding 0.
  const lift = (v: number[], neutral: number): number[] => (spatial === 1 ? [neutral, v[0]] : v);
  const stride = lift(tuple(o.stride ?? 1, spatial, op, 'stride', 1), 1);
  const dilation = lift(tuple(o.dilation ?? 1, spatial, op, 'dilation', 1), 1);
  const padding = o.padding ?? 0;
  let begin: number[];
  let end: number[];
  if (padding === 'same') {
    if (stride[0] !== 1 || stride[1] !== 1) throw new RangeError(`${op}: padding 'same' needs stride 1, got stride ${JSON.stringify(o.stride)}`);
    const total = [dilation[0] * (k[0] - 1), dilation[1] * (k[1] - 1)];
    begin = total.map((t) => Math.floor(t / 2)); // torch puts the odd extra row/column at the end
    end = total.map((t, i) => t - begin[i]);
  } else if (padding === 'valid') {
    begin = [0, 0];
    end = [0, 0];
  } else {
    if (typeof padding === 'string') throw new RangeError(`${op}: padding must be 'same', 'valid' or integers, got '${padding}'`);
    begin = lift(tuple(padding, spatial, op, 'padding', 0), 0);
    end = begin;
  }
  const Ho = convOutputSize(H, k[0], stride[0], begin[0], end[0], dilation[0]);
  const Wo = convOutputSize(W, k[1], stride[1], begin[1], end[1], dilation[1]);
  if (Ho < 1 || Wo < 1) {
    throw new RangeError(`${op}: input ${formatShape(x.shape)} is smaller than the (dilated) kernel ${formatShape(w.shape)} with this padding: output would be ${spatial === 1 ? Wo : `${Ho}×${Wo}`}`);
  }
  const geo: ConvGeometry = {
    N, C, H, W, O, kh: k[0], kw: k[1], groups,
    sh: stride[0], sw: stride[1], ph: begin[0], pw: begin[1], dh: dilation[0], dw: dilation[1], Ho, Wo,
  };
  const w4 = spatial === 1 ? w.reshape([O, w.shape[1], 1, w.shape[2]]) : w;
  const y = convForward(x4, w4, b, geo);
  const shape = spatial === 1 ? [N, O, Wo] : [N, O, Ho, Wo];
  return finish(y, unbatched ? shape.slice(1) : shape, [x4 === x ? null : x4, w4 === w ? null : w4]);
}

/** Reshapes the 4-D result to the caller's rank, freeing the views made on the way when nothing was recorded. */
function finish(y: Tensor, shape: number[], views: (Tensor | null)[]): Tensor {
  if (shape.length === 4) return y;
  const out = y.reshape(shape);
  if (!out.requiresGrad) {
    y.dispose();
    for (const v of views) v?.dispose();
  }
  return out;
}

/** 2-D convolution: input [N, C, H, W] (or [C, H, W]), weight [O, C/groups, kh, kw], bias [O]. */
export function conv2d(input: Tensor, weight: Tensor, bias?: Tensor | null, opts: ConvOptions = {}): Tensor {
  if (arguments.length > 4) throw new TypeError(`conv2d: expected at most 4 arguments (input, weight, bias, options), got ${arguments.length}`);
  return convolution(2, 'conv2d', input, weight, bias, opts);
}

/** 1-D convolution: input [N, C, L] (or [C, L]), weight [O, C/groups, k], bias [O]. */
export function conv1d(input: Tensor, weight: Tensor, bias?: Tensor | null, opts: ConvOptions = {}): Tensor {
  if (arguments.length > 4) throw new TypeError(`conv1d: expected at most 4 arguments (input, weight, bias, options), got ${arguments.length}`);
  return convolution(1, 'conv1d', input, weight, bias, opts);
}

/**
 * Transposed 2-D convolution (the gradient of conv2d with respect to its input): input
 * [N, Cin, H, W], weight [Cin, Cout/groups, kh, kw] (torch's layout), bias [Cout]; output
 * size (H - 1)·stride - 2·padding + dilation·(kh - 1) + outputPadding + 1.
 */
export function convTranspose2d(input: Tensor, weight: Tensor, bias?: Tensor | null, opts: ConvTransposeOptions = {}): Tensor {
  const op = 'convTranspose2d';
  if (arguments.length > 4) throw new TypeError(`${op}: expected at most 4 arguments (input, weight, bias, options), got ${arguments.length}`);
  const x = checkTensor(input, op, 'input');
  const w = checkTensor(weight, op, 'weight');
  const o = (opts ?? {}) as ConvTransposeOptions;
  if (w.ndim !== 4) throw new Error(`${op}: weight must be [in, out/groups, kh, kw], got ${formatShape(w.shape)}`);
  const { x4, unbatched } = batchedInput(x, 2, op);
  const [N, Cin, H, W] = x4.shape;
  if (w.shape[0] !== Cin) throw new Error(`${op}: input ${formatShape(x.shape)} has ${Cin} channels, weight ${formatShape(w.shape)} expects ${w.shape[0]}`);
  const groups = checkGroups(o.groups ?? 1, Cin, Cin, op, 'input channels', 'input channels');
  const Cout = w.shape[1] * groups;
  const b = checkBias(bias, Cout, op);
  const stride = tuple(o.stride ?? 1, 2, op, 'stride', 1);
  const padding = tuple(o.padding ?? 0, 2, op, 'padding', 0);
  const dilation = tuple(o.dilation ?? 1, 2, op, 'dilation', 1);
  const outputPadding = tuple(o.outputPadding ?? 0, 2, op, 'outputPadding', 0);
  outputPadding.forEach((p, i) => {
    if (p >= stride[i] && p >= dilation[i]) {
      throw new RangeError(`${op}: outputPadding ${JSON.stringify(o.outputPadding)} must be smaller than stride or dilation`);
    }
  });
  const [kh, kw] = [w.shape[2], w.shape[3]];
  const Hout = (H - 1) * stride[0] - 2 * padding[0] + dilation[0] * (kh - 1) + outputPadding[0] + 1;
  const Wout = (W - 1) * stride[1] - 2 * padding[1] + dilation[1] * (kw - 1) + outputPadding[1] + 1;
  if (Hout < 1 || Wout < 1) throw new RangeError(`${op}: output would be ${Hout}×${Wout} for input ${formatShape(x.shape)}`);
  // The convolution whose input gradient this is: its input is our output and vice versa.
  const geo: ConvGeometry = {
    N, C: Cout, H: Hout, W: Wout, O: Cin, kh, kw, groups,
    sh: stride[0], sw: stride[1], ph: padding[0], pw: padding[1], dh: dilation[0], dw: dilation[1], Ho: H, Wo: W,
  };
  let y = convInputGrad(x4, w, geo);
  if (b !== null) {
    const b4 = b.reshape([1, Cout, 1, 1]);
    const sum = y.add(b4);
    if (!sum.requiresGrad) {
      y.dispose();
      b4.dispose();
    }
    y = sum;
  }
  return finish(y, unbatched ? [Cout, Hout, Wout] : [N, Cout, Hout, Wout], [x4 === x ? null : x4]);
}

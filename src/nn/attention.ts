// Attention: scaledDotProductAttention (torch 2.x's F.scaled_dot_product_attention) and
// nn.MultiheadAttention (torch 1.13's, with its parameter names, init, masks and shapes).
//
// Both run the same core: scores = q·kᵀ as one batched product, then the fused masked softmax
// (scale, additive mask and the causal pattern in one kernel pass; src/ops/attention.ts), dropout
// on the weights from a seeded generator, then weights·v.
//
// Masks. There is no boolean dtype, so a boolean mask is a nested JavaScript array of booleans;
// a float mask is a Tensor that is added to the scores (−Infinity removes an entry). torch's two
// boolean conventions are kept: in scaledDotProductAttention `true` means "takes part"; in
// MultiheadAttention's attnMask and keyPaddingMask `true` means "is masked out".
import { Tensor, formatShape, fromFloat32 } from '../tensor.js';
import { Generator, defaultGenerator, fillUniform } from '../random.js';
import { checkTensor, describe } from '../ops/util.js';
import { matmul, matmulTransposedB } from '../ops/linalg.js';
import { maskedSoftmax } from '../ops/attention.js';
import { disposeUnlessRecorded } from './graph.js';
import { boolOption, positive, probability } from './checks.js';
import { dropoutWith, linear } from './functional.js';
import { Module } from './module.js';
import { Linear } from './layers.js';

/** A float (additive) mask, or a boolean one as nested arrays of booleans. */
export type AttentionMask = Tensor | boolean[] | boolean[][] | boolean[][][] | boolean[][][][];

/**
 * The additive form of a mask: a Tensor as given, a boolean array as 0 / −Infinity, where
 * `masked` is the boolean value that removes an entry. Returns [mask, owned].
 */
export function additiveMask(value: unknown, masked: boolean, op: string, arg: string): [Tensor | null, boolean] {
  if (value === undefined || value === null) return [null, false];
  if (value instanceof Tensor) return [checkTensor(value, op, arg), false];
  if (!Array.isArray(value)) {
    throw new TypeError(`${op}: ${arg} must be a Tensor (added to the scores) or nested arrays of booleans, got ${describe(value)}`);
  }
  const shape: number[] = [];
  for (let v: unknown = value; Array.isArray(v); v = v[0]) shape.push(v.length);
  const data = new Float32Array(shape.reduce((p, d) => p * d, 1));
  let at = 0;
  const stack: [unknown[], number][] = [[value, 0]];
  const order: unknown[] = [];
  while (stack.length > 0) {
    const [a, dim] = stack.pop() as [unknown[], number];
    if (!Array.isArray(a) || a.length !== shape[dim]) {
      throw new TypeError(`${op}: ${arg} is not a rectangular array of booleans of shape ${formatShape(shape)}`);
    }
    if (dim === shape.length - 1) order.push(...a);
    else for (let i = a.length - 1; i >= 0; i--) stack.push([a[i] as unknown[], dim + 1]);
  }
  for (const b of order) {
    if (typeof b !== 'boolean') throw new TypeError(`${op}: ${arg} must hold booleans only, got ${describe(b)}`);
    data[at++] = b === masked ? -Infinity : 0;
  }
  return [fromFloat32(data, shape), true];
}

/**
 * The attention of 3-D q [B, L, E], k [B, S, E], v [B, S, Ev]: softmax(scale·q·kᵀ + mask)·v,
 * dropout p on the weights. `view` is the shape the scores are seen in for the mask
 * ([B, L, S] or [N, H, L, S]). Returns the output [B, L, Ev] and the weights [B, L, S].
 */
export function attend(q: Tensor, k: Tensor, v: Tensor, mask: Tensor | null, causal: boolean, scale: number,
  p: number, g: Generator, view: number[], op: string): { out: Tensor; weights: Tensor } {
  const scores = matmulTransposedB(q, k);
  const seen = scores.reshape(view);
  let soft: Tensor;
  try {
    soft = maskedSoftmax(seen, { mask, scale, causal }, op);
  } catch (e) {
    seen.dispose();
    scores.dispose();
    throw e;
  }
  const probs = soft.reshape(scores.shape as number[]);
  const weights = p > 0 ? dropoutWith(probs, p, g) : probs;
  const out = matmul(weights, v);
  disposeUnlessRecorded(out, [scores, seen, soft, ...(weights === probs ? [] : [probs])]);
  return { out, weights };
}

export interface ScaledDotProductAttentionOptions {
  /** Added to the scores (a Tensor) or boolean (nested arrays; true = takes part), broadcast to [..., L, S]. */
  attnMask?: AttentionMask | null;
  /** Query i sees keys 0..i only (top-left aligned, as torch); exclusive with attnMask. */
  isCausal?: boolean;
  /** Dropout on the attention weights, from the global generator (d.manualSeed). */
  dropoutP?: number;
}

/**
 * softmax(q·kᵀ/√E + mask)·v over q [..., L, E], k [..., S, E], v [..., S, Ev] with the same
 * leading dimensions; returns [..., L, Ev].
 */
export function scaledDotProductAttention(query: Tensor, key: Tensor, value: Tensor, opts: ScaledDotProductAttentionOptions = {}): Tensor {
  const op = 'scaledDotProductAttention';
  const q = checkTensor(query, op, 'query');
  const k = checkTensor(key, op, 'key');
  const v = checkTensor(value, op, 'value');
  const o = opts ?? {};
  const p = probability(o.dropoutP ?? 0, op, 'dropoutP');
  const causal = boolOption(o.isCausal, false, op, 'isCausal');
  if (q.ndim < 2 || k.ndim !== q.ndim || v.ndim !== q.ndim) {
    throw new Error(`${op}: query, key and value must have the same number (≥ 2) of dimensions, got ${formatShape(q.shape)}, ${formatShape(k.shape)}, ${formatShape(v.shape)}`);
  }
  const lead = q.shape.slice(0, -2);
  const same = (t: Tensor): boolean => t.shape.slice(0, -2).every((d, i) => d === lead[i]);
  const [L, E] = q.shape.slice(-2);
  const [S, Ek] = k.shape.slice(-2);
  if (!same(k) || !same(v) || Ek !== E || v.shape[v.ndim - 2] !== S) {
    throw new Error(`${op}: shapes do not fit: query ${formatShape(q.shape)} [..., L, E], key ${formatShape(k.shape)} [..., S, E], value ${formatShape(v.shape)} [..., S, Ev]`);
  }
  if (causal && o.attnMask !== undefined && o.attnMask !== null) throw new Error(`${op}: isCausal and attnMask cannot be given together (as torch)`);
  const [mask, owned] = additiveMask(o.attnMask, false, op, 'attnMask');
  const B = lead.reduce((a, d) => a * d, 1);
  const Ev = v.shape[v.ndim - 1];
  const q3 = q.reshape([B, L, E]);
  const k3 = k.reshape([B, S, E]);
  const v3 = v.reshape([B, S, Ev]);
  const { out, weights } = attend(q3, k3, v3, mask, causal, 1 / Math.sqrt(E), p, defaultGenerator(), [...lead, L, S], op);
  const result = out.reshape([...lead, L, Ev]);
  disposeUnlessRecorded(result, [q3, k3, v3, out, weights, ...(owned ? [mask as Tensor] : [])]);
  return result;
}

export interface MultiheadAttentionOptions {
  /** Dropout on the attention weights in training mode. */
  dropout?: number;
  /** in_proj_bias and out_proj.bias (default true). */
  bias?: boolean;
  /** Inputs and output are [N, L, E] rather than [L, N, E]. */
  batchFirst?: boolean;
  /** Features of key and value (default embedDim; else separate q/k/v_proj_weight). */
  kdim?: number;
  vdim?: number;
  /** Seed of the initial values and of the dropout masks (the global generator without it). */
  seed?: number;
}

export interface MultiheadAttentionForwardOptions {
  /** [N, S] (or [S] unbatched): true / −Infinity = that key is padding. */
  keyPaddingMask?: AttentionMask | null;
  /** Return the attention weights (default true). */
  needWeights?: boolean;
  /** [L, S] or [N·numHeads, L, S]: true / −Infinity = not allowed; floats are added. */
  attnMask?: AttentionMask | null;
  /** Weights averaged over heads [N, L, S] (default) or per head [N, numHeads, L, S]. */
  averageAttnWeights?: boolean;
  /** The causal mask without materialising it (torch 2.x); exclusive with attnMask. */
  isCausal?: boolean;
}

/** torch.nn.MultiheadAttention: in_proj_weight [3E, E] (or q/k/v_proj_weight), in_proj_bias, out_proj. */
export class MultiheadAttention extends Module {
  readonly embedDim: number;
  readonly numHeads: number;
  readonly headDim: number;
  readonly kdim: number;
  readonly vdim: number;
  readonly dropout: number;
  readonly batchFirst: boolean;
  readonly inProjWeight: Tensor | null;
  readonly qProjWeight: Tensor | null;
  readonly kProjWeight: Tensor | null;
  readonly vProjWeight: Tensor | null;
  readonly inProjBias: Tensor | null;
  readonly outProj: Linear;
  private generator: Generator | null;

  constructor(embedDim: number, numHeads: number, opts: MultiheadAttentionOptions = {}) {
    super();
    const op = 'MultiheadAttention';
    const o = opts ?? {};
    this.embedDim = positive(embedDim, op, 'embedDim');
    this.numHeads = positive(numHeads, op, 'numHeads');
    if (embedDim % numHeads !== 0) throw new RangeError(`${op}: embedDim ${embedDim} is not divisible by numHeads ${numHeads}`);
    this.headDim = embedDim / numHeads;
    this.kdim = o.kdim === undefined ? embedDim : positive(o.kdim, op, 'kdim');
    this.vdim = o.vdim === undefined ? embedDim : positive(o.vdim, op, 'vdim');
    this.dropout = probability(o.dropout ?? 0, op, 'dropout');
    this.batchFirst = boolOption(o.batchFirst, false, op, 'batchFirst');
    const bias = boolOption(o.bias, true, op, 'bias');
    if (o.seed !== undefined && !Number.isInteger(o.seed)) throw new TypeError(`${op}: seed must be an integer, got ${describe(o.seed)}`);
    const g = o.seed === undefined ? defaultGenerator() : new Generator(o.seed);
    this.generator = o.seed === undefined ? null : g;
    // torch's _reset_parameters: Xavier-uniform projections, zero biases; out_proj.weight keeps
    // Linear's U(±1/√E).
    const xavier = (rows: number, cols: number): Tensor => {
      const t = Tensor.empty([rows, cols]);
      const bound = Math.sqrt(6 / (rows + cols));
      fillUniform(g, t, -bound, bound);
      return t;
    };
    const E = embedDim;
    const packed = this.kdim === E && this.vdim === E;
    this.inProjWeight = packed ? this.registerParameter('in_proj_weight', xavier(3 * E, E)) : null;
    this.qProjWeight = packed ? null : this.registerParameter('q_proj_weight', xavier(E, E));
    this.kProjWeight = packed ? null : this.registerParameter('k_proj_weight', xavier(E, this.kdim));
    this.vProjWeight = packed ? null : this.registerParameter('v_proj_weight', xavier(E, this.vdim));
    this.inProjBias = bias ? this.registerParameter('in_proj_bias', fromFloat32(new Float32Array(3 * E), [3 * E])) : null;
    this.outProj = this.registerModule('out_proj', new Linear(E, E, { bias, init: 'zeros' }));
    fillUniform(g, this.outProj.weight, -1 / Math.sqrt(E), 1 / Math.sqrt(E));
  }

  protected override releaseResources(): void {
    this.generator?.dispose();
    this.generator = null;
    super.releaseResources();
  }


  /**
   * query [L, N, E] (batchFirst: [N, L, E]; unbatched [L, E]), key [S, N, kdim], value
   * [S, N, vdim] → [output like query, weights [N, L, S] (per head [N, H, L, S]) or null].
   */
  forward(query: Tensor, key: Tensor, value: Tensor, opts: MultiheadAttentionForwardOptions = {}): [Tensor, Tensor | null] {
    const op = 'MultiheadAttention.forward';
    const q = checkTensor(query, op, 'query');
    const k = checkTensor(key, op, 'key');
    const v = checkTensor(value, op, 'value');
    const o = opts ?? {};
    const needWeights = boolOption(o.needWeights, true, op, 'needWeights');
    const average = boolOption(o.averageAttnWeights, true, op, 'averageAttnWeights');
    const causal = boolOption(o.isCausal, false, op, 'isCausal');
    if (causal && o.attnMask !== undefined && o.attnMask !== null) throw new Error(`${op}: isCausal and attnMask cannot be given together`);
    const batched = q.ndim === 3;
    if ((q.ndim !== 2 && q.ndim !== 3) || k.ndim !== q.ndim || v.ndim !== q.ndim) {
      throw new Error(`${op}: query, key and value must all be 3-D (batched) or 2-D (unbatched), got ${formatShape(q.shape)}, ${formatShape(k.shape)}, ${formatShape(v.shape)}`);
    }
    // Seen as [N, L, E] (batch first) or [L, N, E]; unbatched inputs get N = 1.
    const bf = this.batchFirst && batched;
    const dims = (t: Tensor): [number, number] => (!batched ? [1, t.shape[0]] : bf ? [t.shape[0], t.shape[1]] : [t.shape[1], t.shape[0]]);
    const [N, L] = dims(q);
    const [Nk, S] = dims(k);
    const [Nv, Sv] = dims(v);
    const E = this.embedDim;
    const H = this.numHeads;
    const last = (t: Tensor): number => t.shape[t.ndim - 1];
    if (last(q) !== E || last(k) !== this.kdim || last(v) !== this.vdim || Nk !== N || Nv !== N || Sv !== S) {
      throw new Error(`${op}: expected query [${bf ? 'N, L' : 'L, N'}, ${E}], key [${bf ? 'N, S' : 'S, N'}, ${this.kdim}] and value of the same N and S with ${this.vdim} features, got ${formatShape(q.shape)}, ${formatShape(k.shape)}, ${formatShape(v.shape)}`);
    }
    const masks = this.masks(o, N, L, S, batched, op);
    const temps: Tensor[] = [...masks.made];
    const heads = (t: Tensor, len: number): Tensor => {
      // [len, N, E] or [N, len, E] → [N·H, len, hd]
      const split = t.reshape(bf || !batched ? [N, len, H, this.headDim] : [len, N, H, this.headDim]);
      const moved = split.permute(bf || !batched ? [0, 2, 1, 3] : [1, 2, 0, 3]);
      const out = moved.reshape([N * H, len, this.headDim]);
      temps.push(t, split, moved);
      return out;
    };
    const [wq, wk, wv] = this.projections();
    const [bq, bk, bv] = this.projectionBiases();
    const own = new Set(this.parameters());
    temps.push(...[wq, wk, wv, bq, bk, bv].filter((t): t is Tensor => t !== null && !own.has(t)));
    const qh = heads(linear(q, wq, bq), L);
    const kh = heads(linear(k, wk, bk), S);
    const vh = heads(linear(v, wv, bv), S);
    const p = this.training ? this.dropout : 0;
    const g = this.generator ?? defaultGenerator();
    const { out, weights } = attend(qh, kh, vh, masks.mask, causal, 1 / Math.sqrt(this.headDim), p, g, [N, H, L, S], op);
    temps.push(qh, kh, vh, out);
    // [N·H, L, hd] → [L, N, E] or [N, L, E]
    const byHead = out.reshape([N, H, L, this.headDim]);
    const moved = byHead.permute(bf || !batched ? [0, 2, 1, 3] : [2, 0, 1, 3]);
    const merged = moved.reshape(bf || !batched ? [N, L, E] : [L, N, E]);
    const projected = this.outProj.forward(merged);
    const result = batched ? projected : projected.reshape([L, E]);
    temps.push(byHead, moved, merged, projected);
    let w: Tensor | null = null;
    if (needWeights) {
      const perHead = weights.reshape([N, H, L, S]);
      const summed = average ? perHead.sum(1) : perHead;
      const shaped = average ? summed.div(H) : summed;
      w = batched ? shaped : shaped.reshape(average ? [L, S] : [H, L, S]);
      temps.push(perHead, summed, shaped);
    }
    temps.push(weights);
    disposeUnlessRecorded(result, [...new Set(temps)].filter((t) => t !== w));
    return [result, w];
  }

  /** The projection weights of q, k, v: rows of in_proj_weight, or the separate ones. */
  private projections(): [Tensor, Tensor, Tensor] {
    const E = this.embedDim;
    if (this.inProjWeight === null) return [this.qProjWeight as Tensor, this.kProjWeight as Tensor, this.vProjWeight as Tensor];
    const w = this.inProjWeight;
    return [w.slice([0, 0], [E, E]), w.slice([E, 0], [E, E]), w.slice([2 * E, 0], [E, E])];
  }

  private projectionBiases(): [Tensor | null, Tensor | null, Tensor | null] {
    const b = this.inProjBias;
    const E = this.embedDim;
    if (b === null) return [null, null, null];
    return [b.slice([0], [E]), b.slice([E], [E]), b.slice([2 * E], [E])];
  }

  /**
   * The merged additive mask, seen against scores [N, H, L, S], as torch 1.13 merges them; `made`
   * lists the tensors made here (freed with the other temporaries).
   */
  private masks(o: MultiheadAttentionForwardOptions, N: number, L: number, S: number, batched: boolean, op: string): { mask: Tensor | null; made: Tensor[] } {
    const H = this.numHeads;
    const made: Tensor[] = [];
    const [attn, ownAttn] = additiveMask(o.attnMask, true, op, 'attnMask');
    if (ownAttn) made.push(attn as Tensor);
    const [pad, ownPad] = additiveMask(o.keyPaddingMask, true, op, 'keyPaddingMask');
    if (ownPad) made.push(pad as Tensor);
    const fits = (t: Tensor, shape: number[]): boolean => t.ndim === shape.length && t.shape.every((d, i) => d === shape[i]);
    try {
      if (attn !== null && !fits(attn, [L, S]) && !fits(attn, [N * H, L, S])) {
        throw new Error(`${op}: attnMask ${formatShape(attn.shape)} must be [${L}, ${S}] or [${N * H}, ${L}, ${S}] (L, S or N·numHeads, L, S)`);
      }
      const padShape = batched ? [N, S] : [S];
      if (pad !== null && !fits(pad, padShape)) throw new Error(`${op}: keyPaddingMask ${formatShape(pad.shape)} must be ${formatShape(padShape)}`);
    } catch (e) {
      for (const t of made) t.dispose();
      throw e;
    }
    const attn4 = attn === null ? null : attn.ndim === 3 ? attn.reshape([N, H, L, S]) : attn;
    const pad4 = pad === null ? null : pad.reshape([N, 1, 1, S]);
    for (const t of [attn4, pad4]) if (t !== null && t !== attn) made.push(t);
    if (attn4 === null || pad4 === null) return { mask: attn4 ?? pad4, made };
    const merged = attn4.add(pad4);
    made.push(merged);
    return { mask: merged, made };
  }
}

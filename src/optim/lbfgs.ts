// L-BFGS (Nocedal 1980; torch.optim.LBFGS, itself a port of torch7's optim.lbfgs), with an
// optional strong-Wolfe line search. Every parameter is seen as one flat vector: the gradient
// is gathered into a Wasm block; the pair memory and two-loop recursion (lbfgs_core.ts) and the
// line search (line_search.ts), shared with optimize.minimize, run on dot/axpy kernels
// (assembly/optim/vector.ts). Scalars that torch keeps as float32 tensors (dot products, ρ,
// the Hessian scale) are rounded to float32 here too.
import { Tensor, assertAlive, tidy } from '../tensor.js';
import * as kernels from '../backend/index.js';
import { NORM_INF, NORM_L1, OP_MUL, type Block } from '../backend/index.js';
import { enableGrad } from '../autograd.js';
import { describe } from '../ops/util.js';
import {
  Optimizer, OptimizerStateDict, ParamGroup, ParamsInput, StateLayout, decodeFloat, encodeFloat, nonNegative, require,
} from './optimizer.js';
import { strongWolfe } from './line_search.js';
import { checkOwnKeys, decodeFloats } from './state_dict.js';
import { LbfgsMemory, LbfgsSpace } from './lbfgs_core.js';

export interface LBFGSOptions {
  lr: number;
  maxIter: number;
  /** Function evaluations per step; default maxIter · 5/4 (rounded down). */
  maxEval: number | null;
  toleranceGrad: number;
  toleranceChange: number;
  historySize: number;
  lineSearchFn: 'strong_wolfe' | null;
}

const f32 = Math.fround;

function lossOf(result: unknown): number {
  if (result instanceof Tensor) return result.item();
  if (typeof result === 'number') return result;
  throw new TypeError(`LBFGS.step: the closure must return the loss (a Tensor or a number), got ${describe(result)}`);
}

/** L-BFGS's state between steps (torch keeps it under the first parameter's index). */
interface History {
  funcEvals: number;
  nIter: number;
  d: number | null;
  t: number | null;
  /** The pairs (old_dirs, old_stps, ro) and H_diag. */
  memory: LbfgsMemory<number>;
  prevFlatGrad: number | null;
  prevLoss: number | null;
}

const VECTORS = ['d', 'prevFlatGrad'] as const;
const VECTOR_LISTS = ['oldDirs', 'oldStps'] as const;
const SCALARS = ['funcEvals', 'nIter', 't', 'hDiag', 'prevLoss'] as const;


export class LBFGS extends Optimizer<LBFGSOptions> {
  override readonly needsClosure = true;
  private readonly numel: number;
  /** Flat Wasm vectors of numel floats, for the shared core and line search. */
  private readonly space: LbfgsSpace<number>;
  private history: History;
  private stepping = false;
  private disposeAfterStep = false;

  constructor(params: ParamsInput<LBFGSOptions>, options: Partial<LBFGSOptions> = {}) {
    super('LBFGS', params, {
      lr: 1, maxIter: 20, maxEval: null, toleranceGrad: 1e-7, toleranceChange: 1e-9, historySize: 100, lineSearchFn: null,
    }, options);
    if (this.paramGroups.length !== 1) throw new RangeError("LBFGS doesn't support per-parameter options (parameter groups)");
    const group = this.paramGroups[0];
    if (group.maxEval === null) group.maxEval = Math.floor((group.maxIter * 5) / 4);
    this.numel = group.params.reduce((n, p) => n + p.size, 0);
    const v = (ptr: number) => this.block(ptr);
    this.space = {
      dot: (a, b) => f32(kernels.dot(v(a), v(b))),
      absMax: (x) => f32(kernels.normPart(NORM_INF, v(x))),
      copy: (x) => this.copyVector(x),
      release: (x) => this.freeFloats(x),
      round: f32,
      axpy: (y, a, x) => kernels.axpy(v(y), v(x), a),
      scale: (x, s) => kernels.binaryScalarRight(OP_MUL, v(x), s, v(x)),
      negate: (g, out) => {
        kernels.fill(v(out), 0);
        kernels.axpy(v(out), v(g), -1);
      },
    };
    this.history = this.emptyHistory();
  }

  private emptyHistory(): History {
    const memory = new LbfgsMemory(this.space, this.paramGroups[0].historySize);
    return { funcEvals: 0, nIter: 0, d: null, t: null, memory, prevFlatGrad: null, prevLoss: null };
  }

  protected validate(o: LBFGSOptions): void {
    require(nonNegative(o.lr), `Invalid learning rate: ${o.lr}`);
    require(Number.isInteger(o.maxIter) && o.maxIter >= 1, `Invalid max_iter value: ${o.maxIter}`);
    require(o.maxEval === null || (Number.isInteger(o.maxEval) && o.maxEval >= 1), `Invalid max_eval value: ${o.maxEval}`);
    require(Number.isInteger(o.historySize) && o.historySize >= 1, `Invalid history_size value: ${o.historySize}`);
    require(nonNegative(o.toleranceGrad), `Invalid tolerance_grad value: ${o.toleranceGrad}`);
    require(nonNegative(o.toleranceChange), `Invalid tolerance_change value: ${o.toleranceChange}`);
    if (o.lineSearchFn !== null && o.lineSearchFn !== 'strong_wolfe') {
      throw new RangeError(`LBFGS: only 'strong_wolfe' is supported as lineSearchFn, got ${describe(o.lineSearchFn)}`);
    }
  }

  protected layout(): StateLayout {
    return { scalars: {}, buffers: {} };
  }

  protected update(): void {
    throw new Error('LBFGS: internal error: update() is not used');
  }

  private get params(): Tensor[] {
    return this.paramGroups[0].params;
  }

  /** A flat vector's handle, for the kernels. */
  private block(ptr: number): Block {
    return { ptr, size: this.numel };
  }

  /** A new owned block of the flat size. */
  private vector(fill = 0): number {
    return this.allocFloats(this.numel, fill);
  }

  private copyVector(src: number): number {
    const out = this.vector();
    kernels.copy(this.block(src), this.block(out));
    return out;
  }

  /** The gradients of all params, concatenated (zeros where a param has none). */
  private gatherFlatGrad(): number {
    const flat = this.vector();
    let offset = 0;
    for (const p of this.params) {
      const g = p.grad;
      if (g !== null && p.size > 0) {
        if (g.size !== p.size) throw new Error(`LBFGS.step: a param of ${p.size} elements has a grad of ${g.size}`);
        kernels.copyRange(g, 0, this.block(flat), offset, p.size);
      }
      offset += p.size;
    }
    return flat;
  }

  /** params += t·update (torch's _add_grad). */
  private addToParams(t: number, update: number): void {
    let offset = 0;
    for (const p of this.params) {
      kernels.axpy(p, this.block(update), t, offset);
      offset += p.size;
    }
  }

  private copyParams(into: number | null): number {
    const out = into ?? this.vector();
    let offset = 0;
    for (const p of this.params) {
      kernels.copyRange(p, 0, this.block(out), offset, p.size);
      offset += p.size;
    }
    return out;
  }

  private setParams(from: number): void {
    let offset = 0;
    for (const p of this.params) {
      kernels.copyRange(this.block(from), offset, p, 0, p.size);
      offset += p.size;
    }
  }

  private dot(a: number, b: number): number {
    return this.space.dot(a, b);
  }

  private absMax(v: number): number {
    return this.space.absMax(v);
  }

  /** Calls the closure (gradients on, inside tidy) and returns the loss as a number. */
  private evaluate<T>(closure: () => T): { loss: number; result: T } {
    const result = enableGrad(() => tidy(closure));
    this.checkClosureKeptUs();
    return { loss: lossOf(result), result };
  }

  /** The loss alone: a tensor the closure made for it is freed (line-search evaluations). */
  private evaluateLoss(closure: () => unknown): number {
    const loss = enableGrad(() => tidy(() => lossOf(closure())));
    this.checkClosureKeptUs();
    return loss;
  }

  private checkClosureKeptUs(): void {
    if (this.disposeAfterStep) throw new Error('LBFGS.step: the closure disposed the optimizer; the step was abandoned and the parameters restored');
  }

  /**
   * Up to maxIter L-BFGS iterations, re-evaluating the closure as needed (torch's algorithm);
   * returns the closure's first result.
   */
  override step<T = unknown>(closure?: () => T): T | undefined {
    this.checkAlive();
    if (typeof closure !== 'function') throw new TypeError(`LBFGS.step: a closure that returns the loss is required, got ${describe(closure)}`);
    for (const p of this.params) assertAlive(p, 'LBFGS.step');
    this.checkedWork(); // options in range, gradients of the right shape
    // A closure that throws part-way leaves the parameters where they were and frees every
    // block the step made; the L-BFGS memory, which the step had begun to change, starts afresh.
    const blocksBefore = this.ownedBlocks();
    const start = this.copyParams(null);
    this.stepping = true;
    try {
      // tidy: the first evaluation's result survives only if the step completes.
      const result = tidy(() => this.iterate(closure));
      this.freeFloats(start);
      return result;
    } catch (e) {
      this.setParams(start);
      this.clearHistory();
      for (const ptr of this.ownedBlocks()) if (!blocksBefore.has(ptr)) this.freeFloats(ptr);
      throw e;
    } finally {
      this.stepping = false;
      if (this.disposeAfterStep) super.dispose();
    }
  }

  /** Disposed from inside its own closure: the step is abandoned (parameters restored), then disposed. */
  override dispose(): void {
    if (this.stepping) this.disposeAfterStep = true;
    else super.dispose();
  }

  private iterate<T>(closure: () => T): T {
    const group = this.paramGroups[0] as ParamGroup<LBFGSOptions>;
    const { lr, maxIter, toleranceGrad, toleranceChange, historySize, lineSearchFn } = group;
    const maxEval = group.maxEval ?? Math.floor((maxIter * 5) / 4);
    const h = this.history;
    const first = this.evaluate(closure);
    let loss = first.loss;
    let currentEvals = 1;
    h.funcEvals += 1;
    let flatGrad = this.gatherFlatGrad();
    try {
      if (this.absMax(flatGrad) <= toleranceGrad) return first.result;
      let nIter = 0;
      while (nIter < maxIter) {
        nIter++;
        h.nIter++;
        if (h.nIter === 1) {
          h.memory.clear();
          if (h.d === null) h.d = this.vector();
          this.space.negate(flatGrad, h.d);
        } else {
          this.updateMemory(flatGrad, historySize);
          h.memory.direction(flatGrad, h.d as number);
        }
        if (h.prevFlatGrad === null) h.prevFlatGrad = this.vector();
        kernels.copy(this.block(flatGrad), this.block(h.prevFlatGrad));
        h.prevLoss = loss;
        const d = h.d as number;
        let t: number;
        if (h.nIter === 1) {
          const inverse = f32(1 / f32(kernels.normPart(NORM_L1, this.block(flatGrad))));
          t = inverse < 1 ? f32(inverse * f32(lr)) : lr;
        } else {
          t = lr;
        }
        h.t = t;
        const gtd = this.dot(flatGrad, d);
        if (gtd > -toleranceChange) break;
        let lsFuncEvals = 0;
        let optimal = false;
        if (lineSearchFn === 'strong_wolfe') {
          const x = this.copyParams(null);
          const result = strongWolfe((step) => this.directionalEvaluate(closure, x, step, d), t, d, loss, flatGrad, gtd, this.space);
          this.freeFloats(x);
          this.freeFloats(flatGrad);
          ({ loss, grad: flatGrad, t, evaluations: lsFuncEvals } = result);
          this.addToParams(t, d);
          optimal = this.absMax(flatGrad) <= toleranceGrad;
        } else {
          this.addToParams(t, d);
          if (nIter !== maxIter) {
            loss = this.evaluateLoss(closure);
            this.freeFloats(flatGrad);
            flatGrad = this.gatherFlatGrad();
            optimal = this.absMax(flatGrad) <= toleranceGrad;
            lsFuncEvals = 1;
          }
        }
        currentEvals += lsFuncEvals;
        h.funcEvals += lsFuncEvals;
        h.t = t;
        if (nIter === maxIter || currentEvals >= maxEval || optimal) break;
        if (f32(this.absMax(d) * f32(Math.abs(t))) <= toleranceChange) break;
        if (Math.abs(loss - (h.prevLoss as number)) < toleranceChange) break;
      }
      return first.result;
    } finally {
      this.freeFloats(flatGrad);
    }
  }

  /** Offers the pair y = g − g_prev, s = t·d to the memory (kept when yᵀs > 1e-10). */
  private updateMemory(flatGrad: number, historySize: number): void {
    const h = this.history;
    const y = this.copyVector(flatGrad);
    kernels.axpy(this.block(y), this.block(h.prevFlatGrad as number), -1);
    const s = this.vector();
    kernels.axpy(this.block(s), this.block(h.d as number), f32(h.t as number));
    h.memory.historySize = historySize;
    h.memory.push(s, y);
  }

  /** f and ∇f at x + t·d, leaving the params at x (torch's _directional_evaluate). */
  private directionalEvaluate<T>(closure: () => T, x: number, t: number, d: number): { loss: number; grad: number } {
    this.addToParams(t, d);
    const loss = this.evaluateLoss(closure);
    const grad = this.gatherFlatGrad();
    this.setParams(x);
    return { loss, grad };
  }

  protected override packState(): OptimizerStateDict['state'] {
    const h = this.history;
    if (h.funcEvals === 0 && h.nIter === 0) return {};
    const vector = (ptr: number | null) => (ptr === null ? null : Array.from(kernels.readFloats(this.block(ptr)), encodeFloat));
    const scalar = (x: number | null) => (x === null ? null : encodeFloat(x));
    return {
      0: {
        funcEvals: h.funcEvals, nIter: h.nIter, d: vector(h.d), t: scalar(h.t),
        oldDirs: h.memory.dirs.map(vector), oldStps: h.memory.steps.map(vector), ro: h.memory.ro.map(encodeFloat),
        hDiag: scalar(h.memory.hDiag), prevFlatGrad: vector(h.prevFlatGrad), prevLoss: scalar(h.prevLoss),
      },
    };
  }

  /**
   * Checks an L-BFGS state whole before anything changes: counts are non-negative integers;
   * after the first iteration (nIter ≥ 1) d, t, hDiag, prevFlatGrad and prevLoss are all set, and
   * before it all are null and the memory empty; every vector has one float per parameter
   * element (no holes, no nulls); the memory's three lists have one length, at most
   * historySize; ρ, t and hDiag are finite. A state that breaks these would make the next step
   * read or write memory it does not own.
   */
  protected override prepareLoad(state: OptimizerStateDict['state'], groups: ParamGroup<LBFGSOptions>[], where: string): () => void {
    const keys = Reflect.ownKeys(state);
    if (keys.length === 0) return () => this.clearHistory();
    if (keys.length !== 1 || keys[0] !== '0') {
      throw new RangeError(`${where}: L-BFGS keeps its state under param 0, got keys [${keys.map(String).join(', ')}]`);
    }
    const entry = (state as Record<string, unknown>)[0];
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      throw new TypeError(`${where}: state 0 must be an object, got ${describe(entry)}`);
    }
    const want = [...SCALARS, ...VECTORS, ...VECTOR_LISTS, 'ro'];
    checkOwnKeys(entry, want, `${where}: state 0`);
    const e = entry as Record<string, unknown>;
    const missing = want.filter((k) => !(k in e));
    if (missing.length > 0) throw new RangeError(`${where}: state 0 lacks ${missing.join(', ')}`);
    const count = (name: string): number => {
      const v = e[name];
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
        throw new RangeError(`${where}: ${name} must be a non-negative integer, got ${describe(v)}`);
      }
      return v;
    };
    const funcEvals = count('funcEvals');
    const nIter = count('nIter');
    const started = nIter > 0;
    const vector = (v: unknown, name: string): Float32Array => {
      if (!Array.isArray(v) || v.length !== this.numel) {
        throw new RangeError(`${where}: ${name} must be an array of ${this.numel} numbers, got ${describe(v)}`);
      }
      return decodeFloats(v, `${where}: ${name}`);
    };
    const beforeFirst = (name: string) => new RangeError(`${where}: ${name} must be null before the first iteration (nIter 0)`);
    const optionalVector = (name: string): Float32Array | null => {
      if (!started) {
        if (e[name] !== null) throw beforeFirst(name);
        return null;
      }
      return vector(e[name], name);
    };
    const optionalScalar = (name: string, finite: boolean): number | null => {
      if (!started) {
        if (e[name] !== null) throw beforeFirst(name);
        return null;
      }
      const x = decodeFloat(e[name], `${where}: ${name}`);
      if (finite && !Number.isFinite(x)) throw new RangeError(`${where}: ${name} must be finite, got ${describe(e[name])}`);
      return x;
    };
    const lists = VECTOR_LISTS.map((name) => {
      const list = e[name];
      if (!Array.isArray(list)) throw new RangeError(`${where}: ${name} must be an array, got ${describe(list)}`);
      const out: Float32Array[] = [];
      for (let i = 0; i < list.length; i++) {
        if (!(i in list)) throw new TypeError(`${where}: ${name}[${i}] is missing (a hole in the array)`);
        out.push(vector(list[i], `${name}[${i}]`));
      }
      return out;
    });
    const ro = e.ro;
    if (!Array.isArray(ro) || ro.length !== lists[0].length || lists[1].length !== lists[0].length) {
      throw new RangeError(`${where}: oldDirs, oldStps and ro must have the same length`);
    }
    const roValues = Array.from(decodeFloats(ro, `${where}: ro`));
    if (!roValues.every(Number.isFinite)) throw new RangeError(`${where}: ro must hold finite numbers`);
    const historySize = groups[0].historySize;
    if (lists[0].length > historySize) {
      throw new RangeError(`${where}: the memory holds ${lists[0].length} pairs, more than historySize ${historySize}`);
    }
    if (!started && lists[0].length > 0) throw new RangeError(`${where}: the memory must be empty before the first iteration (nIter 0)`);
    const d = optionalVector('d');
    const prev = optionalVector('prevFlatGrad');
    const t = optionalScalar('t', true);
    const hDiag = optionalScalar('hDiag', true);
    const prevLoss = optionalScalar('prevLoss', false);
    return () => {
      this.clearHistory();
      const own = (v: Float32Array | null) => (v === null ? null : this.floatsFrom(v));
      const memory = new LbfgsMemory(this.space, historySize);
      memory.dirs = lists[0].map((v) => this.floatsFrom(v));
      memory.steps = lists[1].map((v) => this.floatsFrom(v));
      memory.ro = roValues;
      memory.hDiag = hDiag;
      this.history = { funcEvals, nIter, t, prevLoss, d: own(d), prevFlatGrad: own(prev), memory };
    };
  }

  private clearHistory(): void {
    const h = this.history;
    h.memory.clear();
    for (const v of [h.d, h.prevFlatGrad]) if (v !== null) this.freeFloats(v);
    this.history = this.emptyHistory();
  }

  protected override clearState(): void {
    super.clearState();
    if (this.history !== undefined) this.clearHistory();
  }
}


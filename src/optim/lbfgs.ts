// L-BFGS (Nocedal 1980; torch.optim.LBFGS, itself a port of torch7's optim.lbfgs), with an
// optional strong-Wolfe line search. Every parameter is seen as one flat vector: the gradient
// is gathered into a Wasm block; the pair memory and two-loop recursion (lbfgs_core.ts) and the
// line search (line_search.ts), shared with optimize.minimize, run on dot/axpy kernels
// (assembly/optim/vector.ts); the flat vectors are flat_params.ts's, the state dict
// lbfgs_state.ts's. Scalars that torch keeps as float32 tensors (dot products, ρ,
// the Hessian scale) are rounded to float32 here too.
import { Tensor, assertAlive, tidy } from '../tensor.js';
import * as kernels from '../backend/index.js';
import { NORM_INF, NORM_L1, OP_MUL } from '../backend/index.js';
import { enableGrad } from '../autograd.js';
import { describe } from '../ops/util.js';
import {
  Optimizer, OptimizerStateDict, ParamGroup, ParamsInput, StateLayout, nonNegative, require,
} from './optimizer.js';
import { strongWolfe } from './line_search.js';
import { LbfgsMemory, LbfgsSpace } from './lbfgs_core.js';
import { FlatParams } from './flat_params.js';
import { History, checkHistory, packHistory } from './lbfgs_state.js';

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

export class LBFGS extends Optimizer<LBFGSOptions> {
  override readonly needsClosure = true;
  /** The parameters as one flat vector. */
  private readonly flat: FlatParams;
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
    this.flat = new FlatParams(() => this.paramGroups[0].params, (n) => this.allocFloats(n, 0), 'LBFGS.step');
    const v = (ptr: number) => this.flat.block(ptr);
    this.space = {
      dot: (a, b) => f32(kernels.dot(v(a), v(b))),
      absMax: (x) => f32(kernels.normPart(NORM_INF, v(x))),
      copy: (x) => this.flat.copyVector(x),
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

  /** Refused: L-BFGS works on one flat vector of one group (torch's LBFGS supports no groups either). */
  override addParamGroup(): never {
    throw new RangeError("LBFGS.addParamGroup: LBFGS doesn't support per-parameter options (parameter groups)");
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
    for (const p of this.paramGroups[0].params) assertAlive(p, 'LBFGS.step');
    this.checkedWork(); // options in range, gradients of the right shape
    // A closure that throws part-way leaves the parameters where they were and frees every
    // block the step made; the L-BFGS memory, which the step had begun to change, starts afresh.
    const blocksBefore = this.ownedBlocks();
    const start = this.flat.copyParams(null);
    this.stepping = true;
    try {
      // tidy: the first evaluation's result survives only if the step completes.
      const result = tidy(() => this.iterate(closure));
      this.freeFloats(start);
      return result;
    } catch (e) {
      this.flat.setParams(start);
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
    let flatGrad = this.flat.gatherGrad();
    try {
      if (this.absMax(flatGrad) <= toleranceGrad) return first.result;
      let nIter = 0;
      while (nIter < maxIter) {
        nIter++;
        h.nIter++;
        if (h.nIter === 1) {
          h.memory.clear();
          if (h.d === null) h.d = this.flat.vector();
          this.space.negate(flatGrad, h.d);
        } else {
          this.updateMemory(flatGrad, historySize);
          h.memory.direction(flatGrad, h.d as number);
        }
        if (h.prevFlatGrad === null) h.prevFlatGrad = this.flat.vector();
        kernels.copy(this.flat.block(flatGrad), this.flat.block(h.prevFlatGrad));
        h.prevLoss = loss;
        const d = h.d as number;
        let t: number;
        if (h.nIter === 1) {
          const inverse = f32(1 / f32(kernels.normPart(NORM_L1, this.flat.block(flatGrad))));
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
          const x = this.flat.copyParams(null);
          const result = strongWolfe((step) => this.directionalEvaluate(closure, x, step, d), t, d, loss, flatGrad, gtd, this.space);
          this.freeFloats(x);
          this.freeFloats(flatGrad);
          ({ loss, grad: flatGrad, t, evaluations: lsFuncEvals } = result);
          this.flat.addToParams(t, d);
          optimal = this.absMax(flatGrad) <= toleranceGrad;
        } else {
          this.flat.addToParams(t, d);
          if (nIter !== maxIter) {
            loss = this.evaluateLoss(closure);
            this.freeFloats(flatGrad);
            flatGrad = this.flat.gatherGrad();
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
    const y = this.flat.copyVector(flatGrad);
    kernels.axpy(this.flat.block(y), this.flat.block(h.prevFlatGrad as number), -1);
    const s = this.flat.vector();
    kernels.axpy(this.flat.block(s), this.flat.block(h.d as number), f32(h.t as number));
    h.memory.historySize = historySize;
    h.memory.push(s, y);
  }

  /** f and ∇f at x + t·d, leaving the params at x (torch's _directional_evaluate). */
  private directionalEvaluate<T>(closure: () => T, x: number, t: number, d: number): { loss: number; grad: number } {
    this.flat.addToParams(t, d);
    const loss = this.evaluateLoss(closure);
    const grad = this.flat.gatherGrad();
    this.flat.setParams(x);
    return { loss, grad };
  }

  protected override packState(): OptimizerStateDict['state'] {
    return packHistory(this.history, (ptr) => this.flat.block(ptr));
  }

  /** Checks an L-BFGS state whole (lbfgs_state.ts's checkHistory) before anything changes. */
  protected override prepareLoad(state: OptimizerStateDict['state'], groups: ParamGroup<LBFGSOptions>[], where: string): () => void {
    const historySize = groups[0].historySize;
    const loaded = checkHistory(state, this.flat.numel, historySize, where);
    return () => {
      this.clearHistory();
      if (loaded === null) return;
      const own = (v: Float32Array | null) => (v === null ? null : this.floatsFrom(v));
      const memory = new LbfgsMemory(this.space, historySize);
      memory.dirs = loaded.dirs.map((v) => this.floatsFrom(v));
      memory.steps = loaded.steps.map((v) => this.floatsFrom(v));
      memory.ro = loaded.ro;
      memory.hDiag = loaded.hDiag;
      const { funcEvals, nIter, t, prevLoss } = loaded;
      this.history = { funcEvals, nIter, t, prevLoss, d: own(loaded.d), prevFlatGrad: own(loaded.prevFlatGrad), memory };
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


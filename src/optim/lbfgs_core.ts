// The L-BFGS core shared by optim.LBFGS (torch's algorithm on Wasm float32 vectors) and
// optimize.minimize's 'lbfgs' (float64 arrays): the memory of the last m curvature pairs
//   sₖ = xₖ₊₁ − xₖ,   yₖ = ∇fₖ₊₁ − ∇fₖ,   ρₖ = 1 / yₖᵀsₖ,
// kept only when yₖᵀsₖ is positive enough (so the estimate H stays positive definite), and the
// two-loop recursion (Nocedal 1980; Nocedal & Wright, Algorithm 7.4) giving d = −H·g:
//   q = −g;  for i = k−1 … k−m: αᵢ = ρᵢ·sᵢᵀq, q −= αᵢ·yᵢ;
//   r = γ·q with γ = sᵀy / yᵀy of the newest pair (1 before any);
//   for i = k−m … k−1: βᵢ = ρᵢ·yᵢᵀr, r += (αᵢ − βᵢ)·sᵢ.
// Scalars are rounded as the space's are (float32 for optim.LBFGS, as torch's tensors).
import type { VectorSpace } from './line_search.js';

/** The vector operations the two-loop recursion needs beyond the line search's. */
export interface LbfgsSpace<V> extends VectorSpace<V> {
  /** y += a·x, in place. */
  axpy(y: V, a: number, x: V): void;
  /** v *= s, in place. */
  scale(v: V, s: number): void;
  /** out = −g. */
  negate(g: V, out: V): void;
}

export class LbfgsMemory<V> {
  /** yᵢ, oldest first (torch's old_dirs). */
  dirs: V[] = [];
  /** sᵢ, oldest first (torch's old_stps). */
  steps: V[] = [];
  ro: number[] = [];
  /** γ, the initial Hessian scale (torch's H_diag); null before the first iteration. */
  hDiag: number | null = null;

  /**
   * `historySize` pairs at most; a pair is kept when yᵀs > 1e-10 (`relative`: > 1e-10·yᵀy,
   * scale-free, for float64 problems of any size).
   */
  constructor(private readonly space: LbfgsSpace<V>, public historySize: number, private readonly relative = false) {}

  get size(): number {
    return this.dirs.length;
  }

  /** Forgets every pair (γ back to 1). */
  clear(): void {
    for (const v of [...this.dirs, ...this.steps]) this.space.release(v);
    this.dirs = [];
    this.steps = [];
    this.ro = [];
    this.hDiag = 1;
  }

  /** Offers the pair (s, y), whose ownership passes to the memory; true when it was kept. */
  push(s: V, y: V): boolean {
    const { space } = this;
    const r = space.round;
    const ys = space.dot(y, s);
    const yy = this.relative || ys > 1e-10 ? space.dot(y, y) : 0;
    if (!(ys > (this.relative ? 1e-10 * yy : 1e-10))) {
      space.release(y);
      space.release(s);
      return false;
    }
    if (this.dirs.length === this.historySize) {
      space.release(this.dirs.shift() as V);
      space.release(this.steps.shift() as V);
      this.ro.shift();
    }
    this.dirs.push(y);
    this.steps.push(s);
    this.ro.push(r(1 / ys));
    this.hDiag = r(ys / yy);
    return true;
  }

  /** out = −H·g by the two-loop recursion over the kept pairs. */
  direction(g: V, out: V): void {
    const { space } = this;
    const r = space.round;
    const count = this.dirs.length;
    const al = new Array<number>(count);
    space.negate(g, out);
    for (let i = count - 1; i >= 0; i--) {
      al[i] = r(space.dot(this.steps[i], out) * this.ro[i]);
      space.axpy(out, -al[i], this.dirs[i]);
    }
    space.scale(out, this.hDiag ?? 1);
    for (let i = 0; i < count; i++) {
      const be = r(space.dot(this.dirs[i], out) * this.ro[i]);
      space.axpy(out, r(al[i] - be), this.steps[i]);
    }
  }
}

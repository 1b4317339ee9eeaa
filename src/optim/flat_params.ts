// An optimizer's parameters seen as one flat vector (L-BFGS's view): flat blocks of one float
// per parameter element, owned by the optimizer, and the moves between them and the parameters.
import { Tensor } from '../tensor.js';
import * as kernels from '../backend/index.js';

/** @internal */
export class FlatParams {
  /** The number of floats in a flat vector: every parameter's size, added up. */
  readonly numel: number;

  /**
   * `params()` gives the parameters in order; `alloc(n)` returns a new zeroed block of n floats
   * owned (and later freed) by the optimizer.
   */
  constructor(private readonly params: () => Tensor[], private readonly alloc: (size: number) => number, private readonly op: string) {
    this.numel = params().reduce((n, p) => n + p.size, 0);
  }

  /** A flat vector's handle, for the kernels (a backend Block). */
  block(ptr: number): { ptr: number; size: number } {
    return { ptr, size: this.numel };
  }

  /** A new owned block of the flat size, zeroed. */
  vector(): number {
    return this.alloc(this.numel);
  }

  copyVector(src: number): number {
    const out = this.vector();
    kernels.copy(this.block(src), this.block(out));
    return out;
  }

  /** The gradients of all params, concatenated (zeros where a param has none). */
  gatherGrad(): number {
    const flat = this.vector();
    let offset = 0;
    for (const p of this.params()) {
      const g = p.grad;
      if (g !== null && p.size > 0) {
        if (g.size !== p.size) throw new Error(`${this.op}: a param of ${p.size} elements has a grad of ${g.size}`);
        kernels.copyRange(g, 0, this.block(flat), offset, p.size);
      }
      offset += p.size;
    }
    return flat;
  }

  /** params += t·update (torch's _add_grad). */
  addToParams(t: number, update: number): void {
    let offset = 0;
    for (const p of this.params()) {
      kernels.axpy(p, this.block(update), t, offset);
      offset += p.size;
    }
  }

  /** The params, concatenated into `into` (or a new block). */
  copyParams(into: number | null): number {
    const out = into ?? this.vector();
    let offset = 0;
    for (const p of this.params()) {
      kernels.copyRange(p, 0, this.block(out), offset, p.size);
      offset += p.size;
    }
    return out;
  }

  setParams(from: number): void {
    let offset = 0;
    for (const p of this.params()) {
      kernels.copyRange(this.block(from), offset, p, 0, p.size);
      offset += p.size;
    }
  }
}

// A set for the few tensors of one graph node's bookkeeping in the backward walk (autograd.ts).

/**
 * A set for the few tensors of one node's bookkeeping (a node has one to three inputs, rarely
 * more): an array while small, so the walk makes no Set per node; a Set past 16 entries.
 */
export class SmallSet<T> {
  private items: T[] = [];
  private big: Set<T> | null = null;

  has(x: T): boolean {
    return this.big !== null ? this.big.has(x) : this.items.includes(x);
  }

  add(x: T): void {
    if (this.big !== null) this.big.add(x);
    else if (!this.items.includes(x)) {
      this.items.push(x);
      if (this.items.length > 16) this.big = new Set(this.items);
    }
  }

  delete(x: T): void {
    if (this.big !== null) this.big.delete(x);
    const i = this.items.indexOf(x);
    if (i >= 0) this.items.splice(i, 1);
  }

  /** Visits each entry once, in insertion order. */
  forEach(fn: (x: T) => void): void {
    if (this.big !== null) this.big.forEach((x) => fn(x));
    else for (let i = 0; i < this.items.length; i++) fn(this.items[i]);
  }

  /** Empties the set for reuse (the backward walk reuses one set per role for every node). */
  clear(): void {
    this.items.length = 0;
    this.big = null;
  }
}

// A set for the few tensors of one graph node's bookkeeping in the backward walk (autograd.ts).

/**
 * A set for the few tensors of one node's bookkeeping (a node has one to three inputs, rarely
 * more): the first `count` slots of an array while small, so the walk makes no Set per node and
 * clearing it sets no array length (a builtin call); a Set past 16 entries.
 */
export class SmallSet<T> {
  private items: (T | undefined)[] = [];
  private count = 0;
  private big: Set<T> | null = null;

  has(x: T): boolean {
    if (this.big !== null) return this.big.has(x);
    for (let i = 0; i < this.count; i++) if (this.items[i] === x) return true;
    return false;
  }

  add(x: T): void {
    if (this.big !== null) this.big.add(x);
    else if (!this.has(x)) {
      this.items[this.count++] = x;
      if (this.count > 16) this.big = new Set(this.items.slice(0, this.count) as T[]);
    }
  }

  delete(x: T): void {
    if (this.big !== null) this.big.delete(x);
    for (let i = 0; i < this.count; i++) {
      if (this.items[i] !== x) continue;
      for (let j = i + 1; j < this.count; j++) this.items[j - 1] = this.items[j];
      this.items[--this.count] = undefined;
      return;
    }
  }

  /** Visits each entry once, in insertion order. */
  forEach(fn: (x: T) => void): void {
    if (this.big !== null) this.big.forEach((x) => fn(x));
    else for (let i = 0; i < this.count; i++) fn(this.items[i] as T);
  }

  /** Empties the set for reuse (the backward walk reuses one set per role for every node). */
  clear(): void {
    for (let i = 0; i < this.count; i++) this.items[i] = undefined; // holds nothing alive
    this.count = 0;
    this.big = null;
  }
}

/**
 * A map for the backward walk's gradients by tensor (autograd.ts): parallel arrays scanned
 * while there are few keys (a small model's step has ~8), a Map past 16. A fresh Map per walk
 * grows (and rehashes) twice on the way to 8 entries and shrinks again on deletes; a scan of a
 * few slots costs less than either.
 */
export class SmallMap<K, V> {
  private keys: K[] = [];
  private vals: (V | undefined)[] = [];
  private big: Map<K, V | undefined> | null = null;

  get(k: K): V | undefined {
    if (this.big !== null) return this.big.get(k);
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) if (keys[i] === k) return this.vals[i];
    return undefined;
  }

  set(k: K, v: V | undefined): void {
    if (this.big !== null) {
      this.big.set(k, v);
      return;
    }
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] !== k) continue;
      this.vals[i] = v;
      return;
    }
    keys.push(k);
    this.vals.push(v);
    if (keys.length > 16) {
      this.big = new Map();
      for (let i = 0; i < keys.length; i++) this.big.set(keys[i], this.vals[i]);
    }
  }

  /** Visits every value set and not since set to undefined. */
  forEachValue(fn: (v: V) => void): void {
    if (this.big !== null) {
      for (const v of this.big.values()) if (v !== undefined) fn(v);
    } else {
      for (let i = 0; i < this.vals.length; i++) if (this.vals[i] !== undefined) fn(this.vals[i] as V);
    }
  }
}

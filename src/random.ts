// Seeded random numbers: xoshiro128** run inside the kernels, so a seed gives the same stream
// in every runtime. A Generator owns 16 bytes of Wasm memory for its state.
import { allocInternal, freeBlock, randomNormal, randomSeed, randomU32, randomUniform, randomWord, readWords, writeWords, type Block } from './backend/index.js';

/** The state's address of a live generator: for fillUniform/fillNormal below, not a method (not public). */
let stateOf: (g: Generator) => number;

// A generator dropped without dispose() — a seeded Dropout, DataLoader or d.Generator that goes
// out of scope — frees its 16 bytes of state once collected; where the runtime lacks
// FinalizationRegistry, only dispose() (or the owner's) frees it.
const finalizer: FinalizationRegistry<number> | null =
  typeof FinalizationRegistry === 'function' ? new FinalizationRegistry<number>((ptr) => freeBlock(ptr)) : null;

export class Generator {
  private statePtr: number;

  static {
    stateOf = (g) => g.state;
  }

  constructor(seed = 0) {
    checkSeed(seed, 'Generator');
    this.statePtr = allocInternal(16); // engine-owned: not counted in d.memory()
    finalizer?.register(this, this.statePtr, this);
    this.seed(seed);
  }

  /** The state's address; a disposed generator says so instead of reading freed memory. */
  private get state(): number {
    if (this.statePtr === 0) throw new Error('Generator: this generator was disposed and cannot be used');
    return this.statePtr;
  }

  /** Restarts the stream from `seed` (any integer; only its low 32 bits matter). */
  seed(seed: number): void {
    randomSeed(this.state, checkSeed(seed, 'manualSeed') >>> 0);
  }

  /** The four 32-bit state words, for checkpoints. */
  getState(): number[] {
    return Array.from(readWords(this.state, 4), (w) => w >>> 0);
  }

  /** Restores state words from getState(). */
  setState(words: readonly number[]): void {
    this.restore(words, 'Generator.setState');
  }

  /** Writes the state words after checking them all (`op` names the caller in messages). @internal */
  restore(words: unknown, op: string): void {
    if (!Array.isArray(words) || words.length !== 4 || !words.every((w) => Number.isInteger(w) && w >= 0 && w < 4294967296)) {
      throw new RangeError(`${op}: expected four unsigned 32-bit integers (as getState() gives), got ${describeState(words)}`);
    }
    if (words.every((w) => w === 0)) throw new RangeError(`${op}: the all-zero state is invalid for xoshiro128**`);
    writeWords(this.state, (words as number[]).map((w) => w | 0));
  }

  /** The same as getState() (the name of d.getRngState, on a generator). */
  getRngState(): number[] {
    return this.getState();
  }

  /** The same as setState(state). */
  setRngState(state: readonly number[]): void {
    this.restore(state, 'Generator.setRngState');
  }

  /** A uniform float in [0, 1) on a 2^-24 grid, as the kernels draw them. */
  uniform(): number {
    return (this.nextU32() >>> 8) / 16777216;
  }

  /** A uniformly random 32-bit unsigned integer. */
  nextU32(): number {
    return randomWord(this.state);
  }

  /** Frees the state (a generator made for one seeded call). Idempotent. */
  dispose(): void {
    if (this.statePtr === 0) return;
    finalizer?.unregister(this);
    freeBlock(this.statePtr);
    this.statePtr = 0;
  }

  /** A uniformly random integer in [0, n), without modulo bias. */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 4294967296) {
      throw new RangeError(`Generator.int: n must be an integer in [1, 2^32], got ${n}`);
    }
    const limit = Math.floor(4294967296 / n) * n;
    for (;;) {
      const x = this.nextU32();
      if (x < limit) return x % n;
    }
  }

  /** A seeded Fisher–Yates permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    if (n < 2) return p;
    // The same draws as int(i + 1) one at a time, in the same stream order, but the n − 1 that
    // are always needed come from one kernel call; rare rejections continue the stream.
    const words = randomU32(this.state, n - 1);
    let k = 0;
    const next = (): number => (k < words.length ? words[k++] : this.nextU32());
    for (let i = n - 1; i > 0; i--) {
      const m = i + 1;
      const limit = Math.floor(4294967296 / m) * m;
      let x = next();
      while (x >= limit) x = next();
      const j = x % m;
      const t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}

/**
 * Fills a tensor (its first `count` elements) with uniform values in [low, high) drawn from `g`.
 * Internal: functions rather than Generator methods, so that user code (d.Generator) cannot
 * reach a raw fill that writes any block of memory. @internal
 */
export function fillUniform(g: Generator, t: Block, low = 0, high = 1, count = t.size): void {
  randomUniform(stateOf(g), t, low, high, count);
}

/** Fills a tensor (its first `count` elements) with normal values drawn from `g`. @internal */
export function fillNormal(g: Generator, t: Block, mean = 0, std = 1, count = t.size): void {
  randomNormal(stateOf(g), t, mean, std, count);
}

function checkSeed(seed: unknown, op: string): number {
  if (typeof seed !== 'number' || !Number.isInteger(seed)) {
    throw new TypeError(`${op}: seed must be an integer, got ${typeof seed === 'number' ? seed : typeof seed}`);
  }
  return seed;
}

let globalGenerator: Generator | null = null;

/** The process-wide generator behind rand/randn/dropout/shuffling when no seed is given. */
export function defaultGenerator(): Generator {
  globalGenerator ??= new Generator(0);
  return globalGenerator;
}

/** Seeds the global generator: the same seed gives the same numbers in every runtime. */
export function manualSeed(seed: number): void {
  defaultGenerator().seed(seed);
}

/**
 * The global generator's state (torch.get_rng_state): four unsigned 32-bit words of
 * xoshiro128**, plain JSON. Everything drawn without a seed (rand, randn, dropout and shuffles
 * without their own seed) comes from this state.
 */
export function getRngState(): number[] {
  return defaultGenerator().getState();
}

/** Restores the global generator from getRngState()'s words, checked whole first: the draws that follow repeat. */
export function setRngState(state: readonly number[]): void {
  defaultGenerator().restore(state, 'setRngState');
}

function describeState(state: unknown): string {
  try {
    return JSON.stringify(state) ?? String(state);
  } catch {
    return String(state);
  }
}

/** Runs fn with a fresh generator for `seed`, or the global one when seed is undefined. */
export function withGenerator<T>(seed: number | undefined, fn: (g: Generator) => T): T {
  if (seed === undefined) return fn(defaultGenerator());
  const g = new Generator(seed);
  try {
    return fn(g);
  } finally {
    g.dispose();
  }
}

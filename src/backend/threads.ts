// The thread pool: workers running the same kernels over one shared WebAssembly.Memory.
//
// Work is cut into bands that depend only on the shapes (rows of a product, items of a batch,
// 64K-element chunks of an elementwise pass), never on the thread count, and every band
// computes exactly what the one-thread call computes for those elements; so results are
// bit-for-bit the same for any number of threads. Threads take bands from a shared counter
// (a slow thread on a busy machine just takes fewer). The caller's thread is thread 0 and works
// too; small work never leaves it (see the thresholds in the family files).
//
// Memory: the kernels run on a non-shared memory until the first setNumThreads(n > 1); then
// (once) the module is recompiled with its memory import marked shared, the heap is copied into
// a shared memory and the kernels are re-instantiated on it (instance.ts). Runtimes without
// shared memory or workers (workerd, pages that are not cross-origin isolated) stay at one
// thread, and setNumThreads says why.
//
// The workers and the job protocol: pool_worker.ts.
import { K, kernelModuleBytes, shareMemory, sharedKernelBytes } from './instance.js';
import { alloc, free, heapI32, kernelMemory } from './memory.js';
import { JOB_KERNELS, L, startWorker, takeBands, type JobKernel, type KernelFn, type PoolWorker } from './pool_worker.js';

export type { JobKernel };

interface Pool {
  workers: PoolWorker[];
  ctl: number;
  seq: number;
  /** Whether this thread may block in Atomics.wait (a browser's main thread may not). */
  canWait: boolean;
  /** Whether threads spin between jobs (see spinPays), and when that was last decided. */
  spin: boolean;
  spinCheckedAt: number;
  /** The control block's words and arguments (views of shared memory stay valid when it grows). */
  i32: Int32Array;
  f64: Float64Array;
}

let pool: Pool | null = null;
let fns: KernelFn[] = [];
let scratchPtr = 0;
let scratchBytes = 0;

/** The number of threads kernels run on (1: no pool). */
export function numThreads(): number {
  return pool === null ? 1 : pool.workers.length + 1;
}

/** Why this runtime cannot run a pool, or null if it may. */
function unsupportedReason(): string | null {
  if (typeof SharedArrayBuffer !== 'function') {
    return (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === false
      ? 'this page is not cross-origin isolated, so it has no shared memory (serve it with the headers ' +
        'Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp)'
      : 'this runtime has no SharedArrayBuffer';
  }
  if (kernelModuleBytes() === null) return 'the kernels were initialised from a precompiled module, so they cannot be recompiled for shared memory';
  return null;
}

function stopPool(): void {
  if (pool === null) return;
  Atomics.store(pool.i32, L.SEQ, L.STOP);
  Atomics.notify(pool.i32, L.SEQ);
  for (const w of pool.workers) w.terminate();
  pool = null;
}

let warned = false;

/**
 * Runs the kernels on n threads (the caller's and n - 1 workers over one shared memory) and
 * resolves to the count in use: 1 where the runtime cannot share memory with workers.
 */
export async function setNumThreads(n: number): Promise<number> {
  if (!Number.isInteger(n) || n < 1 || n > 256) {
    throw new RangeError(`setNumThreads: n must be an integer from 1 to 256, got ${String(n)}`);
  }
  if (n === numThreads()) return n;
  stopPool();
  if (n === 1) return 1;
  const reason = unsupportedReason();
  if (reason !== null) return stayAtOne(n, reason);
  try {
    await shareMemory();
    const memory = kernelMemory();
    const ctl = alloc(L.BYTES, true);
    const i32 = new Int32Array(heapI32().buffer, ctl, L.BYTES / 4);
    i32.fill(0);
    i32[L.WORKERS] = n - 1;
    i32[L.SPIN] = 1;
    loadProbe = await loadAverageProbe();
    const bytes = sharedKernelBytes() as Uint8Array;
    const workers = await Promise.all(
      Array.from({ length: n - 1 }, (_, t) => startWorker({ bytes, memory, ctl, thread: t + 1, names: [...JOB_KERNELS], layout: L })),
    );
    fns = JOB_KERNELS.map((name) => (K as unknown as Record<string, KernelFn>)[name]);
    pool = { workers, ctl, seq: 0, canWait: mayWait(i32), spin: true, spinCheckedAt: -Infinity, i32, f64: new Float64Array(i32.buffer, ctl + L.ARGS_BYTE, L.MAX_ARGS) };
    jobs = 0;
    return n;
  } catch (e) {
    stopPool();
    return stayAtOne(n, `starting workers failed: ${(e as Error).message}`);
  }
}

function stayAtOne(n: number, reason: string): number {
  if (!warned) {
    warned = true;
    console.warn(`descent: setNumThreads(${n}): staying at 1 thread: ${reason}`);
  }
  return 1;
}

/** The load average and core count where the runtime reports them freely (Node, Bun), else null. */
let loadProbe: { loadavg(): number[]; cores: number } | null = null;

async function loadAverageProbe(): Promise<typeof loadProbe> {
  // Not in Deno: reading the load average there asks for a permission (a prompt, or a throw).
  const node = (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node;
  if (typeof node !== 'string' || typeof (globalThis as { Deno?: unknown }).Deno !== 'undefined') return null;
  try {
    const specifier = 'node:os';
    const os = (await import(/* @vite-ignore */ specifier)) as { loadavg(): number[]; availableParallelism?(): number; cpus(): unknown[] };
    const cores = os.availableParallelism?.() ?? os.cpus().length;
    os.loadavg();
    return { loadavg: os.loadavg, cores };
  } catch {
    return null;
  }
}

/** How threads wait between jobs: by the load average (spinPays), or, for tests, always spinning first or never. */
let spinPolicy: 'load' | 'always' | 'never' = 'load';

/**
 * Not public API: lets a test run the pool on each of its two ways of waiting (spinning, then
 * sleeping; or sleeping at once), whatever the machine's load. Takes effect at the next job.
 */
export function setSpinPolicy(policy: 'load' | 'always' | 'never'): void {
  spinPolicy = policy;
  if (pool !== null) pool.spinCheckedAt = -Infinity;
}

/**
 * Whether spinning between jobs pays: unless the 1-minute load average shows more runnable
 * threads than cores + 2 (our own count in it: one training at 2 threads on a quiet 2-core
 * machine shows 1.5–2.2). MLP 784 step at 2 threads, separate processes alternated
 * (notes/threads.md): at load 6–9 not spinning is far faster (back-to-back steps 3.54 vs 5.91
 * ms, median of 11 rounds), from load ~4.5 it is faster in medians; at a reading of 3.6 with the
 * machine nearly idle (the average lags) spinning was 8 % faster, as on a quiet machine (a
 * sleeping worker costs a wake-up per job). Where no load average is read (browsers, Deno),
 * threads spin.
 */
function spinPays(): boolean {
  if (spinPolicy !== 'load') return spinPolicy === 'always';
  if (loadProbe === null) return true;
  const load = loadProbe.loadavg()[0];
  return !(load > loadProbe.cores + 2);
}

function mayWait(i32: Int32Array): boolean {
  try {
    Atomics.wait(i32, 0, -12345, 0); // "not-equal" at once where waiting is allowed
    return true;
  } catch {
    return false;
  }
}

/** The kernels re-bound after the memory became shared (instance.ts calls this). */
export function rebindKernels(): void {
  if (pool !== null) fns = JOB_KERNELS.map((name) => (K as unknown as Record<string, KernelFn>)[name]);
}

/** Scratch for `threads` threads, `bytes` each (16-byte aligned); valid until the next job. */
function threadScratch(bytes: number, threads: number): { base: number; stride: number } {
  const stride = Math.ceil(bytes / 64) * 64;
  const need = stride * threads;
  if (need > scratchBytes) {
    const ptr = alloc(need, true);
    if (scratchPtr !== 0) free(scratchPtr);
    scratchPtr = ptr;
    scratchBytes = need;
  }
  return { base: scratchPtr, stride };
}

export interface Job {
  kernel: JobKernel;
  args: number[];
  /** Rows, items or elements to split. */
  total: number;
  /** The number of bands (even shares of `total` in units), or else at most this many per band. */
  bands?: number;
  bandSize?: number;
  /** Band boundaries fall on multiples of this (default: 1 for ranges, 16 for elements). */
  unit?: number;
  kind: 'range' | 'elements';
  /** range: the index of the args' start (end follows); elements: the index of the count. */
  at: number;
  /** elements: which args are pointers that advance with the band. */
  pointers?: number[];
  /** Per-thread scratch: the argument index and bytes per thread. */
  scratch?: { at: number; bytes: number };
}

let jobs = 0;

/** For tests: jobs the pool has run, bands the workers (not the caller) took, since it started; whether threads spin now. */
export function poolActivity(): { jobs: number; workerBands: number; spinning: boolean } {
  if (pool === null) return { jobs, workerBands: 0, spinning: false };
  return { jobs, workerBands: Atomics.load(pool.i32, L.WORKER_BANDS), spinning: Atomics.load(pool.i32, L.SPIN) !== 0 };
}

/** Whether work should go to the pool (more than one thread and at least two bands). */
export function pooled(bands: number): boolean {
  return pool !== null && bands >= 2;
}

/** Runs a job's bands on every thread; returns when all are done. */
export function runJob(job: Job): void {
  const p = pool as Pool;
  const c = p.i32;
  jobs++;
  const unit = job.unit ?? (job.kind === 'range' ? 1 : 16);
  // Never more bands than units (an empty band would have start > end).
  const bands = Math.min(job.bands ?? Math.ceil(job.total / (job.bandSize as number)), Math.ceil(job.total / unit));
  // What may throw (an allocation) comes first: SEQ must not stay BUSY, the workers spin on it.
  const s = job.scratch ? threadScratch(job.scratch.bytes, p.workers.length + 1) : null;
  const now = performance.now();
  if (now - p.spinCheckedAt > 1000) {
    p.spinCheckedAt = now;
    p.spin = spinPays();
    Atomics.store(c, L.SPIN, p.spin ? 1 : 0);
  }
  // No worker may be inside a job while it is rewritten (see the protocol in pool_worker.ts).
  Atomics.store(c, L.SEQ, L.BUSY);
  waitUntil(c, L.ACTIVE, 0, p.canWait, p.spin);
  c[L.FN] = JOB_KERNELS.indexOf(job.kernel);
  c[L.NARGS] = job.args.length;
  c[L.BANDS] = bands;
  c[L.UNIT] = unit;
  c[L.TOTAL] = job.total;
  c[L.KIND] = job.kind === 'range' ? L.KIND_RANGE : L.KIND_ELEMENTS;
  c[L.FIRST] = job.at;
  c[L.COUNT] = job.at;
  let mask = 0;
  for (const i of job.pointers ?? []) mask |= 1 << i;
  c[L.PTR_MASK] = mask;
  c[L.SCRATCH_IDX] = job.scratch === undefined ? -1 : job.scratch.at;
  if (s !== null) {
    c[L.SCRATCH_BASE] = s.base;
    c[L.SCRATCH_STRIDE] = s.stride;
  }
  for (let i = 0; i < job.args.length; i++) p.f64[i] = job.args[i];
  c[L.FAILED] = 0;
  Atomics.store(c, L.NEXT, 0);
  Atomics.store(c, L.DONE, 0);
  p.seq = (p.seq % 0x3fffffff) + 1;
  Atomics.store(c, L.SEQ, p.seq);
  Atomics.notify(c, L.SEQ);
  takeBands(c, p.f64, fns, 0, L);
  waitUntil(c, L.DONE, bands, p.canWait, p.spin);
  if (c[L.FAILED] !== 0) throw jobFailure(job.kernel, c, bands);
}

/** The error of a job whose band failed (pool_worker.ts records the first failure): it names the kernel, band and thread. */
function jobFailure(kernel: JobKernel, c: Int32Array, bands: number): Error {
  let text = '';
  for (let i = 0; i < c[L.FAILED_LENGTH]; i++) text += String.fromCharCode(c[L.MESSAGE + i]);
  const where = c[L.FAILED] === 1 ? "the caller's thread" : `worker thread ${c[L.FAILED] - 1}`;
  const message = `descent: kernel ${kernel} failed in band ${c[L.FAILED_BAND] + 1} of ${bands} (on ${where}): ${text}`;
  return c[L.FAILED_KIND] === 1 ? new WebAssembly.RuntimeError(message) : new Error(message);
}

/** Until i32[index] is `target`: spins for CALLER_SPIN_MS (if `spin`), then sleeps in Atomics.wait where allowed. */
function waitUntil(i32: Int32Array, index: number, target: number, canWait: boolean, spin: boolean): void {
  let t0 = -1;
  let last = 0;
  let sleep = false;
  for (let v = Atomics.load(i32, index); v !== target; v = Atomics.load(i32, index)) {
    if (sleep) {
      Atomics.wait(i32, index, v, 1);
      continue;
    }
    const now = performance.now();
    if (t0 < 0) t0 = now;
    // Spin, but not past the budget, nor once descheduled (a busy machine: sleep, leave the core).
    else sleep = canWait && (!spin || now - t0 > L.CALLER_SPIN_MS || now - last > L.PREEMPTED_MS);
    last = now;
  }
}

/** Elements per band of an elementwise pass or optimizer update, about (bands are multiples of 16: only the last has a tail). */
const ELEMENT_BAND = 65536;

/**
 * Bands of an n-element pass: about ELEMENT_BAND each, their count a multiple of 4, so that 2
 * and 4 threads get equal shares (Adam on 150K parameters: 4 bands of 37.5K, not 3 of 50K of
 * which one thread runs two). Elements are independent, so bands change no bits.
 */
export function elementBands(n: number): number {
  return 4 * Math.ceil(n / (4 * ELEMENT_BAND));
}
/**
 * Below these sizes a pass stays on the caller's thread. Handing a job to the pool and waiting
 * for it costs about 20 µs (an empty two-band job, measured on the 2-core build machine under
 * load); a pass is worth splitting when half of it saves more than that: a binary op moves 12
 * bytes per element at ~50 GB/s in cache (512K elements: ~125 µs), a unary op computes more
 * (exp, tanh: ~1 ns per element), an optimizer update more still (Adam: ~1 ns per parameter).
 */
export const POOL_MIN_ELEMENTS = { binary: 1 << 19, unary: 1 << 18, update: 1 << 17 } as const;

export function pooledElements(n: number, kind: keyof typeof POOL_MIN_ELEMENTS): boolean {
  return pool !== null && n >= POOL_MIN_ELEMENTS[kind];
}

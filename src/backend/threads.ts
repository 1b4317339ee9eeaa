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
// Protocol, in an Int32 control block in the shared memory (layout L below): the caller sets SEQ
// to BUSY, waits until no worker is ACTIVE, writes a job (kernel, arguments, band count and how a
// band maps to arguments), resets the band counters, then sets SEQ to the job's number and wakes
// the workers. A worker enters a job by counting itself in ACTIVE and then checking that SEQ
// still holds the number it saw (sequentially consistent atomics on both sides: either the
// caller sees the worker ACTIVE and waits, or the worker sees BUSY and backs off), so no worker
// reads a job while it is being written, and a worker that slept through a job never holds the
// caller up. Everyone takes bands with Atomics.add on NEXT and counts finished bands in DONE; the
// caller returns when DONE reaches the band count. Bands are even shares of the work in units
// (the product's 5-row micro-tile, 16 elements), so two threads get equal halves of 4 bands.
//
// Waking a sleeping thread costs tens of µs here (more on a virtual machine whose idle vCPU is
// halted), so after a job a worker spins on SEQ for WORKER_SPIN_MS before it sleeps in
// Atomics.wait (the jobs of one training step follow each other closely; an idle pool stops
// using a core within that time), and the caller spins on DONE for CALLER_SPIN_MS before it
// sleeps.
import { K, kernelModuleBytes, shareMemory, sharedKernelBytes } from './instance.js';
import { alloc, heapF64, heapI32, kernelMemory } from './memory.js';

/** Control block layout: Int32 indices, then Float64 arguments from byte 128. */
const L = {
  SEQ: 0, ACTIVE: 1, NEXT: 2, DONE: 3, FN: 4, NARGS: 5, BANDS: 6, UNIT: 7, TOTAL: 8, KIND: 9,
  FIRST: 10, COUNT: 11, SCRATCH_IDX: 12, SCRATCH_BASE: 13, SCRATCH_STRIDE: 14, PTR_MASK: 15, WORKERS: 16, WORKER_BANDS: 17,
  ARGS_BYTE: 128, MAX_ARGS: 16, BYTES: 256,
  /** SEQ while the caller writes a job, and to stop the workers. */
  BUSY: -2, STOP: -1,
  /** How long a worker spins for the next job before it sleeps, and the caller for DONE. */
  WORKER_SPIN_MS: 1, CALLER_SPIN_MS: 2,
  /** A band is rows/items [start, end): args[FIRST] = start, args[FIRST + 1] = end. */
  KIND_RANGE: 0,
  /** A band is elements [start, end): pointer args (PTR_MASK) advance by 4·start, args[COUNT] = end - start. */
  KIND_ELEMENTS: 1,
} as const;

/** The kernels a job may name, by index (the workers get the same list). */
const JOB_KERNELS = [
  'matmulRowsAB', 'matmulRowsATB', 'matmulRowsABT', 'matmulBatchedItems', 'linearRows', 'linearReluRows',
  'addVV', 'subVV', 'mulVV', 'divVV', 'addVS', 'mulVS',
  'unary', 'unaryBackward', 'binary', 'binaryScalarRight', 'binaryScalarLeft',
  'sgdUpdate', 'adamUpdate', 'adagradUpdate', 'rmspropUpdate', 'adadeltaUpdate', 'adamaxUpdate', 'nadamUpdate',
  'radamUpdate', 'lionUpdate', 'rpropUpdate', 'asgdUpdate',
  'maskedSoftmaxForward', 'maskedSoftmaxBackward', 'conv2dForwardImages', 'conv2dInputGradImages', 'conv2dWeightGradColumns',
] as const;
export type JobKernel = (typeof JOB_KERNELS)[number];

type Layout = typeof L;
type KernelFn = (...args: number[]) => unknown;

/**
 * Takes bands of the current job until none is left: the same code on the caller's thread and
 * in every worker (whose source is this function's text, so it refers to nothing outside it).
 */
function takeBands(i32: Int32Array, f64: Float64Array, fns: KernelFn[], thread: number, l: Layout): void {
  const bands = i32[l.BANDS];
  const unit = i32[l.UNIT];
  const total = i32[l.TOTAL];
  // Even shares in units, the first (units % bands) bands one unit more (the larger go first).
  const units = Math.ceil(total / unit);
  const each = Math.floor(units / bands);
  const more = units - each * bands;
  const n = i32[l.NARGS];
  const fn = fns[i32[l.FN]];
  const args: number[] = [];
  for (let i = 0; i < n; i++) args.push(f64[i]);
  if (i32[l.SCRATCH_IDX] >= 0) args[i32[l.SCRATCH_IDX]] = i32[l.SCRATCH_BASE] + thread * i32[l.SCRATCH_STRIDE];
  const base = args.slice();
  const mask = i32[l.PTR_MASK];
  const ranges = i32[l.KIND] === l.KIND_RANGE;
  for (;;) {
    const band = Atomics.add(i32, l.NEXT, 1);
    if (band >= bands) return;
    const start = unit * (band * each + Math.min(band, more));
    const end = Math.min(total, start + unit * (band < more ? each + 1 : each));
    if (ranges) {
      args[i32[l.FIRST]] = start;
      args[i32[l.FIRST] + 1] = end;
    } else {
      for (let i = 0; i < n; i++) if ((mask >> i) & 1 && base[i] !== 0) args[i] = base[i] + 4 * start;
      args[i32[l.COUNT]] = end - start;
    }
    fn(...args);
    if (thread !== 0) Atomics.add(i32, l.WORKER_BANDS, 1);
    if (Atomics.add(i32, l.DONE, 1) + 1 === bands) Atomics.notify(i32, l.DONE);
  }
}

/** A worker's life: instantiate the kernels on the shared memory, then serve jobs until SEQ < 0. */
function workerMain(port: { postMessage(m: unknown): void }, data: { bytes: Uint8Array; memory: WebAssembly.Memory; ctl: number; thread: number; names: string[]; layout: Layout }): void {
  const l = data.layout;
  const module = new WebAssembly.Module(data.bytes as Uint8Array<ArrayBuffer>);
  const instance = new WebAssembly.Instance(module, {
    env: { memory: data.memory, abort: () => { throw new Error('descent: kernel aborted in a worker'); } },
  });
  const exports = instance.exports as Record<string, KernelFn>;
  const fns = data.names.map((name) => exports[name]);
  const i32 = new Int32Array(data.memory.buffer, data.ctl, l.BYTES / 4);
  const f64 = new Float64Array(data.memory.buffer, data.ctl + l.ARGS_BYTE, l.MAX_ARGS);
  // takeBands is put on the worker's global object by its source (workerSource).
  const take = (globalThis as unknown as { takeBands: typeof takeBands }).takeBands;
  port.postMessage('ready');
  let seen = 0;
  let idleSince = performance.now();
  for (;;) {
    const seq = Atomics.load(i32, l.SEQ);
    if (seq === l.STOP) return;
    if (seq === seen || seq === l.BUSY) {
      // Spin for the next job a while after the last one; then sleep until SEQ changes.
      if (seq === l.BUSY || performance.now() - idleSince < l.WORKER_SPIN_MS) continue;
      Atomics.wait(i32, l.SEQ, seq);
      idleSince = performance.now();
      continue;
    }
    Atomics.add(i32, l.ACTIVE, 1);
    if (Atomics.load(i32, l.SEQ) === seq) {
      take(i32, f64, fns, data.thread, l);
      seen = seq;
    }
    if (Atomics.sub(i32, l.ACTIVE, 1) === 1) Atomics.notify(i32, l.ACTIVE);
    idleSince = performance.now();
  }
}

interface PoolWorker {
  terminate(): unknown;
}

interface Pool {
  workers: PoolWorker[];
  ctl: number;
  seq: number;
  /** Whether this thread may block in Atomics.wait (a browser's main thread may not). */
  canWait: boolean;
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

const isNode = typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string' &&
  typeof (globalThis as { Deno?: unknown }).Deno === 'undefined' && typeof (globalThis as { Bun?: unknown }).Bun === 'undefined';

// A bundler that keeps function names (esbuild's keepNames, as dist/descent.min.js is built)
// wraps named inner functions in a helper of its own, which the stringified worker functions
// below then call: find that helper's name from a probe and give the worker a stand-in.
function nameHelperProbe(): () => number {
  const named = () => 0;
  return named;
}
const NAME_HELPER = /([A-Za-z_$][\w$]*)\(\s*\(\)\s*=>\s*0\s*,\s*["']named["']\s*\)/.exec(nameHelperProbe.toString())?.[1] ?? null;

function workerSource(node: boolean): string {
  // As expressions, so that the names hold whatever a minifier called the functions.
  const helper = NAME_HELPER === null ? '' : `const ${NAME_HELPER} = (f) => f;\n`;
  const body = `${helper}globalThis.takeBands = ${takeBands.toString()};\nconst workerMain = ${workerMain.toString()};\n`;
  return node
    ? `${body}const { parentPort, workerData } = require('node:worker_threads');\nworkerMain(parentPort, workerData);\n`
    : `${body}self.onmessage = (e) => { self.onmessage = null; workerMain(self, e.data); };\n`;
}

/** Starts one worker and resolves when its kernels are instantiated. */
async function startWorker(data: object): Promise<PoolWorker> {
  if (isNode) {
    const specifier = 'node:worker_threads';
    type NodeWorker = PoolWorker & { unref(): void; once(event: string, fn: (e?: unknown) => void): void };
    const { Worker } = (await import(/* @vite-ignore */ specifier)) as { Worker: new (source: string, options: object) => NodeWorker };
    const worker = new Worker(workerSource(true), { eval: true, workerData: data });
    worker.unref();
    await new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
    });
    return worker;
  }
  const WorkerClass = (globalThis as unknown as { Worker?: new (url: string, options: object) => Worker }).Worker;
  if (WorkerClass === undefined) throw new Error('this runtime has no workers');
  const url = URL.createObjectURL(new Blob([workerSource(false)], { type: 'text/javascript' }));
  const worker = new WorkerClass(url, { type: 'module' });
  try {
    await new Promise<void>((resolve, reject) => {
      worker.onmessage = () => resolve();
      worker.onerror = (e: ErrorEvent) => { e.preventDefault?.(); reject(new Error(e.message || 'the worker failed to start')); };
      worker.postMessage(data);
    });
  } finally {
    URL.revokeObjectURL(url);
  }
  return worker;
}

function stopPool(): void {
  if (pool === null) return;
  const i32 = heapI32();
  const base = pool.ctl >>> 2;
  Atomics.store(i32, base + L.SEQ, L.STOP);
  Atomics.notify(i32, base + L.SEQ);
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
    const i32 = heapI32();
    const base = ctl >>> 2;
    i32.fill(0, base, base + L.BYTES / 4);
    i32[base + L.WORKERS] = n - 1;
    const bytes = sharedKernelBytes() as Uint8Array;
    const workers = await Promise.all(
      Array.from({ length: n - 1 }, (_, t) => startWorker({ bytes, memory, ctl, thread: t + 1, names: [...JOB_KERNELS], layout: L })),
    );
    fns = JOB_KERNELS.map((name) => (K as unknown as Record<string, KernelFn>)[name]);
    pool = { workers, ctl, seq: 0, canWait: mayWait(i32) };
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
    scratchPtr = alloc(need, true);
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

/** For tests: jobs the pool has run, and bands the workers (not the caller) took, since it started. */
export function poolActivity(): { jobs: number; workerBands: number } {
  return { jobs, workerBands: pool === null ? 0 : Atomics.load(heapI32(), (pool.ctl >>> 2) + L.WORKER_BANDS) };
}

/** Whether work should go to the pool (more than one thread and at least two bands). */
export function pooled(bands: number): boolean {
  return pool !== null && bands >= 2;
}

/** Runs a job's bands on every thread; returns when all are done. */
export function runJob(job: Job): void {
  const p = pool as Pool;
  jobs++;
  const i32 = heapI32();
  const base = p.ctl >>> 2;
  // No worker may be inside a job while it is rewritten (see the protocol above).
  Atomics.store(i32, base + L.SEQ, L.BUSY);
  waitUntil(i32, base + L.ACTIVE, 0, p.canWait);
  const bands = job.bands ?? Math.ceil(job.total / (job.bandSize as number));
  i32[base + L.FN] = JOB_KERNELS.indexOf(job.kernel);
  i32[base + L.NARGS] = job.args.length;
  i32[base + L.BANDS] = bands;
  i32[base + L.UNIT] = job.unit ?? (job.kind === 'range' ? 1 : 16);
  i32[base + L.TOTAL] = job.total;
  i32[base + L.KIND] = job.kind === 'range' ? L.KIND_RANGE : L.KIND_ELEMENTS;
  i32[base + L.FIRST] = job.at;
  i32[base + L.COUNT] = job.at;
  let mask = 0;
  for (const i of job.pointers ?? []) mask |= 1 << i;
  i32[base + L.PTR_MASK] = mask;
  if (job.scratch) {
    const s = threadScratch(job.scratch.bytes, p.workers.length + 1);
    i32[base + L.SCRATCH_IDX] = job.scratch.at;
    i32[base + L.SCRATCH_BASE] = s.base;
    i32[base + L.SCRATCH_STRIDE] = s.stride;
  } else {
    i32[base + L.SCRATCH_IDX] = -1;
  }
  const f64 = heapF64();
  const argBase = (p.ctl + L.ARGS_BYTE) >>> 3;
  for (let i = 0; i < job.args.length; i++) f64[argBase + i] = job.args[i];
  Atomics.store(i32, base + L.NEXT, 0);
  Atomics.store(i32, base + L.DONE, 0);
  p.seq = (p.seq % 0x3fffffff) + 1;
  Atomics.store(i32, base + L.SEQ, p.seq);
  Atomics.notify(i32, base + L.SEQ);
  const ctlI32 = new Int32Array(i32.buffer, p.ctl, L.BYTES / 4);
  takeBands(ctlI32, new Float64Array(f64.buffer, p.ctl + L.ARGS_BYTE, L.MAX_ARGS), fns, 0, L);
  waitUntil(i32, base + L.DONE, bands, p.canWait);
}

/** Until i32[index] is `target`: spins for CALLER_SPIN_MS, then sleeps in Atomics.wait where allowed. */
function waitUntil(i32: Int32Array, index: number, target: number, canWait: boolean): void {
  let t0 = -1;
  for (let v = Atomics.load(i32, index); v !== target; v = Atomics.load(i32, index)) {
    if (t0 < 0) t0 = performance.now();
    else if (canWait && performance.now() - t0 > L.CALLER_SPIN_MS) Atomics.wait(i32, index, v, 1);
  }
}

/** Elements per band of an elementwise pass or optimizer update (a multiple of 16: only the last band has a tail). */
export const ELEMENT_BAND = 65536;
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

// The thread pool's workers and the protocol they share with the caller (threads.ts runs the pool).
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
// sleeps. A spinning thread that sees the clock jump (it was descheduled: the machine is busy)
// sleeps at once instead: on a loaded machine a spinning worker takes the core the caller needs.
// Neither spins while SPIN is 0: the caller clears it when the machine's load average says the
// machine is busy (threads.ts), where spinning measured clearly worse (a process's threads share one
// scheduling group, so a spinning thread slows the one doing the work).
//
// A band that throws (a kernel that traps, or aborts in the debug build) does not end the thread
// that ran it: the first failure of a job is recorded in the control block (FAILED: the thread + 1,
// its band, the error's kind and message), the job's remaining bands are skipped but still counted
// in DONE, and the caller throws once every band is accounted for. So the caller never waits for
// a band that will not come, no worker is left inside a job, and the pool stays usable.

/** Control block layout: Int32 indices, then Float64 arguments from byte 128. */
export const L = {
  SEQ: 0, ACTIVE: 1, NEXT: 2, DONE: 3, FN: 4, NARGS: 5, BANDS: 6, UNIT: 7, TOTAL: 8, KIND: 9,
  FIRST: 10, COUNT: 11, SCRATCH_IDX: 12, SCRATCH_BASE: 13, SCRATCH_STRIDE: 14, PTR_MASK: 15, WORKERS: 16, WORKER_BANDS: 17,
  /** A failed band: FAILED = its thread + 1 (0: none), FAILED_BAND, FAILED_KIND (1: a Wasm trap), the message's length. */
  FAILED: 18, FAILED_BAND: 19, FAILED_KIND: 20, FAILED_LENGTH: 21,
  /** 1 while threads may spin between jobs, 0 on a loaded machine. */
  SPIN: 22,
  ARGS_BYTE: 128, MAX_ARGS: 16,
  /** The failure's message, one UTF-16 code unit per Int32 from this index, at most MESSAGE_MAX. */
  MESSAGE: 64, MESSAGE_MAX: 128, BYTES: 768,
  /** SEQ while the caller writes a job, and to stop the workers. */
  BUSY: -2, STOP: -1,
  /** How long a worker spins for the next job before it sleeps, and the caller for DONE. */
  WORKER_SPIN_MS: 1, CALLER_SPIN_MS: 2,
  /** A spinning thread that finds this long between two looks at the clock was descheduled: it sleeps instead. */
  PREEMPTED_MS: 0.05,
  /** A band is rows/items [start, end): args[FIRST] = start, args[FIRST + 1] = end. */
  KIND_RANGE: 0,
  /** A band is elements [start, end): pointer args (PTR_MASK) advance by 4·start, args[COUNT] = end - start. */
  KIND_ELEMENTS: 1,
} as const;

/** The kernels a job may name, by index (the workers get the same list). */
export const JOB_KERNELS = [
  'matmulRowsAB', 'matmulRowsATB', 'matmulRowsABT', 'matmulBatchedItems', 'linearRows', 'linearReluRows',
  'addVV', 'subVV', 'mulVV', 'divVV', 'addVS', 'mulVS',
  'unary', 'unaryBackward', 'binary', 'binaryScalarRight', 'binaryScalarLeft',
  'sgdUpdate', 'adamUpdate', 'adagradUpdate', 'rmspropUpdate', 'adadeltaUpdate', 'adamaxUpdate', 'nadamUpdate',
  'radamUpdate', 'lionUpdate', 'rpropUpdate', 'asgdUpdate',
  'maskedSoftmaxForward', 'maskedSoftmaxBackward', 'conv2dForwardImages', 'conv2dInputGradImages', 'conv2dWeightGradColumns',
  'matmulPackB', 'matmulRowsPackedB', 'linearRowsPackedW',
] as const;
export type JobKernel = (typeof JOB_KERNELS)[number];

type Layout = typeof L;
export type KernelFn = (...args: number[]) => unknown;

/**
 * Takes bands of the current job until none is left: the same code on the caller's thread and
 * in every worker (whose source is this function's text, so it refers to nothing outside it).
 */
export function takeBands(i32: Int32Array, f64: Float64Array, fns: KernelFn[], thread: number, l: Layout): void {
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
    // After a failure the job's remaining bands are skipped (but counted done).
    if (Atomics.load(i32, l.FAILED) === 0) {
      try {
        fn(...args);
      } catch (e) {
        // The first failure of the job is kept; its words are written before DONE counts the band.
        if (Atomics.compareExchange(i32, l.FAILED, 0, thread + 1) === 0) {
          const text = String(e instanceof Error ? e.message : e).slice(0, l.MESSAGE_MAX);
          for (let i = 0; i < text.length; i++) i32[l.MESSAGE + i] = text.charCodeAt(i);
          i32[l.FAILED_LENGTH] = text.length;
          i32[l.FAILED_BAND] = band;
          i32[l.FAILED_KIND] = e instanceof WebAssembly.RuntimeError ? 1 : 0;
        }
      }
      if (thread !== 0) Atomics.add(i32, l.WORKER_BANDS, 1);
    }
    if (Atomics.add(i32, l.DONE, 1) + 1 === bands) Atomics.notify(i32, l.DONE);
  }
}

/** A worker's life: instantiate the kernels on the shared memory, then serve jobs until SEQ < 0. */
function workerMain(port: { postMessage(m: unknown): void }, data: { bytes: Uint8Array; memory: WebAssembly.Memory; ctl: number; thread: number; names: string[]; layout: Layout }): void {
  const l = data.layout;
  const module = new WebAssembly.Module(data.bytes as Uint8Array<ArrayBuffer>);
  const instance = new WebAssembly.Instance(module, {
    env: {
      memory: data.memory,
      // As instance.ts reads an abort (the debug build's asserts): AssemblyScript strings are UTF-16, their byte length before them.
      abort: (message: number, file: number, line: number, column: number) => {
        const text = (ptr: number) => ptr === 0 ? '?' : String.fromCharCode(...new Uint16Array(data.memory.buffer, ptr, new Uint32Array(data.memory.buffer, ptr - 4, 1)[0] >>> 1));
        throw new Error(`descent: kernel aborted: ${text(message)} (${text(file)}:${line}:${column})`);
      },
    },
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
  let last = idleSince;
  for (;;) {
    const seq = Atomics.load(i32, l.SEQ);
    if (seq === l.STOP) return;
    if (seq === seen || seq === l.BUSY) {
      // Spin for the next job a while after the last one, unless this thread was just descheduled
      // (the machine is busy: spinning would take a core from the caller); then sleep.
      const now = performance.now();
      const preempted = now - last > l.PREEMPTED_MS;
      last = now;
      if (!preempted && (seq === l.BUSY || (i32[l.SPIN] !== 0 && now - idleSince < l.WORKER_SPIN_MS))) continue;
      Atomics.wait(i32, l.SEQ, seq);
      idleSince = last = performance.now();
      continue;
    }
    Atomics.add(i32, l.ACTIVE, 1);
    if (Atomics.load(i32, l.SEQ) === seq) {
      take(i32, f64, fns, data.thread, l);
      seen = seq;
    }
    if (Atomics.sub(i32, l.ACTIVE, 1) === 1) Atomics.notify(i32, l.ACTIVE);
    idleSince = last = performance.now();
  }
}

export interface PoolWorker {
  terminate(): unknown;
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
export async function startWorker(data: object): Promise<PoolWorker> {
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

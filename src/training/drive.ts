// Two ways to drive a training run (a generator that yields at batch boundaries): straight
// through (d.fit), or giving the event loop a turn whenever yieldEveryMs of training has passed
// (d.fitAsync), stopping at the next batch boundary once an AbortSignal fires. Both run the same
// steps in the same order, so they give the same bits.
import { describe } from '../ops/util.js';
import { clock } from './progress.js';

/** What a run yields at a boundary; the history so far is attached to an AbortError. */
interface Boundary {
  epoch: number;
  batch: number;
  history?: unknown;
}

export interface AsyncControl {
  signal?: AbortSignal;
  yieldEveryMs?: number;
}

/** Runs a generator to its end, synchronously. */
export function runToEnd<T>(run: Generator<unknown, T, void>): T {
  for (;;) {
    const r = run.next();
    if (r.done === true) return r.value;
  }
}

/** Checks fitAsync's own options (signal, yieldEveryMs); returns yieldEveryMs. */
export function checkAsyncControl(control: AsyncControl, where: string): number {
  const { signal, yieldEveryMs = 16 } = control;
  if (signal !== undefined && !isAbortSignal(signal)) throw new TypeError(`${where}: signal must be an AbortSignal, got ${describe(signal)}`);
  if (typeof yieldEveryMs !== 'number' || !Number.isFinite(yieldEveryMs) || yieldEveryMs < 0) {
    throw new RangeError(`${where}: yieldEveryMs must be a finite number ≥ 0, got ${describe(yieldEveryMs)}`);
  }
  return yieldEveryMs;
}

function isAbortSignal(v: unknown): v is AbortSignal {
  if (typeof AbortSignal === 'function' && v instanceof AbortSignal) return true;
  // A signal from another realm (a polyfill, a framework) has the same shape.
  return v !== null && typeof v === 'object' && typeof (v as AbortSignal).aborted === 'boolean' && typeof (v as AbortSignal).addEventListener === 'function';
}

/**
 * The options object with fitAsync's own keys taken out. Unknown keys were refused by the
 * caller's declaration (src/signature.ts: d.fitAsync in api.ts, estimators' fitAsync).
 */
export function splitAsyncOptions<O extends object>(options: O & AsyncControl, where: string): { rest: O; control: AsyncControl } {
  if (options === null || typeof options !== 'object') throw new TypeError(`${where}: options must be an object, got ${describe(options)}`);
  const { signal, yieldEveryMs, ...rest } = options;
  return { rest: rest as unknown as O, control: { signal, yieldEveryMs } };
}

/** An AbortError (a DOMException named 'AbortError', as fetch rejects with). */
export function abortError(message: string): Error {
  if (typeof DOMException === 'function') return new DOMException(message, 'AbortError') as unknown as Error;
  const e = new Error(message);
  e.name = 'AbortError';
  return e;
}

/**
 * A macrotask turn: setImmediate where it exists (Node, Bun, Deno), else a MessageChannel message
 * (pages, workers: not clamped like nested setTimeouts), else setTimeout(0) (workerd). Timers and
 * rendering run between macrotasks; microtasks alone would starve them.
 */
function macrotasks(): { next(): Promise<void>; close(): void } {
  const g = globalThis as { setImmediate?: (f: () => void) => unknown; MessageChannel?: typeof MessageChannel };
  if (typeof g.setImmediate === 'function') {
    const setImmediate = g.setImmediate;
    return { next: () => new Promise<void>((resolve) => setImmediate(resolve)), close() {} };
  }
  if (typeof g.MessageChannel === 'function') {
    const channel = new g.MessageChannel();
    let waiting: (() => void) | null = null;
    channel.port1.onmessage = () => {
      const resolve = waiting;
      waiting = null;
      resolve?.();
    };
    return {
      next: () => new Promise<void>((resolve) => {
        waiting = resolve;
        channel.port2.postMessage(null);
      }),
      close() {
        channel.port1.onmessage = null;
        channel.port1.close();
        channel.port2.close();
      },
    };
  }
  return { next: () => new Promise<void>((resolve) => setTimeout(resolve, 0)), close() {} };
}

/**
 * Runs a generator to its end, giving the event loop a macrotask turn whenever yieldEveryMs
 * has passed since the last one. When `signal` fires, the run is closed at the next boundary
 * (its finally blocks free what it holds) and the promise rejects with an AbortError carrying
 * the history so far; the model keeps the weights of the last completed step.
 */
export async function runAsync<T>(run: Generator<Boundary, T, void>, control: AsyncControl, where: string): Promise<T> {
  const yieldEveryMs = checkAsyncControl(control, where);
  const signal = control.signal;
  const turns = macrotasks();
  let finished = false;
  let last: Boundary | null = null;
  try {
    let lastTurn = clock();
    for (;;) {
      if (signal?.aborted === true) {
        const at = last === null ? 'before training started' : `at epoch ${last.epoch}, batch ${last.batch}`;
        const error = abortError(`${where}: aborted ${at}; the model keeps the weights of the last completed step`);
        (error as { history?: unknown }).history = last?.history;
        (error as { reason?: unknown }).reason = signal.reason;
        throw error;
      }
      const r = run.next();
      if (r.done === true) {
        finished = true;
        return r.value;
      }
      last = r.value;
      if (clock() - lastTurn >= yieldEveryMs) {
        await turns.next();
        lastTurn = clock();
      }
    }
  } finally {
    turns.close();
    if (!finished) run.return(undefined as T);
  }
}

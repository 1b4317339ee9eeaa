// How a tensor's memory is freed: by dispose() (or the tidy scope it was made in), or, for a
// tensor the program dropped without either, by a FinalizationRegistry where the runtime has one.
// Also the count of live tensors (d.memory().tensors).
//
// A tensor owns its block alone until something views the same bytes (reshape, detach); only
// then is a Storage made, counting the tensors that share the block. So a tensor is one object,
// and the Storage exists only for shared bytes.
import { freeBlock } from '../backend/index.js';

/** The block shared by tensors that view the same bytes (reshape, detach), with their count. */
export class Storage {
  refs = 1;
  /** torch's version counter, bumped by every in-place change, so a graph that saved the bytes can tell. */
  version = 0;
  constructor(
    readonly block: number,
    readonly length: number,
  ) {}
}

let liveTensors = 0;

export function liveTensorCount(): number {
  return liveTensors;
}

/** Counts a tensor made. */
export function madeTensor(): void {
  liveTensors++;
}

/**
 * Frees a dropped tensor's hold on its bytes: `held` is its block's pointer when it owned the
 * block alone (0 for an empty tensor: nothing to free), or the Storage it shared.
 */
export function releaseBytes(held: number | Storage): void {
  liveTensors--;
  if (typeof held === 'number') {
    if (held !== 0) freeBlock(held);
    return;
  }
  held.refs--;
  if (held.refs === 0 && held.length > 0) freeBlock(held.block);
}

/** What registers a tensor with the finalizer (Tensor.registerForFinalization). */
export interface Registrable {
  registerForFinalization(): void;
}

/** The registry freeing dropped tensors' bytes; null where the runtime lacks one. */
export const finalizer: FinalizationRegistry<number | Storage> | null =
  typeof FinalizationRegistry === 'function' ? new FinalizationRegistry<number | Storage>(releaseBytes) : null;

// Registering costs about as much as a whole small op, and most tensors are disposed (by tidy
// or dispose) soon after they are made. So registration is deferred: new tensors wait in
// `unregistered` and are registered in batches, when the list grows long and in a microtask
// after the current synchronous run. A tensor disposed while it waits empties its slot
// (forgetPending), so the list never keeps a dead tensor alive: a tight synchronous loop would
// otherwise hold up to a batch of them past the young generation's collections.
const unregistered: (Registrable | null)[] = [];
const REGISTER_BATCH = 1024;
let registrationQueued = false;
const settled = Promise.resolve();

/** Queues t for registration; returns its slot for forgetPending, or -1 if it was registered at once. */
export function deferRegistration(t: Registrable): number {
  const slot = unregistered.length;
  unregistered.push(t);
  if (unregistered.length >= REGISTER_BATCH) {
    registerPending();
    return -1;
  }
  if (!registrationQueued) {
    // One microtask per synchronous run, as a reaction to a settled promise: Node's
    // queueMicrotask makes an AsyncResource per call (~1 µs, and ~0.1 ms of compiling its
    // internals at the first call, which is part of every program's first result).
    registrationQueued = true;
    void settled.then(registerQueued);
  }
  return slot;
}

function registerQueued(): void {
  registrationQueued = false;
  registerPending();
}

/** Drops a queued tensor that was disposed before its registration. */
export function forgetPending(slot: number): void {
  unregistered[slot] = null;
}

function registerPending(): void {
  for (let i = 0; i < unregistered.length; i++) unregistered[i]?.registerForFinalization();
  unregistered.length = 0;
}

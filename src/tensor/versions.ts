// torch's version counter for in-place changes (src/ops/inplace.ts bumps it, autograd.ts reads it).
import type { Tensor } from '../tensor.js';

// Every in-place change of a tensor's bytes bumps their version (tensors viewing the same bytes
// share it); autograd stores the versions an op saw and refuses a backward after a change. Kept
// aside (by the bytes' identity) so a tensor never changed in place costs nothing.
const versions = new WeakMap<object, number>();
let changedInPlace = false;

/** Marks t's bytes changed in place. */
export function bumpVersion(t: Tensor): void {
  const id = t.bytesIdentity;
  if (id === null) return;
  changedInPlace = true;
  versions.set(id, (versions.get(id) ?? 0) + 1);
}

/** The version of t's bytes: 0 until changed in place. */
export function versionOf(t: Tensor): number {
  if (!changedInPlace) return 0;
  const id = t.bytesIdentity;
  return id === null ? 0 : versions.get(id) ?? 0;
}

/** Whether any tensor was ever changed in place (before that, every version is 0). */
export function anyChangedInPlace(): boolean {
  return changedInPlace;
}

// A tensor's bytes become shared (a view is made): their version moves to the shared identity.
export function moveVersion(from: object, to: object): void {
  if (!changedInPlace) return;
  const v = versions.get(from);
  if (v !== undefined) versions.set(to, v);
}


// The last n % 4 elements of an update go through the same f32x4 code as the rest: they are
// staged into zero-padded 16-byte slots here, updated there, and copied back. So every
// optimizer's maths is written once (as a vector step) and the tail agrees with the body bit
// for bit. The slots are static data, not an allocation.

const SLOTS: i32 = 6;
const TAIL: usize = memory.data(16 * SLOTS, 16);

/** The address of staging slot k (0..5), holding count floats from src and zeros after. */
// @ts-ignore: decorator
@inline export function stageIn(k: i32, src: usize, count: i32): usize {
  const slot = TAIL + (<usize>k << 4);
  v128.store(slot, f32x4.splat(0));
  if (src != 0) memory.copy(slot, src, <usize>count << 2);
  return slot;
}

/** Copies count floats of staging slot k back to dst. */
// @ts-ignore: decorator
@inline export function stageOut(k: i32, dst: usize, count: i32): void {
  if (dst != 0) memory.copy(dst, TAIL + (<usize>k << 4), <usize>count << 2);
}

/** Hyperparameter k of an f32 table, splatted to four lanes (read once per call, not per element). */
// @ts-ignore: decorator
@inline export function hyperAt(hyper: usize, k: i32): v128 {
  return f32x4.splat(load<f32>(hyper + (<usize>k << 2)));
}

// Transcendentals for the tuners' float64 bookkeeping, computed by descent's Wasm kernels
// (float32), as the engine's rules require: no Math.exp/log on numeric paths.
import { tidy, fromFloat32 } from '../tensor.js';
import { exp, log } from '../ops/unary.js';

/** exp of every value (float32 kernel, widened back to float64). */
export function expAll(values: ArrayLike<number>): Float64Array {
  if (values.length === 0) return new Float64Array(0);
  return Float64Array.from(tidy(() => exp(fromFloat32(values, [values.length])).toFloat32Array()));
}

/** Natural log of every value (float32 kernel, widened back to float64). */
export function logAll(values: ArrayLike<number>): Float64Array {
  if (values.length === 0) return new Float64Array(0);
  return Float64Array.from(tidy(() => log(fromFloat32(values, [values.length])).toFloat32Array()));
}

export function expOf(v: number): number {
  return expAll([v])[0];
}

export function logOf(v: number): number {
  return logAll([v])[0];
}

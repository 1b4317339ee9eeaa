// Transcendentals of our own, in float32: each as an @inline scalar function and an @inline
// f32x4 version that runs all four lanes with SIMD ops. The scalar and vector versions perform
// the same IEEE operations in the same order, so a value gives the same bits in a SIMD lane and
// in a scalar tail. No FMA and no relaxed SIMD: results are bit-identical on every runtime.
//
// Polynomial coefficients come from tools/reference/minimax.py (Remez exchange, coefficients
// rounded to float32 one at a time with the rest refitted). Measured errors: docs/ACCURACY.md.
// Denormal inputs and outputs are handled (gradual underflow), not flushed.
//
// One family per file: exp_log.ts, activations.ts (tanh, sigmoid, softplus, sign), erf.ts (erf, the
// normal CDF, gelu), pow.ts; simd.ts holds the broadcast-constant helpers they share.
export { exp32, exp32x4, log32, log32x4, log1pUnit, log1pUnitx4 } from './exp_log';
export { tanh32, tanh32x4, sigmoid32, sigmoid32x4, softplus32, softplus32x4, sign32, sign32x4 } from './activations';
export { erf32, erf32x4, gelu32, gelu32x4, geluGrad32, geluGrad32x4, erfGrad32, erfGrad32x4 } from './erf';
export { pow32, pow32x4 } from './pow';
export { expm1_32, expm1_32x4, log1p32, log1p32x4 } from './exp_log';

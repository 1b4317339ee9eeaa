// The ops, as plain functions (d.add(a, b), d.matmul(a, b)…). Tensor's methods (x.add(y))
// are defined once, in ops/methods.ts, on top of these.
export * from './elementwise.js';
export * from './unary.js';
export * from './trig.js';
export * from './reduce.js';
export * from './shape.js';
export * from './linalg.js';
export * from './create.js';
export { unsqueeze, squeeze, view } from './dims.js';
export { ne, logicalNot, logicalAnd, logicalOr, logicalXor, isnan, isfinite, any, all, argmin, std } from './logic.js';
export type { VarianceOptions } from './logic.js';
export * from './pointwise.js';
export * from './cumulative.js';
export * from './vector_norm.js';
export * from './pieces.js';
export * from './sorting.js';

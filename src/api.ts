// The public surface of descent, without initialisation: index.ts (embedded kernels) and
// workerd.ts (a precompiled module) both re-export this.
import { engineMemory } from './backend/index.js';
import { liveTensorCount } from './tensor.js';

export * from './ops/index.js';
// Tensor, with its op methods (x.add(y)) defined in ops/methods.ts.
export { Tensor } from './ops/methods.js';
export { tidy, keep } from './tensor.js';
export type { NestedArray, TensorLike } from './tensor.js';
export { noGrad, enableGrad, grad, valueAndGrad } from './autograd.js';
export { hessian, hvp } from './hessian.js';
export * as autograd from './autograd_api.js';
export { manualSeed, Generator } from './random.js';
export { anomalyMode, AnomalyError } from './anomaly.js';
export { save, load } from './io/checkpoint.js';
export * as io from './io/index.js';

/** Live tensors, the bytes allocated for tensors and optimizer state, and the Wasm memory's size. */
export function memory(): { tensors: number; bytes: number; wasmBytes: number } {
  const m = engineMemory();
  return { tensors: liveTensorCount(), bytes: m.bytes, wasmBytes: m.wasmBytes };
}

export * as nn from './nn/index.js';
export * as data from './data/index.js';
export { fit, fitAsync } from './fit.js';
export { setNumThreads, numThreads } from './backend/index.js';
export type { FitOptions, FitAsyncOptions, History, EpochLogs, EarlyStopping, TrainingProgress } from './fit.js';
export * as metrics from './metrics.js';
export * as models from './models/index.js';
export * as optimize from './optimize/index.js';
export * as tune from './tune/index.js';
export * as optim from './optim/index.js';
